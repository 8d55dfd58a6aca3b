"""The reader's experience in real Chromium: one compact story page, phones, dark mode, keyboard focus, tap
previews, outlet pages, new-since-last-visit, the export, and axe-core on every page and API route."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storydesk.store import Store
from storydesk.web.exports import write_export

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
API_ROUTES = ["/api/stories", "/api/stories/{sid}", "/api/stories/{sid}/brief", "/api/stories/{sid}/brief?format=md",
              "/api/stories/{sid}/brief?format=html", "/api/stories/{sid}/briefs", "/api/stories/{sid}/timeline",
              "/api/stories/{sid}/comparison", "/api/articles", "/api/articles/{aid}", "/api/search?q=ferry",
              "/api/feeds", "/api/stats", "/api/openapi.json", "/api/jobs/nope"]


def _get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as r:  # noqa: S310 - our own server on 127.0.0.1
        return json.loads(r.read())


@pytest.fixture(scope="module")
def ids(site: str) -> dict[str, str]:
    stories = _get_json(site + "/api/stories?limit=100")["items"]
    ferry = next(s for s in stories if "erry" in s["title"])
    article = _get_json(site + f"/api/stories/{ferry['id']}")["articles"][0]
    return {"sid": ferry["id"], "aid": article["id"]}


@pytest.fixture()
def ctx(browser: Any) -> Iterator[Any]:
    """A factory of pages: viewport, colour scheme, touch; each page records console errors and CSP reports."""
    contexts: list[Any] = []

    def make(viewport: dict[str, int] = DESKTOP, scheme: str = "light", touch: bool = False, context: Any = None
             ) -> Any:
        if context is None:
            context = browser.new_context(viewport=viewport, color_scheme=scheme, has_touch=touch, is_mobile=touch,
                                          device_scale_factor=1)
            context.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation', "
                                    "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")
            contexts.append(context)
        pg = context.new_page()
        pg.console_errors = []
        pg.on("console", lambda m: m.type == "error" and pg.console_errors.append(m.text))
        pg.on("pageerror", lambda exc: pg.console_errors.append(str(exc)))
        return pg

    yield make
    for c in contexts:
        c.close()


def no_errors(pg: Any, *, expect_status: int = 200) -> None:
    errors = [e for e in pg.console_errors if not (expect_status != 200 and "status of 404" in e)]
    assert errors == [], errors
    assert pg.evaluate("window.__csp || []") == []


def no_overflow(pg: Any) -> None:
    width = pg.evaluate("document.documentElement.scrollWidth")
    assert width <= pg.viewport_size["width"], f"{pg.url} is {width} px wide"


def axe(pg: Any) -> list[str]:
    """axe-core run in the page (evaluated through the DevTools protocol, so the page's CSP stays strict)."""
    if not pg.evaluate("typeof window.axe !== 'undefined'"):
        pg.evaluate(AXE.read_text(encoding="utf-8"))
    found = pg.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return {checked: r.passes.length + r.violations.length, bad: r.violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))};
    }""")
    assert found["checked"] >= 10, "axe-core ran its rules"
    return list(found["bad"])


def pages(site: str, ids: dict[str, str]) -> list[tuple[str, int]]:
    return [("/", 200), ("/?outlet=harbour", 200), (f"/stories/{ids['sid']}", 200), (f"/articles/{ids['aid']}", 200),
            ("/search?q=ferry", 200), ("/search", 200), ("/feeds", 200), ("/outlets", 200),
            ("/outlets/harbour-times.example", 200), ("/no/such/page", 404), ("/stories/st-none", 404)]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_is_clean_at_390px_with_no_serious_axe_violation(ctx: Any, site: str, ids: dict[str, str],
                                                                    scheme: str) -> None:
    pg = ctx(PHONE, scheme)
    for path, status in pages(site, ids):
        got = pg.goto(site + path)
        assert got.status == status, path
        pg.wait_for_load_state("networkidle")
        no_overflow(pg)
        assert axe(pg) == [], f"{path} ({scheme})"
        background = pg.evaluate("getComputedStyle(document.body).backgroundColor")
        assert (background == "rgb(21, 24, 28)") == (scheme == "dark"), (path, background)
        pg.keyboard.press("Tab")
        focus = pg.evaluate("(() => { const s = getComputedStyle(document.activeElement); "
                            "return [document.activeElement.tagName, s.outlineStyle, parseFloat(s.outlineWidth)]; })()")
        assert focus[0] != "BODY" and focus[1] != "none" and focus[2] >= 2, (path, focus)
        no_errors(pg, expect_status=status)
        pg.console_errors.clear()


def test_every_page_on_a_desktop_passes_axe(ctx: Any, site: str, ids: dict[str, str]) -> None:
    pg = ctx(DESKTOP)
    for path, status in pages(site, ids):
        pg.goto(site + path)
        pg.wait_for_load_state("networkidle")
        pg.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        assert axe(pg) == [], path
        no_errors(pg, expect_status=status)
        pg.console_errors.clear()


def test_api_routes_open_in_the_browser_without_errors(ctx: Any, site: str, ids: dict[str, str]) -> None:
    pg = ctx(PHONE)
    for route in API_ROUTES:
        path = route.format(**ids)
        got = pg.goto(site + path)
        assert got.status == (404 if "nope" in path else 200), path
        assert got.headers["content-security-policy"].startswith("default-src 'none'")
        no_errors(pg, expect_status=got.status)
        pg.console_errors.clear()


def test_story_page_shows_each_section_once_and_the_summary_first(ctx: Any, site: str, ids: dict[str, str],
                                                                  shots: Path) -> None:
    for viewport in (DESKTOP, PHONE):
        pg = ctx(viewport)
        pg.goto(site + f"/stories/{ids['sid']}")
        pg.wait_for_load_state("networkidle")
        headings = pg.eval_on_selector_all("h2", "els => els.map(e => e.textContent.trim())")
        for name in ("Reactions", "Timeline", "Key figures", "Related Sources"):
            assert headings.count(name) <= 1, (name, headings)
        assert headings.count("Key figures") == 1 and headings.count("Timeline") == 1
        height = viewport["height"]
        lede = pg.locator(".lede-text").first.bounding_box()
        point = pg.locator(".brief ul.facts li").first.bounding_box()
        assert lede["y"] + 20 < height and point["y"] + 20 < height, (viewport, lede, point)
        no_overflow(pg)
        assert not pg.locator(".figures-table").is_visible(), "the table across outlets is folded"
        pg.click(".figures-detail summary")
        no_overflow(pg)
        table = pg.locator(".figures-table").bounding_box()
        box = pg.locator(".figures .scroll-x").bounding_box()
        assert box["x"] + box["width"] <= viewport["width"] + 0.5 and table["width"] >= box["width"] - 0.5
        if viewport is PHONE:
            assert not pg.locator(".toc").is_visible()
            pg.screenshot(path=str(shots / "story-phone.png"))
        else:
            assert pg.locator("#actor-graph svg circle").count() >= 3
            labels = pg.eval_on_selector_all("#actor-graph text",
                                             "els => els.map(e => e.getBoundingClientRect().height)")
            assert labels and min(labels) >= 11, "graph labels are readable"
        assert pg.locator(".actor-links li").count() >= 1, "the ranked list is always there"
        roles = pg.eval_on_selector_all(".sources .kind", "els => els.map(e => e.textContent.trim())")
        assert roles and "first report" in roles[0] + " ".join(roles) and len(set(roles)) > 1
        assert not [r for r in roles if r == "original"]
        no_errors(pg)


def test_filters_fold_on_phones_and_stay_open_on_desktops(ctx: Any, site: str) -> None:
    phone = ctx(PHONE)
    phone.goto(site + "/")
    assert not phone.locator(".filters input[name=actor]").is_visible()
    assert phone.locator(".story-card h2").first.bounding_box()["y"] < PHONE["height"] / 2
    phone.click(".filters-box summary")
    assert phone.locator(".filters input[name=actor]").is_visible()
    phone.goto(site + "/?outlet=harbour")
    assert phone.locator(".filters input[name=outlet]").is_visible(), "an active filter stays in view"
    desktop = ctx(DESKTOP)
    desktop.goto(site + "/")
    assert desktop.locator(".filters input[name=actor]").is_visible()
    no_errors(phone)
    no_errors(desktop)


def test_dark_scheme_and_visible_keyboard_focus(ctx: Any, site: str, ids: dict[str, str], shots: Path) -> None:
    def luminance(pg: Any, selector: str, prop: str) -> float:
        rgb = pg.eval_on_selector(selector, f"e => getComputedStyle(e).{prop}")
        r, g, b = (int(x) for x in rgb[rgb.index("(") + 1:rgb.index(")")].split(",")[:3])
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255

    dark, light = ctx(DESKTOP, "dark"), ctx(DESKTOP, "light")
    for pg in (dark, light):
        pg.goto(site + f"/stories/{ids['sid']}")
        pg.wait_for_load_state("networkidle")
    assert luminance(dark, "body", "backgroundColor") < 0.15 and luminance(dark, "body", "color") > 0.7
    assert luminance(light, "body", "backgroundColor") > 0.9
    dark.screenshot(path=str(shots / "story-dark.png"))
    dark.keyboard.press("Tab")
    focused = dark.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
        return {tag: e.tagName, style: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }""")
    assert focused["tag"] == "A" and focused["style"] != "none" and focused["width"] >= 2
    no_errors(dark)
    no_errors(light)


