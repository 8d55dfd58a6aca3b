"""Commands that look at one text or input without a store: analyze, extract."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.panel import Panel
from rich.table import Table

from ..enrich import enrich_articles
from ..errors import InputError, StorydeskError
from ..ingest.extract import extract_html
from ..ingest.fetch import fetch_url
from ..ingest.files import read_paths
from ..ingest.local import read_local
from ..ingest.sources import input_kind, iter_inputs
from ..model import Article, Reject, to_dict
from ..safety import term
from ..settings import Settings
from .common import JsonOption, _fail, _settings, console, err


def analyze(source: Annotated[str, typer.Argument(help="A text file, or - for standard input.")] = "-",
            jsonl: Annotated[bool, typer.Option("--jsonl", help="Input is JSON lines of {id, text}.")] = False,
            as_json: JsonOption = False) -> None:
    """Analyse text: sentences, entities with actors, quotes, claims and events, with character offsets."""
    try:
        data = sys.stdin.buffer.read() if source == "-" else read_local(source)
    except StorydeskError as exc:
        _fail(exc)
    except OSError as exc:
        _fail(InputError(source, f"cannot read: {exc.strerror or exc}"))
    raw = data.decode("utf-8", errors="replace")
    items: list[Article] = []
    if jsonl:
        skipped = 0
        for n, line in enumerate(raw.splitlines(), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                published = obj.get("published")
                items.append(Article(id=str(obj.get("id", n)), text=str(obj["text"]),
                                     published_at=published if isinstance(published, str) else None))
            except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
                skipped += 1  # one bad line is reported and skipped; the others are analysed
                err.print(f"[yellow]skipped[/] {term(source)}:{n}: expected a JSON object with a text field "
                          f"({term(type(exc).__name__)})")
        if not items and skipped:
            _fail(InputError(source, f"no line could be analysed ({skipped} skipped)"))
    else:
        items.append(Article(id="text", text=raw))
    results = [to_dict(e) for e in enrich_articles(items)]
    if as_json or jsonl:
        for r in results:
            print(json.dumps(r, ensure_ascii=False, indent=None if jsonl else 2))
        return
    for r in results:
        for key in ("entities", "quotes", "claims", "events"):
            if r[key]:
                table = Table(title=f"{key} ({len(r[key])})")
                cols = [c for c in r[key][0] if r[key][0][c] is not None][:8]
                for c in cols:
                    table.add_column(c, overflow="fold")
                for row in r[key]:
                    table.add_row(*(term(row.get(c, "")) for c in cols))
                console.print(table)
        console.print(f"{len(r['sentences'])} sentences")


def _read_input(source: str, settings: Settings) -> list[Article]:
    """The articles of one input as `ingest` reads it (every kind but page URLs, fetched as one page here)."""
    if not Path(source).exists():
        raise InputError(source, "no such file, and not an http(s) URL")
    found: list[Article] = []
    rejects: list[Reject] = []
    for item in iter_inputs([source], settings, files=lambda p: read_paths([p], min_chars=settings.min_text_chars)):
        (found if isinstance(item, Article) else rejects).append(item)  # type: ignore[arg-type]
    if not found and rejects:
        raise InputError(rejects[0].input, rejects[0].reason)
    return found


def extract(source: Annotated[str, typer.Argument(help="Any input `ingest` reads: an HTML or news-please JSON "
                                                       "file, a JSONL/CSV dump, a WARC, a folder, a page URL.")],
            limit: Annotated[int, typer.Option("--limit", help="Most articles shown from a many-article input.")] = 20,
            as_json: JsonOption = False) -> None:
    """What extraction gives for one input: each article's text and metadata (nothing is stored)."""
    settings = _settings()
    try:
        if source.startswith(("http://", "https://")) and input_kind(source) == "url":
            page = fetch_url(source, settings)
            articles = [extract_html(page.content, url=page.final_url, source=source,
                                     declared_charset=page.charset, min_chars=settings.min_text_chars)]
        else:
            articles = _read_input(source, settings)
    except StorydeskError as exc:
        _fail(exc)
    total, articles = len(articles), articles[:max(0, limit)]
    if as_json:
        data = [to_dict(a) for a in articles]
        print(json.dumps(data[0] if total == 1 else data, indent=2, ensure_ascii=False))
        return
    if not articles:
        console.print("No article in this input.")
    for article in articles:
        console.print(Panel(f"[bold]{term(article.title)}[/]\n{term(article.outlet)} · "
                            f"{term(article.published_at or 'no date')} · {term(article.language or '?')} · "
                            f"{term(', '.join(article.authors) or 'no author')}\n"
                            f"{term(article.canonical_url or article.url or '')}"))
        console.print(term(article.text), highlight=False)
    if total > len(articles):
        err.print(f"showing {len(articles)} of {total} articles (--limit)")
