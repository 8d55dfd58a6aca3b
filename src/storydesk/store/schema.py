"""The store's schema: its migrations, applied in order by :meth:`Store.migrate`, and the small helpers
every table's code shares (timestamps, write errors, statement splitting, id chunks)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator

from ..errors import StoreError

MIGRATIONS: list[str] = [
    # 1: the foundation schema
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        url TEXT, canonical_url TEXT, outlet TEXT, domain TEXT, title TEXT,
        published_at TEXT, language TEXT, content_hash TEXT, duplicate_of TEXT,
        source TEXT, ingested_at TEXT NOT NULL, record TEXT NOT NULL
    );
    CREATE INDEX articles_hash ON articles(content_hash);
    CREATE INDEX articles_published ON articles(published_at);
    CREATE INDEX articles_dup ON articles(duplicate_of);
    CREATE TABLE enrichments (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        model TEXT, created_at TEXT NOT NULL, record TEXT NOT NULL
    );
    CREATE TABLE stories (
        id TEXT PRIMARY KEY, title TEXT, first_seen TEXT, last_seen TEXT, size INTEGER,
        outlets INTEGER, merged_into TEXT, updated_at TEXT NOT NULL, record TEXT NOT NULL
    );
    CREATE INDEX stories_last ON stories(last_seen);
    CREATE TABLE story_articles (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        story_id TEXT NOT NULL, score REAL, assigned_at TEXT NOT NULL
    );
    CREATE INDEX story_articles_story ON story_articles(story_id);
    CREATE TABLE briefs (
        story_id TEXT NOT NULL, version INTEGER NOT NULL, created_at TEXT NOT NULL,
        fingerprint TEXT, record TEXT NOT NULL, PRIMARY KEY (story_id, version)
    );
    CREATE TABLE rejects (
        id INTEGER PRIMARY KEY AUTOINCREMENT, stage TEXT NOT NULL, input TEXT NOT NULL,
        reason TEXT NOT NULL, at TEXT NOT NULL
    );
    CREATE TABLE state (key TEXT PRIMARY KEY, value BLOB, updated_at TEXT NOT NULL);
    CREATE VIRTUAL TABLE articles_fts USING fts5(article_id UNINDEXED, title, text);
    CREATE VIRTUAL TABLE briefs_fts USING fts5(story_id UNINDEXED, headline, body);
    """,
    # 2: near-duplicate signatures and feed health (ingest)
    """
    CREATE TABLE minhashes (article_id TEXT PRIMARY KEY REFERENCES articles(id), signature BLOB NOT NULL);
    CREATE TABLE feeds (url TEXT PRIMARY KEY, record TEXT NOT NULL, updated_at TEXT NOT NULL);
    CREATE INDEX articles_url ON articles(url);
    CREATE INDEX articles_canonical ON articles(canonical_url);
    """,
    # 3: a person's splits and merges of stories (issue 18), kept to be shown and replayed
    """
    CREATE TABLE story_edits (
        id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, story_id TEXT NOT NULL,
        other_id TEXT NOT NULL, articles TEXT NOT NULL, by TEXT NOT NULL, at TEXT NOT NULL
    );
    CREATE INDEX story_edits_story ON story_edits(story_id);
    CREATE INDEX story_edits_other ON story_edits(other_id);
    """,
    # 4: incremental work (issue 19): near-duplicate band keys, queried per new article instead of loading
    # every signature (`banded` is NULL until a signature's keys are in; the first ingest adds them)
    """
    ALTER TABLE minhashes ADD COLUMN banded INTEGER;
    CREATE INDEX minhashes_unbanded ON minhashes(banded) WHERE banded IS NULL;
    CREATE TABLE minhash_bands (key INTEGER NOT NULL, sig INTEGER NOT NULL, PRIMARY KEY (key, sig)) WITHOUT ROWID;
    """,
    # 5: incremental work (issue 19): the online clusterer's state as rows (stories.cluster_rows), read for the
    # stories an update reaches and written for those it changed; state 'clusterer' keeps its meta document
    # (a whole-state blob of an older store is read once and written back as rows)
    """
    CREATE TABLE cluster_stories (ord INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, parent INTEGER NOT NULL,
                                  row BLOB NOT NULL);
    CREATE TABLE cluster_postings (key INTEGER PRIMARY KEY, stories BLOB NOT NULL);
    CREATE TABLE cluster_counts (term INTEGER PRIMARY KEY, n INTEGER NOT NULL);
    """,
]


def now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def write_error(path: str, exc: sqlite3.Error) -> StoreError:
    """A failed write (disk full, database locked by another writer, read-only file) as a StoreError (exit 5):
    the transaction was rolled back, so a re-run stores the batch once."""
    text = str(exc)
    hint = ("another process holds the database: retry when it is done" if "locked" in text
            else "free some disk space, check that the file and its folder are writable, then run again")
    return StoreError(path, f"database write failed ({text}); nothing of this batch was stored", hint)


def split_sql(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]