def test_citation_preview_on_tap_and_keyboard_stays_on_the_page(ctx: Any, site: str, ids: dict[str, str],
                                                                shots: Path) -> None:
    pg = ctx(PHONE, touch=True)
    url = site + f"/stories/{ids['sid']}"
    pg.goto(url)
    marker, pop = pg.locator(".brief .cite").first, pg.locator(".brief .cite-pop").first
    assert not pop.is_visible()
    marker.tap()
    assert pop.is_visible() and pg.url == url
    assert marker.get_attribute("aria-expanded") == "true"
    box = pop.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert len(pop.locator(".cite-sentence").inner_text().split()) >= 5
    pg.screenshot(path=str(shots / "story-citation-phone.png"))
    marker.tap()
    assert not pop.is_visible() and pg.url == url
    marker.tap()
    pg.locator("h1").tap()
    assert not pop.is_visible(), "a tap elsewhere closes it"
    second, second_pop = pg.locator(".brief .cite").nth(1), pg.locator(".brief .cite-pop").nth(1)
    second.focus()
    pg.keyboard.press("Enter")
    assert second_pop.is_visible() and pg.url == url
    pg.keyboard.press("Escape")
    assert pg.evaluate("document.activeElement.classList.contains('cite')")
    assert second.get_attribute("aria-expanded") == "false"
    marker.tap()
    with pg.expect_navigation():
        pop.locator(".cite-link").tap()
    assert "/articles/" in pg.url
    no_errors(pg)


