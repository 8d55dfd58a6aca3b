"""Issue 15, session 5: an article's part about another event ("In a separate case, ...", or a "Meanwhile,"
that turns to a place and names nothing the other articles name) reaches no section of the brief.
Articles written for these tests (a ferry at Calvor), not copied."""

from __future__ import annotations

import pytest

from storydesk.brief import compose
from storydesk.brief.select import candidates, cosines, tfidf_matrix
from storydesk.enrich import enrich_articles
from storydesk.model import Article
from storydesk.stories.cluster import story_record

BASE = ("A passenger ferry ran aground off Calvor on Sunday with 80 people on board.\n"
        "All the passengers were taken safely to the harbour of Calvor by lifeboats.\n"
        "The port authority of Calvor said divers would inspect the hull of the ferry on Monday.\n")
TURN = ("Meanwhile, a fishing trawler sank off Lisbon on Sunday night and four fishermen were rescued by a tanker.\n"
        "The tanker carried the four fishermen to the port of Porto, where they were treated for cold.\n")
STAYS = ("Meanwhile, divers from Calvor reached the hull of the ferry on Monday and found no leak.\n"
         "The port authority of Calvor said the ferry would be towed clear on Tuesday.\n")


def _arts(extra: str) -> list[Article]:
    texts = [BASE + extra, BASE.replace("ran aground", "struck a sandbank"), BASE.replace("Sunday", "Sunday morning")]
    return [Article(id=f"f{n}", text=t, title="Ferry aground off Calvor", outlet=o, domain=o, url=f"https://{o}/f{n}",
                    published_at="2031-05-05T09:00:00Z")
            for n, (t, o) in enumerate(zip(texts, ["harbour.example", "coast.example", "bay.example"], strict=True))]


@pytest.mark.parametrize("extra,away", [(TURN, True), (STAYS, False),
                                        (TURN.replace("Meanwhile, a", "In a separate incident, a"), True)])
def test_a_part_about_another_event_is_found_by_its_turn(extra: str, away: bool) -> None:
    arts = _arts(extra)
    enr = {e.article_id: e for e in enrich_articles(arts)}
    cands = candidates(arts, enr)
    m = tfidf_matrix([c.text for c in cands])
    out = {cands[i].text for i in compose._another_story(cands, enr, cosines(m, m))}
    part = [c.text for c in cands if c.article.id == "f0" and c.text.split()[0] in {"Meanwhile,", "The", "In"}
            and ("trawler" in c.text or "fishermen" in c.text or "divers from" in c.text or "towed" in c.text)]
    assert part
    assert all((t in out) is away for t in part), (out, part)
    if away:
        brief = compose.compose_brief(story_record("s", arts), arts, enr)
        assert not any("fishermen" in s.text or "trawler" in s.text for s in brief.sentences)


def test_the_coverage_pool_counts_a_wire_story_and_its_copies_as_one_outlet() -> None:
    """``eval briefs`` reads 3+-outlet coverage twice: per article's outlet, and with syndicated copies folded
    into their original's outlet (``coverage_3plus_independent``): three copies of one story are one outlet."""
    from storydesk.evaluate.briefs import covered_facts, multi_outlet_facts

    arts = _arts("")
    for a in arts:
        a.text = BASE
    copies = [Article(id=a.id, text=a.text, title=a.title, outlet=a.outlet, domain=a.domain, url=a.url,
                      published_at=a.published_at, duplicate_of=None if a.id == "f0" else "f0") for a in arts]
    for story, independent, expected in [(arts, False, 3), (arts, True, 3), (copies, False, 3), (copies, True, 0)]:
        enr = {e.article_id: e for e in enrich_articles(story)}
        facts = multi_outlet_facts(story, enr, independent=independent)
        assert len(facts) == expected, (independent, facts)
    facts = multi_outlet_facts(arts, {e.article_id: e for e in enrich_articles(arts)})
    assert covered_facts([BASE.splitlines()[0]], facts) == 1
