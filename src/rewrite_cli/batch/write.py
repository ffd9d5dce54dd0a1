"""Writing results so that a crash or a mistake never destroys anything.

Outputs are written to a temporary file in the target folder and renamed into place,
so a reader (or a resumed batch) only ever sees complete files; an input is never
overwritten, and an existing output only with ``--force``.

Inputs are recognised by identity (device and inode), not by name, so a hard link, a
symbolic link or a ``..`` spelling of an input is still that input. Outputs of a folder
run are resolved and must stay inside the output folder, so a symbolic link placed in it
cannot send a write elsewhere; that is checked again right before the rename.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from rewrite_cli.errors import OutputError

Identity = tuple[int, int]  # (st_dev, st_ino): the same file under any name


def identity(path: Path) -> Identity | None:
    """The file ``path`` leads to (symbolic links followed), or None when there is none."""
    try:
        info = path.stat()
    except (OSError, ValueError):
        return None
    return info.st_dev, info.st_ino


def identities(paths: Iterable[Path]) -> frozenset[Identity]:
    """The identities of the files that exist among ``paths``."""
    return frozenset(found for path in paths if (found := identity(path)) is not None)


def write_atomic(path: Path, text: str, *, within: Path | None = None) -> None:
    """Write ``text`` to ``path`` completely or not at all.

    With ``within``, the target must resolve inside that folder: before any folder is
    created, and again right before the rename, so a link swapped in meanwhile is caught.
    """
    if within is not None:
        check_inside(path, within)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
        if within is not None:
            check_inside(path, within)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_output(path: Path, text: str, *, within: Path | None = None) -> None:
    """``write_atomic``, with a failed write (full disk, read-only, gone) as one line."""
    try:
        write_atomic(path, text, within=within)
    except OSError as exc:
        raise OutputError(f"cannot write {path} ({exc.strerror or exc})") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_inside(path: Path, folder: Path) -> None:
    """Refuse an output that a symbolic link (or ``..``) would take outside ``folder``."""
    root = folder.resolve()
    target = path.resolve()
    if target != root and root not in target.parents:
        raise OutputError(
            f"{path} leads outside the output folder (to {target}) through a symbolic link; "
            "refusing to write there"
        )


def check_output(
    path: Path, inputs: Iterable[Path], *, force: bool, replaced: bool = True
) -> None:
    """Refuse to write over an input, a folder, or (without --force) an existing output.

    ``replaced``: the output is renamed into place, so a device or a pipe there would be
    replaced by a file; a stream (``--jsonl-out``) may write into one.
    """
    check_not_input(path, identities(inputs))
    if path.is_dir():
        raise OutputError(f"{path} is a folder; give a file name or use it for several inputs")
    if replaced and path.exists() and not path.is_file():
        raise OutputError(f"{path} is not a regular file (a device or a pipe); an output file "
                          "is replaced as a whole, so write to a file instead")
    if path.exists() and not force:
        raise OutputError(f"{path} exists; use --force to overwrite it")
    check_target(path)


def check_not_input(path: Path, inputs: frozenset[Identity]) -> None:
    """An input is never overwritten, with or without --force (hard links included)."""
    if (found := identity(path)) is not None and found in inputs:
        raise OutputError(f"refusing to overwrite {path}: it is one of the inputs")


def check_target(path: Path) -> None:
    """Fail before the model work when ``path`` can plainly never be written.

    Missing folders are created at write time, so the nearest existing one must be a
    folder we may write in; a full disk or a read-only mount still shows at write time,
    as one line.
    """
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        if folder.is_symlink():
            raise OutputError(f"cannot write {path}: {folder} is a broken symbolic link")
        folder = folder.parent
    if not folder.is_dir():
        raise OutputError(f"cannot write {path}: {folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write {path}: the folder {folder} is not writable")
