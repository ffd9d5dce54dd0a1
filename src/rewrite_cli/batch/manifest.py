"""What a batch has already written, so a rerun skips finished work and redoes changed work.

The manifest lives in the output folder as a small SQLite database: every update is a
transaction, so a kill or a power cut at any moment leaves it either before or after the
update, never half-written, and updating one row costs the same with 10 or 100,000 rows.

Each output has one row: the input it came from, the input's content hash, the fingerprint
of the options and model that produced it, the hash of what was written, and a state.
Before a chunk of articles is written its rows are *claimed* (state ``pending``); after
each output is renamed into place its row becomes ``done``. A file left behind by a killed
run is therefore still known to be ours, and is redone without ``--force``.

The rule for an existing output file: it is overwritten only when the manifest says we
wrote exactly that content (or claimed it), or with ``--force``. Anything else is
someone's file, and is refused.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass
from enum import Enum
from pathlib import Path
from typing import IO

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; concurrent batches are not detected
    fcntl = None  # type: ignore[assignment]

from rewrite_cli import __version__
from rewrite_cli.errors import OutputError
from rewrite_cli.settings import Settings

MANIFEST_NAME = ".rewrite-manifest.sqlite"
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS outputs (
    output TEXT PRIMARY KEY,        -- path relative to the output folder, '/'-separated
    input TEXT NOT NULL,            -- the input as the user named it
    input_sha256 TEXT NOT NULL,     -- of the input's bytes (or JSON record)
    fingerprint TEXT NOT NULL,      -- of the options, engine and model
    output_sha256 TEXT,             -- of the text last written there; NULL until done
    state TEXT NOT NULL,            -- 'pending' (claimed) or 'done'
    updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS fingerprints (
    fingerprint TEXT PRIMARY KEY,
    options TEXT NOT NULL           -- the JSON the fingerprint hashes, for people to read
);
CREATE TABLE IF NOT EXISTS info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

# Settings that never change what is written (where it goes, how loud, safety switches).
_NOT_IN_FINGERPRINT = frozenset({
    "force", "strict", "device", "max_input_bytes", "output_format", "concurrency", "timeout",
})


class Decision(Enum):
    """What to do with one input, given the manifest and the output folder."""

    WRITE = "write"  # no output yet, or ours and out of date
    SKIP = "skip"  # ours, and produced from this input with these options
    REFUSE = "refuse"  # a file we did not write (or that was changed since): needs --force


@dataclass(frozen=True)
class Entry:
    input: str
    input_sha256: str
    fingerprint: str
    output_sha256: str | None
    state: str


def options_for_fingerprint(
    settings: Settings, *, fmt: str, engine: str, model: str | None
) -> dict[str, object]:
    """The options that decide an output's content, plus the engine and model actually used.

    The resolved engine and model are used (not ``--engine auto``), so an output made by
    the extractive fallback is redone once a model is available; the tool's version is
    included because a new release may write different text from the same input.
    """
    values = {k: v for k, v in asdict(settings).items() if k not in _NOT_IN_FINGERPRINT}
    values.update(format=fmt, engine=engine, model=model, version=__version__)
    return values


def fingerprint(options: dict[str, object]) -> str:
    """A short stable hash of ``options`` (key order and tuple/list spelling do not matter)."""
    canonical = json.dumps(options, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_sha256(path: Path) -> str | None:
    """The hash of a file's bytes, or None when there is no such file."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def decide(
    entry: Entry | None,
    *,
    input_sha256: str,
    fingerprint: str,
    existing_sha256: str | None,
    force: bool,
) -> Decision:
    """Skip, write or refuse one output; pure, so the whole policy is testable on values.

    ``existing_sha256`` is the hash of the output file as it is now (None: no file).
    """
    if existing_sha256 is None:
        return Decision.WRITE
    ours = entry is not None and (
        entry.state == "pending" or entry.output_sha256 == existing_sha256
    )
    if force:
        return Decision.WRITE
    if not ours:
        return Decision.REFUSE
    assert entry is not None
    up_to_date = (
        entry.state == "done"
        and entry.input_sha256 == input_sha256
        and entry.fingerprint == fingerprint
    )
    return Decision.SKIP if up_to_date else Decision.WRITE


