"""One writer per store across processes: a second writer process waits for the first (bounded), or
fails with a message that names the holder. Two real processes, a real SQLite file."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from storydesk.errors import StoreError
from storydesk.store import Store

HOLD = """
import sys, time
from storydesk.store import Store
with Store(sys.argv[1]) as store, store.writing():
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _holder(db: Path, seconds: float) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(db), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def test_a_second_writer_process_fails_with_a_clear_message(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    proc = _holder(db, 30)
    try:
        with Store(db) as store, pytest.raises(StoreError, match=rf"another storydesk writer .*pid {proc.pid}"):
            with store.writing(wait_s=0.5):
                pass
    finally:
        proc.kill()
        proc.communicate()
    with Store(db) as store, store.writing(wait_s=5):  # the kernel freed the lock of the killed writer
        store.put_state("k", b"v")


def test_a_second_writer_waits_for_the_first(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    proc = _holder(db, 1.0)
    started = time.monotonic()
    with Store(db) as store, store.writing(wait_s=60):
        waited = time.monotonic() - started
    proc.communicate()
    assert waited > 0.3, "the lock was not held by the other process"


def test_the_lock_is_reentrant_in_one_thread(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store, store.writing(wait_s=0), store.writing(wait_s=0):
        store.put_state("k", b"v")
    with Store(tmp_path / "s.db") as store, store.writing(wait_s=0):
        assert store.get_state("k") == b"v"
