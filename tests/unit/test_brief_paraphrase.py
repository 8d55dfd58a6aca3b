"""A fact the brief has chosen is not chosen again in other words: a paraphrase that ``same_fact`` joins to it
(the same meaning, numbers and names) counts as said. Articles written for this test."""

from __future__ import annotations

from storydesk.brief.assemble import story_brief
from storydesk.enrich import enrich_articles
from storydesk.model import Article
from storydesk.settings import Settings
from storydesk.stories.cluster import story_record

ONE = ("A winter storm cut power to 40,000 homes across the Lorn valley on Monday, the utility Lornlight said. "
       "Crews from three counties worked through the night to restore the lines. "
       "Schools in the valley stayed closed and the main road to Calder was blocked by fallen trees. ")
TWO = ("Some 40,000 homes across the Lorn valley lost electricity on Monday in the winter storm, Lornlight said. "
       "The storm dropped 30 centimetres of snow on the hills above Calder. "
       "Schools in the valley stayed closed while crews cleared the roads. ")
THREE = ("Lornlight said on Monday that the winter storm had left 40,000 homes in the Lorn valley without power. "
         "The mayor of Calder opened the town hall as a warm shelter for families. "
         "Crews from three counties worked through the night to restore the lines. ")


def _art(n: int, outlet: str, text: str) -> Article:
    return Article(id=f"w{n}", text=text, title=text.split(",")[0], outlet=outlet, domain=outlet,
                   url=f"https://{outlet}/w{n}", published_at=f"2031-01-0{6 + n}T0{n}:00:00Z")


def test_a_paraphrase_of_a_chosen_fact_is_not_chosen_again() -> None:
    arts = [_art(0, "one.example", ONE), _art(1, "two.example", TWO), _art(2, "three.example", THREE)]
    enr = {e.article_id: e for e in enrich_articles(arts)}
    brief, _ = story_brief(story_record("s-storm", arts), arts, enr, Settings())
    body = [s.text for s in brief.sentences if s.section != "timeline"]
    power = [t for t in body if "40,000 homes" in t]
    assert len(power) == 1, power
    chosen = next(s for s in brief.sentences if "40,000 homes" in s.text)
    assert len(chosen.citations) >= 2, "the one fact cites the outlets that word it otherwise"
