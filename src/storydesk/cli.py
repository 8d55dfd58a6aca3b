"""The command line: ``storydesk --help``. Every command has ``--help``; reading commands have ``--json``."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.markdown import Markdown
from rich.panel import Panel
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from . import __version__
from .errors import StorydeskError
from .ingest.local import read_local
from .model import to_dict
from .safety import term
from .settings import Settings

app = typer.Typer(help="storydesk: news from many outlets -> story briefs in which every sentence cites its "
                       "sources.", no_args_is_help=True, pretty_exceptions_enable=False)
eval_app = typer.Typer(help="Score storydesk on labelled data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

console = Console()
err = Console(stderr=True)

DbOption = Annotated[str | None, typer.Option("--db", help="SQLite database (default: $STORYDESK_DB, ./storydesk.db).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


def _settings(**overrides: Any) -> Settings:
    return Settings(overrides)


def _store(db: str | None, *, must_exist: bool = False) -> Any:
    from .store import Store

    settings = _settings(db=db)
    if must_exist and not Path(settings.db).exists():
        raise StorydeskError(settings.db, "no database here", "run `storydesk run PATH` first, or pass --db")
    return Store(settings.db)


T = TypeVar("T")


def _read(db: str | None, query: Callable[[Any], T]) -> T:
    """Run one read against an existing store; a StorydeskError ends the command with its message."""
    try:
        with _store(db, must_exist=True) as store:
            return query(store)
    except StorydeskError as exc:
        _fail(exc)


@contextmanager
def _progress(enabled: bool = True) -> Iterator[Any]:
    """A Rich progress display with one task per stage; a callback for pipeline.Progress."""
    if not enabled or not sys.stderr.isatty() and not console.is_terminal:
        yield lambda stage, advance, total: None
        return
    with Progress(SpinnerColumn(), TextColumn("{task.description:<8}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err, transient=False) as bar:
        tasks: dict[str, Any] = {}

        def update(stage: str, advance: int, total: int | None) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            elif total is not None:
                bar.update(tasks[stage], total=total)
            bar.advance(tasks[stage], advance)

        yield update


def _fail(exc: StorydeskError) -> NoReturn:
    err.print(f"[bold red]error:[/] {term(exc)}")
    raise typer.Exit(exc.exit_code)


def _version(value: bool) -> None:
    if value:
        console.print(f"storydesk {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                               help="Show the version and exit.")] = False) -> None:
    """storydesk turns a stream of news into cited story briefs."""


def _report_ingest(summary: Any, as_json: bool) -> None:
    if as_json:
        return
    console.print(f"[green]{summary.accepted}[/] added, {summary.duplicates} duplicates grouped, "
                  f"{summary.already_present} already present, [red]{summary.rejected}[/] rejected")
    for reason, count in summary.reasons.most_common(10):
        console.print(f"  {count} x {term(reason)}")
    for r in summary.rejects[:20]:
        console.print(f"  [red]rejected[/] {term(r.input)}: {term(r.reason)}")
    if summary.rejected > 20:
        console.print(f"  ... and {summary.rejected - 20} more (see `storydesk rejects`)")


@app.command()
def ingest(inputs: Annotated[list[str], typer.Argument(
               help="Files, folders or URLs: news-please JSON, HTML, JSONL/CSV dumps, WARC(.gz) files, feeds, "
                    "OPML, sitemaps, page URLs, and text files listing URLs or WARC paths.")],
           mapping: Annotated[list[str] | None, typer.Option(
               "--map", help="Dump column for a field, FIELD=COLUMN (text, title, url, published_at, authors, "
                             "outlet, language, description, html); repeatable.")] = None,
           max_entries: Annotated[int, typer.Option(help="Most feed entries fetched (0: all).")] = 0,
           db: DbOption = None, as_json: JsonOption = False) -> None:
    """Add articles to the store. Re-running adds nothing twice; bad inputs land in `rejects`."""
    from . import pipeline
    from .ingest.dumps import parse_mapping

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
    if summary.accepted == 0 and summary.already_present == 0 and summary.rejected:
        raise typer.Exit(2)


@app.command()
def run(paths: Annotated[list[str], typer.Argument(help="Inputs to ingest first, as for `ingest` (may be none).")] = [],  # noqa: B006
        db: DbOption = None, as_json: JsonOption = False) -> None:
    """The whole pipeline: ingest, enrich, cluster into stories, write briefs."""
    from . import pipeline

    settings = _settings(db=db)
    try:
        with _store(db) as store, _progress(not as_json) as progress:
            result = pipeline.run(store, paths, settings, progress)
            stats = store.stats()
    except StorydeskError as exc:
        _fail(exc)
    if as_json:
        console.print_json(json.dumps({**result, "store": stats}))
        return
    s = result["ingest"]
    console.print(f"ingest: [green]{s['accepted']}[/] added, {s['duplicates']} duplicates, "
                  f"{s['already_present']} already present, [red]{s['rejected']}[/] rejected")
    for r in s["rejects"][:20]:
        console.print(f"  [red]rejected[/] {term(r['input'])}: {term(r['reason'])}")
    console.print(f"store: {stats['articles']} articles, {stats['stories']} stories, {stats['briefs']} briefs "
                  f"in {term(settings.db)}")


def _story_json(story: Any, articles: dict[str, Any]) -> dict[str, Any]:
    data = to_dict(story)
    data["size"] = story.size
    data["articles"] = [
        {"id": a.id, "url": a.url, "outlet": a.outlet, "title": a.title, "published": a.published_at,
         "duplicate_of": a.duplicate_of}
        for a in (articles[i] for i in story.article_ids if i in articles)
    ]
    return data


@app.command()
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
        table.add_row(term(s.id), str(s.size), str(len(s.outlets)), term((s.first_seen or "")[:10]),
                      term((s.last_seen or "")[:10]), term(s.title))
    console.print(table)


@app.command()
def brief(story_id: Annotated[str, typer.Argument(help="Story id (a unique prefix is enough).")],
          fmt: Annotated[str, typer.Option("--format", "-f", help="md, json or html.")] = "md",
          version: Annotated[int | None, typer.Option(help="A stored version (default: the latest).")] = None,
          since: Annotated[int | None, typer.Option(help="Show only what is new since this version.")] = None,
          writer: Annotated[str, typer.Option(help="extractive or llm (needs STORYDESK_LLM_*).")] = "extractive",
          full: Annotated[bool, typer.Option("--full", help="Every section in full, beyond the default "
                                             "~450-word body.")] = False,
          db: DbOption = None) -> None:
    """Show a story's brief: every sentence with its citations, and Related Sources."""
    from .brief.render import diff_since, render

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
                if not b.sentences:
                    print(f"Nothing has changed in this story since version {since} "
                          f"(the latest is version {b.version}).")
                    return
            if writer == "llm":
                from .brief.llm import write_with_llm

                settings = _settings(db=db)
                result = write_with_llm(b, base_url=settings.llm_base_url, model=settings.llm_model,
                                        api_key=settings.llm_api_key)
                err.print(f"LLM writer: {result.kept} sentences kept, {result.dropped} dropped as unsupported")
                for reason in result.reasons:
                    err.print(f"  dropped {term(reason)}")
                b = result.brief
    except StorydeskError as exc:
        _fail(exc)
    if full:
        b.coverage = {**b.coverage, "full": True}
    out = render(b, fmt)
    if fmt == "md" and console.is_terminal:
        console.print(Markdown(out))
    else:
        print(out)


