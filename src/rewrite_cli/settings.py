"""Every option of a run in one object, so stages take settings instead of globals.

Values come from, in rising priority: built-in defaults, the config file
(``config.toml`` in the user config dir, or ``REWRITE_CONFIG``), environment variables
(``REWRITE_MODEL``), and command-line options.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from platformdirs import user_config_dir

from rewrite_cli.errors import UsageError

MODES = ("rewrite", "summary")
FORMATS = ("text", "markdown", "json")
ENGINES = ("auto", "extractive", "model", "server")
SERVER_UNITS = ("paragraph", "sentence")
POSITIONS = ("top", "bottom")
DEVICES = ("auto", "cpu", "cuda")
MAX_INPUT_BYTES = 5 * 1024 * 1024
# One article's ceiling. News articles run to a few hundred words (the CNN/DailyMail dev
# set's median is 726) and the longest long-form features to about 15,000-20,000. The model
# engine rewrites about 700 words per 13 s on 2 CPU cores (31 s for the slowest article,
# docs/benchmarks.md), so 20,000 words is 6 to 15 minutes of model time. Anything longer
# is almost surely not one article (a book, a log, a concatenated dump).
MAX_ARTICLE_WORDS = 20_000


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
    max_words: int = MAX_ARTICLE_WORDS
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
        if self.max_words < 1:
            raise UsageError("--max-words must be at least 1")


def _check_choice(option: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise UsageError(f"{option} must be one of {', '.join(allowed)} (got {value!r})")


def config_path() -> Path:
    """Where the config file lives; ``REWRITE_CONFIG`` overrides for tests and scripts."""
    env = os.environ.get("REWRITE_CONFIG")
    if env:
        return Path(env)
    return Path(user_config_dir("rewrite-cli")) / "config.toml"


@dataclass(frozen=True)
class ConfigKey:
    """One config-file key: the Settings field it sets and the check its value must pass.

    ``check`` returns the value as Settings wants it, or None when the value is wrong;
    ``expected`` says in words what was wanted, for the one-line error.
    """

    field: str
    expected: str
    check: Callable[[object], object | None]


def _text(value: object) -> object | None:
    return value if isinstance(value, str) and value.strip() else None


def _whole_number(minimum: int) -> Callable[[object], object | None]:
    def check(value: object) -> object | None:
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= minimum
        return value if ok else None

    return check


def _one_of(choices: tuple[str, ...]) -> Callable[[object], object | None]:
    return lambda value: value if value in choices else None


def _flag(value: object) -> object | None:
    return value if isinstance(value, bool) else None


def _names(value: object) -> object | None:
    """A list of non-empty strings; a lone string is refused (it is not split into letters)."""
    if not isinstance(value, list) or not all(_text(v) for v in value):
        return None
    return tuple(v.strip() for v in value)


def _urls(value: object) -> object | None:
    """One server address or a list of them."""
    if isinstance(value, str):
        value = [value]
    return _names(value)


def _positive_number(value: object) -> object | None:
    ok = isinstance(value, int | float) and not isinstance(value, bool) and value > 0
    return float(value) if ok else None


def _choices(choices: tuple[str, ...]) -> str:
    return "one of " + ", ".join(f'"{c}"' for c in choices)


# The whole config file: adding a key is one line here (and a field in Settings).
CONFIG_SCHEMA: dict[str, ConfigKey] = {
    "mode": ConfigKey("mode", _choices(MODES), _one_of(MODES)),
    "sentences": ConfigKey("sentences", "a whole number, at least 1", _whole_number(1)),
    "sources": ConfigKey("sources", 'a list of names, e.g. ["BBC", "Reuters"]', _names),
    "engine": ConfigKey("engine", _choices(ENGINES), _one_of(ENGINES)),
    "model": ConfigKey("model", "a model name or path (a string)", _text),
    "device": ConfigKey("device", _choices(DEVICES), _one_of(DEVICES)),
    "seed": ConfigKey("seed", "a whole number, at least 0", _whole_number(0)),
    "format": ConfigKey("output_format", _choices(FORMATS), _one_of(FORMATS)),
    "disclaimer": ConfigKey("disclaimer_template", "a string with {sources} and {treatment}",
                            _text),
    "position": ConfigKey("disclaimer_position", _choices(POSITIONS), _one_of(POSITIONS)),
    "strict": ConfigKey("strict", "true or false", _flag),
    "max_words": ConfigKey("max_words", "a whole number, at least 1", _whole_number(1)),
    "api_base": ConfigKey("api_bases", 'a server URL or a list of them', _urls),
    "concurrency": ConfigKey("concurrency", "a whole number, at least 1", _whole_number(1)),
    "timeout": ConfigKey("timeout", "a number of seconds above 0", _positive_number),
    "server_unit": ConfigKey("server_unit", _choices(SERVER_UNITS), _one_of(SERVER_UNITS)),
}


def load_config(path: Path | None = None) -> dict[str, object]:
    """Read and check the config file into Settings field names; no file is an empty config.

    Every value is checked against CONFIG_SCHEMA here, so a wrong type is one line naming
    the file, the key and what was expected, never a traceback or a silent misreading
    (``sources = "BBC"`` once credited "B" and "C"). Unknown keys are refused: a typo
    such as ``souces`` would otherwise silently drop a credit.
    """
    named = path is not None or bool(os.environ.get("REWRITE_CONFIG"))
    path = path or config_path()
    if path.is_dir():
        raise UsageError(f"config file {path} is a folder, not a TOML file")
    if not path.is_file():
        if named:  # a file the user named must exist; only the default may be absent
            raise UsageError(f"config file {path} does not exist")
        return {}
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"cannot read config file {path}: {exc}") from None
    unknown = sorted(set(raw) - set(CONFIG_SCHEMA))
    if unknown:
        raise UsageError(
            f"unknown key(s) in config file {path}: {', '.join(unknown)} "
            f"(known: {', '.join(CONFIG_SCHEMA)})"
        )
    values: dict[str, object] = {}
    for key, value in raw.items():
        spec = CONFIG_SCHEMA[key]
        checked = spec.check(value)
        if checked is None:
            raise UsageError(
                f"config file {path}: {key} must be {spec.expected} (got {_describe(value)})"
            )
        values[spec.field] = checked
    return values


# A "user:password@" inside any URL of a shown value: a secret, never printed.
_USERINFO = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*://)[^/?#@\s'\"]*@")


def _describe(value: object) -> str:
    """A short, safe rendering of a wrong value for an error line."""
    kinds = {str: "the string", bool: "the boolean", int: "the number", float: "the number",
             list: "a list", dict: "a table"}
    shown = _USERINFO.sub(r"\1", repr(value))  # before cutting: a cut URL keeps no "@"
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return f"{kinds.get(type(value), type(value).__name__)} {shown}"


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
