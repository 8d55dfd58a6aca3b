"""What every command pays before it does anything: the CPU time of starting the CLI.

Each case is a fresh interpreter (``import storydesk.cli``, ``storydesk --help``, ``storydesk stats`` over an
empty database); CPU seconds (user + system) of the child, median of 5, so that a busy machine moves the
figures less than wall time would. The peer is a bare interpreter that imports only Typer and Rich, what
any CLI of this shape pays. The heavy packages a command loads at start-up are listed too.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from storydesk.store import Store

RUNS = 5
PY = sys.executable
BIN = Path(sys.executable).parent / "storydesk"
HEAVY = ("numpy", "httpx", "feedparser", "warcio", "fsspec", "lxml", "charset_normalizer", "markdown_it",
         "trafilatura", "spacy", "sklearn", "onnxruntime", "usearch", "fastapi", "pyarrow")


def _cpu(args: list[str], env: dict[str, str]) -> float:
    took = []
    for _ in range(RUNS):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(args, env=env, check=True, capture_output=True, timeout=300)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        took.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(took)


def loaded_heavy_modules() -> list[str]:
    """The packages of HEAVY that ``import storydesk.cli`` loads."""
    code = f"import sys, storydesk.cli; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    return subprocess.run([PY, "-c", code], check=True, capture_output=True, text=True).stdout.split()


def run() -> str:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "STORYDESK_DB": str(Path(tmp) / "empty.db"), "TTY_COMPATIBLE": "0"}
        Store(env["STORYDESK_DB"]).close()  # an empty, migrated database
        cases = {
            "python -c 'import typer, rich.console, rich.table' (peer)":
                [PY, "-c", "import typer, rich.console, rich.table, rich.progress"],
            "python -c 'import storydesk.cli'": [PY, "-c", "import storydesk.cli"],
            "storydesk --help": [str(BIN), "--help"],
            "storydesk stats": [str(BIN), "stats"],
        }
        rows = {name: _cpu(args, env) for name, args in cases.items()}
    peer = next(iter(rows.values()))
    lines = ["## startup", "", f"CPU seconds (user + system) of a fresh process, median of {RUNS}.", "",
             "| command | CPU s | vs peer |", "|---|---|---|"]
    lines += [f"| `{name}` | {s:.2f} | {s / peer:.2f}x |" for name, s in rows.items()]
    lines += ["", "Heavy packages loaded by `import storydesk.cli`: " + (", ".join(loaded_heavy_modules()) or "none")]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run())
