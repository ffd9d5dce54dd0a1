"""A small client for OpenAI-compatible chat servers (llama.cpp, Ollama, vLLM, LM Studio, APIs).

Why our own thin client on ``httpx`` rather than the ``openai`` package: we need only
``/chat/completions`` and ``/models``, but we need control over what the package hides:
several endpoints served as one pool (the least busy one gets the next request), retries
that honour ``Retry-After``, and errors that become one line with exit code 4 and never
carry the API key.

The key is read from ``REWRITE_API_KEY`` (or ``OPENAI_API_KEY``) and only ever placed in
the ``Authorization`` header; it is not part of any repr, message or report.
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

import httpx

from rewrite_cli.errors import ModelError, UsageError
from rewrite_cli.web.fetch import display_url

KEY_VARIABLES = ("REWRITE_API_KEY", "OPENAI_API_KEY")
RETRY_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504})
MAX_RETRY_AFTER_S = 60.0


class ServerError(ModelError):
    """The server is down, too slow, or answers something that is not a chat completion."""


@dataclass(frozen=True)
class ServerOptions:
    """Where and how to call the server; ``api_key`` is kept out of ``repr``."""

    api_bases: tuple[str, ...]
    model: str | None = None
    api_key: str | None = field(default=None, repr=False)
    concurrency: int = 4  # requests in flight per endpoint
    connect_timeout: float = 5.0
    read_timeout: float = 120.0
    retries: int = 3
    backoff: float = 0.5  # seconds before the first retry; doubles, with jitter
    temperature: float = 0.7
    seed: int | None = 0

    def __post_init__(self) -> None:
        if not self.api_bases:
            raise UsageError("the server engine needs --api-base URL")
        for base in self.api_bases:
            if not base.startswith(("http://", "https://")) or not _host(base):
                raise UsageError(f"--api-base must be an http(s) URL with a host "
                                 f"(got {display_url(base)!r})")
        if self.concurrency < 1:
            raise UsageError("--concurrency must be at least 1")
        if self.read_timeout <= 0 or self.connect_timeout <= 0:
            raise UsageError("--timeout must be positive")


def _host(url: str) -> str:
    """The URL's host, or "" when httpx cannot parse it ("http://[::1" was a traceback)."""
    try:
        return httpx.URL(url).host
    except (httpx.InvalidURL, ValueError):
        return ""


def api_key_from_env(environ: dict[str, str] | None = None) -> str | None:
    """The API key from the first of ``KEY_VARIABLES`` that is set (None for local servers)."""
    environ = dict(os.environ) if environ is None else environ
    for name in KEY_VARIABLES:
        value = environ.get(name, "").strip()
        if value:
            return value
    return None


@dataclass(frozen=True)
class Completion:
    """One answer and what it cost."""

    text: str
    prompt_tokens: int
    completion_tokens: int
    seconds: float
    endpoint: str
    attempts: int = 1


@dataclass
class _Endpoint:
    base: str
    in_flight: int = 0
    served: int = 0

    @property
    def shown(self) -> str:
        """The address as messages and stats may show it: a ``user:password@`` part is a
        secret like the key, so it is sent but never printed."""
        return display_url(self.base)


