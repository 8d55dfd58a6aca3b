"""``storydesk serve``: run the web app with uvicorn, on 127.0.0.1 unless told otherwise."""

from __future__ import annotations

import os
from collections.abc import Callable

from ..settings import Settings
from .app import create_app


def address(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def serve(settings: Settings, *, echo: Callable[[str], None] = print, log_level: str = "warning") -> None:
    """Serve ``settings.db``; prints the address first. Worker processes read the settings from the environment."""
    import uvicorn

    host, port, workers = str(settings.host), int(settings.port), max(1, int(settings.web_workers))
    echo(f"storydesk: serving {settings.db} at {address(host, port)} (Ctrl-C stops)")
    if host not in ("127.0.0.1", "localhost", "::1"):
        echo(f"warning: listening on {host}: other machines can reach this server")
    if workers == 1:
        uvicorn.run(create_app(settings), host=host, port=port, log_level=log_level, proxy_headers=False)
        return
    for key, value in settings.as_dict().items():  # worker processes rebuild the same settings
        os.environ[f"STORYDESK_{key.upper()}"] = str(value)
    uvicorn.run("storydesk.web.app:create_app_from_env", factory=True, host=host, port=port, workers=workers,
                log_level=log_level, proxy_headers=False)
