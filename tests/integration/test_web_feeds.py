"""Feeds as a reader's feed client sees them: Atom per story and per search, over real HTTP, parsed by feedparser."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import datetime

import httpx
import pytest

from storydesk.settings import Settings
from storydesk.web.testing import running_server
from web_fixtures import build_db

feedparser = pytest.importorskip("feedparser")
PUBLIC = "https://news.example.org/desk/"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return build_db(tmp_path_factory.mktemp("feeds") / "feeds.db", xss=False)


@pytest.fixture(scope="module")
def public(settings: Settings) -> Iterator[httpx.Client]:
    """A server told its public address (base_url), as behind a reverse proxy."""
    with running_server(Settings.load({**settings.as_dict(), "base_url": PUBLIC})) as base, \
            httpx.Client(base_url=base, timeout=30) as c:
        yield c


def _epoch(iso: str) -> int:
    dt = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    return calendar.timegm(dt.utctimetuple())


def _parse(client: httpx.Client, path: str, **params: str) -> object:
    r = client.get(path, params=params)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(r.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def test_story_feed_has_absolute_links_and_the_story_dates(public: httpx.Client) -> None:
    stories = public.get("/api/stories", params={"limit": 100}).json()["items"]
    ferry = next(s for s in stories if "erry" in s["title"])
    feed = _parse(public, f"/stories/{ferry['id']}/feed.xml")
    assert feed.feed.title.endswith(ferry["title"]) and feed.feed.link == PUBLIC + f"stories/{ferry['id']}"
    versions = public.get(f"/api/stories/{ferry['id']}/briefs").json()["versions"]
    assert len(feed.entries) == len(versions) >= 1
    for entry in feed.entries:
        assert entry.link.startswith(PUBLIC + f"stories/{ferry['id']}?v=")
        assert calendar.timegm(entry.published_parsed) == _epoch(ferry["first_seen"])
        assert calendar.timegm(entry.updated_parsed) == _epoch(ferry["last_seen"])
        assert "articles from" in entry.content[0].value
    page = public.get(f"/stories/{ferry['id']}").text
    assert f'href="/stories/{ferry["id"]}/feed.xml"' in page


def test_search_feed_lists_the_matching_stories(public: httpx.Client) -> None:
    feed = _parse(public, "/search/feed.xml", q="ferry strike")
    assert feed.entries and all(e.link.startswith(PUBLIC + "stories/st-") for e in feed.entries)
    assert "ferry strike" in feed.feed.title
    found = public.get("/api/search", params={"q": "ferry strike", "limit": 50}).json()
    expected = {b["story_id"] for b in found["briefs"]} | {a["story_id"] for a in found["articles"] if a["story_id"]}
    assert {e.link.rsplit("/", 1)[1] for e in feed.entries} == expected
    stories = {s["id"]: s for s in public.get("/api/stories", params={"limit": 100}).json()["items"]}
    updated = [calendar.timegm(e.updated_parsed) for e in feed.entries]
    assert updated == sorted(updated, reverse=True), "the most recently active story first"
    for e in feed.entries:
        assert calendar.timegm(e.updated_parsed) == _epoch(stories[e.link.rsplit("/", 1)[1]]["last_seen"])
    empty = _parse(public, "/search/feed.xml", q="zzzqqq")
    assert empty.entries == []
    assert public.get("/search/feed.xml").status_code == 422


def test_without_a_base_url_links_use_the_address_the_reader_used(settings: Settings) -> None:
    with running_server(settings) as base, httpx.Client(base_url=base, timeout=30) as c:
        feed = _parse(c, "/search/feed.xml", q="comet")
        assert feed.entries and all(e.link.startswith(base + "/stories/") for e in feed.entries)
        assert c.get("/stories/st-nope/feed.xml").status_code == 404


def test_outlet_pages(public: httpx.Client) -> None:
    index = public.get("/outlets").text
    assert 'href="/outlets/harbour-times.example"' in index and 'href="/outlets/bay-herald.example"' in index
    page = public.get("/outlets/harbour-times.example")
    assert page.status_code == 200 and "stories it reported first" in page.text
    assert public.get("/outlets/HARBOUR-TIMES.example").status_code == 200
    missing = public.get("/outlets/nowhere.example")
    assert missing.status_code == 404 and "storydesk " not in missing.text.split("<main", 1)[1].split("</main>")[0]
    assert "browse the latest stories" in missing.text
