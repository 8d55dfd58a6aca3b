"""`storydesk timeline` and `storydesk eval timelines` as a user runs them (real subprocess, real SQLite)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent / "storydesk"


def sd(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "STORYDESK_DB": str(db), "COLUMNS": "200"}
    proc = subprocess.run([str(BIN), *args], capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, f"storydesk {' '.join(args)} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
    return proc


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, fixtures: Path) -> Path:
    path = tmp_path_factory.mktemp("timeline") / "sd.db"
    sd("run", str(fixtures / "corpus"), "--json", db=path)
    return path


def test_timeline_json_cites_stored_sentences(db: Path, fixtures: Path) -> None:
    stories = json.loads(sd("stories", "--json", db=db).stdout)
    texts = [json.loads(f.read_text(encoding="utf-8"))["text"] for f in (fixtures / "corpus").glob("*.json")]
    seen_any = False
    for story in stories:
        entries = json.loads(sd("timeline", story["id"], "--json", db=db).stdout)
        article_ids = {a["id"] for a in story["articles"]}
        for e in entries:
            seen_any = True
            assert {"date", "text", "article_id", "start", "end", "score", "how"} <= e.keys()
            assert e["article_id"] in article_ids and e["end"] > e["start"]
            assert any(t[e["start"]:e["end"]] == e["text"] for t in texts)  # verbatim, at its offsets
            assert e["how"] in {"weekday", "inferred-year", "explicit", "relative", "ago", "publication"}
        assert [e["date"] for e in entries] == sorted(e["date"] for e in entries)
    assert seen_any
    table = sd("timeline", stories[0]["id"][:6], stories[1]["id"], db=db).stdout  # one topic-level timeline
    assert table.startswith("date\tevent\tsource\tarticle\t") and "\n2026-" in table  # piped: plain rows


def _topic(root: Path, name: str, gold_names: list[str]) -> None:
    """An invented Timeline17-style topic: tokenised articles and gold timelines."""
    folder = root / name
    folder.mkdir(parents=True)
    articles = [
        {"uid": "1", "dct": "2020-06-02", "dates": [], "text": "Dam bursts in Orlen valley . The Orlen dam burst on "
         "Monday after days of rain , flooding three villages . Rescue teams arrived by boat ."},
        {"uid": "2", "dct": "2020-06-05", "dates": [], "text": "Orlen dam inquiry . Engineers said on Thursday "
         "that cracks were found in the Orlen dam in May . The dam burst on June 1 , flooding three villages ."},
        {"uid": "3", "dct": "2020-06-09", "dates": [], "text": "Villagers return to Orlen . Families began to "
         "return to the flooded villages on Monday . The dam burst on June 1 after heavy rain ."},
    ]
    (folder / "articles.json").write_text(json.dumps(articles), encoding="utf-8")
    gold = [{"date": "2020-06-01", "text": " The Orlen dam bursts , flooding three villages . "},
            {"date": "2020-06-08", "text": " Families return to the villages .  Rebuilding begins . "}]
    for g in gold_names:
        (folder / f"{g}.timeline.json").write_text(json.dumps(gold), encoding="utf-8")


def test_eval_timelines_writes_one_file_per_gold_timeline(tmp_path: Path) -> None:
    _topic(tmp_path / "data", "dam_one", ["tl1"])
    _topic(tmp_path / "data", "dam_two", ["a", "b"])
    out = tmp_path / "pred"
    result = json.loads(sd("eval", "timelines", str(tmp_path / "data"), "--out", str(out), "--json",
                           db=tmp_path / "unused.db").stdout)
    assert sorted(p.name for p in out.iterdir()) == ["dam_one.json", "dam_two__a.json", "dam_two__b.json"]
    rows = json.loads((out / "dam_one.json").read_text(encoding="utf-8"))
    assert rows and all(set(r) == {"date", "text"} for r in rows)
    assert "2020-06-01" in {r["date"] for r in rows}
    assert len(result["pairs"]) == 3 and result["pairs"][0]["sentences_per_date"] == 2
    assert 0 < result["overall"]["rouge1_f"] <= 1 and result["overall"]["date_f"] > 0
