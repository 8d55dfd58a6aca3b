"""The fetcher against a real HTTP server on 127.0.0.1: SSRF guard, caps, robots.txt, politeness."""

from __future__ import annotations

import asyncio
import gzip
import time
import zlib

import pytest
from local_http import Route, serve

from storydesk.errors import FetchError, UnsafeURLError
from storydesk.ingest.fetch import Fetcher, HostGuard, fetch_all, fetch_url
from storydesk.settings import Settings

PAGE = (b"<html><head><title>Harbour reopens</title></head><body><article><p>The northern harbour "
        b"reopened on Tuesday after storms.</p></article></body></html>")
HTML = {"Content-Type": "text/html; charset=utf-8"}


def settings(**changes: object) -> Settings:
    base = {"fetch_allow_hosts": "127.0.0.1:*", "fetch_per_host_delay": 0.0, "fetch_timeout": 5.0,
            "fetch_backoff": 0.05, "fetch_max_bytes": 200_000}
    return Settings.from_values({**base, **changes})


def test_guard_refuses_private_and_odd_addresses() -> None:
    guard = HostGuard()

    async def check(url: str) -> str:
        return await guard.check(url)

    for url in ["http://127.0.0.1/", "http://10.1.2.3/", "http://192.168.0.1/", "http://169.254.169.254/",
                "http://[::1]/", "http://[::ffff:10.0.0.1]/", "http://224.0.0.1/", "http://0.0.0.0/",
                "http://localhost/", "http://100.64.0.1/"]:
        with pytest.raises(UnsafeURLError):
            asyncio.run(check(url))
    for url in ["file:///etc/passwd", "ftp://example.org/", "http://user:pw@93.184.215.14/"]:
        with pytest.raises(UnsafeURLError):
            asyncio.run(check(url))
    assert asyncio.run(check("http://93.184.215.14/")) == "93.184.215.14"
    assert asyncio.run(HostGuard(["10.0.0.0/8"]).check("http://10.9.9.9/")) == "10.9.9.9"


def test_fetches_a_page_with_our_user_agent_and_robots() -> None:
    with serve({"/a": Route(PAGE, headers=HTML), "/robots.txt": Route(b"User-agent: *\nAllow: /\n")}) as srv:
        result = fetch_url(srv.url("/a"), settings())
        assert result.status == 200 and result.content == PAGE
        assert result.content_type == "text/html" and result.charset == "utf-8"
        assert srv.hits["/a"][0]["user-agent"].startswith("storydesk/")
        assert srv.count("/robots.txt") == 1


def test_loopback_is_refused_without_the_allowlist() -> None:
    with serve({"/a": Route(PAGE, headers=HTML)}) as srv:
        with pytest.raises(UnsafeURLError, match="loopback"):
            fetch_url(srv.url("/a"), settings(fetch_allow_hosts=""))
        assert srv.count("/a") == 0


def test_redirects_are_checked_again_at_every_hop() -> None:
    routes = {
        "/to-private": Route(status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}),
        "/hop1": Route(status=301, headers={"Location": "/hop2"}),
        "/hop2": Route(status=307, headers={"Location": "/a"}),
        "/a": Route(PAGE, headers=HTML),
        "/loop": Route(status=302, headers={"Location": "/loop"}),
    }
    with serve(routes) as srv:
        with pytest.raises(UnsafeURLError, match="169.254.169.254"):
            fetch_url(srv.url("/to-private"), settings())
        result = fetch_url(srv.url("/hop1"), settings())
        assert result.final_url == srv.url("/a") and len(result.redirects) == 2
        with pytest.raises(FetchError, match="redirects"):
            fetch_url(srv.url("/loop"), settings())


def test_size_caps_before_and_after_decompression() -> None:
    bomb = gzip.compress(b"<html>" + b" " * 50_000_000)
    deflated = zlib.compress(PAGE)
    routes = {
        "/big": Route(b"<p>" + b"x" * 300_000, headers=HTML),
        "/big-chunked": Route(b"<p>" + b"y" * 10_000, headers=HTML, chunks=40),
        "/bomb": Route(bomb, headers={**HTML, "Content-Encoding": "gzip"}),
        "/deflate": Route(deflated, headers={**HTML, "Content-Encoding": "deflate"}),
        "/brotli": Route(b"\x0b\x02\x80", headers={**HTML, "Content-Encoding": "br"}),
    }
    assert len(bomb) < 200_000
    with serve(routes) as srv:
        with pytest.raises(FetchError, match="cap"):
            fetch_url(srv.url("/big"), settings())
        with pytest.raises(FetchError, match="cap"):
            fetch_url(srv.url("/big-chunked"), settings())
        with pytest.raises(FetchError, match="after decompression"):
            fetch_url(srv.url("/bomb"), settings())
        assert fetch_url(srv.url("/deflate"), settings()).content == PAGE
        with pytest.raises(FetchError, match="content encoding"):
            fetch_url(srv.url("/brotli"), settings())


