"""Fetched pages on disk, keyed by URL, so a rerun does not fetch them again.

Each page is two files named by the SHA-256 of its URL: the body as fetched, and a small
JSON record (final URL, content type, validators, when it was fetched, the body's
SHA-256). Both are written atomically and the record last, so a half-written entry is
never read as complete; the body's hash catches a damaged body and the record of one run
paired with the body of another that fetched the same page at the same time.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from platformdirs import user_cache_dir

CACHE_ENV = "REWRITE_PAGE_CACHE"


@dataclass
class CachedPage:
    """What is kept about a fetched page besides its body."""

    url: str  # as requested
    final_url: str  # after redirects
    content_type: str
    fetched_at: float
    etag: str | None = None
    last_modified: str | None = None
    body_sha256: str | None = None  # set when stored: a body that differs is not used

    def age(self, now: float | None = None) -> float:
        return (time.time() if now is None else now) - self.fetched_at


def cache_folder() -> Path:
    """``$REWRITE_PAGE_CACHE``, else ``pages`` in the user's cache dir for rewrite-cli."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser()
    return Path(user_cache_dir("rewrite-cli")) / "pages"


@dataclass(frozen=True)
class PageCache:
    folder: Path

    def get(self, url: str) -> tuple[CachedPage, bytes] | None:
        """The cached page for ``url``; None when absent or unreadable (then it is refetched)."""
        record_path, body_path = self._paths(url)
        if record_path.is_symlink() or body_path.is_symlink():
            return None  # this cache writes plain files; a link could stand for any file
        try:
            record = CachedPage(**json.loads(record_path.read_text(encoding="utf-8")))
            body = body_path.read_bytes()
        except (OSError, ValueError, TypeError):
            return None
        if record.url != url or not _well_formed(record):
            return None
        if record.body_sha256 != hashlib.sha256(body).hexdigest():
            return None  # damaged, or the body of another run's fetch (runs overlapped)
        return record, body

    def put(self, record: CachedPage, body: bytes) -> None:
        """Store a page; a cache that cannot be written only costs a refetch next time."""
        record_path, body_path = self._paths(record.url)
        record.body_sha256 = hashlib.sha256(body).hexdigest()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            _write_atomic(body_path, body)
            _write_atomic(record_path, json.dumps(asdict(record)).encode("utf-8"))
        except OSError:
            return

    def touch(self, record: CachedPage) -> None:
        """A revalidated page (HTTP 304) is fresh again."""
        record.fetched_at = time.time()
        record_path, _ = self._paths(record.url)
        try:
            _write_atomic(record_path, json.dumps(asdict(record)).encode("utf-8"))
        except OSError:
            return

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()
        return self.folder / f"{key}.json", self.folder / f"{key}.body"


def _well_formed(record: CachedPage) -> bool:
    """A record damaged into other valid JSON (a number where a text belongs, a time in
    the future that would keep it fresh for ever) is treated as absent, not trusted."""
    texts = (record.url, record.final_url, record.content_type)
    optional = (record.etag, record.last_modified)
    return (all(isinstance(t, str) for t in texts)
            and all(t is None or isinstance(t, str) for t in optional)
            and isinstance(record.fetched_at, int | float)
            and not isinstance(record.fetched_at, bool)
            and 0 <= record.fetched_at <= time.time() + 60)


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
