"""Incremental work stays incremental (issue 19): ingest, enrich, cluster and re-brief 50 new articles into
stores of 0, 1k, 10k and 50k articles, CPU seconds per stage.

Building a 50k store by enriching is out of reach here (hours of spaCy), so the big stores are built
synthetically but through the system's own parts:

1. the 280 articles of the shared stories corpus are ingested and enriched for real (the base store);
2. copy *c* of each base article gets a new id and URL (``?copy=c``), its publication date shifted by
   ``c * SHIFT_DAYS`` days, its title, description and text put through a letter substitution of its own
   (a random permutation of a-z per copy: same lengths, so the copied enrichment's offsets still hold, and
   a vocabulary of its own, so copies form stories of their own instead of chaining into the originals'),
   its content hash and MinHash signature computed from that text, its enrichment row copied by SQL
   (``json_set`` of the article id; its text fields stay in clear), and its MiniLM vector turned by a
   random rotation of its copy (the copy's stories keep the originals' geometry among themselves, unrelated
   to other copies) plus Gaussian noise (sigma ``NOISE``), renormalised;
3. every article of the store then goes through the real online clusterer (``assign_articles`` with those
   vectors, in ``cluster_order``, the batches of ``pipeline.cluster``); stories, assignments and the
   clusterer's state are written once at each store size, and the store file is snapshotted at 1k and 10k
   on the way to 50k.

Then, on a copy of each snapshot, 50 real pages the store has never seen (the first 50 of the shared
extraction set) go through the stages of ``pipeline.update`` one by one: ingest (extract, dedup against
every stored signature, store), enrich, cluster and the briefs of the stories that changed. The rows of
``load_deduper`` and ``load_clusterer`` show what of ingest and cluster reads the whole store (since the
band table and the clusterer's rows, only what the new articles reach: the band keys of signatures stored
since the last ingest, the meta document and the ANN index).

Run alone: ``python bench/bench_incremental.py [sizes...]`` (default 1000 10000 50000). With
``STORYDESK_BENCH_SNAPSHOTS=DIR`` the snapshots are kept in DIR and reused by the next run (building the
50k store is most of the run; measuring two versions of the code on the same stores compares them).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import hashlib
import os
import random
import shutil
import sqlite3
import string
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from storydesk import pipeline  # noqa: E402
from storydesk.evaluate import eval_data_dir  # noqa: E402
from storydesk.ingest.dedup import signature_bytes  # noqa: E402
from storydesk.ingest.normalize import content_hash  # noqa: E402
from storydesk.model import Article  # noqa: E402
from storydesk.settings import Settings  # noqa: E402
from storydesk.store import Store  # noqa: E402
from storydesk.stories.assign import (  # noqa: E402
    assign_articles,
    cluster_order,
    live_story_record,
    new_clusterer,
)
from storydesk.stories.features import embed_articles  # noqa: E402

SHIFT_DAYS = 30
NOISE = 0.02
NEW_ARTICLES = 50
STAGES = ("ingest", "enrich", "cluster", "brief")


def _cpu() -> float:
    return time.process_time()


def _shift(iso: str | None, days: int) -> str | None:
    if not iso:
        return iso
    try:
        when = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    return (when + dt.timedelta(days=days)).isoformat()


def _copy_id(article_id: str, c: int) -> str:
    return hashlib.sha256(f"{article_id}:copy{c}".encode()).hexdigest()[:56]


def _letters(c: int) -> dict[int, int]:
    """Copy ``c``'s letter substitution (a permutation of a-z, the same on capitals)."""
    low = list(string.ascii_lowercase)
    random.Random(c).shuffle(low)
    perm = "".join(low)
    return str.maketrans(string.ascii_lowercase + string.ascii_uppercase, perm + perm.upper())


def _copy(a: Article, c: int) -> Article:
    table = _letters(c)
    text = a.text.translate(table)
    return dataclasses.replace(
        a, id=_copy_id(a.id, c), url=f"{a.url}?copy={c}" if a.url else None,
        canonical_url=f"{a.canonical_url}?copy={c}" if a.canonical_url else None,
        title=a.title.translate(table), text=text,
        description=a.description.translate(table) if a.description else a.description,
        published_at=_shift(a.published_at, c * SHIFT_DAYS), content_hash=content_hash(text),
        duplicate_of=_copy_id(a.duplicate_of, c) if a.duplicate_of else None)


