"""Fetching one web page politely, and reading it like a saved file.

A page is fetched with a named User-Agent, connect and read timeouts, a time limit on each
whole request, a size cap (the input limit), a bounded number of redirects and a
content-type check, after asking the site's robots.txt (unless ``--ignore-robots``).
Redirects are followed here, not by httpx, so that every address on the way is held to
its own site's robots.txt and to the per-host delay. In batches, requests to one host
are spaced by a delay. Pages are cached by URL (see ``web.cache``): a fresh entry is used
without asking the server, a stale one is revalidated with its ETag/Last-Modified, and
``--refresh`` ignores the cache.

Every way a fetch can fail (bad URL, DNS, refused connection, timeout, HTTP error, wrong
type, too large, robots.txt) is one ``InputError`` line naming the URL.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from rewrite_cli import __version__
from rewrite_cli.document import Document, Source
from rewrite_cli.errors import InputError
from rewrite_cli.read import read_bytes
from rewrite_cli.settings import MAX_INPUT_BYTES
from rewrite_cli.web.cache import CachedPage, PageCache, cache_folder

# The tool's own name and version, and what it does; no contact URL until the project has
# one of its own (a placeholder would point site owners at someone else's page).
USER_AGENT = f"rewrite-cli/{__version__} (command-line news article rewriter)"
ROBOTS_AGENT = "rewrite-cli"  # the token robots.txt rules name

PAGE_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
}
FEED_TYPES = {
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/rdf+xml": "feed",
    "application/xml": "feed",
    "text/xml": "feed",
    "application/feed+json": "feed",
    "application/json": "feed",
    **PAGE_TYPES,  # many servers label feeds text/html or text/plain
}
_MAX_ROBOTS_BYTES = 512 * 1024
_DNS_FAILURES = (
    "name or service not known", "nodename nor servname", "temporary failure in name resolution",
    "getaddrinfo failed", "no address associated", "name does not resolve",
)


def is_url(text: str) -> bool:
    """Whether an input names a web page rather than a file."""
    return text.lower().startswith(("http://", "https://"))


@dataclass(frozen=True)
class FetchOptions:
    """How pages are fetched; the defaults suit one page fetched by a person."""

    ignore_robots: bool = False
    refresh: bool = False  # ignore the cache (the fetched page still refreshes it)
    max_bytes: int = MAX_INPUT_BYTES
    connect_timeout: float = 10.0
    read_timeout: float = 30.0  # for each read: a server that trickles never trips it ...
    total_timeout: float = 120.0  # ... so each request (headers and body) has this long
    max_redirects: int = 5
    host_delay: float = 0.0  # seconds between two requests to one host (1.0 in batches)
    max_age: float = 24 * 3600.0  # a cached page younger than this is used as is
    use_cache: bool = True


@dataclass(frozen=True)
class Page:
    """A fetched page: ``final_url`` is where redirects ended; ``kind`` is html, text, ..."""

    url: str
    final_url: str
    body: bytes
    content_type: str
    from_cache: bool = False

    @property
    def kind(self) -> str | None:
        return FEED_TYPES.get(self.content_type)


@dataclass(frozen=True)
class _Answer:
    """What one request got: a redirect to follow, or the final status and its body."""

    status: int
    url: str
    content_type: str = ""
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    redirect: httpx.Request | None = None


_T = TypeVar("_T")


@dataclass
class Fetcher:
    """One HTTP client for a run, with the run's robots.txt answers and per-host clock."""

    options: FetchOptions = field(default_factory=FetchOptions)
    cache: PageCache | None = None
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    _client: httpx.Client | None = None
    _robots: dict[str, RobotFileParser] = field(default_factory=dict)
    _last_request: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.cache is None and self.options.use_cache:
            self.cache = PageCache(cache_folder())

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            options = self.options
            self._client = httpx.Client(
                headers={"User-Agent": USER_AGENT},
                timeout=httpx.Timeout(options.read_timeout, connect=options.connect_timeout),
                follow_redirects=False,  # followed by _download, robots.txt asked each time
                max_redirects=options.max_redirects,  # robots.txt's own, followed by httpx
                trust_env=True,
            )
        return self._client

    def fetch(self, url: str, *, types: dict[str, str] = PAGE_TYPES, cached: bool = True) -> Page:
        """The page at ``url``, from the cache when it is fresh there; errors are one line."""
        _check_url(url)
        entry = self.cache.get(url) if self.cache and cached else None
        if entry and entry[0].content_type and entry[0].content_type not in types:
            entry = None  # cached for another use (a feed); check it again
        if entry and not self.options.refresh and entry[0].age() < self.options.max_age:
            record, body = entry
            return Page(url, record.final_url, body, record.content_type, from_cache=True)
        try:
            return self._download(url, types, entry if not self.options.refresh else None)
        except httpx.HTTPError as exc:
            raise InputError(f"{display_url(url)}: {self._describe(exc)}") from None
        except UnicodeError as exc:
            # httpx reads a redirect's host with the idna codec while building the next
            # request ("Location: http://xn--/"), the page's or its robots.txt's; the
            # address the user gave was checked before, so only a redirect's fails so.
            raise InputError(f"{display_url(url)}: redirected to an address that is not "
                             f"valid ({exc})") from None

    def _download(
        self, url: str, types: dict[str, str], entry: tuple[CachedPage, bytes] | None
    ) -> Page:
        headers = {}
        if entry is not None:
            if entry[0].etag:
                headers["If-None-Match"] = entry[0].etag
            if entry[0].last_modified:
                headers["If-Modified-Since"] = entry[0].last_modified
        request = self.client.build_request("GET", url, headers=headers)
        for hop in range(self.options.max_redirects + 1):
            here = str(request.url)
            if not self.options.ignore_robots:
                self._check_robots(here, asked=url, redirected=hop > 0)
            self._wait_for(here)
            answer = self._in_time(url, lambda client, request=request: self._exchange(
                client, request, types, url, revalidating=entry is not None))
            if answer.redirect is None:
                break
            request = answer.redirect
            if request.url.scheme not in ("http", "https"):
                raise InputError(f"{display_url(url)}: redirected to an address that is "
                                 "not http or https")
            _check_redirect(url, str(request.url))
        else:
            raise InputError(f"{display_url(url)}: too many redirects "
                             f"(more than {self.options.max_redirects})")
        if answer.status == 304 and entry is not None:
            record, body = entry
            if self.cache:
                self.cache.touch(record)
            return Page(url, record.final_url, body, record.content_type, from_cache=True)
        record = CachedPage(
            url=url, final_url=answer.url, content_type=answer.content_type,
            fetched_at=time.time(), etag=answer.etag, last_modified=answer.last_modified,
        )
        if self.cache and answer.status == 200:
            self.cache.put(record, answer.body)
        return Page(url, answer.url, answer.body, answer.content_type)

    def _exchange(self, client: httpx.Client, request: httpx.Request, types: dict[str, str],
                  url: str, *, revalidating: bool) -> _Answer:
        """One request and its answer: a redirect to follow, or the checked, capped body."""
        response = client.send(request, stream=True)
        try:
            if response.next_request is not None:
                return _Answer(response.status_code, str(response.url),
                               redirect=response.next_request)
            if response.status_code == 304 and revalidating:
                return _Answer(304, str(response.url))
            if response.status_code >= 400:
                raise InputError(f"{display_url(url)}: HTTP {response.status_code} "
                                 f"{response.reason_phrase or ''}".rstrip())
            content_type = _media_type(response.headers.get("content-type", ""))
            if content_type and content_type not in types:
                raise InputError(f"{display_url(url)}: is {content_type}, not a web page or text")
            body = _read_capped(response.iter_bytes(), self.options.max_bytes, url,
                                declared=response.headers.get("content-length", ""))
            return _Answer(response.status_code, str(response.url), content_type, body,
                           etag=response.headers.get("etag"),
                           last_modified=response.headers.get("last-modified"))
        finally:
            response.close()

    def _in_time(self, url: str, work: Callable[[httpx.Client], _T]) -> _T:
        """``work(client)`` (one request, headers and body), given ``total_timeout`` seconds.

        The read timeout bounds each wait for data, but a server that sends its headers or
        its body a byte every few seconds never trips it, and httpx has no limit on a whole
        request. So the request runs in a helper thread, and the run waits for it only so
        long. A request given up on has its client closed under it (its next read fails and
        its thread ends; nothing it got is used) and the next request gets a new client.
        """
        client = self.client
        outcome: list[tuple[bool, object]] = []

        def run() -> None:
            try:
                outcome.append((True, work(client)))
            except BaseException as exc:  # handed to the waiting thread as is
                outcome.append((False, exc))

        worker = threading.Thread(target=run, name="rewrite-fetch", daemon=True)
        worker.start()
        worker.join(self.options.total_timeout)
        if not outcome:
            self._client = None
            client.close()
            raise InputError(f"{display_url(url)}: took longer than "
                             f"{self.options.total_timeout:g} s to download")
        done, value = outcome[0]
        if not done:
            raise value  # type: ignore[misc]
        return value  # type: ignore[return-value]

    def _check_robots(self, url: str, *, asked: str, redirected: bool) -> None:
        """Ask the site's robots.txt once per run; RFC 9309 decides what a failure means.

        ``asked`` is the address the user gave, which a refusal names; ``redirected``
        when ``url`` is where it led: that site's robots.txt decides for its own pages,
        whoever links to them.
        """
        origin = _origin(url)
        parser = self._robots.get(origin)
        if parser is None:
            parser = self._robots[origin] = self._load_robots(origin)
        if parser.can_fetch(ROBOTS_AGENT, url):
            return
        if redirected:
            raise InputError(f"{display_url(asked)}: redirects to "
                             f"{display_url(url)}, which that site's robots.txt does not "
                             "allow fetching (--ignore-robots to fetch it anyway)")
        raise InputError(f"{display_url(asked)}: the site's robots.txt does not allow "
                         "fetching this page (--ignore-robots to fetch it anyway)")

    def _load_robots(self, origin: str) -> RobotFileParser:
        parser = RobotFileParser(origin + "/robots.txt")
        self._wait_for(origin)
        status, data = self._in_time(origin + "/robots.txt",
                                     lambda client: self._read_robots(client, origin))
        if status >= 500:
            parser.disallow_all = True  # unreachable: assume nothing may be fetched
        elif status >= 400:
            parser.allow_all = True  # no robots.txt: everything may be fetched
        else:
            parser.parse(data.decode("utf-8", "replace").splitlines())
        return parser

    def _read_robots(self, client: httpx.Client, origin: str) -> tuple[int, bytes]:
        """robots.txt's status and (capped) text; its own redirects are followed, as RFC
        9309 asks (up to ``max_redirects``)."""
        with client.stream("GET", origin + "/robots.txt", follow_redirects=True) as response:
            if response.status_code >= 400:
                return response.status_code, b""
            data = b""
            for chunk in response.iter_bytes():
                data += chunk
                if len(data) > _MAX_ROBOTS_BYTES:
                    break
            return response.status_code, data[:_MAX_ROBOTS_BYTES]

    def _wait_for(self, url: str) -> None:
        """Keep ``host_delay`` seconds between two requests to the same host."""
        host = urlsplit(url).netloc.lower()
        last = self._last_request.get(host)
        if last is not None and self.options.host_delay > 0:
            wait = last + self.options.host_delay - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last_request[host] = self.clock()

    def _describe(self, exc: httpx.HTTPError) -> str:
        host = urlsplit(str(exc.request.url)).hostname if _has_request(exc) else None
        if isinstance(exc, httpx.ConnectTimeout):
            return f"timed out connecting to {host} (after {self.options.connect_timeout:g} s)"
        if isinstance(exc, httpx.TimeoutException):
            return f"timed out waiting for {host} (no data for {self.options.read_timeout:g} s)"
        if isinstance(exc, httpx.TooManyRedirects):
            return f"too many redirects (more than {self.options.max_redirects})"
        if isinstance(exc, httpx.ConnectError):
            reason = str(exc) or type(exc).__name__
            if any(marker in reason.lower() for marker in _DNS_FAILURES):
                return f"cannot find the host {host} (DNS lookup failed)"
            return f"cannot connect to {host} ({reason})"
        if isinstance(exc, httpx.UnsupportedProtocol):
            return "redirected to an address that is not http or https"
        return f"download failed ({type(exc).__name__}: {exc})"


