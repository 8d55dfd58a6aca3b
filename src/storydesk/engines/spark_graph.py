"""Graph steps both Spark passes share: candidate pairs of a bucket and connected components of an edge RDD."""

from __future__ import annotations

from typing import Any


def bucket_pairs(ids: list[str], cap: int = 200) -> list[tuple[str, str]]:
    """Candidate pairs of one LSH bucket (a bucket of hundreds is boilerplate: first ``cap`` members only)."""
    ids = ids[:cap]
    return [(a, b) for i, a in enumerate(ids) for b in ids[i + 1:]]


def components(edges: Any) -> Any:
    """Connected components of an edge RDD by min-label propagation: (node, smallest node id of its group)."""
    adj = edges.flatMap(lambda e: [(e[0], e[1]), (e[1], e[0])]).distinct().persist()
    labels = adj.keys().distinct().map(lambda n: (n, n)).persist()
    while True:
        proposed = adj.join(labels).map(lambda kv: (kv[1][0], kv[1][1])).union(labels).reduceByKey(min).persist()
        changed = proposed.join(labels).filter(lambda kv: kv[1][0] != kv[1][1]).count()
        labels.unpersist()
        labels = proposed
        if changed == 0:
            adj.unpersist()
            return labels