def _rotation(c: int, dim: int) -> np.ndarray:
    """A random rotation of copy ``c`` (QR of a Gaussian matrix, signs fixed)."""
    q, r = np.linalg.qr(np.random.default_rng(c).normal(size=(dim, dim)))
    return (q * np.sign(np.diag(r))).astype(np.float32)


class Builder:
    """The growing synthetic store and the clusterer that has seen all of it."""

    def __init__(self, db: Path, base: list[Article], vectors: dict[str, np.ndarray], settings: Settings) -> None:
        self.db, self.base, self.vectors, self.settings = db, base, vectors, settings
        self.store = Store(db)
        self.clusterer = new_clusterer(settings)
        self.story_of: dict[str, str] = {}
        self.score: dict[str, float | None] = {}
        self.merged: set[str] = set()
        self.articles: dict[str, Article] = {}
        self.copies = 0
        self.rng = np.random.default_rng(19)
        self._cluster(list(base), {a.id: vectors[a.id] for a in base if a.id in vectors})

    def _cluster(self, articles: list[Article], vectors: dict[str, np.ndarray]) -> None:
        ordered = sorted(articles, key=cluster_order)
        for a in ordered:
            self.articles[a.id] = a
        for i in range(0, len(ordered), self.settings.batch_size):
            step = assign_articles(self.clusterer, ordered[i:i + self.settings.batch_size], self.settings,
                                   self.story_of.get, vectors)
            for aid, sid, sc in step.assignments:
                self.story_of[aid], self.score[aid] = sid, sc
            if step.merged:
                self.story_of = {aid: step.merged.get(sid, sid) for aid, sid in self.story_of.items()}
                self.merged |= set(step.merged)

    def grow(self, size: int) -> None:
        """Add copies of the base until the store holds ``size`` articles (or more, by at most one copy)."""
        conn = self.store.conn
        while len(self.articles) < size:
            self.copies += 1
            c = self.copies
            batch = [_copy(a, c) for a in self.base][: size - len(self.articles)]
            keep = {a.id for a in batch}
            back = {_copy_id(a.id, c): a.id for a in self.base}
            with self.store.transaction():
                self.store.add_articles(batch)
                conn.executemany(
                    "INSERT INTO enrichments (article_id, model, created_at, record) SELECT ?, model, created_at,"
                    " json_set(record, '$.article_id', ?) FROM enrichments WHERE article_id = ?",
                    [(new, new, back[new]) for new in keep])
                self.store.put_minhashes((a.id, sig) for a in batch if (sig := signature_bytes(a.text)))
            vectors = {}
            turn = None
            for a in batch:
                v = self.vectors.get(back[a.id])
                if v is not None:
                    turn = _rotation(c, len(v)) if turn is None else turn
                    v = turn @ v + self.rng.normal(0.0, NOISE, v.shape).astype(np.float32)
                    vectors[a.id] = v / np.linalg.norm(v)
            self._cluster(batch, vectors)

    def write(self) -> None:
        """Stories, assignments and the clusterer's state for everything so far, in one transaction."""
        conn = self.store.conn
        members: dict[str, list[Article]] = {}
        for aid, sid in self.story_of.items():
            members.setdefault(sid, []).append(self.articles[aid])
        with self.store.transaction():
            conn.execute("DELETE FROM story_articles")
            conn.execute("DELETE FROM stories")
            for aid, sid in self.story_of.items():
                self.store.assign(aid, sid, self.score[aid])
            for sid, arts in members.items():
                self.store.put_story(live_story_record(self.clusterer, sid, arts))
            for old in self.merged:
                self.store.put_story(self.clusterer.story(old))
            self.store.put_cluster_rows(self.clusterer.row_changes())

    def snapshot(self, into: Path) -> None:
        self.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        with sqlite3.connect(into) as dst:
            self.store.conn.backup(dst)


def measure(db: Path, pages: Path, settings: Settings) -> dict[str, float]:
    """CPU seconds of each stage of one update with the 50 new pages, on the store at ``db``."""
    store = Store(db)
    out: dict[str, float] = {}
    t = _cpu()
    pipeline.load_deduper(store, settings)
    out["load_deduper"] = _cpu() - t
    t = _cpu()
    pipeline.load_clusterer(store, settings)
    out["load_clusterer"] = _cpu() - t
    t = _cpu()
    summary = pipeline.ingest_paths(store, [pages], settings)
    out["ingest"] = _cpu() - t
    t = _cpu()
    pipeline.enrich(store, settings)
    out["enrich"] = _cpu() - t
    t = _cpu()
    touched = pipeline.cluster(store, settings)
    out["cluster"] = _cpu() - t
    t = _cpu()
    pipeline.write_briefs(store, settings, sorted(touched))
    out["brief"] = _cpu() - t
    out["accepted"] = summary.accepted
    out["touched"] = len(touched)
    return out


