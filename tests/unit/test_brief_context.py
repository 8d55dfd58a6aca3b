"""Context that keeps a sentence true (issue 15, item 7): a party's claim keeps its attribution and the story's
statement that contradicts it is shown beside it; no contradiction is invented. Sentences written for these
tests."""

from __future__ import annotations

import pytest

from storydesk.brief.compose import compose_brief
from storydesk.brief.contradict import contradicts
from storydesk.brief.render import to_markdown
from storydesk.enrich import enrich_articles
from storydesk.evaluate.defects import brief_defects
from storydesk.model import Article
from storydesk.stories.cluster import story_record


@pytest.mark.parametrize(("claim", "other"), [
    ("The rebel group said it shot down a government drone over the northern hills on Monday.",
     "The army said no government drone was shot down over the northern hills on Monday."),
    ("The Harbour Front claimed responsibility for the bombing of the pipeline near Corran.",
     "Police said the Harbour Front had no role in the bombing of the pipeline near Corran."),
])
def test_a_denial_of_the_same_thing_contradicts_a_claim(claim: str, other: str) -> None:
    assert contradicts(claim, other) and contradicts(other, claim)


@pytest.mark.parametrize(("claim", "other"), [
    # about something else
    ("The rebel group said it shot down a government drone over the northern hills on Monday.",
     "No one was hurt when the market reopened in the capital on Tuesday."),
    # both negated: they agree
    ("The rebel group said it did not shoot down the government drone over the hills.",
     "The army said the rebels did not shoot down the government drone over the hills."),
    # the negation bears on another word
    ("The Harbour Front claimed responsibility for the bombing of the pipeline near Corran.",
     "The bombing of the pipeline near Corran was not the first attack on the port, police said."),
])
def test_no_contradiction_is_invented(claim: str, other: str) -> None:
    assert not contradicts(claim, other)


def _art(n: int, outlet: str, text: str) -> Article:
    return Article(id=f"c{n}", text=text, title=text.split(".")[0], outlet=outlet, domain=outlet,
                   url=f"https://{outlet}/c{n}", published_at=f"2031-05-0{n + 1}T08:00:00Z")


def test_the_brief_shows_the_contradiction_beside_the_claim() -> None:
    claim = "The Harbour Front claimed responsibility for the bombing of the pipeline near Corran."
    denial = "Police said the Harbour Front had no role in the bombing of the pipeline near Corran."
    arts = [_art(0, "coast.example", "A blast damaged the pipeline near Corran on Sunday night. " + claim
                 + " Repairs will take a week, the operator said."),
            _art(1, "bay.example", "The pipeline near Corran was damaged by a blast on Sunday night. " + denial
                 + " The operator said repairs would take a week."),
            _art(2, "hill.example", "Engineers began repairing the pipeline near Corran on Tuesday morning. "
                 "The blast on Sunday night cut supplies to the port.")]
    enr = {e.article_id: e for e in enrich_articles(arts)}
    brief = compose_brief(story_record("s", arts), arts, enr)
    texts = [s.text for s in brief.sentences]
    assert claim in texts and denial in texts  # the claim keeps "claimed responsibility", as written
    beside = brief.sentences[texts.index(denial)]
    assert beside.extra["contradicts"] == claim and texts.index(denial) == texts.index(claim) + 1
    md = to_markdown(brief)
    assert f"*Contradicting this:* {denial}" in md
    assert md.index(claim) < md.index(denial)
    assert all(not v for v in brief_defects(brief, arts).values()), brief_defects(brief, arts)
