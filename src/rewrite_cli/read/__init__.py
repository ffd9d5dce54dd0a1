"""The read stage: a file, stdin or bytes in; a Document of title, paragraphs and metadata out.

Every way an input can be unusable (missing, a folder, empty, binary, too large) ends
in one InputError line naming the input, checked as early and as cheaply as possible:
the size before reading, binary bytes before decoding.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import BinaryIO

from rewrite_cli.document import Document, InputInfo
from rewrite_cli.errors import InputError
from rewrite_cli.read.decode import decode_bytes
from rewrite_cli.read.html import parse_html
from rewrite_cli.read.markdown import parse_markdown
from rewrite_cli.read.sniff import format_from_suffix, sniff_format
from rewrite_cli.read.text import parse_text
from rewrite_cli.settings import MAX_INPUT_BYTES

__all__ = ["detect_format", "read_bytes", "read_file", "read_path", "read_stream"]


def read_path(path: Path, *, max_bytes: int = MAX_INPUT_BYTES) -> Document:
    """Read an article file; the suffix (.html, .md, .txt) picks the format, else sniffing."""
    return read_bytes(read_file(path, max_bytes=max_bytes), path=str(path), max_bytes=max_bytes)


def read_file(path: Path, *, max_bytes: int = MAX_INPUT_BYTES) -> bytes:
    """A file's raw bytes, refusing folders and over-size files before reading anything.

    Public so batch mode can hash the bytes (to skip up-to-date outputs) before parsing.
    """
    path = Path(path)
    try:
        if path.is_dir():
            raise InputError(f"{path}: is a directory; give one article file (or use batch mode)")
        _check_size(path.stat().st_size, max_bytes, str(path))
        with path.open("rb") as stream:
            return stream.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None


def read_stream(stream: BinaryIO, *, name: str = "-", max_bytes: int = MAX_INPUT_BYTES) -> Document:
    """Read an article from a binary stream such as ``sys.stdin.buffer``.

    At most ``max_bytes + 1`` bytes are read, so an endless pipe cannot fill memory.
    """
    label = "standard input" if name == "-" else name
    try:
        data = stream.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"{label}: cannot read ({exc.strerror or exc})") from None
    return read_bytes(data, path=name, max_bytes=max_bytes)


def read_bytes(
    data: bytes, *, path: str, max_bytes: int = MAX_INPUT_BYTES, fmt: str | None = None
) -> Document:
    """Decode and parse raw article bytes; ``path`` names the input and hints its format.

    ``fmt`` ("text", "markdown", "html") is a format the caller knows for sure, such as
    a fetched page's content type; it wins over the name and the content.
    """
    label = "standard input" if path == "-" else path
    _check_size(len(data), max_bytes, label)
    if not data:
        raise InputError(f"{label}: is empty; there is no article to rewrite")
    text, encoding = decode_bytes(data, name=label)
    if not text.strip():
        raise InputError(f"{label}: contains only whitespace; there is no article to rewrite")
    fmt = fmt or detect_format(text, path)
    parsed = _PARSERS[fmt](text, name=label)
    return Document(
        title=parsed.title,
        paragraphs=parsed.paragraphs,
        meta=parsed.meta,
        input=InputInfo(
            path=path,
            sha256=hashlib.sha256(data).hexdigest(),
            format=fmt,
            encoding=encoding,
        ),
    )


def detect_format(text: str, path: str) -> str:
    """The input format: the suffix's promise, else a look at the content."""
    return format_from_suffix(path) or sniff_format(text)


def _check_size(size: int, max_bytes: int, label: str) -> None:
    if size > max_bytes:
        raise InputError(
            f"{label}: is too large (over the {_mib(max_bytes)} limit); is this really one article?"
        )


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB" if size >= 1024 * 1024 else f"{size} bytes"


_PARSERS = {"text": parse_text, "markdown": parse_markdown, "html": parse_html}
