"""The whole pipeline on the shared stories corpus: briefs for every story, their Perspectives, and the
clustering floor."""

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from storydesk import pipeline
from storydesk.brief.perspectives import origin_outlets
from storydesk.brief.render import render
from storydesk.brief.verify import check_perspectives, unsupported_parts
from storydesk.evaluate.briefs import evaluate_briefs
from storydesk.evaluate.clustering import scores
from storydesk.model import Article, Enrichment, Story
from storydesk.settings import Settings
from storydesk.store import Store
from storydesk.web.testing import running_server

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
    recorded edit checked (measured in session 4 after main b9e7a23: 0, 406 words, 62.3%, 74.3%, 164 edits)."""
    result = evaluate_briefs(store)
    assert result["briefs"] >= 40
    assert result["defects_total"] == 0, {k: v for k, v in result["defects"].items() if v}
    assert result["median_body_words"] <= 450
    assert result["facts_2plus_share"] >= 0.5
    assert result["ours"]["coverage_3plus"] >= 0.70
    assert result["ours"]["coverage_3plus"] > result["lexrank"]["coverage_3plus"]
    assert result["ours"]["supported_share"] == 1.0 and result["ours"]["unsupported_numbers"] == 0
    assert result["edits"] > 0 and result["edits_failed"] == 0
    # floors on the check half (session 4, merged with main b9e7a23: 53.3% 2+-outlet share, 0 defects)
    check = result["halves"]["check"]
    assert check["briefs"] >= 15 and check["defects_total"] == 0
    assert check["facts_2plus_share"] >= 0.5
    # facts of 3+ independent outlets (syndicated copies folded; session 5: 88.9% of 9 on the check half, 82.8%
    # of 29 on the tuning half); the unfolded reading stays 65.0% there (bench/RESULTS.md, issue 15 session 5)
    assert check["ours"]["coverage_3plus_independent"] >= 0.70


def _wide_stories(store: Store) -> list[tuple[Story, list[Article], dict[str, Enrichment]]]:
    out = []
    for story in store.list_stories():
        arts = store.get_articles(story.article_ids)
        if len(set(origin_outlets(arts).values())) >= 3:
            out.append((story, arts, store.get_enrichments(story.article_ids)))
    return out


def test_every_difference_claim_holds_against_all_articles(store: Store) -> None:
    """Issue 20: every "only X" and "X leaves out" claim of every 3+-outlet story, rechecked against all of
    the story's articles with the brief's fact matching computed afresh (0 false claims)."""
    wide = _wide_stories(store)
    assert len(wide) >= 30
    claims = 0
    for story, arts, enr in wide:
        p = store.get_brief(story.id).perspectives
        assert p and p["outlets"] and not p["unchecked"], story.id
        assert check_perspectives(p, arts, enr) == [], story.id
        claims += len(p["only"]) + len(p["left_out"])
        for c in p["only"]:
            assert {e["article_id"] for e in c["checked"]} == {
                a.id for a in arts if origin_outlets(arts)[a.id] not in c["outlets"]}
    assert claims >= 300


def test_perspectives_show_in_every_format_the_api_the_web_and_the_outlet_view(store: Store) -> None:
    wide = _wide_stories(store)
    for story, _, _ in wide:
        brief = store.get_brief(story.id)
        assert "## Perspectives" in render(brief, "md") and "<h2>Perspectives</h2>" in render(brief, "html")
        assert json.loads(render(brief, "json"))["perspectives"]["ledes"]
    story = max(wide, key=lambda w: len(w[1]))[0]
    with running_server(Settings.from_values({"db": store.path})) as base, httpx.Client(base_url=base, timeout=60) as c:
        page = c.get(f"/stories/{story.id}").text
        assert 'id="h-perspectives"' in page and "How each outlet led" in page
        api = c.get(f"/api/stories/{story.id}/perspectives").json()
        assert api["perspectives"]["only"] and api["perspectives"]["only"][0]["checked"]
        outlet = c.get("/outlets/www.nytimes.com").text
        assert "facts only it reports" in outlet and "widely covered stories without it" in outlet
    env = {**os.environ, "STORYDESK_DB": store.path}
    proc = subprocess.run([str(Path(sys.executable).parent / "storydesk"), "outlet", "nytimes.com", "--json"],
                          capture_output=True, text=True, env=env, timeout=300, check=True)
    detail = json.loads(proc.stdout)
    assert detail["domain"] == "nytimes.com" and detail["stories"] and "www.nytimes.com" in detail["domains"]
    assert detail["perspectives"]["stories"] >= 5 and detail["perspectives"]["voices"]
