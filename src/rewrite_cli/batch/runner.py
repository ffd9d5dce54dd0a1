"""What one ``rewrite`` invocation does: one input to stdout or a file, or many to a folder."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

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
)
from rewrite_cli.batch.jsonl import LineWriter, iter_records
from rewrite_cli.batch.manifest import Manifest, fingerprint, options_for_fingerprint
from rewrite_cli.batch.progress import BatchProgress
from rewrite_cli.batch.write import check_output, write_atomic
from rewrite_cli.document import Document, Rewrite
from rewrite_cli.errors import InputError, UnsupportedContentError, UsageError
from rewrite_cli.pipeline import Pipeline, build_pipeline
from rewrite_cli.read import read_path, read_stream
from rewrite_cli.render import format_for, render
from rewrite_cli.settings import Settings
from rewrite_cli.ui import UI

STDIN = "-"


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


def run(settings: Settings, request: Request, ui: UI, stdin: BinaryIO | None = None) -> int:
    """Run the request; returns the exit code (errors the user caused are raised)."""
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
    paths = [Path(p) for p in inputs if p != STDIN]
    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
    single = len(inputs) == 1 and (inputs[0] == STDIN or not paths[0].is_dir())
    if single and not (request.output and _is_folder_target(request.output)):
        return _run_single(settings, request, ui, stdin)
    if STDIN in inputs:
        raise UsageError("standard input cannot be mixed with files or folders")
    if request.output is None:
        raise UsageError("several inputs or a folder need -o OUTPUT_FOLDER")
    return _run_folder(settings, request, paths, ui)


def _is_folder_target(output: Path) -> bool:
    return output.is_dir() or str(output).endswith(("/", "\\"))


def _pipeline(settings: Settings, ui: UI) -> Pipeline:
    return build_pipeline(settings, say=ui.say, warn=ui.warn)


def _read_single(settings: Settings, source: str, stdin: BinaryIO | None) -> Document:
    if source == STDIN:
        return read_stream(stdin or sys.stdin.buffer, name=STDIN,
                           max_bytes=settings.max_input_bytes)
    return read_path(Path(source), max_bytes=settings.max_input_bytes)


def _run_single(settings: Settings, request: Request, ui: UI, stdin: BinaryIO | None) -> int:
    source = request.inputs[0] if request.inputs else STDIN
    fmt = format_for(request.output, settings.output_format)
    if request.output is not None:
        inputs = [] if source == STDIN else [Path(source)]
        check_output(request.output, inputs, force=settings.force)
    document = _read_single(settings, source, stdin)
    rewrite = _pipeline(settings, ui).run(document)
    text = render(rewrite, fmt)
    if request.output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_atomic(request.output, text)
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


def _run_folder(settings: Settings, request: Request, paths: list[Path], ui: UI) -> int:
    out_dir = request.output
    assert out_dir is not None
    check_output_folder(out_dir, paths)
    fmt = settings.output_format or "text"
    return _run_files(settings, request, paths, ui, out_dir=out_dir, fmt=fmt)


def _run_files(
    settings: Settings, request: Request, paths: list[Path], ui: UI, *,
    out_dir: Path | None, fmt: str,
) -> int:
    """Files and folders to an output folder or a JSONL stream; the walk is never stored."""

    def walk() -> Iterator[tuple[Path, Path] | Problem]:
        return iter_files(paths, recursive=request.recursive, pattern=request.pattern,
                          exclude=out_dir)

    total = sum(1 for item in walk() if not isinstance(item, Problem))
    if total == 0:
        raise InputError("no input files found")
    return _run_batch(settings, request, ui, file_jobs(walk(), out_dir, fmt), total,
                      out_dir=out_dir, fmt=fmt, inputs=paths)


def _run_jsonl(settings: Settings, request: Request, ui: UI, stdin: BinaryIO | None) -> int:
    """``--jsonl-in`` and/or ``--jsonl-out``: articles as JSON lines, results as lines or files."""
    if request.jsonl_out is not None and request.output is not None:
        raise UsageError("give either -o OUTPUT_FOLDER or --jsonl-out, not both")
    fmt = settings.output_format or "text"
    out_dir = request.output if request.jsonl_out is None else None
    if request.jsonl_in is None:
        paths = [Path(p) for p in request.inputs if p != STDIN]
        if not paths or len(paths) != len(request.inputs):
            raise UsageError("--jsonl-out needs files or folders to read (or --jsonl-in)")
        _check_exist(paths)
        return _run_files(settings, request, paths, ui, out_dir=None, fmt=fmt)
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
    inputs = [Path(request.jsonl_in)] if request.jsonl_in not in (None, STDIN) else []
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
    total: int | None, *, out_dir: Path | None, fmt: str, inputs: list[Path],
) -> int:
    """Claim the output, build the pipeline once, run every job, turn the tally into a code.

    The output is claimed first (folder lock, or the JSONL file checked), so a run that
    cannot write anything fails before a model is loaded.
    """
    with ExitStack() as stack:
        manifest = stack.enter_context(Manifest.in_folder(out_dir)) if out_dir else None
        stream = None if out_dir else _jsonl_stream(request, inputs, settings, stack)
        pipeline = _pipeline(settings, ui)
        sink: Sink
        if manifest is not None and out_dir is not None:
            sink = _folder_sink(out_dir, manifest, settings, pipeline, fmt, ui)
        else:
            assert stream is not None
            sink = JsonlSink(LineWriter(stream), where=request.jsonl_out or STDIN)
        tally = run_batch(jobs, pipeline, sink,
                          BatchProgress(ui.console, total=total, quiet=ui.quiet),
                          on_failure=lambda label, reason: ui.error(f"{label}: {reason}"),
                          debug=ui.debug)
    if tally.failed:
        return 1
    if tally.unsupported and settings.strict:
        raise UnsupportedContentError(
            f"{tally.unsupported} output(s) contain unsupported statements (--strict)"
        )
    return 0


def _folder_sink(
    out_dir: Path, manifest: Manifest, settings: Settings, pipeline: Pipeline, fmt: str, ui: UI
) -> FolderSink:
    """Outputs are fingerprinted with the engine and model actually loaded."""
    if removed := sweep_partial_writes(out_dir):
        ui.debug(f"removed {removed} half-written file(s) left by an interrupted run")
    options = options_for_fingerprint(
        settings, fmt=fmt, engine=pipeline.engine.name, model=pipeline.engine.model
    )
    stamp = fingerprint(options)
    manifest.remember_options(stamp, options)
    return FolderSink(out_dir, manifest, fmt=fmt, fingerprint=stamp, force=settings.force)


def _jsonl_stream(
    request: Request, inputs: list[Path], settings: Settings, stack: ExitStack
) -> TextIO:
    if request.jsonl_out in (None, STDIN):
        return sys.stdout
    path = Path(request.jsonl_out)
    check_output(path, inputs, force=settings.force)
    return stack.enter_context(path.open("w", encoding="utf-8", newline="\n"))
