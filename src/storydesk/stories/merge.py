"""The merge pass of a batch run cut into blocks: block stories that tell one story become one.

A run too big for one clusterer is cut into blocks (a time window and the leading actor,
:func:`block_key`); each block is clustered by ``stories.assign.cluster_block``, then stories of
different blocks are compared here: term vectors of their titles and leads (:func:`story_vector`,
:func:`weighted`) and their MiniLM centroids, with a soft time decay (:func:`story_similarity`), and
joined by average-link clustering (:func:`average_link`). The Spark engine schedules these functions.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from ..labels import BLOCK_LABELS
from ..model import Article, Enrichment, Story
from .record import story_record

MERGE_TERMS = 20  # a block story's top terms through which merge candidates are found
MERGE_LOOSE = 0.55  # candidate groups: connected at this fraction of spark_merge_threshold


def block_terms(article: Article, enrichment: Enrichment | None, n: int = 2) -> list[str]:
    """The article's leading actors (most mentioned named entities), the key of its clustering block."""
    counts: Counter[str] = Counter()
    if enrichment is not None:
        for e in enrichment.entities:
            if e.label in BLOCK_LABELS:
                name = (e.actor or e.text).strip().lower().removeprefix("the ")
                if len(name) > 1:
                    counts[name] += 3 if e.start < 600 else 1
    if not counts:
        counts.update(tokens(article.title))
    return [t for t, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


def block_key(article: Article, terms: list[str], window_days: float) -> str:
    """Time window and leading actor: the block an article is clustered in when a run is too big for one."""
    when = timestamp(article.published_at)
    window = int(when // (window_days * 86400)) if when else -1
    return f"{window}|{terms[0] if terms else ''}"


def story_vector(texts: Iterable[str]) -> Counter[str]:
    """Term counts of a story's titles and leads, for the merge pass across blocks."""
    counts: Counter[str] = Counter()
    for t in texts:
        counts.update(tokens(t))
    return counts


def weighted(counts: dict[str, int], df: dict[str, int], n_docs: int, top: int = 60) -> dict[str, float]:
    vec = {t: (1 + math.log(c)) * math.log((n_docs + 1) / (df.get(t, 0) + 1) + 1) for t, c in counts.items()}
    best = dict(sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[:top])
    norm = math.sqrt(sum(v * v for v in best.values())) or 1.0
    return {t: v / norm for t, v in best.items()}


StoryVector = tuple[dict[str, float], float, float, "list[float] | None"]  # terms, first, last, centroid
MERGE_EMBEDDING_WEIGHT = 0.5  # of the centroid cosine against the term cosine in the merge pass
AVERAGE_LINK_MAX = 3000  # block stories clustered at once in the merge pass (memory grows with the square)


def story_similarity(a: StoryVector, b: StoryVector, time_scale_days: float) -> float:
    """Two block stories' similarity: the mean of their term cosine and their MiniLM centroid cosine
    (terms alone where a story has no embedding), times the soft time decay over the gap between them."""
    va, first_a, last_a, ea = a
    vb, first_b, last_b, eb = b
    gap = max(0.0, max(first_a, first_b) - min(last_a, last_b)) if first_a and first_b else 0.0
    decay = math.exp(-gap / (time_scale_days * 86400.0)) ** 0.5
    terms = sum(w * vb.get(t, 0.0) for t, w in va.items()) * decay
    emb = sum(x * y for x, y in zip(ea, eb, strict=True)) if ea is not None and eb is not None else terms
    return (MERGE_EMBEDDING_WEIGHT * emb + (1 - MERGE_EMBEDDING_WEIGHT) * terms) * decay


def average_link(stories: list[tuple[str, StoryVector]], threshold: float, time_scale_days: float
                 ) -> dict[str, str]:
    """Average-link clustering of one group of candidate block stories, cut where the mean similarity
    falls under ``threshold``; each story -> the id of the earliest story of its cluster.

    Single links chain look-alike stories together; the average over all pairs does not.
    """
    if len(stories) < 2:
        return {sid: sid for sid, _ in stories}
    if len(stories) > AVERAGE_LINK_MAX:  # a huge chained group: cut it in time order (bounded memory)
        ordered = sorted(stories, key=lambda kv: (kv[1][1], kv[0]))
        out: dict[str, str] = {}
        for i in range(0, len(ordered), AVERAGE_LINK_MAX):
            out.update(average_link(ordered[i:i + AVERAGE_LINK_MAX], threshold, time_scale_days))
        return out
    from scipy.cluster.hierarchy import fcluster, linkage

    n = len(stories)
    condensed = [1.0 - story_similarity(stories[i][1], stories[j][1], time_scale_days)
                 for i in range(n) for j in range(i + 1, n)]
    labels = fcluster(linkage(condensed, "average"), 1.0 - threshold, "distance")
    winners: dict[int, tuple[float, str]] = {}
    for (sid, vec), label in zip(stories, labels.tolist(), strict=True):
        winners[label] = min(winners.get(label, (math.inf, "")), (vec[1] or math.inf, sid))
    return {sid: winners[label][1] for (sid, _), label in zip(stories, labels.tolist(), strict=True)}


def merge_records(story: Story, members: list[Article], absorbed: list[tuple[str, int]],
                  merged_into: str | None = None) -> Story:
    """A block story after the merge pass across blocks: the winner recomputed from all its articles,
    or an absorbed story marked ``merged_into``; the merge is added to the history of both."""
    history = list(story.history)
    if merged_into is not None:
        event = {"event": "merge", "at": story.last_seen, "kept": merged_into, "absorbed": story.id,
                 "absorbed_size": story.size, "pass": "blocks"}
        return dataclasses.replace(story, merged_into=merged_into, history=[*history, event])
    record = story_record(story.id, members, story)
    for old, size in absorbed:
        history.append({"event": "merge", "at": record.last_seen, "kept": story.id, "absorbed": old,
                        "absorbed_size": size, "pass": "blocks"})
    return dataclasses.replace(record, history=history)


def lead_text(rec: dict[str, Any]) -> tuple[str, str | None]:
    """A story member's title (twice) and lead, and its date: what :func:`story_vector` reads."""
    lead = " ".join(rec["text"].split("\n")[:6])[:1500]
    return (f"{rec.get('title') or ''} {rec.get('title') or ''} {lead}", rec.get("published_at"))


_TOKEN = re.compile(r"[A-Za-z][A-Za-z'\-]+")


def tokens(text: str) -> list[str]:
    """Lower-case word tokens of three letters or more (for blocking and the merge pass)."""
    return [t.lower() for t in _TOKEN.findall(text) if len(t) > 2]


def timestamp(iso: str | None) -> float:
    if not iso:
        return 0.0
    try:
        return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return 0.0
