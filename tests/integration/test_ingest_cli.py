"""`storydesk ingest / watch / feeds / extract / article` as a user runs them: real subprocesses, a real
SQLite file, a real HTTP server on 127.0.0.1; and a run killed with SIGKILL mid-batch."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from io import BytesIO
from pathlib import Path

from local_http import Route, serve
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

BIN = Path(sys.executable).parent / "storydesk"
WIRE = (
    "GENEVA (AP) -- Negotiators from the two neighbouring states agreed on Sunday to reopen the mountain "
    "border crossing that has been closed since the landslide in February, officials on both sides said. "
    "The crossing carries most of the region's freight, and its closure forced lorries onto a detour of "
    "more than two hundred kilometres. Engineers will inspect the road on Monday, and the first vehicles "
    "could pass by the end of the week if the weather holds. Traders in the valley towns welcomed the news "
    "but warned that the backlog of deliveries would take weeks to clear."
)
OTHER = (
    "The national library will digitise its collection of handwritten letters from the nineteenth century, "
    "the culture ministry announced on Tuesday. About forty thousand letters, many of them written by "
    "emigrants to their families at home, will be scanned over the next three years and published online. "
    "Historians said the letters offer a rare view of ordinary lives during a century of upheaval, and "
    "volunteers will be invited to help transcribe the most difficult handwriting."
)


def sd(*args: str, db: Path, env: dict[str, str] | None = None, check: bool = True) -> subprocess.CompletedProcess:
    full = {**os.environ, "STORYDESK_DB": str(db), "COLUMNS": "200", **(env or {})}
    proc = subprocess.run([str(BIN), *args], capture_output=True, text=True, env=full, timeout=300)
    if check and proc.returncode:
        raise AssertionError(f"storydesk {' '.join(args)} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
    return proc


def page(title: str, text: str) -> bytes:
    paragraphs = "".join(f"<p>{s.strip()}.</p>" for s in text.split(". ") if s.strip())
    return (f"<html><head><title>{title}</title></head><body><nav>Home | World | Sport</nav>"
            f"<article><h1>{title}</h1>{paragraphs}</article><footer>About us</footer></body></html>").encode()


def write_warc(path: Path, pages: list[tuple[str, bytes]]) -> None:
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, payload in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(payload),
                                                          length=len(payload), http_headers=headers))


def test_ingest_every_kind_groups_duplicates_and_explains_them(tmp_path: Path) -> None:
    db = tmp_path / "sd.db"
    warc = tmp_path / "crawl.warc.gz"
    reprint = WIRE.replace("GENEVA (AP) -- ", "").replace("on Sunday", "late on Sunday")
    write_warc(warc, [("https://valleynews.example/crossing", page("Crossing to reopen", reprint)),
                      ("https://letters.example/library", page("Letters go online", OTHER))])
    dump = tmp_path / "wire.csv"
    dump.write_text("link,body,when\nhttps://apnews.com/article/crossing-reopens,\"" + WIRE + "\",2024-04-07\n")
    html = tmp_path / "copy.html"
    html.write_bytes(page("Border crossing reopens", WIRE))
    out = json.loads(sd("ingest", str(warc), str(dump), str(html), "--map", "url=link", "--map", "text=body",
                        "--map", "published_at=when", "--json", db=db).stdout)
    assert (out["accepted"], out["duplicates"], out["rejected"]) == (4, 2, 0)
    again = json.loads(sd("ingest", str(warc), str(dump), str(html), "--map", "url=link", "--map", "text=body",
                          "--map", "published_at=when", "--json", db=db).stdout)
    assert again["accepted"] == 0 and again["already_present"] == 4
    con = sqlite3.connect(db)
    rows = dict(con.execute("SELECT url, id FROM articles").fetchall())
    wire_id = rows["https://apnews.com/article/crossing-reopens"]
    dup = dict(con.execute("SELECT id, duplicate_of FROM articles").fetchall())
    assert dup[wire_id] is None  # the wire copy is the original, though it was ingested after a reprint
    assert dup[rows["https://valleynews.example/crossing"]] == wire_id
    assert dup[rows["https://letters.example/library"]] is None
    report = json.loads(sd("article", rows["https://valleynews.example/crossing"], "--json", db=db).stdout)
    group = report["duplicates"]
    assert group["original"] == wire_id and "wire service AP" in group["why_original"]
    near = next(m for m in group["members"] if m["id"] == rows["https://valleynews.example/crossing"])
    assert near["kind"] == "near" and 0.8 <= near["similarity"] < 1 and near["shared_shingles"] > 40
    assert near["examples"]
    text = sd("article", wire_id, db=db).stdout
    assert "Duplicate group of 3" in text and "shared shingles" in text

    off = tmp_path / "off.db"
    out = json.loads(sd("ingest", str(warc), str(dump), "--map", "url=link", "--map", "text=body", "--json",
                        db=off, env={"STORYDESK_NEAR_DUPLICATES": "0"}).stdout)
    assert out["accepted"] == 3 and out["duplicates"] == 0


def test_extract_prints_one_page(tmp_path: Path) -> None:
    html = tmp_path / "page.html"
    html.write_bytes(page("Letters go online", OTHER))
    data = json.loads(sd("extract", str(html), "--json", db=tmp_path / "unused.db").stdout)
    assert data["title"] == "Letters go online" and "forty thousand letters" in data["text"]
    assert "About us" not in data["text"] and data["language"] == "en"
    garbage = tmp_path / "garbage.html"
    garbage.write_bytes(bytes(range(256)) * 30)
    proc = sd("extract", str(garbage), db=tmp_path / "unused.db", check=False)
    assert proc.returncode == 2 and "binary data" in proc.stderr


def test_watch_polls_feeds_and_keeps_their_health(tmp_path: Path) -> None:
    db = tmp_path / "sd.db"
    routes: dict = {}
    with serve(routes) as srv:
        items = "".join(f"<item><title>{t}</title><link>{srv.base}/{p}</link></item>"
                        for t, p in (("Crossing", "crossing"), ("Letters", "letters")))
        routes.update({
            "/rss": Route(f"<rss version='2.0'><channel><title>Valley</title>{items}</channel></rss>".encode(),
                          headers={"Content-Type": "application/rss+xml"}, etag='"r1"'),
            "/dead": Route(b"nope", status=500),
            "/crossing": Route(page("Crossing to reopen", WIRE), headers={"Content-Type": "text/html"}),
            "/letters": Route(page("Letters go online", OTHER), headers={"Content-Type": "text/html"}),
        })
        opml = tmp_path / "feeds.opml"
        opml.write_text(f"<opml version='2.0'><body><outline text='Valley' xmlUrl='{srv.base}/rss'/>"
                        f"<outline text='Dead' xmlUrl='{srv.base}/dead'/></body></opml>")
        env = {"STORYDESK_FETCH_ALLOW_HOSTS": "127.0.0.1:*", "STORYDESK_FETCH_PER_HOST_DELAY": "0",
               "STORYDESK_FETCH_RETRIES": "0"}
        first = sd("watch", str(opml), "--once", "--no-analyze", db=db, env=env).stdout
        assert "2 new articles" in first
        health = {h["title"]: h for h in json.loads(sd("feeds", "--json", db=db).stdout)}
        assert health["Valley"]["error_count"] == 0 and health["Valley"]["etag"] == '"r1"'
        assert health["Dead"]["error_count"] == 1 and health["Dead"]["last_error"] == "HTTP 500"
        assert "HTTP 500" in sd("feeds", db=db).stdout
        second = sd("watch", str(opml), "--once", "--no-analyze", "--interval", "0", db=db, env=env).stdout
        assert "0 new articles" in second
        assert srv.hits["/rss"][-1].get("if-none-match") == '"r1"' and srv.count("/crossing") == 1


def test_a_run_killed_mid_batch_and_run_again_stores_every_article_once(tmp_path: Path) -> None:
    rng = random.Random(7)
    words = [f"w{i}" for i in range(5000)]
    n = 1500
    dump = tmp_path / "big.jsonl"
    with dump.open("w") as out:
        for i in range(n):
            text = f"Report number {i}. " + " ".join(rng.choice(words) for _ in range(80))
            out.write(json.dumps({"url": f"https://bulk.example/{i}", "title": f"Report {i}", "text": text}) + "\n")
    db = tmp_path / "crash.db"
    env = {**os.environ, "STORYDESK_DB": str(db), "STORYDESK_BATCH_SIZE": "25"}
    proc = subprocess.Popen([str(BIN), "ingest", str(dump), "--json"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            stored = sqlite3.connect(db, timeout=1).execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        except sqlite3.Error:
            stored = 0
        if stored >= 100:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL, "the ingest finished before it could be killed"
    con = sqlite3.connect(db)
    partial = con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert 100 <= partial < n and partial % 25 == 0  # whole batches only
    con.close()
    out = json.loads(sd("ingest", str(dump), "--json", db=db).stdout)
    assert out["accepted"] == n - partial and out["already_present"] == partial
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(*), COUNT(DISTINCT url) FROM articles").fetchone() == (n, n)
    assert con.execute("SELECT COUNT(*) FROM articles_fts").fetchone()[0] == n
    assert con.execute("SELECT COUNT(*) FROM minhashes").fetchone()[0] == n
    assert con.execute("SELECT COUNT(*) FROM articles WHERE duplicate_of IS NOT NULL").fetchone()[0] == 0


def test_demo_goes_live_and_falls_back_to_the_corpus_when_offline(tmp_path: Path, fixtures: Path) -> None:
    env = {"STORYDESK_FETCH_ALLOW_HOSTS": "127.0.0.1:*", "STORYDESK_FETCH_PER_HOST_DELAY": "0",
           "STORYDESK_FETCH_RETRIES": "0", "STORYDESK_EMBEDDINGS": "0"}
    offline = tmp_path / "offline.opml"
    offline.write_text("<opml version='2.0'><body><outline text='Gone' xmlUrl='http://127.0.0.1:9/feed'/>"
                       "</body></opml>")
    out = sd("demo", "--feeds", str(offline), str(fixtures / "corpus"), db=tmp_path / "off.db", env=env).stdout
    assert "network is unreachable" in out and "6 inputs: 5 new articles, 1 duplicates grouped" in out
    routes: dict = {}
    with serve(routes) as srv:
        items = "".join(f"<item><title>{t}</title><link>{srv.base}/{p}</link></item>"
                        for t, p in (("Crossing", "crossing"), ("Letters", "letters")))
        routes.update({
            "/rss": Route(f"<rss version='2.0'><channel><title>Valley</title>{items}</channel></rss>".encode(),
                          headers={"Content-Type": "application/rss+xml"}),
            "/crossing": Route(page("Crossing to reopen", WIRE), headers={"Content-Type": "text/html"}),
            "/letters": Route(page("Letters go online", OTHER), headers={"Content-Type": "text/html"}),
        })
        live = tmp_path / "live.opml"
        live.write_text(f"<opml version='2.0'><body><outline text='Valley' xmlUrl='{srv.base}/rss'/></body></opml>")
        out = sd("demo", "--feeds", str(live), str(fixtures / "corpus"), db=tmp_path / "live.db", env=env).stdout
        assert "demo, live: 1 feeds" in out and "2 inputs: 2 new articles" in out and "unreachable" not in out
