"""A real HTTP server on 127.0.0.1 for the fetching tests: pages, robots.txt, feeds,
redirects, a slow endpoint, trickling headers or bodies, error codes, a wrong content type
and an oversized body.

Routes are plain data (status, headers, body), so each test can add its own; every
request is counted per path so tests can tell a cached page from a fetched one.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the answer (a slow server)
    pieces: int = 1  # the body is sent in this many pieces ...
    piece_delay: float = 0.0  # ... this many seconds apart (a trickling server)
    header_byte_delay: float = 0.0  # status line and headers sent a byte at a time


@dataclass
class TestServer:
    routes: dict[str, Route] = field(default_factory=dict)
    hits: Counter = field(default_factory=Counter)
    user_agents: list[str] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None

    @property
    def base(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def start(self) -> TestServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                server.hits[path] += 1
                server.user_agents.append(self.headers.get("User-Agent", ""))
                route = server.routes.get(path, Route(404, b"not found", "text/plain"))
                if route.delay:
                    time.sleep(route.delay)
                if "ETag" in route.headers and self.headers.get("If-None-Match") == \
                        route.headers["ETag"]:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(route.status)
                if route.content_type:
                    self.send_header("Content-Type", route.content_type)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(route.body)))
                if route.header_byte_delay:
                    self._trickle_headers(route.header_byte_delay)
                else:
                    self.end_headers()
                size = -(-len(route.body) // route.pieces)
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    for start in range(0, len(route.body), size or 1):
                        if start and route.piece_delay:
                            time.sleep(route.piece_delay)
                        self.wfile.write(route.body[start:start + size])
                        self.wfile.flush()

            def _trickle_headers(self, delay: float) -> None:
                """Send the buffered status line and headers one byte every ``delay`` s."""
                self.send_header("Connection", "close")
                head = b"".join(self._headers_buffer) + b"\r\n"  # what end_headers sends
                self._headers_buffer = []
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    for byte in head:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(delay)

            def log_message(self, *args: object) -> None:
                """Quiet: the tests' output is their own."""

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
