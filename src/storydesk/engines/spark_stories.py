"""The Spark engine's story pass: the online clusterer per block (time window and leading actor), its
MiniLM vectors computed ahead in parallel, then the merge pass across blocks (``stories.merge``). A part of
``engines/spark.py``, kept apart to keep each module small."""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import partial
from typing import Any

import numpy as np

from ..model import Article, Story, from_dict
from ..settings import Settings
from ..stories import merge
from ..stories.assign import cluster_block, embedding_batches
from ..stories.features import embed_articles
from .spark_graph import bucket_pairs, components


def _articles_of(records: Iterable[str]) -> list[Article]:
    return [from_dict(Article, json.loads(r)) for r in records]


def stories(arts: Any, terms: Any, settings: Settings, n_articles: int
             ) -> tuple[Any, Any, bytes | None, int, int]:
    """id -> (story id, score); story id -> Story (merged ones included); the clusterer state when one
    block; the number of blocks and of merges across blocks."""
    values = settings.as_dict()
    single = terms is None
    window = float(settings.spark_block_days)
    if single:
        keys = arts.mapValues(lambda rec: "all")
    else:
        keys = arts.join(terms).mapValues(lambda v: _block_of(json.loads(v[0]), v[1], window))
    # a copy is clustered in its original's block
    copies = arts.flatMap(lambda kv: _copy_of(kv[0], kv[1]))
    copy_keys = copies.map(lambda kv: (kv[1], kv[0])).join(keys).map(lambda kv: (kv[1][0], kv[1][1]))
    keys = keys.subtractByKey(copy_keys).union(copy_keys)
    # one block: the MiniLM vectors, most of the clustering step's work, are computed ahead in parallel
    # (batch by batch, as the serial pass would) and the serial pass only places the articles
    vectors = _batch_vectors(arts, settings) if single and settings.embeddings else arts.context.emptyRDD()
    blocks = (keys.join(arts).map(lambda kv: (kv[0], (kv[1][0], kv[1][1]))).leftOuterJoin(vectors)
              .map(lambda kv: (kv[1][0][0], (kv[1][0][1], kv[1][1]))).groupByKey())
    results = blocks.map(partial(_cluster_block, values=values, keep_state=single)).persist()
    n_blocks = results.count()
    # collect, not first(): a task that stops reading its Python worker early loses that worker, and the
    # next stage's tasks would load the models again in a fresh one
    state = results.map(lambda r: r[3]).collect()[0] if single and n_blocks == 1 else None
    assigned = results.flatMap(lambda r: [(aid, (sid, score)) for aid, sid, score in r[0]]).persist()
    stories = results.flatMap(lambda r: [(s.id, s) for s in r[1]])
    merged = 0
    if n_blocks > 1:
        centroids = results.flatMap(lambda r: list(r[2].items()))
        assigned, rename, merged = _merge_stories(arts, assigned, centroids, settings)
        stories = _merged_stories(arts, assigned, stories, rename)
    stories = stories.persist()
    stories.count()
    assigned.count()  # materialised before the blocks' results go, or every later use clusters again
    results.unpersist()
    return assigned, stories, state, n_blocks, merged


def _merged_stories(arts: Any, assigned: Any, block_stories: Any, rename: dict[str, str]) -> Any:
    """Story records after the merge pass: winners recomputed from all their articles, absorbed block
    stories marked ``merged_into``; both with the merge in their history."""
    sc = arts.context
    gone = sc.broadcast(rename)
    sizes = block_stories.filter(lambda kv: kv[0] in gone.value).mapValues(lambda s: s.size).collectAsMap()
    absorbed: dict[str, list[tuple[str, int]]] = {}
    for old, new in sorted(rename.items()):
        absorbed.setdefault(new, []).append((old, sizes.get(old, 0)))
    won = sc.broadcast(absorbed)
    members = arts.join(assigned).map(lambda kv: (kv[1][1][0], kv[1][0])).groupByKey()
    live = (block_stories.filter(lambda kv: kv[0] not in gone.value and kv[1].merged_into is None)
            .join(members)
            .map(lambda kv: (kv[0], merge.merge_records(kv[1][0], _articles_of(kv[1][1]), won.value.get(kv[0], [])))))
    absorbed_records = block_stories.filter(lambda kv: kv[0] in gone.value).map(
        lambda kv: (kv[0], merge.merge_records(kv[1], [], [], gone.value[kv[0]])))
    inside = block_stories.filter(lambda kv: kv[0] not in gone.value and kv[1].merged_into is not None)
    return live.union(absorbed_records).union(inside)


def _block_of(rec: dict[str, Any], terms: list[str], window: float) -> str:
    a = from_dict(Article, rec)
    return merge.block_key(a, terms or merge.block_terms(a, None), window)


def _copy_of(article_id: str, rec_json: str) -> list[tuple[str, str]]:
    original = json.loads(rec_json).get("duplicate_of")
    return [(article_id, original)] if original else []


