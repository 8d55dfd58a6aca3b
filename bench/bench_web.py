"""Load test of the web UI and API on 127.0.0.1: p50/p95 latency and errors at 50 and 200 concurrent clients.

The shared stories corpus is loaded once into bench/out/web.db (by the real pipeline); the server is
``uvicorn --factory storydesk.web.app:create_app_from_env`` with one worker per core (at most 4). The load
generator is wrk (apt) when installed, else an asyncio httpx generator. The peer in the same run is
``/healthz``, the cheapest route of the same app, so the ratios say what our pages add to the framework.
Bounded: a fixed duration per run, 127.0.0.1 only.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
DURATION_S = int(os.environ.get("STORYDESK_BENCH_WEB_SECONDS", "10"))
CLIENTS = (1, 50, 200)  # 1: the service time, without queueing
TARGET_P95_MS = 100.0

LUA = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('JSON{"requests":%%d,"seconds":%%f,"p50":%%f,"p95":%%f,"p99":%%f,"max":%%f,'
    .. '"connect":%%d,"read":%%d,"write":%%d,"status":%%d,"timeout":%%d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _database() -> Path | None:
    sys.path.insert(0, str(ROOT / "src"))
    from storydesk import pipeline
    from storydesk.evaluate import eval_data_dir
    from storydesk.settings import Settings
    from storydesk.store import Store

    data = eval_data_dir()
    if data is None:
        return None
    OUT.mkdir(exist_ok=True)
    db = OUT / "web.db"
    with Store(db) as store:
        if store.count_stories() == 0:
            pipeline.run(store, [data / "stories" / "articles"], Settings.load({"db": str(db)}))
    return db


def _wait(url: str, timeout: float = 60.0) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server at {url} did not come up")


def _wrk(base: str, paths: list[str], clients: int) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(LUA % ", ".join(json.dumps(p) for p in paths))
        script = f.name
    try:
        cmd = ["wrk", f"-t{min(2, clients)}", f"-c{clients}", f"-d{DURATION_S}s", "--timeout", "5s", "-s", script, base]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=DURATION_S + 60)
    finally:
        os.unlink(script)
    line = next(x for x in proc.stdout.splitlines() if x.startswith("JSON"))
    r = json.loads(line[4:])
    errors = r["connect"] + r["read"] + r["write"] + r["status"] + r["timeout"]
    return {"requests": r["requests"], "rps": r["requests"] / r["seconds"], "p50": r["p50"], "p95": r["p95"],
            "p99": r["p99"], "errors": errors}


def _httpx(base: str, paths: list[str], clients: int) -> dict[str, float]:
    import httpx

    async def main() -> dict[str, float]:
        latencies: list[float] = []
        errors = 0
        stop = time.monotonic() + DURATION_S
        limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
        async with httpx.AsyncClient(base_url=base, limits=limits, timeout=5) as client:
            async def worker(k: int) -> None:
                nonlocal errors
                i = k
                while time.monotonic() < stop:
                    t = time.perf_counter()
                    try:
                        r = await client.get(paths[i % len(paths)])
                        if r.status_code != 200:
                            errors += 1
                    except httpx.HTTPError:
                        errors += 1
                    latencies.append((time.perf_counter() - t) * 1000)
                    i += 1

            started = time.monotonic()
            await asyncio.gather(*(worker(k) for k in range(clients)))
            seconds = time.monotonic() - started
        latencies.sort()

        def pct(p: float) -> float:
            return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] if latencies else 0.0

        return {"requests": len(latencies), "rps": len(latencies) / seconds, "p50": pct(50), "p95": pct(95),
                "p99": pct(99), "errors": errors}

    return asyncio.run(main())


def run() -> str:
    db = _database()
    if db is None:
        return "## web\n\nSkipped: ../shared/data is absent (set STORYDESK_EVAL_DATA).\n"
    cores = os.cpu_count() or 1
    workers = max(1, min(4, cores))
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "STORYDESK_DB": str(db), "STORYDESK_API_TOKEN": ""}
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", "storydesk.web.app:create_app_from_env", "--factory",
                               "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
                               "--log-level", "warning", "--no-access-log"], env=env, cwd=ROOT)
    tool = "wrk" if shutil.which("wrk") else "httpx (asyncio)"
    measure = _wrk if tool == "wrk" else _httpx
    rows = []
    try:
        _wait(base + "/healthz")
        import httpx

        stories = httpx.get(base + "/api/stories", params={"limit": 10, "sort": "coverage"}, timeout=60).json()
        story_paths = [f"/stories/{s['id']}" for s in stories["items"]]
        targets = {"story page (10 widest stories)": story_paths, "stories API (/api/stories?limit=20)":
                   ["/api/stories?limit=20", "/api/stories?limit=20&sort=coverage"], "peer: /healthz": ["/healthz"]}
        for paths in targets.values():  # warm every worker's cache
            for _ in range(workers * 3):
                for p in paths:
                    httpx.get(base + p, timeout=60)
        for name, paths in targets.items():
            for clients in CLIENTS:
                rows.append((name, clients, measure(base, paths, clients)))
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    peer = {c: r for n, c, r in rows if n.startswith("peer")}
    lines = ["## web", "", f"Load on 127.0.0.1 with {tool}, {DURATION_S} s per run, uvicorn with {workers} worker(s) "
             f"on {cores} cores (the load generator shares them); shared stories corpus "
             f"({stories['total']} stories). Targets: p95 < {TARGET_P95_MS:.0f} ms at 50 clients, 0 errors at 200.",
             "", "| target | clients | requests/s | p50 ms | p95 ms | p99 ms | errors | p95 / peer p95 | target |",
             "|---|---|---|---|---|---|---|---|---|"]
    for name, clients, r in rows:
        ratio = r["p95"] / peer[clients]["p95"] if peer.get(clients) and peer[clients]["p95"] else float("nan")
        if name.startswith("peer"):
            verdict = ""
        elif clients == 1:
            verdict = ""
        elif clients == 50:
            verdict = "met" if r["p95"] < TARGET_P95_MS and r["errors"] == 0 else "MISSED"
        else:
            verdict = "met" if r["errors"] == 0 else "MISSED"
        lines.append(f"| {name} | {clients} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | "
                     f"{int(r['errors'])} | {ratio:.2f} | {verdict} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run())
