"""Safe, polite HTTP: the only way storydesk reaches the web.

Safe: every host is resolved and every address checked (private, loopback, link-local, multicast,
reserved and unspecified addresses, also when wrapped in 6to4, NAT64 or Teredo IPv6 addresses, are
refused unless ``fetch_allow_hosts`` admits them: ``host`` for ports 80/443, ``host:port``, ``host:*``), again after
every redirect, which is followed by hand; the request then goes to the checked address (the name
travels in ``Host`` and TLS SNI), so a second DNS answer cannot send it elsewhere. Bodies are capped
before and after decompression (gzip bombs), each fetch has an overall deadline, and pages must be
HTML. Polite: robots.txt honoured (cached per host), one request at a time per host spaced by
``fetch_per_host_delay`` (or the site's Crawl-delay), a clear User-Agent, conditional GET, retries
with exponential backoff on 429/5xx and network errors only.
"""

from __future__ import annotations

import asyncio
import time
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Literal
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from ..errors import FetchError, UnsafeURLError
from ..settings import Settings
from .ssrf import HostGuard, pinned_url

__all__ = ["Fetcher", "FetchResult", "HTTPStatusError", "HostGuard", "fetch_all", "fetch_url", "network_reachable",
           "pinned_url"]

Kind = Literal["page", "feed", "robots", "any"]
REDIRECTS = {301, 302, 303, 307, 308}
RETRY_STATUS = {429, 500, 502, 503, 504}
PAGE_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("xml", "rss", "atom", "text/html", "text/plain", "application/octet-stream")
ROBOTS_TTL = 24 * 3600.0
MAX_RETRY_AFTER = 60.0



class HTTPStatusError(FetchError):
    """The server answered with an error status."""

    def __init__(self, url: str, status: int, retry_after: float | None = None) -> None:
        super().__init__(url, f"HTTP {status}")
        self.status = status
        self.retry_after = retry_after


@dataclass
class FetchResult:
    """One successful fetch (or a 304 when ``not_modified``)."""

    url: str
    final_url: str
    status: int
    content: bytes = b""
    content_type: str = ""
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    redirects: list[str] = field(default_factory=list)
    elapsed: float = 0.0


class _Inflater:
    """Decompresses gzip/deflate bodies with a hard cap on the output size."""

    def __init__(self, encoding: str, url: str, cap: int) -> None:
        self.url, self.cap, self.size = url, cap, 0
        encoding = encoding.strip().lower()
        if encoding in {"", "identity"}:
            self.obj = None
        elif encoding in {"gzip", "x-gzip"}:
            self.obj = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self.obj = zlib.decompressobj()
        else:
            raise FetchError(url, f"unsupported content encoding {encoding!r}")

    def feed(self, chunk: bytes) -> bytes:
        if self.obj is None:
            out = chunk
        else:
            try:
                out = self.obj.decompress(chunk, self.cap + 1 - self.size)
            except zlib.error as exc:
                raise FetchError(self.url, f"corrupt compressed body: {exc}") from exc
            if self.obj.unconsumed_tail:
                out += b"x"  # more output remains: over the cap by definition
        self.size += len(out)
        if self.size > self.cap:
            raise FetchError(self.url, f"body larger than {self.cap} bytes after decompression",
                             "raise fetch_max_bytes if this is intended")
        return out


def _type_ok(kind: Kind, content_type: str, head: bytes) -> bool:
    if kind in {"any", "robots"}:
        return True
    if kind == "page":
        if not content_type:
            return head.lstrip()[:1] == b"<"
        return content_type.startswith(PAGE_TYPES)
    return not content_type or any(t in content_type for t in FEED_TYPES)


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return min(MAX_RETRY_AFTER, max(0.0, float(value)))
    except ValueError:
        pass
    try:
        return min(MAX_RETRY_AFTER, max(0.0, parsedate_to_datetime(value).timestamp() - time.time()))
    except (TypeError, ValueError):
        return None


