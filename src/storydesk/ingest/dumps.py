"""JSONL and CSV dumps -> articles, one row at a time; a bad row is a Reject, never the end of the file.

Columns are found by common names (``text``/``body``/``maintext``, ``title``/``headline``, ``url``/``link``,
``date``/``date_publish``, ...) unless a mapping names them: ``{"text": "story_body", "url": "permalink"}``
(the CLI's ``--map text=story_body``). Rows may hold HTML instead of text (``--html``-style mapping
``{"html": "raw_html"}``), which then goes through extraction.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator, Mapping
from functools import partial
from pathlib import Path
from typing import IO, Any

from ..errors import InputError
from ..model import Article, Reject
from .encoding import sniff_binary
from .extract import detect_language, extract_html
from .local import MAX_LINE_BYTES, open_maybe_gzip
from .normalize import article_id, canonical_url, content_hash, domain_of, iso_date, outlet_of
from .records import jsonl_records, loads, to_record

FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "maintext", "body", "content", "article", "article_text", "articlebody", "full_text"),
    "html": ("html", "raw_html", "page"),
    "title": ("title", "headline", "name"),
    "url": ("url", "link", "permalink", "canonical_url", "uri"),
    "published_at": ("published_at", "date_publish", "published", "date", "pubdate", "datepublished", "time"),
    "authors": ("authors", "author", "byline"),
    "outlet": ("outlet", "source", "publisher", "site_name", "sitename", "source_domain", "domain"),
    "language": ("language", "lang"),
    "description": ("description", "summary", "abstract", "dek"),
    "id": ("id", "article_id", "uid", "guid"),
}
MAX_FIELD = 10_000_000


def parse_mapping(pairs: list[str] | None) -> dict[str, str]:
    """``["text=story_body", "url=link"]`` -> ``{"text": "story_body", "url": "link"}``."""
    mapping: dict[str, str] = {}
    for pair in pairs or []:
        field, sep, column = pair.partition("=")
        if not sep or field.strip() not in FIELDS or not column.strip():
            names = ", ".join(FIELDS)
            raise InputError(pair, "bad column mapping", f"use FIELD=COLUMN, FIELD one of {names}")
        mapping[field.strip()] = column.strip()
    return mapping


def _pick(row: Mapping[str, Any], field: str, mapping: Mapping[str, str]) -> Any:
    if field in mapping:
        return row.get(mapping[field])
    lowered = {str(k).lower(): v for k, v in row.items()}
    for name in FIELDS[field]:
        value = lowered.get(name)
        if value not in (None, "", "None", [], {}):
            return value
    return None


def _authors(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    if isinstance(value, str) and value.strip():
        text = value.strip()
        if text.startswith("["):
            try:
                return _authors(json.loads(text.replace("'", '"')))
            except ValueError:
                pass
        return [a.strip() for a in text.replace(" and ", ";").split(";") if a.strip()]
    return []


def row_to_article(row: Mapping[str, Any], source: str, mapping: Mapping[str, str] | None = None,
                   min_chars: int = 200) -> Article:
    """One dump row as an Article; InputError says what is missing."""
    mapping = mapping or {}
    url = _pick(row, "url", mapping)
    url = str(url).strip() if url else None
    html = _pick(row, "html", mapping)
    text = _pick(row, "text", mapping)
    if not text and isinstance(html, str) and html.strip():
        article = extract_html(html, url=url, source=source, min_chars=min_chars)
    else:
        if not isinstance(text, str) or len(text.strip()) < min_chars:
            raise InputError(source, f"row has no article text (under {min_chars} characters)",
                             "map the text column with --map text=COLUMN")
        text = text.replace("\x00", "").strip()
        canon = canonical_url(url)
        domain = domain_of(url)
        article = Article(id=article_id(canon, text), text=text, url=url, canonical_url=canon,
                          domain=domain, content_hash=content_hash(text), source=source)
    title, published = _pick(row, "title", mapping), _pick(row, "published_at", mapping)
    outlet, language = _pick(row, "outlet", mapping), _pick(row, "language", mapping)
    description, authors = _pick(row, "description", mapping), _pick(row, "authors", mapping)
    article.title = str(title).strip() if title else article.title
    article.published_at = iso_date(published) if published else article.published_at
    article.outlet = outlet_of(str(outlet).strip()) if outlet else (article.outlet or outlet_of(article.domain))
    article.language = (str(language).strip() if language
                        else (article.language or detect_language(article.text)))
    article.description = str(description).strip() if description else article.description
    article.authors = _authors(authors) or article.authors
    return article


def _open_binary(path: Path) -> IO[bytes]:
    """The dump's bytes (inflated as a stream when gzipped); a FIFO or a binary file is an InputError."""
    raw = open_maybe_gzip(path)
    head = raw.peek(8)[:8] if hasattr(raw, "peek") else b""
    if sniff_binary(head):
        raw.close()
        raise InputError(str(path), f"not a text dump but {sniff_binary(head)}")
    return raw


