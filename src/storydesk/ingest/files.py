"""Files and folders: news-please JSON (one object per file, or JSON lines) and HTML pages.

Each function is a generator of Article or Reject records, so one bad file never stops a batch.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError, StorydeskError
from ..model import Article, Reject
from .extract import detect_language, extract_html
from .normalize import article_id, canonical_url, content_hash, domain_of, iso_date, now_iso, outlet_of

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
KNOWN_SUFFIXES = HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES

Record = Article | Reject


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
        elif Path(entry.name).suffix.lower() in KNOWN_SUFFIXES:
            yield Path(entry.path)


def read_paths(paths: Iterable[str | Path], *, min_chars: int = 200) -> Iterator[Record]:
    """Articles from files and folders of news-please JSON, JSON lines and HTML."""
    for item in expand_paths(paths):
        if isinstance(item, Reject):
            yield item
        else:
            yield from read_file(item, min_chars=min_chars)


def read_file(path: Path, *, min_chars: int = 200) -> Iterator[Record]:
    suffix = path.suffix.lower()
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Reject("ingest", str(path), f"cannot read the file: {exc.strerror or exc}")
        return
    try:
        if suffix in HTML_SUFFIXES:
            yield extract_html(data, source=str(path), min_chars=min_chars)
        elif suffix in JSONL_SUFFIXES:
            yield from read_jsonl(data, str(path), min_chars=min_chars)
        elif suffix in JSON_SUFFIXES:
            yield from read_json(data, str(path), min_chars=min_chars)
        else:
            yield Reject("ingest", str(path), f"unknown file type {suffix!r} (expected .json, .jsonl or .html)")
    except StorydeskError as exc:
        yield Reject("ingest", exc.input, exc.reason)


def read_json(data: bytes, name: str, *, min_chars: int = 200) -> Iterator[Record]:
    try:
        obj = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(name, f"not valid JSON: {exc}") from exc
    items = obj if isinstance(obj, list) else [obj]
    for i, item in enumerate(items):
        label = name if len(items) == 1 else f"{name}[{i}]"
        try:
            yield from_newsplease(item, source=label, min_chars=min_chars)
        except InputError as exc:
            yield Reject("ingest", exc.input, exc.reason)


def read_jsonl(data: bytes, name: str, *, min_chars: int = 200) -> Iterator[Record]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(name, f"not UTF-8 text: {exc}") from exc
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        label = f"{name}:{lineno}"
        try:
            yield from_newsplease(json.loads(line), source=label, min_chars=min_chars)
        except json.JSONDecodeError as exc:
            yield Reject("ingest", label, f"not valid JSON: {exc}")
        except InputError as exc:
            yield Reject("ingest", exc.input, exc.reason)


def from_newsplease(obj: Any, *, source: str, min_chars: int = 200) -> Article:
    """One news-please record (url, title, text, date_publish, source_domain, authors, ...) -> Article."""
    if not isinstance(obj, dict):
        raise InputError(source, f"expected a JSON object, got {type(obj).__name__}")
    text = obj.get("text") or obj.get("maintext") or obj.get("articleBody") or ""
    if not isinstance(text, str) or not text.strip():
        raise InputError(source, "the record has no text")
    text = text.strip()
    if len(text) < min_chars:
        raise InputError(source, f"the text is too short ({len(text)} characters, need {min_chars})")
    url = obj.get("url") if isinstance(obj.get("url"), str) else None
    canon = canonical_url(url)
    domain = obj.get("source_domain") or domain_of(url)
    authors = obj.get("authors") or []
    if isinstance(authors, str):
        authors = [authors]
    labels: dict[str, Any] = {}
    cluster = obj.get("newsCluster")
    if isinstance(cluster, dict) and "EventId" in cluster:
        labels = {"event_id": cluster["EventId"], "event": cluster.get("Event")}
    language = obj.get("language")
    if not isinstance(language, str) or not language:
        language = detect_language(text)
    return Article(
        id=article_id(canon, text),
        text=text,
        title=(obj.get("title") or "").strip(),
        url=url,
        canonical_url=canon,
        outlet=outlet_of(str(domain or "")),
        domain=str(domain or ""),
        authors=[str(a) for a in authors if a],
        published_at=iso_date(obj.get("date_publish") or obj.get("published") or obj.get("date")),
        language=language,
        description=obj.get("description") if isinstance(obj.get("description"), str) else None,
        content_hash=content_hash(text),
        source=source,
        fetched_at=iso_date(obj.get("date_download")) or now_iso(),
        labels=labels,
    )
