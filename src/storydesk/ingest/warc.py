"""WARC and WARC.gz files (CC-NEWS included) -> articles, read as a stream, one record at a time.

Only HTML ``response`` (and ``resource``) records with status 200 are extracted; requests, metadata and
warcinfo records are skipped. A record that fails (too large, not text, no article) becomes a Reject
and the rest of the file goes on; a file that breaks mid-way (truncated gzip) yields one Reject for
what is left. Remote files (``https://data.commoncrawl.org/...``) are streamed through the SSRF guard.
"""

from __future__ import annotations

import asyncio
import io
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from ..errors import FetchError, InputError, StorydeskError
from ..model import Article, Reject
from ..settings import Settings
from .extract import extract_html
from .local import read_local
from .normalize import iso_date
from .ssrf import HostGuard, pinned_url

CC_BASE = "https://data.commoncrawl.org/"
HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_RECORD_BYTES = 5_000_000
# What warcio raises on damaged input besides its ArchiveLoadFailed (found by the fuzz suite: a mangled
# header gives AttributeError). warcio and httpx are imported in the functions that use them, so that
# commands that read no WARC start without them (and without fsspec, which warcio loads).
DAMAGE = (OSError, EOFError, ValueError, TypeError, IndexError, KeyError, AttributeError, zlib.error)

Extractor = Callable[..., Article]


class _IterStream(io.RawIOBase):
    """A read-only file over an iterator of byte chunks (an HTTP body)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._buffer = b""

    def readable(self) -> bool:
        return True

    def readinto(self, target: memoryview) -> int:  # type: ignore[override]
        while not self._buffer:
            try:
                self._buffer = next(self._chunks)
            except StopIteration:
                return 0
        n = min(len(target), len(self._buffer))
        target[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return n


@contextmanager
def open_stream(location: str, settings: Settings) -> Iterator[IO[bytes]]:
    """A binary stream for a local path, ``-`` (stdin), ``file://``, an http(s) URL (checked by the SSRF
    guard) or any URI pyarrow's filesystems know (``s3://``, ``s3a://``, ``gs://``, ``hdfs://``)."""
    if location == "-":
        import sys

        yield sys.stdin.buffer
        return
    if "://" in location and not location.startswith(("http://", "https://", "file://")):
        from pyarrow import fs

        try:
            filesystem, path = fs.FileSystem.from_uri(location.replace("s3a://", "s3://", 1))
            with filesystem.open_input_stream(path) as stream:
                yield stream
        except (OSError, ValueError) as exc:
            raise FetchError(location, f"cannot open: {exc}") from exc
        return
    location = location.removeprefix("file://")
    if location.startswith(("http://", "https://")):
        import httpx

        address = asyncio.run(HostGuard(settings.allowed_hosts).check(location))
        target, host = pinned_url(location, address)
        headers = {"User-Agent": str(settings.user_agent), "Host": host}
        extensions = {"sni_hostname": urlsplit(location).hostname} if location.startswith("https") else {}
        timeout = httpx.Timeout(float(settings.fetch_timeout))
        try:
            with httpx.Client(timeout=timeout, trust_env=False, follow_redirects=False) as client, \
                    client.stream("GET", target, headers=headers, extensions=extensions) as response:
                if response.status_code != 200:
                    raise FetchError(location, f"HTTP {response.status_code}")
                yield io.BufferedReader(_IterStream(response.iter_raw()), buffer_size=1 << 16)
        except httpx.HTTPError as exc:
            raise FetchError(location, f"network error: {type(exc).__name__}: {exc}") from exc
        return
    try:
        with open(location, "rb") as handle:
            yield handle
    except OSError as exc:
        raise FetchError(location, f"cannot open: {exc.strerror or exc}") from exc


def read_warc_list(path: str | Path) -> list[str]:
    """WARC paths or URLs from a text file (gzipped or not), one a line, ``#`` comments allowed; CC
    ``crawl-data/`` paths become URLs and relative paths are taken from the list's folder."""
    path = Path(path)
    try:
        raw = read_local(path)
    except OSError as exc:
        raise InputError(str(path), f"cannot read the list: {exc.strerror or exc}",
                         "pass a text file with one WARC path or URL a line") from exc
    out = []
    for line in raw.decode("utf-8", "replace").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("crawl-data/"):
            line = CC_BASE + line
        elif "://" not in line and not line.startswith("/"):
            line = str(path.parent / line)
        out.append(line)
    return out


