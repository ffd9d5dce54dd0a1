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
import os
import sqlite3
import stat
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass
from enum import Enum
from pathlib import Path, PurePosixPath
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
    "force", "strict", "device", "max_input_bytes", "max_words", "output_format",
    "concurrency", "timeout",
})


class Decision(Enum):
    """What to do with one input, given the manifest and the output folder."""

    WRITE = "write"  # no output yet, or ours and out of date
    SKIP = "skip"  # ours, and produced from this input with these options
    REFUSE = "refuse"  # a file we did not write (or that was changed since): needs --force
    ADOPT = "adopt"  # with --rebuild-manifest: a file we do not know; ours only if identical


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
    adopt: bool = False,
) -> Decision:
    """Skip, write, adopt or refuse one output; pure, so the policy is testable on values.

    ``existing_sha256`` is the hash of the output file as it is now (None: no file).
    ``adopt`` (``--rebuild-manifest``) turns a refusal into a comparison: the file is run
    again and recorded as ours if identical, and is never replaced either way.
    """
    if existing_sha256 is None:
        return Decision.WRITE
    ours = entry is not None and (
        entry.state == "pending" or entry.output_sha256 == existing_sha256
    )
    if force:
        return Decision.WRITE
    if not ours:
        return Decision.ADOPT if adopt else Decision.REFUSE
    assert entry is not None
    up_to_date = (
        entry.state == "done"
        and entry.input_sha256 == input_sha256
        and entry.fingerprint == fingerprint
    )
    return Decision.SKIP if up_to_date else Decision.WRITE


class ManifestDamaged(OutputError):
    """The manifest cannot be read or trusted; ``--rebuild-manifest`` recovers from it."""

    def __init__(self, path: Path, why: str) -> None:
        super().__init__(
            f"{path}: the batch manifest is damaged ({why}), so which outputs this tool "
            "wrote is unknown and none will be overwritten; rerun with --rebuild-manifest "
            "to set it aside and adopt the outputs identical to what the run writes"
        )


