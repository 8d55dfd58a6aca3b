"""Commands that start a server or another engine: serve, spark run, import."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ..engines import spark as engine
from ..engines.batch import import_dir
from ..engines.inputs import plan_units
from ..errors import InputError, StorydeskError
from ..ingest.warc import read_warc_list
from ..safety import term
from .common import DbOption, JsonOption, _fail, _progress, _settings, _store, console


def serve(host: Annotated[str | None, typer.Option(help="Address to listen on (default 127.0.0.1).")] = None,
          port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
          workers: Annotated[int | None, typer.Option(help="Server processes (default 1).")] = None,
          db: DbOption = None) -> None:
    """Serve the reading UI and the JSON API (/api) over the database; prints the address."""
    from ..web.serve import serve as run_server  # lazy: FastAPI and uvicorn cost every other command ~1 s

    settings = _settings(db=db, host=host, port=port, web_workers=workers)
    if not Path(settings.db).exists():
        _fail(InputError(settings.db, "no database here", "run `storydesk run PATH` first, or pass --db"))
    try:
        run_server(settings, echo=lambda line: console.print(term(line), highlight=False, soft_wrap=True))
    except StorydeskError as exc:
        _fail(exc)


def spark_run(
    out: Annotated[str, typer.Option("--out", "-o", help="Output folder: a path, or s3a://bucket/prefix.")],
    warc_list: Annotated[list[Path], typer.Option(
        "--warc-list", help="Text file (or .gz) of WARC paths or URLs, one a line; Common Crawl crawl-data/ "
                            "paths become https://data.commoncrawl.org/ URLs.")] = [],  # noqa: B006
    warc: Annotated[list[str], typer.Option("--warc", help="A WARC file or URL (repeatable).")] = [],  # noqa: B006
    jsonl: Annotated[list[str], typer.Option("--jsonl", help="A news-please JSON-lines file (repeatable).")] = [],  # noqa: B006
    html_dir: Annotated[list[Path], typer.Option("--html-dir", help="A folder of HTML pages (repeatable).")] = [],  # noqa: B006
    master: Annotated[str | None, typer.Option(help="Spark master (default: setting spark_master, local[2]).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Redo inputs that a previous run finished.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Extract, enrich, dedup, cluster and brief on Spark; Parquet outputs and a summary in --out.

    One task per input file; finished files are skipped on a re-run. Load the result with `storydesk import`.
    """
    settings = _settings(spark_master=master)
    try:
        warcs = [*warc, *(p for lst in warc_list for p in read_warc_list(lst))]
        units = plan_units(warcs, jsonl, html_dir, settings.spark_html_batch)
        session = engine.spark_session(settings, master)
        with _progress(not as_json) as progress:
            summary = engine.run(session, units, out, settings, force=force, progress=progress)
    except StorydeskError as exc:
        _fail(exc)
    if as_json:
        print(json.dumps(summary))
        return
    console.print(f"{summary['inputs']} inputs ({summary['processed']} processed, {summary['skipped']} already done): "
                  f"[green]{summary['articles']}[/] articles, {summary['duplicates']} duplicates, "
                  f"{summary['stories']} stories in {summary['blocks']} blocks, {summary['briefs']} briefs, "
                  f"[red]{summary['rejects']}[/] rejects")
    for name in summary["incomplete"]:
        console.print(f"  [red]incomplete[/] {term(name)} (tried again on the next run)")
    console.print(f"outputs in {term(summary['out'])}; serve them with `storydesk import {term(out)}` then "
                  "`storydesk serve`")


def import_run(out: Annotated[str, typer.Argument(help="The --out folder of a `storydesk spark run`.")],
               db: DbOption = None, as_json: JsonOption = False) -> None:
    """Load a Spark run's Parquet outputs into the SQLite store, so the CLI and the web UI serve them."""
    if "://" not in out and not Path(out).is_dir():  # before the store is opened: no database is created
        _fail(InputError(out, "no such folder", "point `storydesk import` at the --out folder of a finished "
                                                "`storydesk spark run`"))
    try:
        with _store(db) as store, _progress(not as_json) as progress:
            result = import_dir(store, out, progress)
            stats = store.stats()
    except StorydeskError as exc:
        _fail(exc)
    if as_json:
        print(json.dumps({**result, "store": stats}))
        return
    console.print(f"imported {result['articles']} articles ({result['added']} new), {result['stories']} stories, "
                  f"{result['briefs']} briefs ({result['new_brief_versions']} new versions), "
                  f"{result['rejects']} rejects")
    console.print(f"store: {stats['articles']} articles, {stats['stories']} stories, {stats['briefs']} briefs")
