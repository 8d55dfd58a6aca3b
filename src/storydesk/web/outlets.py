"""Outlet pages: what one outlet contributed to the store, computed from the store alone (no outside ratings).

For a domain: its articles and stories, first and last seen, in how many stories it published first (the
earliest original article of the story), in how many it is the only outlet, and how many brief sentences
rest on it alone (marked single source).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..model import Article
from ..store import Store
from .read import day


def outlet_domain(article: Article) -> str:
    """The key of an outlet page: the article's domain, else its outlet name."""
    return (article.domain or article.outlet or "").lower()


def outlet_detail(store: Store, domain: str) -> dict[str, Any] | None:
    """Everything the outlet page shows, or None when no article of the store comes from ``domain``."""
    key = domain.strip().lower()
    where = "lower(a.domain) = ? OR (COALESCE(a.domain, '') = '' AND lower(a.outlet) = ?)"
    mine = list(store.iter_articles(where=where, params=(key, key)))
    if not mine:
        return None
    names = Counter(a.outlet for a in mine if a.outlet)
    story_ids: dict[str, list[Article]] = {}
    for a in mine:
        sid = store.story_of(a.id)
        if sid:
            story_ids.setdefault(sid, []).append(a)
    stories: list[dict[str, Any]] = []
    first = sole = single_sentences = 0
    for sid, own in story_ids.items():
        story = store.get_story(sid)
        articles = store.get_articles(story.article_ids)
        originals = sorted((x for x in articles if not x.duplicate_of and x.published_at),
                           key=lambda x: (x.published_at or "", x.id))
        is_first = bool(originals) and outlet_domain(originals[0]) == key
        outlets = {outlet_domain(x) for x in articles}
        is_sole = outlets == {key}
        first += is_first
        sole += is_sole
        headline = story.title
        if store.brief_versions(sid):
            brief = store.get_brief(sid)
            headline = brief.headline or headline
            own_ids = {x.id for x in own}
            single_sentences += sum(1 for s in brief.sentences
                                    if s.extra.get("single_source") and own_ids & set(s.citations))
        stories.append({"id": sid, "title": headline or "(untitled story)", "articles": len(own),
                        "story_articles": len(articles), "outlets": len(outlets), "first": is_first,
                        "sole": is_sole, "first_seen": story.first_seen, "last_seen": story.last_seen})
    stories.sort(key=lambda s: (s["last_seen"] or "", s["id"]), reverse=True)
    dates = sorted(a.published_at for a in mine if a.published_at)
    return {
        "domain": key,
        "name": names.most_common(1)[0][0] if names else key,
        "articles": len(mine),
        "copies": sum(1 for a in mine if a.duplicate_of),
        "languages": sorted({a.language for a in mine if a.language}),
        "first_seen": day(dates[0]) if dates else None,
        "last_seen": day(dates[-1]) if dates else None,
        "stories": stories,
        "first_in": first,
        "sole_in": sole,
        "single_source_sentences": single_sentences,
        "recent": [{"id": a.id, "title": a.title, "date": day(a.published_at), "url": a.url}
                   for a in sorted(mine, key=lambda a: a.published_at or "", reverse=True)[:20]],
    }


def outlet_index(store: Store) -> list[dict[str, Any]]:
    """Every outlet of the store with its article count and first and latest article, most articles first."""
    rows: dict[str, dict[str, Any]] = {}
    for a in store.iter_articles():
        key = outlet_domain(a)
        if not key:
            continue
        row = rows.setdefault(key, {"domain": key, "name": a.outlet or key, "articles": 0, "dates": []})
        row["articles"] += 1
        if a.published_at:
            row["dates"].append(a.published_at)
    out = []
    for row in rows.values():
        dates = sorted(row.pop("dates"))
        out.append({**row, "first_seen": day(dates[0]) if dates else None,
                    "last_seen": day(dates[-1]) if dates else None})
    return sorted(out, key=lambda r: (-r["articles"], r["domain"]))
