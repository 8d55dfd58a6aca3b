"""Units of input for a batch engine: one WARC file, one JSONL dump, or a batch of HTML pages.

Each unit has a stable key (its output files are named after it, so a re-run can skip finished units)
and yields Article and Reject records through the ingest stage functions. Nothing here imports Spark:
the local engine and the Spark engine read the very same records.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, StorydeskError
from ..ingest.files import read_paths
from ..ingest.warc import iter_warc as read_warc
from ..model import Article, Reject
from ..settings import Settings

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")

Record = Article | Reject


@dataclass(frozen=True)
class Unit:
    """One piece of work: ``kind`` is warc, jsonl or html; ``paths`` are local paths or URLs."""

    kind: str
    paths: tuple[str, ...]

    @property
    def key(self) -> str:
        """File-name-safe and stable: the first path's name plus a hash of all the paths."""
        digest = hashlib.sha1("\n".join((self.kind, *self.paths)).encode()).hexdigest()[:10]
        name = _UNSAFE.sub("_", self.paths[0].rstrip("/").rsplit("/", 1)[-1])[:60]
        return f"{self.kind}-{name}-{digest}"

    @property
    def label(self) -> str:
        return self.paths[0] if len(self.paths) == 1 else f"{self.paths[0]} (+{len(self.paths) - 1} pages)"


def plan_units(warc: Iterable[str] = (), jsonl: Iterable[str] = (), html_dirs: Iterable[str | Path] = (),
               html_batch: int = 500) -> list[Unit]:
    """Units in a stable order: each WARC and JSONL file alone, HTML pages in sorted batches."""
    units = [Unit("warc", (str(p),)) for p in warc]
    units += [Unit("jsonl", (str(p),)) for p in jsonl]
    for folder in html_dirs:
        root = Path(folder)
        if not root.is_dir():
            raise InputError(str(root), "not a folder", "--html-dir takes a folder of .html pages")
        pages = sorted(str(p) for p in root.rglob("*") if p.suffix.lower() in {".html", ".htm", ".xhtml"})
        units += [Unit("html", tuple(pages[i:i + html_batch])) for i in range(0, len(pages), html_batch)]
    return units


def read_unit(unit: Unit, settings: Settings) -> Iterator[Record]:
    """The records of one unit, in input order; a broken input becomes a Reject, never an exception."""
    if unit.kind == "warc":
        yield from iter_warc(unit.paths[0], settings)
    elif unit.kind in {"jsonl", "html"}:
        yield from read_paths(unit.paths, min_chars=settings.min_text_chars)
    else:
        yield Reject("ingest", unit.label, f"unknown input kind {unit.kind!r}")


def iter_warc(location: str, settings: Settings) -> Iterator[Record]:
    """The ingest stage's WARC reader; a file that cannot be opened is a Reject, tried again next run."""
    try:
        yield from read_warc(location, settings)
    except StorydeskError as exc:
        yield Reject("warc", location, exc.reason)
