"""Every option of a run in one object, so stages take settings instead of globals.

Values come from, in rising priority: built-in defaults, the config file
(``config.toml`` in the user config dir, or ``REWRITE_CONFIG``), environment variables
(``REWRITE_MODEL``), and command-line options.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from platformdirs import user_config_dir

from rewrite_cli.errors import UsageError

MODES = ("rewrite", "summary")
FORMATS = ("text", "markdown", "json")
ENGINES = ("auto", "extractive", "model", "server")
SERVER_UNITS = ("paragraph", "sentence")
POSITIONS = ("top", "bottom")
MAX_INPUT_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Settings:
    mode: str = "rewrite"
    sentences: int | None = None  # summary length; None = scaled to the article
    sources: tuple[str, ...] = ()
    engine: str = "auto"
    model: str | None = None
    device: str = "auto"
    seed: int = 0
    output_format: str | None = None  # None = from the output suffix, else text
    disclaimer_template: str | None = None
    disclaimer_position: str = "top"
    strict: bool = False
    force: bool = False
    max_input_bytes: int = MAX_INPUT_BYTES
    api_bases: tuple[str, ...] = ()  # OpenAI-compatible servers (the server engine)
    concurrency: int = 4  # requests in flight per server
    timeout: float = 120.0  # seconds to wait for one answer
    server_unit: str = "paragraph"  # what one request rewrites
    extra: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _check_choice("--mode", self.mode, MODES)
        _check_choice("--engine", self.engine, ENGINES)
        _check_choice("--position", self.disclaimer_position, POSITIONS)
        if self.output_format is not None:
            _check_choice("--format", self.output_format, FORMATS)
        _check_choice("--server-unit", self.server_unit, SERVER_UNITS)
        if self.concurrency < 1:
            raise UsageError("--concurrency must be at least 1")
        if self.timeout <= 0:
            raise UsageError("--timeout must be positive")
        if self.sentences is not None and self.sentences < 1:
            raise UsageError("--sentences must be at least 1")


def _check_choice(option: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise UsageError(f"{option} must be one of {', '.join(allowed)} (got {value!r})")


def config_path() -> Path:
    """Where the config file lives; ``REWRITE_CONFIG`` overrides for tests and scripts."""
    env = os.environ.get("REWRITE_CONFIG")
    if env:
        return Path(env)
    return Path(user_config_dir("rewrite-cli")) / "config.toml"


_CONFIG_KEYS = {
    "mode": "mode",
    "sentences": "sentences",
    "sources": "sources",
    "engine": "engine",
    "model": "model",
    "device": "device",
    "seed": "seed",
    "format": "output_format",
    "disclaimer": "disclaimer_template",
    "position": "disclaimer_position",
    "strict": "strict",
    "api_base": "api_bases",
    "concurrency": "concurrency",
    "timeout": "timeout",
    "server_unit": "server_unit",
}


def load_config(path: Path | None = None) -> dict[str, object]:
    """Read the config file into Settings field names; a missing file is an empty config."""
    path = path or config_path()
    if not path.is_file():
        return {}
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"cannot read config file {path}: {exc}") from None
    unknown = sorted(set(raw) - set(_CONFIG_KEYS))
    if unknown:
        raise UsageError(f"unknown key(s) in config file {path}: {', '.join(unknown)}")
    values = {_CONFIG_KEYS[k]: v for k, v in raw.items()}
    if "sources" in values:
        values["sources"] = tuple(values["sources"])  # type: ignore[arg-type]
    if "api_bases" in values:  # one URL or a list of them
        bases = values["api_bases"]
        values["api_bases"] = (bases,) if isinstance(bases, str) else tuple(bases)  # type: ignore[arg-type]
    return values


def build_settings(
    cli_values: dict[str, object], config: dict[str, object] | None = None
) -> Settings:
    """Merge defaults < config file < environment < command line (None = not given)."""
    names = {f.name for f in fields(Settings)}
    merged: dict[str, object] = dict(config if config is not None else load_config())
    env_model = os.environ.get("REWRITE_MODEL")
    if env_model:
        merged["model"] = env_model
    for key, value in cli_values.items():
        if key not in names:
            raise KeyError(key)
        if value is None or value == ():
            continue
        merged[key] = value
    try:
        return replace(Settings(), **merged)
    except TypeError as exc:
        raise UsageError(f"bad setting: {exc}") from None
