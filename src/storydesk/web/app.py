"""The web app: the reading UI and the JSON API over one storydesk database.

``create_app(settings)`` builds a FastAPI app; ``storydesk serve`` runs it with uvicorn on 127.0.0.1
unless told otherwise. Reads use one read-only SQLite connection per worker thread; writes (feeds,
ingest, re-brief) open their own connection and need the bearer token from ``api_token``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..errors import NotFoundError, StorydeskError
from ..settings import Settings
from ..store import Store
from . import api, edits, pages
from .context import RateLimiter, Readers, TTLCache
from .guard import FailureBucket, WriteGuard
from .jobs import JobRunner

HERE = Path(__file__).parent
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


class SecurityHeaders:
    """Adds the security headers to every response (a plain ASGI middleware: no per-request overhead)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in SECURITY_HEADERS if k not in names]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api")


def _error(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    if _wants_json(request):
        return JSONResponse({"error": {"status": status, "message": message}}, status_code=status, headers=headers)
    templates = request.app.state.templates
    return templates.TemplateResponse(request, "error.html", {"status": status, "message": message},
                                      status_code=status, headers=headers)


def create_app(settings: Settings) -> FastAPI:
    """The app over ``settings.db`` (created and migrated if absent, then read through read-only connections)."""
    Store(settings.db).close()
    app = FastAPI(title="storydesk API", version=__version__, openapi_url="/api/openapi.json", docs_url=None,
                  redoc_url=None, description="Stories, cited briefs, articles, timelines, comparisons, search "
                  "and feeds from one storydesk database. Writes need `Authorization: Bearer <api_token>`.")
    app.state.settings = settings
    app.state.readers = Readers(settings.db)
    app.state.cache = TTLCache(size=512, ttl=float(settings.web_cache_seconds))
    app.state.limiter = RateLimiter(int(settings.api_write_rate))
    app.state.jobs = JobRunner()
    app.state.templates = pages.make_templates()
    app.state.auth_failures = FailureBucket()
    app.add_middleware(WriteGuard)  # body cap and token check before any body is parsed
    app.add_middleware(SecurityHeaders)  # outermost: every answer carries the headers
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router)
    app.include_router(edits.api)
    app.include_router(edits.pages)
    app.include_router(pages.router)

    @app.exception_handler(StorydeskError)
    async def storydesk_error(request: Request, exc: StorydeskError) -> Response:
        status = 404 if isinstance(exc, NotFoundError) else 400
        # the hint names a CLI command: right for the API's scripts, not for a reader in a browser
        return _error(request, status, str(exc) if _wants_json(request) else f"{exc.input}: {exc.reason}")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        return _error(request, exc.status_code, message, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for e in exc.errors()[:5]:
            where = ".".join(str(x) for x in e.get("loc", ()) if x != "body")
            parts.append(f"{where}: {e.get('msg', 'invalid')}")
        return _error(request, 422, "invalid request: " + "; ".join(parts))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        return _error(request, 500, f"internal error ({type(exc).__name__}); see the server log")

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, Any]:
        return {"ok": True}

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return HTMLResponse(status_code=204)

    return app


def create_app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` and worker processes: settings from the environment and files."""
    return create_app(Settings.load())