def test_outlet_page_counts_from_the_store(ctx: Any, site: str, ids: dict[str, str], settings_db: str,
                                           shots: Path) -> None:
    pg = ctx(DESKTOP)
    pg.goto(site + f"/stories/{ids['sid']}")
    link = pg.locator(".sources .outlet a").first
    domain = link.get_attribute("href").rsplit("/", 1)[1]
    link.click()
    pg.wait_for_selector(".outlet-facts")
    with Store(settings_db, readonly=True) as store:
        mine = [a for a in store.iter_articles() if a.domain == domain]
        stories = {store.story_of(a.id) for a in mine} - {None}
        first = 0
        for sid in stories:
            arts = [a for a in store.get_articles(store.story_article_ids(sid)) if not a.duplicate_of]
            first += min(arts, key=lambda a: (a.published_at or "", a.id)).domain == domain
    facts = dict(zip(pg.locator(".outlet-facts span").all_inner_texts(),
                     pg.locator(".outlet-facts strong").all_inner_texts(), strict=True))
    assert facts.get("articles", facts.get(next(k for k in facts if k.startswith("articles")))) == str(len(mine))
    assert facts["stories covered"] == str(len(stories)) and facts["stories it reported first"] == str(first)
    assert facts["first seen"] == min(a.published_at for a in mine if a.published_at)[:10]
    assert pg.locator(".story-list a[href^='/stories/']").count() == len(stories)
    pg.screenshot(path=str(shots / "outlet.png"), full_page=True)
    no_errors(pg)