@app.command()
def compare(story_id: Annotated[str, typer.Argument(help="Story id (a unique prefix is enough).")],
            db: DbOption = None, as_json: JsonOption = False) -> None:
    """Numeric claims across a story's outlets: each outlet's value, date and hedge; agreements,
    disagreements and changes over time."""
    from .stories.compare import compare_claims

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
        table = Table(title=term(f"{g.counted} ({g.unit or 'count'}): {g.note}"))
        for col in ("outlet", "date", "value", "hedge", "modality", "as written"):
            table.add_column(col)
        for v in g.values:
            table.add_row(*(term(x) for x in (v.outlet, (v.published or "")[:10], f"{v.value:,g}", v.hedge or "",
                                             v.modality, v.text)))
        console.print(table)


@app.command()
def timeline(story_ids: Annotated[list[str], typer.Argument(
                 help="Story id (a unique prefix is enough); several ids give one topic-level timeline.")],
             dates: Annotated[int | None, typer.Option("--dates", help="Most dates (default: by story size).")] = None,
             per_date: Annotated[int | None, typer.Option("--per-date", help="Sentences per date.")] = None,
             db: DbOption = None, as_json: JsonOption = False) -> None:
    """A story's dated timeline: key events on their dates, each a cited source sentence."""
    from .stories.timeline import story_timeline

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
        table.add_row(*(term(x) for x in (e.date, e.text, f"{outlets.get(e.article_id, e.article_id)} "
                                          f"[{e.article_id[:8]}]", e.how)))
    console.print(table)


