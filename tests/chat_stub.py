"""Small OpenAI-compatible HTTP servers on 127.0.0.1 for the server engine's tests.

- ``StubServer`` answers ``/v1/chat/completions`` from a script (a function of the request),
  so a test decides exactly what the "model" says: a faithful rewrite, an invented fact,
  garbage, nothing.
- ``FaultProxy`` forwards to a real server but answers the first requests with a fault
  (429 with ``Retry-After``, 500, a hang), the way a busy or failing server does.

Both record every request (path, headers, JSON body) so tests can check what was sent.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx


@dataclass
class Reply:
    status: int = 200
    body: bytes | str | dict = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


def chat_reply(content: str | None, *, tokens: int = 7) -> Reply:
    """A well-formed chat completion whose first choice says ``content``."""
    return Reply(body={
        "id": "stub", "object": "chat.completion", "model": "stub-model",
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": 11, "completion_tokens": tokens, "total_tokens": 11 + tokens},
    })


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    body: dict


Script = Callable[[dict], Reply]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class StubServer:
    """Serves ``script(request_json) -> Reply`` for chat requests and a model list."""

    def __init__(self, script: Script, *, models: tuple[str, ...] = ("stub-model",)) -> None:
        self.script = script
        self.models = models
        self.seen: list[Seen] = []
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> StubServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def chat_requests(self) -> list[Seen]:
        return [s for s in self.seen if s.path.endswith("/chat/completions")]

    def answer(self, path: str, headers: dict[str, str], body: dict) -> Reply:
        with self._lock:
            self.seen.append(Seen(path, headers, body))
        if path.endswith("/models"):
            return Reply(body={"object": "list", "data": [{"id": m} for m in self.models]})
        return self.script(body)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                return None

            def do_GET(self) -> None:
                self._reply(stub.answer(self.path, dict(self.headers), {}))

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    body = {}
                self._reply(stub.answer(self.path, dict(self.headers), body))

            def _reply(self, reply: Reply) -> None:
                if reply.delay:
                    time.sleep(reply.delay)
                body = reply.body
                if isinstance(body, dict):
                    body = json.dumps(body).encode()
                elif isinstance(body, str):
                    body = body.encode()
                try:
                    self.send_response(reply.status)
                    headers = {"content-type": "application/json", **reply.headers}
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.send_header("content-length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        return Handler


class FaultProxy(StubServer):
    """Forwards to ``upstream`` except for the faults queued in ``faults`` (used in order)."""

    def __init__(self, upstream: str, faults: list[Reply]) -> None:
        self.upstream = upstream.rstrip("/")
        self.faults = list(faults)
        self._client = httpx.Client(timeout=120)
        super().__init__(self._forward)

    def answer(self, path: str, headers: dict[str, str], body: dict) -> Reply:
        if path.endswith("/models"):
            with self._lock:
                self.seen.append(Seen(path, headers, body))
            response = self._client.get(f"{self.upstream}/models")
            return Reply(response.status_code, response.content)
        return super().answer(path, headers, body)

    def _forward(self, body: dict) -> Reply:
        with self._lock:
            fault = self.faults.pop(0) if self.faults else None
        if fault is not None:
            return fault
        response = self._client.post(f"{self.upstream}/chat/completions", json=body)
        return Reply(response.status_code, response.content)
