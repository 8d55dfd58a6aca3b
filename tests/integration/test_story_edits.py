"""Split and merge of stories by a person, over real HTTP on 127.0.0.1 (form and JSON API) and the CLI, on a
real SQLite file built by the pipeline: the token is required, the edit is in the story's history with who
and when, both briefs are rewritten, and a later pipeline run over new articles does not undo it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from storydesk import edits, pipeline
from storydesk.settings import Settings
from storydesk.store import Store
from storydesk.stories.assign import CLUSTER_STATE
from storydesk.web.testing import running_server
from web_fixtures import TOKEN, build_db

AUTH = {"Authorization": f"Bearer {TOKEN}"}
BIN = Path(sys.executable).parent / "storydesk"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return build_db(tmp_path_factory.mktemp("edits") / "edits.db", xss=False)


@pytest.fixture(scope="module")
def client(settings: Settings) -> Iterator[httpx.Client]:
    with running_server(settings) as base, httpx.Client(base_url=base, timeout=60) as c:
        yield c


def _ferry(client: httpx.Client) -> dict:
    items = client.get("/api/stories", params={"limit": 100}).json()["items"]
    return next(s for s in items if "erry" in s["title"] and s["articles"] >= 3)


def _originals(client: httpx.Client, sid: str) -> list[str]:
    arts = client.get(f"/api/stories/{sid}").json()["articles"]
    return [a["id"] for a in arts if not a["duplicate_of"]]


def test_edits_need_the_token(client: httpx.Client, settings: Settings) -> None:
    sid = _ferry(client)["id"]
    aid = _originals(client, sid)[0]
    assert client.post(f"/api/stories/{sid}/split", json={"articles": [aid]}).status_code == 401
    bad = {"Authorization": "Bearer wrong"}
    assert client.post(f"/api/stories/{sid}/merge", json={"story": sid}, headers=bad).status_code == 401
    form = client.post(f"/stories/{sid}/split", data={"articles": aid, "token": "wrong"})
    assert form.status_code == 401 and "token" in form.text
    assert client.post(f"/stories/{sid}/merge", data={"other": sid}).status_code == 401
    off = Settings.from_values({"db": str(settings.db), "api_token": ""})
    with running_server(off) as base:
        assert httpx.post(f"{base}/api/stories/{sid}/split", json={"articles": [aid]}, headers=AUTH,
                          timeout=30).status_code == 403
        assert httpx.post(f"{base}/stories/{sid}/split", data={"articles": aid, "token": TOKEN},
                          timeout=30).status_code == 403
    assert _ferry(client)["id"] == sid and len(client.get(f"/api/stories/{sid}").json()["articles"]) >= 3


def test_bad_edits_are_refused_and_change_nothing(client: httpx.Client) -> None:
    sid = _ferry(client)["id"]
    every = [a["id"] for a in client.get(f"/api/stories/{sid}").json()["articles"]]
    before = client.get("/api/stories", params={"limit": 100}).json()["total"]
    assert client.post(f"/api/stories/{sid}/split", json={"articles": every}, headers=AUTH).status_code == 400
    assert client.post(f"/api/stories/{sid}/split", json={"articles": ["ffff0000"]}, headers=AUTH).status_code == 400
    assert client.post(f"/api/stories/{sid}/merge", json={"story": sid}, headers=AUTH).status_code == 400
    assert client.post(f"/api/stories/{sid}/merge", json={"story": "st-none"}, headers=AUTH).status_code == 404
    assert client.post(f"/api/stories/{sid}/split", json={"articles": []}, headers=AUTH).status_code == 422
    assert client.get("/api/stories", params={"limit": 100}).json()["total"] == before


def test_split_by_api_then_merge_by_form_recorded_in_the_history(client: httpx.Client, settings: Settings,
                                                                 tmp_path: Path) -> None:
    story = _ferry(client)
    sid = story["id"]
    moved = _originals(client, sid)[-1]
    got = client.post(f"/api/stories/{sid}/split", json={"articles": [moved[:8]], "by": "Alice <b>"}, headers=AUTH)
    assert got.status_code == 200, got.text
    result = got.json()
    new = result["new_story"]
    assert moved in result["moved"] and result["by"] == "Alice <b> (token holder)"
    assert moved in [a["id"] for a in client.get(f"/api/stories/{new}").json()["articles"]]
    assert moved not in [a["id"] for a in client.get(f"/api/stories/{sid}").json()["articles"]]
    with Store(settings.db) as store:  # both briefs rewritten: the new story has one, the old a new version
        assert store.brief_versions(new) == [1]
        assert len(store.brief_versions(sid)) >= 2
        assert moved not in {ref.id for ref in store.get_brief(sid).sources}
        assert moved in {ref.id for ref in store.get_brief(new).sources}
        assert [e["kind"] for e in store.story_edits(sid)] == ["split"]
    page = client.get(f"/stories/{sid}").text
    assert "split off into" in page and f'href="/stories/{new}"' in page
    assert "Alice &lt;b&gt; (token holder)" in page and "Alice <b>" not in page, "the name is escaped"
    assert "Split off from" in client.get(f"/stories/{new}").text

    # a later run over a new article of the same event leaves the split as it is
    article = json.loads((Path(__file__).parents[1] / "fixtures" / "corpus" / "article1.json").read_text())
    article.update(url="https://late-news.example/2026/03/05/ferry", source_domain="late-news.example",
                   date_publish="2026-03-05T09:00:00", title="Ferry strike at Port Alder enters a fourth day",
                   text="On its fourth day, the ferry strike at Port Alder still halts every crossing to Meridian "
                        "Island. " + article["text"][200:])
    (tmp_path / "late.json").write_text(json.dumps(article))
    with Store(settings.db) as store:
        pipeline.run(store, [tmp_path], settings)
        assert store.story_of(moved) == new
        assert store.get_story(new).merged_into is None and store.get_story(sid).merged_into is None

    merged = client.post(f"/stories/{sid}/merge", data={"other": new, "token": TOKEN, "by": "Bob"},
                         follow_redirects=False)
    assert merged.status_code == 303 and merged.headers["location"] == f"/stories/{sid}#h-history"
    assert moved in [a["id"] for a in client.get(f"/api/stories/{sid}").json()["articles"]]
    with Store(settings.db) as store:
        assert store.get_story(new).merged_into == sid
        last = store.get_story(sid).history[-1]
        assert last["event"] == "merge" and last["by"] == "Bob (token holder)" and last["absorbed"] == new
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", last["at"])
    assert "Took in" in client.get(f"/stories/{sid}").text


def test_cli_split_and_merge(settings: Settings, tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    with Store(settings.db) as src, Store(db) as dst:  # a copy: the CLI edits its own database
        src.conn.backup(dst.conn)
    env = {**os.environ, "STORYDESK_DB": str(db), "COLUMNS": "200"}

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(BIN), *args], capture_output=True, text=True, env=env, timeout=300)

    with Store(db) as store:
        story = max(store.list_stories(), key=lambda s: s.size)
        aid = next(a.id for a in store.get_articles(story.article_ids) if not a.duplicate_of)
    split = cli("story", "split", story.id[:9], "--articles", aid[:7], "--by", "carol", "--json")
    assert split.returncode == 0, split.stderr
    new = json.loads(split.stdout)["new_story"]
    assert cli("story", "merge", story.id, story.id).returncode == 2
    merge = cli("story", "merge", story.id, new)
    assert merge.returncode == 0 and "merged" in merge.stdout
    with Store(db) as store:
        split_record, merge_record = store.get_story(story.id).history[-2:]
        assert split_record["event"] == "split" and split_record["by"] == "carol"
        assert merge_record["event"] == "merge" and merge_record["by"].endswith("(cli)")
        assert store.get_story(new).merged_into == story.id and store.story_of(aid) == story.id


def test_a_clustering_from_scratch_replays_the_edits(settings: Settings, tmp_path: Path) -> None:
    db = tmp_path / "replay.db"
    with Store(settings.db) as src, Store(db) as dst:
        src.conn.backup(dst.conn)
    local = Settings.from_values({"db": str(db)})
    with Store(db) as store:
        stories = sorted(store.list_stories(), key=lambda s: -s.size)
        ferry, other = stories[0], stories[-1]
        moved = next(a.id for a in store.get_articles(ferry.article_ids) if not a.duplicate_of)
        earlier = len(store.story_edits())  # the module's database: other tests' edits come first
        new = edits.split_story(store, local, ferry.id, [moved], "ed")["new_story"]
        edits.merge_stories(store, local, ferry.id, other.id, "ed")
        kept = next(i for i in store.story_article_ids(ferry.id) if i != moved and i not in other.article_ids)
        store.put_state(CLUSTER_STATE, b"the state of an older clusterer")
        pipeline.cluster(store, local)  # every article clustered again, then the edits replayed
        holder = store.story_of(kept)
        assert store.story_of(moved) == new and holder != new
        assert {store.story_of(a) for a in other.article_ids} == {holder}
        assert store.get_story(new).merged_into is None and store.get_story(new).history[-1]["replayed"]
        assert len(store.story_edits()) == earlier + 2, "a replay records no new edit"
        before = {a: store.story_of(a) for a in (moved, kept, *other.article_ids)}
        pipeline.cluster(store, local)
        assert {a: store.story_of(a) for a in before} == before
