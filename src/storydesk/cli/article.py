"""`storydesk article ID`: one stored article, its text with what enrichment found in it, its story, and
its duplicate group."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.panel import Panel
from rich.text import Text

from ..labels import ACTOR_LABELS
from ..model import Article, Enrichment, to_dict
from ..pipeline import duplicate_report
from ..safety import term
from .common import DbOption, JsonOption, _read, console, resolve_id, show_rows

QUOTE_STYLE, CLAIM_STYLE, ACTOR_STYLE = "green", "bold yellow", "underline cyan"


def highlighted(article: Article, enrichment: Enrichment | None) -> Text:
    """The article's text with quotes, numeric claims and actor mentions styled at their offsets."""
    text = Text(article.text)
    if enrichment is None:
        return text
    size = len(article.text)

    def mark(start: int | None, end: int | None, style: str) -> None:
        if start is not None and end is not None and 0 <= start < end <= size:
            text.stylize(style, start, end)

    for q in enrichment.quotes:
        mark(q.content_start, q.content_end, QUOTE_STYLE)
    for c in enrichment.claims:
        mark(c.start, c.end, CLAIM_STYLE)
    for e in enrichment.entities:
        if e.label in ACTOR_LABELS or e.actor:
            mark(e.start, e.end, ACTOR_STYLE)
    return text


def _load(store: Any, given: str) -> dict[str, Any]:
    art = store.get_article(resolve_id(store, "article", given))
    story_id = store.story_of(art.id)
    story = store.get_story(story_id) if story_id else None
    return {"article": art, "enrichment": store.get_enrichment(art.id),
            "story": {"id": story.id, "title": story.title, "articles": story.size} if story else None,
            "duplicates": duplicate_report(store, art)}


def article(article_id: Annotated[str, typer.Argument(help="Article id (a unique prefix is enough).")],
            db: DbOption = None, as_json: JsonOption = False) -> None:
    """One stored article: its text with quotes, claims and actors marked, its story, and why it was grouped
    with its duplicates (similarity, shared shingles)."""
    data = _read(db, lambda store: _load(store, article_id))
    art: Article = data["article"]
    enrichment: Enrichment | None = data["enrichment"]
    report, story = data["duplicates"], data["story"]
    if as_json:
        print(json.dumps({"article": to_dict(art), "enrichment": to_dict(enrichment) if enrichment else None,
                          "story": story, "duplicates": report}, indent=2, ensure_ascii=False))
        return
    where = f"story {story['id']}: {story['title']}" if story else "in no story yet (run `storydesk run`)"
    found = (f"{len(enrichment.quotes)} quotes, {len(enrichment.claims)} claims, "
             f"{len({e.actor or e.text for e in enrichment.entities if e.label in ACTOR_LABELS or e.actor})} actors"
             if enrichment else "not enriched yet")
    head = [art.title, f"{art.outlet} · {art.published_at or 'no date'} · {art.url or ''}",
            f"{len(art.text)} characters · id {art.id}", where, found]
    if console.is_terminal:
        console.print(Panel("\n".join(term(line) for line in head), title="article"))
        if enrichment:
            console.print(Text.assemble(("quotes", QUOTE_STYLE), "  ", ("claims", CLAIM_STYLE), "  ",
                                        ("actors", ACTOR_STYLE)))
        console.print(highlighted(art, enrichment))
    else:
        print("\n".join(head), end="\n\n")
        print(art.text, end="\n\n")
    if not report["members"]:
        console.print("No duplicates: no other article shares this text.")
        return
    console.print(f"Duplicate group of {len(report['members'])} (original: {term(report['original'])}, "
                  f"{term(report['why_original'])}):", highlight=False)
    show_rows("duplicates", ["id", "outlet", "published", "kind", "similarity", "shared shingles", "e.g."],
              [[m["id"] + (" (original)" if m["id"] == report["original"] else ""), m["outlet"],
                (m["published_at"] or "")[:10], m["kind"], f"{m['similarity']:.2f}", str(m["shared_shingles"]),
                " | ".join(m["examples"][:2])] for m in report["members"]], wide=("e.g.",))
