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
