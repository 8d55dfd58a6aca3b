"""The clustering step both engines share: articles, in one order, through the online clusterer.

``pipeline.cluster`` runs :func:`assign_articles` per stored batch; the batch engine runs
:func:`cluster_block` (the same step over the same batches in the same order) per block of a Spark run.
Neither engine defines how articles are clustered; this module does.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from ..errors import InputError, NotFoundError
from ..model import Article, Story
from ..settings import Settings
from .cluster import StoryClusterer
from .cluster_config import ClusterConfig
from .cluster_rows import RowSource, is_rows_meta
from .features import features_batch
from .record import story_record

CLUSTER_STATE = "clusterer"  # the store's key of the online clusterer's saved state (its meta document)
CLUSTER_ANN = "clusterer:ann"  # the store's key of its ANN index (the rest is rows: .cluster_rows)


class StateSource(RowSource, Protocol):
    """A store of clusterer rows that also keeps named state (the meta document and the ANN index)."""

    def get_state(self, key: str) -> bytes | None: ...


def new_clusterer(settings: Settings) -> StoryClusterer:
    """A fresh clusterer (settings fix its weights and threshold)."""
    return StoryClusterer(ClusterConfig.from_settings(settings))


def restore_clusterer(state: bytes, settings: Settings, source: StateSource | None = None) -> StoryClusterer | None:
    """The clusterer saved in ``state``, or None when the state is of an older clusterer (the caller then
    clusters everything again: nothing is lost). ``state`` is the meta document of a clusterer kept as
    rows in ``source`` (read as they are needed), or a whole state (``to_state``, read at once)."""
    config = ClusterConfig.from_settings(settings)
    try:
        if is_rows_meta(state):
            if source is None:
                raise InputError("cluster state", "a state kept as rows is read from its store")
            return StoryClusterer.from_rows(state, source.get_state(CLUSTER_ANN), source, config)
        return StoryClusterer.from_state(state, config)
    except InputError:
        return None


def cluster_order(article: Article) -> tuple[bool, str, str]:
    """The order articles reach the clusterer in: publication time, undated last, then id (both engines)."""
    return (article.published_at is None, article.published_at or "", article.id)


@dataclass
class Clustered:
    """What one batch did to the stories: each article's story (live at the end of the batch) and score,
    the live stories that changed, and the stories absorbed by a merge (old id -> live id)."""

    assignments: list[tuple[str, str, float | None]]
    changed: set[str]
    merged: dict[str, str]


def clustered_members(articles: list[Article], story_of_original: Callable[[str], object]) -> list[Article]:
    """The articles of a batch that the clusterer places itself (the rest are syndicated copies that join
    their original's story): all but those whose original is in this batch or already has a story."""
    here = {a.id for a in articles}
    return [a for a in articles if not (a.duplicate_of and (a.duplicate_of in here
                                                            or story_of_original(a.duplicate_of)))]


def embedding_batches(articles: list[Article], batch_size: int) -> list[list[Article]]:
    """For a block clustered from nothing (:func:`cluster_block`): per batch, the articles whose MiniLM
    vectors :func:`assign_articles` computes together, in its order. Computed ahead (in parallel, by a
    batch engine) and passed back as ``vectors``, they are the very vectors the serial pass would compute."""
    ordered = sorted(articles, key=cluster_order)
    seen: set[str] = set()
    out = []
    for i in range(0, len(ordered), batch_size):
        batch = ordered[i:i + batch_size]
        out.append(clustered_members(batch, seen.__contains__))
        seen.update(a.id for a in batch)
    return out


def assign_articles(clusterer: StoryClusterer, articles: list[Article], settings: Settings,
                    story_of_original: Callable[[str], str | None],
                    vectors: Mapping[str, np.ndarray] | None = None) -> Clustered:
    """Run a batch of articles (in :func:`cluster_order`) through the online clusterer.

    The one clustering step of both engines. A syndicated copy joins its original's story (counted as
    coverage, not clustered again) when the original is in this batch or already has a story
    (``story_of_original``); features, MiniLM embeddings included, are computed for the batch at once,
    unless ``vectors`` holds every clustered article's (from :func:`embedding_batches`).
    """
    here = {a.id for a in articles}
    pending = clustered_members(articles, story_of_original)
    copies = here - {a.id for a in pending}
    given = None
    if vectors is not None and pending and all(a.id in vectors for a in pending):
        given = np.stack([vectors[a.id] for a in pending])
    features = features_batch(pending, embeddings=settings.embeddings, vectors=given)
    story: dict[str, str] = {}
    score: dict[str, float | None] = {}
    changed: set[str] = set()
    merged: dict[str, str] = {}
    for a, f in zip(pending, features, strict=True):
        got = clusterer.add(a, f)
        story[a.id], score[a.id] = got.story_id, got.score
        changed.add(got.story_id)
        for old in got.merged:
            merged[old] = got.story_id

    def resolve(a: Article, depth: int = 0) -> str:
        if a.id not in story:
            dup = a.duplicate_of or ""
            known = story_of_original(dup) if dup not in here else None
            if known is None and dup in by_id and depth < 8:  # the original is in this batch
                known = resolve(by_id[dup], depth + 1)
            story[a.id], score[a.id] = known or "", 1.0
            changed.add(story[a.id])
        return story[a.id]

    by_id = {a.id: a for a in articles}
    for a in articles:  # copies after every original of the batch has its story
        if a.id in copies:
            resolve(a)

    def live(sid: str) -> str:
        try:
            return clusterer.story_of(sid)
        except NotFoundError:  # a story of the store that the clusterer's state does not hold
            return sid

    return Clustered(
        assignments=[(a.id, live(story[a.id]), score[a.id]) for a in articles if story[a.id]],
        changed={live(s) for s in changed if s},  # live ids: never among the absorbed
        merged={old: live(old) for old in merged},
    )


def live_story_record(clusterer: StoryClusterer, story_id: str, members: list[Article]) -> Story:
    """A live story's record: title, outlets and dates from its articles, history from the clusterer."""
    try:
        known: Story | None = clusterer.story(story_id)
    except NotFoundError:  # a story of the store that the clusterer's state does not hold
        known = None
    return story_record(story_id, members, known)


BlockResult = tuple[list[tuple[str, str, float | None]], list[Story], dict[str, list[float]], bytes | None]


def cluster_block(articles: list[Article], settings: Settings, *, keep_state: bool = False,
                  vectors: Mapping[str, np.ndarray] | None = None) -> BlockResult:
    """The online clusterer over one block of a batch run, exactly as ``pipeline.cluster`` runs it: the
    same :func:`assign_articles` over the same batches in the same order.

    Returns (article id, live story id, score) per article, the story records (merged ones included,
    marked ``merged_into``), the live stories' embedding centroids (for the merge pass across blocks)
    and, when asked, the clusterer's state. ``vectors``: the MiniLM vectors of :func:`embedding_batches`.
    """
    clusterer = new_clusterer(settings)
    by_id = {a.id: a for a in articles}
    story_of: dict[str, str] = {}
    score: dict[str, float | None] = {}
    merged: set[str] = set()
    ordered = sorted(articles, key=cluster_order)
    for i in range(0, len(ordered), settings.batch_size):
        step = assign_articles(clusterer, ordered[i:i + settings.batch_size], settings, story_of.get, vectors)
        for aid, sid, sc in step.assignments:
            story_of[aid], score[aid] = sid, sc
        if step.merged:  # articles of earlier batches move with their story
            story_of = {aid: step.merged.get(sid, sid) for aid, sid in story_of.items()}
            merged |= set(step.merged)
    members: dict[str, list[Article]] = {}
    for aid, sid in story_of.items():
        members.setdefault(sid, []).append(by_id[aid])
    stories = [live_story_record(clusterer, sid, arts) for sid, arts in sorted(members.items())]
    stories += [clusterer.story(old) for old in sorted(merged)]
    centroids = {sid: c.tolist() for sid in members if (c := clusterer.centroid(sid)) is not None}
    return ([(aid, story_of[aid], score[aid]) for aid in sorted(story_of)], stories, centroids,
            clusterer.to_state() if keep_state else None)


def split_story_id(story_id: str, moved_ids: list[str], edits_before: int) -> str:
    """The id of the story a split makes: stable for the same split, new for a repeat after a merge back."""
    key = f"split|{story_id}|{','.join(sorted(moved_ids))}|{edits_before}"
    return "st-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def split_in_clusterer(clusterer: StoryClusterer, story_id: str, kept: list[Article], moved: list[Article],
                       new_id: str, record: dict[str, Any], settings: Settings) -> bool:
    """Apply a person's split to the clusterer: both stories rebuilt from their articles' features (the
    syndicated copies that joined with their original are left out, as when they arrived). False when the
    clusterer does not hold the story (a story of the store only: the store's records are all there is)."""
    try:
        members = set(clusterer.story(story_id).article_ids)
    except NotFoundError:
        return False
    keep = [a for a in kept if a.id in members] or kept
    move = [a for a in moved if a.id in members] or moved
    features = features_batch(sorted(keep, key=cluster_order) + sorted(move, key=cluster_order),
                              embeddings=settings.embeddings)
    clusterer.split(story_id, features[:len(keep)], features[len(keep):], new_id, record)
    return True
