"""Session 4 of issue 15: a look ahead from an earlier development is shown only in a dated line, and a
reaction responds to the event. Articles written for these tests (a river wall at Lowmarsh), not copied."""

from __future__ import annotations

import pytest

from storydesk.brief import sections
from storydesk.brief.compose import compose_brief
from storydesk.enrich import enrich_articles
from storydesk.evaluate.defects import brief_defects
from storydesk.model import Article, Brief, BriefSentence, Support
from storydesk.stories.cluster import story_record

FIRST = ("Floodwater broke through the river wall at Lowmarsh on Monday, forcing 400 families from their homes. "
         "Engineers said the wall had been weakened by a week of heavy rain. "
         "The town council will vote on a new river wall at a special meeting next month. "
         "Rescue boats worked through the night to reach families on the lower streets.")
LATER = ("The council of Lowmarsh approved a new river wall on Thursday, three weeks after the flood. "
         "The new wall will cost 12 million pounds and take two years to build, the council said. "
         "Families who lost their homes in the flood welcomed the decision.")


def _art(n: int, outlet: str, day: str, text: str) -> Article:
    return Article(id=f"w{n}", text=text, title=text.split(".")[0], outlet=outlet, domain=outlet,
                   url=f"https://{outlet}/w{n}", published_at=f"{day}T08:00:00Z")


def test_a_look_ahead_from_an_earlier_development_is_not_shown_as_still_to_come() -> None:
    arts = [_art(0, "river.example", "2031-03-03", FIRST),
            _art(1, "valley.example", "2031-03-03", FIRST.replace("Rescue boats", "Boats")),
            _art(2, "river.example", "2031-03-24", LATER),
            _art(3, "hill.example", "2031-03-24", LATER.replace("welcomed", "cheered"))]
    enr = {e.article_id: e for e in enrich_articles(arts)}
    brief = compose_brief(story_record("s", arts), arts, enr)
    stale = [s for s in brief.sentences if "will vote" in s.text]
    assert all(s.section in {"earlier", "background", "timeline"} for s in stale), [(s.section, s.text) for s in stale]
    # the latest development's own look ahead stands
    assert any("will cost 12 million" in s.text for s in brief.sentences)
    assert not brief_defects(brief, arts)["stale_future"]
    # and the checker, by its own rule, finds one shown outside a dated line
    vote = "The town council will vote on a new river wall at a special meeting next month."
    at = FIRST.index(vote)
    shown = Brief(story_id="s", headline="Flood", sentences=[
        BriefSentence(vote, "fact", ["w0"], [Support("w0", vote, at, at + len(vote), 1.0)])])
    assert brief_defects(shown, arts)["stale_future"]


@pytest.mark.parametrize("text,reacts", [
    ("The mayor of Lowmarsh condemned the delay in building the wall, a spokesman said.", True),
    ("The residents' association welcomed the council's decision in a statement.", True),
    ("The environment agency urged families to stay away from the river bank.", True),
    ("The wall had been inspected in January and passed, the agency's director said.", False),
    ("The rescue boats left the harbour at noon, the coastguard said.", False),
])
def test_a_reaction_responds_to_the_event(text: str, reacts: bool) -> None:
    assert bool(sections.REACTING.search(text)) is reacts
    shown = Brief(story_id="s", headline="Flood", sentences=[BriefSentence(text, "reaction", ["w0"], [])])
    assert bool(brief_defects(shown, [_art(0, "river.example", "2031-03-03", text)])["not_a_reaction"]) is not reacts


@pytest.mark.parametrize("text,stands", [
    ("The council of Lowmarsh approved a new river wall on Thursday, three weeks after the flood.", True),
    ("Engineers said the wall had been weakened by a week of heavy rain.", True),
    ("Ever since the river broke its banks, the people of Lowmarsh look at the sky with fear.", False),
    ("If the wall holds this winter, the lower streets may finally be safe again.", False),
    ("“We expect the families to be home by spring,” the mayor's office says.", False),
    ("Half a dozen cranes dot the riverside skyline of the town, teeming with new homes.", False),
])
def test_an_earlier_line_reports_a_development(text: str, stands: bool) -> None:
    from storydesk.brief.compose import reports_development

    assert reports_development(text, "2031-03-24T08:00:00Z") is stands
    shown = Brief(story_id="s", headline="Flood", sentences=[BriefSentence(text, "earlier", ["w0"], [])])
    found = brief_defects(shown, [_art(0, "river.example", "2031-03-03", text)])["earlier_no_event"]
    assert bool(found) is not stands