def run(sizes: tuple[int, ...] = (1000, 10_000, 50_000)) -> str:
    data = eval_data_dir()
    if data is None:
        return "## Incremental updates (issue 19)\n\nskipped: ../shared/data is absent\n"
    build_cpu: dict[int, float] = {}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        settings = Settings.from_values({"db": str(root / "base.db"), "workers": 1})
        pages = root / "pages"
        pages.mkdir()
        for f in sorted((data / "extraction" / "html").glob("*.html.gz"))[:NEW_ARTICLES]:
            (pages / f.name.removesuffix(".gz")).write_bytes(gzip.decompress(f.read_bytes()))
        t = _cpu()
        base_store = Store(root / "base.db")
        pipeline.ingest_paths(base_store, [data / "stories" / "articles"], settings)
        pipeline.enrich(base_store, settings)
        base = list(base_store.iter_articles())
        clustered = [a for a in base if not a.duplicate_of]
        vectors = dict(zip([a.id for a in clustered], embed_articles(clustered), strict=True))
        base_store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copy(root / "base.db", root / "grow.db")
        base_cpu = _cpu() - t
        measure(root / "warm.db", pages, settings)  # warm-up: first calls of each stage (lazy imports, caches)
        results = {0: measure(root / "empty.db", pages, settings)}
        kept = Path(os.environ["STORYDESK_BENCH_SNAPSHOTS"]) if os.environ.get("STORYDESK_BENCH_SNAPSHOTS") else None
        builder: Builder | None = None
        building = 0.0
        for size in sorted(sizes):
            snap = root / f"s{size}.db"
            if kept is not None and (kept / snap.name).exists():
                shutil.copy(kept / snap.name, snap)
            else:
                t = _cpu()
                builder = builder or Builder(root / "grow.db", base, vectors, settings)
                builder.grow(size)
                builder.write()
                builder.snapshot(snap)
                building += _cpu() - t
                build_cpu[size] = building
                if kept is not None:
                    kept.mkdir(parents=True, exist_ok=True)
                    shutil.copy(snap, kept / snap.name)
            results[size] = measure(snap, pages, settings)
            snap.unlink()
        for size, r in sorted(results.items()):
            total = sum(r[k] for k in STAGES)
            empty_total = sum(results[0][k] for k in STAGES)
            rows.append(f"| {size:,} | {r['ingest']:.2f} | {r['load_deduper']:.2f} | {r['enrich']:.2f} | "
                        f"{r['cluster']:.2f} | {r['load_clusterer']:.2f} | {r['brief']:.2f} | {int(r['touched'])} | "
                        f"{total:.2f} | {total / max(1e-9, empty_total):.2f}x |")
    return (
        "## Incremental updates: 50 new articles into stores of growing size (issue 19)\n\n"
        f"`python bench/bench_incremental.py`: {NEW_ARTICLES} new real pages (first of the shared extraction set) "
        "into a fresh store and into synthetic stores built from copies of the enriched stories corpus (module "
        "docstring: new ids and URLs, dates shifted by "
        f"{SHIFT_DAYS} days a copy, a letter substitution and a vector rotation per copy, all clustered by the "
        "real clusterer). CPU seconds "
        "of this process, 1 worker; `load_deduper` and `load_clusterer` are the parts of ingest and cluster "
        "timed alone (what reads the whole store). Base store (ingest + enrich 280 articles, MiniLM): "
        f"{base_cpu:.0f} CPU s; building: "
        + (", ".join(f"{s:,} by {c:.0f} s" for s, c in build_cpu.items()) or "snapshots reused")
        + ".\n\n"
        "| store articles | ingest s | of which load_deduper | enrich s | cluster s | of which load_clusterer | "
        "brief s | stories re-briefed | total s | total / empty store |\n"
        "|---|---|---|---|---|---|---|---|---|---|\n" + "\n".join(rows) + "\n"
    )


if __name__ == "__main__":
    args = tuple(int(a) for a in sys.argv[1:])
    print(run(args or (1000, 10_000, 50_000)))
