"""Test inputs written on the fly: news-please records as HTML pages inside WARC files, and as JSON lines.

The pages are built by the tests from each record (title, date, author, paragraphs), so no publisher's
page is stored in the repository; the WARC responses are HTTP 200 text/html records, as in CC-NEWS.
"""

from __future__ import annotations

import html
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


def page(record: dict[str, Any]) -> str:
    """A plain article page carrying the record's metadata the way news sites do (meta tags, <article>)."""
    esc = html.escape
    title = esc(record.get("title") or "")
    date = esc(str(record.get("date_publish") or ""))
    authors = record.get("authors") or []
    paras = "\n".join(f"<p>{esc(p.strip())}</p>" for p in (record.get("text") or "").split("\n") if p.strip())
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    if authors:
        meta += f'<meta name="author" content="{esc(", ".join(authors))}">'
    return (f'<!DOCTYPE html><html lang="{esc(record.get("language") or "en")}"><head><meta charset="utf-8">'
            f'<title>{title}</title><meta property="og:title" content="{title}">{meta}'
            f'<link rel="canonical" href="{esc(record.get("url") or "")}"></head><body>'
            f'<header><nav><a href="/">Home</a></nav></header><article>{paras}</article>'
            f'<footer><p>Contact the newsroom.</p></footer></body></html>')


def write_warc(path: Path, records: Iterable[dict[str, Any]], *, extras: bool = False) -> Path:
    """A WARC.gz with one HTTP 200 text/html response per record (and, with ``extras``, the kinds of
    record a crawl also holds: a request, an image, a 404 and a page without an article)."""
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for rec in records:
            body = page(rec).encode("utf-8")
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(rec["url"], "response", payload=io.BytesIO(body),
                                                          length=len(body), http_headers=headers))
        if extras:
            base = "https://extras.example/"
            req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "extras.example")], is_http_request=True)
            writer.write_record(writer.create_warc_record(base, "request", payload=io.BytesIO(b""), length=0,
                                                          http_headers=req))
            for url, status, ctype, body in [
                (base + "logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n"),
                (base + "gone", "404 Not Found", "text/html", b"<html><body>Not here</body></html>"),
                (base + "menu", "200 OK", "text/html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>"),
            ]:
                h = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                              length=len(body), http_headers=h))
    return path


def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path


def load_records(folder: Path) -> list[dict[str, Any]]:
    """news-please JSON files of a folder, in file-name order."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]