class Fetcher:
    """Fetches URLs under the rules above; use as ``async with Fetcher(settings) as f``."""

    def __init__(self, settings: Settings, *, retries: int | None = None,
                 backoff: float | None = None) -> None:
        self.settings = settings
        s = self.settings
        self.guard = HostGuard(s.allowed_hosts)
        self.max_bytes = int(s.fetch_max_bytes)
        self.timeout = float(s.fetch_timeout)
        self.max_redirects = int(s.fetch_max_redirects)
        self.delay = float(s.fetch_per_host_delay)
        self.respect_robots = bool(s.respect_robots)
        self.retries = int(s.fetch_retries if retries is None else retries)
        self.backoff = float(s.fetch_backoff if backoff is None else backoff)
        self.user_agent = str(s.user_agent)
        self._sem = asyncio.Semaphore(max(1, int(s.fetch_concurrency)))
        self._host_locks: dict[str, asyncio.Lock] = {}
        self._host_next: dict[str, float] = {}
        self._robots: dict[str, tuple[float, RobotFileParser | None, str | None]] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}
        import httpx  # here, not at the top: commands that fetch nothing start without it

        self._client = httpx.AsyncClient(
            follow_redirects=False, trust_env=False,
            timeout=httpx.Timeout(self.timeout),
            limits=httpx.Limits(max_keepalive_connections=0),  # connections are per checked address
            headers={"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"},
        )

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    async def _polite(self, host: str, extra_delay: float = 0.0) -> None:
        lock = self._host_locks.setdefault(host, asyncio.Lock())
        async with lock:
            wait = self._host_next.get(host, 0.0) - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            self._host_next[host] = time.monotonic() + max(self.delay, extra_delay)

    async def _robots_for(self, url: str) -> tuple[RobotFileParser | None, str | None]:
        """(parser, why not to crawl at all: None when robots.txt was read or absent) for the URL's site;
        cached for a day."""
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        async with self._robots_locks.setdefault(key, asyncio.Lock()):
            cached = self._robots.get(key)
            if cached and time.monotonic() - cached[0] < ROBOTS_TTL:
                return cached[1], cached[2]
            return await self._load_robots(key)

    async def _load_robots(self, key: str) -> tuple[RobotFileParser | None, str | None]:
        parser: RobotFileParser | None = None
        blocked: str | None = None
        try:
            result = await self._fetch_once(f"{key}/robots.txt", "robots", None, None, robots=False)
            if 200 <= result.status < 300:
                parser = RobotFileParser()
                parser.parse(result.content[:500_000].decode("utf-8", "replace").splitlines())
        except UnsafeURLError:
            raise
        except HTTPStatusError as exc:
            if exc.status >= 500:  # RFC 9309: a 4xx means no rules; a 5xx means "do not crawl" for now
                blocked = f"robots.txt answered HTTP {exc.status}: not crawled for now"
        except FetchError as exc:  # unreachable robots.txt: do not crawl, and say why
            blocked = f"robots.txt unreachable ({exc.reason}): not crawled"
        self._robots[key] = (time.monotonic(), parser, blocked)
        return parser, blocked

    async def robots_refusal(self, url: str) -> str | None:
        """Why robots.txt keeps us from ``url`` (disallowed, or unreachable), or None when we may fetch it."""
        if not self.respect_robots:
            return None
        parser, blocked = await self._robots_for(url)
        if blocked:
            return blocked
        if parser is not None and not parser.can_fetch(self.user_agent, url):
            return "disallowed by robots.txt"
        return None

    async def allowed(self, url: str) -> bool:
        """Whether robots.txt lets our User-Agent fetch ``url``."""
        return await self.robots_refusal(url) is None

    async def _fetch_once(self, url: str, kind: Kind, etag: str | None, last_modified: str | None,
                          *, robots: bool = True) -> FetchResult:
        started = time.monotonic()
        hops: list[str] = []
        current = url
        method_headers: dict[str, str] = {}
        if etag:
            method_headers["If-None-Match"] = etag
        if last_modified:
            method_headers["If-Modified-Since"] = last_modified
        while True:
            address = await self.guard.check(current)
            refusal = await self.robots_refusal(current) if robots else None
            if refusal:
                raise FetchError(current, refusal)
            crawl_delay = 0.0
            if robots and self.respect_robots:
                parser, _ = await self._robots_for(current)
                crawl_delay = float(parser.crawl_delay(self.user_agent) or 0) if parser else 0.0
            parts = urlsplit(current)
            await self._polite(parts.netloc, min(crawl_delay, 30.0))
            try:
                async with self._sem, asyncio.timeout(self.timeout):  # politeness waits are not counted
                    outcome = await self._hop(url, current, address, kind, method_headers, etag, last_modified)
            except TimeoutError as exc:
                raise FetchError(current, f"timed out: no complete answer within {self.timeout:g} s") from exc
            if isinstance(outcome, FetchResult):
                outcome.redirects = hops
                outcome.elapsed = time.monotonic() - started
                return outcome
            hops.append(current)
            if len(hops) > self.max_redirects:
                raise FetchError(url, f"more than {self.max_redirects} redirects")
            current = outcome

    async def _hop(self, url: str, current: str, address: str, kind: Kind, method_headers: dict[str, str],
                   etag: str | None, last_modified: str | None) -> FetchResult | str:
        """One request to a checked address: the result, or the next URL of a redirect."""
        import httpx

        parts = urlsplit(current)
        target, host_header = pinned_url(current, address)
        extensions = {"sni_hostname": parts.hostname} if parts.scheme == "https" else {}
        request = self._client.build_request(
            "GET", target, headers={"Host": host_header, **method_headers}, extensions=extensions)
        try:
            response = await self._client.send(request, stream=True)
        except httpx.TimeoutException as exc:
            raise FetchError(current, f"timed out: {type(exc).__name__}") from exc
        except httpx.HTTPError as exc:
            raise FetchError(current, f"network error: {type(exc).__name__}: {exc}") from exc
        try:
            if response.status_code in REDIRECTS and response.headers.get("location"):
                return urljoin(current, response.headers["location"])
            if response.status_code == 304:
                return FetchResult(url, current, 304, not_modified=True, etag=etag, last_modified=last_modified)
            if response.status_code >= 400:
                raise HTTPStatusError(current, response.status_code,
                                      _retry_after(response.headers.get("retry-after")))
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > self.max_bytes:
                raise FetchError(current, f"body of {declared} bytes over the {self.max_bytes}-byte cap")
            ctype_full = response.headers.get("content-type", "")
            ctype = ctype_full.split(";")[0].strip().lower()
            inflater = _Inflater(response.headers.get("content-encoding", ""), current, self.max_bytes)
            chunks: list[bytes] = []
            raw = 0
            async for chunk in response.aiter_raw():
                raw += len(chunk)
                if raw > self.max_bytes:
                    raise FetchError(current, f"body over the {self.max_bytes}-byte cap")
                chunks.append(inflater.feed(chunk))
                if len(chunks) == 1 and not _type_ok(kind, ctype, chunks[0][:512]):
                    break
            body = b"".join(chunks)
            if not _type_ok(kind, ctype, body[:512]):
                raise FetchError(current, f"content type {ctype or '(none)'!r} is not {kind} content")
            charset = None
            if "charset=" in ctype_full.lower():
                charset = ctype_full.lower().split("charset=")[1].split(";")[0].strip(" \"'") or None
            return FetchResult(url, current, response.status_code, body, ctype, charset,
                               response.headers.get("etag"), response.headers.get("last-modified"))
        except httpx.TimeoutException as exc:
            raise FetchError(current, f"timed out reading the body: {type(exc).__name__}") from exc
        except httpx.HTTPError as exc:
            raise FetchError(current, f"network error: {type(exc).__name__}: {exc}") from exc
        finally:
            await response.aclose()

    async def fetch(self, url: str, kind: Kind = "page", *, etag: str | None = None,
                    last_modified: str | None = None) -> FetchResult:
        """Fetch one URL; raises FetchError (UnsafeURLError for the SSRF guard) with the reason."""
        attempt = 0
        while True:
            error: FetchError
            try:
                return await self._fetch_once(url, kind, etag, last_modified)
            except UnsafeURLError:
                raise
            except HTTPStatusError as exc:
                if exc.status not in RETRY_STATUS:
                    raise
                error = exc
            except FetchError as exc:
                if not exc.reason.startswith(("network error", "timed out")):
                    raise
                error = exc
            if attempt >= self.retries:
                raise error
            wait = error.retry_after if isinstance(error, HTTPStatusError) else None
            await asyncio.sleep(wait if wait is not None else self.backoff * (2 ** attempt))
            attempt += 1

    async def fetch_many(self, urls: Sequence[str], kind: Kind = "page") -> list[FetchResult | FetchError]:
        """Fetch many URLs concurrently; each slot holds a result or the error for that URL."""
        async def one(u: str) -> FetchResult | FetchError:
            try:
                return await self.fetch(u, kind)
            except FetchError as exc:
                return exc
        return list(await asyncio.gather(*(one(u) for u in urls)))


