"""`storydesk outlet NAME`: what one outlet contributed to the store (the web's outlet page, in the terminal)."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.table import Table

from ..errors import NotFoundError
from ..outlets import outlet_detail
from ..safety import term
from .common import DbOption, JsonOption, _fail, _read, console


def outlet(name: Annotated[str, typer.Argument(help="The outlet's name (rt.com) or one of its domains (www.rt.com).")],
           db: DbOption = None, as_json: JsonOption = False) -> None:
    """One outlet: its stories, how often it is first, the only outlet, or missing from a widely covered
    story, the facts only it reports or leaves out, and the voices it quotes most. Counted from the store
    alone: no outside ratings, no tone or bias labels."""
    detail: dict[str, Any] | None = _read(db, lambda store: outlet_detail(store, name))
    if detail is None:
        _fail(NotFoundError(f"outlet {name}"[:200], "no article from this outlet in this database",
                            "`storydesk stories` lists stories with their outlets; pass a domain such as bbc.com"))
    if as_json:
        print(json.dumps(detail, indent=2, ensure_ascii=False))
        return
    p = detail["perspectives"]
    console.print(term(f"{detail['name']} ({detail['domain']}): {detail['articles']} articles, "
                       f"{len(detail['stories'])} stories, {detail['first_seen'] or '?'} to "
                       f"{detail['last_seen'] or '?'}"))
    console.print(term(f"first to report {detail['first_in']} stories; the only outlet in {detail['sole_in']}; "
                       f"absent from {len(detail['missing_from'])} widely covered stories"))
    console.print(term(f"in {p['stories']} stories with Perspectives: {p['only']} facts only it reports, "
                       f"{p['left_out']} widely carried facts it leaves out, first with {p['first']} key facts"))
    if p["voices"]:
        console.print(term("voices quoted: " + ", ".join(f"{k} {n}" for k, n in p["voices"].items())))
    if p["most_quoted"]:
        console.print(term("most quoted: " + ", ".join(f"{s} ({n})" for s, n in p["most_quoted"])))
    table = Table(title="Stories")
    for col in ("story", "title", "articles", "outlets", "first", "only outlet", "last seen"):
        table.add_column(col)
    for st in detail["stories"]:
        table.add_row(*(term(str(c)) for c in (st["id"], st["title"], f"{st['articles']} of {st['story_articles']}",
                                               st["outlets"], "yes" if st["first"] else "",
                                               "yes" if st["sole"] else "", (st["last_seen"] or "")[:10])))
    console.print(table)
    if detail["missing_from"]:
        console.print(term("Widely covered stories without it: " + "; ".join(
            f"{m['id']} {m['title']} ({m['outlets']} outlets)" for m in detail["missing_from"][:10])))
