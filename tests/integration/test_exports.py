"""Exports, versions and the claims comparison through the CLI, on our own fixture corpus."""

import json
import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from storydesk.model import Article, Claim, Enrichment
from storydesk.stories.compare import compare_claims

BIN = Path(sys.executable).parent / "storydesk"


def run(*args: str, db: Path) -> str:
    env = {**os.environ, "STORYDESK_DB": str(db)}
    return subprocess.run([str(BIN), *args], env=env, check=True, capture_output=True, text=True).stdout


def test_export_all_formats_and_rss(tmp_path: Path, fixtures: Path) -> None:
    db = tmp_path / "e.db"
    run("run", str(fixtures / "corpus"), db=db)
    out = tmp_path / "out"
    summary = json.loads(run("export", "--out", str(out), "--json", "--base-url", "https://news.example.org/desk",
                             db=db))
    assert summary["briefs"] == 2 and len(summary["files"]) == 8
    feed = ET.parse(out / "briefs.rss").getroot()
    items = feed.findall("./channel/item")
    assert len(items) == 2 and all(i.findtext("title") for i in items)
    html = next(p for p in out.glob("st-*.html")).read_text()
    assert "<script" not in html and "Related Sources" in html
    assert "<style>" in html and "--accent" in html and "<link" not in html, "the stylesheet is inlined"
    assert "articles from" in html, "the coverage line is kept"
    index = (out / "index.html").read_text()
    assert index.count('class="story-card"') == 2 and all(f'href="{Path(f).name}"' in index
                                                          for f in summary["files"] if f.endswith(".html")
                                                          and not f.endswith("index.html"))


def test_export_rss_reads_as_a_reader_would(tmp_path: Path, fixtures: Path) -> None:
    feedparser = pytest.importorskip("feedparser")
    db = tmp_path / "r.db"
    run("run", str(fixtures / "corpus"), db=db)
    stories = {s["id"]: s for s in json.loads(run("stories", "--json", db=db))}
    out = tmp_path / "out"
    run("export", "--out", str(out), "--format", "rss", "--format", "html", "--base-url", "https://news.example.org/desk",
        db=db)
    feed = feedparser.parse((out / "briefs.rss").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert len(feed.entries) == len(stories)
    for entry in feed.entries:
        assert entry.link.startswith("https://news.example.org/desk/stories/st-")
        story = stories[entry.link.rsplit("/", 1)[1]]
        last = story["last_seen"].replace("Z", "")[:19]
        assert time.strftime("%Y-%m-%dT%H:%M:%S", entry.published_parsed) == last, "dated by the story"
    single = sum(e.description.count("(single source)") for e in feed.entries)
    briefs = [json.loads(run("brief", sid, "--format", "json", db=db)) for sid in stories]
    marked = sum(1 for b in briefs for x in [s for s in b["sentences"] if s["section"] != "lede"][:8]
                 if x.get("extra", {}).get("single_source"))
    assert single == marked, "each feed entry keeps its brief's single-source marks"
    bad = subprocess.run([str(BIN), "export", "--out", str(out), "--base-url", "ftp://x"], capture_output=True,
                         env={**os.environ, "STORYDESK_DB": str(db)})
    assert bad.returncode == 2


def test_brief_versions_and_since(tmp_path: Path, fixtures: Path) -> None:
    db = tmp_path / "v.db"
    corpus = tmp_path / "c"
    corpus.mkdir()
    for name in ("article1.json", "article2.json", "article4.json", "article5.json"):
        (corpus / name).write_text((fixtures / "corpus" / name).read_text())
    run("run", str(corpus), db=db)
    ferry = next(s for s in json.loads(run("stories", "--json", db=db)) if "erry" in s["title"])
    (corpus / "article3.json").write_text((fixtures / "corpus" / "article3.json").read_text())
    run("run", str(corpus), db=db)
    v2 = json.loads(run("brief", ferry["id"], "--format", "json", db=db))
    assert v2["version"] == 2
    new = json.loads(run("brief", ferry["id"], "--format", "json", "--since", "1", db=db))
    assert new["sentences"] and len(new["sentences"]) < len(v2["sentences"]) + 1
    third = json.loads((fixtures / "corpus" / "article3.json").read_text())
    assert any(s["citations"] and third["url"] in [src["url"] for src in new["sources"]] for s in new["sentences"])


_TEXTS = {"a": "The army has sent about 3,000 troops to the front, and 5 ships.",
          "b": "Its 12,000 North Korean troops at the front could swell further.",
          "c": "The army has sent 10,000 troops to the front, and 7 ships.",
          "d": "Officials counted 5 ships near the front."}


def _art(i: str, outlet: str, date: str) -> Article:
    return Article(id=i, text=_TEXTS.get(i, "The army has sent 4,000 troops to the front."), outlet=outlet,
                   published_at=date)


def _claim(aid: str, written: str, value: float, **kw: object) -> Claim:
    text = _TEXTS.get(aid, "The army has sent 4,000 troops to the front.")
    start = text.index(written)
    return Claim(start, start + len(written), written, value, sentence_start=0, **kw)  # type: ignore[arg-type]


def test_compare_tells_changes_from_disagreements() -> None:
    arts = [_art("a", "A", "2026-01-01T00:00:00Z"), _art("b", "B", "2026-01-03T00:00:00Z"),
            _art("c", "C", "2026-01-03T00:00:00Z"), _art("d", "D", "2026-01-01T00:00:00Z")]
    enr = {
        "a": Enrichment("a", claims=[_claim("a", "3,000 troops", 3000, counted="troops", hedge="about"),
                                     _claim("a", "5 ships", 5, counted="ships")]),
        "b": Enrichment("b", claims=[_claim("b", "12,000 North Korean troops", 12000, counted="North Korean troops",
                                            hedge="could swell to", modality="projected")]),
        "c": Enrichment("c", claims=[_claim("c", "10,000 troops", 10000, counted="troops"),
                                     _claim("c", "7 ships", 7, counted="ships")]),
        "d": Enrichment("d", claims=[_claim("d", "5 ships", 5, counted="ship")]),
    }
    groups = {g.counted: g for g in compare_claims(arts, enr) if len(g.values) > 1}
    troops, ships = groups["troop"], groups["ship"]
    assert troops.status == "changed" and "3,000" in troops.note and "10,000" in troops.note
    assert ships.status == "changed" and set(ships.outlets) == {"A", "C", "D"}
    same_day = compare_claims(arts[:1] + [_art("e", "E", "2026-01-01T00:00:00Z")], {
        "a": enr["a"], "e": Enrichment("e", claims=[_claim("e", "4,000 troops", 4000, counted="troops")])})
    assert {g.counted: g for g in same_day}["troop"].status == "disagree"
