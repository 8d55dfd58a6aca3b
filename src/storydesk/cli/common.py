"""What every command shares: the consoles, the options, the store, the progress bar and the app's callback."""

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
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from .. import __version__
from ..errors import StorydeskError
from ..settings import Settings
from ..store import Store

console = Console()
err = Console(stderr=True)

DbOption = Annotated[str | None, typer.Option("--db", help="SQLite database (default: $STORYDESK_DB, ./storydesk.db).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


def _settings(**overrides: Any) -> Settings:
    return Settings(overrides)

def _store(db: str | None, *, must_exist: bool = False) -> Any:
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
    err.print(f"[bold red]error:[/] {exc}")
    raise typer.Exit(exc.exit_code)

def _version(value: bool) -> None:
    if value:
        console.print(f"storydesk {__version__}")
        raise typer.Exit()

def main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                               help="Show the version and exit.")] = False) -> None:
    """storydesk turns a stream of news into cited story briefs."""
