"""Files and folders: news-please JSON (one object per file, or JSON lines) and HTML pages.

Each function is a generator of Article or Reject records, so one bad file never stops a batch.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from ..errors import InputError, StorydeskError
from ..model import Article, Reject
from .extract import detect_language, extract_html
from .local import MAX_FILE_BYTES, open_maybe_gzip, read_local
from .normalize import article_id, canonical_url, content_hash, domain_of, iso_date, now_iso, outlet_of
from .records import jsonl_records, list_field, loads, text_field, to_record

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
KNOWN_SUFFIXES = HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES

Record = Article | Reject


def file_suffix(path: str | Path) -> str:
    """The suffix that says what a file holds, under an optional ``.gz`` (``a.jsonl.gz`` -> ``.jsonl``)."""
    name = Path(path).name.lower()
    return Path(name.removesuffix(".gz")).suffix


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path | Reject]:
    """Files under the given paths (folders walked in sorted order); unreadable paths become rejects."""
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            yield Reject("ingest", str(path), "no such file or folder")
        elif path.is_dir():
            yield from _walk(path)
        else:
            yield path


def _walk(folder: Path) -> Iterator[Path | Reject]:
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield Reject("ingest", str(folder), f"folder is not readable ({exc.strerror or exc})")
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path))
        elif file_suffix(entry.name) in KNOWN_SUFFIXES:
            try:
                regular = entry.is_file()
            except OSError:
                regular = False
            if regular:
                yield Path(entry.path)
            else:
                yield Reject("ingest", entry.path, "not a regular file (a FIFO, socket, device or broken link)")


def read_paths(paths: Iterable[str | Path], *, min_chars: int = 200) -> Iterator[Record]:
    """Articles from files and folders of news-please JSON, JSON lines and HTML."""
    for item in expand_paths(paths):
        if isinstance(item, Reject):
            yield item
        else:
            yield from read_file(item, min_chars=min_chars)


def read_file(path: Path, *, min_chars: int = 200, cap: int = MAX_FILE_BYTES) -> Iterator[Record]:
    """Records of one file; anything wrong with the file is one Reject naming it."""
    suffix = file_suffix(path)
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl_file(path, min_chars=min_chars)
        return
    try:
        data = read_local(path, cap)
    except StorydeskError as exc:
        yield Reject("ingest", exc.input, exc.reason)
        return
    except OSError as exc:
        yield Reject("ingest", str(path), f"cannot read the file: {exc.strerror or exc}")
        return
    try:
        if suffix in HTML_SUFFIXES:
            yield extract_html(data, source=str(path), min_chars=min_chars)
        elif suffix in JSON_SUFFIXES:
            yield from read_json(data, str(path), min_chars=min_chars)
        else:
            yield Reject("ingest", str(path), f"unknown file type {suffix!r} (expected .json, .jsonl or .html)")
    except StorydeskError as exc:
        yield Reject("ingest", exc.input, exc.reason)


def read_json(data: bytes, name: str, *, min_chars: int = 200) -> Iterator[Record]:
    obj = loads(data, name)
    items = obj if isinstance(obj, list) else [obj]
    for i, item in enumerate(items):
        label = name if len(items) == 1 else f"{name}[{i}]"
        yield to_record(partial(from_newsplease, item, source=label, min_chars=min_chars), label)


def read_jsonl_file(path: Path, *, min_chars: int = 200) -> Iterator[Record]:
    """A JSON-lines file (maybe gzipped) as a stream of news-please records (see :func:`jsonl_records`)."""
    def build(line: bytes, label: str) -> Article:
        return from_newsplease(loads(line, label), source=label, min_chars=min_chars)

    return jsonl_records(partial(open_maybe_gzip, path), str(path), build, "ingest")


def from_newsplease(obj: Any, *, source: str, min_chars: int = 200) -> Article:
    """One news-please record (url, title, text, date_publish, source_domain, authors, ...) -> Article."""
    if not isinstance(obj, dict):
        raise InputError(source, f"expected a JSON object, got {type(obj).__name__}")
    key = next((k for k in ("text", "maintext", "articleBody") if obj.get(k)), "text")
    text = text_field(obj, key, source)
    if not text:
        raise InputError(source, "the record has no text")
    if len(text) < min_chars:
        raise InputError(source, f"the text is too short ({len(text)} characters, need {min_chars})")
    url = text_field(obj, "url", source)
    canon = canonical_url(url)
    domain = text_field(obj, "source_domain", source) or domain_of(url)
    labels: dict[str, Any] = {}
    cluster = obj.get("newsCluster")
    if isinstance(cluster, dict) and isinstance(cluster.get("EventId"), str | int) \
            and not isinstance(cluster.get("EventId"), bool):
        event = cluster.get("Event")
        labels = {"event_id": cluster["EventId"], "event": event if isinstance(event, str) else None}
    date_key = next((k for k in ("date_publish", "published", "date") if obj.get(k)), "date_publish")
    return Article(
        id=article_id(canon, text),
        text=text,
        title=text_field(obj, "title", source) or "",
        url=url,
        canonical_url=canon,
        outlet=outlet_of(domain or ""),
        domain=domain or "",
        authors=list_field(obj, "authors", source),
        published_at=iso_date(text_field(obj, date_key, source)),
        language=text_field(obj, "language", source) or detect_language(text),
        description=text_field(obj, "description", source),
        content_hash=content_hash(text),
        source=source,
        fetched_at=iso_date(text_field(obj, "date_download", source)) or now_iso(),
        labels=labels,
    )
