"""The outlet view counts an outlet as a story does: by its name, whatever subdomain an article came from."""

from __future__ import annotations

from pathlib import Path

from storydesk.model import Article, Story
from storydesk.outlets import outlet_detail, outlet_index
from storydesk.store import Store

TEXT = "The harbour bridge reopened to traffic on Monday after three weeks of repairs, the council said."


def _article(aid: str, outlet: str, domain: str, day: str) -> Article:
    return Article(id=aid, text=TEXT, title=f"Bridge reopens ({aid})", outlet=outlet, domain=domain,
                   url=f"https://{domain}/{aid}", published_at=f"2026-03-0{day}T08:00:00Z")


def test_subdomains_of_one_outlet_are_one_outlet_page(tmp_path: Path) -> None:
    arts = [_article("a1", "gazette.example", "www.gazette.example", "2"),
            _article("a2", "gazette.example", "europe.gazette.example", "3"),
            _article("a3", "courier.example", "courier.example", "3")]
    with Store(str(tmp_path / "o.db")) as store:
        store.add_articles(arts)
        store.put_story(Story(id="st-1", title="Bridge reopens", article_ids=["a1", "a2", "a3"],
                              outlets=["gazette.example", "courier.example"]))
        for a in arts:
            store.assign(a.id, "st-1", 1.0)
        store.conn.commit()
        rows = {r["domain"]: r["articles"] for r in outlet_index(store)}
        assert rows == {"gazette.example": 2, "courier.example": 1}
        by_name = outlet_detail(store, "gazette.example")
        by_domain = outlet_detail(store, "europe.gazette.example")
        assert by_name is not None and by_domain is not None
        assert by_name["articles"] == by_domain["articles"] == 2
        assert by_name["domains"] == ["europe.gazette.example", "www.gazette.example"]
        assert by_name["stories"][0]["outlets"] == 2, "the story's two outlets, as the story page counts them"
        assert outlet_detail(store, "nowhere.example") is None
