"""The write boundary of the web app: body cap, bearer token and throttling of failed guesses, all
checked before any request body is parsed.

``WriteGuard`` is a plain ASGI middleware. For every method that can write (POST, PUT, PATCH, DELETE) it
refuses a declared body over ``MAX_WRITE_BODY`` bytes (413), and for ``/api`` checks the bearer token
from the headers alone: a wrong or missing token is a 401 without the body ever being read, and more
than ``AUTH_FAILURES_PER_MINUTE`` failures from one client address make every further attempt a 429
until the bucket refills. A body sent without a length is read up to the cap, then handed on.
``token_problem`` is the same check for the form posts of the reading UI (token in the form).
"""

from __future__ import annotations

import hmac
import json
import threading
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_WRITE_BODY = 64 * 1024
AUTH_FAILURES_PER_MINUTE = 10
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
Problem = tuple[int, str, dict[str, str]]


class FailureBucket:
    """A token bucket per client address that only failures drain: ``rate`` failures a minute, in bursts
    of up to ``rate``; an empty bucket means the client is throttled."""

    def __init__(self, per_minute: int = AUTH_FAILURES_PER_MINUTE) -> None:
        self.rate = max(1, per_minute)
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def _level(self, key: str, now: float) -> float:
        tokens, last = self._buckets.get(key, (float(self.rate), now))
        return min(float(self.rate), tokens + (now - last) * self.rate / 60.0)

    def wait(self, key: str) -> float:
        """Seconds until ``key`` may try again (0 when it may now)."""
        now = time.monotonic()
        with self._lock:
            tokens = self._level(key, now)
        return 0.0 if tokens >= 1.0 else (1.0 - tokens) * 60.0 / self.rate

    def fail(self, key: str) -> None:
        now = time.monotonic()
        with self._lock:
            self._buckets[key] = (max(0.0, self._level(key, now) - 1.0), now)
            if len(self._buckets) > 100_000:  # bounded: forget the oldest clients
                for old in sorted(self._buckets, key=lambda k: self._buckets[k][1])[:50_000]:
                    del self._buckets[old]


def token_problem(expected: str, given: str | None, client: str, failures: FailureBucket) -> Problem | None:
    """Why a write with token ``given`` is refused (status, message, headers), or None when it may go on."""
    if not expected:
        return 403, "writes are disabled: set api_token (STORYDESK_API_TOKEN) to enable them", {}
    wait = failures.wait(client)
    if wait > 0:
        return 429, f"too many failed token attempts: retry in {wait:.0f} s", {"Retry-After": str(max(1, round(wait)))}
    if not given or not hmac.compare_digest(given.encode(), expected.encode()):
        failures.fail(client)
        return 401, "a valid bearer token is required for this endpoint", {"WWW-Authenticate": "Bearer"}
    return None


def bearer_of(headers: dict[str, str]) -> str | None:
    scheme, _, token = headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


async def _answer(send: Send, status: int, message: str, headers: dict[str, str] | None = None) -> None:
    body = json.dumps({"error": {"status": status, "message": message}}).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
           (b"connection", b"close")]
    raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


class WriteGuard:
    """Body cap and token check before any body parsing (see the module docstring)."""

    def __init__(self, app: ASGIApp, max_body: int = MAX_WRITE_BODY) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        length = headers.get("content-length")
        if length is not None and (not length.strip().isdigit() or int(length) > self.max_body):
            await _answer(send, 413, f"request body over {self.max_body} bytes")
            return
        app: Any = scope.get("app")
        if scope["path"].startswith("/api/") and app is not None:
            client = (scope.get("client") or ("?", 0))[0]
            expected = str(app.state.settings.api_token or "")
            problem = token_problem(expected, bearer_of(headers), client, app.state.auth_failures)
            if problem is not None:
                await _answer(send, *problem)
                return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                await _answer(send, 413, f"request body over {self.max_body} bytes")
                return
            chunks.append(chunk)
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
