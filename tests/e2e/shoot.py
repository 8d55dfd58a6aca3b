"""Screenshots of every page for docs/screenshots: ``python tests/e2e/shoot.py DB OUTDIR``.

Serves DB on 127.0.0.1 and drives Debian's Chromium with Playwright, like the browser tests.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from storydesk.settings import Settings
from storydesk.web.testing import running_server

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]


def shoot(db: str, out: Path, query: str = "strike") -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    with running_server(Settings.load({"db": db, "api_token": "docs"})) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})

        def snap(name: str, full: bool = True) -> None:
            path = out / f"{name}.png"
            page.screenshot(path=str(path), full_page=full)
            made.append(path)

        page.goto(base + "/?sort=coverage")
        page.wait_for_timeout(300)
        snap("river", full=False)
        page.click(".story-card h2 a")
        page.wait_for_selector(".actors-panel")
        page.wait_for_timeout(500)
        snap("story")
        page.locator("details.story-edit summary").click()
        page.locator(".panel.history").screenshot(path=str(out / "story-edit.png"))
        made.append(out / "story-edit.png")
        page.locator("details.story-edit summary").click()
        page.locator(".brief .cite").nth(2).hover()
        page.locator(".brief .cite").nth(2).scroll_into_view_if_needed()
        snap("story-citation", full=False)
        page.locator(".brief .cite-pop").nth(2).locator(".cite-link").click()
        page.wait_for_selector(".article-text")
        snap("article", full=False)
        page.goto(base + "/search?q=" + query)
        snap("search", full=False)
        page.goto(base + "/feeds")
        snap("feeds", full=False)
        page.goto(base + "/?sort=coverage")
        page.click(".story-card h2 a")
        page.locator(".sources .outlet a").first.click()
        page.wait_for_selector(".outlet-facts")
        snap("outlet", full=False)
        for name, scheme in (("story-phone", "light"), ("story-phone-dark", "dark")):
            phone = browser.new_page(viewport={"width": 390, "height": 844}, color_scheme=scheme, has_touch=True,
                                     is_mobile=True)
            phone.goto(base + "/?sort=coverage")
            phone.click(".story-card h2 a")
            phone.wait_for_selector(".brief")
            if scheme == "dark":
                phone.locator(".brief .cite").first.tap()
            path = out / f"{name}.png"
            phone.screenshot(path=str(path))
            made.append(path)
            phone.close()
        browser.close()
    return made


if __name__ == "__main__":
    for made in shoot(sys.argv[1], Path(sys.argv[2]), *sys.argv[3:4]):
        print(made)