def _json_row(line: bytes, source: str, mapping: Mapping[str, str] | None) -> Article:
    text = line.decode("utf-8", errors="storydesk-cp1252")
    try:
        row = loads(text, source)
    except InputError as exc:
        raise InputError(source, exc.reason.replace("not valid JSON", "not JSON")) from exc
    if not isinstance(row, dict):
        raise InputError(source, "a JSON line must be an object")
    return row_to_article(row, source, mapping)


def iter_jsonl(path: str | Path, mapping: Mapping[str, str] | None = None) -> Iterator[Article | Reject]:
    """Articles from a JSON Lines file (optionally gzipped), Rejects for bad lines; damage part-way through
    a gzip is one Reject naming the file, after every good line before it."""
    path = Path(path)
    return jsonl_records(partial(_open_binary, path), str(path), partial(_json_row, mapping=mapping), "dump")


def _text_lines(handle: IO[bytes]) -> Iterator[str]:
    """Decoded lines for the CSV reader, each at most MAX_LINE_BYTES (a longer one is cut into pieces,
    whose rows are then rejected, rather than held in memory whole)."""
    while True:
        line = handle.readline(MAX_LINE_BYTES)
        if not line:
            return
        yield line.decode("utf-8", errors="storydesk-cp1252")


def iter_csv(path: str | Path, mapping: Mapping[str, str] | None = None, delimiter: str | None = None
             ) -> Iterator[Article | Reject]:
    """Articles from a CSV/TSV file with a header row, Rejects for bad rows."""
    path = Path(path)
    csv.field_size_limit(min(MAX_FIELD, sys.maxsize))
    try:
        yield from _csv_rows(path, mapping, delimiter)  # a bad mapping or header is an InputError for the caller
    except OSError as exc:
        yield Reject("dump", str(path), f"cannot read: {exc.strerror or exc}")


def _csv_rows(path: Path, mapping: Mapping[str, str] | None, delimiter: str | None) -> Iterator[Article | Reject]:
    with _open_binary(path) as handle:
        sample = handle.peek(65536)[:65536].decode("utf-8", errors="storydesk-cp1252") \
            if hasattr(handle, "peek") else ""
        if delimiter is None:
            try:
                delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
            except csv.Error:
                delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
        reader = csv.DictReader(_text_lines(handle), delimiter=delimiter)
        if not reader.fieldnames:
            raise InputError(str(path), "CSV file without a header row")
        missing = [column for column in (mapping or {}).values() if column not in reader.fieldnames]
        if missing:
            raise InputError(str(path), f"mapped columns not in the header: {', '.join(missing)}",
                             f"columns are: {', '.join(reader.fieldnames)}")
        number = 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                number += 1
                yield Reject("dump", f"{path}:{number}", f"bad CSV row: {exc}")
                continue
            number = reader.line_num
            yield to_record(partial(row_to_article, row, f"{path}:{number}", mapping), f"{path}:{number}", "dump")


def iter_dump(path: str | Path, mapping: Mapping[str, str] | None = None) -> Iterator[Article | Reject]:
    """JSONL or CSV by the file's suffix (``.jsonl``, ``.ndjson``, ``.csv``, ``.tsv``, each maybe ``.gz``)."""
    name = str(path).lower().removesuffix(".gz")
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return iter_jsonl(path, mapping)
    if name.endswith((".csv", ".tsv")):
        return iter_csv(path, mapping)
    raise InputError(str(path), "unknown dump format", "use .jsonl, .ndjson, .csv or .tsv")
