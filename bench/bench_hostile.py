"""Issue 17's load figures: `storydesk serve` with 1 and 2 workers under 50 and 200 concurrent clients on
127.0.0.1 (p50/p95/p99 latency, errors), over a store built from the test fixture corpus. Bounded: a fixed
duration per run, an asyncio httpx load generator, loopback only."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent / "storydesk"
SECONDS = float(os.environ.get("STORYDESK_BENCH_HOSTILE_SECONDS", "10"))  # the probe: 10 s per cell
PATHS = ["/api/stories", "/api/stats", "/healthz", "/", "/api/search?q=ferry"]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _load(base: str, clients: int) -> tuple[list[float], dict[str, int], int]:
    latencies: list[float] = []
    errors: dict[str, int] = {}
    stop = time.monotonic() + SECONDS

    async def one(http: httpx.AsyncClient, k: int) -> None:
        i = k
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                r = await http.get(base + PATHS[i % len(PATHS)])
                if r.status_code != 200:
                    errors[f"HTTP {r.status_code}"] = errors.get(f"HTTP {r.status_code}", 0) + 1
            except httpx.HTTPError as exc:
                errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
            latencies.append((time.perf_counter() - started) * 1000)
            i += 1

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=30) as http:
        await asyncio.gather(*(one(http, k) for k in range(clients)))
    return latencies, errors, len(latencies)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def run() -> str:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "load.db"
        env = {**os.environ, "STORYDESK_DB": str(db), "STORYDESK_EMBEDDINGS": "0"}
        subprocess.run([str(BIN), "run", str(ROOT / "tests" / "fixtures" / "corpus")], env=env, check=True,
                       capture_output=True, timeout=600)
        for workers in (1, 2):
            port = _port()
            server = subprocess.Popen([str(BIN), "serve", "--port", str(port), "--workers", str(workers)], env=env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            base = f"http://127.0.0.1:{port}"
            try:
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline:
                    try:
                        if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                            break
                    except httpx.HTTPError:
                        time.sleep(0.2)
                for clients in (50, 200):
                    lat, errors, n = asyncio.run(_load(base, clients))
                    rows.append(f"| {workers} | {clients} | {n} | {n / SECONDS:.0f} | {_pct(lat, 0.5):.1f} | "
                                f"{_pct(lat, 0.95):.1f} | {_pct(lat, 0.99):.1f} | {sum(errors.values())} "
                                f"{' '.join(f'({k} x{v})' for k, v in errors.items())}|")
            finally:
                server.terminate()
                server.wait(20)
    return ("## hostile input and faults (issue 17): load\n\n"
            f"`storydesk serve` on 127.0.0.1 over the fixture corpus, {SECONDS:g} s per cell, routes "
            f"{', '.join(PATHS)} in turn; asyncio httpx clients on the same 2-core machine (shared with other "
            "work, so absolute figures are noisy; the error column is the check).\n\n"
            "| workers | clients | requests | req/s | p50 ms | p95 ms | p99 ms | errors |\n"
            "|---|---|---|---|---|---|---|---|\n" + "\n".join(rows) + "\n")


if __name__ == "__main__":
    print(run())
