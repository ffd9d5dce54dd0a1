"""Running one system over a dataset: per-article scores, seconds and peak memory.

Each system runs in its own worker process by default. Peak resident memory is a
high-water mark for a whole process, so in a shared process the second system's peak is
hidden behind the first one's (and a model loaded earlier would be charged to everyone);
a fresh process per system makes the figure that system's own: what running it alone
costs, interpreter and libraries included. The worker also records its memory before
building the system, so the growth (model weights, spaCy's pipeline, caches) shows
apart from the shared cost of the imports. ``isolate=False`` runs in this process (for
tests and debugging) and then reports no memory figure rather than a wrong one.

Seconds per article are wall-clock time from the dataset row to the published report
(read, clean, segment, plan, generate, verify), after one untimed warm-up article, so
loading a model or spaCy's pipeline is counted once as ``setup_seconds`` instead of
inflating the first article. CPU seconds (all threads of the process) are recorded beside
them: on a shared machine they vary far less than wall time.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rewrite_cli.errors import RewriteError
from rewrite_cli.evaluation.dataset import Example, load_examples
from rewrite_cli.evaluation.metrics import average, score_output
from rewrite_cli.evaluation.systems import PIPELINE, SystemSpec, build_system
from rewrite_cli.settings import build_settings
from rewrite_cli.ui import UI

Say = Callable[[str], None]
PROGRESS_SECONDS = 30.0  # a slow system reports progress at least this often


def _quiet(message: str) -> None:
    del message


@dataclass(frozen=True)
class EvalConfig:
    """The options every system of one evaluation shares."""

    dataset: str
    mode: str = "summary"
    limit: int | None = None
    sentences: int | None = None
    device: str = "auto"
    seed: int = 0


@dataclass
class ArticleResult:
    """One system's output for one article, with its scores (``seconds`` among them)."""

    id: str
    scores: dict[str, float] = field(default_factory=dict)
    output: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class SystemRun:
    """Everything measured for one system; ``error`` is set when it could not run at all."""

    spec: SystemSpec
    engine: str | None = None
    model: str | None = None
    articles: list[ArticleResult] = field(default_factory=list)
    setup_seconds: float = 0.0
    peak_rss_mib: float | None = None
    start_rss_mib: float | None = None  # the worker after its imports, before the system
    error: str | None = None

    @property
    def label(self) -> str:
        """The name in tables and plots; names the model when the default one was used."""
        if self.spec.kind == PIPELINE and self.model and not self.spec.model:
            return f"{self.spec.name} ({self.model})"
        return self.spec.name

    @property
    def failed(self) -> int:
        return sum(1 for a in self.articles if a.error)

    def summary(self) -> dict[str, float]:
        """Mean of every metric over the articles the system handled."""
        return average(a.scores for a in self.articles if a.error is None)

    def to_json(self) -> dict:
        return {**asdict(self), "failed": self.failed, "summary": self.summary()}

    @classmethod
    def from_json(cls, data: dict) -> SystemRun:
        return cls(
            spec=SystemSpec(**data["spec"]),
            engine=data["engine"],
            model=data["model"],
            articles=[ArticleResult(**a) for a in data["articles"]],
            setup_seconds=data["setup_seconds"],
            peak_rss_mib=data["peak_rss_mib"],
            start_rss_mib=data["start_rss_mib"],
            error=data["error"],
        )


def run_system(spec: SystemSpec, config: EvalConfig, *, say: Say = _quiet,
               warn: Say = _quiet) -> SystemRun:
    """Run ``spec`` over the dataset in this process (no memory figure; see the module doc)."""
    examples = load_examples(Path(config.dataset), config.limit)
    settings = build_settings(
        {"mode": config.mode, "sentences": config.sentences, "device": config.device,
         "seed": config.seed},
        config={},  # the user's config file must not change what a benchmark measures
    )
    run = SystemRun(spec=spec)
    started = time.perf_counter()
    try:
        system = build_system(spec, settings, say=say, warn=warn)
        _warm_up(system, examples[0])
    except RewriteError as exc:
        run.error = str(exc)
        return run
    run.setup_seconds = time.perf_counter() - started
    run.engine, run.model = system.engine, system.model
    last_said = time.perf_counter()
    for number, example in enumerate(examples, 1):
        run.articles.append(_run_article(system, example))
        now = time.perf_counter()
        if number % 10 == 0 or number == len(examples) or now - last_said > PROGRESS_SECONDS:
            say(f"{spec.name}: {number}/{len(examples)} articles")
            last_said = now
    return run


def _warm_up(system, example: Example) -> None:
    with contextlib.suppress(RewriteError):  # a bad article is reported when run for real
        system.publish(example.document())


def _run_article(system, example: Example) -> ArticleResult:
    started, cpu_started = time.perf_counter(), time.process_time()
    try:
        report = system.publish(example.document())
    except RewriteError as exc:
        return ArticleResult(id=example.id, error=str(exc))
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    scores = score_output(report, example.reference)
    scores["seconds"] = seconds
    scores["cpu_seconds"] = cpu_seconds
    return ArticleResult(id=example.id, scores=scores, output=[s.text for s in report.sentences])


def evaluate(specs: Sequence[SystemSpec], config: EvalConfig, ui: UI, *,
             isolate: bool = True) -> list[SystemRun]:
    """Run every system over the dataset, one after another (parallel runs would skew time)."""
    load_examples(Path(config.dataset), config.limit)  # a bad dataset fails before any run
    runs = []
    for spec in specs:
        ui.say(f"running {spec.name} …")
        if isolate:
            run = run_isolated(spec, config, quiet=ui.quiet)
        else:
            run = run_system(spec, config, say=ui.say, warn=ui.warn)
        if run.error:
            ui.warn(f"{spec.name}: {run.error}")
        else:
            if spec.kind == PIPELINE and run.engine != spec.engine:
                ui.warn(f"{spec.name}: the pipeline ran the {run.engine} engine")
            seconds = run.summary().get("seconds", 0.0)
            ui.say(f"{spec.name}: {len(run.articles) - run.failed} articles, "
                   f"{seconds:.3f} s/article, setup {run.setup_seconds:.1f} s")
        runs.append(run)
    return runs


def run_isolated(spec: SystemSpec, config: EvalConfig, *, quiet: bool = False) -> SystemRun:
    """Run ``spec`` in a fresh worker process and return its results with its peak memory."""
    with tempfile.TemporaryDirectory(prefix="rewrite-eval-") as tmp:
        job = Path(tmp) / "job.json"
        out = Path(tmp) / "run.json"
        job.write_text(json.dumps({"spec": asdict(spec), "config": asdict(config),
                                   "quiet": quiet}),
                       encoding="utf-8")
        command = [sys.executable, "-m", "rewrite_cli.evaluation.worker", str(job), str(out)]
        completed = subprocess.run(command, check=False)
        if completed.returncode != 0 or not out.is_file():
            return SystemRun(spec=spec, error=f"worker failed (exit {completed.returncode})")
        return SystemRun.from_json(json.loads(out.read_text(encoding="utf-8")))


def peak_rss_mib() -> float | None:
    """This process's peak resident memory so far; None where ``resource`` is missing (Windows)."""
    try:
        import resource
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes vs KiB
