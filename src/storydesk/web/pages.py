"""Server-rendered pages: the story river, a story, an article, search and feeds."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path as FilePath
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

import nh3
from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup, escape

from ..errors import NotFoundError, StorydeskError
from ..safety import MATCH_MARKS
from ..store import Store
from . import feeds as feed_store
from . import outlets, read, syndication
from .context import check_token, detail_of, limit_writes, river, settings_of, store_of, story_key

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 20
SNIP_MARKS = MATCH_MARKS
ID = r"^[A-Za-z0-9_-]{1,64}$"


def _snippet(text: str) -> Markup:
    """Escape a search snippet, then turn the match marks into <mark> elements."""
    out = str(escape(text or ""))
    return Markup(out.replace(SNIP_MARKS[0], "<mark>").replace(SNIP_MARKS[1], "</mark>"))


def _clean_html(value: str | None) -> Markup:
    """Feed descriptions may carry HTML: keep a few inline tags, drop everything else (nh3)."""
    return Markup(nh3.clean(value or "", tags={"b", "i", "em", "strong", "a", "p", "br"},
                            attributes={"a": {"href"}}, link_rel="noopener nofollow noreferrer",
                            url_schemes={"http", "https"}))


def safe_url(value: str | None) -> str | None:
    """Only http(s) links leave the page: a stored ``javascript:`` or ``data:`` URL renders as no link."""
    if not value:
        return None
    scheme = urlsplit(value.strip()).scheme.lower()
    return value if scheme in ("http", "https") else None


def make_templates() -> Jinja2Templates:
    env = Environment(loader=FileSystemLoader(FilePath(__file__).parent / "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["day"] = read.day
    env.filters["clean_html"] = _clean_html
    env.filters["snippet"] = _snippet
    env.filters["safe_url"] = safe_url
    return Jinja2Templates(env=env)


def _render(request: Request, name: str, **ctx: Any) -> str:
    templates: Jinja2Templates = request.app.state.templates
    return templates.env.get_template(name).render(**ctx)


def _page(request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    return HTMLResponse(_render(request, name, **ctx), status_code=status)


def search_results(store: Store, q: str, kind: str, limit: int, offset: int,
                   marks: tuple[str, str] = SNIP_MARKS) -> dict[str, Any]:
    """FTS5 matches in articles and briefs, with their outlet, date and story."""
    out: dict[str, Any] = {"q": q, "kind": kind, "limit": limit, "offset": offset, "articles": [], "briefs": []}
    if kind in ("all", "articles"):
        hits = store.search_articles(q, limit, marks=marks, offset=offset)
        arts = {a.id: a for a in store.get_articles([h["id"] for h in hits])}
        for h in hits:
            a = arts.get(h["id"])
            out["articles"].append({**h, "outlet": a.outlet if a else "", "published": a.published_at if a else None,
                                    "story_id": store.story_of(h["id"])})
    if kind in ("all", "briefs"):
        out["briefs"] = store.search_briefs(q, limit, marks=marks, offset=offset)
    return out


def _day_or_none(value: str | None) -> str | None:
    """A form's empty or unreadable date means no filter."""
    try:
        return date.fromisoformat(value).isoformat() if value else None
    except ValueError:
        return None


@router.get("/", response_class=HTMLResponse)
def river_page(request: Request, page: Annotated[int, Query(ge=1, le=100_000)] = 1, sort: str = "recent",
               actor: Annotated[str | None, Query(max_length=200)] = None,
               outlet: Annotated[str | None, Query(max_length=200)] = None,
               language: Annotated[str | None, Query(max_length=20)] = None,
               since: Annotated[str | None, Query(max_length=10)] = None,
               until: Annotated[str | None, Query(max_length=10)] = None) -> HTMLResponse:
    store = store_of(request)
    filters = {"actor": actor or None, "outlet": outlet or None, "language": language or None,
               "since": _day_or_none(since), "until": _day_or_none(until)}
    sort = sort if sort in ("recent", "coverage") else "recent"
    query = {k: v for k, v in {**filters, "sort": sort}.items() if v}

    def link(p: int) -> str:
        return "/?" + urlencode({**query, "page": p})

    def make() -> str:
        total, items = river(request, store, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE, sort=sort, **filters)
        pages = max(1, math.ceil(total / PAGE_SIZE))
        return _render(request, "river.html", items=items, total=total, page=page, pages=pages, filters=filters,
                       sort=sort, prev=link(page - 1) if page > 1 else None,
                       next=link(page + 1) if page < pages else None, stats=store.stats())

    key = ("river", store.count_stories(), page, tuple(sorted(query.items())))
    return HTMLResponse(request.app.state.cache.get_or_set(key, make))


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str, v: Annotated[int | None, Query(ge=1, le=1_000_000)] = None
               ) -> HTMLResponse:
    store = store_of(request)
    story = store.get_story(story_id)

    def make() -> str:
        d = detail_of(request, store, story.id, v)
        charts = {"coverage": d["coverage"], "timeline": d["timeline"], "graph": d["graph"]}
        return _render(request, "story.html", d=d, s=d["summary"], b=d["brief"], charts=charts,
                       writes=bool(settings_of(request).api_token))

    html = request.app.state.cache.get_or_set(("story-page", *story_key(story, store), v), make)
    return HTMLResponse(html)


