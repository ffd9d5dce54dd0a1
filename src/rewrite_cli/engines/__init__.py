"""Engines turn a plan into candidate sentences; all share the interface in ``base``.

``make_engine`` is the one place that maps ``--engine`` to an engine object, so the CLI,
batch runs and ``rewrite eval`` choose engines the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rewrite_cli.document import Plan
from rewrite_cli.engines.base import Engine, Generation
from rewrite_cli.engines.extractive import ExtractiveEngine
from rewrite_cli.engines.jobs import JobChoice, choose_jobs
from rewrite_cli.errors import ModelError
from rewrite_cli.settings import Settings

Say = Callable[[str], None]
TRANSFORMS = "transforms"  # the engine name outputs report when only the parse rewrites ran


def make_engine(settings: Settings, *, say: Say, warn: Say, nlp=None, checker=None) -> Engine:
    """Build the engine ``settings.engine`` names; ``auto`` falls back to extractive.

    ``nlp`` (the spaCy pipeline the fact checker uses) lets the model engine protect names
    as well as numbers, and adds the parse-based rewrites to its candidates. ``--api-base``
    with ``auto`` means the server engine: a user who names a server wants it, so a server
    that is down is an error (exit 4), not a silent fallback.

    Under ``auto`` a measured local model does only the jobs where it publishes enough
    (``engines.jobs``); with none left for the mode it is not loaded at all and the
    parse-based rewrites run alone (engine ``transforms``). What was skipped, and why,
    travels with every generation as a note that ``--report`` prints.
    """
    if settings.engine == "extractive":
        return ExtractiveEngine()
    if settings.engine == "server" or (settings.engine == "auto" and settings.api_bases):
        return _server_engine(settings, nlp, checker)
    if settings.device not in ("auto", "cpu"):
        # Hardware asked for by name must exist, whatever the engine would have fallen back
        # to: "no CUDA GPU" is one line (exit 4), never a silent CPU or extractive run.
        from rewrite_cli.models.load import pick_device

        pick_device(settings.device)
    choice = choose_jobs(settings.engine, settings.model, settings.mode)
    if not choice.model_needed:
        return Noted(transforms_only(nlp), choice.note)
    try:
        engine = _model_engine(settings, say, nlp, choice)
        return Noted(engine, choice.note) if choice.note else engine
    except ModelError as exc:
        if settings.engine == "model":
            raise
        warn(f"{exc}; using the extractive engine instead")
        return ExtractiveEngine()


class Noted:
    """An engine whose every generation carries ``note`` (shown by ``--report``)."""

    def __init__(self, inner: Engine, note: str | None) -> None:
        self.inner = inner
        self.note = note
        self.name = inner.name
        self.model = inner.model

    def generate(self, plans: Sequence[Plan]) -> list[Generation]:
        generations = self.inner.generate(plans)
        if self.note:
            for generation in generations:
                generation.notes.append(self.note)
        return generations


def transforms_only(nlp) -> Engine:
    """The parse-based rewrites alone: no model, so torch is never imported."""
    if nlp is None:
        return ExtractiveEngine()
    from rewrite_cli.engines.transformed import WithTransforms

    return WithTransforms(ExtractiveEngine(), nlp, name=TRANSFORMS)


def _model_engine(settings: Settings, say: Say, nlp, choice: JobChoice) -> Engine:
    from rewrite_cli.engines.model import ModelEngine
    from rewrite_cli.engines.transformed import WithTransforms
    from rewrite_cli.models.load import load_model

    loaded = load_model(settings.model, device=settings.device, progress=say)
    engine = ModelEngine(
        loaded, seed=settings.seed, mode=settings.mode, nlp=nlp, jobs=choice.jobs
    )
    return WithTransforms(engine, nlp) if nlp is not None else engine


def _server_engine(settings: Settings, nlp, checker) -> Engine:
    from rewrite_cli.engines.chat_client import ChatClient, ServerOptions, api_key_from_env
    from rewrite_cli.engines.server import ServerEngine
    from rewrite_cli.verify import FactChecker

    options = ServerOptions(
        api_bases=settings.api_bases,
        model=settings.model,
        api_key=api_key_from_env(),
        concurrency=settings.concurrency,
        read_timeout=settings.timeout,
        seed=settings.seed,
    )
    client = ChatClient(options)
    return ServerEngine(
        client, checker=checker or FactChecker(), nlp=nlp, unit=settings.server_unit,
        seed=settings.seed,
    )
