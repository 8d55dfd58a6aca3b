"""The clusterer's saved state is data (arrays and JSON, no pickle), versioned, and refused when foreign
or corrupt; a resumed clusterer continues exactly as the one that was saved."""

from __future__ import annotations

import io
import json
import pickle
from pathlib import Path

import numpy as np
import pytest

from storydesk.errors import InputError
from storydesk.ingest.files import read_paths
from storydesk.model import Article
from storydesk.stories.cluster import ClusterConfig, StoryClusterer
from storydesk.stories.cluster_state import STATE_VERSION


def _articles(fixtures: Path) -> list[Article]:
    arts = [a for a in read_paths([fixtures / "corpus"]) if isinstance(a, Article)]
    return sorted(arts, key=lambda a: (a.published_at or "", a.id))


@pytest.fixture(scope="module")
def saved(fixtures: Path) -> tuple[bytes, StoryClusterer, list[Article]]:
    arts = _articles(fixtures)
    clusterer = StoryClusterer(ClusterConfig(embeddings=False))
    for a in arts[:-2]:
        clusterer.add(a)
    return clusterer.to_state(), clusterer, arts


def test_state_is_an_npz_of_plain_arrays(saved: tuple[bytes, StoryClusterer, list[Article]]) -> None:
    state, _, _ = saved
    with np.load(io.BytesIO(state), allow_pickle=False) as archive:  # raises on any object array
        assert all(archive[k].dtype != object for k in archive.files)
        meta = json.loads(bytes(archive["meta"]).decode("utf-8"))
    assert meta["format"] == "storydesk-clusterer" and meta["version"] == STATE_VERSION


def test_a_resumed_clusterer_continues_as_the_saved_one(saved: tuple[bytes, StoryClusterer, list[Article]]) -> None:
    state, original, arts = saved
    restored = StoryClusterer.from_state(state)
    assert restored.labels() == original.labels()
    assert restored.stories(include_merged=True) == original.stories(include_merged=True)
    assert restored.to_state() == state, "saving again gives the same bytes"
    fresh = StoryClusterer.from_state(state)
    for a in arts[-2:]:
        got, want = fresh.add(a), restored.add(a)
        assert (got.story_id, got.score) == (want.story_id, want.score)


@pytest.mark.parametrize("foreign", [b"", b"not a state at all", pickle.dumps({"version": 1, "config": {}})])
def test_foreign_or_older_state_is_refused_with_a_clear_error(foreign: bytes) -> None:
    with pytest.raises(InputError, match="not a storydesk clusterer state"):
        StoryClusterer.from_state(foreign)


def test_corrupt_or_future_state_is_refused(saved: tuple[bytes, StoryClusterer, list[Article]]) -> None:
    state, _, _ = saved
    with pytest.raises(InputError, match="not a storydesk clusterer state"):
        StoryClusterer.from_state(state[: len(state) // 2])  # truncated
    with np.load(io.BytesIO(state), allow_pickle=False) as archive:
        arrays = {k: archive[k] for k in archive.files}
    meta = json.loads(bytes(arrays["meta"]).decode("utf-8"))

    def rewrite(**changes: np.ndarray) -> bytes:
        out = io.BytesIO()
        np.savez(out, allow_pickle=False, **{**arrays, **changes})
        return out.getvalue()

    future = {**meta, "version": STATE_VERSION + 1}
    with pytest.raises(InputError, match="unknown state version"):
        StoryClusterer.from_state(rewrite(meta=np.frombuffer(json.dumps(future).encode(), dtype=np.uint8)))
    with pytest.raises(InputError, match="corrupt"):
        StoryClusterer.from_state(rewrite(term_ids_lens=arrays["term_ids_lens"][:-1]))
