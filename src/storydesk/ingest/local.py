"""Local files, read with caps: only regular files, sizes checked before reading, gzip inflated as a stream
with a cap on the output (a bomb stops at the cap, a damaged or truncated member is an InputError).

A FIFO, socket or device named ``*.json`` is refused instead of blocking the batch; every error names
the file and says why.
"""

from __future__ import annotations

import io
import os
import stat
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from ..errors import InputError

MAX_FILE_BYTES = 50_000_000  # one HTML page, news-please JSON, feed or list (after decompression)
GZIP_MAGIC = b"\x1f\x8b"
CHUNK = 1 << 16


def open_regular(path: str | Path) -> IO[bytes]:
    """A binary handle on a regular file; InputError for a FIFO, socket, device or unreadable path."""
    name = str(path)
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputError(name, f"cannot read the file: {exc.strerror or exc}") from exc
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        what = "a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else \
            "a folder" if stat.S_ISDIR(mode) else "a device or special file"
        raise InputError(name, f"not a regular file but {what}: skipped")
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


class Inflated(io.RawIOBase):
    """A gzip stream (one or more members) inflated on the fly; InputError past ``cap`` output bytes or on
    damaged or truncated data."""

    def __init__(self, raw: IO[bytes], name: str, cap: int | None = None) -> None:
        self.raw, self.name, self.cap = raw, name, cap
        self.size = 0
        self._obj = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._pending = b""
        self._eof = False

    def readable(self) -> bool:
        return True

    def _more(self, want: int) -> bytes:
        while True:
            if self._obj.unconsumed_tail:
                data = self._obj.unconsumed_tail
            elif self._obj.eof:
                rest = self._obj.unused_data + self.raw.read(CHUNK)
                if not rest.strip(b"\x00"):
                    self._eof = True
                    return b""
                self._obj = zlib.decompressobj(16 + zlib.MAX_WBITS)  # the next gzip member
                data = rest
            else:
                data = self.raw.read(CHUNK)
                if not data:
                    raise InputError(self.name, f"compressed data truncated after {self.size} bytes",
                                     "the file was cut short: download it again")
            try:
                out = self._obj.decompress(data, want)
            except zlib.error as exc:
                raise InputError(self.name, f"compressed data damaged after {self.size} bytes: {exc}") from exc
            if out:
                return out

    def readinto(self, target: memoryview) -> int:  # type: ignore[override]
        if self._eof:
            return 0
        out = self._more(max(1, len(target)))
        self.size += len(out)
        if self.cap is not None and self.size > self.cap:
            raise InputError(self.name, f"over {self.cap} bytes once decompressed (a compression bomb?)")
        target[:len(out)] = out
        return len(out)

    def close(self) -> None:
        self.raw.close()
        super().close()


def open_maybe_gzip(path: str | Path, cap: int | None = None) -> IO[bytes]:
    """A buffered binary stream of the file's bytes, inflated when it starts with the gzip magic."""
    raw = open_regular(path)
    head = raw.read(2)
    raw.seek(0)
    if head == GZIP_MAGIC:
        return io.BufferedReader(Inflated(raw, str(path), cap), buffer_size=CHUNK)
    return raw


def read_local(path: str | Path, cap: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes (inflated when gzipped), at most ``cap``; the size is checked before reading."""
    name = str(path)
    with open_regular(path) as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > cap:
            raise InputError(name, f"file of {size} bytes over the {cap}-byte cap")
        head = handle.read(2)
        handle.seek(0)
        if head != GZIP_MAGIC:
            data = handle.read(cap + 1)
            if len(data) > cap:
                raise InputError(name, f"file over the {cap}-byte cap")
            return data
        with io.BufferedReader(Inflated(handle, name, cap), buffer_size=CHUNK) as stream:
            return stream.read()


MAX_LINE_BYTES = 20_000_000


def iter_lines(stream: IO[bytes], max_line: int = MAX_LINE_BYTES) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) of a binary stream; ``None`` for a line over ``max_line`` bytes, which is
    skipped without being held in memory. Damage in a gzip stream raises InputError after the good lines."""
    number = 0
    while True:
        line = stream.readline(max_line + 1)
        if not line:
            return
        number += 1
        if len(line) > max_line and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = stream.readline(CHUNK)
            yield number, None
            continue
        yield number, line