ATOM = "application/atom+xml; charset=utf-8"


def feed_base(request: Request) -> str:
    """Absolute links in feeds: the ``base_url`` setting, else the address this request reached."""
    return syndication.base(str(settings_of(request).base_url or "") or str(request.base_url))


@router.get("/stories/{story_id}/feed.xml")
def story_feed(request: Request, story_id: str) -> Response:
    store = store_of(request)
    story = store.get_story(story_id)
    root = feed_base(request)
    xml = request.app.state.cache.get_or_set(("story-feed", *story_key(story, store), root),
                                             lambda: syndication.story_feed(store, story.id, root))
    return Response(xml, media_type=ATOM)


@router.get("/search/feed.xml")
def search_feed(request: Request, q: Annotated[str, Query(min_length=1, max_length=200)]) -> Response:
    store = store_of(request)
    root = feed_base(request)
    xml = request.app.state.cache.get_or_set(("search-feed", store.count_stories(), store.count_articles(), q, root),
                                             lambda: syndication.search_feed(store, q, root))
    return Response(xml, media_type=ATOM)


@router.get("/outlets", response_class=HTMLResponse)
def outlets_page(request: Request) -> HTMLResponse:
    store = store_of(request)
    rows = request.app.state.cache.get_or_set(("outlets", store.count_articles()),
                                              lambda: outlets.outlet_index(store))
    return _page(request, "outlets.html", rows=rows)


@router.get("/outlets/{domain}", response_class=HTMLResponse)
def outlet_page(request: Request, domain: Annotated[str, Path(max_length=253)]) -> HTMLResponse:
    store = store_of(request)
    key = ("outlet", store.count_stories(), store.count_articles(), domain.lower())
    detail = request.app.state.cache.get_or_set(key, lambda: outlets.outlet_detail(store, domain))
    if detail is None:
        raise NotFoundError(f"outlet {domain}"[:200], "no article from this outlet in this database")
    return _page(request, "outlet.html", o=detail)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str, hl: Annotated[int | None, Query(ge=0)] = None) -> HTMLResponse:
    d = read.article_detail(store_of(request), article_id, cited=hl)
    return _page(request, "article.html", d=d, a=d["article"])


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: Annotated[str, Query(max_length=200)] = "",
                kind: str = "all") -> HTMLResponse:
    kind = kind if kind in ("all", "articles", "briefs") else "all"
    results = search_results(store_of(request), q, kind, 30, 0) if q.strip() else None
    return _page(request, "search.html", q=q, kind=kind, results=results)


@router.get("/feeds", response_class=HTMLResponse)
def feeds_page(request: Request, message: str | None = None, error: str | None = None) -> HTMLResponse:
    return _page(request, "feeds.html", feeds=feed_store.list_feeds(store_of(request)), message=message,
                 error=error, writes=bool(settings_of(request).api_token))


def _feed_write(request: Request, token: str, action: Any) -> Response:
    """Run a feed change from a form; errors come back on the page with a status code that says why."""
    from fastapi import HTTPException

    try:
        check_token(request, token)
        limit_writes(request)
        with Store(settings_of(request).db) as store:
            message = action(store)
    except HTTPException as exc:
        return feeds_error(request, exc.status_code, str(exc.detail))
    except StorydeskError as exc:
        return feeds_error(request, 404 if exc.exit_code == 4 else 400, str(exc))
    return RedirectResponse("/feeds?" + urlencode({"message": message}), status_code=303)


def feeds_error(request: Request, status: int, message: str) -> HTMLResponse:
    return _page(request, "feeds.html", status=status, feeds=feed_store.list_feeds(store_of(request)),
                 message=None, error=message, writes=bool(settings_of(request).api_token))


@router.post("/feeds", response_class=HTMLResponse)
def feeds_add(request: Request, url: Annotated[str, Form(max_length=2000)],
              token: Annotated[str, Form(max_length=500)] = "",
              title: Annotated[str, Form(max_length=200)] = "") -> Response:
    def add(store: Store) -> str:
        entry = feed_store.add_feed(store, url, title)
        return f"Added {entry['url']}"

    return _feed_write(request, token, add)


@router.post("/feeds/remove", response_class=HTMLResponse)
def feeds_remove(request: Request, url: Annotated[str, Form(max_length=2000)],
                 token: Annotated[str, Form(max_length=500)] = "") -> Response:
    def remove(store: Store) -> str:
        feed_store.remove_feed(store, url)
        return f"Removed {url}"

    return _feed_write(request, token, remove)
