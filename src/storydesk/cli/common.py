"""What every command shares: the consoles, the options, the store, ids, tables, the progress bar and the
app's callback."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from .. import __version__
from ..errors import InputError, NotFoundError, StorydeskError
from ..safety import term, term_marked, unmarked
from ..settings import Settings
from ..store import Store

console = Console()
err = Console(stderr=True)

DbOption = Annotated[str | None, typer.Option("--db", help="SQLite database (default: $STORYDESK_DB, ./storydesk.db).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


def _settings(**overrides: Any) -> Settings:
    return Settings.load(overrides)

def _store(db: str | None, *, must_exist: bool = False) -> Any:
    settings = _settings(db=db)
    if must_exist and not Path(settings.db).exists():
        raise InputError(settings.db, "no database here", "run `storydesk run PATH` first, or pass --db")
    return Store(settings.db)


T = TypeVar("T")


def _read(db: str | None, query: Callable[[Any], T]) -> T:
    """Run one read against an existing store; a StorydeskError ends the command with its message."""
    try:
        with _store(db, must_exist=True) as store:
            return query(store)
    except StorydeskError as exc:
        _fail(exc)

class _RateColumn(ProgressColumn):
    """Items a second, once a stage has done some."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.1f}/s" if speed else "", style="progress.data.speed")


@contextmanager
def _progress(enabled: bool = True) -> Iterator[Any]:
    """A Rich progress display with one task per stage (count, rate, time left); a callback for
    pipeline.Progress. A stage ends when the next one starts, and enrichment says it is loading models
    until its first batch is done."""
    if not enabled or not sys.stderr.isatty() and not console.is_terminal:
        yield lambda stage, advance, total: None
        return
    with Progress(SpinnerColumn(), TextColumn("{task.description:<24}"), BarColumn(), MofNCompleteColumn(),
                  _RateColumn(), TimeElapsedColumn(), TextColumn("elapsed,"), TimeRemainingColumn(),
                  TextColumn("left"), console=err,
                  transient=False) as bar:
        tasks: dict[str, Any] = {}

        def update(stage: str, advance: int, total: int | None) -> None:
            if stage not in tasks:
                for task_id in tasks.values():  # the previous stage is over: stop its spinner and clock
                    task = bar.tasks[task_id]
                    bar.update(task_id, total=task.completed if task.total is None else task.total,
                               completed=task.completed if task.total is None else task.total)
                    bar.stop_task(task_id)
                label = f"{stage} (loading models)" if stage == "enrich" and total else stage
                tasks[stage] = bar.add_task(label, total=total)
            elif total is not None:
                bar.update(tasks[stage], total=total)
            if advance:
                bar.update(tasks[stage], description=stage)
            bar.advance(tasks[stage], advance)

        yield update


def resolve_id(store: Any, kind: str, given: str) -> str:
    """The full id of the article or story (``kind``) that ``given`` is, or is the unique prefix of.

    An unknown id is not found (exit 4); a prefix shared by several ids is bad input (exit 2) that lists them.
    """
    found = store.ids_with_prefix(kind, given, limit=11)
    if given in found:
        return given
    if len(found) == 1:
        return str(found[0])
    if not found:
        hint = "list them with `storydesk stories` or `storydesk search`"
        raise NotFoundError(given, f"no such {kind}", hint)
    more = ", ..." if len(found) > 10 else ""
    raise InputError(given, f"ambiguous {kind} id prefix, {len(found) if not more else 'more than 10'} "
                     f"{'stories' if kind == 'story' else 'articles'} start with it: {', '.join(found[:10])}{more}",
                     "give more characters")


def show_rows(title: str, columns: list[str], rows: list[list[str]], *, total: int | None = None,
              wide: tuple[str, ...] = ("title",), marked: tuple[str, ...] = ()) -> None:
    """A table on a terminal; plain tab-separated rows (a header, then full ids and titles) when stdout is a
    pipe or a file. "showing N of M" goes to stderr when not every row is shown. The ``marked`` columns are
    search snippets: their matched words are highlighted on a terminal, unmarked elsewhere."""
    shown = len(rows)
    note = f"showing {shown} of {total}" if total is not None and total > shown else ""
    marks = {i for i, col in enumerate(columns) if col in marked}
    if not console.is_terminal:
        clean = [[(unmarked(cell) if i in marks else cell or "").replace("\t", " ").replace("\n", " ")
                  for i, cell in enumerate(row)] for row in rows]
        print("\t".join(columns))
        for row in clean:
            print("\t".join(row))
        if note:
            err.print(note, markup=False, highlight=False)
        return
    table = Table(title=term(f"{title} ({note})" if note else title))
    for col in columns:
        table.add_column(col, overflow="fold", ratio=3 if col in wide else None,
                         no_wrap=col not in wide and col in ("id", "first", "last", "date", "published"))
    for row in rows:
        table.add_row(*(term_marked(cell) if i in marks else term(cell or "") for i, cell in enumerate(row)))
    console.print(table)


def _fail(exc: StorydeskError) -> NoReturn:
    err.print(f"[bold red]error:[/] {term(exc)}", soft_wrap=True)
    raise typer.Exit(exc.exit_code)

def _version(value: bool) -> None:
    if value:
        console.print(f"storydesk {__version__}")
        raise typer.Exit()

def main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                               help="Show the version and exit.")] = False) -> None:
    """storydesk turns a stream of news into cited story briefs."""
