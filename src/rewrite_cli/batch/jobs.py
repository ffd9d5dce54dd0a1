"""Many articles in, one result each: folders or JSON Lines, resumable, never losing work.

Work streams through three places, so memory stays flat whatever the number of inputs:

* a *reader* thread walks the folders (or JSONL lines), reads each input, hashes it,
  asks the sink whether it is already done, and parses it (the read stage), putting the
  result on a small bounded queue, so reading overlaps with generation;
* the main thread takes a few articles at a time and runs them through the pipeline in
  one engine call (a model batches their sentences);
* a *sink* writes each article as soon as its chunk is done, in input order: a file in
  the output folder (atomically, recorded in the manifest) or a line of JSON.

A bad input becomes a failure with its reason; nothing one article does stops the others.
A kill loses at most the articles of the chunk in flight (see ``manifest``).
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import queue
import re
import signal
import threading
import time
import traceback
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Protocol

from rewrite_cli.batch.jsonl import (
    BadLine,
    LineWriter,
    Record,
    error_line,
    record_document,
    rewrite_line,
    shown_id,
)
from rewrite_cli.batch.manifest import Decision, Manifest, decide, file_sha256, text_sha256
from rewrite_cli.batch.progress import BatchProgress, Tally
from rewrite_cli.batch.write import Identity, check_inside, check_not_input, write_output
from rewrite_cli.document import Document, Rewrite
from rewrite_cli.errors import OutputError, RewriteError, UsageError
from rewrite_cli.pipeline import Pipeline
from rewrite_cli.read import read_bytes, read_file
from rewrite_cli.render import SUFFIXES, render

# Articles per engine call: enough for a model to batch sentences across articles,
# few enough that an interrupt loses little work.
ARTICLES_PER_CALL = 4
# Inputs read ahead of the engine; bounds memory to a few articles whatever the batch size.
READ_AHEAD = 2 * ARTICLES_PER_CALL
# Results wait for their chunk so they come out in input order; a long run of skipped or
# failed inputs is flushed at this size so it cannot grow without bound.
MAX_CHUNK = 64

Debug = Callable[[str], None]
# Fetches a web page and reads it (``web.fetch.read_url`` with the run's fetcher).
FetchPage = Callable[[str], Document]


@dataclass(frozen=True)
class WebSource:
    """A page to fetch: a URL given on the command line or a feed item's link."""

    url: str


@dataclass(frozen=True)
class Job:
    """One article to do: what it is called in messages, where it comes from and goes.

    ``key`` names the result: the output path relative to the output folder, or the
    JSONL id. ``output`` is the file to write, or None when results go to a JSONL stream.
    """

    label: str
    key: str
    source: Path | Record | WebSource
    output: Path | None


@dataclass(frozen=True)
class Problem:
    """An input that cannot become a job at all (a bad JSONL line, an unreadable folder)."""

    label: str
    reason: str


@dataclass
class _Ready:
    job: Job
    document: Document
    sha256: str
    decision: Decision = Decision.WRITE  # or ADOPT: compare with the file, never replace it


@dataclass
class _Finished:
    label: str
    reason: str | None  # None: skipped (up to date); else why it failed
    job: Job | None = None  # None when the input never became a job


# ---------------------------------------------------------------------------- inputs


def iter_files(
    paths: Sequence[Path], *, recursive: bool = False, pattern: str | None = None,
    exclude: Sequence[Path] = (),
) -> Iterator[tuple[Path, Path] | Problem]:
    """Yield (file, path relative to its root) in a stable order, one folder at a time.

    Hidden files and folders are skipped, and so is everything in ``exclude`` (the output
    folder or JSONL file, when it sits inside an input folder), so a run never reads its
    own outputs.
    """
    names = {p.name for p in exclude}
    resolved = {p.resolve() for p in exclude}

    def excluded(candidate: Path) -> bool:
        return candidate.name in names and candidate.resolve() in resolved

    for path in paths:
        if not path.is_dir():
            yield path, Path(path.name)
            continue
        problems: list[Problem] = []
        for folder, dirs, names in os.walk(path, onerror=_collect_into(problems)):
            here = Path(folder)
            dirs[:] = sorted(
                d for d in dirs
                if recursive and not d.startswith(".") and not excluded(here / d)
            )
            yield from problems
            problems.clear()
            for name in sorted(names):
                rel = (here / name).relative_to(path)
                if not name.startswith(".") and _matches(rel, pattern) and not excluded(
                    here / name
                ):
                    yield here / name, rel
        yield from problems


