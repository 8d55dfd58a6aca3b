"""Finding and reading from the terminal (issue 18): search, filtered stories, id prefixes, article, stats,
brief versions, output that pipes well. A real subprocess over a real SQLite file built by `storydesk run`."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent / "storydesk"


def sd(*args: str, db: Path, tty: bool = False, columns: int = 200) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "STORYDESK_DB": str(db), "COLUMNS": str(columns), "TTY_COMPATIBLE": "1" if tty else "0"}
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, env=env, timeout=600)


def ok(*args: str, db: Path, **kw: object) -> str:
    proc = sd(*args, db=db, **kw)  # type: ignore[arg-type]
    assert proc.returncode == 0, f"storydesk {' '.join(args)} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, fixtures: Path) -> Path:
    path = tmp_path_factory.mktemp("find") / "sd.db"
    out = ok("run", str(fixtures / "corpus"), db=path)
    # the counts add up to the inputs seen, and the run says what to do next
    assert "6 inputs: 5 new articles, 1 duplicates grouped, 0 already present, 0 rejected" in out
    assert "storydesk stories" in out and "storydesk brief st-" in out and "storydesk serve" in out
    return path


@pytest.fixture(scope="module")
def stories(db: Path) -> dict[str, dict]:
    items = json.loads(ok("stories", "--json", db=db))
    return {("ferry" if "Ferry" in s["title"] else "comet"): s for s in items}


def test_search_finds_briefs_and_articles_with_filters(db: Path, stories: dict[str, dict]) -> None:
    data = json.loads(ok("search", "comet", "--json", db=db))
    assert [h["story_id"] for h in data["stories"]] == [stories["comet"]["id"]]
    assert {h["outlet"] for h in data["articles"]} == {"valley-gazette.example", "skywatch-daily.example"}
    assert all(h["story_id"] == stories["comet"]["id"] for h in data["articles"])
    assert data["total"] == {"stories": 1, "articles": 2}
    one = json.loads(ok("search", "comet", "--outlet", "skywatch", "--json", db=db))
    assert [h["outlet"] for h in one["articles"]] == ["skywatch-daily.example"]
    late = json.loads(ok("search", "ferry", "--since", "2026-03-03", "--json", db=db))
    assert [h["published"][:10] for h in late["articles"]] == ["2026-03-04"]
    early = json.loads(ok("search", "ferry", "--until", "2026-03-01", "--json", db=db))
    assert early["articles"] == [] and early["stories"] == []
    limited = json.loads(ok("search", "comet", "--limit", "1", "--json", db=db))
    assert len(limited["articles"]) == 1 and limited["total"]["articles"] == 2
    assert json.loads(ok("search", "zeppelin", "--json", db=db))["total"] == {"stories": 0, "articles": 0}


def test_search_by_actor_uses_the_enrichment(db: Path) -> None:
    comet = json.loads(ok("article", json.loads(ok("search", "comet", "--json", db=db))["articles"][0]["id"],
                          "--json", db=db))
    actors = {e["actor"] or e["text"] for e in comet["enrichment"]["entities"]
              if e["label"] in {"PERSON", "ORG", "GPE", "NORP"} or e["actor"]}
    name = sorted(actors)[0]
    hit = json.loads(ok("search", "comet", "--actor", name, "--json", db=db))
    assert comet["article"]["id"] in {h["id"] for h in hit["articles"]}
    assert json.loads(ok("search", "comet", "--actor", "Nobody Atall", "--json", db=db))["total"]["articles"] == 0


def test_stories_take_a_query_and_the_filters(db: Path, stories: dict[str, dict]) -> None:
    assert [s["id"] for s in json.loads(ok("stories", "ferry", "--json", db=db))] == [stories["ferry"]["id"]]
    assert [s["id"] for s in json.loads(ok("stories", "--outlet", "skywatch", "--json", db=db))] == [
        stories["comet"]["id"]]
    assert [s["id"] for s in json.loads(ok("stories", "--until", "2026-04-01", "--json", db=db))] == [
        stories["ferry"]["id"]]
    assert json.loads(ok("stories", "--since", "2026-06-01", "--json", db=db)) == []
    bad = sd("stories", "--since", "last week", db=db)
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr


def test_piped_output_keeps_full_ids_and_whole_titles(db: Path, stories: dict[str, dict]) -> None:
    proc = sd("stories", "--limit", "1", db=db, columns=40)
    lines = proc.stdout.splitlines()
    assert lines[0].split("\t") == ["id", "articles", "outlets", "first", "last", "title"]
    assert len(lines) == 2 and "showing 1 of 2" in proc.stderr
    row = lines[1].split("\t")
    assert row[0] in {s["id"] for s in stories.values()} and row[5] in {s["title"] for s in stories.values()}
    assert "…" not in proc.stdout
    tty = ok("stories", db=db, tty=True)
    assert "┏" in tty and "2 stories" in tty


def test_id_prefixes_everywhere_and_ambiguity_is_exit_2(db: Path, stories: dict[str, dict]) -> None:
    ferry = stories["ferry"]["id"]
    short = ferry[:6] if ferry[:6] != stories["comet"]["id"][:6] else ferry[:10]
    assert json.loads(ok("brief", short, "--format", "json", db=db))["story_id"] == ferry
    assert isinstance(json.loads(ok("compare", short, "--json", db=db)), list)
    assert isinstance(json.loads(ok("timeline", short, "--json", db=db)), list)
    for cmd in (["brief"], ["compare"], ["timeline"]):
        proc = sd(*cmd, "st-", db=db)
        assert proc.returncode == 2 and "ambiguous" in proc.stderr
        assert ferry in proc.stderr and stories["comet"]["id"] in proc.stderr
    article_ids = [a["id"] for s in stories.values() for a in s["articles"]]
    first = article_ids[0]
    assert json.loads(ok("article", first[:5], "--json", db=db))["article"]["id"] == first
    assert sd("article", "zzzz", db=db).returncode == 4


def test_article_shows_text_enrichment_and_story(db: Path, stories: dict[str, dict]) -> None:
    ferry = stories["ferry"]
    original = next(a for a in ferry["articles"] if not a["duplicate_of"] and "harbour" in a["url"])
    data = json.loads(ok("article", original["id"], "--json", db=db))
    assert data["story"]["id"] == ferry["id"] and data["story"]["title"] == ferry["title"]
    assert data["article"]["text"] and data["enrichment"]["quotes"] and data["enrichment"]["claims"]
    assert len(data["duplicates"]["members"]) == 2
    plain = ok("article", original["id"], db=db)
    assert data["article"]["text"] in plain and ferry["id"] in plain and "\x1b[" not in plain
    colour = ok("article", original["id"], db=db, tty=True)
    quote = data["enrichment"]["quotes"][0]["content"]
    assert "\x1b[" in colour and "quotes" in colour and "claims" in colour and "actors" in colour
    assert quote.split()[0] in colour


def test_stats_is_a_table_and_json_is_unchanged(db: Path) -> None:
    data = json.loads(ok("stats", "--json", db=db))
    assert data == {"articles": 6, "duplicates": 1, "enriched": 6, "stories": 2, "briefs": 2, "rejects": 0}
    rows = dict(line.split("\t") for line in ok("stats", db=db).splitlines()[1:])
    assert rows == {k: str(v) for k, v in data.items()}
    table = ok("stats", db=db, tty=True)
    assert "{" not in table and "articles" in table and "┃" in table


def test_brief_version_messages(db: Path, stories: dict[str, dict]) -> None:
    story = stories["comet"]["id"]
    same = sd("brief", story, "--since", "1", db=db)
    assert same.returncode == 0 and "Nothing is newer than version 1" in same.stdout
    missing = sd("brief", story, "--version", "9", db=db)
    assert missing.returncode == 4 and "no brief version 9" in missing.stderr and "versions: 1" in missing.stderr
    assert sd("brief", story, "--since", "9", db=db).returncode == 4


def test_markup_in_stored_titles_never_breaks_output(tmp_path: Path) -> None:
    record = {"title": "[/] Harbour [bold]pilots[/bold] vote [red]on pay",
              "url": "https://quay-post.example/pilots", "source_domain": "quay-post.example",
              "date_publish": "2026-04-01 10:00:00",
              "text": "Harbour pilots in Port Alder voted on Tuesday to accept a new pay offer [/] after weeks of "
                      "talks with the port authority. The union said the agreement covers all forty pilots and "
                      "runs for three years, ending the threat of a stoppage at the busiest berth on the coast."}
    (tmp_path / "pilots.json").write_text(json.dumps(record), encoding="utf-8")
    db = tmp_path / "m.db"
    ok("ingest", str(tmp_path / "pilots.json"), db=db)
    hit = json.loads(ok("search", "pilots", "--json", db=db))["articles"][0]
    for tty in (True, False):
        assert "[/] Harbour [bold]pilots[/bold]" in ok("search", "pilots", db=db, tty=tty, columns=300)
        assert "[/] Harbour [bold]pilots[/bold]" in ok("article", hit["id"][:6], db=db, tty=tty, columns=300)


def test_search_highlights_the_matched_words_on_a_terminal_only(db: Path) -> None:
    env = {**os.environ, "STORYDESK_DB": str(db), "COLUMNS": "300", "TTY_COMPATIBLE": "1", "FORCE_COLOR": "1"}
    tty = subprocess.run([str(BIN), "search", "crossings"], capture_output=True, text=True, env=env, timeout=600)
    assert tty.returncode == 0, tty.stderr
    assert "\x1b[1;7mcrossings\x1b[0m" in tty.stdout, "the matched word in bold reverse"
    assert "\x02" not in tty.stdout and "\x03" not in tty.stdout
    piped = ok("search", "crossings", db=db)
    assert "crossings" in piped and "\x1b[" not in piped and "\x02" not in piped and "\x03" not in piped
    data = json.loads(ok("search", "crossings", "--json", db=db))
    assert all("\x02" not in h["snippet"] for h in data["stories"] + data["articles"])
