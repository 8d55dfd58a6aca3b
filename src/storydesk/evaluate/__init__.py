"""Scorers, one per benchmark, shared by the tests (floors) and by ``make bench``."""

from __future__ import annotations

import os
from pathlib import Path


def eval_data_dir() -> Path | None:
    """Where ../shared/data lies: ``STORYDESK_EVAL_DATA`` or ``../shared/data`` beside the project root."""
    env = os.environ.get("STORYDESK_EVAL_DATA")
    candidates = [Path(env)] if env else []
    root = Path(__file__).resolve().parents[3]
    candidates += [root.parent / "shared" / "data", Path.cwd().parent / "shared" / "data"]
    for path in candidates:
        if path.is_dir():
            return path
    return None
