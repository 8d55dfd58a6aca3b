"""The outlet view (the web's outlet page and ``storydesk outlet``): what one outlet contributed to the store,
computed from the store alone (no outside ratings, no tone or bias labels).

For a domain: its articles and stories, first and last seen, in how many stories it published first (the
earliest original article of the story), in how many it is the only outlet, how many brief sentences rest on
it alone (marked single source), the widely covered stories it has no article in, and, from the briefs'
Perspectives, the facts only it reports, the widely carried facts it leaves out, the key facts it reported
first, and the voices it quotes most.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from .model import Article, Story
from .store import Store

WIDE_OUTLETS = 5  # a story covered by this many outlets is widely covered


def day(iso: str | None) -> str | None:
    return iso[:10] if iso else None


def outlet_key(article: Article) -> str:
    """The key of an outlet page: the article's outlet name (what a story counts as one outlet, so that
    ``www.`` and regional subdomains of one outlet are one page), else its domain."""
    return (article.outlet or article.domain or "").lower()


def outlet_detail(store: Store, name: str) -> dict[str, Any] | None:
    """Everything the outlet page shows, or None when no article of the store comes from outlet ``name``
    (an outlet's name, "nytimes.com", or one of its domains, "www.nytimes.com")."""
    key = name.strip().lower()
    where = "lower(a.outlet) = ? OR (COALESCE(a.outlet, '') = '' AND lower(a.domain) = ?)"
    mine = list(store.iter_articles(where=where, params=(key, key)))
    if not mine:  # a domain ("www.rt.com") for its outlet ("rt.com")
        names = Counter(outlet_key(a) for a in store.iter_articles(where="lower(a.domain) = ?", params=(key,)))
        if len(names) != 1:
            return None
        key = next(iter(names))
        mine = list(store.iter_articles(where=where, params=(key, key)))
    names = Counter(a.outlet for a in mine if a.outlet)
    story_ids: dict[str, list[Article]] = {}
    for a in mine:
        sid = store.story_of(a.id)
        if sid:
            story_ids.setdefault(sid, []).append(a)
    stories: list[dict[str, Any]] = []
    first = sole = single_sentences = 0
    mine_names = {a.outlet or a.domain or a.id for a in mine if not a.duplicate_of}  # names in Perspectives
    persp = {"only": 0, "left_out": 0, "first": 0, "stories": 0}
    kinds: Counter[str] = Counter()
    voices: Counter[str] = Counter()
    for sid, own in story_ids.items():
        story = store.get_story(sid)
        articles = store.get_articles(story.article_ids)
        originals = sorted((x for x in articles if not x.duplicate_of and x.published_at),
                           key=lambda x: (x.published_at or "", x.id))
        is_first = bool(originals) and outlet_key(originals[0]) == key
        outlets = {outlet_key(x) for x in articles}
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
            _count_perspectives(brief.perspectives, mine_names, persp, kinds, voices)
        stories.append({"id": sid, "title": headline or "(untitled story)", "articles": len(own),
                        "story_articles": len(articles), "outlets": len(outlets), "first": is_first,
                        "sole": is_sole, "first_seen": story.first_seen, "last_seen": story.last_seen})
    stories.sort(key=lambda s: (s["last_seen"] or "", s["id"]), reverse=True)
    dates = sorted(a.published_at for a in mine if a.published_at)
    missing = _missing_from(store, set(story_ids), {key, *(n.lower() for n in names)},
                            dates[0] if dates else None, dates[-1] if dates else None)
    return {
        "domain": key,  # the page's key (an outlet name since the outlet view counts outlets as stories do)
        "domains": sorted({a.domain.lower() for a in mine if a.domain}),
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
        "missing_from": missing,
        "perspectives": {**persp, "voices": dict(kinds.most_common()),
                         "most_quoted": [[name, n] for name, n in voices.most_common(5)]},
        "recent": [{"id": a.id, "title": a.title, "date": day(a.published_at), "url": a.url}
                   for a in sorted(mine, key=lambda a: a.published_at or "", reverse=True)[:20]],
    }


def _count_perspectives(p: dict[str, Any], names: set[str], out: dict[str, int], kinds: Counter[str],
                        voices: Counter[str]) -> None:
    """Add one brief's Perspectives for this outlet: its only-facts, left-out facts, firsts and voices."""
    if not p or not names & set(p.get("outlets", [])):
        return
    out["stories"] += 1
    out["only"] += sum(1 for c in p.get("only", []) if set(c["outlets"]) <= names)
    out["left_out"] += sum(1 for c in p.get("left_out", []) if c["outlet"] in names)
    out["first"] += sum(1 for f in p.get("first", []) if f["first"]["outlet"] in names)
    for v in p.get("voices", []):
        if v["outlet"] in names:
            kinds.update(v["kinds"])
            voices.update({name: n for name, n in v["top"]})


def _missing_from(store: Store, covered: set[str], keys: set[str], since: str | None,
                  until: str | None) -> list[dict[str, Any]]:
    """Widely covered stories, while the outlet was publishing, in which it has no article."""
    out = []
    for story in store.list_stories(min_size=WIDE_OUTLETS):
        if story.id in covered or len(story.outlets) < WIDE_OUTLETS or {o.lower() for o in story.outlets} & keys:
            continue
        if since and until and not _overlaps(story, since, until):
            continue
        out.append({"id": story.id, "title": story.title or "(untitled story)", "outlets": len(story.outlets),
                    "first_seen": story.first_seen, "last_seen": story.last_seen})
    return sorted(out, key=lambda s: (-s["outlets"], s["id"]))


def _overlaps(story: Story, since: str, until: str) -> bool:
    return (story.first_seen or "")[:10] <= until[:10] and (story.last_seen or "9999")[:10] >= since[:10]


def outlet_index(store: Store) -> list[dict[str, Any]]:
    """Every outlet of the store with its article count and first and latest article, most articles first."""
    rows: dict[str, dict[str, Any]] = {}
    for a in store.iter_articles():
        key = outlet_key(a)
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
