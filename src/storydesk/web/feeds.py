"""The feed list the web UI manages, kept in the store's ``state`` table under ``feeds``.

Each entry has the fields of the ingest stage's feed health record (url, title, last_checked,
last_success, error_count, total_errors, last_error, entries_seen), so that a poller that updates the
same record shows its health here.
"""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlsplit

from ..errors import InputError, NotFoundError
from ..store import Store

STATE_KEY = "feeds"
HEALTH_FIELDS = ("last_checked", "last_success", "error_count", "total_errors", "last_error", "entries_seen")
MAX_URL = 2000


def _load(store: Store) -> dict[str, dict[str, Any]]:
    raw = store.get_state(STATE_KEY)
    if not raw:
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def health(entry: dict[str, Any]) -> str:
    """ok, failing or new: what a reader needs to know at a glance."""
    if entry.get("error_count"):
        return "failing"
    if entry.get("last_success"):
        return "ok"
    return "new"


def list_feeds(store: Store) -> list[dict[str, Any]]:
    feeds = [{**{k: None for k in HEALTH_FIELDS}, **f} for f in _load(store).values()]
    for f in feeds:
        f["health"] = health(f)
    return sorted(feeds, key=lambda f: (f.get("title") or f["url"]).lower())


def check_url(url: str) -> str:
    """Only absolute http(s) URLs with a host; the fetcher's SSRF guard still applies when it polls."""
    url = (url or "").strip()
    if not url or len(url) > MAX_URL:
        raise InputError(url[:80] or "(empty)", "a feed URL must be 1 to 2000 characters")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(url[:200], "not an http(s) URL with a host", "give the feed's full address")
    if any(c.isspace() or ord(c) < 32 for c in url):
        raise InputError(url[:200], "URL contains spaces or control characters")
    return url


def add_feed(store: Store, url: str, title: str = "") -> dict[str, Any]:
    url = check_url(url)
    title = " ".join((title or "").split())[:200]
    with store.transaction():
        feeds = _load(store)
        entry = feeds.get(url) or {"url": url, "added_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        if title:
            entry["title"] = title
        entry.setdefault("title", "")
        feeds[url] = entry
        store.put_state(STATE_KEY, json.dumps(feeds, ensure_ascii=False).encode())
    return {**entry, "health": health(entry)}


def remove_feed(store: Store, url: str) -> None:
    with store.transaction():
        feeds = _load(store)
        if url not in feeds:
            raise NotFoundError(url[:200], "no such feed", "list feeds with GET /api/feeds")
        del feeds[url]
        store.put_state(STATE_KEY, json.dumps(feeds, ensure_ascii=False).encode())
