"""Faults: disk full, a database locked by another writer, a read-only database, a web server under 200
concurrent clients. Each asserts a clear error (no traceback) and, after a re-run, nothing lost or doubled.
(kill -9 mid-batch is tests/integration/test_ingest_cli.py::test_a_run_killed_mid_batch_...)"""

from __future__ import annotations

import asyncio
import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from storydesk.settings import Settings
from storydesk.web.testing import running_server

BIN = Path(sys.executable).parent / "storydesk"
N = 300


def dump(tmp_path: Path, n: int = N) -> Path:
    rng = random.Random(11)
    words = [f"w{i}" for i in range(3000)]
    path = tmp_path / "bulk.jsonl"
    with path.open("w") as out:
        for i in range(n):
            text = f"Report number {i}. " + " ".join(rng.choice(words) for _ in range(60))
            out.write(json.dumps({"url": f"https://bulk.example/{i}", "title": f"Report {i}", "text": text,
                                  "language": "en"}) + "\n")
    return path


def ingest(path: Path, db: Path, limit_bytes: int | None = None,
           timeout: float = 180) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        if limit_bytes is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    env = {**os.environ, "STORYDESK_DB": str(db), "STORYDESK_BATCH_SIZE": "25"}
    return subprocess.run([str(BIN), "ingest", str(path), "--json"], env=env, capture_output=True, text=True,
                          timeout=timeout, preexec_fn=limit)


def counts(db: Path) -> tuple[int, int, int]:
    con = sqlite3.connect(db)
    try:
        total, distinct = con.execute("SELECT COUNT(*), COUNT(DISTINCT url) FROM articles").fetchone()
        fts = con.execute("SELECT COUNT(*) FROM articles_fts").fetchone()[0]
        return int(total), int(distinct), int(fts)
    finally:
        con.close()


def test_disk_full_is_a_clear_error_and_a_rerun_completes(tmp_path: Path) -> None:
    path, db = dump(tmp_path), tmp_path / "full.db"
    assert path.stat().st_size < 250_000  # the input itself stays under the limit
    full = ingest(path, db, limit_bytes=300_000)
    assert full.returncode == 5, (full.returncode, full.stderr[-1500:])
    assert "Traceback" not in full.stderr and "error:" in full.stderr
    assert "full" in full.stderr.lower() or "large" in full.stderr.lower() or "disk" in full.stderr.lower()
    before = counts(db)[0]
    assert before < N
    again = ingest(path, db)
    assert again.returncode == 0, again.stderr[-1500:]
    assert counts(db) == (N, N, N)


def test_a_database_locked_by_another_writer(tmp_path: Path) -> None:
    path, db = dump(tmp_path, 60), tmp_path / "locked.db"
    assert ingest(path, db).returncode == 0
    con = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    con.execute("BEGIN EXCLUSIVE")
    release = threading.Timer(3.0, lambda: con.execute("ROLLBACK"))
    release.start()
    started = time.monotonic()
    waited = ingest(path, db)
    release.join()
    con.close()
    assert waited.returncode == 0 and time.monotonic() - started >= 2.5, waited.stderr[-1500:]
    assert counts(db) == (60, 60, 60)


@pytest.mark.slow
def test_a_database_locked_for_too_long_is_a_clear_error(tmp_path: Path) -> None:
    path, db = dump(tmp_path, 30), tmp_path / "held.db"
    assert ingest(path, db).returncode == 0
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("BEGIN EXCLUSIVE")
    try:
        env = {**os.environ, "STORYDESK_DB": str(db)}
        held = subprocess.run([str(BIN), "ingest", str(path)], env=env, capture_output=True, text=True, timeout=120)
    finally:
        con.execute("ROLLBACK")
        con.close()
    assert held.returncode == 5 and "Traceback" not in held.stderr and "locked" in held.stderr
    assert counts(db) == (30, 30, 30)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only files; run as a normal user")
def test_a_read_only_database(tmp_path: Path) -> None:
    path, db = dump(tmp_path, 30), tmp_path / "ro.db"
    assert ingest(path, db).returncode == 0
    for p in tmp_path.glob("ro.db*"):
        p.chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        done = ingest(path, db)
    finally:
        tmp_path.chmod(0o755)
    assert done.returncode == 5 and "Traceback" not in done.stderr
    assert counts(db) == (30, 30, 30)


def test_a_server_under_200_concurrent_clients(tmp_path: Path) -> None:
    settings = Settings.from_values({"db": str(tmp_path / "w.db")})
    errors: list[str] = []
    done = 0

    async def client(base: str, stop: float, http: httpx.AsyncClient) -> None:
        nonlocal done
        paths = ["/api/stories", "/healthz", "/", "/api/stats", "/api/search?q=bridge"]
        i = 0
        while time.monotonic() < stop:
            try:
                r = await http.get(base + paths[i % len(paths)])
                if r.status_code != 200:
                    errors.append(f"{r.status_code} {paths[i % len(paths)]}")
            except httpx.HTTPError as exc:
                errors.append(type(exc).__name__)
            done += 1
            i += 1

    async def main(base: str) -> None:
        limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
        async with httpx.AsyncClient(limits=limits, timeout=30) as http:
            stop = time.monotonic() + 4.0
            await asyncio.gather(*(client(base, stop, http) for _ in range(200)))

    with running_server(settings) as base:
        asyncio.run(main(base))
    assert done >= 200 and errors == [], (done, errors[:10])