def read_url(url: str, fetcher: Fetcher) -> Document:
    """Fetch a page and read it like a saved file.

    The page's own outlet is credited with the address it was fetched from (its final
    URL), not the canonical URL the page names, so a reader can follow it to what was read.
    """
    page = fetcher.fetch(url)
    final_url = display_url(page.final_url)
    kind = PAGE_TYPES.get(page.content_type)  # text/plain is sniffed: it may be Markdown
    document = read_bytes(page.body, path=display_url(url), max_bytes=fetcher.options.max_bytes,
                          fmt=kind if kind in ("html", "markdown") else None)
    page_url, document.meta.url = document.meta.url, final_url
    if document.meta.site_name is None and document.meta.sources:
        # A text page that names its outlet ("Source: ...") is that outlet's page; without
        # this the note would credit the bare host name as a second outlet.
        document.meta.site_name = document.meta.sources[0].name
    document.meta.sources = [
        Source(s.name, final_url) if s.url == page_url or s.name == document.meta.site_name
        else s
        for s in document.meta.sources
    ]
    return document


def display_url(url: str) -> str:
    """The address as it may be shown or published: without a ``user:password@`` part.

    Credentials in a URL are the user's secret; they are sent to the server but never
    printed in a message, written into the output or credited in the note. A pattern,
    not ``urlsplit``, so that even an address too malformed to parse is shown safely.
    """
    return _USERINFO.sub(r"\1", url)


_USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@")


def _check_url(url: str) -> None:
    """Refuse, in one line, an address no request can be made to: a malformed IPv6
    host, a port that is not a number, a control character, a host name that IDNA
    cannot encode (an empty or over-long label, a bad ``xn--`` label). These were
    tracebacks from urllib, httpx or the idna codec."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
        httpx.URL(url)
        hostname = parts.hostname or ""
        hostname.encode("idna")
        if hostname.startswith("xn--") or ".xn--" in hostname:
            hostname.encode("ascii").decode("idna")
    except (ValueError, httpx.InvalidURL) as exc:
        raise InputError(f"{display_url(url)}: not a valid web address ({exc})") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise InputError(f"{display_url(url)}: not a web address "
                         "(give http:// or https:// and a host)")


def _check_redirect(asked: str, target: str) -> None:
    """A redirect's address is held to the checks the user's own address met: a host
    IDNA cannot encode ("xn--", an empty label) was a traceback from the idna codec."""
    try:
        _check_url(target)
    except InputError as exc:
        reason = str(exc).rpartition(" (")[2].rstrip(")")
        raise InputError(f"{display_url(asked)}: redirected to an address that is not "
                         f"valid ({reason})") from None


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _media_type(header: str) -> str:
    return header.split(";", 1)[0].strip().lower()


def _read_capped(chunks: Iterator[bytes], max_bytes: int, url: str, *, declared: str) -> bytes:
    """The body, refused as soon as it is known to exceed the input limit."""
    too_large = f"{display_url(url)}: is too large (over the {max_bytes} byte input limit)"
    if declared.isdigit() and int(declared) > max_bytes:
        raise InputError(too_large)
    kept: list[bytes] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > max_bytes:
            raise InputError(too_large)
        kept.append(chunk)
    return b"".join(kept)


def _has_request(exc: httpx.HTTPError) -> bool:
    try:
        exc.request  # noqa: B018 - raises RuntimeError when the error has no request
    except RuntimeError:
        return False
    return True


def url_from_file(data: bytes, name: str) -> str:
    """The address a ``.url`` file holds: one URL, or a Windows ``[InternetShortcut]``."""
    text = data.decode("utf-8", "replace").lstrip("\ufeff")
    for line in text.splitlines():
        line = line.strip()
        if line.upper().startswith("URL="):
            line = line[4:].strip()
        if is_url(line):
            return line
    raise InputError(f"{name}: a .url file must hold one http:// or https:// address")


def page_file_name(url: str, key: str | None = None) -> str:
    """A readable, stable output name for a page: its last path word and a short hash.

    ``key`` (a feed item's guid) is what the hash is taken of, so the name, and thus the
    batch manifest entry, stays the same when a feed republishes the item.
    """
    try:
        parts = urlsplit(url)
        path, host = parts.path, parts.hostname
    except ValueError:  # malformed: its fetch fails in one line; it still needs a name
        path, host = "", None
    words = [w for w in path.split("/") if w]
    stem = words[-1].rsplit(".", 1)[0] if words else (host or "page")
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-_")[:60] or "page"
    digest = hashlib.sha256((key or url).encode("utf-8")).hexdigest()[:8]
    return f"{stem}-{digest}"
