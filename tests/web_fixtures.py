"""Shared by the web tests: one real database built by the real pipeline from our own fixtures."""

from __future__ import annotations

from pathlib import Path

from storydesk import pipeline
from storydesk.settings import Settings
from storydesk.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
TOKEN = "test-token-5f3a"


def build_db(path: Path) -> Settings:
    """The fixture corpus plus articles whose titles, texts and outlet names carry markup and script."""
    settings = Settings({"db": str(path), "api_token": TOKEN, "api_write_rate": 1000})
    with Store(path) as store:
        pipeline.run(store, [FIXTURES / "corpus", FIXTURES / "xss"], settings)
    return settings
