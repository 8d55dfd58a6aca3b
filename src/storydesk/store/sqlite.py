"""The SQLite store: with its schema (`schema.py`) and side tables (`tables.py`), the only code that speaks SQL.

Records are kept as JSON beside the columns that queries need. WAL mode lets the web server read while a
pipeline writes; each batch of a stage is one transaction, so a killed run loses nothing it had committed
and re-running it adds nothing twice (ids are stable and inserts are idempotent).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from ..errors import NotFoundError, StoreError
from ..model import Article, Brief, Enrichment, Story, from_dict, to_dict
from .lock import WriterLock
from .schema import MIGRATIONS
from .schema import chunks as _chunks
from .schema import now as _now
from .schema import split_sql as _split_sql
from .schema import write_error as _write_error
from .tables import SideTables


class Store(SideTables):
    """A storydesk database. Open with ``Store(path)``; use ``with store.transaction():`` per batch."""

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = str(path)
        try:
            if readonly:
                uri = f"file:{Path(self.path).resolve()}?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
            else:
                if self.path != ":memory:":
                    Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                self.conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA busy_timeout = 10000")
            if not readonly:
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
                self.conn.execute("PRAGMA foreign_keys = ON")
                self.migrate()
        except sqlite3.Error as exc:
            raise StoreError(self.path, f"cannot open the database: {exc}",
                             "check the path and permissions, or set STORYDESK_DB") from exc
        self._depth = 0
        self._writer = WriterLock(self.path)

    # -- lifecycle -------------------------------------------------------------------------------
    def migrate(self) -> int:
        """Apply pending migrations; returns the schema version."""
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StoreError(self.path, f"schema version {version} is newer than this storydesk knows",
                             "upgrade storydesk")
        for number in range(version, len(MIGRATIONS)):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in _split_sql(MIGRATIONS[number]):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {number + 1}")
                self.conn.execute("COMMIT")
            except sqlite3.Error:
                self.conn.execute("ROLLBACK")
                raise
        return len(MIGRATIONS)

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def writing(self, wait_s: float = 30.0) -> AbstractContextManager[None]:
        """Hold the store's writer lock (one writer process at a time; re-entrant in this thread): another
        writer waits up to ``wait_s`` seconds, then fails with a StoreError naming the holder."""
        return self._writer.hold(wait_s)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction (nested calls join the outer one)."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise _write_error(self.path, exc) from exc
        self._depth = 1
        try:
            yield
            self.conn.execute("COMMIT")
        except BaseException as exc:
            if self.conn.in_transaction:
                try:
                    self.conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass  # the batch is lost either way; the error below says why
            if isinstance(exc, sqlite3.Error):
                raise _write_error(self.path, exc) from exc
            raise
        finally:
            self._depth = 0

    # -- articles --------------------------------------------------------------------------------
    def add_articles(self, articles: Iterable[Article]) -> tuple[list[Article], list[Article]]:
        """Insert articles that are not there yet; returns (added, already present)."""
        added, present = [], []
        now = _now()
        with self.transaction():
            for a in articles:
                cur = self.conn.execute(
                    "INSERT OR IGNORE INTO articles (id, url, canonical_url, outlet, domain, title, published_at,"
                    " language, content_hash, duplicate_of, source, ingested_at, record)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (a.id, a.url, a.canonical_url, a.outlet, a.domain, a.title, a.published_at, a.language,
                     a.content_hash, a.duplicate_of, a.source, now, json.dumps(to_dict(a), ensure_ascii=False)),
                )
                if cur.rowcount:
                    self.conn.execute("INSERT INTO articles_fts (article_id, title, text) VALUES (?,?,?)",
                                      (a.id, a.title, a.text))
                    added.append(a)
                else:
                    present.append(a)
        return added, present

    def update_article(self, article: Article) -> None:
        with self.transaction():
            self.conn.execute(
                "UPDATE articles SET duplicate_of = ?, record = ? WHERE id = ?",
                (article.duplicate_of, json.dumps(to_dict(article), ensure_ascii=False), article.id),
            )

    def has_article(self, article_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def get_article(self, article_id: str) -> Article:
        row = self.conn.execute("SELECT record FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFoundError(article_id, "no such article", "list articles with `storydesk stories`")
        return from_dict(Article, json.loads(row["record"]))

    def get_articles(self, ids: Iterable[str]) -> list[Article]:
        ids = list(ids)
        out: dict[str, Article] = {}
        for chunk in _chunks(ids, 500):
            q = f"SELECT record FROM articles WHERE id IN ({','.join('?' * len(chunk))})"
            for row in self.conn.execute(q, chunk):
                a = from_dict(Article, json.loads(row["record"]))
                out[a.id] = a
        return [out[i] for i in ids if i in out]

    def article_by_hash(self, content_hash: str) -> str | None:
        row = self.conn.execute(
            "SELECT id FROM articles WHERE content_hash = ? ORDER BY published_at, id LIMIT 1", (content_hash,)
        ).fetchone()
        return row["id"] if row else None

    def iter_articles(self, *, where: str = "", params: tuple[Any, ...] = ()) -> Iterator[Article]:
        q = "SELECT record FROM articles a " + (f"WHERE {where} " if where else "")
        q += "ORDER BY COALESCE(a.published_at, a.ingested_at), a.id"
        for row in self.conn.execute(q, params).fetchall():
            yield from_dict(Article, json.loads(row["record"]))

    def count_articles(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def unenriched_ids(self) -> list[str]:
        rows = self.conn.execute(
            "SELECT a.id FROM articles a LEFT JOIN enrichments e ON e.article_id = a.id WHERE e.article_id IS NULL"
            " ORDER BY COALESCE(a.published_at, a.ingested_at), a.id"
        ).fetchall()
        return [r["id"] for r in rows]

    def unclustered_ids(self) -> list[str]:
        """Articles with no story, in ``pipeline.cluster_order``: publication time, undated last, id."""
        rows = self.conn.execute(
            "SELECT a.id FROM articles a LEFT JOIN story_articles s ON s.article_id = a.id"
            " WHERE s.article_id IS NULL ORDER BY a.published_at IS NULL, a.published_at, a.id"
        ).fetchall()
        return [r["id"] for r in rows]

    # -- enrichment ------------------------------------------------------------------------------
    def put_enrichments(self, items: Iterable[Enrichment]) -> int:
        now, n = _now(), 0
        with self.transaction():
            for e in items:
                self.conn.execute(
                    "INSERT OR REPLACE INTO enrichments (article_id, model, created_at, record) VALUES (?,?,?,?)",
                    (e.article_id, e.model, now, json.dumps(to_dict(e), ensure_ascii=False)),
                )
                n += 1
        return n

    def get_enrichment(self, article_id: str) -> Enrichment | None:
        row = self.conn.execute("SELECT record FROM enrichments WHERE article_id = ?", (article_id,)).fetchone()
        return from_dict(Enrichment, json.loads(row["record"])) if row else None

    def get_enrichments(self, ids: Iterable[str]) -> dict[str, Enrichment]:
        out: dict[str, Enrichment] = {}
        for chunk in _chunks(list(ids), 500):
            q = f"SELECT record FROM enrichments WHERE article_id IN ({','.join('?' * len(chunk))})"
            for row in self.conn.execute(q, chunk):
                e = from_dict(Enrichment, json.loads(row["record"]))
                out[e.article_id] = e
        return out

    # -- stories ---------------------------------------------------------------------------------
    def assign(self, article_id: str, story_id: str, score: float | None) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO story_articles (article_id, story_id, score, assigned_at) VALUES (?,?,?,?)",
            (article_id, story_id, score, _now()),
        )

    def put_story(self, story: Story) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO stories (id, title, first_seen, last_seen, size, outlets, merged_into,"
            " updated_at, record) VALUES (?,?,?,?,?,?,?,?,?)",
            (story.id, story.title, story.first_seen, story.last_seen, story.size, len(story.outlets),
             story.merged_into, _now(), json.dumps(to_dict(story), ensure_ascii=False)),
        )

    def get_story(self, story_id: str) -> Story:
        row = self.conn.execute("SELECT record FROM stories WHERE id = ?", (story_id,)).fetchone()
        if row is None:
            row = self.conn.execute("SELECT record FROM stories WHERE substr(id, 1, length(?1)) = ?1 LIMIT 2",
                                    (story_id,)).fetchall()
            if len(row) != 1:
                raise NotFoundError(story_id, "no such story", "list stories with `storydesk stories`")
            row = row[0]
        return from_dict(Story, json.loads(row["record"]))

    def list_stories(self, *, limit: int | None = None, offset: int = 0, include_merged: bool = False,
                     min_size: int = 1) -> list[Story]:
        q = "SELECT record FROM stories WHERE size >= ?"
        if not include_merged:
            q += " AND merged_into IS NULL"
        q += " ORDER BY last_seen DESC, size DESC, id"
        if limit is not None:
            q += f" LIMIT {int(limit)} OFFSET {int(offset)}"
        return [from_dict(Story, json.loads(r["record"])) for r in self.conn.execute(q, (min_size,))]

    def count_stories(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM stories WHERE merged_into IS NULL").fetchone()[0])

    def ids_with_prefix(self, kind: str, prefix: str, limit: int = 10) -> list[str]:
        """Ids of articles or stories (``kind``) that start with ``prefix``, at most ``limit``, in id order."""
        table = {"article": "articles", "story": "stories"}[kind]
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self.conn.execute(f"SELECT id FROM {table} WHERE id LIKE ? || '%' ESCAPE '\\' ORDER BY id LIMIT ?",
                                 (escaped, int(limit)))
        return [r["id"] for r in rows]

    def story_article_ids(self, story_id: str) -> list[str]:
        rows = self.conn.execute("SELECT article_id FROM story_articles WHERE story_id = ?", (story_id,))
        return [r["article_id"] for r in rows]

    def outlet_neighbours(self, articles: Iterable[Article], window_s: int
                          ) -> list[tuple[str, str, str | None, str | None]]:
        """(id, outlet, published_at, story id) of the articles of each given article's outlet published
        within ``window_s`` seconds of it, the given ones included (what ``stories.developments.batch_stamped``
        reads). Articles without a time of day (a date at midnight) or an outlet look up nothing."""
        seen: dict[str, tuple[str, str, str | None, str | None]] = {}
        span = dt.timedelta(seconds=window_s)
        asked: set[tuple[str, str]] = set()
        for a in articles:
            outlet, published = a.outlet or a.domain, a.published_at or ""
            try:
                t = dt.datetime.fromisoformat(published.replace("Z", "+00:00"))
            except ValueError:
                continue
            t = t.astimezone(dt.UTC) if t.tzinfo else t
            if not outlet or (t.hour, t.minute, t.second) == (0, 0, 0) or (outlet, published) in asked:
                continue
            asked.add((outlet, published))
            lo, hi = ((t + d).strftime("%Y-%m-%dT%H:%M:%S") for d in (-span, span))
            rows = self.conn.execute(
                "SELECT a.id, a.outlet, a.domain, a.published_at, sa.story_id FROM articles a"
                " LEFT JOIN story_articles sa ON sa.article_id = a.id"
                " WHERE a.published_at >= ? AND a.published_at <= ? AND (a.outlet = ? OR a.domain = ?)",
                (lo, hi + "Z", outlet, outlet))
            for r in rows:
                seen[r["id"]] = (r["id"], r["outlet"] or r["domain"], r["published_at"], r["story_id"])
        return list(seen.values())

    def story_of(self, article_id: str) -> str | None:
        row = self.conn.execute("SELECT story_id FROM story_articles WHERE article_id = ?",
                                (article_id,)).fetchone()
        return row["story_id"] if row else None

    def move_story(self, old: str, new: str) -> None:
        """Move every article of story ``old`` to story ``new`` (a merge; the old record stays, marked)."""
        self.conn.execute("UPDATE story_articles SET story_id = ? WHERE story_id = ?", (new, old))

    def reset_stories(self) -> None:
        """Forget all story assignments so that clustering starts again (briefs are kept as history)."""
        self.conn.execute("DELETE FROM story_articles")
        self.conn.execute("UPDATE stories SET merged_into = 'reclustered' WHERE merged_into IS NULL")
        self.conn.execute("DELETE FROM state WHERE key = 'clusterer'")
        self.clear_cluster_rows()

    def stories_without_brief(self) -> list[str]:
        rows = self.conn.execute("SELECT s.id FROM stories s LEFT JOIN briefs b ON b.story_id = s.id"
                                 " WHERE b.story_id IS NULL AND s.merged_into IS NULL ORDER BY s.id")
        return [r["id"] for r in rows]

    # -- a person's edits of stories: split, merge (issue 18) -----------------------------------
    def move_articles(self, article_ids: Iterable[str], story_id: str) -> None:
        """Move these articles to story ``story_id`` (a split; a merge moves a whole story: ``move_story``)."""
        for chunk in _chunks(list(article_ids), 500):
            marks = ",".join("?" * len(chunk))
            self.conn.execute(f"UPDATE story_articles SET story_id = ? WHERE article_id IN ({marks})",
                              [story_id, *chunk])

    def add_story_edit(self, kind: str, story_id: str, other_id: str, article_ids: list[str], by: str,
                       at: str) -> int:
        """Record a split (``story_id`` -> ``other_id``, the moved articles) or a merge (``other_id`` into
        ``story_id``, the absorbed articles); returns the edit's number."""
        cur = self.conn.execute("INSERT INTO story_edits (kind, story_id, other_id, articles, by, at)"
                                " VALUES (?,?,?,?,?,?)", (kind, story_id, other_id, json.dumps(article_ids), by, at))
        return int(cur.lastrowid or 0)

    def story_edits(self, story_id: str | None = None) -> list[dict[str, Any]]:
        """Every edit in the order made, or those that name ``story_id`` on either side."""
        q = "SELECT * FROM story_edits" + (" WHERE story_id = ?1 OR other_id = ?1" if story_id else "") + " ORDER BY id"
        return [{"id": r["id"], "kind": r["kind"], "story_id": r["story_id"], "other_id": r["other_id"],
                 "articles": json.loads(r["articles"]), "by": r["by"], "at": r["at"]}
                for r in self.conn.execute(q, (story_id,) if story_id else ())]

    # -- briefs ----------------------------------------------------------------------------------
    def put_brief(self, brief: Brief, fingerprint: str) -> int:
        """Store a new version unless the latest has the same fingerprint; returns the version kept."""
        with self.transaction():
            row = self.conn.execute(
                "SELECT version, fingerprint FROM briefs WHERE story_id = ? ORDER BY version DESC LIMIT 1",
                (brief.story_id,),
            ).fetchone()
            if row and row["fingerprint"] == fingerprint:
                return int(row["version"])
            brief.version = (int(row["version"]) + 1) if row else 1
            brief.created_at = brief.created_at or _now()
            self.conn.execute(
                "INSERT INTO briefs (story_id, version, created_at, fingerprint, record) VALUES (?,?,?,?,?)",
                (brief.story_id, brief.version, brief.created_at, fingerprint,
                 json.dumps(to_dict(brief), ensure_ascii=False)),
            )
            self.conn.execute("DELETE FROM briefs_fts WHERE story_id = ?", (brief.story_id,))
            self.conn.execute("INSERT INTO briefs_fts (story_id, headline, body) VALUES (?,?,?)",
                              (brief.story_id, brief.headline, " ".join(s.text for s in brief.sentences)))
        return brief.version

    def get_brief(self, story_id: str, version: int | None = None) -> Brief:
        if version is None:
            row = self.conn.execute("SELECT record FROM briefs WHERE story_id = ? ORDER BY version DESC LIMIT 1",
                                    (story_id,)).fetchone()
        else:
            row = self.conn.execute("SELECT record FROM briefs WHERE story_id = ? AND version = ?",
                                    (story_id, version)).fetchone()
        if row is None:
            raise NotFoundError(f"brief of story {story_id}" + (f" v{version}" if version else ""),
                                "no such brief", "run `storydesk brief STORY_ID` after `storydesk run`")
        return from_dict(Brief, json.loads(row["record"]))

    def brief_versions(self, story_id: str) -> list[int]:
        rows = self.conn.execute("SELECT version FROM briefs WHERE story_id = ? ORDER BY version", (story_id,))
        return [int(r["version"]) for r in rows]

    def stats(self) -> dict[str, int]:
        q = self.conn.execute
        return {
            "articles": int(q("SELECT COUNT(*) FROM articles").fetchone()[0]),
            "duplicates": int(q("SELECT COUNT(*) FROM articles WHERE duplicate_of IS NOT NULL").fetchone()[0]),
            "enriched": int(q("SELECT COUNT(*) FROM enrichments").fetchone()[0]),
            "stories": self.count_stories(),
            "briefs": int(q("SELECT COUNT(DISTINCT story_id) FROM briefs").fetchone()[0]),
            "rejects": int(q("SELECT COUNT(*) FROM rejects").fetchone()[0]),
        }
