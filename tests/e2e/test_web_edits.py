"""The split and merge controls of the story page in real Chromium: used as a token holder would on a phone,
with no console error, no horizontal overflow, visible keyboard focus and no serious axe-core violation."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_web_reader import PHONE, axe, no_errors, no_overflow

from web_fixtures import TOKEN

pytestmark = pytest.mark.browser


def _get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as r:  # noqa: S310 - our own server on 127.0.0.1
        return json.loads(r.read())


@pytest.fixture()
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True, device_scale_factor=1)
    context.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation', "
                            "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")
    pg = context.new_page()
    pg.console_errors = []
    pg.on("console", lambda m: m.type == "error" and pg.console_errors.append(m.text))
    pg.on("pageerror", lambda exc: pg.console_errors.append(str(exc)))
    yield pg
    context.close()


def test_split_then_merge_with_the_story_page_forms(phone: Any, site: str, shots: Path) -> None:
    ferry = next(s for s in _get_json(site + "/api/stories?limit=100")["items"] if "erry" in s["title"])
    sid = ferry["id"]
    pg = phone
    pg.goto(f"{site}/stories/{sid}#h-history")
    pg.locator("details.story-edit summary").click()
    no_overflow(pg)
    assert axe(pg) == []
    pg.locator("details.story-edit summary").focus()
    pg.keyboard.press("Tab")  # the keyboard reaches the first article's box, and its focus shows
    outline = pg.evaluate("(() => { const e = document.activeElement, s = getComputedStyle(e); "
                          "return [e.name, s.outlineStyle, parseFloat(s.outlineWidth)]; })()")
    assert outline[0] == "articles" and outline[1] != "none" and outline[2] >= 2, outline
    box = pg.locator(".split-form input[name=articles]").last
    moved = box.get_attribute("value")
    box.check()
    pg.locator(".split-form input[name=by]").fill("Dana the editor")

    pg.locator(".split-form input[name=token]").fill("not the token")
    with pg.expect_navigation():
        pg.locator(".split-form button[type=submit]").click()
    assert "valid bearer token" in pg.content()
    assert axe(pg) == []
    assert [e for e in pg.console_errors if "status of 401" not in e] == []  # the page's own status only
    assert pg.evaluate("window.__csp || []") == []
    pg.console_errors.clear()

    pg.goto(f"{site}/stories/{sid}#h-history")
    pg.locator("details.story-edit summary").click()
    pg.locator(f".split-form input[value='{moved}']").check()
    pg.locator(".split-form input[name=by]").fill("Dana the editor")
    pg.locator(".split-form input[name=token]").fill(TOKEN)
    with pg.expect_navigation():
        pg.locator(".split-form button[type=submit]").click()
    assert pg.url.endswith(f"/stories/{sid}#h-history")
    entry = pg.locator(".history-list li").first
    assert "split off into" in entry.inner_text() and "Dana the editor (token holder)" in entry.inner_text()
    new = entry.locator("a").get_attribute("href").rsplit("/", 1)[1]
    assert moved in [a["id"] for a in _get_json(f"{site}/api/stories/{new}")["articles"]]
    pg.locator("#h-history").scroll_into_view_if_needed()
    pg.screenshot(path=str(shots / "story-history-phone.png"))
    no_overflow(pg)
    assert axe(pg) == []
    no_errors(pg)

    pg.locator("details.story-edit summary").click()
    pg.locator(".merge-form input[name=other]").fill(new)
    pg.locator(".merge-form input[name=token]").fill(TOKEN)
    with pg.expect_navigation():
        pg.locator(".merge-form button[type=submit]").click()
    assert "Took in" in pg.locator(".history-list li").first.inner_text()
    assert moved in [a["id"] for a in _get_json(f"{site}/api/stories/{sid}")["articles"]]
    no_errors(pg)