class Manifest:
    """The manifest of one output folder; safe to share between the reader and main thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot create {path.parent} ({exc.strerror or exc})") from None
        self._owner = _hold_folder(path.with_suffix(".lock"))
        try:
            self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(_SCHEMA)
            row = self._db.execute("SELECT value FROM info WHERE key='schema'").fetchone()
            if row is None:
                self._db.execute(
                    "INSERT INTO info VALUES ('schema', ?)", (str(SCHEMA_VERSION),)
                )
            elif row[0] != str(SCHEMA_VERSION):
                raise OutputError(
                    f"{path}: manifest from another version of rewrite-cli "
                    f"(schema {row[0]}); delete it or use another output folder"
                )
        except sqlite3.DatabaseError as exc:
            if self._owner is not None:
                self._owner.close()
            raise OutputError(f"{path}: cannot use the batch manifest ({exc})") from None

    @classmethod
    def in_folder(cls, out_dir: Path) -> Manifest:
        return cls(out_dir / MANIFEST_NAME)

    def close(self) -> None:
        with self._lock:
            self._db.close()
        if self._owner is not None:
            self._owner.close()

    def __enter__(self) -> Manifest:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One atomic, durable update: all of it lands, or (on any error or kill) none."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                with suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def get(self, output: str) -> Entry | None:
        with self._lock:
            row = self._db.execute(
                "SELECT input, input_sha256, fingerprint, output_sha256, state "
                "FROM outputs WHERE output = ?",
                (output,),
            ).fetchone()
        return Entry(*row) if row else None

    def remember_options(self, fingerprint: str, options: dict[str, object]) -> None:
        text = json.dumps(options, sort_keys=True, default=str)
        with self._transaction():
            self._db.execute(
                "INSERT OR IGNORE INTO fingerprints VALUES (?, ?)", (fingerprint, text)
            )

    def claim(self, rows: list[tuple[str, str, str, str]]) -> None:
        """Mark (output, input, input_sha256, fingerprint) rows as about to be written.

        One transaction for the whole chunk; the last written hash is kept, so a claimed
        output that is never rewritten still counts as ours.
        """
        now = time.time()
        with self._transaction():
            self._db.executemany(
                "INSERT INTO outputs (output, input, input_sha256, fingerprint, state, updated) "
                "VALUES (?, ?, ?, ?, 'pending', ?) "
                "ON CONFLICT(output) DO UPDATE SET input=excluded.input, "
                "input_sha256=excluded.input_sha256, fingerprint=excluded.fingerprint, "
                "state='pending', updated=excluded.updated",
                [(*row, now) for row in rows],
            )

    def done(self, output: str, output_sha256: str) -> None:
        """Record that ``output`` now holds exactly the text hashed by ``output_sha256``."""
        with self._transaction():
            self._db.execute(
                "UPDATE outputs SET state='done', output_sha256=?, updated=? WHERE output=?",
                (output_sha256, time.time(), output),
            )

    def counts(self) -> dict[str, int]:
        with self._lock:
            rows = self._db.execute(
                "SELECT state, COUNT(*) FROM outputs GROUP BY state"
            ).fetchall()
        return {state: n for state, n in rows}


def _hold_folder(lock_path: Path) -> IO[bytes] | None:
    """Refuse a second batch writing into the same folder at the same time (POSIX only).

    The lock belongs to the open file, so the system drops it when the process dies,
    however it dies: a killed batch never leaves the folder locked.
    """
    if fcntl is None:
        return None
    handle = lock_path.open("ab")
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise OutputError(
            f"another rewrite batch is writing to {lock_path.parent}; wait for it to finish"
        ) from None
    return handle