@app.command()
def export(out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write into.")] = Path("export"),
           fmt: Annotated[list[str], typer.Option("--format", "-f", help="md, html, json, rss (repeatable).")] = [  # noqa: B006
               "md", "html", "json", "rss"],
           base_url: Annotated[str | None, typer.Option(
               "--base-url", help="Public address of `storydesk serve` for the feed's links (default: the "
               "base_url setting, else http://host:port/).")] = None,
           db: DbOption = None, as_json: JsonOption = False) -> None:
    """Write every story's latest brief as styled HTML, Markdown and JSON, an index.html and an RSS feed."""
    from .web.exports import FORMATS, default_base, write_export

    bad = [f for f in fmt if f not in FORMATS]
    if bad:
        _fail(StorydeskError(f"--format {bad[0]}", "unknown format", "use md, html, json or rss"))
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


@app.command()
def analyze(source: Annotated[str, typer.Argument(help="A text file, or - for standard input.")] = "-",
            jsonl: Annotated[bool, typer.Option("--jsonl", help="Input is JSON lines of {id, text}.")] = False,
            as_json: JsonOption = False) -> None:
    """Analyse text: sentences, entities with actors, quotes, claims and events, with character offsets."""
    from .enrich import enrich_articles
    from .model import Article

    try:
        data = sys.stdin.buffer.read() if source == "-" else read_local(source)
    except StorydeskError as exc:
        _fail(exc)
    except OSError as exc:
        _fail(StorydeskError(source, f"cannot read: {exc.strerror or exc}"))
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
            _fail(StorydeskError(source, f"no line could be analysed ({skipped} skipped)"))
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


@app.command()
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
        table.add_row(term(r.stage), term(r.input), term(r.reason), term(r.at or ""))
    console.print(table)


