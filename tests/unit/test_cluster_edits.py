"""A person's split and merge in the online clusterer: centroids rebuilt from each story's own articles,
stories split apart never merged again by a later article, the state keeps it, and a merge undoes it."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest

from storydesk.enrich.embed import embed
from storydesk.errors import InputError
from storydesk.model import Article
from storydesk.stories.cluster import ClusterConfig, StoryClusterer
from storydesk.stories.cluster_edits import kept_apart
from storydesk.stories.features import ClusterFeatures, embedding_text, features_for

BASE = ("Ferry crews of the Blue Line walked off the job at Port Alder on Monday, halting every crossing to "
        "Meridian Island. The Maritime Workers Union said the strike would last until wages rise. ")
EXTRA = {"a1": "Harbour officials counted stranded lorries along the quay.",
         "a2": "Quarantined sheep waited in pens beside the lighthouse.",
         "a3": "Harbour officials and farmers with sheep waited for news.",
         "a4": "The strike entered its second day with no talks planned."}


def _article(key: str, day: int) -> Article:
    return Article(id=key, text=BASE + EXTRA[key], title="Ferry strike halts crossings to Meridian Island",
                   outlet=f"outlet-{key}", published_at=f"2026-03-0{day}T08:00:00Z")


def _features(key: str, day: int) -> ClusterFeatures:
    a = _article(key, day)
    return features_for(a, embedding=embed([embedding_text(a)])[0])


RECORD = {"event": "split", "at": "2026-03-03T00:00:00Z", "by": "tester"}


def _two_in_one() -> tuple[StoryClusterer, str]:
    c = StoryClusterer(ClusterConfig(embeddings=True))
    first = c.add(_article("a1", 1))
    second = c.add(_article("a2", 2))
    assert second.story_id == first.story_id, "the fixture articles tell one story"
    return c, first.story_id


def _split(c: StoryClusterer, sid: str) -> None:
    c.split(sid, [_features("a1", 1)], [_features("a2", 2)], "st-new", RECORD)


def test_a_split_rebuilds_both_stories_from_their_own_articles() -> None:
    c, sid = _two_in_one()
    _split(c, sid)
    assert c.story(sid).article_ids == ["a1"] and c.story("st-new").article_ids == ["a2"]
    k, n = c._by_id[sid], c._by_id["st-new"]
    sheep = _features("a2", 2).term_ids
    only_a2 = set(sheep.tolist()) - set(_features("a1", 1).term_ids.tolist())
    assert only_a2 and not only_a2 & set(c.s.term_ids[k].tolist()), "a2's words left the kept story"
    assert only_a2 <= set(c.s.term_ids[n].tolist())
    assert c.s.size[k] == 1 and c.s.outlets[k] == {"outlet-a1": 1}
    a1 = _features("a1", 1).embedding
    assert a1 is not None and float(c.centroid(sid) @ a1) > 0.999, "the kept story's centroid is a1 alone"
    assert c.story(sid).history[-1]["by"] == "tester" and c.story("st-new").history == [RECORD]


def test_a_later_article_that_matches_both_never_merges_them_again() -> None:
    c, sid = _two_in_one()
    _split(c, sid)
    unguarded = StoryClusterer.from_state(c.to_state())
    unguarded.s.apart = [[] for _ in unguarded.s.ids]
    assert unguarded.add(_article("a3", 3)).merged, "without the split's record the bridge would merge them"
    got = c.add(_article("a3", 3))
    assert got.merged == () and c.story_of("st-new") == "st-new" and c.story_of(sid) == sid
    resumed = StoryClusterer.from_state(c.to_state())  # the state keeps the split
    assert resumed.add(_article("a4", 4)).merged == ()
    assert resumed.story_of("st-new") == "st-new"


def test_a_persons_merge_joins_split_stories_and_lifts_the_split() -> None:
    c, sid = _two_in_one()
    _split(c, sid)
    c.join(sid, "st-new", {"event": "merge", "by": "tester", "kept": sid, "absorbed": "st-new"})
    assert c.story_of("st-new") == sid and sorted(c.story(sid).article_ids) == ["a1", "a2"]
    assert c.story(sid).history[-1]["event"] == "merge" and c.story("st-new").merged_into == sid
    assert not kept_apart(c, c._by_id[sid], c._by_id[sid])
    with pytest.raises(InputError):
        c.join(sid, "st-new", {})  # already merged


def test_a_split_must_keep_and_move_an_article() -> None:
    c, sid = _two_in_one()
    with pytest.raises(InputError):
        c.split(sid, [], [_features("a2", 2)], "st-new", RECORD)
    with pytest.raises(InputError):
        c.split(sid, [_features("a1", 1)], [_features("a2", 2)], sid, RECORD)


def test_a_state_saved_before_splits_existed_still_loads() -> None:
    c, _ = _two_in_one()
    with np.load(io.BytesIO(c.to_state()), allow_pickle=False) as archive:
        arrays = {k: archive[k] for k in archive.files}
    meta = json.loads(bytes(arrays["meta"]).decode("utf-8"))
    del meta["stories"]["apart"]
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8)
    out = io.BytesIO()
    np.savez(out, allow_pickle=False, **arrays)
    old = StoryClusterer.from_state(out.getvalue())
    assert old.s.apart == [[]] and old.labels() == c.labels()
