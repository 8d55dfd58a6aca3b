"""A person's split and merge of stories over the web: the story page's forms and the JSON API.

Both need the write token (the form's token field, or the API's bearer token: a cross-site form cannot
know it, so the forms need no other CSRF defence), both are rate limited, and both call the one use case
of :mod:`storydesk.edits`, which records who (the name given, as the token holder) and when.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field

from .. import edits, pipeline
from ..settings import Settings
from ..store import Store
from .context import bearer, check_token, limit_writes, settings_of

ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
StoryId = Annotated[str, Path(pattern=ID_PATTERN, description="A story id (a unique prefix is enough).")]
TOKEN_HOLDER = "token holder"
REWRITE = pipeline.write_briefs  # both briefs of a split, the kept one of a merge

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api")


class SplitIn(BaseModel):
    articles: list[Annotated[str, Field(pattern=ID_PATTERN)]] = Field(
        min_length=1, max_length=2000, description="Ids (or unique prefixes) of the articles to move.")
    by: str = Field("", max_length=80, description="Who makes the edit (shown in the story's history).")


class MergeIn(BaseModel):
    story: str = Field(pattern=ID_PATTERN, description="The story merged into this one.")
    by: str = Field("", max_length=80, description="Who makes the edit (shown in the story's history).")


def who(by: str) -> str:
    """The name given, marked as the token holder's (the token is what the server knows)."""
    name = " ".join(by.split())
    return f"{name} ({TOKEN_HOLDER})" if name else TOKEN_HOLDER


def _edit(request: Request, token: str | None, work: Callable[[Store, Settings], dict[str, Any]]) -> dict[str, Any]:
    check_token(request, token)
    limit_writes(request)
    settings = settings_of(request)
    with Store(settings.db) as store:
        result = work(store, settings)
    request.app.state.cache.clear()
    return result


@api.post("/stories/{story_id}/split", summary="Split articles off a story into a new story (needs the token)",
          responses={401: {"description": "Missing or wrong bearer token"}, 403: {"description": "Writes disabled"}})
def api_split(request: Request, story_id: StoryId, body: SplitIn) -> dict[str, Any]:
    def work(store: Store, settings: Settings) -> dict[str, Any]:
        return edits.split_story(store, settings, story_id, body.articles, who(body.by), REWRITE)

    return _edit(request, bearer(request), work)


@api.post("/stories/{story_id}/merge", summary="Merge another story into this one (needs the token)",
          responses={401: {"description": "Missing or wrong bearer token"}, 403: {"description": "Writes disabled"}})
def api_merge(request: Request, story_id: StoryId, body: MergeIn) -> dict[str, Any]:
    def work(store: Store, settings: Settings) -> dict[str, Any]:
        return edits.merge_stories(store, settings, story_id, body.story, who(body.by), REWRITE)

    return _edit(request, bearer(request), work)


@pages.post("/stories/{story_id}/split")
def form_split(request: Request, story_id: StoryId,
               articles: Annotated[list[str], Form(max_length=2000)] = [],  # noqa: B006 - FastAPI's form list
               token: Annotated[str, Form(max_length=500)] = "",
               by: Annotated[str, Form(max_length=80)] = "") -> RedirectResponse:
    def work(store: Store, settings: Settings) -> dict[str, Any]:
        return edits.split_story(store, settings, story_id, articles, who(by), REWRITE)

    result = _edit(request, token, work)
    return RedirectResponse(f"/stories/{result['story']}#h-history", status_code=303)


@pages.post("/stories/{story_id}/merge")
def form_merge(request: Request, story_id: StoryId, other: Annotated[str, Form(pattern=ID_PATTERN)],
               token: Annotated[str, Form(max_length=500)] = "",
               by: Annotated[str, Form(max_length=80)] = "") -> RedirectResponse:
    def work(store: Store, settings: Settings) -> dict[str, Any]:
        return edits.merge_stories(store, settings, story_id, other, who(by), REWRITE)

    result = _edit(request, token, work)
    return RedirectResponse(f"/stories/{result['story']}#h-history", status_code=303)
