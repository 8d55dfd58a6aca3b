"""Feeds, OPML lists and news sitemaps -> links to articles; per-feed health as plain records.

Every XML document is checked with defusedxml before anything else reads it: entity declarations
(billion laughs, external entities) are refused outright. feedparser then reads RSS 0.9x/1.0/2.0 and
Atom from an in-memory stream (never from a string, which it might take for a URL or a file name).
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from ..errors import InputError
from .local import read_local

MAX_XML_BYTES = 20_000_000
_ENTITY_RE = re.compile(rb"<!ENTITY", re.IGNORECASE)


@dataclass
class FeedEntry:
    """One item of a feed or sitemap: the link to fetch and what the feed says about it."""

    url: str
    title: str = ""
    published: str | None = None  # ISO 8601 when the feed gives a date
    summary: str = ""
    id: str | None = None
    feed: str = ""  # the feed or sitemap it came from
    language: str | None = None
    publication: str | None = None  # news sitemaps: the publication's name


@dataclass
class FeedSource:
    """A feed listed in an OPML file."""

    url: str
    title: str = ""
    category: str = ""
    html_url: str | None = None


@dataclass
class FeedHealth:
    """What the store keeps per feed: conditional-GET validators and how polling went."""

    url: str
    title: str = ""
    last_checked: str | None = None
    last_success: str | None = None
    error_count: int = 0  # consecutive failures; 0 after a success
    total_errors: int = 0
    last_error: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    entries_seen: int = 0


@dataclass
class ParsedFeed:
    title: str
    entries: list[FeedEntry] = field(default_factory=list)
    version: str = ""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def check_xml(data: bytes, source: str) -> Element | None:
    """Refuse entity declarations and oversized documents; return the parsed root when well-formed.

    A malformed document that declares no entities returns None: feedparser may still read it.
    """
    if len(data) > MAX_XML_BYTES:
        raise InputError(source, f"XML document over {MAX_XML_BYTES} bytes")
    wide = data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) or b"\x00" in data[:4]
    if _ENTITY_RE.search(data) or (wide and "<!entity" in xml_head(data, len(data)).lower()):
        raise InputError(source, "XML entity declarations are refused (entity expansion, external entities)")
    try:
        return SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise InputError(source, f"unsafe XML refused: {exc}") from exc
    except (ParseError, ValueError, LookupError):  # LookupError: an encoding declaration naming no codec
        return None


def _iso(parsed: Any) -> str | None:
    if not parsed:
        return None
    try:
        return datetime(*parsed[:6]).replace(tzinfo=UTC).isoformat()
    except (TypeError, ValueError):
        return None


def parse_feed(data: bytes, source: str) -> ParsedFeed:
    """Parse RSS or Atom bytes; raises InputError when the bytes hold no feed."""
    import feedparser  # here, not at the top: commands that read no feed start without it

    check_xml(data, source)
    try:
        parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=True)
    except (UnicodeError, LookupError, ValueError) as exc:  # feedparser's own decoding of a mangled XML declaration
        raise InputError(source, f"not a feed: unreadable encoding declaration ({type(exc).__name__}: {exc})",
                         "save it as UTF-8 with a plain XML declaration") from exc
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception") or "no RSS or Atom feed found"
        raise InputError(source, f"not a feed: {reason}")
    base = source if source.startswith(("http://", "https://")) else (parsed.feed.get("link") or "")
    entries = []
    for item in parsed.entries:
        hrefs = [lk.get("href") for lk in item.get("links", []) if lk.get("href")]
        link = item.get("link") or (hrefs[0] if hrefs else None)
        if not link:
            continue
        entries.append(FeedEntry(
            url=urljoin(base, link.strip()), title=(item.get("title") or "").strip(),
            published=_iso(item.get("published_parsed") or item.get("updated_parsed")),
            summary=(item.get("summary") or "").strip(), id=item.get("id"), feed=source,
            language=parsed.feed.get("language"),
        ))
    return ParsedFeed(title=(parsed.feed.get("title") or "").strip(), entries=entries,
                      version=parsed.get("version") or "")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def parse_opml(data: bytes, source: str) -> list[FeedSource]:
    """Feeds listed in an OPML file (nested outlines give the category)."""
    root = check_xml(data, source)
    if root is None or _local(root.tag) != "opml":
        raise InputError(source, "not an OPML document")
    feeds: list[FeedSource] = []
    seen: set[str] = set()

    def walk(node: Element, category: str) -> None:
        for child in node:
            if _local(child.tag) != "outline":
                continue
            url = (child.get("xmlUrl") or child.get("xmlurl") or "").strip()
            label = (child.get("title") or child.get("text") or "").strip()
            if url:
                if url not in seen:
                    seen.add(url)
                    feeds.append(FeedSource(url, label, category, child.get("htmlUrl")))
            else:
                walk(child, label or category)

    body = next((c for c in root if _local(c.tag) == "body"), None)
    if body is None:
        raise InputError(source, "OPML document without a body")
    walk(body, "")
    return feeds


@dataclass
class Sitemap:
    entries: list[FeedEntry] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)  # a sitemap index lists further sitemaps


def parse_sitemap(data: bytes, source: str) -> Sitemap:
    """A (news) sitemap's URLs with the news extension's title, date and publication, or an index."""
    root = check_xml(data, source)
    if root is None:
        raise InputError(source, "sitemap is not well-formed XML")
    kind = _local(root.tag)
    result = Sitemap()
    if kind == "sitemapindex":
        result.sitemaps = [el.text.strip() for el in root.iter() if _local(el.tag) == "loc" and el.text]
        return result
    if kind != "urlset":
        raise InputError(source, f"not a sitemap (root element {kind!r})")
    for url_el in root:
        if _local(url_el.tag) != "url":
            continue
        values: dict[str, str] = {}
        for el in url_el.iter():
            name = _local(el.tag)
            if el.text and el.text.strip() and name not in values:
                values[name] = el.text.strip()
        if "loc" not in values:
            continue
        result.entries.append(FeedEntry(
            url=values["loc"], title=values.get("title", ""),
            published=values.get("publication_date") or values.get("lastmod"), feed=source,
            language=values.get("language"), publication=values.get("name"),
        ))
    return result


def xml_head(data: bytes, size: int = 65536) -> str:
    """The start of an XML document as text, whatever its encoding: UTF-16/32 (with or without a
    byte-order mark) decoded, anything else read byte for byte (markup is ASCII)."""
    head = data[:size]
    for bom, name in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                      (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if head.startswith(bom):
            return head.decode(name, errors="ignore")
    if len(head) >= 4 and b"\x00" in head[:4]:
        name = "utf-16-be" if head[0] == 0 else "utf-16-le"
        if head[:2] == b"\x00\x00" or head[2:4] == b"\x00\x00":
            name = "utf-32-be" if head[0] == 0 else "utf-32-le"
        return head[: len(head) // 4 * 4].decode(name, errors="ignore")
    return head.decode("latin-1")


_PROLOG_RE = re.compile(r"<\?.*?\?>|<!--.*?-->|<!\[CDATA\[.*?\]\]>|<![^>]*>", re.DOTALL)
_ROOT_RE = re.compile(r"<([a-z][\w.:-]*)")
_ROOTS = {"opml": "opml", "urlset": "sitemap", "sitemapindex": "sitemap", "rss": "feed", "feed": "feed",
          "rdf:rdf": "feed", "channel": "feed"}


def sniff_kind(data: bytes) -> str:
    """'opml', 'sitemap', 'feed' or 'unknown' from the document's root element, found after any prolog
    (declaration, comments, doctype: however long) in any encoding, UTF-16 included."""
    text = xml_head(data).lower()
    root = _ROOT_RE.search(_PROLOG_RE.sub(" ", text))
    if root is not None:
        name = root.group(1)
        return _ROOTS.get(name) or _ROOTS.get(name.rsplit(":", 1)[-1], "unknown")
    head = text[:2048]
    if "<opml" in head:
        return "opml"
    if "<urlset" in head or "<sitemapindex" in head:
        return "sitemap"
    if "<rss" in head or "<feed" in head or "<rdf:rdf" in head or "<channel" in head:
        return "feed"
    return "unknown"


def record_success(health: FeedHealth, *, title: str = "", etag: str | None = None,
                   last_modified: str | None = None, entries: int = 0, when: str | None = None) -> FeedHealth:
    """Health after a successful poll (a 304 counts as success and keeps the validators)."""
    when = when or _now()
    return replace(health, title=title or health.title, last_checked=when, last_success=when, error_count=0,
                   etag=etag or health.etag, last_modified=last_modified or health.last_modified,
                   entries_seen=health.entries_seen + entries)


def record_failure(health: FeedHealth, error: str, when: str | None = None) -> FeedHealth:
    """Health after a failed poll."""
    when = when or _now()
    return replace(health, last_checked=when, error_count=health.error_count + 1,
                   total_errors=health.total_errors + 1, last_error=error)


def due(health: FeedHealth, interval_s: float, now: datetime | None = None) -> bool:
    """Whether a feed should be polled now; failing feeds back off (interval x 2^errors, up to a day)."""
    if not health.last_checked:
        return True
    now = now or datetime.now(UTC)
    wait = min(86400.0, interval_s * (2 ** min(health.error_count, 10)))
    last = datetime.fromisoformat(health.last_checked)
    return (now - last).total_seconds() >= wait


def unique_entries(entries: Iterable[FeedEntry]) -> list[FeedEntry]:
    """Entries with duplicate URLs removed, first kept."""
    seen: set[str] = set()
    out = []
    for entry in entries:
        if entry.url not in seen:
            seen.add(entry.url)
            out.append(entry)
    return out


def load_feed_list(path: str | Path) -> list[FeedSource]:
    """Feeds from an OPML file, or from a text file with one feed URL per line."""
    path = Path(path)
    try:
        data = read_local(path, MAX_XML_BYTES)
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from exc
    if sniff_kind(data) == "opml":
        return parse_opml(data, str(path))
    urls = [line.strip() for line in data.decode("utf-8", "replace").splitlines()]
    feeds = [FeedSource(u) for u in urls if u.startswith(("http://", "https://"))]
    if not feeds:
        raise InputError(str(path), "no feeds listed", "give an OPML file or one feed URL per line")
    return feeds