@app.command()
def stats(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Counts of what the store holds."""
    data = _read(db, lambda store: store.stats())
    if as_json:
        print(json.dumps(data))
    else:
        console.print(data)


@eval_app.command("clustering")
def eval_clustering(corpus: Annotated[Path, typer.Argument(help="news-please JSON with newsCluster.EventId.")],
                    as_json: JsonOption = False) -> None:
    """Ingest and cluster a labelled corpus in a temporary database; print BCubed P/R/F1 and ARI."""
    from .evaluate.clustering import evaluate_corpus

    try:
        with _progress(not as_json) as progress:
            scores = evaluate_corpus(corpus, _settings(), progress)
    except StorydeskError as exc:
        _fail(exc)
    if as_json:
        print(json.dumps(scores))
        return
    table = Table(title=f"clustering on {term(corpus)}")
    for k in scores:
        table.add_column(k)
    table.add_row(*(f"{v:.4f}" if isinstance(v, float) else str(v) for v in scores.values()))
    console.print(table)


@eval_app.command("timelines")
def eval_timelines_cmd(data: Annotated[Path, typer.Argument(help="Timeline17-style folder of topics (or one topic).")],
                       out: Annotated[Path | None, typer.Option("--out", help="Write each predicted timeline "
                                                                "here as <topic>.json.")] = None,
                       method: Annotated[str, typer.Option(help="datewise or baseline.")] = "datewise",
                       as_json: JsonOption = False) -> None:
    """Build a timeline per (topic, gold timeline) and print alignment ROUGE-1/2 F and date F1 (news-tls)."""
    from .evaluate.timelines import eval_timelines

    try:
        result = eval_timelines(data, out, method=method)
    except StorydeskError as exc:
        _fail(exc)
    if as_json:
        print(json.dumps(result, indent=2))
        return
    table = Table(title=term(f"timelines on {data} ({method}, {result['seconds']} s)"))
    for col in ("timeline", "dates", "ROUGE-1 F", "ROUGE-2 F", "date F1"):
        table.add_column(col)
    for p in result["pairs"]:
        table.add_row(term(p["name"]), str(p["n_dates"]), f"{p['rouge1_f']:.4f}", f"{p['rouge2_f']:.4f}",
                      f"{p['date_f']:.4f}")
    o = result["overall"]
    table.add_row("overall", "", f"{o['rouge1_f']:.4f}", f"{o['rouge2_f']:.4f}", f"{o['date_f']:.4f}")
    console.print(table)


@eval_app.command("briefs")
def eval_briefs(db: DbOption = None, min_size: Annotated[int, typer.Option(help="Stories of at least this many "
                                                                           "articles.")] = 2,
                as_json: JsonOption = False) -> None:
    """Reader defects per class over every stored brief (run `storydesk run CORPUS` first), with body length,
    key facts from 2+ outlets and coverage of facts from 3+ outlets beside LexRank and TextRank."""
    from .evaluate.briefs import evaluate_briefs

    result = _read(db, lambda store: evaluate_briefs(store, min_size=min_size))
    if as_json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return
    table = Table(title=f"reader defects in {result['briefs']} briefs")
    table.add_column("class")
    table.add_column("defects")
    for c, n in result["defects"].items():  # in the checker's order of classes
        table.add_row(c, str(n))
    table.add_row("total", str(result["defects_total"]))
    console.print(table)
    console.print(f"median body words {result['median_body_words']}; key facts with 2+ outlets "
                  f"{result['facts_2plus_share']:.0%}; edits {result['edits']}, failing the check "
                  f"{result['edits_failed']}")
    for name in ("ours", "lexrank", "textrank"):
        r = result[name]
        console.print(f"{name}: coverage of 3+ outlet facts {r['coverage_3plus']:.1%}, supported "
                      f"{r['supported_share']:.1%}, numbers/quotes absent from a cited source "
                      f"{r['unsupported_numbers']}/{r['unsupported_quotes']}, redundant pairs {r['redundant_pairs']}")


@eval_app.command("quotes")
def eval_quotes(split: Annotated[str, typer.Option(help="PolNeAR split: dev or train.")] = "dev",
                peer: Annotated[bool, typer.Option(help="Run textacy's direct_quotations beside ours.")] = True,
                as_json: JsonOption = False) -> None:
    """Score quotes and attributions on PolNeAR (content P/R/F1 at overlap >= 0.5, source accuracy)."""
    from .evaluate.attribution import evaluate_polnear

    try:
        scores = evaluate_polnear(split, peer=peer)
    except StorydeskError as exc:
        _fail(exc)
    rows = [s.as_dict() for s in scores.values()]
    if as_json:
        print(json.dumps(rows))
        return
    table = Table(title=f"quotes on PolNeAR {split}")
    cols = ("name", "docs", "gold", "predicted", "precision", "recall", "f1", "source_accuracy")
    for c in cols:
        table.add_column(c)
    for r in rows:
        table.add_row(*(str(r[c]) for c in cols))
    console.print(table)


@app.command()
def demo(corpus: Annotated[Path | None, typer.Argument(
             help="Folder of news-please JSON or HTML files (the offline fallback with --feeds).")] = None,
         feeds: Annotated[Path | None, typer.Option(
             help="Live mode: an OPML list of feeds to poll first (e.g. examples/feeds.opml).")] = None,
         max_entries: Annotated[int, typer.Option(help="Most fresh articles fetched in live mode.")] = 300,
         db: DbOption = None) -> None:
    """Run the whole pipeline on live feeds (or a corpus when the network is unreachable), then show the
    stories and one full brief."""
    from . import pipeline
    from .brief.render import to_markdown

    settings = _settings(db=db)
    live = _demo_live(feeds, settings, max_entries, db) if feeds else None
    if live is None:
        if corpus is None or not corpus.exists():
            _fail(StorydeskError(str(corpus or "CORPUS"), "no such folder", "pass CORPUS=DIR to `make demo`"))
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
            s = result["ingest"]
            console.print(f"ingest: {s['accepted']} added, {s['duplicates']} duplicates, "
                          f"{s['already_present']} already present, {s['rejected']} rejected")
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
                console.print(Markdown(to_markdown(store.get_brief(top.id))))
                console.print(f"\nMore: [bold].venv/bin/storydesk stories[/], "
                              f"[bold].venv/bin/storydesk brief {term(top.id)} --format json[/]")
    except StorydeskError as exc:
        _fail(exc)


@app.command()
def serve(host: Annotated[str | None, typer.Option(help="Address to listen on (default 127.0.0.1).")] = None,
          port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
          workers: Annotated[int | None, typer.Option(help="Server processes (default 1).")] = None,
          db: DbOption = None) -> None:
    """Serve the reading UI and the JSON API (/api) over the database; prints the address."""
    from .web.serve import serve as run_server

    settings = _settings(db=db, host=host, port=port, web_workers=workers)
    if not Path(settings.db).exists():
        _fail(StorydeskError(settings.db, "no database here", "run `storydesk run PATH` first, or pass --db"))
    try:
        run_server(settings, echo=lambda line: console.print(term(line), highlight=False, soft_wrap=True))
    except StorydeskError as exc:
        _fail(exc)


spark_app = typer.Typer(help="Run the pipeline on Apache Spark (the spark extra); see docs/scale.md.",
                        no_args_is_help=True)
app.add_typer(spark_app, name="spark")


@spark_app.command("run")
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
    from .engines import spark as engine
    from .engines.inputs import plan_units
    from .ingest.warc import read_warc_list

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


@app.command("import")
def import_run(out: Annotated[str, typer.Argument(help="The --out folder of a `storydesk spark run`.")],
               db: DbOption = None, as_json: JsonOption = False) -> None:
    """Load a Spark run's Parquet outputs into the SQLite store, so the CLI and the web UI serve them."""
    from .engines.batch import import_dir

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


if __name__ == "__main__":
    app()


def _demo_live(feeds: Path, settings: Settings, max_entries: int, db: str | None) -> dict[str, Any] | None:
    """Poll the feeds once for the demo; None (with a message) when the network or the feeds fail."""
    from . import pipeline
    from .ingest.feeds import load_feed_list
    from .ingest.fetch import network_reachable

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


# -- ingest: feeds, extraction, duplicates ----------------------------------------------------------------
@app.command()
def watch(feeds_file: Annotated[Path, typer.Argument(help="OPML list of feeds (or one feed/sitemap URL per line).")],
          interval: Annotated[float, typer.Option(help="Seconds between polls of one feed.")] = 900.0,
          once: Annotated[bool, typer.Option("--once", help="Poll every due feed once, then stop.")] = False,
          analyze: Annotated[bool, typer.Option(help="Enrich, cluster and brief after each poll.")] = True,
          max_entries: Annotated[int, typer.Option(help="Most new entries fetched per poll (0: all).")] = 0,
          db: DbOption = None) -> None:
    """Poll feeds on a schedule (conditional GET, robots.txt, backoff); new articles go through the pipeline."""
    from . import pipeline
    from .ingest.feeds import load_feed_list

    settings = _settings(db=db)
    try:
        feeds = load_feed_list(feeds_file)
        with _store(db) as store:
            while True:
                summary, polled, wait = pipeline.poll_feeds(store, feeds, settings, interval,
                                                            max_entries=max_entries)
                console.print(f"{polled} feeds polled: [green]{summary.accepted}[/] new articles, "
                              f"{summary.duplicates} duplicates, [red]{summary.rejected}[/] rejected")
                if analyze and summary.accepted:
                    pipeline.enrich(store, settings)
                    touched = pipeline.cluster(store, settings)
                    pipeline.write_briefs(store, settings, sorted(touched))
                if once:
                    return
                import time

                time.sleep(max(5.0, wait))
    except StorydeskError as exc:
        _fail(exc)
    except KeyboardInterrupt:
        console.print("stopped")


@app.command()
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
        table.add_row(term(h.get("title") or h["url"]), term((h.get("last_success") or "never")[:19]),
                      str(h.get("error_count", 0)), str(h.get("entries_seen", 0)), term(h.get("last_error") or ""),
                      style=style)
    console.print(table)


@app.command()
def extract(source: Annotated[str, typer.Argument(help="An HTML file or a page URL.")],
            as_json: JsonOption = False) -> None:
    """What extraction gives for one page: text and metadata (nothing is stored)."""
    from .ingest.extract import extract_html
    from .ingest.fetch import fetch_url

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
    console.print(Panel(f"[bold]{term(article.title)}[/]\n{term(article.outlet)} · "
                        f"{term(article.published_at or 'no date')} · {term(article.language or '?')} · "
                        f"{term(', '.join(article.authors) or 'no author')}\n"
                        f"{term(article.canonical_url or article.url or '')}"))
    console.print(term(article.text))


@app.command()
def article(article_id: Annotated[str, typer.Argument(help="Article id.")],
            db: DbOption = None, as_json: JsonOption = False) -> None:
    """One stored article, and why it was grouped with its duplicates (similarity, shared shingles)."""
    from .pipeline import duplicate_report

    art, report = _read(db, lambda store: (a := store.get_article(article_id), duplicate_report(store, a)))
    if as_json:
        print(json.dumps({"article": to_dict(art), "duplicates": report}, indent=2, ensure_ascii=False))
        return
    console.print(Panel(f"[bold]{term(art.title)}[/]\n{term(art.outlet)} · {term(art.published_at or 'no date')} · "
                        f"{term(art.url or '')}\n{len(art.text)} characters · id {term(art.id)}"))
    if not report["members"]:
        console.print("No duplicates: no other article shares this text.")
        return
    console.print(f"Duplicate group of {len(report['members'])} (original: {term(report['original'])}, "
                  f"{term(report['why_original'])}):")
    table = Table()
    for col in ("id", "outlet", "published", "kind", "similarity", "shared shingles", "e.g."):
        table.add_column(col, overflow="fold")
    for m in report["members"]:
        table.add_row(*(term(x) for x in (m["id"] + (" (original)" if m["id"] == report["original"] else ""),
                                          m["outlet"], (m["published_at"] or "")[:10], m["kind"],
                                          f"{m['similarity']:.2f}", m["shared_shingles"],
                                          " | ".join(m["examples"][:2]))))
    console.print(table)
