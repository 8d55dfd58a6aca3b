"""Perspectives on a small story of our own: four outlets and a syndicated copy of one of them."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from storydesk.brief.compose import compose_brief
from storydesk.brief.perspectives import figures, origin_outlets, perspectives
from storydesk.brief.perspectives_view import _short
from storydesk.brief.render import render
from storydesk.brief.verify import check_perspectives
from storydesk.enrich import enrich_articles
from storydesk.model import Article, Enrichment
from storydesk.stories.cluster import story_record

FIRE = ("A fire destroyed the Brennan textile factory in Harwick on Monday, killing {n} workers and injuring "
        "dozens more.")
CREWS = "Firefighters from four nearby towns fought the blaze at the Harwick plant for six hours before dawn."
INSPECTION = "The factory owner, Martin Oakes, said the building had passed a safety inspection in January."
FLAGS = ("The mayor of Harwick, Lydia Crane, ordered every flag in the town lowered to half-mast until the "
         "funerals.")
WITNESS = ('"We heard a loud bang, then the whole sky went orange," said Joan Pike, a resident who lives across '
           "the street.")
UNION = "The textile workers union called for a national review of fire exits in older mills across Wexland."
CAUSE = "Investigators have not yet said what started the fire, and the police have opened an inquiry."


def _article(aid: str, outlet: str, when: str, title: str, sentences: list[str], **kw: Any) -> Article:
    return Article(id=aid, text=" ".join(sentences), title=title, outlet=outlet, domain=outlet.lower().replace(" ",
                   "") + ".example", published_at=when, **kw)


@pytest.fixture(scope="module")
def story() -> tuple[list[Article], dict[str, Enrichment]]:
    arts = [
        _article("a1", "Daily Ledger", "2026-03-02T08:00:00+00:00", "Three dead in Harwick factory fire",
                 [FIRE.format(n=3), CREWS, INSPECTION, FLAGS]),
        _article("b1", "Coast Herald", "2026-03-02T10:30:00+00:00", "Harwick mill fire kills three",
                 [FIRE.format(n=3), CREWS, CAUSE, UNION]),
        _article("c1", "Metro Wire", "2026-03-03T09:00:00+00:00", "Harwick fire toll rises to five",
                 [FIRE.format(n=5), CREWS, WITNESS, CAUSE]),
        _article("d1", "Valley Post", "2026-03-03T12:00:00+00:00", "Union demands review after Harwick fire",
                 [UNION, FIRE.format(n=5), INSPECTION]),
        # a syndicated copy of the Daily Ledger's story on another site: it counts as the Daily Ledger
        _article("a2", "Regional Digest", "2026-03-02T09:00:00+00:00", "Three dead in Harwick factory fire",
                 [FIRE.format(n=3), CREWS, INSPECTION, FLAGS], duplicate_of="a1"),
    ]
    return arts, {e.article_id: e for e in enrich_articles(arts)}


@pytest.fixture(scope="module")
def persp(story: tuple[list[Article], dict[str, Enrichment]]) -> dict[str, Any]:
    arts, enr = story
    return perspectives(arts, enr)


def test_syndicated_copies_count_as_their_original(persp: dict[str, Any]) -> None:
    assert persp["outlets"] == ["Coast Herald", "Daily Ledger", "Metro Wire", "Valley Post"]
    assert "Regional Digest" not in str(persp["ledes"]) and "Regional Digest" not in str(persp["voices"])


def test_a_fact_only_one_outlet_has(persp: dict[str, Any]) -> None:
    flags = [c for c in persp["only"] if "half-mast" in c["fact"]["text"]]
    assert len(flags) == 1 and flags[0]["outlets"] == ["Daily Ledger"]  # the copy on Regional Digest is not another
    checked = {e["article_id"]: e for e in flags[0]["checked"]}
    assert sorted(checked) == ["b1", "c1", "d1"]  # every article of the other outlets, the copy is Daily Ledger's
    assert all(not e["matches"] and e["sentence"] and 0 <= e["similarity"] < 0.6 for e in checked.values())
    witness = [c for c in persp["only"] if "orange" in c["fact"]["text"]]
    assert witness and witness[0]["outlets"] == ["Metro Wire"]
    # the widely told fire itself is never an "only" claim
    assert not [c for c in persp["only"] if "Firefighters" in c["fact"]["text"]]


def test_a_blindspot(persp: dict[str, Any]) -> None:
    crews = [c for c in persp["left_out"] if "Firefighters" in c["fact"]["text"]]
    assert [c["outlet"] for c in crews] == ["Valley Post"]
    assert crews[0]["carried_by"] == ["Coast Herald", "Daily Ledger", "Metro Wire"]
    assert [e["article_id"] for e in crews[0]["checked"]] == ["d1"]
    assert not [c for c in persp["left_out"] if c["outlet"] == "Daily Ledger" and "Firefighters" in c["fact"]["text"]]


def test_a_rising_toll_is_not_a_disagreement(persp: dict[str, Any]) -> None:
    workers = [f for f in persp["figures"] if f["counted"] == "worker"]
    assert workers and workers[0]["status"] == "changed", persp["figures"]
    assert not [f for f in persp["figures"] if f["status"] == "disagree" and f["counted"] == "worker"]
    assert {(v["outlet"], v["published"][:10], v["value"]) for v in workers[0]["values"]} >= {
        ("Daily Ledger", "2026-03-02", 3.0), ("Metro Wire", "2026-03-03", 5.0)}


def test_voices_and_first(persp: dict[str, Any]) -> None:
    metro = next(v for v in persp["voices"] if v["outlet"] == "Metro Wire")
    assert metro["kinds"].get("witnesses") == 1, metro
    ledger = next(v for v in persp["voices"] if v["outlet"] == "Daily Ledger")
    assert ledger["quotes"] >= 1 and "witnesses" not in ledger["kinds"]
    crews = next(f for f in persp["first"] if "Firefighters" in f["fact"]["text"])
    assert crews["first"]["outlet"] == "Daily Ledger"  # 08:00, before its own copy's outlet counts again
    assert [(f["outlet"], f["hours_after_first"]) for f in crews["followed"]] == [("Coast Herald", 2.5),
                                                                                 ("Metro Wire", 25.0)]


def test_ledes_grouped_by_fact(persp: dict[str, Any]) -> None:
    groups = {tuple(g["outlets"]): g for g in persp["ledes"]}
    assert ("Coast Herald", "Daily Ledger", "Metro Wire") in groups  # all lead with the fire
    assert groups[("Valley Post",)]["entries"][0]["lede"].startswith("The textile workers union")
    assert groups[("Valley Post",)]["entries"][0]["headline"] == "Union demands review after Harwick fire"


def test_the_verifier_passes_true_claims_and_catches_false_ones(
        story: tuple[list[Article], dict[str, Enrichment]], persp: dict[str, Any]) -> None:
    arts, enr = story
    assert persp["only"] and persp["left_out"]
    assert check_perspectives(persp, arts, enr) == []
    # a false "only": Daily Ledger is not the only outlet with the crews sentence
    crews = next(c for c in persp["left_out"] if "Firefighters" in c["fact"]["text"])
    bad = copy.deepcopy(persp)
    others = [a.id for a in arts if a.id not in {"a1", "a2"}]
    bad["only"] = [{"kind": "only", "outlets": ["Daily Ledger"], "fact": {**crews["fact"], "article_id": "a1",
                    "start": enr["a1"].sentences[1].start, "text": CREWS},
                    "checked": [{"article_id": a, "sentence": None, "similarity": 0.0, "matches": False}
                                for a in others]}]
    bad["left_out"] = []
    problems = check_perspectives(bad, arts, enr)
    assert any("carried by" in p for p in problems) and any("evidence for article" in p for p in problems)
    # a false "leaves out": Metro Wire does carry the fire
    bad = copy.deepcopy(persp)
    bad["left_out"] = [{**crews, "outlet": "Metro Wire", "checked": [
        {"article_id": "c1", "sentence": None, "similarity": 0.0, "matches": False}]}]
    assert any("Metro Wire carries it" in p for p in check_perspectives(bad, arts, enr))
    # the evidence must name every article it had to check
    bad = copy.deepcopy(persp)
    bad["only"][0]["checked"] = bad["only"][0]["checked"][1:]
    assert any("evidence checks" in p for p in check_perspectives(bad, arts, enr))


def test_fewer_than_three_outlets_have_no_perspectives(story: tuple[list[Article], dict[str, Enrichment]]) -> None:
    arts, enr = story
    two = [a for a in arts if a.id in {"a1", "a2", "b1"}]
    assert perspectives(two, enr) == {}


def test_the_brief_carries_and_renders_perspectives(story: tuple[list[Article], dict[str, Enrichment]]) -> None:
    arts, enr = story
    arts = [copy.copy(a) for a in arts]
    arts[3].title = "Union <script>alert(1)</script> demands review"  # untrusted text stays text
    brief = compose_brief(story_record("s", arts), arts, enr)
    assert brief.perspectives["only"] and check_perspectives(brief.perspectives, arts, enr) == []
    md, page = render(brief, "md"), render(brief, "html")
    assert "## Perspectives" in md and md.index("## Perspectives") < md.index("## Related Sources")
    assert "Only **Daily Ledger** reports" in md and "**Valley Post** does not report" in md
    assert "<h2>Perspectives</h2>" in page and "<script>" not in page and "&lt;script&gt;" in page
    assert json.loads(render(brief, "json"))["perspectives"]["outlets"] == brief.perspectives["outlets"]
    # compact by default: a few lines per part, the rest with --full
    brief.coverage["full"] = True
    assert len(render(brief, "md")) >= len(md)


def test_same_day_values_that_differ_are_a_disagreement() -> None:
    arts = [
        _article("x1", "Daily Ledger", "2026-03-02T08:00:00+00:00", "Fire", [FIRE.format(n=3), CREWS]),
        _article("x2", "Coast Herald", "2026-03-02T09:00:00+00:00", "Fire", [FIRE.format(n=4), CREWS]),
        _article("x3", "Metro Wire", "2026-03-03T09:00:00+00:00", "Fire", [FIRE.format(n=2), CREWS]),
    ]
    enr = {e.article_id: e for e in enrich_articles(arts)}
    workers = [f for f in figures(arts, enr, origin_outlets(arts)) if f["counted"] == "worker"]
    assert workers and workers[0]["status"] == "disagree", workers
    assert {(v["outlet"], v["value"]) for v in workers[0]["values"]} == {("Daily Ledger", 3.0), ("Coast Herald", 4.0)}


def test_a_lede_shows_without_its_wire_dateline() -> None:
    assert _short("SEOUL (Reuters) - North Korea fired a missile over Japan on Tuesday morning.") == (
        "North Korea fired a missile over Japan on Tuesday morning.")
    assert _short("West Palm Beach, Florida (CNN) President Donald Trump said he was very disappointed.") == (
        "President Donald Trump said he was very disappointed.")
    assert _short("The plane crashed in a wooded area on Sunday.") == "The plane crashed in a wooded area on Sunday."


def test_people_counted_without_an_outcome_are_never_called_a_disagreement() -> None:
    present = "About {n} people were inside the Harwick plant on Monday night when the alarm sounded."
    arts = [
        _article("y1", "Daily Ledger", "2026-03-02T08:00:00+00:00", "Fire", [present.format(n=40), CREWS]),
        _article("y2", "Coast Herald", "2026-03-02T09:00:00+00:00", "Fire", [present.format(n=130), CREWS]),
        _article("y3", "Metro Wire", "2026-03-02T11:00:00+00:00", "Fire", [FIRE.format(n=3), CREWS]),
    ]
    enr = {e.article_id: e for e in enrich_articles(arts)}
    shown = figures(arts, enr, origin_outlets(arts))
    assert not [f for f in shown if f["counted"] == "people"], shown  # 40 inside vs 130 injured? nobody knows
