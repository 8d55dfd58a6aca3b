"""Commands that find things in the store: search (full text over articles and briefs) and stories, both
with the outlet, actor and date filters of the web UI's river."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

import typer

from ..errors import InputError, StorydeskError
from ..model import Article, Story, to_dict
from ..safety import MATCH_MARKS, unmarked
from ..stories.filters import actor_counts, matches
from .common import DbOption, JsonOption, _fail, _store, show_rows

QueryArg = Annotated[str, typer.Argument(help="Words to find (all of them, in any order).")]
OutletOption = Annotated[str | None, typer.Option("--outlet", help="Only this outlet (part of its name is enough).")]
ActorOption = Annotated[str | None, typer.Option("--actor", help="Only stories or articles naming this actor.")]
SinceOption = Annotated[str | None, typer.Option("--since", help="Only from this date on (YYYY-MM-DD).")]
UntilOption = Annotated[str | None, typer.Option("--until", help="Only up to this date (YYYY-MM-DD).")]
LimitOption = Annotated[int, typer.Option("--limit", help="Most rows to show (of each kind for search).")]

ALL_HITS = 1_000_000


def _day(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        _fail(InputError(f"{name} {value}", "not a date", "use YYYY-MM-DD"))


class Filters:
    """The outlet, actor and date filters, applied to stories (as the web river does) and to articles."""

    def __init__(self, outlet: str | None, actor: str | None, since: str | None, until: str | None) -> None:
        self.outlet, self.actor = outlet, actor
        self.since, self.until = _day("--since", since), _day("--until", until)

    def any(self) -> bool:
        return any((self.outlet, self.actor, self.since, self.until))

    def story(self, store: Any, story: Story) -> bool:
        if not self.any():
            return True
        enrichments = store.get_enrichments(story.article_ids) if self.actor else {}
        summary = {"actors": sorted(actor_counts(enrichments.values())), "outlet_names": story.outlets,
                   "languages": [], "first_seen": story.first_seen, "last_seen": story.last_seen}
        return matches(summary, outlet=self.outlet, actor=self.actor, since=self.since, until=self.until)

    def article(self, store: Any, article: Article) -> bool:
        if self.outlet and self.outlet.strip().lower() not in f"{article.outlet} {article.domain}".lower():
            return False
        day = (article.published_at or "")[:10]
        if self.since and (not day or day < self.since):
            return False
        if self.until and (not day or day > self.until):
            return False
        if self.actor:
            enrichment = store.get_enrichment(article.id)
            names = {n.lower() for n in actor_counts([enrichment] if enrichment else [])}
            if self.actor.strip().lower() not in names:
                return False
        return True


def _story_row(s: Story) -> list[str]:
    return [s.id, str(s.size), str(len(s.outlets)), (s.first_seen or "")[:10], (s.last_seen or "")[:10], s.title]


def _story_json(story: Story, articles: dict[str, Article]) -> dict[str, Any]:
    data = to_dict(story)
    data["size"] = story.size
    data["articles"] = [
        {"id": a.id, "url": a.url, "outlet": a.outlet, "title": a.title, "published": a.published_at,
         "duplicate_of": a.duplicate_of}
        for a in (articles[i] for i in story.article_ids if i in articles)
    ]
    return data


def _matching_story_ids(store: Any, query: str) -> set[str]:
    ids = {h["story_id"] for h in store.search_briefs(query, ALL_HITS)}
    for hit in store.search_articles(query, ALL_HITS):
        story_id = store.story_of(hit["id"])
        if story_id:
            ids.add(story_id)
    return ids


def stories(query: Annotated[str | None, typer.Argument(help="Only stories whose brief or articles contain "
                                                               "these words.")] = None,
            db: DbOption = None, as_json: JsonOption = False, limit: LimitOption = 50,
            min_size: Annotated[int, typer.Option(help="Only stories with at least this many articles.")] = 1,
            outlet: OutletOption = None, actor: ActorOption = None,
            since: SinceOption = None, until: UntilOption = None) -> None:
    """List stories, most recent first; a query and the filters narrow the list."""
    filters = Filters(outlet, actor, since, until)
    try:
        with _store(db, must_exist=True) as store:
            items = store.list_stories(min_size=min_size)
            if query is not None:
                wanted = _matching_story_ids(store, query)
                items = [s for s in items if s.id in wanted]
            items = [s for s in items if filters.story(store, s)]
            total, items = len(items), items[:max(0, limit)]
            arts = {a.id: a for a in store.get_articles([i for s in items for i in s.article_ids])}
    except StorydeskError as exc:
        _fail(exc)
    if as_json:
        print(json.dumps([_story_json(s, arts) for s in items], indent=2, ensure_ascii=False))
        return
    show_rows(f"{total} stories", ["id", "articles", "outlets", "first", "last", "title"],
              [_story_row(s) for s in items], total=total)


def search(query: QueryArg, db: DbOption = None, as_json: JsonOption = False, limit: LimitOption = 20,
           outlet: OutletOption = None, actor: ActorOption = None,
           since: SinceOption = None, until: UntilOption = None) -> None:
    """Full-text search over briefs and articles, best match first: stories whose brief matches, then
    articles, each with its story and a snippet."""
    if not query.strip():
        _fail(InputError("QUERY", "empty query", "give at least one word"))
    filters = Filters(outlet, actor, since, until)
    try:
        with _store(db, must_exist=True) as store:
            brief_hits = []
            for hit in store.search_briefs(query, ALL_HITS, marks=MATCH_MARKS):
                story = store.get_story(hit["story_id"])
                if filters.story(store, story):
                    brief_hits.append({**hit, "articles": story.size, "outlets": len(story.outlets),
                                       "first_seen": story.first_seen, "last_seen": story.last_seen})
            article_hits = []
            hits = store.search_articles(query, ALL_HITS, marks=MATCH_MARKS)
            by_id = {a.id: a for a in store.get_articles([h["id"] for h in hits])}
            for hit in hits:
                art = by_id.get(hit["id"])
                if art is not None and filters.article(store, art):
                    article_hits.append({**hit, "outlet": art.outlet, "published": art.published_at,
                                         "url": art.url, "story_id": store.story_of(art.id)})
    except StorydeskError as exc:
        _fail(exc)
    shown_briefs, shown_articles = brief_hits[:max(0, limit)], article_hits[:max(0, limit)]
    if as_json:
        for hit in shown_briefs + shown_articles:
            hit["snippet"] = unmarked(hit["snippet"])
        print(json.dumps({"query": query, "stories": shown_briefs, "articles": shown_articles,
                          "total": {"stories": len(brief_hits), "articles": len(article_hits)}},
                         indent=2, ensure_ascii=False))
        return
    show_rows(f"{len(brief_hits)} stories whose brief matches", ["story", "articles", "last", "headline", "snippet"],
              [[h["story_id"], str(h["articles"]), (h["last_seen"] or "")[:10], h["headline"], h["snippet"]]
               for h in shown_briefs], total=len(brief_hits), wide=("headline", "snippet"), marked=("snippet",))
    show_rows(f"{len(article_hits)} matching articles", ["article", "outlet", "published", "story", "title", "snippet"],
              [[h["id"], h["outlet"], (h["published"] or "")[:10], h["story_id"] or "", h["title"], h["snippet"]]
               for h in shown_articles], total=len(article_hits), wide=("title", "snippet"), marked=("snippet",))
