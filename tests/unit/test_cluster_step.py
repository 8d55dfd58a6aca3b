"""The one clustering step both engines share (stories.assign.assign_articles), and the merge pass across
Spark blocks (stories.merge.average_link, merge_records), with the real clusterer and invented articles."""

from __future__ import annotations

import dataclasses

from storydesk.model import Article
from storydesk.settings import Settings
from storydesk.stories import assign, features, merge
from storydesk.stories.cluster import ClusterConfig, StoryClusterer

SETTINGS = Settings.from_values({"embeddings": False, "batch_size": 3})

VOLCANO = ("The Mount Orrin volcano in Valdoria erupted again, sending ash over the port of Kessa. Officials in "
           "Kessa ordered the evacuation of villages on the slopes of Mount Orrin and grounded flights.")
STRIKE = ("Dock workers at Lunport walked out after the shipping company Greyline cut their pay. The union "
          "said the strike at Lunport would last until Greyline restored the old wages.")


def _art(aid: str, day: str | None, text: str, duplicate_of: str | None = None) -> Article:
    return Article(id=aid, text=text, title=text.split(".")[0], published_at=f"{day}T08:00:00Z" if day else None,
                   outlet=f"outlet-{aid}", duplicate_of=duplicate_of)


def _clusterer() -> StoryClusterer:
    return StoryClusterer(dataclasses.replace(ClusterConfig.from_settings(SETTINGS), embeddings=False))


def test_cluster_order_is_time_then_id_with_undated_last() -> None:
    arts = [_art("b", "2031-03-02", VOLCANO), _art("z", None, VOLCANO), _art("a", "2031-03-02", VOLCANO),
            _art("c", "2031-03-01", STRIKE)]
    assert [a.id for a in sorted(arts, key=assign.cluster_order)] == ["c", "a", "b", "z"]


def test_a_copy_joins_its_originals_story_even_when_it_comes_first() -> None:
    original = _art("orig", "2031-03-02", VOLCANO)
    copy = _art("copy", "2031-03-01", VOLCANO + " (wire copy)", duplicate_of="orig")
    other = _art("other", "2031-03-02", STRIKE)
    clusterer = _clusterer()
    step = assign.assign_articles(clusterer, sorted([original, copy, other], key=assign.cluster_order),
                                    SETTINGS, lambda _aid: None)
    story = {aid: sid for aid, sid, _ in step.assignments}
    assert story["copy"] == story["orig"] != story["other"]
    assert dict((aid, score) for aid, _, score in step.assignments)["copy"] == 1.0
    assert len(clusterer) == 2  # the copy was not clustered as an article of its own
    assert step.changed == {story["orig"], story["other"]} and not step.merged


def test_a_copy_of_an_earlier_batch_joins_through_the_lookup_and_an_unknown_original_is_ignored() -> None:
    clusterer = _clusterer()
    first = assign.assign_articles(clusterer, [_art("orig", "2031-03-01", VOLCANO)], SETTINGS, lambda _: None)
    known = {aid: sid for aid, sid, _ in first.assignments}
    later = [_art("copy", "2031-03-02", VOLCANO, duplicate_of="orig"),
             _art("stray", "2031-03-02", STRIKE, duplicate_of="gone")]
    step = assign.assign_articles(clusterer, later, SETTINGS, known.get)
    story = {aid: sid for aid, sid, _ in step.assignments}
    assert story["copy"] == known["orig"]
    assert story["stray"] not in known.values()  # its original never reached the store: clustered itself


def test_cluster_block_gives_records_with_history_and_state() -> None:
    arts = [_art("v1", "2031-03-01", VOLCANO), _art("s1", "2031-03-01", STRIKE),
            _art("v2", "2031-03-02", VOLCANO.replace("again", "for a third day")),
            _art("v3", "2031-03-02", VOLCANO, duplicate_of="v1")]
    assigned, stories, _centroids, state = assign.cluster_block(arts, SETTINGS, keep_state=True)
    story = {aid: sid for aid, sid, _ in assigned}
    assert story["v1"] == story["v2"] == story["v3"] != story["s1"]
    by_id = {s.id: s for s in stories}
    assert sorted(by_id[story["v1"]].article_ids) == ["v1", "v2", "v3"]
    assert by_id[story["v1"]].history[0]["event"] == "created"
    assert state is not None and len(StoryClusterer.from_state(state)) == 2