def test_new_since_your_last_visit(ctx: Any, site: str, ids: dict[str, str], shots: Path) -> None:
    first = ctx(DESKTOP)
    first.goto(site + "/")
    assert first.locator(".new-badge").count() == 0, "a first visit has nothing to compare with"
    seen = first.evaluate("JSON.parse(localStorage.getItem('storydesk.seen'))")
    assert ids["sid"] in seen and len(seen) == first.locator(".story-card").count()
    others = [k for k in seen if k != ids["sid"]]
    seen[ids["sid"]] = [seen[ids["sid"]][0] - 2, 0]  # as if two of its articles came after the last visit
    del seen[others[0]]  # and one story is new
    first.evaluate("s => localStorage.setItem('storydesk.seen', JSON.stringify(s))", seen)
    later = ctx(context=first.context)  # a new tab: a new visit, the same browser
    later.goto(site + "/")
    badges = later.locator(".new-badge").all_inner_texts()
    assert sorted(badges) == ["+2 articles", "new"], badges
    assert "1 new story, 1 with new articles" in later.locator("#visit-note").inner_text()
    later.screenshot(path=str(shots / "river-new.png"))
    later.goto(site + f"/stories/{ids['sid']}")
    assert "2 new articles" in later.locator("#visit-note").inner_text()
    again = ctx(context=first.context)
    again.goto(site + "/")
    assert again.locator(".new-badge").count() == 0, "what this browser has seen is not new again"
    for pg in (first, later, again):
        no_errors(pg)


def test_the_export_is_styled_self_contained_and_keeps_the_marks(ctx: Any, settings_db: str, tmp_path: Path,
                                                                 shots: Path) -> None:
    with Store(settings_db, readonly=True) as store:
        count, files = write_export(store, tmp_path, ["html", "md", "rss"], "https://news.example.org/desk/")
        # the export must show exactly the brief's single-source marks (how many depends on the brief writer)
        briefs = [store.get_brief(s.id) for s in store.list_stories() if store.brief_versions(s.id)]
        marks = {b.story_id: sum(1 for x in b.sentences if x.extra.get("single_source"))
                 for b in briefs if "erry" in b.headline}
    assert count >= 3 and (tmp_path / "index.html").exists()
    pg = ctx(PHONE)
    pg.route("**/*", lambda route: route.abort() if not route.request.url.startswith("file:") else route.continue_())
    pg.goto((tmp_path / "index.html").as_uri())
    assert pg.locator(".story-card").count() == count
    no_overflow(pg)
    assert axe(pg) == []
    pg.locator(".story-card h2 a", has_text="erry").first.click()
    pg.wait_for_selector(".brief")
    assert pg.evaluate("getComputedStyle(document.querySelector('.brief')).fontFamily").lower().find("serif") >= 0
    assert pg.evaluate("document.querySelectorAll('link[rel=stylesheet], script').length") == 0
    assert pg.locator(".flag", has_text="single source").count() in marks.values(), marks
    assert "articles from" in pg.locator(".story-head .meta").inner_text()
    no_overflow(pg)
    line = pg.evaluate("document.querySelector('.lede-text').getBoundingClientRect().width")
    assert line <= PHONE["width"]
    assert axe(pg) == []
    pg.set_viewport_size(DESKTOP)
    assert pg.evaluate("document.querySelector('.lede-text').getBoundingClientRect().width") <= 800
    pg.screenshot(path=str(shots / "export-story.png"), full_page=True)
    no_errors(pg)
