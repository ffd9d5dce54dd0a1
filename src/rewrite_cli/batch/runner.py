"""What one ``rewrite`` invocation does: one input to stdout or a file, or many to a folder."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TextIO

from rewrite_cli.batch.jobs import (
    FolderSink,
    Job,
    JsonlSink,
    Problem,
    Sink,
    check_output_folder,
    file_jobs,
    iter_files,
    record_jobs,
    run_batch,
    sweep_partial_writes,
    url_jobs,
)
from rewrite_cli.batch.jsonl import LineWriter, iter_records
from rewrite_cli.batch.manifest import Manifest, fingerprint, options_for_fingerprint
from rewrite_cli.batch.progress import BatchProgress
from rewrite_cli.batch.write import (
    Identity,
    check_not_input,
    check_output,
    identities,
    write_output,
)
from rewrite_cli.document import Document, Rewrite
from rewrite_cli.errors import InputError, OutputError, UnsupportedContentError, UsageError
from rewrite_cli.pipeline import Pipeline, build_pipeline
from rewrite_cli.read import read_path, read_stream
from rewrite_cli.render import format_for, render
from rewrite_cli.settings import Settings
from rewrite_cli.ui import UI

if TYPE_CHECKING:
    from rewrite_cli.web.fetch import Fetcher, FetchOptions

STDIN = "-"
# Seconds between two requests to one site in a batch: a person clicking, not a crawler.
HOST_DELAY = 1.0


@dataclass(frozen=True)
class Request:
    """Where to read and write, as the user asked (settings say how)."""

    inputs: tuple[str, ...]
    output: Path | None
    recursive: bool = False
    pattern: str | None = None
    show_report: bool = False
    jsonl_in: str | None = None  # a JSONL file of articles, or "-" for stdin
    jsonl_out: str | None = None  # write results as JSON lines here ("-": stdout)
    rebuild_manifest: bool = False  # set a damaged manifest aside, adopt identical outputs
    ignore_robots: bool = False  # fetch pages even where robots.txt says no
    refresh: bool = False  # fetch pages again even when the cache has them
    feed: str | None = None  # an RSS/Atom feed (URL or file) whose items are the inputs
    limit: int | None = None  # at most this many feed items
    since: str | None = None  # only feed items published on or after this date
    combine: bool = False  # one article from all the inputs (reports of one story)


def fetch_options(settings: Settings, request: Request, *, batch: bool) -> FetchOptions:
    """How this run fetches pages: politely spaced in batches, at once for one page."""
    from rewrite_cli.web.fetch import FetchOptions

    return FetchOptions(ignore_robots=request.ignore_robots, refresh=request.refresh,
                        max_bytes=settings.max_input_bytes,
                        host_delay=HOST_DELAY if batch else 0.0)


def display_url(url: str) -> str:
    from rewrite_cli.web.fetch import display_url

    return display_url(url)


def _is_url(text: str) -> bool:
    from rewrite_cli.web.fetch import is_url

    return is_url(text)


def run(settings: Settings, request: Request, ui: UI, stdin: BinaryIO | None = None) -> int:
    """Run the request; returns the exit code (errors the user caused are raised)."""
    if request.rebuild_manifest and (request.output is None or request.jsonl_out is not None):
        raise UsageError("--rebuild-manifest is for batches into an output folder (-o FOLDER)")
    _check_feed_options(request)
    if request.combine:
        from rewrite_cli.combine.run import run_combine

        return run_combine(settings, request, ui)
    if request.feed is not None:
        return _run_feed(settings, request, ui)
    if request.jsonl_in is not None or request.jsonl_out is not None:
        return _run_jsonl(settings, request, ui, stdin)
    inputs = list(request.inputs)
    if not inputs:
        stdin = stdin or sys.stdin.buffer
        if sys.stdin.isatty() and stdin is sys.stdin.buffer:
            raise UsageError("no input: give a file or folder, or pipe text on stdin (see --help)")
        inputs = [STDIN]
    if inputs.count(STDIN) > 1:
        raise UsageError("standard input ('-') can be given only once")
    urls = [p for p in inputs if _is_url(p)]
    paths = [Path(p) for p in inputs if p != STDIN and p not in urls]
    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
    first = inputs[0]
    single = len(inputs) == 1 and (first in (STDIN, *urls) or not Path(first).is_dir())
    if single and not (request.output and _is_folder_target(request.output)):
        if request.rebuild_manifest:
            raise UsageError("--rebuild-manifest is for batches into an output folder "
                             "(-o FOLDER)")
        return _run_single(settings, request, ui, stdin)
    if STDIN in inputs:
        raise UsageError("standard input cannot be mixed with files or folders")
    if request.output is None:
        raise UsageError("several inputs or a folder need -o OUTPUT_FOLDER")
    return _run_folder(settings, request, paths, ui, urls)


def _is_folder_target(output: Path) -> bool:
    return output.is_dir() or str(output).endswith(("/", "\\"))


def _pipeline(settings: Settings, ui: UI) -> Pipeline:
    return build_pipeline(settings, say=ui.say, warn=ui.warn)


def _read_single(
    settings: Settings, request: Request, source: str, stdin: BinaryIO | None
) -> Document:
    if _is_url(source):
        from rewrite_cli.web.fetch import Fetcher, read_url

        with Fetcher(fetch_options(settings, request, batch=False)) as fetcher:
            return read_url(source, fetcher)
    if source == STDIN:
        return read_stream(stdin or sys.stdin.buffer, name=STDIN,
                           max_bytes=settings.max_input_bytes)
    return read_path(Path(source), max_bytes=settings.max_input_bytes)


def _run_single(settings: Settings, request: Request, ui: UI, stdin: BinaryIO | None) -> int:
    source = request.inputs[0] if request.inputs else STDIN
    fmt = format_for(request.output, settings.output_format)
    inputs = [] if source == STDIN or _is_url(source) else [Path(source)]
    if request.output is not None:
        check_output(request.output, inputs, force=settings.force)
    document = _read_single(settings, request, source, stdin)
    rewrite = _pipeline(settings, ui).run(document)
    text = render(rewrite, fmt)
    if request.output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        check_not_input(request.output, identities(inputs))  # again: minutes have passed
        write_output(request.output, text)
        ui.say(f"wrote {request.output}")
    _after(rewrite, settings, request, ui)
    return 0


def _after(rewrite: Rewrite, settings: Settings, request: Request, ui: UI) -> None:
    if request.show_report:
        ui.report_table(rewrite.input.path, rewrite.report, notes=rewrite.notes)
    ui.debug("timings: " + ", ".join(f"{k} {v:.2f}s" for k, v in rewrite.timings.items()))
    unsupported = rewrite.report.unsupported
    if unsupported and settings.strict:
        raise UnsupportedContentError(
            f"{len(unsupported)} unsupported statement(s) remain in the output (--strict)"
        )


def _run_folder(
    settings: Settings, request: Request, paths: list[Path], ui: UI, urls: list[str]
) -> int:
    out_dir = request.output
    assert out_dir is not None
    check_output_folder(out_dir, paths)
    fmt = settings.output_format or "text"
    return _run_files(settings, request, paths, ui, out_dir=out_dir, fmt=fmt, urls=urls)


def _run_files(
    settings: Settings, request: Request, paths: list[Path], ui: UI, *,
    out_dir: Path | None, fmt: str, urls: list[str] | None = None,
) -> int:
    """Files, folders and URLs to an output folder or a JSONL stream; the walk is never
    stored.

    The first walk counts the inputs and notes their identities (device and inode, a
    pair per file), so no output can land on any input, whatever it is called.
    The JSONL output is left out of the second walk only: if it existed as an input when
    the run began, it was refused; if not, it is ours and must not be read back.
    """
    from rewrite_cli.web.fetch import page_file_name

    own = [out_dir] if out_dir else []

    def walk(exclude: list[Path]) -> Iterator[tuple[Path, Path] | Problem]:
        return iter_files(paths, recursive=request.recursive, pattern=request.pattern,
                          exclude=exclude)

    urls = urls or []
    files = [item[0] for item in walk(own) if not isinstance(item, Problem)]
    if not files and not urls:
        raise InputError("no input files found")
    if request.jsonl_out not in (None, STDIN):
        own.append(Path(request.jsonl_out))
    pages = url_jobs(((display_url(url), url, page_file_name(url)) for url in urls),
                     out_dir, fmt)
    return _run_batch(settings, request, ui, chain(file_jobs(walk(own), out_dir, fmt), pages),
                      len(files) + len(urls), out_dir=out_dir, fmt=fmt,
                      inputs=identities(files))


def _check_feed_options(request: Request) -> None:
    if request.feed is None and (request.limit is not None or request.since is not None):
        raise UsageError("--limit and --since choose items of a --feed")
    if request.limit is not None and request.limit < 1:
        raise UsageError("--limit must be at least 1")


def _run_feed(settings: Settings, request: Request, ui: UI) -> int:
    """``--feed``: every (chosen) item's page, fetched and rewritten as a resumable batch.

    Each item's output name (and so its manifest entry) comes from its guid, so a rerun
    skips the items already done and fetches only the new ones.
    """
    from rewrite_cli.web.feed import chosen_items, parse_since
    from rewrite_cli.web.fetch import Fetcher, page_file_name

    assert request.feed is not None
    if request.inputs or request.jsonl_in is not None:
        raise UsageError("--feed reads its articles from the feed; give no other inputs")
    if request.jsonl_out is not None and request.output is not None:
        raise UsageError("give either -o OUTPUT_FOLDER or --jsonl-out, not both")
    if request.jsonl_out is None and request.output is None:
        raise UsageError("--feed needs -o OUTPUT_FOLDER (or --jsonl-out)")
    since = parse_since(request.since) if request.since else None
    out_dir = request.output
    if out_dir is not None:
        check_output_folder(out_dir, [])
    fmt = settings.output_format or "text"
    with Fetcher(fetch_options(settings, request, batch=True)) as fetcher:
        items, offered = chosen_items(request.feed, fetcher, max_bytes=settings.max_input_bytes,
                                      limit=request.limit, since=since)
        ui.say(f"{display_url(request.feed)}: {len(items)} of {offered} item(s) chosen")
        if not items:
            return 0
        pages = ((display_url(item.link), item.link, page_file_name(item.link, item.key))
                 for item in items)
        return _run_batch(settings, request, ui, url_jobs(pages, out_dir, fmt), len(items),
                          out_dir=out_dir, fmt=fmt, inputs=frozenset(), fetcher=fetcher)


def _run_jsonl(settings: Settings, request: Request, ui: UI, stdin: BinaryIO | None) -> int:
    """``--jsonl-in`` and/or ``--jsonl-out``: articles as JSON lines, results as lines or files."""
    if request.jsonl_out is not None and request.output is not None:
        raise UsageError("give either -o OUTPUT_FOLDER or --jsonl-out, not both")
    fmt = settings.output_format or "text"
    out_dir = request.output if request.jsonl_out is None else None
    if request.jsonl_in is None:
        urls = [p for p in request.inputs if _is_url(p)]
        paths = [Path(p) for p in request.inputs if p != STDIN and p not in urls]
        if not request.inputs or STDIN in request.inputs:
            raise UsageError("--jsonl-out needs files or folders to read (or --jsonl-in)")
        _check_exist(paths)
        return _run_files(settings, request, paths, ui, out_dir=None, fmt=fmt, urls=urls)
    if request.inputs:
        raise UsageError("--jsonl-in reads its articles from the JSONL; give no other inputs")
    if out_dir is not None:
        check_output_folder(out_dir, [])
    source = request.jsonl_in
    if source == STDIN:
        name, total = "standard input", None
        stream = stdin or sys.stdin.buffer
        return _records(settings, request, ui, stream, name, total, out_dir, fmt)
    path = Path(source)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    total = _count_lines(path)
    with path.open("rb") as stream:
        return _records(settings, request, ui, stream, path.name, total, out_dir, fmt)


def _records(
    settings: Settings, request: Request, ui: UI, stream: BinaryIO, name: str,
    total: int | None, out_dir: Path | None, fmt: str,
) -> int:
    items = iter_records(stream, max_bytes=settings.max_input_bytes)
    inputs = identities([Path(request.jsonl_in)] if request.jsonl_in not in (None, STDIN) else [])
    return _run_batch(settings, request, ui, record_jobs(items, name, out_dir, fmt), total,
                      out_dir=out_dir, fmt=fmt, inputs=inputs)


def _count_lines(path: Path) -> int:
    with path.open("rb") as stream:
        return sum(1 for line in stream if line.strip())


def _check_exist(paths: list[Path]) -> None:
    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")


def _run_batch(
    settings: Settings, request: Request, ui: UI, jobs: Iterator[Job | Problem],
    total: int | None, *, out_dir: Path | None, fmt: str, inputs: frozenset[Identity],
    fetcher: Fetcher | None = None,
) -> int:
    """Claim the output, build the pipeline once, run every job, turn the tally into a code.

    The output is claimed first (folder lock, or the JSONL file checked), so a run that
    cannot write anything fails before a model is loaded. Web pages (URLs, ``.url`` files,
    JSONL records with only a ``url``) are fetched by one fetcher, spaced per host.
    """
    from rewrite_cli.web.fetch import Fetcher, read_url

    with ExitStack() as stack:
        if fetcher is None:
            fetcher = stack.enter_context(
                Fetcher(fetch_options(settings, request, batch=True)))
        page_fetcher = fetcher
        manifest = None
        if out_dir is not None:
            manifest = stack.enter_context(
                Manifest.in_folder(out_dir, rebuild=request.rebuild_manifest)
            )
            if manifest.set_aside is not None:
                ui.warn(f"the damaged manifest was moved to {manifest.set_aside}; "
                        f"{manifest.recovered} of its records still match their files; "
                        "other existing outputs are adopted only if identical to what this "
                        "run writes")
        stream = None if out_dir else _jsonl_stream(request, inputs, settings, stack)
        pipeline = _pipeline(settings, ui)
        sink: Sink
        if manifest is not None and out_dir is not None:
            sink = _folder_sink(out_dir, manifest, settings, pipeline, fmt, ui, inputs,
                                adopt=request.rebuild_manifest)
        else:
            assert stream is not None
            where = request.jsonl_out if request.jsonl_out not in (None, STDIN) else None
            sink = JsonlSink(LineWriter(stream, where=where or "standard output"),
                             where=request.jsonl_out or STDIN)
        tally = run_batch(jobs, pipeline, sink,
                          BatchProgress(ui.console, total=total, quiet=ui.quiet),
                          on_failure=lambda label, reason: ui.error(f"{label}: {reason}"),
                          debug=ui.debug, fetch=lambda url: read_url(url, page_fetcher))
    if tally.failed:
        return 1
    if tally.unsupported and settings.strict:
        raise UnsupportedContentError(
            f"{tally.unsupported} output(s) contain unsupported statements (--strict)"
        )
    return 0


def _folder_sink(
    out_dir: Path, manifest: Manifest, settings: Settings, pipeline: Pipeline, fmt: str, ui: UI,
    inputs: frozenset[Identity], *, adopt: bool,
) -> FolderSink:
    """Outputs are fingerprinted with the engine and model actually loaded."""
    if removed := sweep_partial_writes(out_dir):
        ui.debug(f"removed {removed} half-written file(s) left by an interrupted run")
    options = options_for_fingerprint(
        settings, fmt=fmt, engine=pipeline.engine.name, model=pipeline.engine.model
    )
    stamp = fingerprint(options)
    manifest.remember_options(stamp, options)
    return FolderSink(out_dir, manifest, fmt=fmt, fingerprint=stamp, force=settings.force,
                      inputs=inputs, adopt=adopt)


def _jsonl_stream(
    request: Request, inputs: frozenset[Identity], settings: Settings, stack: ExitStack
) -> TextIO:
    """Open the JSONL output, after checking it is no input and can be written at all."""
    if request.jsonl_out in (None, STDIN):
        return sys.stdout
    path = Path(request.jsonl_out)
    check_not_input(path, inputs)
    check_output(path, [], force=settings.force, replaced=False)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = path.open("w", encoding="utf-8", newline="\n")
    except OSError as exc:
        raise OutputError(f"cannot write {path} ({exc.strerror or exc})") from None
    stack.callback(_close, handle, path)
    return handle


def _close(handle: TextIO, path: Path) -> None:
    """Closing flushes what a failed write left buffered; that failure is one line too."""
    try:
        handle.close()
    except OSError as exc:
        raise OutputError(f"cannot write {path} ({exc.strerror or exc})") from None
