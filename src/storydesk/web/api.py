"""The JSON API under /api: reads for everyone, writes behind the bearer token and a rate limit."""

from __future__ import annotations

import html
import json
from datetime import date
from typing import Annotated, Any, Literal

import nh3
from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from pydantic import BaseModel, Field

from .. import __version__
from ..brief.render import render, to_json
from ..errors import NotFoundError
from ..store import Store
from . import feeds as feed_store
from . import jobs, read
from .context import bearer, check_token, detail_of, limit_writes, river, settings_of, store_of
from .pages import search_results

router = APIRouter(prefix="/api")

Id = Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{1,64}$", description="An id (a unique story id prefix is enough).")]
Limit = Annotated[int, Query(ge=1, le=100, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Items to skip.")]
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Missing or wrong bearer token"}, 403: {"description": "Writes disabled"},
    429: {"description": "Rate limited"}}


class ErrorBody(BaseModel):
    status: int
    message: str


class ErrorOut(BaseModel):
    error: ErrorBody


class FeedIn(BaseModel):
    url: str = Field(min_length=1, max_length=2000, description="The feed's http(s) address.")
    title: str = Field("", max_length=200)


NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorOut, "description": "No such item"}}


def _date(value: date | None) -> str | None:
    return value.isoformat() if value else None


@router.get("/stories", summary="Stories, most recent (or widest coverage) first")
def list_stories(request: Request, limit: Limit = 20, offset: Offset = 0,
                 sort: Literal["recent", "coverage"] = "recent",
                 actor: Annotated[str | None, Query(max_length=200)] = None,
                 outlet: Annotated[str | None, Query(max_length=200)] = None,
                 language: Annotated[str | None, Query(max_length=20)] = None,
                 since: date | None = None, until: date | None = None) -> Response:
    store = store_of(request)

    def make() -> bytes:
        total, items = river(request, store, offset=offset, limit=limit, sort=sort, actor=actor, outlet=outlet,
                             language=language, since=_date(since), until=_date(until))
        return json.dumps({"total": total, "limit": limit, "offset": offset, "items": items},
                          ensure_ascii=False).encode()

    key = ("api-stories", store.count_stories(), str(request.url.query))
    return Response(request.app.state.cache.get_or_set(key, make), media_type="application/json")


@router.get("/stories/{story_id}", responses=NOT_FOUND, summary="One story: summary, articles, brief versions")
def get_story(request: Request, story_id: Id) -> dict[str, Any]:
    d = detail_of(request, store_of(request), story_id, None)
    return {"story": d["summary"], "versions": d["versions"], "articles": d["articles"]}


@router.get("/stories/{story_id}/brief", responses=NOT_FOUND, summary="The brief as JSON, Markdown or HTML")
def get_brief(request: Request, story_id: Id, format: Literal["json", "md", "html"] = "json",
              version: Annotated[int | None, Query(ge=1, le=1_000_000)] = None) -> Response:
    store = store_of(request)
    story = store.get_story(story_id)
    brief = store.get_brief(story.id, version)
    if format == "json":
        return JSONResponse(to_json(brief))
    if format == "md":
        return PlainTextResponse(render(brief, "md"), media_type="text/markdown; charset=utf-8")
    return Response(safe_document(brief.headline, render(brief, "html")), media_type="text/html; charset=utf-8")


def safe_document(title: str, body: str) -> str:
    """The brief's HTML through nh3 (http(s) links only, no scripts or handlers) in a minimal document."""
    clean = nh3.clean(body, url_schemes={"http", "https"}, link_rel="noopener nofollow noreferrer")
    return (f"<!doctype html><html lang=en><meta charset=utf-8><title>{html.escape(title)}</title>"
            f"<link rel=stylesheet href=/static/storydesk.css><main>{clean}</main></html>")


@router.get("/stories/{story_id}/perspectives", responses=NOT_FOUND,
            summary="How each outlet told the story: every difference claim with the evidence checked")
def get_perspectives(request: Request, story_id: Id,
                     version: Annotated[int | None, Query(ge=1, le=1_000_000)] = None) -> dict[str, Any]:
    store = store_of(request)
    story = store.get_story(story_id)
    brief = store.get_brief(story.id, version)
    return {"story_id": story.id, "version": brief.version, "perspectives": brief.perspectives}


@router.get("/stories/{story_id}/briefs", responses=NOT_FOUND, summary="Stored versions of a story's brief")
def brief_versions(request: Request, story_id: Id) -> dict[str, Any]:
    store = store_of(request)
    story = store.get_story(story_id)
    return {"story_id": story.id, "versions": store.brief_versions(story.id)}