def fetch_all(urls: Sequence[str], settings: Settings, kind: Kind = "page"
              ) -> list[FetchResult | FetchError]:
    """Synchronous wrapper for scripts and the CLI."""
    async def main() -> list[FetchResult | FetchError]:
        async with Fetcher(settings) as fetcher:
            return await fetcher.fetch_many(urls, kind)
    return asyncio.run(main())


def fetch_url(url: str, settings: Settings, kind: Kind = "page") -> FetchResult:
    """Fetch one URL synchronously; raises FetchError."""
    result = fetch_all([url], settings, kind)[0]
    if isinstance(result, FetchError):
        raise result
    return result


def network_reachable(urls: Sequence[str], timeout: float = 5.0, hosts: int = 3,
                      allow: Iterable[str] = ()) -> bool:
    """Whether any of the first few hosts behind ``urls`` accepts a TCP connection (the demo's live check)."""
    async def probe(url: str) -> bool:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            address = await HostGuard(allow).check(url)
            _, writer = await asyncio.wait_for(asyncio.open_connection(address, port), timeout)
        except (FetchError, OSError, TimeoutError):
            return False
        writer.close()
        return True

    async def main() -> bool:
        seen: dict[str, str] = {}
        for url in urls:
            seen.setdefault(urlsplit(url).netloc, url)
        results = await asyncio.gather(*(probe(u) for u in list(seen.values())[:hosts]))
        return any(results)

    return asyncio.run(main())
