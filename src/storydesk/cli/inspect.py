"""Commands that look at one text or page without a store: analyze, extract."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.panel import Panel
from rich.table import Table

from ..enrich import enrich_articles
from ..errors import StorydeskError
from ..ingest.extract import extract_html
from ..ingest.fetch import fetch_url
from ..model import Article, to_dict
from .common import JsonOption, _fail, _settings, console


def analyze(source: Annotated[str, typer.Argument(help="A text file, or - for standard input.")] = "-",
            jsonl: Annotated[bool, typer.Option("--jsonl", help="Input is JSON lines of {id, text}.")] = False,
            as_json: JsonOption = False) -> None:
    """Analyse text: sentences, entities with actors, quotes, claims and events, with character offsets."""
    try:
        raw = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except OSError as exc:
        _fail(StorydeskError(source, f"cannot read: {exc.strerror or exc}"))
    items: list[Article] = []
    if jsonl:
        for n, line in enumerate(raw.splitlines(), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                items.append(Article(id=str(obj.get("id", n)), text=str(obj["text"]),
                                     published_at=obj.get("published")))
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                _fail(StorydeskError(f"{source}:{n}", f"expected a JSON object with a text field ({exc})"))
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
                    table.add_row(*(str(row.get(c, "")) for c in cols))
                console.print(table)
        console.print(f"{len(r['sentences'])} sentences")


def extract(source: Annotated[str, typer.Argument(help="An HTML file or a page URL.")],
            as_json: JsonOption = False) -> None:
    """What extraction gives for one page: text and metadata (nothing is stored)."""
    settings = _settings()
    try:
        if source.startswith(("http://", "https://")):
            page = fetch_url(source, settings)
            article = extract_html(page.content, url=page.final_url, source=source,
                                   declared_charset=page.charset, min_chars=settings.min_text_chars)
        else:
            path = Path(source)
            if not path.is_file():
                raise StorydeskError(source, "no such file, and not an http(s) URL")
            article = extract_html(path.read_bytes(), source=source, min_chars=settings.min_text_chars)
    except StorydeskError as exc:
        _fail(exc)
    if as_json:
        print(json.dumps(to_dict(article), indent=2, ensure_ascii=False))
        return
    console.print(Panel(f"[bold]{article.title}[/]\n{article.outlet} · {article.published_at or 'no date'} · "
                        f"{article.language or '?'} · {', '.join(article.authors) or 'no author'}\n"
                        f"{article.canonical_url or article.url or ''}"))
    console.print(article.text)
