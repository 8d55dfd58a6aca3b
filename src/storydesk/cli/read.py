"""Commands that read the store: stories, briefs, comparisons, timelines, exports, rejects, feeds, articles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markdown import Markdown
from rich.panel import Panel
from rich.table import Table

from ..brief.llm import write_with_llm
from ..brief.render import diff_since, render, to_rss
from ..errors import StorydeskError
from ..model import to_dict
from ..pipeline import duplicate_report
from ..stories.compare import compare_claims
from ..stories.timeline import story_timeline
from .common import DbOption, JsonOption, _fail, _read, _settings, _store, console, err


def _story_json(story: Any, articles: dict[str, Any]) -> dict[str, Any]:
    data = to_dict(story)
    data["size"] = story.size
    data["articles"] = [
        {"id": a.id, "url": a.url, "outlet": a.outlet, "title": a.title, "published": a.published_at,
         "duplicate_of": a.duplicate_of}
        for a in (articles[i] for i in story.article_ids if i in articles)
    ]
    return data


def stories(db: DbOption = None, as_json: JsonOption = False,
            limit: Annotated[int, typer.Option(help="Most stories to show.")] = 50,
            min_size: Annotated[int, typer.Option(help="Only stories with at least this many articles.")] = 1) -> None:
    """List stories, most recent first."""
    try:
        with _store(db, must_exist=True) as store:
            items = store.list_stories(limit=limit, min_size=min_size)
            arts = {a.id: a for a in store.get_articles([i for s in items for i in s.article_ids])}
    except StorydeskError as exc:
        _fail(exc)
    if as_json:
        print(json.dumps([_story_json(s, arts) for s in items], indent=2, ensure_ascii=False))
        return
    table = Table(title=f"{len(items)} stories")
    for col in ("id", "articles", "outlets", "first", "last", "title"):
        table.add_column(col, overflow="fold" if col == "title" else "ellipsis")
    for s in items:
        table.add_row(s.id, str(s.size), str(len(s.outlets)), (s.first_seen or "")[:10], (s.last_seen or "")[:10],
                      s.title)
    console.print(table)


def brief(story_id: Annotated[str, typer.Argument(help="Story id (a unique prefix is enough).")],
          fmt: Annotated[str, typer.Option("--format", "-f", help="md, json or html.")] = "md",
          version: Annotated[int | None, typer.Option(help="A stored version (default: the latest).")] = None,
          since: Annotated[int | None, typer.Option(help="Show only what is new since this version.")] = None,
          writer: Annotated[str, typer.Option(help="extractive or llm (needs STORYDESK_LLM_*).")] = "extractive",
          db: DbOption = None) -> None:
    """Show a story's brief: every sentence with its citations, and Related Sources."""
    if fmt not in {"md", "json", "html"}:
        _fail(StorydeskError(f"--format {fmt}", "unknown format", "use md, json or html"))
    if writer not in {"extractive", "llm"}:
        _fail(StorydeskError(f"--writer {writer}", "unknown writer", "use extractive or llm"))
    try:
        with _store(db, must_exist=True) as store:
            story = store.get_story(story_id)
            b = store.get_brief(story.id, version)
            if since is not None:
                old = store.get_brief(story.id, since)
                b.sentences = diff_since(old, b)
                b.coverage = {**b.coverage, "new_since_version": since}
            if writer == "llm":
                settings = _settings(db=db)
                result = write_with_llm(b, base_url=settings.llm_base_url, model=settings.llm_model,
                                        api_key=settings.llm_api_key)
                err.print(f"LLM writer: {result.kept} sentences kept, {result.dropped} dropped as unsupported")
                for reason in result.reasons:
                    err.print(f"  dropped {reason}")
                b = result.brief
    except StorydeskError as exc:
        _fail(exc)
    out = render(b, fmt)
    if fmt == "md" and console.is_terminal:
        console.print(Markdown(out))
    else:
        print(out)


def compare(story_id: Annotated[str, typer.Argument(help="Story id (a unique prefix is enough).")],
            db: DbOption = None, as_json: JsonOption = False) -> None:
    """Numeric claims across a story's outlets: each outlet's value, date and hedge; agreements,
    disagreements and changes over time."""
    try:
        with _store(db, must_exist=True) as store:
            story = store.get_story(story_id)
            groups = compare_claims(store.get_articles(story.article_ids), store.get_enrichments(story.article_ids))
    except StorydeskError as exc:
        _fail(exc)
    if as_json:
        print(json.dumps([{**to_dict(g), "outlets": g.outlets} for g in groups], indent=2, ensure_ascii=False))
        return
    if not groups:
        console.print("No numeric claims with a counted subject in this story.")
    for g in groups:
        table = Table(title=f"{g.counted} ({g.unit or 'count'}): {g.note}")
        for col in ("outlet", "date", "value", "hedge", "modality", "as written"):
            table.add_column(col)
        for v in g.values:
            table.add_row(v.outlet, (v.published or "")[:10], f"{v.value:,g}", v.hedge or "", v.modality, v.text)
        console.print(table)


