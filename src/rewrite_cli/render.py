"""Turn a finished ``Rewrite`` into text, Markdown or JSON."""

from __future__ import annotations

import json
from pathlib import Path

from rewrite_cli import __version__
from rewrite_cli.document import Rewrite
from rewrite_cli.errors import UsageError
from rewrite_cli.verify import report_to_json

SUFFIXES = {"text": ".txt", "markdown": ".md", "json": ".json"}
_BY_SUFFIX = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
              ".json": "json"}


def format_for(path: Path | None, explicit: str | None) -> str:
    """``--format`` wins; otherwise the output file's suffix decides; stdout gets text."""
    if explicit:
        return explicit
    if path is None or path.suffix == "":
        return "text"
    try:
        return _BY_SUFFIX[path.suffix.lower()]
    except KeyError:
        raise UsageError(
            f"cannot tell the output format from {path.name!r}: use .txt, .md or .json, "
            "or give --format"
        ) from None


def render(rewrite: Rewrite, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(to_json(rewrite), ensure_ascii=False, indent=2) + "\n"
    headline = [rewrite.headline] if rewrite.headline else []  # none when the article has none
    if fmt == "markdown":
        note = "> " + rewrite.disclaimer
        blocks = [*(f"# {h}" for h in headline), *rewrite.paragraphs]
    elif fmt == "text":
        note = rewrite.disclaimer
        blocks = [*headline, *rewrite.paragraphs]
    else:
        raise UsageError(f"unknown format {fmt!r}")
    position = len(headline) if rewrite.disclaimer_position == "top" else len(blocks)
    blocks.insert(position, note)
    return "\n\n".join(blocks) + "\n"


def to_json(rewrite: Rewrite) -> dict[str, object]:
    return {
        "title": rewrite.headline,
        "body": rewrite.body,
        "paragraphs": rewrite.paragraphs,
        "disclaimer": rewrite.disclaimer,
        "disclaimer_position": rewrite.disclaimer_position,
        "sources": [{"name": s.name, "url": s.url} for s in rewrite.sources],
        "mode": rewrite.mode,
        "engine": rewrite.engine,
        "model": rewrite.model,
        "input": {
            "path": rewrite.input.path,
            "sha256": rewrite.input.sha256,
            "format": rewrite.input.format,
            "encoding": rewrite.input.encoding,
        },
        "report": report_to_json(rewrite.report),
        "timings": {k: round(v, 4) for k, v in rewrite.timings.items()},
        "engine_stats": {k: round(v, 4) for k, v in rewrite.engine_stats.items()},
        "generator": f"rewrite-cli {__version__}",
    }
