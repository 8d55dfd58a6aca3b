"""What a terminal user waits for: `storydesk search` and filtered `stories` as real subprocesses, over the
shared stories corpus ingested into bench/out/cli.db (ingest only: the FTS indexes need no model).

The peer in the same run is `storydesk stats`, the cheapest reading command, so the ratios say what search
and the filters add to the start-up every command pays. Median of 5 runs each.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
BIN = Path(sys.executable).parent / "storydesk"
RUNS = 5
CASES = {
    "stats (peer)": ["stats"],
    "search WORDS": ["search", "North Korea"],
    "search WORDS --outlet --since": ["search", "missile", "--outlet", "cnn", "--since", "2017-01-01"],
    "search WORDS --json": ["search", "sanctions", "--json"],
    "stories WORDS --outlet": ["stories", "missile", "--outlet", "reuters"],
}


def _corpus() -> Path | None:
    root = Path(os.environ.get("STORYDESK_EVAL_DATA", HERE.parent.parent / "shared" / "data"))
    path = root / "stories" / "articles"
    return path if path.is_dir() else None


def _time(args: list[str], env: dict[str, str]) -> float:
    took = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run([str(BIN), *args], env=env, check=True, capture_output=True, timeout=300)
        took.append(time.perf_counter() - started)
    return statistics.median(took)


def run() -> str:
    corpus = _corpus()
    if corpus is None:
        return "## cli\n\nSkipped: the shared stories corpus is absent.\n"
    OUT.mkdir(exist_ok=True)
    db = OUT / "cli.db"
    db.unlink(missing_ok=True)
    env = {**os.environ, "STORYDESK_DB": str(db), "TTY_COMPATIBLE": "0"}
    subprocess.run([str(BIN), "ingest", str(corpus), "--json"], env=env, check=True, capture_output=True, timeout=900)
    rows = {name: _time(args, env) for name, args in CASES.items()}
    peer = rows["stats (peer)"]
    lines = ["## cli", "", f"Subprocess wall time, median of {RUNS}, over {len(list(corpus.iterdir()))} files of "
             "the shared stories corpus (ingest only).", "", "| command | seconds | vs stats |", "|---|---|---|"]
    lines += [f"| `storydesk {' '.join(CASES[name])}` | {s:.2f} | {s / peer:.2f}x |" for name, s in rows.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run())
