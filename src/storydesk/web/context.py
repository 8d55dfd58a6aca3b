"""What every request handler shares: read connections, a small cache, the token check, rate limits."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import HTTPException, Request

from ..model import Story
from ..settings import Settings
from ..store import Store
from . import read
from .guard import token_problem

T = TypeVar("T")


class Readers:
    """One read-only connection per worker thread: SQLite in WAL mode lets them read while a pipeline writes."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._local = threading.local()

    def get(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = Store(self.path, readonly=True)
            self._local.store = store
        return store


class TTLCache:
    """A bounded LRU whose entries go stale after ``ttl`` seconds, so pages catch up with a running pipeline.

    One request recomputes a stale entry while the others keep getting the stale value, and a missing
    entry is computed once however many requests ask for it at the same moment (no stampede under load).
    """

    def __init__(self, size: int, ttl: float) -> None:
        self.size, self.ttl = size, ttl
        self._data: OrderedDict[Any, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[Any, threading.Lock] = {}

    def get_or_set(self, key: Any, make: Callable[[], T]) -> T:
        now = time.monotonic()
        with self._lock:
            hit = self._data.get(key)
            if hit is not None:
                self._data.move_to_end(key)
            key_lock = self._computing.setdefault(key, threading.Lock())
        if hit is not None and (now - hit[0] < self.ttl or not key_lock.acquire(blocking=False)):
            return hit[1]  # type: ignore[no-any-return]
        if hit is None:
            key_lock.acquire()
            with self._lock:
                hit = self._data.get(key)
            if hit is not None and time.monotonic() - hit[0] < self.ttl:
                key_lock.release()
                return hit[1]  # type: ignore[no-any-return]
        try:
            value = make()
            with self._lock:
                self._data[key] = (time.monotonic(), value)
                self._data.move_to_end(key)
                while len(self._data) > self.size:
                    old, _ = self._data.popitem(last=False)
                    self._computing.pop(old, None)
        finally:
            key_lock.release()
        return value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


class RateLimiter:
    """A token bucket per client address: ``rate`` requests per minute, bursts up to ``rate``."""

    def __init__(self, per_minute: int) -> None:
        self.rate = max(1, per_minute)
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> tuple[bool, float]:
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key, (float(self.rate), now))
            tokens = min(float(self.rate), tokens + (now - last) * self.rate / 60.0)
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                return False, (1.0 - tokens) * 60.0 / self.rate
            self._buckets[key] = (tokens - 1.0, now)
            return True, 0.0


def settings_of(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def store_of(request: Request) -> Store:
    """The calling thread's read connection (call inside the handler, not in a dependency)."""
    return request.app.state.readers.get()  # type: ignore[no-any-return]


def check_token(request: Request, given: str | None) -> None:
    """Writes need the configured token; with none configured, writes are off."""
    expected = str(settings_of(request).api_token or "")
    client = request.client.host if request.client else "?"
    problem = token_problem(expected, given, client, request.app.state.auth_failures)
    if problem is not None:
        status, message, headers = problem
        raise HTTPException(status, message, headers=headers or None)


def bearer(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    scheme, _, token = auth.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def limit_writes(request: Request) -> None:
    ok, wait = request.app.state.limiter.allow(request.client.host if request.client else "?")
    if not ok:
        raise HTTPException(429, f"too many write requests: retry in {wait:.0f} s",
                            headers={"Retry-After": str(max(1, round(wait)))})


def story_key(story: Story, store: Store) -> tuple[Any, ...]:
    versions = store.brief_versions(story.id)
    return story.id, story.size, story.last_seen, story.title, versions[-1] if versions else None


def summary_of(request: Request, store: Store, story: Story) -> dict[str, Any]:
    """A story's river entry, cached until the story or its brief changes (or the TTL passes)."""

    def make() -> dict[str, Any]:
        articles = store.get_articles(story.article_ids)
        enrichments = store.get_enrichments(story.article_ids)
        versions = store.brief_versions(story.id)
        brief = store.get_brief(story.id) if versions else None
        return read.story_summary(story, articles, enrichments, brief)

    return request.app.state.cache.get_or_set(("summary", *story_key(story, store)), make)  # type: ignore[no-any-return]


def river(request: Request, store: Store, *, offset: int, limit: int, sort: str = "recent",
          **filters: str | None) -> tuple[int, list[dict[str, Any]]]:
    """(total, page) of story summaries, ordered and filtered."""
    stories = read.river_order(request.app.state.cache.get_or_set(
        ("stories", store.count_stories(), store.count_articles()), lambda: store.list_stories()), sort)
    if any(v for v in filters.values()):
        chosen = [s for s in (summary_of(request, store, st) for st in stories) if read.matches(s, **filters)]
        return len(chosen), chosen[offset:offset + limit]
    return len(stories), [summary_of(request, store, st) for st in stories[offset:offset + limit]]


def detail_of(request: Request, store: Store, story_id: str, version: int | None) -> dict[str, Any]:
    story = store.get_story(story_id)
    key = ("detail", *story_key(story, store), version)
    return request.app.state.cache.get_or_set(  # type: ignore[no-any-return]
        key, lambda: read.story_detail(store, story.id, version))