def _collect_into(problems: list[Problem]) -> Callable[[OSError], None]:
    def collect(error: OSError) -> None:
        problems.append(Problem(str(error.filename), f"cannot list folder ({error.strerror})"))

    return collect


def _matches(rel: Path, pattern: str | None) -> bool:
    if pattern is None:
        return True
    return fnmatch.fnmatch(rel.name, pattern) or PurePath(rel).match(pattern)


def _same_path(a: Path, b: Path | None) -> bool:
    return b is not None and a.resolve() == b.resolve()


def file_jobs(
    found: Iterable[tuple[Path, Path] | Problem], out_dir: Path | None, fmt: str
) -> Iterator[Job | Problem]:
    """Jobs for files: outputs mirror the relative paths with the format's suffix.

    Two inputs of one folder with the same stem (``a.txt``, ``a.html``) keep their suffix
    (``a.txt.md``, ``a.html.md``); inputs of a folder arrive together, so only one
    folder's names are held to decide that. Outputs already taken (two roots with the same
    layout) make the later input a failure, never an overwrite.
    """
    suffix = SUFFIXES[fmt]
    taken: dict[str, str] = {}
    for folder_items in _by_folder(found):
        stems = [rel.with_suffix("") for _, rel in folder_items]
        for source, rel in folder_items:
            if out_dir is None:
                key = rel.as_posix()
            elif stems.count(rel.with_suffix("")) > 1:
                key = rel.with_name(rel.name + suffix).as_posix()
            else:
                key = rel.with_suffix(suffix).as_posix()
            if key in taken:
                yield Problem(str(source), f"its output {key} is already the output of "
                                           f"{taken[key]}")
                continue
            taken[key] = str(source)
            yield Job(str(source), key, source, out_dir / key if out_dir else None)


def _by_folder(
    found: Iterable[tuple[Path, Path] | Problem],
) -> Iterator[list[tuple[Path, Path]]]:
    """Group consecutive files of one folder; problems pass through as their own group."""
    group: list[tuple[Path, Path]] = []
    for item in found:
        if isinstance(item, Problem):
            yield from ([group] if group else [])
            group = []
            yield [item]  # type: ignore[list-item]
            continue
        if group and (group[0][0].parent != item[0].parent):
            yield group
            group = []
        group.append(item)
    if group:
        yield group


def record_jobs(
    items: Iterable[Record | BadLine], name: str, out_dir: Path | None, fmt: str
) -> Iterator[Job | Problem]:
    """Jobs for JSONL records; with an output folder each id becomes a file name."""
    suffix = SUFFIXES[fmt]
    for item in items:
        if isinstance(item, BadLine):
            yield Problem(f"{name} line {item.line}", item.reason)
            continue
        label = f"{name} line {item.line} (id {shown_id(item.id)})"
        if out_dir is None:
            yield Job(label, item.id, item, None)
        elif not _safe_file_name(item.id):
            yield Problem(label, "this id cannot be used as a file name in the output folder "
                                 "(it starts with '.', holds a slash or a control character, "
                                 "or is over 200 bytes)")
        else:
            yield Job(label, item.id + suffix, item, out_dir / (item.id + suffix))


def url_jobs(
    pages: Iterable[tuple[str, str, str]], out_dir: Path | None, fmt: str
) -> Iterator[Job]:
    """Jobs for web pages given as (label, url, file name without suffix); the label (shown,
    stored in the manifest, and the JSONL id without an output folder) is the URL without
    its credentials."""
    suffix = SUFFIXES[fmt]
    for label, url, name in pages:
        key = name + suffix if out_dir is not None else label
        yield Job(label, key, WebSource(url), out_dir / key if out_dir else None)


def _safe_file_name(ident: str) -> bool:
    """An id that names one plain file in the output folder, the same on every system.

    Control characters (a newline, a NUL, an escape) are refused: a file name holding
    them breaks scripts and terminals that later list the folder.
    """
    return (
        not ident.startswith(".") and "/" not in ident and "\\" not in ident
        and not any(unicodedata.category(char) == "Cc" for char in ident)
        and len(ident.encode("utf-8")) <= 200
    )


