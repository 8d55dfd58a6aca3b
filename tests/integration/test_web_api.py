"""The JSON API and the pages over real HTTP on 127.0.0.1, on a real SQLite file built by the pipeline."""

from __future__ import annotations

import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest

from storydesk.settings import Settings
from storydesk.web.testing import running_server
from web_fixtures import TOKEN, build_db


class _Scan(HTMLParser):
    """Collects what would run in a browser: inline scripts, event handlers, javascript: links, frames."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script" and not a.get("src") and a.get("type") != "application/json":
            self.found.append("inline script")
        if tag in ("iframe", "object", "embed", "svg", "img") :
            self.found.append(tag)
        for k, v in attrs:
            if k.startswith("on") or (v or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} {k}={v}")


def unsafe(html: str) -> list[str]:
    scan = _Scan()
    scan.feed(html)
    return scan.found


AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return build_db(tmp_path_factory.mktemp("web") / "web.db")


@pytest.fixture(scope="module")
def client(settings: Settings) -> Iterator[httpx.Client]:
    with running_server(settings) as base, httpx.Client(base_url=base, timeout=30) as c:
        yield c


def _stories(client: httpx.Client) -> list[dict]:
    return client.get("/api/stories", params={"limit": 100}).json()["items"]


def _ferry(client: httpx.Client) -> dict:
    return next(s for s in _stories(client) if "Ferry" in s["title"] or "ferry" in s["title"])


def test_security_headers_on_pages_and_api(client: httpx.Client) -> None:
    for path in ("/", "/api/stories", "/static/storydesk.css", "/nothing-here"):
        r = client.get(path)
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"


def test_story_list_pagination_and_filters(client: httpx.Client) -> None:
    page = client.get("/api/stories", params={"limit": 1, "offset": 0}).json()
    assert page["total"] >= 3 and len(page["items"]) == 1 and page["limit"] == 1
    second = client.get("/api/stories", params={"limit": 1, "offset": 1}).json()["items"][0]
    assert second["id"] != page["items"][0]["id"]
    ferry = _ferry(client)
    assert ferry["outlets"] >= 3 and ferry["lede"] and sum(ferry["sparkline"]["values"]) == ferry["articles"]
    by_outlet = client.get("/api/stories", params={"outlet": "harbour-times"}).json()
    assert [s["id"] for s in by_outlet["items"]] == [ferry["id"]]
    actor = ferry["key_actors"][0]
    assert ferry["id"] in [s["id"] for s in client.get("/api/stories", params={"actor": actor}).json()["items"]]
    assert client.get("/api/stories", params={"language": "xx"}).json()["total"] == 0
    assert client.get("/api/stories", params={"until": "2000-01-01"}).json()["total"] == 0
    assert client.get("/api/stories", params={"since": "2026-01-01", "until": "2026-12-31"}).json()["total"] >= 3


def test_story_brief_in_every_format(client: httpx.Client) -> None:
    sid = _ferry(client)["id"]
    story = client.get(f"/api/stories/{sid}").json()
    assert story["versions"] == [1] and len(story["articles"]) == story["story"]["articles"]
    brief = client.get(f"/api/stories/{sid}/brief").json()
    assert brief["story_id"] == sid and brief["sentences"] and all(s["support"] for s in brief["sentences"])
    md = client.get(f"/api/stories/{sid}/brief", params={"format": "md"})
    assert md.headers["content-type"].startswith("text/markdown") and "## Related Sources" in md.text
    html = client.get(f"/api/stories/{sid}/brief", params={"format": "html"})
    assert html.headers["content-type"].startswith("text/html") and "Related Sources" in html.text
    assert client.get(f"/api/stories/{sid}/briefs").json()["versions"] == [1]
    assert client.get(f"/api/stories/{sid}/brief", params={"version": 9}).status_code == 404


def test_timeline_and_comparison(client: httpx.Client) -> None:
    sid = _ferry(client)["id"]
    tl = client.get(f"/api/stories/{sid}/timeline").json()
    assert tl["entries"] and all(e["date"] for e in tl["entries"])
    comp = client.get(f"/api/stories/{sid}/comparison").json()
    assert set(comp) == {"figures", "quotes", "reactions", "coverage", "graph"}
    assert sum(sum(s["values"]) for s in comp["coverage"]["series"]) == _ferry(client)["articles"]
    assert comp["graph"]["nodes"], "the actor graph falls back to co-mentions when no events exist"


def test_articles_and_duplicates(client: httpx.Client) -> None:
    sid = _ferry(client)["id"]
    arts = client.get("/api/articles", params={"story": sid, "limit": 50}).json()["items"]
    copy = next(a for a in arts if a["duplicate_of"])
    got = client.get(f"/api/articles/{copy['id']}").json()
    assert got["duplicates"]["original"]["id"] == copy["duplicate_of"]
    assert "exact copy" in got["duplicates"]["why"]
    original = client.get(f"/api/articles/{copy['duplicate_of']}").json()
    assert [c["id"] for c in original["duplicates"]["copies"]] == [copy["id"]]
    assert got["enrichment"]["sentences"] and got["counts"]["entities"] > 0
    page = client.get(f"/articles/{copy['id']}")
    assert page.status_code == 200 and "exact copy" in page.text


def test_search_articles_and_briefs(client: httpx.Client) -> None:
    got = client.get("/api/search", params={"q": "ferry strike"}).json()
    assert got["articles"] and got["briefs"]
    assert all("[" in a["snippet"] for a in got["articles"])
    only = client.get("/api/search", params={"q": "comet", "kind": "briefs"}).json()
    assert only["briefs"] and not only["articles"]
    page = client.get("/search", params={"q": "ferry"})
    assert "<mark>" in page.text.lower()
    assert client.get("/api/search", params={"q": 'AND OR "( NEAR'}).status_code == 200


def test_search_page_marks_the_matched_words_in_escaped_snippets(client: httpx.Client) -> None:
    page = client.get("/search", params={"q": "onerror", "kind": "articles"}).text
    assert "&lt;img src=x <mark>onerror</mark>=" in page, "the snippet's markup is text, the match marked"
    assert "<img" not in page


def test_errors_are_json_with_a_message(client: httpx.Client) -> None:
    r = client.get("/api/stories/doesnotexist")
    assert r.status_code == 404 and "no such story" in r.json()["error"]["message"]
    r = client.get("/api/stories", params={"limit": 0})
    assert r.status_code == 422 and "limit" in r.json()["error"]["message"]
    assert client.get("/api/nowhere").json()["error"]["status"] == 404
    page = client.get("/stories/doesnotexist")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")


def test_writes_need_the_token(client: httpx.Client) -> None:
    feed = {"url": "https://feeds.example/world.xml", "title": "World"}
    r = client.post("/api/feeds", json=feed)
    assert r.status_code == 401 and r.json()["error"]["message"]
    assert client.post("/api/feeds", json=feed, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.post("/api/feeds", json=feed, headers=AUTH).status_code == 201
    assert client.post("/api/feeds", json={"url": "ftp://x"}, headers=AUTH).status_code == 400
    listed = client.get("/api/feeds").json()["items"]
    assert [f["url"] for f in listed] == [feed["url"]] and listed[0]["health"] == "new"
    assert client.request("DELETE", "/api/feeds", params={"url": feed["url"]}).status_code == 401
    assert client.request("DELETE", "/api/feeds", params={"url": feed["url"]}, headers=AUTH).status_code == 200
    assert client.get("/api/feeds").json()["items"] == []


def test_rebrief_and_ingest_job(client: httpx.Client) -> None:
    sid = _ferry(client)["id"]
    assert client.post(f"/api/stories/{sid}/brief").status_code == 401
    r = client.post(f"/api/stories/{sid}/brief", headers=AUTH)
    assert r.status_code == 200 and r.json()["versions"] == [1], "same content, no new version"
    job = client.post("/api/ingest", headers=AUTH)
    assert job.status_code == 202
    deadline = time.monotonic() + 120
    while True:
        state = client.get(job.headers["location"]).json()
        if state["state"] != "running" or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert state["state"] == "done", state
    assert state["result"]["store"]["stories"] >= 3


def test_writes_disabled_without_a_token_and_rate_limited(tmp_path: Path, settings: Settings) -> None:
    off = settings.replace(api_token="")
    with running_server(off) as base:
        r = httpx.post(f"{base}/api/feeds", json={"url": "https://a.example/rss"}, headers=AUTH)
        assert r.status_code == 403 and "disabled" in r.json()["error"]["message"]
    slow = settings.replace(api_write_rate=2)
    with running_server(slow) as base:
        codes = [httpx.post(f"{base}/api/feeds", json={"url": f"https://a.example/{i}"}, headers=AUTH).status_code
                 for i in range(3)]
        assert codes == [201, 201, 429]
        r = httpx.post(f"{base}/api/feeds", json={"url": "https://a.example/x"}, headers=AUTH)
        assert int(r.headers["retry-after"]) >= 1
        with httpx.Client(base_url=base) as c:
            for i in range(2):
                c.request("DELETE", "/api/feeds", params={"url": f"https://a.example/{i}"}, headers=AUTH)


def test_markup_in_the_corpus_is_escaped(client: httpx.Client) -> None:
    xss = next(s for s in _stories(client) if "Lindqvist" in s["title"] or "Warehouse" in s["title"])
    page = client.get(f"/stories/{xss['id']}").text
    assert unsafe(page) == [] and "&lt;script&gt;" in page
    for aid in (a["id"] for a in client.get(f"/api/stories/{xss['id']}").json()["articles"]):
        text = client.get(f"/articles/{aid}").text
        assert unsafe(text) == []
    html = client.get(f"/api/stories/{xss['id']}/brief", params={"format": "html"}).text
    assert unsafe(html) == []
    assert unsafe(client.get("/").text) == []
    assert unsafe(client.get("/search", params={"q": "harbour"}).text) == []


def test_storydesk_serve_prints_its_address_and_serves(settings: Settings) -> None:
    import os
    import subprocess
    import sys

    from storydesk.web.testing import free_port

    port = free_port()
    exe = Path(sys.executable).parent / "storydesk"
    env = {**os.environ, "STORYDESK_API_TOKEN": ""}
    proc = subprocess.Popen([str(exe), "serve", "--db", settings.db, "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        first = proc.stdout.readline() if proc.stdout else ""
        assert f"http://127.0.0.1:{port}/" in first
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=5)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and proc.poll() is None, "server did not come up"
                time.sleep(0.2)
        assert r.status_code == 200 and r.json()["stories"] >= 3
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        if proc.stdout:
            proc.stdout.close()


def test_figures_quotes_and_events_show_once_enrichment_has_them(client: httpx.Client) -> None:
    sid = _ferry(client)["id"]
    comp = client.get(f"/api/stories/{sid}/comparison").json()
    crew = next(f for f in comp["figures"] if any(v["value"] == 1500 for v in f["values"]))
    assert crew["disagree"] and [v["outlet"] for v in crew["values"] if v["differs"]] == ["bay-herald.example"]
    okafor = next(q for q in comp["quotes"] if q["speaker"] == "Dana Okafor")
    assert okafor["count"] == 3 and {q["direct"] for q in okafor["quotes"]} == {True, False}
    assert comp["graph"]["kind"] == "events"
    strike = next(e for e in comp["graph"]["edges"] if "strike" in e["actions"])
    assert strike["source"] == "Maritime Workers Union" and strike["tone"] < 0
    page = client.get(f"/stories/{sid}").text
    assert "outlets disagree" in page and "Dana Okafor" in page and 'class="differs"' in page
