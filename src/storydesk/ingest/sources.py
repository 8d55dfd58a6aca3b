"""Any input the CLI is given -> a stream of Articles and Rejects.

Inputs: page URLs, feed/OPML/sitemap URLs or files, WARC(.gz) files or URLs, text files listing URLs or
WARC paths, JSONL/CSV dumps, HTML files. What a URL holds is decided from its bytes (feed, OPML,
sitemap or page), not its name. One failing input, entry or record never stops the others: it becomes
a Reject with the reason.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncGenerator, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from ..errors import FetchError, InputError, StorydeskError
from ..model import Article, Reject
from ..settings import Settings
from .dumps import iter_dump
from .extract import extract_html
from .feeds import (
    MAX_XML_BYTES,
    FeedEntry,
    FeedHealth,
    FeedSource,
    parse_feed,
    parse_opml,
    parse_sitemap,
    record_failure,
    record_success,
    sniff_kind,
    unique_entries,
)
from .fetch import Fetcher, FetchResult
from .local import read_local
from .records import reason_kind
from .warc import iter_warc, read_warc_list

Item = Article | Reject
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
DUMP_SUFFIXES = (".jsonl", ".ndjson", ".csv", ".tsv", ".jsonl.gz", ".ndjson.gz", ".csv.gz", ".tsv.gz")
HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".xhtml")
URL_CHUNK = 50


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Summary:
    """End-of-run counts: accepted, duplicate and rejected items, with the reasons."""

    accepted: int = 0
    duplicates: int = 0
    rejected: int = 0
    reasons: Counter[str] = field(default_factory=Counter)

    def add_reject(self, reject: Reject) -> None:
        self.rejected += 1
        self.reasons[f"{reject.stage}: {reason_kind(reject.reason)}"] += 1

    def lines(self) -> list[str]:
        out = [f"accepted {self.accepted}, duplicates {self.duplicates}, rejected {self.rejected}"]
        out += [f"  {n} x {reason}" for reason, n in self.reasons.most_common()]
        return out


def input_kind(arg: str) -> str:
    """'url', 'warc', 'dump', 'html', 'json', 'list', 'xml' or 'dir' for a command-line input."""
    lower = arg.lower()
    if lower.startswith(("http://", "https://")):
        return "warc" if lower.split("?")[0].endswith(WARC_SUFFIXES) else "url"
    path = Path(arg)
    if path.is_dir():
        return "dir"
    if not path.exists():
        raise InputError(arg, "no such file, and not an http(s) URL")
    if lower.endswith(WARC_SUFFIXES):
        return "warc"
    if lower.endswith(DUMP_SUFFIXES):
        return "dump"
    if lower.endswith(HTML_SUFFIXES):
        return "html"
    if lower.endswith(".json"):
        return "json"  # news-please JSON: the folder reader's format
    if lower.endswith((".txt", ".paths", ".paths.gz", ".lst")):
        return "list"
    return "xml"  # .opml, .xml, .rss, .atom: sniffed from the bytes


def _read_list(path: Path) -> tuple[list[str], list[str]]:
    """(URLs of pages/feeds, WARC locations) from a text list."""
    locations = read_warc_list(path)
    warcs = [x for x in locations if x.lower().split("?")[0].endswith(WARC_SUFFIXES)]
    urls = [x for x in locations if x not in warcs and x.startswith(("http://", "https://"))]
    return urls, warcs


def _entry_article(entry: FeedEntry | None, result: FetchResult, min_chars: int) -> Article:
    source = entry.feed if entry else result.url
    article = extract_html(result.content, url=result.final_url, source=source, fetched_at=_now(),
                           declared_charset=result.charset, min_chars=min_chars)
    if entry is not None:  # the feed's own title and date fill what the page lacks
        article.title = article.title or entry.title
        article.published_at = article.published_at or entry.published
        article.language = article.language or entry.language
        article.outlet = entry.publication or article.outlet
        article.source = f"feed {entry.feed}"
    return article


Polled = tuple[list[FeedEntry], list[Reject]]


class WebIngest:
    """Fetches feeds and pages with one polite Fetcher; keeps feed health for ``watch``."""

    def __init__(self, settings: Settings, known: Callable[[str], bool] | None = None,
                 health: dict[str, FeedHealth] | None = None, max_entries: int = 0) -> None:
        self.settings = settings
        self.known = known or (lambda url: False)
        self.health: dict[str, FeedHealth] = dict(health or {})
        self.max_entries = max_entries  # 0: no limit
        self.min_chars = int(settings.min_text_chars)

    def _ok(self, url: str, title: str, result: FetchResult, entries: int) -> None:
        health = self.health.get(url) or FeedHealth(url, title)
        self.health[url] = record_success(health, title=title, etag=result.etag,
                                          last_modified=result.last_modified, entries=entries)

    def _failed(self, url: str, title: str, reason: str) -> Reject:
        self.health[url] = record_failure(self.health.get(url) or FeedHealth(url, title), reason)
        return Reject("feed", url, reason)

    async def _poll(self, fetcher: Fetcher, url: str, title: str = "") -> Polled:
        """Entries of one feed or sitemap URL (conditional GET with the stored validators)."""
        health = self.health.get(url) or FeedHealth(url, title)
        try:
            result = await fetcher.fetch(url, "feed", etag=health.etag, last_modified=health.last_modified)
            if result.not_modified:
                self.health[url] = record_success(health)
                return [], []
            return await self._entries_of(fetcher, url, title, result)
        except StorydeskError as exc:
            return [], [self._failed(url, title, exc.reason)]

    async def _entries_of(self, fetcher: Fetcher, url: str, title: str, result: FetchResult) -> Polled:
        """Entries of fetched feed, sitemap (index) or OPML bytes; raises InputError for anything else."""
        data = result.content
        kind = sniff_kind(data)
        if kind == "opml":
            listed = parse_opml(data, url)
            polled = await asyncio.gather(*(self._poll(fetcher, f.url, f.title) for f in listed))
            return [e for found, _ in polled for e in found], [r for _, rejects in polled for r in rejects]
        if kind == "sitemap":
            sitemap = parse_sitemap(data, url)
            entries, rejects = list(sitemap.entries), []
            for child in sitemap.sitemaps[:20]:
                found, failed = await self._poll(fetcher, child)
                entries += found
                rejects += failed
        else:
            entries, rejects = parse_feed(data, url).entries, []
        self._ok(url, title, result, len(entries))
        return entries, rejects

    async def _page_or_feed(self, fetcher: Fetcher, url: str) -> tuple[list[Item], list[FeedEntry]]:
        """A URL of unknown kind: an article page, or a feed/sitemap/OPML whose entries are returned."""
        try:
            result = await fetcher.fetch(url, "any")
        except FetchError as exc:
            return [Reject("fetch", url, exc.reason)], []
        try:
            if sniff_kind(result.content) != "unknown":
                entries, rejects = await self._entries_of(fetcher, url, "", result)
                return list(rejects), entries
            if result.content_type and not result.content_type.startswith(("text/html", "application/xhtml")):
                raise InputError(url, f"content type {result.content_type!r} is not a page")
            return [_entry_article(None, result, self.min_chars)], []
        except StorydeskError as exc:
            return [Reject("extract", url, exc.reason)], []

    async def _pages(self, fetcher: Fetcher, entries: list[FeedEntry]) -> list[Item]:
        out: list[Item] = []
        for start in range(0, len(entries), URL_CHUNK):
            chunk = entries[start:start + URL_CHUNK]
            results = await fetcher.fetch_many([e.url for e in chunk], "page")
            for entry, result in zip(chunk, results, strict=True):
                if isinstance(result, FetchError):
                    out.append(Reject("fetch", entry.url, result.reason))
                    continue
                try:
                    out.append(_entry_article(entry, result, self.min_chars))
                except StorydeskError as exc:
                    out.append(Reject("extract", entry.url, exc.reason))
        return out

    async def stream(self, feeds: Iterable[FeedSource], page_urls: Iterable[str] = (),
                     known_entries: Iterable[FeedEntry] = ()) -> AsyncGenerator[list[Item], None]:
        """Poll the feeds, sniff the URLs (page or feed), then fetch every new entry's page; yields the
        items chunk by chunk, so that a caller can store each chunk before the next is fetched."""
        entries: list[FeedEntry] = list(known_entries)
        async with Fetcher(self.settings) as fetcher:
            first: list[Item] = []
            for found, rejects in await asyncio.gather(*(self._poll(fetcher, f.url, f.title) for f in feeds)):
                entries += found
                first += rejects
            for done, found in await asyncio.gather(*(self._page_or_feed(fetcher, u) for u in page_urls)):
                first += done
                entries += found
            yield first
            fresh = [e for e in unique_entries(entries) if not self.known(e.url)]
            if self.max_entries:
                fresh = fresh[: self.max_entries]
            for start in range(0, len(fresh), URL_CHUNK):
                yield await self._pages(fetcher, fresh[start:start + URL_CHUNK])

    async def run(self, feeds: Iterable[FeedSource], page_urls: Iterable[str] = (),
                  known_entries: Iterable[FeedEntry] = ()) -> list[Item]:
        """Everything ``stream`` yields, as one list."""
        return [item async for chunk in self.stream(feeds, page_urls, known_entries) for item in chunk]

    def iter(self, feeds: Iterable[FeedSource], page_urls: Iterable[str] = (),
             known_entries: Iterable[FeedEntry] = ()) -> Iterator[Item]:
        """``stream`` for synchronous callers, on a private event loop."""
        loop = asyncio.new_event_loop()
        agen = self.stream(feeds, page_urls, known_entries)
        try:
            while True:
                try:
                    chunk = loop.run_until_complete(agen.__anext__())
                except StopAsyncIteration:
                    return
                yield from chunk
        finally:
            loop.run_until_complete(agen.aclose())
            loop.close()


def iter_inputs(inputs: Iterable[str], settings: Settings,
                known: Callable[[str], bool] | None = None, mapping: dict[str, str] | None = None,
                files: Callable[[Path], Iterable[Item]] | None = None,
                max_entries: int = 0) -> Iterator[Item]:
    """Articles and Rejects from every input in turn; web inputs are fetched together, at the end.

    ``known(url)`` skips feed entries the store already holds; ``files(dir)`` reads a folder of
    news-please JSON or HTML files (the store-side loader), HTML files only when not given.
    """
    feeds: list[FeedSource] = []
    entries: list[FeedEntry] = []
    urls: list[str] = []
    for arg in inputs:
        try:
            kind = input_kind(arg)
            if kind == "url":
                urls.append(arg)
            elif kind == "warc":
                yield from _guarded(arg, partial(iter_warc, arg, settings))
            elif kind == "dump":
                yield from _guarded(arg, partial(iter_dump, arg, mapping))
            elif kind == "html":
                yield _html_file(Path(arg), settings)
            elif kind == "dir" or (kind == "json" and files is not None):
                yield from _guarded(arg, partial(files or partial(_html_folder, settings=settings), Path(arg)))
            elif kind == "list":
                page_urls, warcs = _read_list(Path(arg))
                urls += page_urls
                for warc in warcs:
                    yield from _guarded(warc, partial(iter_warc, warc, settings))
            else:
                data = read_local(arg, MAX_XML_BYTES)
                what = sniff_kind(data)
                if what == "opml":
                    feeds += parse_opml(data, arg)
                elif what == "sitemap":
                    sitemap = parse_sitemap(data, arg)
                    entries += sitemap.entries
                    urls += sitemap.sitemaps
                elif what == "feed":
                    entries += parse_feed(data, arg).entries
                else:
                    yield _html_file(Path(arg), settings)
        except StorydeskError as exc:
            yield Reject("input", arg, exc.reason)
        except OSError as exc:
            yield Reject("input", arg, f"cannot read: {exc.strerror or exc}")
    if feeds or urls or entries:
        web = WebIngest(settings, known, max_entries=max_entries)
        yield from web.iter(feeds, urls, entries)


def _guarded(arg: str, make: Callable[[], Iterable[Item]]) -> Iterator[Item]:
    """Items of one input; an error that ends the input becomes one Reject for it."""
    try:
        yield from make()
    except StorydeskError as exc:
        yield Reject("input", exc.input or arg, exc.reason)


def _html_file(path: Path, settings: Settings) -> Item:
    try:
        data = read_local(path)
    except StorydeskError as exc:
        return Reject("input", exc.input, exc.reason)
    except OSError as exc:
        return Reject("input", str(path), f"cannot read: {exc.strerror or exc}")
    try:
        return extract_html(data, url=None, source=str(path), min_chars=int(settings.min_text_chars))
    except StorydeskError as exc:
        return Reject("extract", str(path), exc.reason)


def _html_folder(folder: Path, settings: Settings) -> Iterator[Item]:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name.lower().endswith(HTML_SUFFIXES):
            yield _html_file(path, settings)