def _cluster_block(kv: tuple[str, Iterable[tuple[str, bytes | None]]], values: dict[str, Any], keep_state: bool
                   ) -> tuple[list[tuple[str, str, float | None]], list[Story], dict[str, list[float]], bytes | None]:
    items = list(kv[1])
    vectors = {json.loads(rec)["id"]: np.frombuffer(vec, dtype=np.float32) for rec, vec in items if vec is not None}
    return cluster_block(_articles_of(rec for rec, _ in items), Settings.from_values(values), keep_state=keep_state,
                         vectors=vectors or None)


def _batch_vectors(arts: Any, settings: Settings) -> Any:
    """id -> MiniLM vector (float32 bytes) of each article the one-block clusterer places itself, embedded
    with the same batch-mates in the same order as ``stories.assign.cluster_block`` would, one task per
    few batches (``stories.assign.embedding_batches``)."""
    slim = [from_dict(Article, {**json.loads(rec), "text": ""}) for rec in arts.values().map(_slim_record).collect()]
    batches = embedding_batches(slim, settings.batch_size)
    where = {a.id: (b, i) for b, batch in enumerate(batches) for i, a in enumerate(batch)}
    if not where:
        return arts.context.emptyRDD()
    pos = arts.context.broadcast(where)
    parts = max(1, min(len(batches), arts.getNumPartitions() * 4))
    return (arts.filter(lambda kv: kv[0] in pos.value)
            .map(lambda kv: (pos.value[kv[0]][0], (pos.value[kv[0]][1], kv[1])))
            .groupByKey(parts).flatMap(_embed_batch))


def _slim_record(rec_json: str) -> str:
    rec = json.loads(rec_json)
    return json.dumps({k: rec.get(k) for k in ("id", "url", "title", "published_at", "duplicate_of")})


def _embed_batch(kv: tuple[int, Iterable[tuple[int, str]]]) -> list[tuple[str, bytes]]:
    articles = _articles_of(rec for _, rec in sorted(kv[1], key=lambda v: v[0]))
    vectors = embed_articles(articles)
    return [(a.id, vectors[i].astype(np.float32).tobytes()) for i, a in enumerate(articles)]


def _merge_stories(arts: Any, assigned: Any, centroids: Any, settings: Settings) -> tuple[Any, dict[str, str], int]:
    """Join block stories that tell one story: candidate pairs share top terms, groups are the connected
    components of pairs at a loose similarity, and within a group average-link clustering cuts at
    ``spark_merge_threshold`` (``stories.merge.story_similarity``: term and MiniLM centroid cosines, time decay)."""
    _ts = merge.timestamp
    lead = arts.mapValues(lambda rec: merge.lead_text(json.loads(rec)))
    per_story = assigned.join(lead).map(lambda kv: (kv[1][0][0], kv[1][1])).groupByKey()
    counts = per_story.mapValues(lambda items: (merge.story_vector(t for t, _ in items),
                                                min(_ts(d) for _, d in items), max(_ts(d) for _, d in items)))
    counts = counts.persist()
    n_stories = counts.count()
    df = counts.flatMap(lambda kv: [(t, 1) for t in kv[1][0]]).reduceByKey(lambda a, b: a + b)
    vectors = (counts.flatMap(lambda kv: [(t, (kv[0], c)) for t, c in kv[1][0].items()]).join(df)
               .map(lambda kv: (kv[1][0][0], (kv[0], kv[1][0][1], kv[1][1]))).groupByKey()
               .mapValues(lambda items: merge.weighted({t: c for t, c, _ in items}, {t: d for t, _, d in items},
                                                       n_stories))
               .join(counts.mapValues(lambda v: (v[1], v[2])))
               .leftOuterJoin(centroids)
               .mapValues(lambda v: (v[0][0], v[0][1][0], v[0][1][1], v[1])).persist())
    postings = vectors.flatMap(lambda kv: [(t, kv[0]) for t in list(kv[1][0])[:merge.MERGE_TERMS]]).groupByKey()
    pairs = postings.flatMap(lambda kv: bucket_pairs(sorted(kv[1]))).distinct()
    scale, threshold = settings.cluster_time_scale_days, settings.spark_merge_threshold
    loose = threshold * merge.MERGE_LOOSE
    edges = (pairs.join(vectors).map(lambda kv: (kv[1][0], (kv[0], kv[1][1]))).join(vectors)
             .filter(lambda kv: merge.story_similarity(kv[1][0][1], kv[1][1], scale) >= loose)
             .map(lambda kv: (kv[1][0][0], kv[0])))
    groups = components(edges).join(vectors).map(lambda kv: (kv[1][0], (kv[0], kv[1][1]))).groupByKey()
    rename = groups.flatMap(lambda kv: merge.average_link(sorted(kv[1]), threshold, scale).items()).persist()
    renamed = dict(rename.filter(lambda kv: kv[0] != kv[1]).collect())
    by_story = assigned.map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))
    merged = (by_story.leftOuterJoin(rename)
              .map(lambda kv: (kv[1][0][0], (kv[1][1] or kv[0], kv[1][0][1]))).persist())
    merged.count()
    for rdd in (counts, vectors, rename):
        rdd.unpersist()
    return merged, renamed, len(renamed)