def test_slow_servers_hit_the_deadline() -> None:
    with serve({"/slow": Route(b"<p>" + b"z" * 20_000, headers=HTML, delay_per_chunk=0.2)}) as srv:
        started = time.monotonic()
        with pytest.raises(FetchError, match="within|timed out"):
            fetch_url(srv.url("/slow"), settings(fetch_timeout=1.0, fetch_retries=0))
        assert time.monotonic() - started < 4.0  # the 4-second body is cut at the 1-second deadline


def test_non_html_pages_are_refused_but_feeds_accept_xml() -> None:
    routes = {"/img": Route(b"\x89PNG....", headers={"Content-Type": "image/png"}),
              "/feed": Route(b"<?xml version='1.0'?><rss/>", headers={"Content-Type": "application/rss+xml"})}
    with serve(routes) as srv:
        with pytest.raises(FetchError, match="image/png"):
            fetch_url(srv.url("/img"), settings())
        with pytest.raises(FetchError, match="not page content"):
            fetch_url(srv.url("/feed"), settings())
        assert fetch_url(srv.url("/feed"), settings(), kind="feed").content.startswith(b"<?xml")


def test_robots_txt_is_honoured_and_cached() -> None:
    robots = b"User-agent: *\nDisallow: /private/\n"
    routes = {"/robots.txt": Route(robots, headers={"Content-Type": "text/plain"}),
              "/private/x": Route(PAGE, headers=HTML), "/public": Route(PAGE, headers=HTML)}
    with serve(routes) as srv:
        results = fetch_all([srv.url("/private/x"), srv.url("/public"), srv.url("/public")], settings())
        assert isinstance(results[0], FetchError) and "robots.txt" in str(results[0])
        assert all(not isinstance(r, FetchError) for r in results[1:])
        assert srv.count("/private/x") == 0 and srv.count("/robots.txt") == 1
        assert fetch_url(srv.url("/private/x"), settings(respect_robots=False)).status == 200


def test_failing_robots_txt_means_do_not_crawl() -> None:
    routes = {"/robots.txt": Route(b"oops", status=500), "/public": Route(PAGE, headers=HTML)}
    with serve(routes) as srv:
        with pytest.raises(FetchError, match="robots"):
            fetch_url(srv.url("/public"), settings(fetch_retries=0))


def test_conditional_get_and_retries() -> None:
    calls = {"n": 0}

    def flaky(_handler: object) -> Route:
        calls["n"] += 1
        return Route(b"busy", status=503) if calls["n"] < 3 else Route(PAGE, headers=HTML)

    routes = {"/etag": Route(PAGE, headers=HTML, etag='"v1"'), "/flaky": flaky,
              "/gone": Route(b"gone", status=404)}
    with serve(routes) as srv:
        first = fetch_url(srv.url("/etag"), settings())
        assert first.etag == '"v1"'

        async def again() -> object:
            async with Fetcher(settings()) as fetcher:
                return await fetcher.fetch(srv.url("/etag"), etag=first.etag)

        second = asyncio.run(again())
        assert second.not_modified and second.status == 304  # type: ignore[attr-defined]
        assert srv.hits["/etag"][1]["if-none-match"] == '"v1"'
        assert fetch_url(srv.url("/flaky"), settings()).content == PAGE
        assert calls["n"] == 3
        with pytest.raises(FetchError, match="HTTP 404"):
            fetch_url(srv.url("/gone"), settings())
        assert srv.count("/gone") == 1  # a 404 is not retried


def test_requests_to_one_host_are_spaced_and_waiting_is_not_a_timeout() -> None:
    with serve({"/a": Route(PAGE, headers=HTML)}) as srv:
        started = time.monotonic()
        results = fetch_all([srv.url("/a")] * 8, settings(fetch_per_host_delay=0.3, fetch_timeout=2.0,
                                                           fetch_retries=0))
        assert all(not isinstance(r, FetchError) for r in results)
        assert time.monotonic() - started >= 2.1  # robots.txt, then eight pages, 0.3 s apart: over the timeout
