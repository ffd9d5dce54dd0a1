"""What one ``rewrite`` invocation does: one input to stdout or a file, or many to a folder."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from rewrite_cli.batch import collect_inputs, plan_jobs, run_batch
from rewrite_cli.document import Document, Rewrite
from rewrite_cli.engines import make_engine
from rewrite_cli.errors import InputError, UnsupportedContentError, UsageError
from rewrite_cli.pipeline import Pipeline
from rewrite_cli.read import read_path, read_stream
from rewrite_cli.render import format_for, render
from rewrite_cli.settings import Settings
from rewrite_cli.ui import UI
from rewrite_cli.verify import FactChecker
from rewrite_cli.write import check_output, write_atomic

STDIN = "-"


@dataclass(frozen=True)
class Request:
    """Where to read and write, as the user asked (settings say how)."""

    inputs: tuple[str, ...]
    output: Path | None
    recursive: bool = False
    pattern: str | None = None
    show_report: bool = False


def run(settings: Settings, request: Request, ui: UI, stdin: BinaryIO | None = None) -> int:
    """Run the request; returns the exit code (errors the user caused are raised)."""
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
    if single and not (request.output and _is_folder_target(request.output, len(inputs))):
        return _run_single(settings, request, ui, stdin)
    if STDIN in inputs:
        raise UsageError("standard input cannot be mixed with files or folders")
    if request.output is None:
        raise UsageError("several inputs or a folder need -o OUTPUT_FOLDER")
    return _run_folder(settings, request, paths, ui)


def _is_folder_target(output: Path, n_inputs: int) -> bool:
    return output.is_dir() or str(output).endswith(("/", "\\"))


def _pipeline(settings: Settings, ui: UI) -> Pipeline:
    engine = make_engine(settings, say=ui.say, warn=ui.warn)
    return Pipeline(settings=settings, engine=engine, checker=FactChecker())


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
        ui.report_table(rewrite.input.path, rewrite.report)
    ui.debug("timings: " + ", ".join(f"{k} {v:.2f}s" for k, v in rewrite.timings.items()))
    unsupported = rewrite.report.unsupported
    if unsupported and settings.strict:
        raise UnsupportedContentError(
            f"{len(unsupported)} unsupported statement(s) remain in the output (--strict)"
        )


def _run_folder(settings: Settings, request: Request, paths: list[Path], ui: UI) -> int:
    out_dir = request.output
    assert out_dir is not None
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"{out_dir} is a file; several inputs need an output folder")
    fmt = settings.output_format or "text"
    found = collect_inputs(paths, recursive=request.recursive, pattern=request.pattern)
    if not found:
        raise InputError("no input files found")
    jobs = plan_jobs(found, out_dir, fmt)
    pipeline = _pipeline(settings, ui)

    def on_result(job, error: str | None) -> None:
        if error:
            ui.error(f"{job.source}: {error}" if str(job.source) not in error else error)
        else:
            ui.debug(f"wrote {job.output}")

    result = run_batch(jobs, pipeline, fmt=fmt, all_inputs=[p for p, _ in found],
                       force=settings.force, on_result=on_result)
    ui.say(
        f"{len(result.done)} written, {len(result.failed)} failed "
        f"in {result.seconds:.1f}s → {out_dir}"
    )
    if result.failed:
        return 1
    if result.unsupported and settings.strict:
        raise UnsupportedContentError(
            f"{len(result.unsupported)} output(s) contain unsupported statements (--strict)"
        )
    return 0