# ----------------------------------------------------------------------------- sinks


class Sink(Protocol):
    """Where finished articles go; ``decide`` runs on the reader thread."""

    where: str

    def decide(self, job: Job, sha256: str) -> Decision | str: ...

    def claim(self, items: Sequence[_Ready]) -> None: ...

    def write(self, item: _Ready, rewrite: Rewrite) -> None: ...

    def fail(self, job: Job | None, label: str, reason: str) -> None: ...


class FolderSink:
    """One file per article under ``out_dir``, resumable through the manifest.

    ``inputs`` are the identities of every input file of the run: an output that is one
    of them is refused even with ``--force``. With ``adopt`` (``--rebuild-manifest``) an
    existing file the manifest does not know is kept, and recorded as ours only when this
    run produces exactly its content.
    """

    def __init__(
        self, out_dir: Path, manifest: Manifest, *, fmt: str, fingerprint: str, force: bool,
        inputs: frozenset[Identity] = frozenset(), adopt: bool = False,
    ) -> None:
        self.where = str(out_dir)
        self.out_dir = out_dir
        self.manifest = manifest
        self.fmt = fmt
        self.fingerprint = fingerprint
        self.force = force
        self.inputs = inputs
        self.adopt = adopt

    def decide(self, job: Job, sha256: str) -> Decision | str:
        """SKIP, WRITE, ADOPT, or a reason to refuse."""
        assert job.output is not None
        try:
            check_inside(job.output, self.out_dir)
            check_not_input(job.output, self.inputs)
        except OutputError as exc:
            return str(exc)
        if job.output.is_dir():
            return f"{job.output} is a folder"
        existing = file_sha256(job.output)
        if existing is not None and isinstance(job.source, Path) and _same_file(
            job.output, job.source
        ):
            return f"refusing to overwrite the input file {job.source}"
        decision = decide(
            self.manifest.get(job.key), input_sha256=sha256, fingerprint=self.fingerprint,
            existing_sha256=existing, force=self.force, adopt=self.adopt,
        )
        if decision is Decision.REFUSE:
            return (f"{job.output} exists and was not written by this batch "
                    "(or was changed since); use --force to overwrite it")
        return decision

    def claim(self, items: Sequence[_Ready]) -> None:
        """Only outputs about to be written are claimed: a file to adopt is not ours yet."""
        self.manifest.claim([
            (item.job.key, item.job.label, item.sha256, self.fingerprint)
            for item in items if item.decision is Decision.WRITE
        ])

    def write(self, item: _Ready, rewrite: Rewrite) -> None:
        job = item.job
        assert job.output is not None
        text = render(rewrite, self.fmt)
        if item.decision is Decision.ADOPT:
            self._adopt(item, text)
            return
        write_output(job.output, text, within=self.out_dir)
        self.manifest.done(job.key, text_sha256(text))

    def _adopt(self, item: _Ready, text: str) -> None:
        """Record an existing file as ours only if it holds exactly what we would write."""
        assert item.job.output is not None
        existing = file_sha256(item.job.output)
        if existing != text_sha256(text):
            raise OutputError(
                f"{item.job.output} exists and differs from what this run writes, so it is "
                "not adopted and was kept; use --force to overwrite it"
            )
        self.manifest.adopt(item.job.key, item.job.label, item.sha256, self.fingerprint,
                            existing)

    def fail(self, job: Job | None, label: str, reason: str) -> None:
        """Nothing to record: a failed input is simply tried again on the next run."""


class JsonlSink:
    """One JSON line per article (and per failed article that has an id)."""

    def __init__(self, writer: LineWriter, where: str) -> None:
        self.writer = writer
        self.where = where

    def decide(self, job: Job, sha256: str) -> Decision | str:
        return Decision.WRITE

    def claim(self, items: Sequence[_Ready]) -> None:
        """Lines are written as articles finish; there is nothing to claim."""

    def write(self, item: _Ready, rewrite: Rewrite) -> None:
        self.writer.write(rewrite_line(item.job.key, rewrite))

    def fail(self, job: Job | None, label: str, reason: str) -> None:
        if job is not None:
            self.writer.write(error_line(job.key, reason))


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False


# ---------------------------------------------------------------------------- reader


_TO_RUN = (Decision.WRITE, Decision.ADOPT)