def iter_warc(location: str, settings: Settings, extract: Extractor = extract_html,
              max_record_bytes: int = MAX_RECORD_BYTES) -> Iterator[Article | Reject]:
    """Articles (and Rejects, with reasons) from one WARC or WARC.gz, in file order."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    damage = (ArchiveLoadFailed, *DAMAGE)
    min_chars = settings.min_text_chars
    with open_stream(location, settings) as stream:
        records = ArchiveIterator(stream, arc2warc=True)
        seen = produced = 0
        while True:
            try:
                record = next(records)
            except StopIteration:
                break
            except damage as exc:
                yield Reject("warc", location, f"archive unreadable after {seen} records: {_short(exc)}")
                return
            seen += 1
            try:
                item = _record(record, location, extract, max_record_bytes, min_chars)
                cut = _missing_bytes(record)
            except damage as exc:
                yield Reject("warc", location, f"record {seen} unreadable: {_short(exc)}")
                return
            if cut:
                record_id = record.rec_headers.get_header("WARC-Record-ID") or f"record {seen}"
                yield Reject("warc", f"{location}#{record_id}",
                             f"record truncated: {cut} of its {record.length} bytes missing")
                return  # a cut record ends the file: nothing after it can be read
            if item is not None:
                produced += 1
                yield item
        if seen == 0:
            yield Reject("warc", location, "no WARC records in the file (empty, or not a WARC file)")
        elif produced == 0:  # records, but not one page nor one reason: never silent (a mangled record type)
            yield Reject("warc", location, f"none of the file's {seen} records is an HTTP response or resource "
                                           "storydesk can read")


def _short(exc: BaseException) -> str:
    """An exception's message, cut: warcio quotes the first line of garbage input at length."""
    text = (str(exc) or type(exc).__name__).split(", first line:")[0]
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= 120 else text[:117] + "..."


def _missing_bytes(record: object) -> int:
    """How many bytes of the record's declared Content-Length the file lacks (0 when complete)."""
    stream = record.raw_stream  # type: ignore[attr-defined]
    while stream.read(1 << 16):
        pass
    return int(getattr(stream, "limit", 0) or 0)


def _record(record: object, location: str, extract: Extractor, cap: int, min_chars: int) -> Article | Reject | None:
    rec_type = record.rec_type  # type: ignore[attr-defined]
    if rec_type not in {"response", "resource"}:
        return None
    headers = record.rec_headers  # type: ignore[attr-defined]
    url = headers.get_header("WARC-Target-URI")
    record_id = headers.get_header("WARC-Record-ID") or "?"
    source = f"{location}#{record_id}"
    http = record.http_headers  # type: ignore[attr-defined]
    if rec_type == "response":
        if http is None:
            return None
        status = http.get_statuscode()
        if status != "200":
            return Reject("warc", source, f"HTTP status {status}")
        content_type = http.get_header("Content-Type") or ""
    else:
        content_type = headers.get_header("Content-Type") or ""
    ctype = content_type.split(";")[0].strip().lower()
    if ctype and not ctype.startswith(HTML_TYPES):
        return None  # images, scripts, feeds: not articles, not errors either
    charset = None
    if "charset=" in content_type.lower():
        charset = content_type.lower().split("charset=")[1].split(";")[0].strip(" \"'") or None
    try:
        payload = record.content_stream().read(cap + 1)  # type: ignore[attr-defined]
    except (OSError, EOFError, ValueError) as exc:
        return Reject("warc", source, f"record body unreadable: {exc}")
    if len(payload) > cap:
        return Reject("warc", source, f"record body over {cap} bytes")
    try:
        return extract(payload, url=url, source=source, fetched_at=iso_date(headers.get_header("WARC-Date")),
                       declared_charset=charset, min_chars=min_chars)
    except StorydeskError as exc:
        return Reject("extract", source, exc.reason)