class ChatClient:
    """Sends chat requests to a pool of endpoints, at most ``concurrency`` in flight on each.

    Thread-safe: the server engine calls ``complete`` from a pool of worker threads, and
    each call takes the endpoint with the fewest requests in flight, so every endpoint
    stays busy while work remains.
    """

    def __init__(
        self,
        options: ServerOptions,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.options = options
        self._sleep = sleep
        self._rng = rng or random.Random(options.seed)
        self._endpoints = [_Endpoint(base.rstrip("/")) for base in options.api_bases]
        self._free = threading.Condition()
        headers = {"Accept": "application/json"}
        if options.api_key:
            headers["Authorization"] = f"Bearer {options.api_key}"
        timeout = httpx.Timeout(options.read_timeout, connect=options.connect_timeout)
        limits = httpx.Limits(max_connections=options.concurrency * len(self._endpoints))
        self._http = httpx.Client(
            headers=headers, timeout=timeout, limits=limits, transport=transport
        )

    @property
    def workers(self) -> int:
        """How many requests may be in flight over all endpoints together."""
        return self.options.concurrency * len(self._endpoints)

    def served(self) -> dict[str, int]:
        """Requests answered per endpoint (for stats and the multi-endpoint test)."""
        return {e.shown: e.served for e in self._endpoints}

    def close(self) -> None:
        self._http.close()

    def _scrub(self, error: ServerError) -> ServerError:
        """The error with the key blanked out, should a server have echoed it back."""
        key = self.options.api_key
        if key and key in str(error):
            return ServerError(str(error).replace(key, "***"))
        return error

    def model_name(self) -> str:
        try:
            return self._model_name()
        except ServerError as exc:
            raise self._scrub(exc) from None

    def _model_name(self) -> str:
        """``--model`` if given, else the first model the first live endpoint lists.

        Also the start-up probe: every endpoint is asked for ``/models`` once, without
        retries, so a server that is down is reported at once instead of per request.
        """
        names: list[str] = []
        problems: list[str] = []
        for endpoint in self._endpoints:
            try:
                response = self._http.get(f"{endpoint.base}/models")
                response.raise_for_status()
                names += [str(m["id"]) for m in response.json().get("data", []) if "id" in m]
            except httpx.HTTPStatusError as exc:
                if exc.response.status_code in (404, 405) and self.options.model:
                    continue  # some servers serve chat without listing models
                problems.append(f"{endpoint.shown}: {_status_reason(exc.response)}")
            except (httpx.HTTPError, ValueError, AttributeError, TypeError) as exc:
                problems.append(f"{endpoint.shown}: {_reason(exc)}")
            except RecursionError:  # a model list nested thousands deep
                problems.append(f"{endpoint.shown}: the model list is not JSON")
        if len(problems) == len(self._endpoints):
            raise ServerError(f"cannot reach the model server ({'; '.join(problems)})")
        if self.options.model:
            return self.options.model
        if not names:
            raise ServerError("the server lists no models; name one with --model")
        return names[0]

    def complete(
        self,
        messages: Sequence[dict[str, str]],
        *,
        max_tokens: int,
        seed: int | None = None,
        model: str | None = None,
    ) -> Completion:
        try:
            return self._complete(messages, max_tokens=max_tokens, seed=seed, model=model)
        except ServerError as exc:
            raise self._scrub(exc) from None

    def _complete(
        self,
        messages: Sequence[dict[str, str]],
        *,
        max_tokens: int,
        seed: int | None,
        model: str | None,
    ) -> Completion:
        """One chat completion, retried on 429, 5xx and refused connections with backoff.

        ``Retry-After`` (seconds or an HTTP date) is honoured, capped at a minute; otherwise
        the wait doubles from ``backoff`` with full jitter, so many clients that were
        throttled together do not come back together.
        """
        payload: dict[str, object] = {
            "messages": list(messages),
            "max_tokens": max_tokens,
            "temperature": self.options.temperature,
            "stream": False,
        }
        if model or self.options.model:
            payload["model"] = model or self.options.model
        if seed is not None:
            payload["seed"] = seed
        last = "no attempt"
        for attempt in range(self.options.retries + 1):
            endpoint = self._acquire()
            started = time.perf_counter()
            wait: float | None = None
            try:
                response = self._http.post(f"{endpoint.base}/chat/completions", json=payload)
            except httpx.TimeoutException as exc:
                raise ServerError(
                    f"the model server at {endpoint.shown} did not answer in time "
                    f"({_reason(exc)}); raise --timeout or lower --concurrency"
                ) from None
            except httpx.TransportError as exc:
                last = f"{endpoint.shown}: {_reason(exc)}"
                wait = self._backoff(attempt)
            else:
                seconds = time.perf_counter() - started
                if response.status_code in RETRY_STATUS:
                    last = f"{endpoint.shown}: {_status_reason(response)}"
                    wait = _retry_after(response) or self._backoff(attempt)
                elif response.status_code >= 400:
                    raise ServerError(
                        f"the model server at {endpoint.shown} refused the request: "
                        f"{_status_reason(response)}"
                    )
                else:
                    endpoint.served += 1
                    return _parse(response, endpoint.shown, seconds, attempt + 1)
            finally:
                self._release(endpoint)
            if attempt < self.options.retries:
                self._sleep(wait)
        raise ServerError(
            f"the model server failed after {self.options.retries + 1} attempts ({last})"
        )

    def _backoff(self, attempt: int) -> float:
        return self._rng.uniform(0, self.options.backoff * 2**attempt)

    def _acquire(self) -> _Endpoint:
        with self._free:
            while True:
                free = [e for e in self._endpoints if e.in_flight < self.options.concurrency]
                if free:
                    endpoint = min(free, key=lambda e: (e.in_flight, e.served))
                    endpoint.in_flight += 1
                    return endpoint
                self._free.wait()

    def _release(self, endpoint: _Endpoint) -> None:
        with self._free:
            endpoint.in_flight -= 1
            self._free.notify()


def _parse(response: httpx.Response, base: str, seconds: float, attempts: int) -> Completion:
    """The first choice's text; anything that is not a chat completion is a ServerError."""
    try:
        data = response.json()
        choice = data["choices"][0]
        text = choice["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError, RecursionError):  # "[[[[..."
        raise ServerError(
            f"the model server at {base} answered something that is not a chat completion: "
            f"{_snippet(response.text)}"
        ) from None
    if text is not None and not isinstance(text, str):
        raise ServerError(f"the model server at {base} answered a non-text message")
    usage = data.get("usage") if isinstance(data, dict) else None
    usage = usage if isinstance(usage, dict) else {}
    return Completion(
        text=text or "",
        prompt_tokens=_int(usage.get("prompt_tokens")),
        completion_tokens=_int(usage.get("completion_tokens")),
        seconds=seconds,
        endpoint=base,
        attempts=attempts,
    )


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError):
            return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER_S)


def _int(value: object) -> int:
    return value if isinstance(value, int) else 0


def _status_reason(response: httpx.Response) -> str:
    return f"HTTP {response.status_code} {_snippet(response.text)}".strip()


def _snippet(text: str, width: int = 120) -> str:
    """A server's answer as an error line may quote it: one line, printable (a NUL or a
    terminal escape sequence from a broken server must not reach the user's terminal)."""
    text = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "…"
