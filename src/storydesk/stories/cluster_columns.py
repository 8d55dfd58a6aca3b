"""The online clusterer's storage: per-story columns, growable embedding rows and the ANN index.

Plain containers with no scoring in them, so that the clusterer (:mod:`.cluster`) and its saved
state (:mod:`.cluster_state`) share one layout.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np

DIM = 384
_BLOCK = 1 << 14


class Rows:
    """A growable float32 matrix in fixed blocks (no whole-array copies as it grows)."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self.blocks: list[np.ndarray] = []

    def ensure(self, n: int) -> None:
        while len(self.blocks) * _BLOCK < n:
            self.blocks.append(np.zeros((_BLOCK, self.dim), dtype=np.float32))

    def row(self, i: int) -> np.ndarray:
        return self.blocks[i // _BLOCK][i % _BLOCK]

    def take(self, idx: list[int]) -> np.ndarray:
        return np.stack([self.blocks[i // _BLOCK][i % _BLOCK] for i in idx])

    def dump(self, n: int) -> np.ndarray:
        if n == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.concatenate(self.blocks)[:n].copy()

    @classmethod
    def load(cls, data: np.ndarray) -> Rows:
        rows = cls(data.shape[1])
        rows.ensure(len(data))
        for b in range(0, len(data), _BLOCK):
            rows.blocks[b // _BLOCK][: len(data[b:b + _BLOCK])] = data[b:b + _BLOCK]
        return rows


def usearch_index() -> Any:
    """usearch's ``Index`` class, with onnxruntime loaded first: importing onnxruntime 1.32 after usearch
    2.26 crashes the process (a segfault in onnxruntime's import). Before issue 14 sklearn was always
    loaded first, which hid it; now that sklearn loads lazily the order is kept here."""
    import onnxruntime  # noqa: F401  (the order above)
    from usearch.index import Index

    return Index


def new_ann() -> Any:
    return usearch_index()(ndim=DIM, metric="ip", dtype="f16", connectivity=16, expansion_add=64,
                           expansion_search=64, multi=True)


def story_id(first_article_id: str) -> str:
    return "st-" + hashlib.sha1(first_article_id.encode("utf-8")).hexdigest()[:16]


def iso(days: float | None) -> str | None:
    if days is None:
        return None
    return datetime.fromtimestamp(days * 86400.0, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Stories:
    """Per-story columns, indexed by story ordinal."""

    ids: list[str] = field(default_factory=list)
    parent: list[int] = field(default_factory=list)  # union-find for merges: parent[k] == k for live stories
    size: list[int] = field(default_factory=list)
    first: list[float] = field(default_factory=list)
    last: list[float] = field(default_factory=list)
    term_ids: list[np.ndarray] = field(default_factory=list)
    term_w: list[np.ndarray] = field(default_factory=list)
    term_norm: list[float] = field(default_factory=list)
    ent_ids: list[np.ndarray] = field(default_factory=list)
    ent_w: list[np.ndarray] = field(default_factory=list)
    ent_norm: list[float] = field(default_factory=list)
    has_emb: list[bool] = field(default_factory=list)
    ann_entries: list[int] = field(default_factory=list)
    title: list[str] = field(default_factory=list)
    title_score: list[float] = field(default_factory=list)
    members: list[list[str]] = field(default_factory=list)
    outlets: list[dict[str, int]] = field(default_factory=list)
    history: list[list[dict[str, Any]]] = field(default_factory=list)
    apart: list[list[str]] = field(default_factory=list)  # stories a person split from this one: never merged


def sparse_cos(cands: list[int], ids: np.ndarray, weighted: np.ndarray, norm: float,
                st_ids: list[np.ndarray], st_w: list[np.ndarray], st_norm: list[float]) -> np.ndarray:
    """Cosine of the article vector (``ids``, ``weighted`` = tf * idf^2) with each story's vector."""
    n = len(cands)
    if not len(ids):
        return np.zeros(n)
    parts = [st_ids[k] for k in cands]
    lens = np.array([len(p) for p in parts])
    if not lens.sum():
        return np.zeros(n)
    cat_ids = np.concatenate(parts)
    cat_w = np.concatenate([st_w[k] for k in cands])
    owner = np.repeat(np.arange(n), lens)
    pos = np.searchsorted(ids, cat_ids)
    pos[pos >= len(ids)] = 0
    hit = ids[pos] == cat_ids
    dots = np.bincount(owner[hit], weights=cat_w[hit] * weighted[pos[hit]], minlength=n)
    norms = np.array([st_norm[k] for k in cands]) * norm
    return dots / np.clip(norms, 1e-9, None)