def load_job(
    job: Job, sink: Sink, *, max_bytes: int, fetch: FetchPage | None = None
) -> _Ready | _Finished:
    """Read, hash and parse one input, unless the sink says it is done or refused.

    A web page (a URL, a ``.url`` file, a JSONL record with only a ``url``) is hashed by
    its address, so a rerun skips it without fetching it again.
    """
    try:
        if isinstance(job.source, WebSource):
            sha256 = hashlib.sha256(job.source.url.encode("utf-8")).hexdigest()
            decision = sink.decide(job, sha256)
            if decision in _TO_RUN:
                return _Ready(job, _fetch(fetch, job.source.url), sha256, decision)  # type: ignore[arg-type]
        elif isinstance(job.source, Record):
            sha256 = job.source.sha256
            decision = sink.decide(job, sha256)
            if decision in _TO_RUN:
                document = record_document(
                    job.source, max_bytes=max_bytes,
                    fetch=fetch if job.source.remote else None,
                )
                return _Ready(job, document, sha256, decision)  # type: ignore[arg-type]
        else:
            data = read_file(job.source, max_bytes=max_bytes)
            sha256 = hashlib.sha256(data).hexdigest()
            decision = sink.decide(job, sha256)
            if decision in _TO_RUN:
                if job.source.suffix.lower() == ".url":
                    from rewrite_cli.web.fetch import url_from_file

                    document = _fetch(fetch, url_from_file(data, str(job.source)))
                else:
                    document = read_bytes(data, path=str(job.source), max_bytes=max_bytes)
                return _Ready(job, document, sha256, decision)  # type: ignore[arg-type]
    except RewriteError as exc:
        return _Finished(job.label, _reason(job.label, str(exc)), job)
    if decision is Decision.SKIP:
        return _Finished(job.label, None, job)
    return _Finished(job.label, str(decision), job)


def _fetch(fetch: FetchPage | None, url: str) -> Document:
    if fetch is None:
        raise UsageError(f"{url}: web pages cannot be fetched in this kind of run")
    return fetch(url)


def _reason(label: str, message: str) -> str:
    """Messages from the read stage already start with the input's name; drop the repeat."""
    for prefix in (f"{label}: ", f"{label}:"):
        if message.startswith(prefix):
            return message[len(prefix):]
    return message


_END = object()


class _Reader:
    """Runs ``load`` over ``jobs`` on a thread, at most ``ahead`` results in memory."""

    def __init__(
        self, jobs: Iterator[Job | Problem], load: Callable[[Job], _Ready | _Finished],
        ahead: int,
    ) -> None:
        self._jobs = jobs
        self._load = load
        self._queue: queue.Queue[object] = queue.Queue(maxsize=ahead)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rewrite-reader", daemon=True)

    def __enter__(self) -> _Reader:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        """Stop the thread; one blocked on a pipe that never ends is left to die with us."""
        self._stop.set()
        deadline = time.monotonic() + 5.0
        while self._thread.is_alive() and time.monotonic() < deadline:
            with suppress(queue.Empty):
                self._queue.get(timeout=0.05)

    def _run(self) -> None:
        try:
            for item in self._jobs:
                if self._stop.is_set():
                    return
                if isinstance(item, Problem):
                    self._put(_Finished(item.label, item.reason))
                else:
                    self._put(self._load(item))
        except BaseException as exc:  # handed to the main thread, which raises it
            self._put(exc)
        finally:
            self._put(_END)

    def _put(self, item: object) -> None:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def __iter__(self) -> Iterator[_Ready | _Finished]:
        while True:
            item = self._queue.get()
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item  # type: ignore[misc]


# ----------------------------------------------------------------------------- batch


