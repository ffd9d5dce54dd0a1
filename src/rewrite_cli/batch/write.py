"""Writing results so that a crash or a mistake never destroys anything.

Outputs are written to a temporary file in the target folder and renamed into place,
so a reader (or a resumed batch) only ever sees complete files; an input is never
overwritten, and an existing output only with ``--force``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rewrite_cli.errors import OutputError


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` completely or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_output(path: Path, inputs: list[Path], *, force: bool) -> None:
    """Refuse to write over an input, a folder, or (without --force) an existing output."""
    for source in inputs:
        if _same_file(path, source):
            raise OutputError(f"refusing to overwrite the input file {source}")
    if path.is_dir():
        raise OutputError(f"{path} is a folder; give a file name or use it for several inputs")
    if path.exists() and not force:
        raise OutputError(f"{path} exists; use --force to overwrite it")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return a.resolve() == b.resolve()
