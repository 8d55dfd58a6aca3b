"""Feeds a reader subscribes to: Atom per story and per search, and RSS 2.0 of every brief (the export's).

Links are absolute, made from a base URL (the ``base_url`` setting, else the server's own address), and
entries are dated by the story's dates (its first and latest article), never by when a brief was written.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any
from urllib.parse import quote, urlencode
from xml.sax.saxutils import escape

from ..model import Brief, Story
from ..store import Store

FEED_LIMIT = 50


@dataclass
class Entry:
    id: str
    title: str
    link: str
    updated: str | None  # ISO 8601: the story's latest article
    published: str | None  # ISO 8601: the story's first article
    summary: str = ""
    content_html: str = ""


def _dt(iso: str | None) -> datetime:
    try:
        dt = datetime.fromisoformat((iso or "").replace("Z", "+00:00"))
    except ValueError:
        dt = datetime(1970, 1, 1, tzinfo=UTC)
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def _rfc3339(iso: str | None) -> str:
    return _dt(iso).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def base(url: str) -> str:
    """The base URL with exactly one trailing slash."""
    return url.rstrip("/") + "/"


def story_url(root: str, story_id: str) -> str:
    return f"{base(root)}stories/{quote(story_id)}"


def lede(brief: Brief) -> str:
    return next((s.text for s in brief.sentences if s.section == "lede"), "")


def brief_html(brief: Brief, root: str) -> str:
    """A short escaped HTML body of a brief: the lede, the key points, the coverage (for feed readers)."""
    e = html.escape
    cov = brief.coverage or {}
    parts = [f"<p><em>{e(str(cov.get('articles', '?')))} articles from {e(str(cov.get('outlets', '?')))} outlets, "
             f"{e(str(cov.get('first_seen') or '?')[:10])} to {e(str(cov.get('last_seen') or '?')[:10])}.</em></p>"]
    points = [s for s in brief.sentences if s.section != "lede"][:8]
    if lede(brief):
        parts.append(f"<p>{e(lede(brief))}</p>")
    if points:
        parts.append("<ul>" + "".join(
            f"<li>{e(s.text)}{' <strong>(single source)</strong>' if s.extra.get('single_source') else ''}</li>"
            for s in points) + "</ul>")
    parts.append(f'<p><a href="{e(story_url(root, brief.story_id))}">The whole brief with its sources</a></p>')
    return "".join(parts)


def brief_entry(brief: Brief, story: Story | None, root: str, *, per_version: bool = False) -> Entry:
    """A brief as a feed entry, dated by the story (or the brief's coverage when the story is gone)."""
    cov = brief.coverage or {}
    updated = cov.get("last_seen") if per_version else None
    updated = updated or (story.last_seen if story else None) or cov.get("last_seen")
    published = (story.first_seen if story else None) or cov.get("first_seen")
    link = story_url(root, brief.story_id) + (f"?v={brief.version}" if per_version else "")
    return Entry(id=f"{link}#v{brief.version}" if per_version else story_url(root, brief.story_id),
                 title=brief.headline + (f" (version {brief.version})" if per_version else ""), link=link,
                 updated=updated, published=published, summary=lede(brief), content_html=brief_html(brief, root))


def atom(title: str, self_url: str, alternate: str, entries: list[Entry], subtitle: str = "") -> str:
    """An Atom 1.0 document; the feed's date is its newest entry's."""
    x = escape
    updated = max((_rfc3339(en.updated) for en in entries), default=_rfc3339(None))
    out = ['<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">',
           f"<title>{x(title)}</title>", f"<id>{x(self_url)}</id>", f"<updated>{updated}</updated>",
           f'<link rel="self" type="application/atom+xml" href="{x(self_url)}"/>',
           f'<link rel="alternate" type="text/html" href="{x(alternate)}"/>',
           "<author><name>storydesk</name></author>", "<generator>storydesk</generator>"]
    if subtitle:
        out.append(f"<subtitle>{x(subtitle)}</subtitle>")
    for en in entries:
        out += ["<entry>", f"<title>{x(en.title)}</title>", f"<id>{x(en.id)}</id>",
                f'<link rel="alternate" type="text/html" href="{x(en.link)}"/>',
                f"<updated>{_rfc3339(en.updated)}</updated>", f"<published>{_rfc3339(en.published)}</published>",
                f"<summary>{x(en.summary)}</summary>", f'<content type="html">{x(en.content_html)}</content>',
                "</entry>"]
    out.append("</feed>\n")
    return "\n".join(out)


def rss(title: str, link: str, entries: list[Entry], description: str) -> str:
    """An RSS 2.0 document; each item's pubDate is the story's latest article."""
    x = escape
    items = []
    for en in entries:
        items.append("<item>" f"<title>{x(en.title)}</title><link>{x(en.link)}</link>"
                     f'<guid isPermaLink="false">{x(en.id)}</guid>'
                     f"<pubDate>{format_datetime(_dt(en.updated))}</pubDate>"
                     f"<description>{x(en.content_html or en.summary)}</description></item>")
    newest = max((_dt(en.updated) for en in entries), default=_dt(None))
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
            'xmlns:atom="http://www.w3.org/2005/Atom"><channel>'
            f"<title>{x(title)}</title><link>{x(link)}</link><description>{x(description)}</description>"
            f"<lastBuildDate>{format_datetime(newest)}</lastBuildDate>"
            + "".join(items) + "</channel></rss>\n")


