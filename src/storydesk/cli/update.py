"""Commands that change the store: ingest, run, demo, watch (each one update of the store)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.panel import Panel
from rich.table import Table

from .. import pipeline
from ..brief.render import to_markdown
from ..errors import InputError, StorydeskError
from ..ingest.dumps import parse_mapping
from ..ingest.feeds import load_feed_list
from ..ingest.fetch import network_reachable
from ..ingest.sources import input_kind
from ..safety import term
from ..settings import Settings
from .common import DbOption, JsonOption, _fail, _progress, _settings, _store, console


def counts_line(s: dict[str, Any]) -> str:
    """One line of ingest counts that add up: new + duplicates + already present + rejected = inputs seen.

    ``accepted`` counts every stored article, the duplicates grouped under an original among them."""
    new = s["accepted"] - s["duplicates"]
    seen = s["accepted"] + s["already_present"] + s["rejected"]
    return (f"{seen} inputs: [green]{new}[/] new articles, {s['duplicates']} duplicates grouped, "
            f"{s['already_present']} already present, [red]{s['rejected']}[/] rejected")


def _print_rejects(rejects: list[dict[str, str]], total: int) -> None:
    for r in rejects[:20]:
        console.print(f"  [red]rejected[/] {term(r['input'])}: {term(r['reason'])}", highlight=False)
    if total > 20:
        console.print(f"  ... and {total - 20} more (see `storydesk rejects`)")


def _next_steps(story: str) -> None:
    """What to run next, with a real story id when there is one."""
    console.print(f"next: [bold]storydesk stories[/] (list them), [bold]storydesk brief {term(story)}[/] (read one), "
                  f"[bold]storydesk search WORDS[/], [bold]storydesk serve[/] (the web UI)", highlight=False)


def check_inputs(inputs: list[str]) -> None:
    """End the command (exit 2) before a database is opened, so that none is created, when no input given
    can be read; a missing input beside readable ones is a reject of the run, as before."""
    problems: list[InputError] = []
    for arg in inputs:
        try:
            input_kind(arg)
        except InputError as exc:
            problems.append(exc)
    if not inputs or len(problems) < len(inputs):
        return
    if len(problems) == 1:
        _fail(problems[0])
    shown = ", ".join(inputs[:3]) + (", ..." if len(inputs) > 3 else "")
    _fail(InputError(shown, f"none of the {len(inputs)} inputs is a file, a folder or an http(s) URL",
                     "check the paths"))


def _report_ingest(summary: Any, as_json: bool) -> None:
    if as_json:
        return
    data = summary.as_dict()
    console.print(counts_line(data), highlight=False)
    for reason, count in summary.reasons.most_common(10):
        console.print(f"  {count} x {term(reason)}", highlight=False)
    _print_rejects(data["rejects"], summary.rejected)


def ingest(inputs: Annotated[list[str], typer.Argument(
               help="Files, folders or URLs: news-please JSON, HTML, JSONL/CSV dumps, WARC(.gz) files, feeds, "
                    "OPML, sitemaps, page URLs, and text files listing URLs or WARC paths.")],
           mapping: Annotated[list[str] | None, typer.Option(
               "--map", help="Dump column for a field, FIELD=COLUMN (text, title, url, published_at, authors, "
                             "outlet, language, description, html); repeatable.")] = None,
           max_entries: Annotated[int, typer.Option(help="Most feed entries fetched (0: all).")] = 0,
           db: DbOption = None, as_json: JsonOption = False) -> None:
    """Add articles to the store. Re-running adds nothing twice; bad inputs land in `rejects`."""
    check_inputs(inputs)
    try:
        columns = parse_mapping(mapping)
        with _store(db) as store, _progress(not as_json) as progress:
            summary = pipeline.ingest_inputs(store, inputs, _settings(db=db), mapping=columns,
                                             max_entries=max_entries, progress=progress)
    except StorydeskError as exc:
        _fail(exc)
    _report_ingest(summary, as_json)
    if as_json:
        console.print_json(json.dumps(summary.as_dict()))
    elif summary.accepted:
        console.print("next: [bold]storydesk run[/] (enrich, cluster and brief what was added)", highlight=False)
    if summary.accepted == 0 and summary.already_present == 0 and summary.rejected:
        raise typer.Exit(2)


def run(paths: Annotated[list[str], typer.Argument(help="Inputs to ingest first, as for `ingest` (may be none).")] = [],  # noqa: B006
        db: DbOption = None, as_json: JsonOption = False) -> None:
    """The whole pipeline: ingest, enrich, cluster into stories, write briefs."""
    check_inputs(paths)
    settings = _settings(db=db)
    try:
        with _store(db) as store, _progress(not as_json) as progress:
            result = pipeline.run(store, paths, settings, progress)
            stats = store.stats()
            top = [s.id for s in store.list_stories(limit=1)] or ["ID"]
    except StorydeskError as exc:
        _fail(exc)
    if as_json:
        console.print_json(json.dumps({**result, "store": stats}))
    s = result["ingest"]
    if not as_json:
        console.print(f"ingest: {counts_line(s)}", highlight=False)
        _print_rejects(s["rejects"], s["rejected"])
        console.print(f"store: {stats['articles']} articles, {stats['stories']} stories, {stats['briefs']} briefs "
                      f"in {term(settings.db)}", highlight=False)
    if paths and s["accepted"] == 0 and s["already_present"] == 0 and s["rejected"]:
        raise typer.Exit(2)  # as `ingest`: every input given was refused
    if not as_json:
        _next_steps(top[0])


def demo(corpus: Annotated[Path | None, typer.Argument(
             help="Folder of news-please JSON or HTML files (the offline fallback with --feeds).")] = None,
         feeds: Annotated[Path | None, typer.Option(
             help="Live mode: an OPML list of feeds to poll first (e.g. examples/feeds.opml).")] = None,
         max_entries: Annotated[int, typer.Option(help="Most fresh articles fetched in live mode.")] = 300,
         db: DbOption = None) -> None:
    """Run the whole pipeline on live feeds (or a corpus when the network is unreachable), then show the
    stories and one full brief."""
    settings = _settings(db=db)
    live = _demo_live(feeds, settings, max_entries, db) if feeds else None
    if live is None:
        if corpus is None or not corpus.exists():
            _fail(InputError(str(corpus or "CORPUS"), "no such folder", "pass CORPUS=DIR to `make demo`"))
        console.print(Panel(term(f"storydesk demo: {corpus} -> {settings.db}"), style="bold"))
    try:
        with _store(db) as store:
            with _progress() as progress:
                if live is not None:
                    result = {"ingest": live}
                    pipeline.run(store, [], settings, progress)
                else:
                    assert corpus is not None  # checked above
                    result = pipeline.run(store, [corpus], settings, progress)
            console.print(f"ingest: {counts_line(result['ingest'])}", highlight=False)
            items = store.list_stories(limit=15, min_size=2)
            table = Table(title=f"Top stories ({store.count_stories()} in all)")
            for col in ("id", "articles", "outlets", "first", "title"):
                table.add_column(col)
            for st in items:
                table.add_row(term(st.id), str(st.size), str(len(st.outlets)), term((st.first_seen or "")[:10]),
                              term(st.title))
            console.print(table)
            if items:
                top = max(items, key=lambda st: (len(st.outlets), st.size))
                from rich.markdown import Markdown  # here: markdown-it is a slow import only this path needs

                console.print(Markdown(to_markdown(store.get_brief(top.id))))
                console.print(f"\nMore: [bold].venv/bin/storydesk stories[/], "
                              f"[bold].venv/bin/storydesk brief {term(top.id)} --format json[/]")
    except StorydeskError as exc:
        _fail(exc)


def _demo_live(feeds: Path, settings: Settings, max_entries: int, db: str | None) -> dict[str, Any] | None:
    """Poll the feeds once for the demo; None (with a message) when the network or the feeds fail."""
    try:
        sources = load_feed_list(feeds)
    except StorydeskError as exc:
        _fail(exc)
    if not network_reachable([f.url for f in sources], allow=settings.allowed_hosts):
        console.print("[yellow]The network is unreachable: no feed host answered. Falling back to the corpus.[/]")
        return None
    console.print(Panel(term(f"storydesk demo, live: {len(sources)} feeds from {feeds} -> {settings.db}"),
                        style="bold"))
    with _store(db) as store:
        summary, _polled, _ = pipeline.poll_feeds(store, sources, settings, 0.0, max_entries=max_entries)
        if not summary.accepted and store.count_articles() == 0:
            console.print("[yellow]No article could be fetched from the feeds. Falling back to the corpus.[/]")
            return None
    return summary.as_dict()


def watch(feeds_file: Annotated[Path, typer.Argument(help="OPML list of feeds (or one feed/sitemap URL per line).")],
          interval: Annotated[float, typer.Option(help="Seconds between polls of one feed.")] = 900.0,
          once: Annotated[bool, typer.Option("--once", help="Poll every due feed once, then stop.")] = False,
          analyze: Annotated[bool, typer.Option(help="Enrich, cluster and brief after each poll.")] = True,
          max_entries: Annotated[int, typer.Option(help="Most new entries fetched per poll (0: all).")] = 0,
          db: DbOption = None) -> None:
    """Poll feeds on a schedule (conditional GET, robots.txt, backoff); new articles go through the pipeline."""
    settings = _settings(db=db)
    try:
        feeds = load_feed_list(feeds_file)
        with _store(db) as store:
            while True:
                result = pipeline.update(store, settings, feeds=feeds, interval=interval, max_entries=max_entries,
                                         analyze=analyze, only_when_new=True)
                poll = result["poll"]
                console.print(f"{poll['feeds']} feeds polled: [green]{poll['accepted']}[/] new articles, "
                              f"{poll['duplicates']} duplicates, [red]{poll['rejected']}[/] rejected")
                if once:
                    return
                time.sleep(max(5.0, poll["next_poll_s"]))
    except StorydeskError as exc:
        _fail(exc)
    except KeyboardInterrupt:
        console.print("stopped")
