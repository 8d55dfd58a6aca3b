"""JSONL and CSV dumps -> articles, one row at a time; a bad row is a Reject, never the end of the file.

Columns are found by common names (``text``/``body``/``maintext``, ``title``/``headline``, ``url``/``link``,
``date``/``date_publish``, ...) unless a mapping names them: ``{"text": "story_body", "url": "permalink"}``
(the CLI's ``--map text=story_body``). Rows may hold HTML instead of text (``--html``-style mapping
``{"html": "raw_html"}``), which then goes through extraction.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from ..errors import InputError, StorydeskError
from ..model import Article, Reject
from .encoding import sniff_binary
from .extract import detect_language, extract_html
from .normalize import article_id, canonical_url, content_hash, domain_of, iso_date, outlet_of

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


def _open_text(path: Path) -> IO[str]:
    raw: IO[bytes] = open(path, "rb")  # noqa: SIM115 (closed by the TextIOWrapper)
    head = raw.peek(8)[:8] if hasattr(raw, "peek") else b""
    if head[:2] == b"\x1f\x8b":
        raw.close()
        raw = gzip.open(path, "rb")  # type: ignore[assignment]
    elif sniff_binary(head):
        raw.close()
        raise InputError(str(path), f"not a text dump but {sniff_binary(head)}")
    return io.TextIOWrapper(raw, encoding="utf-8", errors="storydesk-cp1252", newline="")


def iter_jsonl(path: str | Path, mapping: Mapping[str, str] | None = None) -> Iterator[Article | Reject]:
    """Articles from a JSON Lines file (optionally gzipped), Rejects for bad lines."""
    path = Path(path)
    with _open_text(path) as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            source = f"{path}:{number}"
            try:
                row = json.loads(line)
            except ValueError as exc:
                yield Reject("dump", source, f"not JSON: {exc.args[0][:80]}")
                continue
            if not isinstance(row, dict):
                yield Reject("dump", source, "a JSON line must be an object")
                continue
            try:
                yield row_to_article(row, source, mapping)
            except StorydeskError as exc:
                yield Reject("dump", source, exc.reason)


def iter_csv(path: str | Path, mapping: Mapping[str, str] | None = None, delimiter: str | None = None
             ) -> Iterator[Article | Reject]:
    """Articles from a CSV/TSV file with a header row, Rejects for bad rows."""
    path = Path(path)
    csv.field_size_limit(min(MAX_FIELD, sys.maxsize))
    with _open_text(path) as handle:
        sample = handle.read(65536)
        handle.seek(0)
        if delimiter is None:
            try:
                delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
            except csv.Error:
                delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
        reader = csv.DictReader(handle, delimiter=delimiter)
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
            try:
                yield row_to_article(row, f"{path}:{number}", mapping)
            except StorydeskError as exc:
                yield Reject("dump", f"{path}:{number}", exc.reason)


def iter_dump(path: str | Path, mapping: Mapping[str, str] | None = None) -> Iterator[Article | Reject]:
    """JSONL or CSV by the file's suffix (``.jsonl``, ``.ndjson``, ``.csv``, ``.tsv``, each maybe ``.gz``)."""
    name = str(path).lower().removesuffix(".gz")
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return iter_jsonl(path, mapping)
    if name.endswith((".csv", ".tsv")):
        return iter_csv(path, mapping)
    raise InputError(str(path), "unknown dump format", "use .jsonl, .ndjson, .csv or .tsv")
