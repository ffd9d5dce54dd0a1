"""Engines turn a plan into candidate sentences; all share the interface in ``base``.

``make_engine`` is the one place that maps ``--engine`` to an engine object, so the CLI,
batch runs and ``rewrite eval`` choose engines the same way.
"""

from __future__ import annotations

from collections.abc import Callable

from rewrite_cli.engines.base import Engine
from rewrite_cli.engines.extractive import ExtractiveEngine
from rewrite_cli.errors import ModelError
from rewrite_cli.settings import Settings

Say = Callable[[str], None]


def make_engine(settings: Settings, *, say: Say, warn: Say, nlp=None, checker=None) -> Engine:
    """Build the engine ``settings.engine`` names; ``auto`` falls back to extractive.

    ``nlp`` (the spaCy pipeline the fact checker uses) lets the model engine protect names
    as well as numbers, and adds the parse-based rewrites to its candidates. ``--api-base``
    with ``auto`` means the server engine: a user who names a server wants it, so a server
    that is down is an error (exit 4), not a silent fallback.
    """
    if settings.engine == "extractive":
        return ExtractiveEngine()
    if settings.engine == "server" or (settings.engine == "auto" and settings.api_bases):
        return _server_engine(settings, nlp, checker)
    try:
        return _model_engine(settings, say, nlp)
    except ModelError as exc:
        if settings.engine == "model":
            raise
        warn(f"{exc}; using the extractive engine instead")
        return ExtractiveEngine()


def _model_engine(settings: Settings, say: Say, nlp) -> Engine:
    from rewrite_cli.engines.model import ModelEngine
    from rewrite_cli.engines.transformed import WithTransforms
    from rewrite_cli.models.load import load_model

    loaded = load_model(settings.model, device=settings.device, progress=say)
    engine = ModelEngine(loaded, seed=settings.seed, mode=settings.mode, nlp=nlp)
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
