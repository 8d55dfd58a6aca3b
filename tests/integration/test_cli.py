"""The CLI as a user runs it: a real subprocess, a real SQLite file."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent / "storydesk"


def sd(*args: str, db: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "STORYDESK_DB": str(db), "COLUMNS": "200"}
    proc = subprocess.run([str(BIN), *args], capture_output=True, text=True, env=env, timeout=600)
    if check and proc.returncode:
        raise AssertionError(f"storydesk {' '.join(args)} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, fixtures: Path) -> Path:
    path = tmp_path_factory.mktemp("cli") / "sd.db"
    sd("run", str(fixtures / "corpus"), "--json", db=path)
    return path


def test_help_everywhere() -> None:
    for cmd in ([], ["ingest"], ["run"], ["stories"], ["brief"], ["eval", "clustering"], ["eval", "briefs"], ["demo"],
                ["rejects"]):
        out = subprocess.run([str(BIN), *cmd, "--help"], capture_output=True, text=True, check=True).stdout
        assert "Usage" in out


def test_reingest_adds_nothing_and_groups_exact_duplicates(db: Path, fixtures: Path) -> None:
    again = json.loads(sd("ingest", str(fixtures / "corpus"), "--json", db=db).stdout)
    assert again["accepted"] == 0 and again["already_present"] == 6
    stories = json.loads(sd("stories", "--json", db=db).stdout)
    ids = [a["id"] for s in stories for a in s["articles"]]
    assert len(ids) == len(set(ids)) == 6
    dups = [a for s in stories for a in s["articles"] if a["duplicate_of"]]
    assert len(dups) == 1 and "wire-reprints" in dups[0]["url"]


def test_stories_and_brief_json_contract(db: Path) -> None:
    stories = json.loads(sd("stories", "--json", db=db).stdout)
    assert len(stories) == 2
    for story in stories:
        assert {"id", "title", "articles"} <= story.keys()
        for a in story["articles"]:
            assert {"id", "url", "outlet", "title", "published"} <= a.keys()
        brief = json.loads(sd("brief", story["id"], "--format", "json", db=db).stdout)
        assert brief["story_id"] == story["id"] and brief["headline"]
        assert brief["sentences"] and brief["sources"]
        for s in brief["sentences"]:
            assert s["text"] and s["section"] and s["citations"]
            assert all({"article_id", "sentence", "score"} <= sup.keys() for sup in s["support"])
        assert all({"id", "url", "outlet", "title", "published"} <= r.keys() for r in brief["sources"])
    md = sd("brief", stories[0]["id"][:6], db=db).stdout
    assert "Related Sources" in md and "[1]" in md


def test_bad_input_is_reported_and_the_rest_lands(tmp_path: Path, fixtures: Path) -> None:
    db = tmp_path / "bad.db"
    out = sd("ingest", str(fixtures / "bad"), str(fixtures / "corpus" / "article4.json"), db=db)
    assert "4 inputs: 1 new articles" in out.stdout and "3 rejected" in out.stdout and "broken.json" in out.stdout
    rejects = json.loads(sd("rejects", "--json", db=db).stdout)
    assert len(rejects) == 3 and all(r["reason"] for r in rejects)
    only_bad = sd("ingest", str(fixtures / "bad" / "broken.json"), db=tmp_path / "b2.db", check=False)
    assert only_bad.returncode == 2


def test_unknown_story_is_a_clear_error(db: Path) -> None:
    proc = sd("brief", "doesnotexist", db=db, check=False)
    assert proc.returncode == 4 and "no such story" in proc.stderr


def test_eval_clustering_on_a_labelled_corpus(fixtures: Path, tmp_path: Path) -> None:
    out = json.loads(sd("eval", "clustering", str(fixtures / "corpus"), "--json", db=tmp_path / "unused.db").stdout)
    assert out["articles"] == 6 and out["gold_events"] == 2
    assert out["bcubed_f1"] == 1.0 and out["ari"] == 1.0
    assert not (tmp_path / "unused.db").exists()  # evaluation runs in a temporary database


def test_brief_since_says_when_nothing_changed_and_eval_briefs_reports_every_class(db: Path) -> None:
    story = json.loads(sd("stories", "--json", db=db).stdout)[0]["id"]
    latest = json.loads(sd("brief", story, "--format", "json", db=db).stdout)["version"]
    out = sd("brief", story, "--since", str(latest), db=db).stdout
    assert out.startswith(f"Nothing has changed in this story since version {latest}")
    full = sd("brief", story, "--full", db=db).stdout
    assert len(full) >= len(sd("brief", story, db=db).stdout)
    report = json.loads(sd("eval", "briefs", "--json", db=db).stdout)
    assert report["briefs"] == 2 and set(report["defects"]) >= {"question", "caption", "unnamed_speaker"}
    assert report["defects_total"] == 0, report["defects"]
