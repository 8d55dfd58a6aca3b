"""A person's edits to the online clusterer: split a story in two, merge two stories.

Functions over a :class:`~.cluster.StoryClusterer` (its methods ``split`` and ``join`` call them). A
split rebuilds both stories' term, entity and embedding centroids from their articles' features and
keeps the two apart, so that no later article merges them again; a person's merge may, and undoes
the split. Only these functions and the clusterer's merge pass read the ``apart`` column.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import InputError
from .features import ClusterFeatures

if TYPE_CHECKING:
    from .cluster import StoryClusterer


def split(c: StoryClusterer, story_id: str, kept: list[ClusterFeatures], moved: list[ClusterFeatures],
          new_id: str, record: dict[str, Any]) -> None:
    """A person's split: the ``moved`` articles leave live story ``story_id`` for a new story ``new_id``.
    Both stories' term, entity and embedding centroids are rebuilt from their articles' features, and
    the two are kept apart: no later article merges them again (a person's merge may)."""
    k = c._ordinal(story_id)
    if c._find(k) != k:
        raise InputError(story_id, "the story was merged into another", "split the story it is part of")
    if new_id in c._by_id:
        raise InputError(new_id, "a story with this id exists already")
    if not kept or not moved:
        raise InputError(story_id, "a split keeps at least one article and moves at least one")
    rebuild(c, k, kept)
    first = moved[0]
    n = c._create(first, when(c, first), c._idf(first.term_ids), c._idf(first.entity_ids), given_id=new_id)
    for f in moved[1:]:
        c._join(n, f, when(c, f), c._idf(f.term_ids), c._idf(f.entity_ids))
    for f in moved:
        c._index_terms(n, c._index_keys(f)[2])
    c.s.apart[k].append(new_id)
    c.s.apart[n].append(story_id)
    c.s.history[k].append(dict(record))
    c.s.history[n] = [dict(record)]


def join(c: StoryClusterer, keep_id: str, gone_id: str, record: dict[str, Any]) -> None:
    """A person's merge: live story ``gone_id`` joins live story ``keep_id`` (a split between them is
    undone: they are no longer kept apart)."""
    keep, gone = c._ordinal(keep_id), c._ordinal(gone_id)
    if c._find(keep) != keep or c._find(gone) != gone:
        raise InputError(f"{keep_id} {gone_id}", "a story was merged into another already",
                         "merge the stories they are part of")
    if keep == gone:
        raise InputError(keep_id, "a story cannot be merged with itself")
    s = c.s
    s.apart[keep] = [x for x in s.apart[keep] if c._find(c._by_id[x]) != gone]
    s.apart[gone] = [x for x in s.apart[gone] if c._find(c._by_id[x]) != keep]
    c._merge(keep, gone, c.clock or 0.0, "", 0.0, record)


def kept_apart(c: StoryClusterer, a: int, b: int) -> bool:
    """Whether a person split live stories ``a`` and ``b`` (or stories now part of them) apart."""
    s = c.s
    return (any(c._find(c._by_id[x]) == b for x in s.apart[a])
            or any(c._find(c._by_id[x]) == a for x in s.apart[b]))


def when(c: StoryClusterer, f: ClusterFeatures) -> float:
    """The article's publication time, or the clusterer's clock for an undated one."""
    return f.published if f.published is not None else (c.clock if c.clock is not None else 0.0)


def rebuild(c: StoryClusterer, k: int, features: list[ClusterFeatures]) -> None:
    """Story ``k`` as if only these articles had joined it (vectors, centroid, title, ANN entries)."""
    s = c.s
    s.size[k], s.first[k], s.last[k] = 0, math.inf, -math.inf
    s.term_ids[k], s.term_w[k], s.term_norm[k] = np.zeros(0, np.int64), np.zeros(0, np.float32), 1.0
    s.ent_ids[k], s.ent_w[k], s.ent_norm[k] = np.zeros(0, np.int64), np.zeros(0, np.float32), 1.0
    c.emb_sum.row(k)[:] = 0.0
    c.title_vec.row(k)[:] = 0.0
    s.has_emb[k] = False
    if s.ann_entries[k]:
        c.ann.remove(k)
        c.ann_changed = True
        s.ann_entries[k] = 0
    s.title[k], s.members[k], s.outlets[k] = features[0].title, [], {}
    for f in features:
        c._join(k, f, when(c, f), c._idf(f.term_ids), c._idf(f.entity_ids))
