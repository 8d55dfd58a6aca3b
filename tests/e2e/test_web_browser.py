"""The reading UI in a real browser: the river, a story with its citations, search, feeds, and an XSS corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from web_fixtures import TOKEN

pytestmark = pytest.mark.browser


def clean(page: Any) -> None:
    """Nothing the page did broke the CSP or raised; no dialog opened; no injected script ran."""
    assert page.evaluate("window.__csp") == []
    assert page.errors == []
    assert page.evaluate("typeof window.__xss") == "undefined"


def test_river_lists_stories_with_sparklines(page: Any, site: str, shots: Path) -> None:
    page.goto(site + "/")
    cards = page.locator(".story-card")
    assert cards.count() >= 3
    assert page.locator(".story-card h2").first.inner_text()
    page.wait_for_function("document.querySelectorAll('canvas.sparkline').length > 0 && "
                           "[...document.querySelectorAll('canvas.sparkline')].every(c => Chart.getChart(c))")
    page.screenshot(path=str(shots / "river.png"), full_page=True)
    page.fill("input[name=outlet]", "harbour-times")
    page.click(".filters button")
    assert page.locator(".story-card").count() == 1
    clean(page)


def test_story_citation_shows_its_source(page: Any, site: str, shots: Path) -> None:
    page.goto(site + "/?outlet=harbour-times")
    page.click(".story-card h2 a")
    page.wait_for_selector(".brief")
    assert "Ferry" in page.locator("h1").inner_text()
    marker = page.locator(".brief .cite").first
    pop = page.locator(".brief .cite-pop").first
    assert not pop.is_visible()
    marker.hover()
    assert pop.is_visible()
    sentence = pop.locator(".cite-sentence").inner_text()
    assert len(sentence.split()) >= 5
    assert pop.locator(".cite-src").inner_text().strip()
    page.screenshot(path=str(shots / "story-citation.png"))
    assert page.evaluate("Chart.getChart(document.getElementById('chart-coverage'))") is None, "folded: not drawn"
    page.click("details.coverage summary")
    page.wait_for_function("() => Chart.getChart(document.getElementById('chart-coverage')) !== undefined")
    page.wait_for_selector("#actor-graph svg circle")
    page.screenshot(path=str(shots / "story.png"), full_page=True)
    page.mouse.move(0, 0)
    page.locator(".brief .cite").nth(1).focus()
    assert page.locator(".brief .cite-pop").nth(1).is_visible(), "keyboard focus shows the source too"
    page.locator(".brief .cite").nth(1).blur()
    page.locator(".brief .cite").first.hover()
    page.locator(".brief .cite-pop").first.locator(".cite-link").click()
    page.wait_for_selector(".article-text")
    assert page.locator(".article-text .hl.cited").first.is_visible()
    cited = "".join(page.locator(".article-text .hl.cited").all_inner_texts())
    assert " ".join(cited.split()) == " ".join(sentence.split())
    page.screenshot(path=str(shots / "article.png"), full_page=True)
    clean(page)


def test_search_finds_articles_and_briefs(page: Any, site: str, shots: Path) -> None:
    page.goto(site + "/")
    page.fill("#quick-q", "ferry strike")
    page.press("#quick-q", "Enter")
    page.wait_for_selector(".article-results")
    assert page.locator(".briefs-results li").count() >= 1
    assert page.locator(".article-results mark").count() >= 1
    page.screenshot(path=str(shots / "search.png"), full_page=True)
    clean(page)


def test_feeds_need_the_token(page: Any, site: str, shots: Path) -> None:
    page.goto(site + "/feeds")
    page.fill("input[name=url]", "https://news.example/rss.xml")
    page.fill("form.add-feed input[name=title]", "Example News")
    with page.expect_response(lambda r: r.url.endswith("/feeds") and r.request.method == "POST") as got:
        page.click("form.add-feed button")
    assert got.value.status == 401
    assert "token" in page.locator(".notice.error").inner_text()
    assert page.locator(".feeds-table").count() == 0
    page.fill("input[name=url]", "https://news.example/rss.xml")
    page.fill("form.add-feed input[name=title]", "Example News")
    page.fill("form.add-feed input[name=token]", TOKEN)
    page.click("form.add-feed button")
    page.wait_for_selector(".feeds-table")
    assert "Example News" in page.locator(".feeds-table").inner_text()
    assert "Added" in page.locator(".notice").inner_text()
    page.screenshot(path=str(shots / "feeds.png"), full_page=True)
    page.fill(".feeds-table input[name=token]", TOKEN)
    page.click(".feeds-table button")
    page.wait_for_selector(".notice")
    assert page.locator(".feeds-table").count() == 0
    clean(page)


def test_markup_in_titles_texts_and_outlets_never_runs(page: Any, site: str, shots: Path) -> None:
    page.goto(site + "/?outlet=xss-three")
    assert page.locator(".story-card").count() == 1
    assert "<script>" in page.locator(".story-card h2").inner_text() or "{{ 7*7 }}" in page.content()
    clean(page)
    page.click(".story-card h2 a")
    page.wait_for_selector(".brief")
    for i in range(page.locator(".brief .cite").count()):
        page.locator(".brief .cite").nth(i).hover()
    clean(page)
    page.screenshot(path=str(shots / "xss-story.png"), full_page=True)
    links = page.eval_on_selector_all(".sources a", "els => els.map(e => e.getAttribute('href'))")
    assert links and not [h for h in links if h.lower().startswith("javascript")]
    articles = page.eval_on_selector_all(".sources li > a[href^='/articles/']", "els => els.map(e => e.href)")
    assert len(articles) == 3
    for url in articles:
        page.goto(url)
        page.wait_for_selector(".article-text")
        assert "<img src=x" in page.locator(".article-text").inner_text() or "<iframe" in page.locator(
            ".article-text").inner_text() or "By Wednesday" in page.locator(".article-text").inner_text()
        assert page.locator(".article-text img, .article-text iframe, .article-text svg, .description img").count() == 0
        clean(page)
    page.goto(site + "/search?q=harbour")
    clean(page)
    page.goto(site + "/api/stories?outlet=xss-one")
    clean(page)
