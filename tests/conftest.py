"""Shared fixtures. Tests that need ../shared/data skip with a reason where it is absent, but fail in CI
(``STORYDESK_REQUIRE_SHARED_DATA=1``), which always has it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from storydesk.evaluate import eval_data_dir

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    path = eval_data_dir()
    if path is None:
        if os.environ.get("STORYDESK_REQUIRE_SHARED_DATA"):
            pytest.fail("../shared/data is required here (STORYDESK_REQUIRE_SHARED_DATA=1) but was not found")
        pytest.skip("../shared/data is absent (set STORYDESK_EVAL_DATA to its path to run this test)")
    return path


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES
