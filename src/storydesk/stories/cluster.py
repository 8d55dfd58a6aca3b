"""Online story clustering: articles arrive in publication order and each joins a story or starts one.

The score of an article against a story adds TF-IDF cosine (online IDF), MiniLM cosine to the
story's centroid and entity overlap, and subtracts a soft time penalty ``log1p(gap / scale)`` (no
hard window: long-running stories keep their articles). Weights and threshold were tuned on the
news_cluster corpus and are fixed in :mod:`storydesk.settings` (see docs/clustering.md).

Candidate stories come from two indexes, never from a scan: an inverted index from rare terms and
entities to the stories that used them lately, and a usearch HNSW index of story embeddings. So one
assignment costs about the same at a thousand stories and at a million. The options live in
:mod:`.cluster_config`, the storage in :mod:`.cluster_columns`, the saved state in :mod:`.cluster_state`,
the merge pass in :mod:`.cluster_merge`, a person's split and merge in :mod:`.cluster_edits`.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from ..enrich.embed import embed
from ..errors import InputError, NotFoundError
from ..model import Article, Story
from . import cluster_edits, cluster_merge
from .cluster_columns import DIM, Rows, Stories, iso, new_ann, sparse_cos, story_id, usearch_index
from .cluster_config import ClusterConfig
from .cluster_rows import (
    LazyCounts,
    LazyRows,
    RowChanges,
    RowSource,
    lazy_parts,
    read_meta,
    row_changes,
)
from .cluster_state import read_state, restore_parts, write_state
from .features import (
    VOCAB_BITS,
    ClusterFeatures,
    embedding_text,
    features_batch,
    features_for,
    idf_prior,
)
from .record import story_record

__all__ = ["Assignment", "ClusterConfig", "ClusterFeatures", "StoryClusterer", "embedding_text",
           "features_batch", "features_for", "story_record"]


@dataclass(frozen=True)
class Assignment:
    """Where one article went: its story, the winning score (None for a new story), what was merged."""

    article_id: str
    story_id: str
    score: float | None
    new: bool
    merged: tuple[str, ...] = ()
    candidates: int = 0


class StoryClusterer:
    """The online state: stories, online IDF statistics and the candidate indexes.

    Feed articles in publication order with :meth:`add`; persist with :meth:`to_state` and resume
    with :meth:`from_state` so that tomorrow's articles join yesterday's stories.
    """

    def __init__(self, config: ClusterConfig | None = None, *, threshold: float | None = None,
                 time_scale_days: float | None = None, max_candidates: int | None = None) -> None:
        config = config or ClusterConfig()
        changes: dict[str, Any] = {k: v for k, v in (("threshold", threshold), ("time_scale_days", time_scale_days),
                                                     ("candidates", max_candidates)) if v is not None}
        self.config = dataclasses.replace(config, **changes) if changes else config
        self.n_docs = 0
        self.df = LazyCounts(1 << VOCAB_BITS, None)
        self.prior_df = idf_prior() * np.float32(self.config.idf_prior_docs)
        self._rows, self.s, self._by_id, self.postings = lazy_parts(Stories(), 0, None)
        self._rows.c = self
        self.emb_sum: Rows = LazyRows(DIM, self._rows)
        self.title_vec: Rows = LazyRows(DIM, self._rows)
        self.ann = new_ann()
        self.ann_changed = False  # the ANN index changed since it was last saved as rows
        self.clock: float | None = None  # latest publication date seen, for undated articles
        self.last_candidates = 0

    # -- public API ---------------------------------------------------------------------------------

    def __len__(self) -> int:
        return sum(1 for k, p in enumerate(self.s.parent) if p == k)

    def add(self, article: Article, features: ClusterFeatures | None = None) -> Assignment:
        """Assign one article (the next in publication order) to the best story or a new one.

        Without ``features`` the article is featurised here, one at a time (embedding included unless
        ``config.embeddings`` is off); callers with many articles should use :func:`features_batch`.
        """
        if features is None:
            emb = None
            if self.config.embeddings:
                emb = embed([embedding_text(article)])[0]
            features = features_for(article, embedding=emb)
        f = features
        if f.article_id != article.id:
            raise InputError(article.id, f"features belong to article {f.article_id}")
        return self.add_features(f)

    def add_features(self, f: ClusterFeatures) -> Assignment:
        """As :meth:`add`, from precomputed features (what the bench replays)."""
        cfg = self.config
        when = f.published if f.published is not None else (self.clock if self.clock is not None else 0.0)
        self.clock = when if self.clock is None else max(self.clock, when)
        self.n_docs += 1
        if len(f.term_ids):
            self.df[f.term_ids] += 1
        if len(f.entity_ids):
            self.df[f.entity_ids] += 1
        idf_t, a_w, keys = self._index_keys(f)
        a_norm = float(np.sqrt(np.dot(a_w, a_w))) or 1.0
        idf_e = self._idf(f.entity_ids)
        e_norm = float(np.sqrt(np.dot(idf_e, idf_e))) or 1.0

        cands = self._candidates(keys, f.embedding)
        self.last_candidates = len(cands)
        best, best_score, scores = -1, -math.inf, np.zeros(0)
        if cands:
            scores = self._score(cands, f, a_w, a_norm, idf_t, idf_e, e_norm, when)
            j = int(np.argmax(scores))
            best, best_score = cands[j], float(scores[j])
        merged: tuple[str, ...] = ()
        if best >= 0 and best_score >= cfg.threshold:
            k = best
            self._join(k, f, when, idf_t, idf_e)
            merged = cluster_merge.bridged(self, k, cands, scores, f, when)
            k = self._find(k)
            new, score = False, best_score
        else:
            k = self._create(f, when, idf_t, idf_e)
            new, score = True, None
        self._index_terms(k, keys)
        return Assignment(f.article_id, self.s.ids[k], score, new, merged, len(cands))

    def extend(self, articles: Iterable[tuple[Article, ClusterFeatures | None]]) -> list[Assignment]:
        return [self.add(a, f) for a, f in articles]

    def story_of(self, story_id: str) -> str:
        """The live story id that ``story_id`` now belongs to (itself unless it was merged)."""
        k = self._ordinal(story_id)
        return self.s.ids[self._find(k)]

    def stories(self, include_merged: bool = False) -> list[Story]:
        return [self._story(k) for k in range(len(self.s.ids)) if include_merged or self.s.parent[k] == k]

    def story(self, story_id: str) -> Story:
        return self._story(self._ordinal(story_id))

    def centroid(self, story_id: str) -> np.ndarray | None:
        """The unit mean of a story's MiniLM embeddings (None when it has none)."""
        k = self._ordinal(story_id)
        if not self.s.has_emb[k]:
            return None
        row = self.emb_sum.row(k).astype(np.float32)
        norm = float(np.linalg.norm(row))
        return row / norm if norm else None

    def labels(self) -> dict[str, str]:
        """Article id -> live story id, for evaluation."""
        self._rows.need_rows(range(len(self.s.ids)))
        out: dict[str, str] = {}
        for k in range(len(self.s.ids)):
            if self.s.parent[k] == k:
                for aid in self.s.members[k]:
                    out[aid] = self.s.ids[k]
        return out

    # -- a person's edits: split and merge (the work is in :mod:`.cluster_edits`) --------------------

    def split(self, story_id: str, kept: list[ClusterFeatures], moved: list[ClusterFeatures], new_id: str,
              record: dict[str, Any]) -> None:
        """A person's split: the ``moved`` articles leave live story ``story_id`` for a new story ``new_id``,
        and the two are kept apart (see :func:`.cluster_edits.split`)."""
        cluster_edits.split(self, story_id, kept, moved, new_id, record)

    def join(self, keep_id: str, gone_id: str, record: dict[str, Any]) -> None:
        """A person's merge: live story ``gone_id`` joins live story ``keep_id`` (see
        :func:`.cluster_edits.join`)."""
        cluster_edits.join(self, keep_id, gone_id, record)

    # -- state --------------------------------------------------------------------------------------

    def to_state(self) -> bytes:
        """Everything needed to resume, as data: numpy arrays and one JSON document in an ``.npz``
        archive (read back with ``allow_pickle=False``), the ANN index in usearch's own format. (A
        clusterer opened over rows reads them all first: the store keeps rows, :meth:`row_changes`.)"""
        n = len(self.s.ids)
        self._rows.need_rows(range(n))
        self._rows.need_parents(range(n))
        plain = Stories(**{name: list.copy(column) for name, column in vars(self.s).items()})
        return write_state(config=asdict(self.config), n_docs=self.n_docs, clock=self.clock, stories=plain,
                           df=self.df.dense(), emb_sum=self.emb_sum, title_vec=self.title_vec,
                           postings=self.postings.full(), ann=self.ann)

    def row_changes(self) -> RowChanges:
        """The state rows this clusterer changed since it was opened or last saved (all of them for one never
        saved): what the store writes per batch (:mod:`.cluster_rows`)."""
        return row_changes(self)

    @classmethod
    def from_rows(cls, meta: bytes, ann: bytes | None, source: RowSource,
                  config: ClusterConfig | None = None) -> StoryClusterer:
        """A clusterer over the rows of ``source``: only the meta document and the ANN index are read here;
        each story, posting list and term count the first time it is needed."""
        info = read_meta(meta)
        try:
            self = cls(config or ClusterConfig(**info["config"]))
            n = int(info["stories"])
            self.n_docs, self.clock = int(info["n_docs"]), info["clock"]
        except (KeyError, ValueError, TypeError) as exc:
            raise InputError("cluster state", f"corrupt: {type(exc).__name__}: {exc}") from exc
        self._rows, self.s, self._by_id, self.postings = lazy_parts(None, n, source)
        self._rows.c = self
        self.emb_sum, self.title_vec = LazyRows(DIM, self._rows), LazyRows(DIM, self._rows)
        self.emb_sum.ensure(n)
        self.title_vec.ensure(n)
        self.df = LazyCounts(1 << VOCAB_BITS, source)
        if ann:
            self.ann = usearch_index().restore(ann, view=False)
        return self

    @classmethod
    def from_state(cls, data: bytes, config: ClusterConfig | None = None) -> StoryClusterer:
        """Resume from :meth:`to_state` bytes; foreign, older or corrupt bytes raise InputError saying so."""
        meta, arrays = read_state(data)
        try:
            return cls._restore(meta, arrays, config)
        except (KeyError, ValueError, TypeError, IndexError) as exc:
            raise InputError("cluster state", f"corrupt: {type(exc).__name__}: {exc}") from exc

    @classmethod
    def _restore(cls, meta: dict[str, Any], arrays: dict[str, np.ndarray],
                 config: ClusterConfig | None) -> StoryClusterer:
        self = cls(config or ClusterConfig(**meta["config"]))
        self.n_docs = meta["n_docs"]
        self.clock = meta["clock"]
        self.df[arrays["df_idx"]] = arrays["df_val"]
        stories, emb_sum, title_vec, postings, ann = restore_parts(meta, arrays)
        n = len(stories.ids)
        by_id = {sid: k for k, sid in enumerate(stories.ids)}
        self._rows, self.s, self._by_id, self.postings = lazy_parts(stories, n, None, by_id, postings)
        self._rows.c = self
        self.emb_sum, self.title_vec = LazyRows.of(emb_sum, self._rows), LazyRows.of(title_vec, self._rows)
        if ann is not None:
            self.ann = ann
        self.ann_changed = True
        return self

    # -- internals ----------------------------------------------------------------------------------

    def _index_keys(self, f: ClusterFeatures) -> tuple[np.ndarray, np.ndarray, list[int]]:
        """The article's term IDF, TF-IDF weights and the keys it goes into the inverted index under."""
        idf_t = self._idf(f.term_ids)
        a_w = f.term_tf * idf_t
        top = f.term_ids[np.argsort(-a_w, kind="stable")[: self.config.index_terms]] if len(a_w) else f.term_ids
        return idf_t, a_w, np.concatenate([top, f.entity_ids]).tolist()

    def _idf(self, ids: np.ndarray) -> np.ndarray:
        if not len(ids):
            return np.zeros(0, dtype=np.float32)
        n = self.n_docs + self.config.idf_prior_docs + 1.0
        return (np.log(n / (self.df[ids] + self.prior_df[ids] + 1.0)) + 1.0).astype(np.float32)

    def _find(self, k: int) -> int:
        parent = self.s.parent
        root = k
        while parent[root] != root:
            root = parent[root]
        while parent[k] != root:
            parent[k], k = root, parent[k]
        return root

    def _ordinal(self, story_id: str) -> int:
        try:
            return self._by_id[story_id]
        except KeyError:
            raise NotFoundError(story_id, "no such story in the clusterer state") from None

    def _candidates(self, keys: list[int], emb: np.ndarray | None) -> list[int]:
        cfg = self.config
        votes: dict[int, float] = {}
        if keys:
            idf = self._idf(np.asarray(keys, dtype=np.int64)).tolist()
            self.postings.prefetch(keys)
            scan = cfg.postings_scan
            self._rows.need_parents(k for key in keys for k in (dict.get(self.postings, key) or [])[-scan:])
            for key, w in zip(keys, idf, strict=True):
                plist = self.postings.get(key)
                if not plist:
                    continue
                for k in plist[-cfg.postings_scan:]:
                    votes[k] = votes.get(k, 0.0) + w
        found: dict[int, float] = {}
        for k, v in votes.items():
            r = self._find(k)
            found[r] = found.get(r, 0.0) + v
        ranked = sorted(found, key=found.__getitem__, reverse=True)[: cfg.candidates]
        if emb is not None and len(self.ann):
            matches = self.ann.search(emb, count=cfg.ann_neighbours)
            chosen = set(ranked)
            self._rows.need_parents(matches.keys.tolist())
            for key in matches.keys.tolist():
                r = self._find(int(key))
                if r not in chosen:
                    chosen.add(r)
                    ranked.append(r)
        self._rows.need_rows(ranked)
        return ranked

    def _score(self, cands: list[int], f: ClusterFeatures, a_w: np.ndarray, a_norm: float,
               idf_t: np.ndarray, idf_e: np.ndarray, e_norm: float, when: float) -> np.ndarray:
        cfg, s = self.config, self.s
        n = len(cands)
        score = np.zeros(n, dtype=np.float64)
        text_w = cfg.weight_text + (cfg.weight_embedding if f.embedding is None else 0.0)
        if text_w:
            score += text_w * sparse_cos(cands, f.term_ids, a_w * idf_t, a_norm,
                                         s.term_ids, s.term_w, s.term_norm)
        if cfg.weight_entities and len(f.entity_ids):
            score += cfg.weight_entities * sparse_cos(cands, f.entity_ids, idf_e * idf_e, e_norm,
                                                       s.ent_ids, s.ent_w, s.ent_norm)
        if cfg.weight_embedding and f.embedding is not None:
            has = [s.has_emb[k] for k in cands]
            if any(has):
                cent = self.emb_sum.take(cands)
                norms = np.linalg.norm(cent, axis=1)
                sims = cent @ f.embedding / np.clip(norms, 1e-9, None)
                score += cfg.weight_embedding * np.where(has, sims, 0.0)
        if cfg.weight_time:
            first = np.array([s.first[k] for k in cands])
            last = np.array([s.last[k] for k in cands])
            gap = np.maximum(0.0, np.maximum(when - last, first - when))
            scale = cfg.time_scale_days + cfg.time_span_factor * (last - first)
            score -= cfg.weight_time * np.log1p(gap / scale)
        return score

    def _vector_update(self, ids: np.ndarray, w: np.ndarray, add_ids: np.ndarray, add_w: np.ndarray,
                       cap: int) -> tuple[np.ndarray, np.ndarray, float]:
        if len(ids):
            all_ids = np.concatenate([ids, add_ids])
            uniq, inv = np.unique(all_ids, return_inverse=True)
            sums = np.bincount(inv, weights=np.concatenate([w, add_w])).astype(np.float32)
        else:
            uniq, sums = add_ids, add_w.astype(np.float32)
        idf = self._idf(uniq)
        weighted = sums * idf
        if len(uniq) > cap:
            keep = np.sort(np.argpartition(-weighted, cap)[:cap])
            uniq, sums, weighted = uniq[keep], sums[keep], weighted[keep]
        return uniq.astype(np.int64), sums, float(np.sqrt(np.dot(weighted, weighted))) or 1.0

    def _create(self, f: ClusterFeatures, when: float, idf_t: np.ndarray, idf_e: np.ndarray,
                given_id: str | None = None) -> int:
        s, cfg = self.s, self.config
        k = len(s.ids)
        s.ids.append(given_id or story_id(f.article_id))
        self._by_id[s.ids[-1]] = k
        s.parent.append(k)
        s.size.append(1)
        s.first.append(when)
        s.last.append(when)
        ids, w, norm = self._vector_update(np.zeros(0, np.int64), np.zeros(0, np.float32), f.term_ids,
                                           f.term_tf, cfg.story_terms)
        s.term_ids.append(ids)
        s.term_w.append(w)
        s.term_norm.append(norm)
        ones = np.ones(len(f.entity_ids), dtype=np.float32)
        eids, ew, enorm = self._vector_update(np.zeros(0, np.int64), np.zeros(0, np.float32), f.entity_ids,
                                              ones, cfg.story_terms)
        s.ent_ids.append(eids)
        s.ent_w.append(ew)
        s.ent_norm.append(enorm)
        self.emb_sum.ensure(k + 1)
        self.title_vec.ensure(k + 1)
        s.has_emb.append(f.embedding is not None)
        s.ann_entries.append(0)
        if f.embedding is not None:
            self.emb_sum.row(k)[:] = f.embedding
            self.title_vec.row(k)[:] = f.embedding
            self._ann_add(k, f.embedding)
        s.title.append(f.title)
        s.title_score.append(1.0)
        s.members.append([f.article_id])
        s.outlets.append({f.outlet: 1} if f.outlet else {})
        s.history.append([{"event": "created", "at": iso(when), "article": f.article_id}])
        s.apart.append([])
        return k

    def _ann_add(self, k: int, vec: np.ndarray) -> None:
        self.ann.add(k, vec)
        self.ann_changed = True
        self.s.ann_entries[k] += 1

    def _join(self, k: int, f: ClusterFeatures, when: float, idf_t: np.ndarray, idf_e: np.ndarray) -> None:
        s, cfg = self.s, self.config
        s.size[k] += 1
        s.first[k] = min(s.first[k], when)
        s.last[k] = max(s.last[k], when)
        s.term_ids[k], s.term_w[k], s.term_norm[k] = self._vector_update(
            s.term_ids[k], s.term_w[k], f.term_ids, f.term_tf, cfg.story_terms)
        if len(f.entity_ids):
            s.ent_ids[k], s.ent_w[k], s.ent_norm[k] = self._vector_update(
                s.ent_ids[k], s.ent_w[k], f.entity_ids, np.ones(len(f.entity_ids), np.float32),
                cfg.story_terms)
        s.members[k].append(f.article_id)
        if f.outlet:
            s.outlets[k][f.outlet] = s.outlets[k].get(f.outlet, 0) + 1
        if f.embedding is not None:
            row = self.emb_sum.row(k)
            before = float(row @ f.embedding / (np.linalg.norm(row) or 1.0)) if s.has_emb[k] else 0.0
            row += f.embedding
            s.has_emb[k] = True
            cent = row / (np.linalg.norm(row) or 1.0)
            current = float(self.title_vec.row(k) @ cent)
            mine = float(f.embedding @ cent)
            if mine > current:  # the most central headline names the story
                s.title[k] = f.title
                self.title_vec.row(k)[:] = f.embedding
            if before < cfg.ann_novelty and s.ann_entries[k] < cfg.ann_per_story:
                self._ann_add(k, f.embedding)

    def _merge(self, keep: int, gone: int, when: float, article_id: str, score: float,
               record: dict[str, Any] | None = None) -> None:
        s, cfg = self.s, self.config
        s.parent[gone] = keep
        s.size[keep] += s.size[gone]
        s.first[keep] = min(s.first[keep], s.first[gone])
        s.last[keep] = max(s.last[keep], s.last[gone])
        s.term_ids[keep], s.term_w[keep], s.term_norm[keep] = self._vector_update(
            s.term_ids[keep], s.term_w[keep], s.term_ids[gone], s.term_w[gone], cfg.story_terms)
        if len(s.ent_ids[gone]):
            s.ent_ids[keep], s.ent_w[keep], s.ent_norm[keep] = self._vector_update(
                s.ent_ids[keep], s.ent_w[keep], s.ent_ids[gone], s.ent_w[gone], cfg.story_terms)
        if s.has_emb[gone]:
            self.emb_sum.row(keep)[:] += self.emb_sum.row(gone)
            s.has_emb[keep] = True
        s.members[keep].extend(s.members[gone])
        for outlet, c in s.outlets[gone].items():
            s.outlets[keep][outlet] = s.outlets[keep].get(outlet, 0) + c
        s.apart[keep].extend(x for x in s.apart[gone] if x not in s.apart[keep])
        record = record or {"event": "merge", "at": iso(when), "article": article_id, "kept": s.ids[keep],
                            "absorbed": s.ids[gone], "absorbed_size": len(s.members[gone]), "score": round(score, 4)}
        s.history[keep].append(record)
        s.history[gone].append(dict(record))

    def _index_terms(self, k: int, keys: list[int]) -> None:
        cap = self.config.postings_cap
        for key in keys:
            plist = self.postings.get(key)
            if plist is None:
                self.postings[key] = [k]
                continue
            if plist[-1] != k:
                plist.append(k)
                if len(plist) > 2 * cap:
                    del plist[:-cap]

    def _story(self, k: int) -> Story:
        s = self.s
        root = self._find(k)
        outlets = sorted(s.outlets[k], key=lambda o: (-s.outlets[k][o], o))
        return Story(
            id=s.ids[k],
            title=s.title[k],
            article_ids=list(s.members[k]),
            outlets=outlets,
            first_seen=iso(s.first[k]),
            last_seen=iso(s.last[k]),
            merged_into=None if root == k else s.ids[root],
            history=[dict(h) for h in s.history[k]],
        )
