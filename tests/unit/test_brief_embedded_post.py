"""Issue 15: the sentences of a social-media post embedded in a page are the poster's words without marks or
a speaker; they are no fact of a brief, and the reader-defect checker counts one that gets in. Text written
for this test."""

from __future__ import annotations

from storydesk.brief.clean import embedded_post
from storydesk.brief.select import candidates
from storydesk.enrich import enrich_articles
from storydesk.evaluate.defects import CLASSES, _in_post
from storydesk.model import Article

TEXT = ("The mayor of Velm said on Friday that the new tram line would open in the spring of next year.\n"
        "Tram line opens in spring. Will carry twice the riders of the old buses. Guaranteed to change the city "
        "for good. — Ana Lisk (@analisk) March 3, 2030\n"
        "The city council approved the money for the line in a vote of 31 to 9 last month.\n"
        "A post shared by Velm Trams (@velmtrams) on Mar 3, 2030 at 9:12am PST Workers laid the last rails "
        "near the old station on Thursday morning.\n")


def test_no_sentence_of_an_embedded_post_is_a_candidate() -> None:
    art = Article(id="t1", text=TEXT, title="Velm tram line", outlet="velm.example", domain="velm.example",
                  published_at="2030-03-04T10:00:00Z")
    enr = {e.article_id: e for e in enrich_articles([art])}
    texts = [c.text for c in candidates([art], enr)]
    assert any("city council approved" in t for t in texts)
    assert not [t for t in texts if "twice the riders" in t or "change the city" in t or "last rails" in t]


def test_the_writer_and_the_checker_read_the_same_posts() -> None:
    for phrase, inside in (("twice the riders", True), ("last rails", True), ("city council", False),
                           ("mayor of Velm", False)):
        at = TEXT.index(phrase)
        assert embedded_post(TEXT, at, at + len(phrase)) is inside, phrase
        assert _in_post(Article(id="t1", text=TEXT), at) is inside, phrase
    assert "embedded_post" in CLASSES
