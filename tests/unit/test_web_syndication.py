"""Feed documents, Related Sources roles and story outlets, from records built here."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from storydesk.model import Article, Brief, BriefSentence, SourceRef, Story, Support
from storydesk.web import read, syndication

ATOM = "{http://www.w3.org/2005/Atom}"


def _brief() -> Brief:
    s1 = BriefSentence("Crews struck at dawn.", "lede", ["a", "b"], [Support("a", "Crews struck."), Support("b", "x")])
    s2 = BriefSentence("Only one says the depot opens.", "fact", ["b"], [Support("b", "The depot opens.")],
                       extra={"single_source": True})
    return Brief(story_id="st-1", headline="Crews <strike>", sentences=[s1, s2], version=2,
                 created_at="2030-01-01T00:00:00Z",
                 sources=[SourceRef("a", "https://one.example/a", "one.example", "A", "2026-03-02T08:00:00Z"),
                          SourceRef("b", "https://two.example/b", "two.example", "B", "2026-03-03T08:00:00Z",
                                    duplicates=["c"])],
                 coverage={"articles": 3, "outlets": 2, "first_seen": "2026-03-02T08:00:00Z",
                           "last_seen": "2026-03-03T08:00:00Z"})


def test_atom_entries_are_dated_by_the_story_not_by_the_brief() -> None:
    story = Story(id="st-1", title="t", first_seen="2026-03-02T08:00:00Z", last_seen="2026-03-04T10:00:00Z")
    entry = syndication.brief_entry(_brief(), story, "https://news.example.org/desk")
    assert entry.link == "https://news.example.org/desk/stories/st-1" and entry.updated == story.last_seen
    doc = ET.fromstring(syndication.atom("t", "https://x.example/f.xml", "https://x.example/", [entry]))
    e = doc.find(f"{ATOM}entry")
    assert e is not None and e.findtext(f"{ATOM}updated") == "2026-03-04T10:00:00Z"
    assert e.findtext(f"{ATOM}published") == "2026-03-02T08:00:00Z"
    assert e.findtext(f"{ATOM}title") == "Crews <strike>", "escaped, then read back"
    assert "(single source)" in (e.findtext(f"{ATOM}content") or "")
    assert doc.findtext(f"{ATOM}updated") == "2026-03-04T10:00:00Z"
    per_version = syndication.brief_entry(_brief(), story, "https://n.example/", per_version=True)
    assert per_version.link.endswith("?v=2") and per_version.updated == "2026-03-03T08:00:00Z"


def test_rss_pubdate_and_base() -> None:
    doc = ET.fromstring(syndication.briefs_rss([(_brief(), None)], "https://n.example"))
    item = doc.find("./channel/item")
    assert item is not None and item.findtext("pubDate") == "Tue, 03 Mar 2026 08:00:00 +0000"
    assert doc.findtext("./channel/link") == "https://n.example/"


def test_related_sources_say_what_each_brings() -> None:
    articles = {"a": Article(id="a", text="x", outlet="one.example", domain="one.example"),
                "b": Article(id="b", text="x", outlet="two.example", domain="two.example")}
    view = read.brief_view(_brief(), articles)
    one, two = view["sources"]
    assert one["role"] == "first report · cited in 1 sentence" and one["domain"] == "one.example"
    assert two["role"] == "cited in 2 sentences · sole support of 1 · +1 syndicated copy"


def test_story_outlets_name_the_first_to_report() -> None:
    arts = [Article(id="a", text="x", outlet="Two", domain="two.example", published_at="2026-03-03"),
            Article(id="b", text="x", outlet="One", domain="one.example", published_at="2026-03-02"),
            Article(id="c", text="x", outlet="Two", domain="two.example", published_at="2026-03-01",
                    duplicate_of="b")]
    out = read.story_outlets(arts)
    assert out[0] == {"domain": "two.example", "name": "Two", "articles": 2, "first": False}
    assert out[1]["first"], "a syndicated copy does not count as the first report"
