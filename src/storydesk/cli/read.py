"""Commands that read the store: briefs, comparisons, timelines, exports, rejects, stats, feeds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ..brief.llm import write_with_llm
from ..brief.render import diff_since, render
from ..errors import InputError, NotFoundError, StorydeskError
from ..model import to_dict
from ..safety import term
from ..stories.compare import compare_claims
from ..stories.timeline import story_timeline
from .common import DbOption, JsonOption, _fail, _read, _settings, _store, console, err, resolve_id, show_rows


def brief(story_id: Annotated[str, typer.Argument(help="Story id (a unique prefix is enough).")],
          fmt: Annotated[str, typer.Option("--format", "-f", help="md, json or html.")] = "md",
          version: Annotated[int | None, typer.Option(help="A stored version (default: the latest).")] = None,
          since: Annotated[int | None, typer.Option(help="Show only what is new since this version.")] = None,
          writer: Annotated[str, typer.Option(help="extractive or llm (needs STORYDESK_LLM_*).")] = "extractive",
          full: Annotated[bool, typer.Option("--full", help="Every section in full, beyond the default "
                                             "~450-word body.")] = False,
          db: DbOption = None) -> None:
    """Show a story's brief: every sentence with its citations, and Related Sources."""
    if fmt not in {"md", "json", "html"}:
        _fail(InputError(f"--format {fmt}", "unknown format", "use md, json or html"))
    if writer not in {"extractive", "llm"}:
        _fail(InputError(f"--writer {writer}", "unknown writer", "use extractive or llm"))
    try:
        with _store(db, must_exist=True) as store:
            story = store.get_story(resolve_id(store, "story", story_id))
            versions = store.brief_versions(story.id)
            _check_versions(story.id, versions, version, since)
            b = store.get_brief(story.id, version)
            if since is not None:
                old = store.get_brief(story.id, since)
                b.sentences = diff_since(old, b) if since < b.version else []
                b.coverage = {**b.coverage, "new_since_version": since}
            if writer == "llm":
                settings = _settings(db=db)
                result = write_with_llm(b, base_url=settings.llm_base_url, model=settings.llm_model,
                                        api_key=settings.llm_api_key)
                err.print(f"LLM writer: {result.kept} sentences kept, {result.dropped} dropped as unsupported")
                for reason in result.reasons:
                    err.print(f"  dropped {term(reason)}")
                b = result.brief
    except StorydeskError as exc:
        _fail(exc)
    if since is not None and not b.sentences and fmt == "md":
        latest = versions[-1]
        head = f"Nothing has changed in this story since version {since} (the latest is version {latest})."
        if since >= b.version:
            print(f"{head} Nothing is newer than version {since}: the brief shown would be version {b.version} "
                  f"(story {story.id} has versions {', '.join(map(str, versions))}).")
        else:
            print(f"{head} Nothing new in version {b.version} since version {since} (story {story.id}).")
        return
    if full:
        b.coverage = {**b.coverage, "full": True}
    out = render(b, fmt)
    if fmt == "md" and console.is_terminal:
        from rich.markdown import Markdown  # here: markdown-it is a slow import only this path needs

        console.print(Markdown(out))
    else:
        print(out)


def _check_versions(story_id: str, versions: list[int], version: int | None, since: int | None) -> None:
    """A plain error for a story without a brief, or a version (--version, --since) it does not have."""
    have = ", ".join(map(str, versions)) or "none"
    if not versions:
        raise NotFoundError(f"story {story_id}", "no brief yet", "`storydesk run` writes one")
    for name, v in (("--version", version), ("--since", since)):
        if v is not None and v not in versions:
            raise NotFoundError(f"{name} {v}", f"story {story_id} has no brief version {v} (versions: {have})",
                                "`storydesk brief ID --version N` with one of those")


