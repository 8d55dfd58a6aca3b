"""Issue 17, defects 2 and 5: stored text never breaks the CLI; `export --out` writes only where it should."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from storydesk.errors import NotFoundError
from storydesk.model import Brief, BriefSentence, SourceRef, Story
from storydesk.store import Store

BIN = Path(sys.executable).parent / "storydesk"
FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>t [/] x</title><link>http://127.0.0.1/</link>
<item><title>one [/]</title><link>http://10.0.0.1/news[/]story</link></item>
<item><title>two [bold]</title><link>http://[fd00::1]/x[/]</link></item>
</channel></rss>"""


def cli(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "STORYDESK_DB": str(db), "COLUMNS": "250"}
    return subprocess.run([str(BIN), *args], env=env, capture_output=True, text=True, timeout=120)


def test_markup_in_stored_urls_prints_and_never_crashes(tmp_path: Path) -> None:
    feed = tmp_path / "feed[b]x.xml"
    feed.write_text(FEED)
    db = tmp_path / "m.db"
    done = cli("ingest", str(feed), db=db)
    assert "Traceback" not in done.stderr and "MarkupError" not in done.stderr
    assert "http://10.0.0.1/news[/]story" in done.stdout
    assert "fd00::1" in done.stdout and "private address fd00::1" in done.stdout.replace("\n", "")
    listed = cli("rejects", db=db)
    assert listed.returncode == 0, listed.stderr
    assert "[/]" in listed.stdout and "Traceback" not in listed.stderr


def test_error_message_with_markup_in_the_path(tmp_path: Path) -> None:
    done = cli("stories", db=tmp_path / "no[/]where[fd00::1].db")
    assert done.returncode == 2  # no database at that path: bad input (README exit codes)
    assert "no[/]where[fd00::1].db" in done.stderr and "Traceback" not in done.stderr


def _db_with_brief(tmp_path: Path, story_id: str) -> Path:
    db = tmp_path / "x.db"
    with Store(str(db)) as store:
        with store.transaction():
            store.put_story(Story(id=story_id, title="t", article_ids=["a1"]))
        store.put_brief(Brief(story_id=story_id, headline="h",
                              sentences=[BriefSentence("s", "lede", ["a1"])],
                              sources=[SourceRef("a1", "https://ok.example/", "o", "t", None)]), "fp")
    return db


@pytest.mark.parametrize("story_id", ["../../escape", "/abs/olute", "..", "a/../../b", "con\x00x"])
def test_export_names_files_from_sanitised_ids(tmp_path: Path, story_id: str) -> None:
    db = _db_with_brief(tmp_path, story_id)
    out = tmp_path / "deep" / "out"
    done = cli("export", "--out", str(out), "--json", db=db)
    assert done.returncode == 0, done.stderr
    files = [Path(f) for f in json.loads(done.stdout)["files"]]
    assert files and all(f.resolve().parent == out.resolve() for f in files)
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file() and p.suffix in {".md", ".html", ".json"}) \
        == sorted(f.name for f in files if f.suffix != ".rss")


def test_export_refuses_a_planted_symlink(tmp_path: Path) -> None:
    db = _db_with_brief(tmp_path, "st-1")
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (out / "st-1.md").symlink_to(victim)
    done = cli("export", "--out", str(out), "--format", "md", db=db)
    assert victim.read_text() == "keep me"
    assert done.returncode != 0 and "Traceback" not in done.stderr and "symbolic link" in done.stderr


@pytest.mark.parametrize("kind", ["file", "unwritable", "proc"])
def test_export_bad_out_paths_give_clear_errors(tmp_path: Path, kind: str) -> None:
    db = _db_with_brief(tmp_path, "st-1")
    if kind == "file":
        out = tmp_path / "a-file"
        out.write_text("x")
    elif kind == "unwritable":
        if os.geteuid() == 0:
            pytest.skip("root may write into read-only folders")
        parent = tmp_path / "ro"
        parent.mkdir()
        parent.chmod(0o500)
        out = parent / "out"
    else:
        out = Path("/proc/self/storydesk-export")
    done = cli("export", "--out", str(out), db=db)
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr and "error:" in done.stderr and str(out) in done.stderr


def test_story_prefix_lookup_escapes_like_wildcards(tmp_path: Path) -> None:
    db = _db_with_brief(tmp_path, "st-eab")
    with Store(str(db)) as store:
        assert store.get_story("st-ea").id == "st-eab"
        for pattern in ("st-e_", "st-%", "%", "_"):
            with pytest.raises(NotFoundError):
                store.get_story(pattern)