def story_feed(store: Store, story_id: str, root: str) -> str:
    """Atom: one entry per brief version of the story, newest first, each dated by its coverage."""
    story = store.get_story(story_id)
    versions = store.brief_versions(story.id)[::-1][:FEED_LIMIT]
    entries = [brief_entry(store.get_brief(story.id, v), story, root, per_version=True) for v in versions]
    title = entries[0].title.rsplit(" (version", 1)[0] if entries else (story.title or story.id)
    return atom(f"storydesk: {title}", f"{story_url(root, story.id)}/feed.xml", story_url(root, story.id),
                entries, subtitle="Each new version of this story's brief, dated by the story's articles")


def search_story_ids(store: Store, q: str, limit: int = FEED_LIMIT) -> list[str]:
    """Stories whose brief or any article matches ``q`` (FTS5), briefs first."""
    ids: dict[str, None] = {}
    for hit in store.search_briefs(q, limit):
        ids.setdefault(str(hit["story_id"]), None)
    for hit in store.search_articles(q, limit):
        sid = store.story_of(hit["id"])
        if sid:
            ids.setdefault(sid, None)
    return list(ids)[:limit]


def search_feed(store: Store, q: str, root: str) -> str:
    """Atom: the stories that match a saved search, the most recently active first."""
    entries: list[Entry] = []
    for sid in search_story_ids(store, q):
        story = store.get_story(sid)
        if store.brief_versions(sid):
            entries.append(brief_entry(store.get_brief(sid), story, root))
        else:
            link = story_url(root, sid)
            entries.append(Entry(id=link, title=story.title or sid, link=link, updated=story.last_seen,
                                 published=story.first_seen))
    entries.sort(key=lambda en: _dt(en.updated), reverse=True)
    page = f"{base(root)}search?{urlencode({'q': q})}"
    return atom(f"storydesk: stories matching “{q}”", f"{base(root)}search/feed.xml?{urlencode({'q': q})}",
                page, entries, subtitle="Stories whose brief or articles match this search")


def briefs_rss(pairs: Sequence[tuple[Brief, Story | None]], root: str, title: str = "storydesk briefs") -> str:
    """RSS 2.0 of the latest brief of every story, dated by the story's latest article."""
    entries = sorted((brief_entry(b, s, root) for b, s in pairs), key=lambda en: _dt(en.updated), reverse=True)
    return rss(title, base(root), entries, "Story briefs in which every sentence cites its sources")


def default_base(settings: Any) -> str:
    """The configured ``base_url``, else the address ``storydesk serve`` listens on."""
    configured = str(getattr(settings, "base_url", "") or "")
    if configured:
        return base(configured)
    host = str(settings.host)
    return f"http://{'[' + host + ']' if ':' in host else host}:{int(settings.port)}/"
