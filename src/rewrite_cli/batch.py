"""Many inputs in, one output file each: a bad input is reported and skipped, never fatal.

Outputs mirror the inputs' relative paths under the output folder with the format's
suffix; each is written atomically as soon as its article is done, so an interrupted
batch keeps all finished work.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rewrite_cli.document import Document
from rewrite_cli.errors import RewriteError, UsageError
from rewrite_cli.pipeline import Pipeline
from rewrite_cli.read import read_path
from rewrite_cli.render import SUFFIXES, render
from rewrite_cli.write import check_output, write_atomic

# Articles per engine call: enough for a model to batch sentences across articles,
# few enough that an interrupt loses little work.
ARTICLES_PER_CALL = 4


@dataclass(frozen=True)
class Job:
    source: Path
    output: Path


@dataclass
class BatchResult:
    done: list[Job] = field(default_factory=list)
    failed: list[tuple[Job, str]] = field(default_factory=list)
    unsupported: list[tuple[Job, int]] = field(default_factory=list)  # strict mode needs these
    seconds: float = 0.0


def collect_inputs(
    paths: list[Path], *, recursive: bool = False, pattern: str | None = None
) -> list[tuple[Path, Path]]:
    """Expand files and folders into (file, path relative to its root) pairs, sorted."""
    found: list[tuple[Path, Path]] = []
    for path in paths:
        if path.is_dir():
            walker = path.rglob(pattern or "*") if recursive else path.glob(pattern or "*")
            files = sorted(p for p in walker if p.is_file() and not _hidden(p.relative_to(path)))
            found += [(p, p.relative_to(path)) for p in files]
        else:
            found.append((path, Path(path.name)))
    return found


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def plan_jobs(inputs: list[tuple[Path, Path]], out_dir: Path, fmt: str) -> list[Job]:
    """Same base names under ``out_dir``; two inputs that would collide keep their suffix."""
    suffix = SUFFIXES[fmt]
    targets = [out_dir / rel.with_suffix(suffix) for _, rel in inputs]
    jobs = []
    for (path, rel), target in zip(inputs, targets, strict=True):
        if targets.count(target) > 1:
            target = out_dir / rel.with_name(rel.name + suffix)
        jobs.append(Job(path, target))
    if len({job.output for job in jobs}) != len(jobs):
        raise UsageError("two inputs would be written to the same output file")
    return jobs


def _chunks(jobs: list[Job], size: int) -> Iterator[list[Job]]:
    for start in range(0, len(jobs), size):
        yield jobs[start : start + size]


def run_batch(
    jobs: list[Job], pipeline: Pipeline, *, fmt: str, all_inputs: list[Path], force: bool,
    on_result=None,
) -> BatchResult:
    """Rewrite every job; each output is written as soon as its article is finished."""
    result = BatchResult()
    started = time.perf_counter()
    for chunk in _chunks(jobs, ARTICLES_PER_CALL):
        documents: list[tuple[Job, Document]] = []
        for job in chunk:
            try:
                check_output(job.output, all_inputs, force=force)
                documents.append((job, read_path(job.source,
                                                 max_bytes=pipeline.settings.max_input_bytes)))
            except RewriteError as exc:
                result.failed.append((job, str(exc)))
                if on_result:
                    on_result(job, str(exc))
        outcomes = pipeline.run_many([doc for _, doc in documents])
        for (job, _), outcome in zip(documents, outcomes, strict=True):
            if isinstance(outcome, RewriteError):
                result.failed.append((job, str(outcome)))
                if on_result:
                    on_result(job, str(outcome))
                continue
            write_atomic(job.output, render(outcome, fmt))
            result.done.append(job)
            if outcome.report.unsupported:
                result.unsupported.append((job, len(outcome.report.unsupported)))
            if on_result:
                on_result(job, None)
    result.seconds = time.perf_counter() - started
    return result
