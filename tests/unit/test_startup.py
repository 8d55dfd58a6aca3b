"""What the CLI loads before any command runs: no heavy optional package (they load in the function that
uses them), so ``storydesk --help`` and ``storydesk stats`` start fast. Times are in bench/bench_startup.py."""

from __future__ import annotations

import subprocess
import sys

# numpy still loads (the stages compute with it at module level); these must not
LAZY = ("httpx", "feedparser", "warcio", "fsspec", "lxml", "charset_normalizer", "markdown_it", "trafilatura",
        "spacy", "sklearn", "scipy", "onnxruntime", "usearch", "fastapi", "uvicorn", "pyarrow", "pyspark")


def test_the_cli_imports_no_heavy_optional_package() -> None:
    code = f"import sys, storydesk.cli; print(' '.join(m for m in {LAZY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, timeout=120)
    assert out.stdout.split() == [], "loaded at start-up: " + out.stdout
