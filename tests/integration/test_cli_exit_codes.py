"""Exit codes exactly as the README's table says: 0 ok, 2 bad input, 3 fetch error, 4 not found, 5 database
error, 6 model error. One case per command and error; a real subprocess, real files, no model loaded."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from storydesk.store import Store

BIN = Path(sys.executable).parent / "storydesk"
README = Path(__file__).parents[2] / "README.md"
MISSING_DB = "/nonexistent/dir/x.db"


def code(*args: str, db: Path | str = MISSING_DB) -> tuple[int, str]:
    env = {**os.environ, "STORYDESK_DB": str(db), "COLUMNS": "200"}
    proc = subprocess.run([str(BIN), *args], capture_output=True, text=True, env=env, timeout=300)
    return proc.returncode, proc.stderr


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory, fixtures: Path) -> Path:
    """A store with articles and no stories (ingest only: no model needed)."""
    db = tmp_path_factory.mktemp("codes") / "small.db"
    assert code("ingest", str(fixtures / "corpus" / "article1.json"), db=db)[0] == 0
    return db


def test_the_readme_table_is_the_one_tested() -> None:
    text = " ".join(README.read_text(encoding="utf-8").split())
    assert re.search(r"Exit codes: 0 ok, 2 bad input, 3 fetch error, 4 not found, 5 database error, 6 model error",
                     text)


@pytest.mark.parametrize("args", [
    ["brief", "anything", "--format", "pdf"],
    ["brief", "anything", "--writer", "magic"],
    ["export", "--format", "pdf"],
    ["run", "/nonexistent/dir"],
    ["ingest", "/nonexistent/dir"],
    ["ingest", "--map", "nonsense", "/nonexistent/dir"],
    ["analyze", "/nonexistent.txt"],
    ["extract", "/nonexistent.html"],
    ["demo", "/nonexistent/dir"],
    ["watch", "/nonexistent.opml", "--once"],
    ["import", "/nonexistent/dir"],
    ["eval", "clustering", "/nonexistent/dir"],
    ["eval", "timelines", "/nonexistent/dir"],
    ["search", "ferry", "--since", "yesterday"],
    ["search", " "],
])
def test_bad_input_is_2(args: list[str], tmp_path: Path) -> None:
    rc, stderr = code(*args, db=tmp_path / "fresh.db")
    assert rc == 2, stderr
    assert list(tmp_path.iterdir()) == [], "bad input is refused before a database file is created"


def test_a_missing_input_beside_a_readable_one_is_a_reject(tmp_path: Path, fixtures: Path) -> None:
    db = tmp_path / "mixed.db"
    rc, _ = code("ingest", str(fixtures / "corpus" / "article1.json"), "/nonexistent/dir", db=db)
    assert rc == 0 and db.exists()
    with Store(db) as store:
        assert [r.input for _, r in store.list_rejects()] == ["/nonexistent/dir"]


@pytest.mark.parametrize("command", [["stats"], ["stories"], ["search", "ferry"], ["rejects"], ["feeds"],
                                     ["brief", "st-x"], ["compare", "st-x"], ["timeline", "st-x"],
                                     ["article", "abc"], ["export"], ["serve"]])
def test_a_database_that_does_not_exist_is_bad_input(command: list[str]) -> None:
    rc, stderr = code(*command, "--db", MISSING_DB)
    assert rc == 2 and "no database here" in stderr


def test_a_file_that_is_not_a_database_is_5(tmp_path: Path) -> None:
    bad = tmp_path / "notes.db"
    bad.write_bytes(b"these are my notes, not SQLite\n" * 100)
    rc, stderr = code("stats", db=bad)
    assert rc == 5 and "database" in stderr


@pytest.mark.parametrize("args", [["brief", "st-nothere"], ["compare", "st-nothere"], ["timeline", "st-nothere"],
                                  ["article", "ffffffffff"]])
def test_unknown_ids_are_4(args: list[str], small_db: Path) -> None:
    rc, stderr = code(*args, db=small_db)
    assert rc == 4 and "no such" in stderr


def test_reading_commands_succeed_on_a_small_store(small_db: Path) -> None:
    for args in (["stats"], ["stories"], ["search", "ferry"], ["rejects"], ["feeds"]):
        assert code(*args, db=small_db)[0] == 0, args
