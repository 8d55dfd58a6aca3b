"""One writer at a time per store, across processes: an advisory lock on a file beside the database.

``fcntl.flock`` on ``DB.writer.lock``: the kernel releases it when the holding process exits, however
it exits, so a killed writer never leaves a stale lock. The file holds the holder's pid and command, so
the process that waits or gives up can say who holds it.
"""

from __future__ import annotations

import fcntl
import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import StoreError

POLL_S = 0.2


class WriterLock:
    """The writer lock of one database file (re-entrant within a thread of the process holding it)."""

    def __init__(self, db_path: str) -> None:
        self.db_path = db_path
        self.path = None if db_path == ":memory:" else Path(db_path).with_name(Path(db_path).name + ".writer.lock")
        self._fd: int | None = None
        self._depth = 0
        self._owner: int | None = None
        self._guard = threading.Lock()

    def holder(self) -> str:
        """Who holds the lock, as its file says (empty when unknown)."""
        try:
            return self.path.read_text(encoding="utf-8").strip() if self.path else ""
        except OSError:
            return ""

    @contextmanager
    def hold(self, wait_s: float = 30.0) -> Iterator[None]:
        """Hold the lock for the block; wait up to ``wait_s`` seconds for another writer, then fail."""
        if self.path is None:  # an in-memory store has one connection and no other writer
            yield
            return
        me = threading.get_ident()
        with self._guard:
            if self._owner == me:
                self._depth += 1
                reentrant = True
            else:
                reentrant = False
        if reentrant:
            try:
                yield
            finally:
                with self._guard:
                    self._depth -= 1
            return
        self._acquire(wait_s)
        with self._guard:
            self._owner, self._depth = me, 1
        try:
            yield
        finally:
            with self._guard:
                self._owner, self._depth = None, 0
            self._release()

    def _acquire(self, wait_s: float) -> None:
        assert self.path is not None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + max(0.0, wait_s)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    holder = self.holder() or "another process"
                    raise StoreError(self.db_path,
                                     f"another storydesk writer holds the database ({holder}); gave up after "
                                     f"{wait_s:g} s", "wait for it to finish, or stop it") from None
                time.sleep(POLL_S)
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()}: {' '.join(sys.argv)[:200]}\n".encode())
        self._fd = fd

    def _release(self) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
