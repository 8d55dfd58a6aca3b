"""A real HTTP server on 127.0.0.1 for the ingest tests: routes map a path to a response we write."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay_per_chunk: float = 0.0  # seconds between 1-KiB chunks (a slow server)
    chunks: int = 0  # when > 0, send the body this many times without a Content-Length
    etag: str | None = None  # answer 304 when the client sends this ETag back


@dataclass
class Server:
    base: str
    routes: dict[str, Route | Callable[[BaseHTTPRequestHandler], Route]]
    hits: dict[str, list[dict[str, str]]]

    def url(self, path: str) -> str:
        return self.base + path

    def count(self, path: str) -> int:
        return len(self.hits.get(path, []))


@contextmanager
def serve(routes: dict[str, Route | Callable[[BaseHTTPRequestHandler], Route]]) -> Iterator[Server]:
    hits: dict[str, list[dict[str, str]]] = {}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # keep test output clean
            pass

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            path = self.path.split("?")[0]
            hits.setdefault(path, []).append({k.lower(): v for k, v in self.headers.items()})
            spec = routes.get(path)
            if spec is None:
                spec = Route(b"not here", 404, {"Content-Type": "text/plain"})
            route = spec(self) if callable(spec) else spec
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self.send_response(304)
                self.send_header("ETag", route.etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(route.status)
            for key, value in route.headers.items():
                self.send_header(key, value)
            if route.etag:
                self.send_header("ETag", route.etag)
            try:
                if route.chunks:
                    self.send_header("Connection", "close")
                    self.end_headers()
                    for _ in range(route.chunks):
                        self.wfile.write(route.body)
                        if route.delay_per_chunk:
                            time.sleep(route.delay_per_chunk)
                    return
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                if route.delay_per_chunk:
                    for i in range(0, len(route.body), 1024):
                        self.wfile.write(route.body[i:i + 1024])
                        self.wfile.flush()
                        time.sleep(route.delay_per_chunk)
                else:
                    self.wfile.write(route.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up, as it should on caps and deadlines

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(f"http://127.0.0.1:{httpd.server_address[1]}", routes, hits)
    finally:
        httpd.shutdown()
        httpd.server_close()
