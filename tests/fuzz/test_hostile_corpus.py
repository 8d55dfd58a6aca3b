"""Our corpus of hostile files (tests/fixtures/hostile): each through the input boundary and the CLI;
no exception escapes, every reject names its file, good records land, rendered output stays inert."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fuzzing import check_records

from hostile import active_html, active_markdown
from storydesk.brief.render import render
from storydesk.ingest.sources import iter_inputs
from storydesk.model import Brief, BriefSentence, SourceRef
from storydesk.settings import Settings

CORPUS = Path(__file__).parents[1] / "fixtures" / "hostile"
FILES = sorted(p for p in CORPUS.iterdir() if p.name != "README.md")
OFFLINE = Settings.from_values({"fetch_retries": 0, "fetch_timeout": 2.0, "respect_robots": False})
EXPECT_ARTICLES = {"bad-types.jsonl": 1, "rows.csv": 1, "truncated.jsonl.gz": 2, "truncated.warc.gz": 1,
                   "script-page.html": 1, "markup-fields.json": 1, "stray-latin1.html": 1,
                   "mislabelled-sjis.html": 1}


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_each_hostile_file(path: Path) -> None:
    items = list(iter_inputs([str(path)], OFFLINE))
    names = [str(path), "http", "javascript", "file:", "ftp"]
    articles, rejects = check_records(items, names)
    assert len(articles) >= EXPECT_ARTICLES.get(path.name, 0), (articles, rejects)
    assert articles or rejects, "a hostile file gave nothing at all: damage must be a reject"
    if path.name == "stray-latin1.html":
        assert "Café crème" in articles[0].text
    if path.name == "mislabelled-sjis.html":
        assert "東京都" in articles[0].text
    brief = Brief("st-h", articles[0].title if articles else path.name,
                  [BriefSentence(a.text[:300], "lede", [a.id]) for a in articles],
                  [SourceRef(a.id, a.url, a.outlet, a.title, a.published_at) for a in articles])
    assert active_html(render(brief, "html")) == [] and active_markdown(render(brief, "md")) == []


def test_the_whole_corpus_through_the_cli(tmp_path: Path) -> None:
    env = {**os.environ, "STORYDESK_DB": str(tmp_path / "h.db"), "STORYDESK_RESPECT_ROBOTS": "0",
           "STORYDESK_FETCH_RETRIES": "0", "COLUMNS": "200"}
    binary = str(Path(sys.executable).parent / "storydesk")
    done = subprocess.run([binary, "ingest", *map(str, FILES)], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, 2) and "Traceback" not in done.stderr, done.stderr[-2000:]
    listed = subprocess.run([binary, "rejects"], env=env, capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0 and "Traceback" not in listed.stderr
    assert "[/]" in listed.stdout.replace("\n", "") or "news[/]story" in done.stdout.replace("\n", "")
