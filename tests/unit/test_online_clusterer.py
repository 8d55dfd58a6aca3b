"""The online story clusterer on invented articles, with the real MiniLM model and indexes."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from storydesk.enrich.embed import embed
from storydesk.errors import NotFoundError
from storydesk.evaluate.clustering import bcubed, score_clustering
from storydesk.model import Article
from storydesk.stories.cluster import ClusterConfig, StoryClusterer, features_batch

# Invented texts: three stories, two on the same fictional country so that they share actors.
TEXTS = [
    ("a1", "2031-03-01", "Valdorian volcano erupts near the port of Kessa",
     "The Mount Orrin volcano in Valdoria erupted on Monday, sending ash over the port of Kessa. Officials "
     "in Kessa ordered the evacuation of four villages on the slopes of Mount Orrin. Flights were grounded."),
    ("b1", "2031-03-01", "Harbour workers strike at Lunport over pay cuts",
     "Dock workers at Lunport walked out on Monday after the shipping company Greyline cut their pay. The "
     "union said the strike at Lunport would last until Greyline restored the old wages. Cranes stood idle."),
    ("a2", "2031-03-02", "Ash from Mount Orrin closes Kessa airport for a second day",
     "Kessa airport stayed shut on Tuesday as the Mount Orrin volcano kept erupting. Valdorian officials "
     "said more villages near the volcano might be evacuated as ash fell on Kessa."),
    ("c1", "2031-03-02", "Valdoria wins the regional chess championship",
     "The Valdorian chess team won the regional championship in Morvell on Tuesday, beating the holders in "
     "the final round. The team captain said the victory was the best in Valdoria's chess history."),
    ("b2", "2031-03-03", "Greyline agrees to talks as Lunport dock strike spreads",
     "The shipping company Greyline agreed to talks with the dock workers' union as the strike at Lunport "
     "spread to a second terminal. Union leaders said the pay cuts must be withdrawn first."),
    ("a3", "2031-03-20", "Villagers return home weeks after Mount Orrin eruption",
     "Weeks after the eruption of the Mount Orrin volcano, villagers evacuated near Kessa began to return "
     "home. Valdorian officials said the ash had been cleared from the roads around Kessa."),
]


def _articles() -> list[Article]:
    return [Article(id=i, text=text, title=title, published_at=f"{day}T09:00:00", outlet=f"outlet-{i[1]}")
            for i, day, title, text in TEXTS]


@pytest.fixture(scope="module")
def clustered() -> tuple[StoryClusterer, list, list[Article]]:
    arts = _articles()
    feats = features_batch(arts)
    clusterer = StoryClusterer(ClusterConfig())
    assignments = [clusterer.add(a, f) for a, f in zip(arts, feats, strict=True)]
    return clusterer, assignments, arts


def test_embedder_gives_unit_vectors_that_rank_paraphrases_first() -> None:
    vecs = embed(["The volcano erupted and covered the town in ash.",
                  "Ash fell on the town after the eruption of the volcano.",
                  "The chess team won the championship final."])
    assert vecs.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    assert vecs[0] @ vecs[1] > 0.7 > vecs[0] @ vecs[2]


def test_a_repeated_text_gets_the_vector_it_gets_alone() -> None:
    ash, chess = "The volcano erupted and covered the town in ash.", "The chess team won the championship final."
    vecs = embed([ash, chess, ash, ash])
    assert vecs.shape == (4, 384)
    alone = embed([ash])[0]
    assert np.array_equal(vecs[0], alone) and np.array_equal(vecs[2], alone) and np.array_equal(vecs[3], alone)
    assert np.array_equal(vecs[1], embed([chess])[0])


def test_articles_join_the_right_story_and_unrelated_text_starts_one(clustered) -> None:
    clusterer, assignments, _ = clustered
    by_id = {a.article_id: a for a in assignments}
    assert by_id["a1"].new and by_id["b1"].new and by_id["c1"].new
    assert not by_id["a2"].new and by_id["a2"].story_id == by_id["a1"].story_id
    assert not by_id["b2"].new and by_id["b2"].story_id == by_id["b1"].story_id
    # three weeks later the same volcano story still takes its article (soft decay, no hard window)
    assert not by_id["a3"].new and by_id["a3"].story_id == by_id["a1"].story_id
    assert by_id["a2"].score is not None and by_id["a2"].score >= clusterer.config.threshold
    labels = clusterer.labels()
    pred = [labels[i] for i, *_ in TEXTS]
    assert bcubed(pred, [i[0] for i, *_ in TEXTS]) == (1.0, 1.0, 1.0)


def test_story_records_title_outlets_dates_and_size(clustered) -> None:
    clusterer, assignments, _ = clustered
    story = clusterer.story(assignments[0].story_id)
    assert story.size == 3 and story.article_ids == ["a1", "a2", "a3"]
    assert story.title in {t for i, _, t, _ in TEXTS if i.startswith("a")}
    assert set(story.outlets) == {"outlet-1", "outlet-2", "outlet-3"}
    assert story.first_seen == "2031-03-01T09:00:00Z" and story.last_seen == "2031-03-20T09:00:00Z"
    assert story.history[0]["event"] == "created"
    assert len(clusterer.stories()) == 3


def test_state_round_trip_keeps_stories_and_new_articles_join_them(clustered) -> None:
    clusterer, assignments, _ = clustered
    restored = StoryClusterer.from_state(clusterer.to_state())
    assert [s.id for s in restored.stories()] == [s.id for s in clusterer.stories()]
    assert restored.labels() == clusterer.labels()
    late = Article(id="b3", published_at="2031-03-05T10:00:00", outlet="outlet-9",
                   title="Lunport dock strike ends as Greyline restores wages",
                   text="The strike at Lunport ended on Thursday after the shipping company Greyline "
                        "restored the dock workers' old wages. The union called it a victory.")
    (feat,) = features_batch([late])
    got = restored.add(late, feat)
    assert not got.new and got.story_id == assignments[1].story_id
    with pytest.raises(NotFoundError):
        restored.story("st-nope")


def test_converging_stories_merge_with_history() -> None:
    # two stories that start apart (threshold high for joining) and a bridging article that matches both
    arts = _articles()
    feats = features_batch(arts)
    cfg = ClusterConfig(threshold=0.61, merge_threshold=-10.0)  # any two stories an article matches merge
    clusterer = StoryClusterer(cfg)
    first = clusterer.add(arts[0], feats[0])
    # a copy of the second eruption report is forced into a story of its own
    twin = dataclasses.replace(feats[2], article_id="a1-copy")
    twin_article = dataclasses.replace(arts[2], id="a1-copy")
    clusterer.config = dataclasses.replace(cfg, threshold=10.0)  # force a separate story
    second = clusterer.add(twin_article, twin)
    assert second.new and second.story_id != first.story_id
    clusterer.config = cfg
    bridge = clusterer.add(arts[2], feats[2])
    assert bridge.merged, "the bridging article matched both stories and they converged"
    live = clusterer.stories()
    assert len(live) == 1 and live[0].size == 3
    absorbed = clusterer.story(bridge.merged[0])
    assert absorbed.merged_into == bridge.story_id
    assert any(h["event"] == "merge" for h in live[0].history)
    assert any(h["event"] == "merge" for h in absorbed.history)
    assert clusterer.story_of(bridge.merged[0]) == bridge.story_id
    assert len(clusterer.stories(include_merged=True)) == 2


@pytest.mark.parametrize(("small_size", "merges"), [(2, True), (0, False)])
def test_a_bridged_small_story_merges_at_the_join_threshold(small_size: int, merges: bool) -> None:
    """Two one-article stories on one eruption, bridged by a third report: with merge_threshold out of
    reach, they merge only because the smaller side is judged like an article (merge_small_size)."""
    arts = _articles()
    feats = features_batch(arts)
    cfg = ClusterConfig(threshold=0.61, merge_threshold=10.0, merge_small_size=small_size)
    clusterer = StoryClusterer(cfg)
    first = clusterer.add(arts[0], feats[0])
    twin = dataclasses.replace(feats[2], article_id="a2-copy")
    clusterer.config = dataclasses.replace(cfg, threshold=10.0)  # force a story of its own
    second = clusterer.add(dataclasses.replace(arts[2], id="a2-copy"), twin)
    assert second.new and second.story_id != first.story_id
    clusterer.config = cfg
    bridge = clusterer.add(arts[2], feats[2])
    assert not bridge.new
    assert bool(bridge.merged) is merges
    assert len(clusterer.stories()) == (1 if merges else 2)
    if merges:
        (story,) = clusterer.stories()
        assert story.size == 3 and any(h["event"] == "merge" for h in story.history)


def test_candidates_come_from_indexes_not_a_scan() -> None:
    """With thousands of unrelated stories, an article scores only a bounded set of candidates."""
    rng = np.random.default_rng(7)
    cfg = ClusterConfig()
    clusterer = StoryClusterer(cfg)
    arts = _articles()
    feats = features_batch(arts)
    base = feats[0]
    for n in range(3000):  # synthetic stories: random words and random directions
        vec = rng.normal(size=384).astype(np.float32)
        vec /= np.linalg.norm(vec)
        ids = np.unique(rng.integers(0, 1 << 22, size=40)).astype(np.int64)
        f = dataclasses.replace(base, article_id=f"x{n}", term_ids=ids,
                                term_tf=np.ones(len(ids), np.float32), embedding=vec, title=f"noise {n}")
        clusterer.add_features(f)
    got = [clusterer.add(a, f) for a, f in zip(arts, feats, strict=True)]
    bound = cfg.candidates + cfg.ann_neighbours
    assert len(clusterer) > 3000
    assert all(a.candidates <= bound for a in got)
    assert got[2].story_id == got[0].story_id  # retrieval still finds the right story among thousands


def test_scores_match_hand_computed_values() -> None:
    p, r, f = bcubed(["x", "x", "y"], [1, 1, 1])
    assert (round(p, 6), round(r, 6)) == (1.0, round((2 / 3 + 2 / 3 + 1 / 3) / 3, 6))
    s = score_clustering([0, 0, 1, 1], ["a", "a", "b", "b"])
    assert s.f1 == 1.0 and s.ari == 1.0 and s.n_gold == 2


def test_a_cut_description_is_completed_from_the_body_for_the_embedding() -> None:
    from storydesk.stories.features import embedding_text, lede

    body = ("Relatives of two Valdorian ministers were named\nin the Orrin Files, a leak of offshore records. "
            "The ministers denied any wrongdoing.")
    cut = Article(id="x", title="Ministers' relatives named in leak", text=body,
                  description="Relatives of two Valdorian ministers were named in the Orrin Fi...")
    # the body's line break and the cut word do not stop the match; the cut sentence is finished
    assert lede(cut) == ("Relatives of two Valdorian ministers were named in the Orrin Files, "
                         "a leak of offshore records.")
    assert "Orrin Files" in embedding_text(cut)
    # a teaser not found in the body, and a description that is not cut, stay as the site wrote them
    teaser = dataclasses.replace(cut, description="Good morning! Here is what you missed overnight...")
    assert lede(teaser) == teaser.description
    whole = dataclasses.replace(cut, description="Relatives of two Valdorian ministers were named in a leak.")
    assert lede(whole) == whole.description
