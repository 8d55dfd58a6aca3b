"""Issue 15 item 7: a figure that changes as the story develops (a toll of five, then seven) is one figure with
its values by date; the earlier value is no fact and no summary sentence beside the latest one. Articles
written for this test (a tram that derailed in a town called Velm), not copied."""

from __future__ import annotations

from storydesk.brief.assemble import story_brief
from storydesk.enrich import enrich_articles
from storydesk.model import Article
from storydesk.settings import Settings
from storydesk.stories.cluster import story_record

EARLY = ("At least five people are dead after a tram overturned in Velm on Wednesday morning, police said. "
         "The tram was carrying about 60 passengers when it left the tracks near the Sandor stop. "
         "Rescue teams worked through the morning to free passengers trapped in the wreckage. ")
LATE = ("At least seven people were killed when a tram overturned in Velm on Wednesday, police said. "
        "The tram was carrying about 60 passengers when it left the tracks near the Sandor stop. "
        "The driver of the tram was arrested on suspicion of manslaughter, the police said. "
        "Investigators said the tram was travelling much faster than the limit on the curve. ")


def _art(n: str, outlet: str, text: str, published: str) -> Article:
    return Article(id=n, text=text, title=text.split(",")[0][:60], outlet=outlet, domain=outlet,
                   url=f"https://{outlet}/{n}", published_at=published)


ARTS = [_art("t0", "north.example", EARLY, "2031-05-07T08:00:00Z"),
        _art("t1", "south.example", EARLY.replace("police said", "officials said"), "2031-05-07T09:00:00Z"),
        _art("t2", "west.example", LATE, "2031-05-07T18:00:00Z"),
        _art("t3", "east.example", LATE.replace("police said", "officers said"), "2031-05-07T19:00:00Z")]


def test_the_earlier_toll_is_on_the_figure_line_only() -> None:
    enr = {e.article_id: e for e in enrich_articles(ARTS)}
    brief, _ = story_brief(story_record("s-tram", ARTS), ARTS, enr, Settings())
    prose = [s.text for s in brief.sentences if s.section in {"lede", "summary", "fact"}]
    assert any("seven" in t for t in prose), prose
    assert not [t for t in prose if "five people" in t], prose
    rows = [r for s in brief.sentences for r in (s.extra.get("figure") or {}).get("values") or []]
    assert any(r.get("value") == 5 for r in rows) and any(r.get("value") == 7 for r in rows), rows



def test_a_figure_the_lede_states_is_not_said_again_in_the_summary() -> None:
    from storydesk.brief.finish import _figure_in
    from storydesk.model import BriefSentence

    rows = [{"article_id": "t0", "value": 5, "text": "five people"}, {"article_id": "t2", "value": 7,
                                                                        "text": "seven people"}]
    line = BriefSentence("At least seven people have been killed in Velm.", "figure", ["t2"],
                         extra={"figure": {"status": "changed", "values": rows}})
    assert _figure_in(line, "At least seven people were killed when a tram overturned in Velm.")
    assert not _figure_in(line, "A tram overturned in Velm on Wednesday, police said.")
    assert not _figure_in(line, "At least five people are dead after a tram overturned.")  # not the latest
