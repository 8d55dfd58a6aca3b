"""The online clusterer's merge pass: after an article joins story ``k``, the other stories it also
matched merge into one with ``k`` when the two now look like one story (:func:`bridged`), judged by the
scorer applied centroid against centroid (:func:`pair_score`). Stories a person split apart never merge
here (:func:`.cluster_edits.kept_apart`). The merge itself is the clusterer's ``_merge``.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from .cluster_columns import sparse_cos
from .cluster_edits import kept_apart
from .features import ClusterFeatures

if TYPE_CHECKING:
    from .cluster import StoryClusterer


def bridged(c: StoryClusterer, k: int, cands: list[int], scores: np.ndarray, f: ClusterFeatures,
            when: float) -> tuple[str, ...]:
    """Merge other stories this article also matched when they now look like one story.

    The article bridges story ``k`` and each other candidate it scored above the join threshold.
    Two established stories merge only when their centroids score ``merge_threshold`` against each
    other (look-alike events share many articles' worth of actors and vocabulary). A bridged story
    of at most ``merge_small_size`` articles is judged like an article: it merges when its centroid
    scores the join ``threshold`` against ``k`` (a follow-up or a wire rewrite that started its own
    story a little too early; a wrong merge of so small a story also costs little).
    """
    cfg, s = c.config, c.s
    merged = []
    for j, sc in zip(cands, scores.tolist(), strict=True):
        j = c._find(j)
        k = c._find(k)
        if j == k or sc < cfg.threshold or kept_apart(c, k, j):
            continue
        pair = pair_score(c, k, j)
        small = min(s.size[k], s.size[j]) <= cfg.merge_small_size
        if pair < (cfg.threshold if small else cfg.merge_threshold):
            continue
        keep, gone = (k, j) if s.size[k] >= s.size[j] else (j, k)
        c._merge(keep, gone, when, f.article_id, pair)
        merged.append(s.ids[gone])
        k = keep
    return tuple(merged)


def pair_score(c: StoryClusterer, a: int, b: int) -> float:
    """The scorer applied to two stories (centroid against centroid)."""
    cfg, s = c.config, c.s
    score = 0.0
    if cfg.weight_text:
        wa = s.term_w[a] * c._idf(s.term_ids[a]) ** 2
        score += cfg.weight_text * float(
            sparse_cos([b], s.term_ids[a], wa, s.term_norm[a], s.term_ids, s.term_w, s.term_norm)[0])
    if cfg.weight_embedding and s.has_emb[a] and s.has_emb[b]:
        ra, rb = c.emb_sum.row(a), c.emb_sum.row(b)
        denom = float(np.linalg.norm(ra) * np.linalg.norm(rb)) or 1.0
        score += cfg.weight_embedding * float(ra @ rb) / denom
    gap = max(0.0, s.first[b] - s.last[a], s.first[a] - s.last[b])
    return score - cfg.weight_time * math.log1p(gap / cfg.time_scale_days)
