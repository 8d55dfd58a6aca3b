"""The whole pipeline on the shared stories corpus: briefs for every story, and the clustering floor."""

import json
from pathlib import Path

import pytest

from storydesk import pipeline
from storydesk.brief.render import render
from storydesk.brief.verify import unsupported_parts
from storydesk.evaluate.briefs import evaluate_briefs
from storydesk.evaluate.clustering import scores
from storydesk.settings import Settings
from storydesk.store import Store

CLUSTERING_F1_FLOOR = 0.96  # measured 0.961 (P 0.987, R 0.937) through the pipeline; the target; never lower


@pytest.fixture(scope="module")
def store(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Store:
    db = tmp_path_factory.mktemp("shared") / "sd.db"
    settings = Settings.from_values({"db": str(db)})
    s = Store(db)
    pipeline.run(s, [shared_data / "stories" / "articles"], settings)
    return s


def test_clustering_floor(store: Store) -> None:
    pred, gold = [], []
    for a in store.iter_articles():
        pred.append(store.story_of(a.id))
        gold.append(a.labels["event_id"])
    assert len(gold) == 280
    got = scores(pred, gold)
    assert got["bcubed_f1"] >= CLUSTERING_F1_FLOOR, got


def test_every_story_has_a_cited_supported_brief(store: Store) -> None:
    stories = store.list_stories()
    assert stories
    for story in stories:
        brief = store.get_brief(story.id)
        texts = {a.id: a.text for a in store.get_articles(story.article_ids)}
        assert brief.sources and len(brief.sources) + sum(len(r.duplicates) for r in brief.sources) == story.size
        assert brief.sentences, story.id
        as_json = json.loads(render(brief, "json"))
        assert as_json["sources"] and all(s["citations"] and s["support"] for s in as_json["sentences"])
        for s in brief.sentences:
            assert s.citations and s.support, (story.id, s.text)
            assert set(s.citations) <= set(story.article_ids)
            assert unsupported_parts(s, texts) == [], (story.id, s.text)


def test_a_reader_finds_no_defect_in_any_brief(store: Store) -> None:
    """Issue 15: 0 reader defects in every class, a short body, corroborated facts, coverage kept, and every
    recorded edit checked (measured 0, 437 words, 68%, 71%, 217 edits)."""
    result = evaluate_briefs(store)
    assert result["briefs"] >= 40
    assert result["defects_total"] == 0, {k: v for k, v in result["defects"].items() if v}
    assert result["median_body_words"] <= 450
    assert result["facts_2plus_share"] >= 0.5
    assert result["ours"]["coverage_3plus"] >= 0.70
    assert result["ours"]["coverage_3plus"] > result["lexrank"]["coverage_3plus"]
    assert result["ours"]["supported_share"] == 1.0 and result["ours"]["unsupported_numbers"] == 0
    assert result["edits"] > 0 and result["edits_failed"] == 0
