"""The store's side tables: near-duplicate signatures and feed health (ingest), rejects, saved state and
full-text search. A part of :class:`storydesk.store.sqlite.Store`, kept apart to keep each module small."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from ..model import Reject
from .schema import now as _now

BANDS_STATE = "minhash_bands"  # the state key naming the layout of the stored band keys
CLUSTER_STATE = "clusterer"  # the clusterer's state: its meta document (``stories.assign.CLUSTER_STATE``)
CLUSTER_ANN = "clusterer:ann"  # its ANN index, in usearch's own format


class SideTables:
    """Methods of :class:`Store` over its side tables (mixed into it; they use its connection)."""

    conn: sqlite3.Connection

    if TYPE_CHECKING:
        def transaction(self) -> AbstractContextManager[None]: ...

    # -- duplicates and feeds (ingest) ----------------------------------------------------------
    def put_minhashes(self, items: Iterable[tuple[str, bytes]]) -> None:
        """MinHash signatures of articles, so that near-duplicate search survives restarts."""
        with self.transaction():
            self.conn.executemany("INSERT OR REPLACE INTO minhashes (article_id, signature) VALUES (?,?)",
                                  list(items))

    def sync_minhash_bands(self, layout: str, keys_of: Callable[[bytes], list[int]]) -> int:
        """Add the band keys of the signatures that have none yet (all of them when the stored keys are of
        another ``layout``); returns how many signatures were keyed. Constant work per update: only the
        signatures stored since the last sync are read."""
        with self.transaction():
            if self.get_state(BANDS_STATE) != layout.encode("utf-8"):
                self.conn.execute("DELETE FROM minhash_bands")
                self.conn.execute("UPDATE minhashes SET banded = NULL WHERE banded IS NOT NULL")
                self.put_state(BANDS_STATE, layout.encode("utf-8"))
            rows = self.conn.execute("SELECT rowid, signature FROM minhashes WHERE banded IS NULL").fetchall()
            self.conn.executemany("INSERT OR IGNORE INTO minhash_bands (key, sig) VALUES (?,?)",
                                  [(key, r[0]) for r in rows for key in keys_of(bytes(r[1]))])
            self.conn.executemany("UPDATE minhashes SET banded = 1 WHERE rowid = ?", [(r[0],) for r in rows])
        return len(rows)

    def minhash_candidates(self, keys: list[int]) -> list[str]:
        """Ids of the stored articles whose signature has one of these band keys (:meth:`sync_minhash_bands`)."""
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        rows = self.conn.execute(f"SELECT DISTINCT m.article_id FROM minhash_bands b JOIN minhashes m"
                                 f" ON m.rowid = b.sig WHERE b.key IN ({marks})", keys)
        return [r[0] for r in rows]

    def iter_minhashes(self) -> Iterator[tuple[str, bytes]]:
        for row in self.conn.execute("SELECT article_id, signature FROM minhashes ORDER BY rowid"):
            yield row["article_id"], bytes(row["signature"])

    def article_text(self, article_id: str) -> str | None:
        row = self.conn.execute("SELECT record FROM articles WHERE id = ?", (article_id,)).fetchone()
        return json.loads(row["record"]).get("text") if row else None

    def has_url(self, url: str) -> bool:
        """Whether an article fetched from, or canonical at, ``url`` is stored (feeds skip it)."""
        row = self.conn.execute("SELECT 1 FROM articles WHERE url = ? OR canonical_url = ? LIMIT 1",
                                (url, url)).fetchone()
        return row is not None

    def duplicates_of(self, original_id: str) -> list[str]:
        """Ids of the articles grouped under ``original_id``."""
        rows = self.conn.execute("SELECT id FROM articles WHERE duplicate_of = ? ORDER BY id", (original_id,))
        return [r["id"] for r in rows]

    def put_feed_health(self, url: str, record: dict[str, Any]) -> None:
        with self.transaction():
            self.conn.execute("INSERT OR REPLACE INTO feeds (url, record, updated_at) VALUES (?,?,?)",
                              (url, json.dumps(record, ensure_ascii=False), _now()))

    def list_feed_health(self) -> list[dict[str, Any]]:
        return [json.loads(r["record"]) for r in self.conn.execute("SELECT record FROM feeds ORDER BY url")]

    # -- rejects and state -----------------------------------------------------------------------
    def add_rejects(self, rejects: Iterable[Reject]) -> int:
        n = 0
        with self.transaction():
            for r in rejects:
                self.conn.execute("INSERT INTO rejects (stage, input, reason, at) VALUES (?,?,?,?)",
                                  (r.stage, r.input, r.reason, r.at or _now()))
                n += 1
        return n

    def list_rejects(self, *, since_id: int = 0) -> list[tuple[int, Reject]]:
        rows = self.conn.execute("SELECT * FROM rejects WHERE id > ? ORDER BY id", (since_id,))
        return [(r["id"], Reject(r["stage"], r["input"], r["reason"], r["at"])) for r in rows]

    def last_reject_id(self) -> int:
        return int(self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM rejects").fetchone()[0])

    def get_state(self, key: str) -> bytes | None:
        row = self.conn.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return bytes(row["value"]) if row else None

    def put_state(self, key: str, value: bytes) -> None:
        self.conn.execute("INSERT OR REPLACE INTO state (key, value, updated_at) VALUES (?,?,?)",
                          (key, value, _now()))

    # -- the clusterer's state as rows (stories.cluster_rows) --------------------------------------
    def _in(self, q: str, items: list[Any]) -> Iterator[sqlite3.Row]:
        for i in range(0, len(items), 500):
            chunk = items[i:i + 500]
            yield from self.conn.execute(q.format(marks=",".join("?" * len(chunk))), chunk)

    def cluster_story_rows(self, ordinals: list[int]) -> dict[int, tuple[str, int, bytes]]:
        return {r[0]: (r[1], r[2], bytes(r[3])) for r in
                self._in("SELECT ord, id, parent, row FROM cluster_stories WHERE ord IN ({marks})", ordinals)}

    def cluster_parents(self, ordinals: list[int]) -> dict[int, int]:
        return {r[0]: r[1] for r in self._in("SELECT ord, parent FROM cluster_stories WHERE ord IN ({marks})",
                                             ordinals)}

    def cluster_ordinal(self, story_id: str) -> int | None:
        row = self.conn.execute("SELECT ord FROM cluster_stories WHERE id = ?", (story_id,)).fetchone()
        return int(row[0]) if row else None

    def cluster_postings(self, keys: list[int]) -> dict[int, bytes]:
        return {r[0]: bytes(r[1]) for r in
                self._in("SELECT key, stories FROM cluster_postings WHERE key IN ({marks})", keys)}

    def cluster_posting_keys(self) -> list[int]:
        return [r[0] for r in self.conn.execute("SELECT key FROM cluster_postings")]

    def cluster_counts(self, terms: list[int]) -> dict[int, int]:
        return {r[0]: r[1] for r in self._in("SELECT term, n FROM cluster_counts WHERE term IN ({marks})", terms)}

    def put_cluster_rows(self, changes: Any) -> None:
        """Write what a clusterer changed (``StoryClusterer.row_changes``: the meta document, the ANN index
        when it changed, the changed story rows, parents, posting lists and term counts)."""
        with self.transaction():
            self.put_state(CLUSTER_STATE, changes.meta)
            if changes.ann is not None:
                self.put_state(CLUSTER_ANN, changes.ann)
            self.conn.executemany("INSERT OR REPLACE INTO cluster_stories (ord, id, parent, row) VALUES (?,?,?,?)",
                                  changes.stories)
            self.conn.executemany("UPDATE cluster_stories SET parent = ? WHERE ord = ?",
                                  [(p, k) for k, p in changes.parents])
            self.conn.executemany("INSERT OR REPLACE INTO cluster_postings (key, stories) VALUES (?,?)",
                                  changes.postings)
            self.conn.executemany("INSERT OR REPLACE INTO cluster_counts (term, n) VALUES (?,?)", changes.counts)

    def clear_cluster_rows(self) -> None:
        """Forget the clusterer's rows and ANN index (its meta document is the caller's)."""
        with self.transaction():
            for table in ("cluster_stories", "cluster_postings", "cluster_counts"):
                self.conn.execute(f"DELETE FROM {table}")
            self.conn.execute("DELETE FROM state WHERE key = ?", (CLUSTER_ANN,))

    # -- search ----------------------------------------------------------------------------------
    def search_articles(self, query: str, limit: int = 20, *, marks: tuple[str, str] = ("[", "]"),
                        offset: int = 0) -> list[dict[str, Any]]:
        try:
            rows = self.conn.execute(
                "SELECT article_id, title, snippet(articles_fts, 2, ?, ?, ' … ', 12) AS snip"
                " FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?",
                (marks[0], marks[1], _fts_query(query), limit, offset),
            ).fetchall()
        except sqlite3.OperationalError:
            return []
        return [{"id": r["article_id"], "title": r["title"], "snippet": r["snip"]} for r in rows]

    def search_briefs(self, query: str, limit: int = 20, *, marks: tuple[str, str] = ("[", "]"),
                      offset: int = 0) -> list[dict[str, Any]]:
        """Latest briefs whose headline or text match, best first, with a snippet of the text."""
        try:
            rows = self.conn.execute(
                "SELECT story_id, headline, snippet(briefs_fts, 2, ?, ?, ' … ', 16) AS snip"
                " FROM briefs_fts WHERE briefs_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?",
                (marks[0], marks[1], _fts_query(query), limit, offset),
            ).fetchall()
        except sqlite3.OperationalError:
            return []
        return [{"story_id": r["story_id"], "headline": r["headline"], "snippet": r["snip"]} for r in rows]


def _fts_query(query: str) -> str:
    """Quote each word so user input cannot inject FTS5 syntax."""
    words = [w.replace('"', "") for w in query.split() if w.strip('"')]
    return " ".join(f'"{w}"' for w in words) or '""'
