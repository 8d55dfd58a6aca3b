"""Units of input for a batch engine: one WARC file, one JSONL dump, or a batch of HTML pages.

Each unit has a stable key (its output files are named after it, so a re-run can skip finished units)
and yields Article and Reject records through the ingest stage functions. Nothing here imports Spark:
the local engine and the Spark engine read the very same records.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..errors import InputError, StorydeskError
from ..model import Article, Reject
from ..settings import Settings

CC_BASE = "https://data.commoncrawl.org/"
HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_RECORD_BYTES = 5_000_000
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


def read_path_list(path: str | Path) -> list[str]:
    """Paths or URLs, one a line (gzipped or not); Common Crawl ``crawl-data/`` paths become HTTPS URLs."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read the list: {exc.strerror or exc}") from exc
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    out = []
    for line in raw.decode("utf-8", "replace").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("crawl-data/"):
            line = CC_BASE + line
        elif "://" not in line and not line.startswith("/"):
            line = str((path.parent / line).resolve())
        out.append(line)
    return out


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
    from ..ingest.files import read_paths

    if unit.kind == "warc":
        yield from iter_warc(unit.paths[0], settings)
    elif unit.kind in {"jsonl", "html"}:
        yield from read_paths(unit.paths, min_chars=settings.min_text_chars)
    else:
        yield Reject("ingest", unit.label, f"unknown input kind {unit.kind!r}")


def iter_warc(location: str, settings: Settings) -> Iterator[Record]:
    """WARC records -> Articles; the ingest stage's own reader when it exists (``storydesk.ingest.warc``)."""
    try:
        from ..ingest import warc as ingest_warc  # type: ignore[attr-defined]
    except ImportError:
        ingest_warc = None
    other_scheme = "://" in location and not location.startswith(("http://", "https://", "file://"))
    if ingest_warc is not None and not other_scheme:
        try:
            yield from ingest_warc.iter_warc(location, settings)
        except StorydeskError as exc:  # the file itself cannot be opened: a reject, tried again next run
            yield Reject("warc", location, exc.reason)
        return
    yield from _iter_warc_minimal(location, settings)


def _iter_warc_minimal(location: str, settings: Settings) -> Iterator[Record]:
    """A small warcio reader: HTML responses with status 200 -> extract_html; other records are skipped."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        with open_input(location) as stream:
            records = ArchiveIterator(stream, arc2warc=True)
            while True:
                try:
                    record = next(records)
                except StopIteration:
                    return
                except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
                    yield Reject("warc", location, f"archive unreadable from here on: {exc}")
                    return
                item = _warc_record(record, location, settings)
                if item is not None:
                    yield item
    except StorydeskError as exc:
        yield Reject("warc", exc.input, exc.reason)


def _warc_record(record: Any, location: str, settings: Settings) -> Record | None:
    from ..ingest.extract import extract_html

    if record.rec_type not in {"response", "resource"}:
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    source = f"{location}#{record.rec_headers.get_header('WARC-Record-ID') or '?'}"
    if record.rec_type == "response":
        if record.http_headers is None:
            return None
        status = record.http_headers.get_statuscode()
        if status != "200":
            return Reject("warc", source, f"HTTP status {status}")
        content_type = record.http_headers.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    ctype = content_type.split(";")[0].strip().lower()
    if ctype and not ctype.startswith(HTML_TYPES):
        return None
    try:
        payload = record.content_stream().read(MAX_RECORD_BYTES + 1)
    except (OSError, EOFError, ValueError) as exc:
        return Reject("warc", source, f"record body unreadable: {exc}")
    if len(payload) > MAX_RECORD_BYTES:
        return Reject("warc", source, f"record body over {MAX_RECORD_BYTES} bytes")
    try:
        return extract_html(payload, url=url, source=source, min_chars=settings.min_text_chars)
    except StorydeskError as exc:
        return Reject("extract", source, exc.reason)


@contextmanager
def open_input(location: str) -> Iterator[IO[bytes]]:
    """A binary stream over a local path, file:// or any URI pyarrow's filesystems know (s3://, hdfs://, gs://)."""
    try:
        if "://" in location and not location.startswith("file://"):
            if location.startswith(("http://", "https://")):
                import httpx

                with httpx.stream("GET", location, timeout=60.0, follow_redirects=True) as response:
                    if response.status_code != 200:
                        raise InputError(location, f"HTTP {response.status_code}")
                    yield io.BufferedReader(_IterRaw(response.iter_raw()), buffer_size=1 << 16)
                return
            from pyarrow import fs

            filesystem, path = fs.FileSystem.from_uri(location.replace("s3a://", "s3://", 1))
            with filesystem.open_input_stream(path) as stream:
                yield stream
            return
        with open(location.removeprefix("file://"), "rb") as handle:
            yield handle
    except OSError as exc:
        raise InputError(location, f"cannot open: {exc.strerror or exc}") from exc


class _IterRaw(io.RawIOBase):
    """A read-only file over an iterator of byte chunks (an HTTP body)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks, self._buffer = chunks, b""

    def readable(self) -> bool:
        return True

    def readinto(self, target: Any) -> int:
        while not self._buffer:
            try:
                self._buffer = next(self._chunks)
            except StopIteration:
                return 0
        n = min(len(target), len(self._buffer))
        target[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return n