def _vec(terms: dict[str, float], day: float, emb: list[float] | None) -> merge.StoryVector:
    norm = sum(v * v for v in terms.values()) ** 0.5
    return ({t: v / norm for t, v in terms.items()}, day * 86400.0, day * 86400.0, emb)


def test_average_link_does_not_chain_look_alike_stories() -> None:
    # a ~ b and b ~ c, but a and c share nothing: single link would join all three
    a = _vec({"volcano": 1.0, "kessa": 1.0}, 1, None)
    b = _vec({"volcano": 1.0, "kessa": 1.0, "strike": 1.0, "lunport": 1.0}, 2, None)
    c = _vec({"strike": 1.0, "lunport": 1.0}, 3, None)
    assert merge.story_similarity(a, b, 30) > 0.6 and merge.story_similarity(a, c, 30) == 0.0
    labels = merge.average_link([("a", a), ("b", b), ("c", c)], 0.5, 30)
    assert labels["a"] == "a" and labels["c"] == "c" and labels["b"] in {"a", "c"}


def test_average_link_joins_a_tight_group_under_its_earliest_story() -> None:
    one, two = [1.0, 0.0], [0.0, 1.0]
    items = [("late", _vec({"orrin": 1.0, "ash": 1.0}, 9, one)), ("early", _vec({"orrin": 1.0, "ash": 0.8}, 2, one)),
             ("else", _vec({"chess": 1.0}, 3, two))]
    labels = merge.average_link(items, 0.22, 30)
    assert labels == {"late": "early", "early": "early", "else": "else"}


def test_merge_records_keep_both_sides_of_a_merge() -> None:
    arts = [_art("v1", "2031-03-01", VOLCANO), _art("v2", "2031-03-05", VOLCANO)]
    _, stories, _, _ = assign.cluster_block(arts[:1], SETTINGS)
    _, others, _, _ = assign.cluster_block(arts[1:], SETTINGS)
    kept, gone = stories[0], others[0]
    merged = merge.merge_records(kept, arts, [(gone.id, gone.size)])
    absorbed = merge.merge_records(gone, [], [], merged_into=kept.id)
    assert merged.article_ids == ["v1", "v2"] and merged.merged_into is None
    assert merged.history[-1] == {"event": "merge", "at": merged.last_seen, "kept": kept.id, "absorbed": gone.id,
                                  "absorbed_size": 1, "pass": "blocks"}
    assert absorbed.merged_into == kept.id and absorbed.history[-1]["kept"] == kept.id


def test_vectors_embedded_ahead_by_batch_are_the_ones_the_serial_pass_computes() -> None:
    """A batch engine embeds each batch's clustered articles in parallel (stories.assign.embedding_batches);
    given those vectors, cluster_block places every article exactly as when it embeds them itself."""
    settings = Settings.from_values({"embeddings": True, "batch_size": 3})
    arts = [_art("v1", "2031-03-01", VOLCANO), _art("s1", "2031-03-01", STRIKE),
            _art("c0", "2031-03-01", VOLCANO + " (wire)", duplicate_of="v2"),  # before its original: clustered
            _art("v2", "2031-03-02", VOLCANO.replace("again", "once more")),
            _art("c1", "2031-03-02", STRIKE + " (wire)", duplicate_of="s1"),  # original in an earlier batch
            _art("v4", "2031-03-02", VOLCANO.replace("ash", "smoke")),
            _art("s2", "2031-03-03", STRIKE.replace("walked out", "stopped work")),
            _art("c2", "2031-03-03", STRIKE, duplicate_of="s2"),  # original in its batch
            _art("v3", None, VOLCANO)]
    batches = assign.embedding_batches(arts, settings.batch_size)
    assert [[a.id for a in b] for b in batches] == [["c0", "s1", "v1"], ["v2", "v4"], ["s2", "v3"]]
    vectors = {a.id: v for b in batches for a, v in zip(b, features.embed_articles(b), strict=True)}
    assert assign.cluster_block(arts, settings, vectors=vectors)[:3] == assign.cluster_block(arts, settings)[:3]
