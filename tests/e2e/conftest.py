"""Browser tests: Playwright driving Debian's Chromium (never a downloaded browser) against a real server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storydesk.settings import Settings
from storydesk.web.testing import running_server
from web_fixtures import build_db

CHROMIUM = Path(os.environ.get("STORYDESK_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
OUT = Path(__file__).parents[2] / "test-output" / "screenshots"
WATCH = """
window.__csp = [];
window.__dialogs = 0;
document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Module-scoped: Playwright's sync API keeps an event loop running in the main thread while it is open,
    and later tests that call asyncio.run() must not find it there."""
    if not CHROMIUM.exists():
        if os.environ.get("STORYDESK_REQUIRE_SYSTEM"):
            pytest.fail(f"{CHROMIUM} is required here (STORYDESK_REQUIRE_SYSTEM=1) but missing")
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="module")
def site_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return build_db(tmp_path_factory.mktemp("e2e") / "e2e.db")


@pytest.fixture(scope="module")
def settings_db(site_settings: Settings) -> str:
    return str(site_settings.db)


@pytest.fixture(scope="module")
def site(site_settings: Settings) -> Iterator[str]:
    with running_server(site_settings) as base:
        yield base


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1200, "height": 900}, device_scale_factor=1)
    context.add_init_script(WATCH)
    pg = context.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))  # type: ignore[attr-defined]
    pg.on("dialog", lambda d: (pg.errors.append(f"dialog: {d.message}"), d.dismiss()))  # type: ignore[attr-defined]
    yield pg
    context.close()


@pytest.fixture(scope="session")
def shots() -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    return OUT