class Manifest:
    """The manifest of one output folder; safe to share between the reader and main thread.

    A damaged manifest (empty, corrupt pages, another schema) is never silently replaced:
    an empty new one would make every earlier output look like someone else's file. It is
    an error, unless ``rebuild`` is given: then it is renamed aside (kept for inspection)
    and a fresh one started, and the caller adopts only outputs it can prove are ours.
    """

    def __init__(self, path: Path, *, rebuild: bool = False) -> None:
        self.path = path
        self.set_aside: Path | None = None  # where a damaged manifest was moved
        self.recovered = 0  # its records still readable and matching their files
        self._lock = threading.Lock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot create {path.parent} ({exc.strerror or exc})") from None
        lock_path = path.with_suffix(".lock")
        _check_plain_files([path, lock_path, *_companions(path)])
        self._owner = _hold_folder(lock_path)
        try:
            try:
                self._db = _open(path)
            except ManifestDamaged:
                if not rebuild:
                    raise
                self.set_aside = _set_aside(path)
                self._db = _open(path)
                self.recovered = self._recover(self.set_aside)
        except BaseException:
            if self._owner is not None:
                self._owner.close()
            raise

    @classmethod
    def in_folder(cls, out_dir: Path, *, rebuild: bool = False) -> Manifest:
        return cls(out_dir / MANIFEST_NAME, rebuild=rebuild)

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
    def _damage_is_an_error(self) -> Iterator[None]:
        """Damage found mid-run (a page read for the first time) is one line, not a trace."""
        try:
            yield
        except sqlite3.DatabaseError as exc:
            raise _as_error(self.path, exc) from None

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One atomic, durable update: all of it lands, or (on any error or kill) none."""
        with self._lock, self._damage_is_an_error():
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                with suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def get(self, output: str) -> Entry | None:
        with self._lock, self._damage_is_an_error():
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
        if not rows:
            return
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

    def adopt(
        self, output: str, input: str, input_sha256: str, fingerprint: str, output_sha256: str
    ) -> None:
        """Record an existing file, found identical to what this run writes, as done."""
        with self._transaction():
            self._db.execute(
                "INSERT INTO outputs (output, input, input_sha256, fingerprint, output_sha256, "
                "state, updated) VALUES (?, ?, ?, ?, ?, 'done', ?) "
                "ON CONFLICT(output) DO UPDATE SET input=excluded.input, "
                "input_sha256=excluded.input_sha256, fingerprint=excluded.fingerprint, "
                "output_sha256=excluded.output_sha256, state='done', updated=excluded.updated",
                (output, input, input_sha256, fingerprint, output_sha256, time.time()),
            )

    def _recover(self, damaged: Path) -> int:
        """Keep the damaged manifest's records that its output files still prove.

        Rows are read until the damage stops the scan. A row counts only when the file it
        names holds exactly the content hashed in it, so a garbled row is never trusted:
        at worst an output of ours is compared (or redone) instead of skipped.
        """
        folder = self.path.parent
        proven = [
            row for row in _readable_rows(damaged)
            if _plain_relative(row[0]) and file_sha256(folder / row[0]) == row[4]
        ]
        for output, input, input_sha256, fingerprint, output_sha256 in proven:
            self.adopt(output, input, input_sha256, fingerprint, output_sha256)
        return len(proven)

    def counts(self) -> dict[str, int]:
        with self._lock, self._damage_is_an_error():
            rows = self._db.execute(
                "SELECT state, COUNT(*) FROM outputs GROUP BY state"
            ).fetchall()
        return {state: n for state, n in rows}


def _open(path: Path) -> sqlite3.Connection:
    """Open (or create) the manifest, checking every page before trusting any of it.

    ``quick_check`` reads the whole file once (milliseconds for 100,000 rows), so damage
    is found here, before a decision is made, rather than on the page that holds one row.
    """
    if path.exists() and path.stat().st_size == 0:
        raise ManifestDamaged(path, "it is empty: 0 bytes")
    try:
        db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    except sqlite3.Error as exc:
        raise _as_error(path, exc) from None
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        verdict = db.execute("PRAGMA quick_check").fetchone()
        if verdict is None or verdict[0] != "ok":
            raise ManifestDamaged(path, "its pages fail SQLite's integrity check")
        db.executescript(_SCHEMA)
        row = db.execute("SELECT value FROM info WHERE key='schema'").fetchone()
        if row is None:
            db.execute("INSERT INTO info VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
        elif row[0] != str(SCHEMA_VERSION):
            raise ManifestDamaged(
                path, f"it was written by another version of rewrite-cli, schema {row[0]}"
            )
    except sqlite3.DatabaseError as exc:
        db.close()
        raise _as_error(path, exc) from None
    except BaseException:
        db.close()
        raise
    return db


# SQLite's words for a file whose content is wrong; anything else (read-only, full disk,
# locked) is about where the manifest lives, and setting it aside would not help.
_DAMAGE = ("SQLITE_CORRUPT", "SQLITE_NOTADB")


def _as_error(path: Path, exc: sqlite3.Error) -> OutputError:
    if getattr(exc, "sqlite_errorname", "").startswith(_DAMAGE):
        return ManifestDamaged(path, str(exc))
    return OutputError(f"{path}: cannot use the batch manifest ({exc})")


def _readable_rows(damaged: Path) -> list[tuple[str, str, str, str, str]]:
    """The finished rows of a damaged manifest, as far as they can be read."""
    rows: list[tuple[str, str, str, str, str]] = []
    try:
        db = sqlite3.connect(f"{damaged.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return rows
    try:
        for row in db.execute(
            "SELECT output, input, input_sha256, fingerprint, output_sha256 FROM outputs "
            "WHERE state = 'done' AND output_sha256 IS NOT NULL"
        ):
            if all(isinstance(value, str) for value in row):
                rows.append(row)
    except sqlite3.Error:
        pass  # the damage: keep what was read before it
    finally:
        db.close()
    return rows


def _plain_relative(output: str) -> bool:
    """A recorded output path that stays inside the folder (a garbled one might not)."""
    parts = PurePosixPath(output).parts
    return bool(parts) and not output.startswith("/") and ".." not in parts


def _companions(path: Path) -> list[Path]:
    """The files SQLite keeps beside the database (write-ahead log, shared memory)."""
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def _set_aside(path: Path) -> Path:
    """Rename a damaged manifest (and its log) aside, so a fresh one starts clean."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    for source in [path, *_companions(path)]:
        if source.exists():
            source.rename(aside.with_name(aside.name + source.name[len(path.name):]))
    return aside


def _check_plain_files(paths: list[Path]) -> None:
    """Refuse manifest files that are links or not plain files, before opening any.

    SQLite and the lock follow symbolic links, so a link planted in the output folder
    would turn a file elsewhere into a database.
    """
    for candidate in paths:
        try:
            mode = os.lstat(candidate).st_mode
        except FileNotFoundError:
            continue
        if stat.S_ISLNK(mode):
            raise OutputError(f"{candidate} is a symbolic link; refusing to follow it "
                              "(remove the link or use another output folder)")
        if not stat.S_ISREG(mode):
            raise OutputError(f"{candidate} is not a regular file; remove it or use another "
                              "output folder")


def _hold_folder(lock_path: Path) -> IO[bytes] | None:
    """Refuse a second batch writing into the same folder at the same time (POSIX only).

    The lock belongs to the open file, so the system drops it when the process dies,
    however it dies: a killed batch never leaves the folder locked.
    """
    if fcntl is None:
        return None
    flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0)
    try:
        handle = os.fdopen(os.open(lock_path, flags, 0o644), "ab")
    except OSError as exc:
        raise OutputError(f"cannot create {lock_path} ({exc.strerror or exc})") from None
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise OutputError(
            f"another rewrite batch is writing to {lock_path.parent}; wait for it to finish"
        ) from None
    return handle
