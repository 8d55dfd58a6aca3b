from pathlib import Path

from storydesk.brief.compose import compose_brief
from storydesk.brief.verify import unsupported_parts
from storydesk.enrich import enrich_articles
from storydesk.evaluate.defects import body_words, brief_defects
from storydesk.ingest.files import read_paths
from storydesk.model import Article, BriefSentence, Support
from storydesk.stories.cluster import story_record


def test_every_sentence_is_cited_and_supported(fixtures: Path) -> None:
    arts = [a for a in read_paths([fixtures / "corpus"]) if isinstance(a, Article) and a.labels["event_id"] == 1]
    enr = {e.article_id: e for e in enrich_articles(arts)}
    brief = compose_brief(story_record("s", arts), arts, enr)
    assert brief.sentences[0].section == "lede"
    texts = {a.id: a.text for a in arts}
    for s in brief.sentences:
        assert s.citations and len(s.support) == len(s.citations)
        assert unsupported_parts(s, texts) == []
        source = str(s.extra.get("original", s.text))  # an edited sentence keeps its source sentence
        assert any(source in " ".join(texts[c].split()) for c in s.citations)
    # the strike figure is stated by several outlets and must cite them all
    shared = [s for s in brief.sentences if "walked off the job" in s.text]
    assert shared and len(shared[0].citations) >= 2
    assert {r.id for r in brief.sources} == {a.id for a in arts}
    # and a reader finds no defect in it, in a body of at most ~450 words
    assert all(not v for v in brief_defects(brief, arts).values()), brief_defects(brief, arts)
    assert body_words(brief) <= 450


def test_verifier_catches_invented_numbers_and_altered_quotes() -> None:
    src = {"a": 'About 1,200 crew joined. "We are done waiting," she said.'}
    ok = BriefSentence("About 1,200 crew joined.", "fact", ["a"], [Support("a", "About 1,200 crew joined.")])
    assert unsupported_parts(ok, src) == []
    bad = BriefSentence("About 12,000 crew joined.", "fact", ["a"], [Support("a", "x")])
    assert unsupported_parts(bad, src) == ["number 12000"]
    quote = BriefSentence('"We are finished waiting," she said.', "quote", ["a"], [Support("a", "x")])
    assert unsupported_parts(quote, src)[0].startswith("quote")
    assert unsupported_parts(BriefSentence("x", "fact"), src) == ["no cited source"]


def _dev_article(n: int, outlet: str, day: str, text: str) -> Article:
    return Article(id=f"d{n}", text=text, title=text.split(".")[0], outlet=outlet, domain=outlet,
                   url=f"https://{outlet}/d{n}", published_at=f"{day}T08:00:00Z")


FIRST = ("Floodwater broke through the river wall at Lowmarsh on Monday, forcing 400 families from their homes. "
         "Engineers said the wall had been weakened by a week of heavy rain. Rescue boats worked through the night.")
LATER = ("The council of Lowmarsh approved a new river wall on Thursday, three weeks after the flood. "
         "The new wall will cost 12 million pounds and take two years to build, the council said. "
         "Families who lost their homes in the flood welcomed the decision.")


def test_the_lede_is_the_latest_development_and_earlier_ones_are_dated() -> None:
    """Issue 15, item 6: a story of two bursts leads with the second; the first is an "Earlier" line."""
    from storydesk.brief.render import to_markdown

    arts = [_dev_article(0, "river.example", "2031-03-03", FIRST),
            _dev_article(1, "valley.example", "2031-03-03", FIRST.replace("Rescue boats", "Boats")),
            _dev_article(2, "river.example", "2031-03-20", LATER),
            _dev_article(3, "hill.example", "2031-03-21", LATER.replace("welcomed", "cheered"))]
    enr = {e.article_id: e for e in enrich_articles(arts)}
    brief = compose_brief(story_record("s", arts), arts, enr)
    lede = brief.sentences[0]
    assert lede.section == "lede" and lede.citations[0] in {"d2", "d3"}
    earlier = [s for s in brief.sentences if s.section == "earlier"]
    assert earlier and set(earlier[0].citations) <= {"d0", "d1"} and earlier[0].extra["date"] == "2031-03-03"
    assert [d["from"] for d in brief.coverage["developments"]] == ["2031-03-03", "2031-03-20"]
    md = to_markdown(brief)
    assert "## Earlier" in md and "**2031-03-03**" in md
    assert md.index("## Earlier") < md.index("## Related Sources")
    assert all(not v for v in brief_defects(brief, arts).values()), brief_defects(brief, arts)
