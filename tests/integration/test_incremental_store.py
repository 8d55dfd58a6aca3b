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
from functools import partial
from pathlib import Path

import numpy as np

from storydesk import pipeline
from storydesk.ingest.dedup import band_hashes, band_layout, lsh_bands, signature_bytes
from storydesk.ingest.normalize import content_hash
from storydesk.model import Article, to_dict
from storydesk.settings import Settings
from storydesk.store import Store
from storydesk.store.schema import MIGRATIONS
from storydesk.stories.assign import CLUSTER_STATE, new_clusterer, restore_clusterer
from storydesk.stories.cluster import StoryClusterer
from storydesk.stories.cluster_columns import DIM
from storydesk.stories.features import ClusterFeatures

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


# -- the clusterer's state as rows ----------------------------------------------------------------

def _features(topic: int, n: int, when: float) -> ClusterFeatures:
    """Article ``n`` of an invented topic: the topic's terms, entities and direction, a little noise."""
    rng = np.random.default_rng(topic)
    terms = np.unique(rng.integers(0, 1 << 22, 60)).astype(np.int64)
    ents = np.unique(rng.integers(0, 1 << 22, 4)).astype(np.int64)
    vec = rng.normal(size=DIM).astype(np.float32)
    vec += np.random.default_rng(10_000 + 100 * topic + n).normal(0.0, 0.2, DIM).astype(np.float32)
    return ClusterFeatures(f"t{topic}-{n}", when, terms, np.ones(len(terms), np.float32), ents,
                           vec / np.linalg.norm(vec), f"Topic {topic}", f"outlet{n % 3}")


def _clustered(topics: int) -> StoryClusterer:
    c = new_clusterer(Settings())
    for n in range(2):
        for t in range(topics):
            c.add_features(_features(t, n, 19_700.0 + t * 0.01 + n))
    return c


def _read_ordinals(sql: list[str]) -> set[int]:
    found: set[int] = set()
    for s in sql:
        if s.startswith("SELECT ord, id, parent, row FROM cluster_stories WHERE ord IN ("):
            found.update(int(x) for x in s.split("IN (", 1)[1].rstrip(")").split(","))
    return found


def test_a_reopened_clusterer_reads_and_writes_only_the_stories_its_articles_reach(tmp_path: Path) -> None:
    topics = 120
    store = Store(tmp_path / "x.db")
    memory = _clustered(topics)
    saved = _clustered(topics)
    store.put_cluster_rows(saved.row_changes())
    assert store.conn.execute("SELECT COUNT(*) FROM cluster_stories").fetchone()[0] == topics
    state = store.get_state(CLUSTER_STATE)
    assert state is not None and state.startswith(b"{")  # the meta document; the rest is rows
    with _traced(store) as sql:
        reopened = restore_clusterer(state, Settings(), store)
        assert reopened is not None
        late = [_features(7, 2, 19_702.5), _features(topics + 1, 0, 19_702.6)]  # joins topic 7; a new topic
        got = [reopened.add_features(f) for f in late]
        changes = reopened.row_changes()
    want = [memory.add_features(f) for f in late]
    assert [(a.story_id, a.score, a.new) for a in got] == [(a.story_id, a.score, a.new) for a in want]
    assert got[0].new is False and got[1].new is True
    read = _read_ordinals(sql)
    assert 0 < len(read) <= 2 * reopened.config.ann_neighbours + 2 < topics
    assert not any("FROM cluster_postings" in s and "IN (" not in s for s in sql)  # never every posting list
    written = {sid for _, sid, _, _ in changes.stories}
    assert written == {got[0].story_id, got[1].story_id}  # the joined story and the new one, nothing else
    assert not changes.parents
    store.put_cluster_rows(changes)
    again = restore_clusterer(store.get_state(CLUSTER_STATE) or b"", Settings(), store)
    assert again is not None and again.labels() == memory.labels()
    assert again.row_changes().stories == []  # reading writes nothing


def test_an_old_store_with_a_whole_clusterer_state_migrates_to_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for script in MIGRATIONS[:3]:
        conn.executescript(script)
    old = _clustered(30)
    conn.execute("INSERT INTO state (key, value, updated_at) VALUES ('clusterer', ?, '2024-01-01T00:00:00Z')",
                 (old.to_state(),))
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    store = Store(path)
    settings = _settings(tmp_path)
    migrated = pipeline.load_clusterer(store, settings)
    assert migrated.labels() == old.labels()
    state = store.get_state(CLUSTER_STATE)
    assert state is not None and state.startswith(b"{")
    assert store.conn.execute("SELECT COUNT(*) FROM cluster_stories").fetchone()[0] == 30
    reopened = pipeline.load_clusterer(store, settings)
    late = _features(3, 2, 19_702.5)
    assert reopened.add_features(late) == old.add_features(late)
    assert reopened.labels() == old.labels()


