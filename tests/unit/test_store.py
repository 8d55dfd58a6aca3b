import sqlite3
from pathlib import Path

import pytest

from storydesk.errors import NotFoundError
from storydesk.model import Article, Brief, BriefSentence, Reject, Story, Support
from storydesk.store import Store
from storydesk.store.sqlite import MIGRATIONS


def _article(i: int) -> Article:
    return Article(id=f"a{i}", text=f"Text number {i} about a ferry strike.", title=f"Title {i}",
                   content_hash=f"h{i}", published_at=f"2026-03-0{i}T00:00:00Z", outlet="o")


def test_schema_is_migrated_and_in_wal_mode(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with Store(db) as store:
        assert store.schema_version == len(MIGRATIONS)
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in sqlite3.connect(db).execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"articles", "enrichments", "stories", "story_articles", "briefs", "rejects", "state"} <= tables


def test_adding_twice_adds_nothing(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        added, present = store.add_articles([_article(1), _article(2)])
        assert len(added) == 2 and not present
        added, present = store.add_articles([_article(2), _article(3)])
        assert [a.id for a in added] == ["a3"] and [a.id for a in present] == ["a2"]
        assert store.count_articles() == 3
        assert store.search_articles("ferry")[0]["id"] in {"a1", "a2", "a3"}
        assert store.search_articles("ferry\" OR \"x") == []


def test_a_failed_batch_leaves_nothing(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        with pytest.raises(RuntimeError), store.transaction():
            store.add_articles([_article(1)])
            raise RuntimeError("killed mid-batch")
        assert store.count_articles() == 0


def test_briefs_are_versioned_only_when_they_change(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        store.add_articles([_article(1)])
        with store.transaction():
            store.put_story(Story("s1", "T", ["a1"], ["o"]))
        s = BriefSentence("A sentence.", "lede", ["a1"], [Support("a1", "A sentence.")])
        assert store.put_brief(Brief("s1", "T", [s]), "f1") == 1
        assert store.put_brief(Brief("s1", "T", [s]), "f1") == 1
        assert store.put_brief(Brief("s1", "T2", [s]), "f2") == 2
        assert store.brief_versions("s1") == [1, 2]
        assert store.get_brief("s1").headline == "T2" and store.get_brief("s1", 1).headline == "T"
        with pytest.raises(NotFoundError):
            store.get_brief("nope")


def test_rejects_are_kept_with_reason(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        store.add_rejects([Reject("ingest", "x.json", "not valid JSON")])
        (_, r), = store.list_rejects()
        assert r.input == "x.json" and r.reason == "not valid JSON" and r.at