def run_batch(
    jobs: Iterator[Job | Problem],
    pipeline: Pipeline,
    sink: Sink,
    progress: BatchProgress,
    *,
    on_failure: Callable[[str, str], None] | None = None,
    debug: Debug | None = None,
    fetch: FetchPage | None = None,
) -> Tally:
    """Do every job; results are written as soon as their chunk is done, in input order.

    Returns the tally (nothing else is kept, so memory does not grow with the batch).
    On Ctrl-C or SIGTERM the tally is marked interrupted, shown, and the interrupt
    re-raised: finished outputs stay, the chunk in flight is redone by the next run.
    """
    batch = _Batch(pipeline, sink, progress, on_failure, debug)
    max_bytes = pipeline.settings.max_input_bytes

    def load(job: Job) -> _Ready | _Finished:
        return load_job(job, sink, max_bytes=max_bytes, fetch=fetch)

    try:
        with _sigterm_as_interrupt(), progress, _Reader(jobs, load, READ_AHEAD) as reader:
            chunk: list[_Ready | _Finished] = []
            ready = 0
            for item in reader:
                chunk.append(item)
                ready += isinstance(item, _Ready)
                if ready >= ARTICLES_PER_CALL or len(chunk) >= MAX_CHUNK:
                    batch.run_chunk(chunk)
                    chunk, ready = [], 0
            batch.run_chunk(chunk)
    except KeyboardInterrupt:
        batch.tally.interrupted = True
        raise
    finally:
        batch.tally.seconds = time.perf_counter() - batch.tally.started
        progress.summary(batch.tally, sink.where)
    return batch.tally


@dataclass
class _Batch:
    """The main thread's side of a batch: run chunks, hand results to the sink, count."""

    pipeline: Pipeline
    sink: Sink
    progress: BatchProgress
    on_failure: Callable[[str, str], None] | None
    debug: Debug | None
    tally: Tally = field(default_factory=Tally)

    def run_chunk(self, chunk: Sequence[_Ready | _Finished]) -> None:
        """One engine call for the chunk's articles, then every result in input order."""
        ready = [item for item in chunk if isinstance(item, _Ready)]
        outcomes = iter(self._generate(ready) if ready else [])
        for item in chunk:
            if isinstance(item, _Finished):
                self._finished(item)
            else:
                self._outcome(item, next(outcomes))
            self.progress.update(self.tally)

    def _generate(self, ready: list[_Ready]) -> Sequence[Rewrite | Exception]:
        """Outcomes in order; an unexpected error is narrowed down to its own article."""
        self.sink.claim(ready)
        try:
            return self.pipeline.run_many([item.document for item in ready])
        except Exception as exc:
            if len(ready) == 1:
                return [exc]
            return [outcome for item in ready for outcome in self._generate([item])]

    def _finished(self, item: _Finished) -> None:
        if item.reason is None:
            self.tally.skipped += 1
        else:
            self._failed(item.job, item.label, item.reason)

    def _outcome(self, item: _Ready, outcome: Rewrite | Exception) -> None:
        job = item.job
        if isinstance(outcome, Rewrite):
            try:
                self.sink.write(item, outcome)
            except RewriteError as exc:
                outcome = exc
            else:
                self.tally.done += 1
                self.tally.adopted += item.decision is Decision.ADOPT
                self.tally.unsupported += bool(outcome.report.unsupported)
                return
        if isinstance(outcome, RewriteError):
            self._failed(job, job.label, _reason(job.label, str(outcome)))
            return
        if self.debug:
            self.debug("".join(traceback.format_exception(outcome)))
        self._failed(job, job.label, f"internal error ({type(outcome).__name__}: {outcome})")

    def _failed(self, job: Job | None, label: str, reason: str) -> None:
        self.tally.failed.append((label, reason))
        self.sink.fail(job, label, reason)
        if self.on_failure:
            self.on_failure(label, reason)


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """Make SIGTERM unwind like Ctrl-C, so temporary files are removed and state is shown."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


# write_atomic's temporary files: ".NAME." + mkstemp's 8 random characters + ".tmp".
_PARTIAL_WRITE = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")


def sweep_partial_writes(out_dir: Path) -> int:
    """Delete temporary files that a killed run (power loss, SIGKILL) left half-written.

    Only called while holding the folder's manifest lock, so no other batch is writing.
    """
    removed = 0
    for folder, _, names in os.walk(out_dir):
        for name in names:
            if _PARTIAL_WRITE.fullmatch(name):
                with suppress(FileNotFoundError):
                    (Path(folder) / name).unlink()
                    removed += 1
    return removed


def check_output_folder(out_dir: Path, inputs: Sequence[Path]) -> None:
    """An output folder must be a folder, and not one of the input folders."""
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"{out_dir} is a file; several inputs need an output folder")
    for path in inputs:
        if path.is_dir() and _same_path(path, out_dir):
            raise UsageError(f"the output folder {out_dir} is also an input folder; "
                             "choose another one")
