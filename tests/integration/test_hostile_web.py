"""Issue 17, defect 6: token check and body cap before any body parsing; failed token guesses throttled
(a real uvicorn server on 127.0.0.1)."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from storydesk.settings import Settings
from storydesk.web.testing import running_server

TOKEN = "hostile-test-token"


@pytest.fixture()
def base(tmp_path: Path) -> Iterator[str]:
    settings = Settings.from_values({"db": str(tmp_path / "w.db"), "api_token": TOKEN, "api_write_rate": 1000})
    with running_server(settings) as url:
        yield url


def raw_request(base: str, head: str, timeout: float = 5.0) -> tuple[float, bytes]:
    parts = urlsplit(base)
    started = time.monotonic()
    with socket.create_connection((parts.hostname, parts.port), timeout=timeout) as sock:
        sock.sendall(head.encode())
        answer = sock.recv(4096)
    return time.monotonic() - started, answer


def test_the_token_is_checked_before_the_body_is_parsed(base: str) -> None:
    r = httpx.post(f"{base}/api/feeds", content=b"{not json", headers={"Authorization": "Bearer wrong",
                                                                        "Content-Type": "application/json"})
    assert r.status_code == 401
    r = httpx.post(f"{base}/api/feeds", content=b"{not json")
    assert r.status_code == 401


def test_a_huge_unauthenticated_body_is_never_read(base: str) -> None:
    head = ("POST /api/feeds HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            "Content-Length: 100000000\r\n\r\n")
    took, answer = raw_request(base, head)
    assert answer.startswith(b"HTTP/1.1 413") and took < 3.0
    head = head.replace("Content-Length: 100000000", "Content-Length: 2000\r\nAuthorization: Bearer nope")
    took, answer = raw_request(base, head)
    assert answer.startswith(b"HTTP/1.1 401") and took < 3.0


def test_a_chunked_body_over_the_cap_is_refused(base: str) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(200):
            yield b" " * 1024

    r = httpx.post(f"{base}/api/feeds", content=chunks(), headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 413
    ok = httpx.post(f"{base}/api/feeds", json={"url": "https://a.example/rss"},
                    headers={"Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 201


def test_failed_token_guesses_are_throttled(base: str) -> None:
    with httpx.Client(base_url=base) as client:
        codes = [client.post("/api/feeds", json={"url": "https://a.example/rss"},
                             headers={"Authorization": f"Bearer guess-{i}"}).status_code for i in range(200)]
        assert codes[:10] == [401] * 10 and codes.count(429) >= 180
        late = client.post("/api/feeds", json={"url": "https://a.example/rss"},
                           headers={"Authorization": f"Bearer {TOKEN}"})
        assert late.status_code == 429 and int(late.headers["retry-after"]) >= 1
        form = client.post("/feeds", data={"url": "https://a.example/rss", "token": "guess"})
        assert form.status_code == 429
        assert client.get("/api/stories").status_code == 200  # reads are never throttled by failures