def compare(story_id: Annotated[str, typer.Argument(help="Story id (a unique prefix is enough).")],
            db: DbOption = None, as_json: JsonOption = False) -> None:
    """Numeric claims across a story's outlets: each outlet's value, date and hedge; agreements,
    disagreements and changes over time."""
    try:
        with _store(db, must_exist=True) as store:
            story = store.get_story(resolve_id(store, "story", story_id))
            groups = compare_claims(store.get_articles(story.article_ids), store.get_enrichments(story.article_ids))
    except StorydeskError as exc:
        _fail(exc)
    if as_json:
        print(json.dumps([{**to_dict(g), "outlets": g.outlets} for g in groups], indent=2, ensure_ascii=False))
        return
    if not groups:
        console.print("No numeric claims with a counted subject in this story.")
    for g in groups:
        table = Table(title=term(f"{g.counted} ({g.unit or 'count'}): {g.note}"))
        for col in ("outlet", "date", "value", "hedge", "modality", "as written"):
            table.add_column(col)
        for v in g.values:
            table.add_row(*(term(c) for c in (v.outlet, (v.published or "")[:10], f"{v.value:,g}", v.hedge or "",
                                                v.modality, v.text)))
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
                ids += store.get_story(resolve_id(store, "story", story_id)).article_ids
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
    show_rows("Timeline", ["date", "event", "source", "article", "date from"],
              [[e.date, e.text, outlets.get(e.article_id, e.article_id), e.article_id, e.how] for e in entries],
              wide=("event",))


def export(out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write into.")] = Path("export"),
           fmt: Annotated[list[str], typer.Option("--format", "-f", help="md, html, json, rss (repeatable).")] = [  # noqa: B006
               "md", "html", "json", "rss"],
           base_url: Annotated[str | None, typer.Option(
               "--base-url", help="Public address of `storydesk serve` for the feed's links (default: the "
               "base_url setting, else http://host:port/).")] = None,
           db: DbOption = None, as_json: JsonOption = False) -> None:
    """Write every story's latest brief as styled HTML, Markdown and JSON, an index.html and an RSS feed."""
    # lazy: web.exports imports the web package (FastAPI), which costs every other command ~1 s
    from ..web.exports import FORMATS, default_base, write_export

    bad = [f for f in fmt if f not in FORMATS]
    if bad:
        _fail(InputError(f"--format {bad[0]}", "unknown format", "use md, html, json or rss"))
    root = base_url or default_base(_settings(db=db))
    if not root.startswith(("http://", "https://")):
        raise typer.BadParameter(f"{root!r} is not an http(s) address (e.g. https://news.example.org/)",
                                 param_hint="--base-url")
    try:
        count, written = _read(db, lambda store: write_export(store, out, list(fmt), root))
    except StorydeskError as exc:
        _fail(exc)
    if as_json:
        print(json.dumps({"briefs": count, "files": written}))
    else:
        console.print(f"wrote {len(written)} files for {count} briefs into {term(out)} "
                      f"(open {term(out / 'index.html')})")


def rejects(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Inputs that a stage refused, with the reason."""
    items = _read(db, lambda store: store.list_rejects())
    if as_json:
        print(json.dumps([{"id": i, **to_dict(r)} for i, r in items], indent=2))
        return
    show_rows(f"{len(items)} rejects", ["stage", "input", "reason", "at"],
              [[r.stage, r.input, r.reason, r.at or ""] for _, r in items], wide=("input", "reason"))


def stats(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Counts of what the store holds."""
    data = _read(db, lambda store: store.stats())
    if as_json:
        print(json.dumps(data))
        return
    show_rows("store", ["what", "count"], [[k, f"{v:,}" if console.is_terminal else str(v)]
                                           for k, v in data.items()], wide=())


def feeds(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Health of every polled feed: last success, errors in a row, the last error."""
    items = _read(db, lambda store: store.list_feed_health())
    if as_json:
        print(json.dumps(items, indent=2, ensure_ascii=False))
        return
    show_rows(f"{len(items)} feeds", ["feed", "last success", "errors", "entries", "last error"],
              [[h.get("title") or h["url"], (h.get("last_success") or "never")[:19], str(h.get("error_count", 0)),
                str(h.get("entries_seen", 0)), h.get("last_error") or ""] for h in items],
              wide=("feed", "last error"))
