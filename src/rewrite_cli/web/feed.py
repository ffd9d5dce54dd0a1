"""News feeds (RSS, Atom) read into the list of article links a batch fetches.

feedparser does the reading: it copes with every RSS dialect, Atom, broken XML and odd
dates. Each item is identified by its guid (Atom ``id``), else its link, so a rerun of
the same feed matches the items it already did, even if their links gained a tracking
parameter meanwhile.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from rewrite_cli.errors import InputError, UsageError
from rewrite_cli.web.fetch import FEED_TYPES, Fetcher, is_url


@dataclass(frozen=True)
class FeedItem:
    """One article a feed lists."""

    key: str  # guid or link: what the batch manifest remembers the item by
    link: str
    title: str | None
    published: datetime | None  # UTC


@dataclass(frozen=True)
class Feed:
    title: str | None
    items: list[FeedItem]


def read_feed(source: str, fetcher: Fetcher, *, max_bytes: int) -> Feed:
    """A feed from a URL (always fetched afresh: feeds change) or a saved file."""
    import feedparser

    if is_url(source):
        data = fetcher.fetch(source, types=FEED_TYPES, cached=False).body
    else:
        path = Path(source)
        try:
            if path.stat().st_size > max_bytes:
                raise InputError(f"{source}: is too large to be a feed")
            data = path.read_bytes()
        except FileNotFoundError:
            raise InputError(f"{source}: no such file") from None
        except (IsADirectoryError, PermissionError, OSError) as exc:
            raise InputError(f"{source}: cannot read ({getattr(exc, 'strerror', exc)})") from None
    parsed = feedparser.parse(data)
    if not parsed.entries and (parsed.bozo or not parsed.feed):
        raise InputError(f"{source}: not an RSS or Atom feed")
    items = [item for entry in parsed.entries if (item := _item(entry)) is not None]
    return Feed(title=parsed.feed.get("title"), items=items)


def select_items(
    items: list[FeedItem], *, limit: int | None = None, since: datetime | None = None
) -> list[FeedItem]:
    """Items published at or after ``since`` (undated items cannot show that, so they go),
    then the first ``limit`` of them in the feed's order (newest first in most feeds)."""
    if since is not None:
        items = [item for item in items if item.published and item.published >= since]
    return items[:limit] if limit is not None else items


def chosen_items(
    source: str, fetcher: Fetcher, *, max_bytes: int, limit: int | None,
    since: datetime | None,
) -> tuple[list[FeedItem], int]:
    """The feed's items that ``--limit`` and ``--since`` choose, and how many it had: what
    ``--feed`` runs on, whether each item is rewritten alone or combined into stories."""
    feed = read_feed(source, fetcher, max_bytes=max_bytes)
    return select_items(feed.items, limit=limit, since=since), len(feed.items)


def parse_since(value: str) -> datetime:
    """``--since``: an ISO date or date-time; a date means its start, times without a
    zone are UTC."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise UsageError(f"--since must be a date like 2025-01-31 (got {value!r})") from None
        moment = datetime(day.year, day.month, day.day)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _item(entry: dict) -> FeedItem | None:
    link = entry.get("link") or ""
    if not is_url(link):
        guid = entry.get("id") or ""
        link = guid if is_url(guid) else ""
    if not link:
        return None
    return FeedItem(key=entry.get("id") or link, link=link, title=entry.get("title"),
                    published=_published(entry))


def _published(entry: dict) -> datetime | None:
    """The item's date; one that no calendar holds (feedparser reads "0000-00-00" as the
    year -1) is no date, as if the feed gave none."""
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    if not stamp:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(stamp), UTC)
    except (ValueError, OverflowError, OSError):
        return None