@router.get("/stories/{story_id}/timeline", responses=NOT_FOUND, summary="Dated events of a story")
def get_timeline(request: Request, story_id: Id) -> dict[str, Any]:
    return detail_of(request, store_of(request), story_id, None)["timeline"]  # type: ignore[no-any-return]


@router.get("/stories/{story_id}/comparison", responses=NOT_FOUND,
            summary="Across outlets: key figures, quotes by speaker, reactions, coverage, actor graph")
def get_comparison(request: Request, story_id: Id) -> dict[str, Any]:
    d = detail_of(request, store_of(request), story_id, None)
    return {k: d[k] for k in ("figures", "quotes", "reactions", "coverage", "graph")}


@router.post("/stories/{story_id}/brief", responses={**NOT_FOUND, **WRITE_ERRORS},
             summary="Re-write a story's brief (a new version only when its content changed)")
def rebrief(request: Request, story_id: Id) -> dict[str, Any]:
    check_token(request, bearer(request))
    limit_writes(request)
    result = jobs.rebrief(settings_of(request), story_id)
    request.app.state.cache.clear()
    return result


@router.get("/articles", summary="Articles, oldest first, optionally of one story or outlet")
def list_articles(request: Request, limit: Limit = 20, offset: Offset = 0,
                  story: Annotated[str | None, Query(pattern=r"^[A-Za-z0-9_-]{1,64}$")] = None,
                  outlet: Annotated[str | None, Query(max_length=200)] = None) -> dict[str, Any]:
    store = store_of(request)
    if story:
        arts = store.get_articles(store.get_story(story).article_ids)
        arts.sort(key=lambda a: a.published_at or "")
    else:
        arts = list(store.iter_articles())
    if outlet:
        arts = [a for a in arts if outlet.lower() in (a.outlet or "").lower()]
    return {"total": len(arts), "limit": limit, "offset": offset,
            "items": [read.article_ref(a) for a in arts[offset:offset + limit]]}


@router.get("/articles/{article_id}", responses=NOT_FOUND, summary="One article with its enrichment and duplicates")
def get_article(request: Request, article_id: Id) -> dict[str, Any]:
    d = read.article_detail(store_of(request), article_id)
    return {k: d[k] for k in ("article", "story_id", "counts", "enrichment", "duplicates")}


@router.get("/search", summary="Full-text search (SQLite FTS5) over articles and briefs")
def search(request: Request, q: Annotated[str, Query(min_length=1, max_length=200)],
           kind: Literal["all", "articles", "briefs"] = "all", limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
    return search_results(store_of(request), q, kind, limit, offset, marks=("[", "]"))


@router.get("/feeds", summary="Feeds with their health")
def list_feeds(request: Request) -> dict[str, Any]:
    return {"items": feed_store.list_feeds(store_of(request))}


@router.post("/feeds", status_code=201, responses=WRITE_ERRORS, summary="Add a feed")
def add_feed(request: Request, feed: FeedIn) -> dict[str, Any]:
    check_token(request, bearer(request))
    limit_writes(request)
    with Store(settings_of(request).db) as store:
        return feed_store.add_feed(store, feed.url, feed.title)


@router.delete("/feeds", responses={**NOT_FOUND, **WRITE_ERRORS}, summary="Remove a feed")
def remove_feed(request: Request, url: Annotated[str, Query(min_length=1, max_length=2000)]) -> dict[str, Any]:
    check_token(request, bearer(request))
    limit_writes(request)
    with Store(settings_of(request).db) as store:
        feed_store.remove_feed(store, url)
    return {"removed": url}


@router.post("/ingest", status_code=202, responses={**WRITE_ERRORS, 409: {"description": "A job is running"}},
             summary="Poll the feeds, then enrich, cluster and brief what is new (a background job)")
def trigger_ingest(request: Request) -> JSONResponse:
    check_token(request, bearer(request))
    limit_writes(request)
    settings = settings_of(request)
    runner: jobs.JobRunner = request.app.state.jobs
    job = runner.start("ingest", lambda: jobs.ingest_job(settings))
    if job is None:
        return JSONResponse({"error": {"status": 409, "message": "a job is already running",
                                       "job": runner.running()}}, status_code=409)
    return JSONResponse(job, status_code=202, headers={"Location": f"/api/jobs/{job['id']}"})


@router.get("/jobs/{job_id}", responses=NOT_FOUND, summary="Status of a write job")
def get_job(request: Request, job_id: Id) -> dict[str, Any]:
    job = request.app.state.jobs.get(job_id)
    if job is None:
        raise NotFoundError(job_id, "no such job")
    job.pop("trace", None)
    return job  # type: ignore[no-any-return]


@router.get("/stats", summary="Counts of what the store holds")
def stats(request: Request) -> dict[str, Any]:
    return {**store_of(request).stats(), "version": __version__}