TOPICS = [
    ("ferry", "Harbour ferry line to Lunport opens with two crossings a day from the Kessa pier"),
    ("bridge", "Engineers close the old Marrow bridge after cracks are found in its eastern pillar"),
    ("orchard", "A late frost ruins half of the apricot harvest in the orchards of the Tell valley"),
    ("choir", "The Oskeby youth choir wins the northern festival with a song about the salt mines"),
    ("tunnel", "Drilling of the Vessa rail tunnel stops after water floods the third shaft"),
    ("library", "Readers in Darrow save the town library from closing with a month of donations"),
]


def _story_article(topic: int, n: int) -> Article:
    key, line = TOPICS[topic]
    rng = random.Random(100 * topic + n)
    words = line.split()
    body = " ".join(" ".join(rng.sample(words, len(words))) + "." for _ in range(12))
    text = f"{line}. {body}"
    return Article(id=f"{key}{n}", text=text, title=line if n % 2 else f"{line}, officials say",
                   url=f"https://news{n}.example/{key}", outlet=f"News {n}", content_hash=content_hash(text),
                   published_at=f"2024-04-{1 + n:02d}T{8 + topic:02d}:00:00Z")


def test_updates_one_by_one_give_the_stories_of_one_run(tmp_path: Path) -> None:
    """Four updates, the clusterer reopened from its rows each time, place every article where one run does."""
    days = [[_story_article(t, n) for t in range(len(TOPICS))] for n in range(4)]
    one = Store(tmp_path / "one.db")
    pipeline.ingest_records(one, [a for day in days for a in day], _settings(tmp_path))
    pipeline.cluster(one, _settings(tmp_path))
    four = Store(tmp_path / "four.db")
    for day in days:
        pipeline.ingest_records(four, day, _settings(tmp_path))
        pipeline.cluster(four, _settings(tmp_path))
    rows = "SELECT article_id, story_id, score FROM story_articles ORDER BY article_id"
    got = [tuple(r) for r in four.conn.execute(rows)]
    assert got == [tuple(r) for r in one.conn.execute(rows)]
    assert len({r[1] for r in got}) == len(TOPICS)
    with _traced(four) as sql:
        assert pipeline.cluster(four, _settings(tmp_path)) == set()  # nothing new: nothing read, nothing written
    assert not any(s.startswith(("INSERT", "UPDATE")) for s in sql)
    assert not any("FROM cluster_stories" in s for s in sql)


def test_a_batch_that_fails_leaves_the_rows_of_the_last_committed_one(tmp_path: Path) -> None:
    store = Store(tmp_path / "x.db")
    first = _clustered(20)
    store.put_cluster_rows(first.row_changes())
    before = first.labels()
    reopened = restore_clusterer(store.get_state(CLUSTER_STATE) or b"", Settings(), store)
    assert reopened is not None
    reopened.add_features(_features(4, 2, 19_702.5))
    reopened.add_features(_features(99, 0, 19_702.6))
    try:
        with store.transaction():
            store.put_cluster_rows(reopened.row_changes())
            raise KeyboardInterrupt  # killed between the rows and the commit
    except KeyboardInterrupt:
        pass
    again = restore_clusterer(store.get_state(CLUSTER_STATE) or b"", Settings(), store)
    assert again is not None and again.labels() == before and again.n_docs == first.n_docs


def test_another_threshold_keys_every_signature_again(tmp_path: Path) -> None:
    store = Store(tmp_path / "x.db")
    pipeline.ingest_records(store, [_filler(i) for i in range(5)], _settings(tmp_path))
    pipeline.load_deduper(store, _settings(tmp_path))  # keys the five
    assert store.conn.execute("SELECT COUNT(*) FROM minhashes WHERE banded IS NULL").fetchone()[0] == 0
    lower = Settings.from_values({"db": str(tmp_path / "x.db"), "workers": 1, "near_duplicate_threshold": 0.6})
    keyed = store.sync_minhash_bands(band_layout(0.6), partial(band_hashes, bands=lsh_bands(0.6)[0],
                                                               rows=lsh_bands(0.6)[1]))
    assert keyed == 5 and lsh_bands(0.6) != lsh_bands(0.8)
    assert store.get_state("minhash_bands") == band_layout(0.6).encode()
    pipeline.load_deduper(store, lower)
    assert store.conn.execute("SELECT COUNT(*) FROM minhash_bands").fetchone()[0] == 5 * lsh_bands(0.6)[0]