def timeline(story_ids: Annotated[list[str], typer.Argument(
                 help="Story id (a unique prefix is enough); several ids give one topic-level timeline.")],
             dates: Annotated[int | None, typer.Option("--dates", help="Most dates (default: by story size).")] = None,
             per_date: Annotated[int | None, typer.Option("--per-date", help="Sentences per date.")] = None,
             db: DbOption = None, as_json: JsonOption = False) -> None:
    """A story's dated timeline: key events on their dates, each a cited source sentence."""
    settings = _settings(db=db)
    n_dates = dates if dates is not None else (settings.timeline_dates or None)
    per = per_date if per_date is not None else settings.timeline_per_date
    try:
        with _store(db, must_exist=True) as store:
            ids: list[str] = []
            for story_id in story_ids:
                ids += store.get_story(story_id).article_ids
            articles = store.get_articles(list(dict.fromkeys(ids)))
            entries = story_timeline(articles, store.get_enrichments([a.id for a in articles]),
                                     n_dates=n_dates, sentences_per_date=per)
    except StorydeskError as exc:
        _fail(exc)
    if as_json:
        print(json.dumps([to_dict(e) for e in entries], indent=2, ensure_ascii=False))
        return
    if not entries:
        console.print("No dated events found in this story.")
        return
    outlets = {a.id: a.outlet or a.domain or a.id for a in articles}
    table = Table(title="Timeline")
    for col in ("date", "event", "source", "date from"):
        table.add_column(col)
    for e in entries:
        table.add_row(e.date, e.text, f"{outlets.get(e.article_id, e.article_id)} [{e.article_id[:8]}]", e.how)
    console.print(table)


def export(out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write into.")] = Path("export"),
           fmt: Annotated[list[str], typer.Option("--format", "-f", help="md, html, json, rss (repeatable).")] = [  # noqa: B006
               "md", "html", "json", "rss"],
           db: DbOption = None, as_json: JsonOption = False) -> None:
    """Write every story's latest brief as Markdown, HTML and JSON files, and an RSS feed of briefs."""
    bad = [f for f in fmt if f not in {"md", "html", "json", "rss"}]
    if bad:
        _fail(StorydeskError(f"--format {bad[0]}", "unknown format", "use md, html, json or rss"))
    written: list[str] = []
    briefs = _read(db, lambda store: [store.get_brief(s.id) for s in store.list_stories()
                                      if store.brief_versions(s.id)])
    out.mkdir(parents=True, exist_ok=True)
    for b in briefs:
        for f in fmt:
            if f == "rss":
                continue
            path = out / f"{b.story_id}.{f}"
            path.write_text(render(b, f), encoding="utf-8")
            written.append(str(path))
    if "rss" in fmt:
        path = out / "briefs.rss"
        path.write_text(to_rss(briefs), encoding="utf-8")
        written.append(str(path))
    if as_json:
        print(json.dumps({"briefs": len(briefs), "files": written}))
    else:
        console.print(f"wrote {len(written)} files for {len(briefs)} briefs into {out}")


def rejects(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Inputs that a stage refused, with the reason."""
    items = _read(db, lambda store: store.list_rejects())
    if as_json:
        print(json.dumps([{"id": i, **to_dict(r)} for i, r in items], indent=2))
        return
    table = Table(title=f"{len(items)} rejects")
    for col in ("stage", "input", "reason", "at"):
        table.add_column(col, overflow="fold")
    for _, r in items:
        table.add_row(r.stage, r.input, r.reason, r.at or "")
    console.print(table)


def stats(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Counts of what the store holds."""
    data = _read(db, lambda store: store.stats())
    if as_json:
        print(json.dumps(data))
    else:
        console.print(data)


def feeds(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Health of every polled feed: last success, errors in a row, the last error."""
    items = _read(db, lambda store: store.list_feed_health())
    if as_json:
        print(json.dumps(items, indent=2, ensure_ascii=False))
        return
    table = Table(title=f"{len(items)} feeds")
    for col in ("feed", "last success", "errors", "entries", "last error"):
        table.add_column(col, overflow="fold")
    for h in items:
        style = "red" if h.get("error_count") else ""
        table.add_row(h.get("title") or h["url"], (h.get("last_success") or "never")[:19],
                      str(h.get("error_count", 0)), str(h.get("entries_seen", 0)), h.get("last_error") or "",
                      style=style)
    console.print(table)


def article(article_id: Annotated[str, typer.Argument(help="Article id.")],
            db: DbOption = None, as_json: JsonOption = False) -> None:
    """One stored article, and why it was grouped with its duplicates (similarity, shared shingles)."""
    art, report = _read(db, lambda store: (a := store.get_article(article_id), duplicate_report(store, a)))
    if as_json:
        print(json.dumps({"article": to_dict(art), "duplicates": report}, indent=2, ensure_ascii=False))
        return
    console.print(Panel(f"[bold]{art.title}[/]\n{art.outlet} · {art.published_at or 'no date'} · {art.url or ''}"
                        f"\n{len(art.text)} characters · id {art.id}"))
    if not report["members"]:
        console.print("No duplicates: no other article shares this text.")
        return
    console.print(f"Duplicate group of {len(report['members'])} (original: {report['original']}, "
                  f"{report['why_original']}):")
    table = Table()
    for col in ("id", "outlet", "published", "kind", "similarity", "shared shingles", "e.g."):
        table.add_column(col, overflow="fold")
    for m in report["members"]:
        table.add_row(m["id"] + (" (original)" if m["id"] == report["original"] else ""), m["outlet"],
                      (m["published_at"] or "")[:10], m["kind"], f"{m['similarity']:.2f}",
                      str(m["shared_shingles"]), " | ".join(m["examples"][:2]))
    console.print(table)
