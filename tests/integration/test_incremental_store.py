"""Incremental work stays incremental (issue 19): an update reads and writes only the rows it needs.

The near-duplicate index is the store's band table, queried per new article; the clusterer's state is
one row per story, read for the candidate stories only and written for the changed ones. The tests
trace the SQL an update runs (``sqlite3``'s trace callback), never its timing. The articles are
invented for these tests.
"""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from storydesk import pipeline
from storydesk.ingest.dedup import signature_bytes
from storydesk.ingest.normalize import content_hash
from storydesk.model import Article, to_dict
from storydesk.settings import Settings
from storydesk.store import Store
from storydesk.store.schema import MIGRATIONS

WIRE = (
    "The harbour board of Velmar said on Tuesday that four grain barges had been kept at the outer "
    "anchorage for a third day while customs officers checked their papers. A spokesman would not say "
    "what the officers were looking for, but a pilot who asked not to be named said the checks were "
    "about diesel bought upriver. The board has tightened its rules since the winter, when a barge was "
    "found with sacks that were not on its list. Ministers of three river states meet next month to talk "
    "about the checks, which have held up seed and feed for the farms of the delta in the sowing weeks."
)
WORDS = ("river council market bridge school doctor festival harvest ferry budget station library court "
         "museum orchard tunnel factory choir stadium clinic garden bakery harbour vineyard quarry railway "
         "parade lantern meadow glacier island valley summit canal forest").split()


def _filler(i: int) -> Article:
    rng = random.Random(i)
    text = " ".join(rng.choice(WORDS) for _ in range(80))
    return Article(id=f"f{i:03d}", text=text, title=f"Filler {i}", url=f"https://filler.example/{i}",
                   content_hash=content_hash(text), published_at=f"2024-02-{1 + i % 27:02d}T08:00:00Z")


def _article(aid: str, text: str, when: str = "2024-03-05T10:00:00Z") -> Article:
    return Article(id=aid, text=text, title=aid, url=f"https://news.example/{aid}", content_hash=content_hash(text),
                   published_at=when)


@contextmanager
def _traced(store: Store) -> Iterator[list[str]]:
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    try:
        yield statements
    finally:
        store.conn.set_trace_callback(None)


def _settings(tmp_path: Path) -> Settings:
    return Settings.from_values({"db": str(tmp_path / "x.db"), "workers": 1})


def test_an_ingest_reads_only_the_candidates_signatures(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    store = Store(tmp_path / "x.db")
    pipeline.ingest_records(store, [_filler(i) for i in range(40)] + [_article("wire", WIRE)], settings)
    pipeline.ingest_records(store, [_filler(i) for i in range(40, 60)], settings)  # keys the first 41
    with _traced(store) as sql:
        reprint = WIRE.replace("on Tuesday", "on Tuesday morning").replace("The board has", "The harbour board has")
        summary = pipeline.ingest_records(store, [_article("reprint", reprint, "2024-03-05T12:00:00Z")], settings)
    assert summary.duplicates == 1
    assert store.get_article("reprint").duplicate_of == "wire"
    reads = [s for s in sql if "minhashes" in s and s.lstrip().upper().startswith("SELECT")]
    # the 20 signatures stored by the second ingest get their keys; the 41 before are not read again
    assert any("banded IS NULL" in s for s in reads)
    assert all("banded IS NULL" in s or "minhash_bands" in s for s in reads)
    texts = [s for s in sql if s.startswith("SELECT record FROM articles WHERE id = ")]
    assert set(texts) == {"SELECT record FROM articles WHERE id = 'wire'"}  # the one candidate (text, group)
    assert store.conn.execute("SELECT COUNT(*) FROM minhashes WHERE banded IS NULL").fetchone()[0] == 1
    again = pipeline.ingest_records(store, [_article("reprint", reprint, "2024-03-05T12:00:00Z")], settings)
    assert again.already_present == 1 and again.accepted == 0


def test_a_store_of_the_old_schema_migrates_and_finds_its_near_duplicates(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for script in MIGRATIONS[:3]:
        conn.executescript(script)
    conn.execute("PRAGMA user_version = 3")
    wire = _article("wire", WIRE)
    conn.execute("INSERT INTO articles (id, url, title, published_at, content_hash, ingested_at, record)"
                 " VALUES (?,?,?,?,?,?,?)", (wire.id, wire.url, wire.title, wire.published_at, wire.content_hash,
                                             "2024-03-05T10:00:00Z", json.dumps(to_dict(wire))))
    conn.execute("INSERT INTO minhashes (article_id, signature) VALUES (?,?)", (wire.id, signature_bytes(WIRE)))
    conn.commit()
    conn.close()
    store = Store(path)
    assert store.schema_version == len(MIGRATIONS)
    reprint = WIRE.replace("on Tuesday", "on Tuesday evening")
    summary = pipeline.ingest_records(store, [_article("reprint", reprint, "2024-03-05T12:00:00Z")],
                                      _settings(tmp_path))
    assert summary.duplicates == 1 and store.get_article("reprint").duplicate_of == "wire"
    assert store.conn.execute("SELECT COUNT(*) FROM minhash_bands").fetchone()[0] > 0
