"""``rewrite check SOURCE REWRITE``: verify a rewrite that anyone made against its source.

Thin on purpose: inputs are read and cleaned exactly as ``rewrite`` reads them, the work is
in ``checking.compare``, and the report (this command's result) goes to stdout. Exit 0 when
everything is supported, 3 when something is not, 2 for bad input, 1 when ``--pairs`` had
lines it could not use.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from rewrite_cli.checking.compare import check_rewrite
from rewrite_cli.checking.pairs import BadPair, iter_pairs
from rewrite_cli.checking.report import to_json, to_text
from rewrite_cli.clean import clean
from rewrite_cli.document import Document
from rewrite_cli.errors import InputError, RewriteError, UsageError
from rewrite_cli.read import read_bytes, read_path, read_stream
from rewrite_cli.read.decode import decode_bytes
from rewrite_cli.settings import MAX_INPUT_BYTES
from rewrite_cli.ui import UI, OneLineErrors, user_errors
from rewrite_cli.verify.checker import FactChecker

check_app = typer.Typer(add_completion=False, rich_markup_mode="rich")

STDIN = "-"
INPUT = "Input"
OUTPUT = "Output"
UNSUPPORTED_EXIT = 3

CheckFormat = Enum("CheckFormat", {f: f for f in ("text", "json")}, type=str)


@check_app.command(cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
def check_command(
    source: Annotated[str | None, typer.Argument(
        help="The original article (file, or '-' for stdin).", show_default=False)] = None,
    rewrite: Annotated[str | None, typer.Argument(
        help="The rewrite to check (file, or '-' for stdin; only one of the two).",
        show_default=False)] = None,
    pairs: Annotated[str | None, typer.Option(
        "--pairs", help="Check many pairs: JSON Lines {id, source, rewrite} or a TSV with "
        "those columns; '-' for stdin. Writes one JSON verdict per line.",
        rich_help_panel=INPUT)] = None,
    fmt: Annotated[CheckFormat, typer.Option(
        "--format", "-f", help="Report format (--pairs always writes JSON lines).",
        rich_help_panel=OUTPUT)] = CheckFormat.text,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors on stderr.")] = False,
) -> None:
    """Check that every sentence of a rewrite says only what its source says."""
    ui = UI(quiet=quiet)
    with user_errors(ui):
        if pairs is not None:
            if source is not None or rewrite is not None:
                raise UsageError("--pairs reads its sources and rewrites from the file; "
                                 "give no SOURCE or REWRITE")
            code = _check_pairs(pairs, ui)
        else:
            code = _check_files(source, rewrite, fmt.value)
    raise typer.Exit(code)


def _check_files(source: str | None, rewrite: str | None, fmt: str) -> int:
    if source is None or rewrite is None:
        raise UsageError("give the SOURCE article and the REWRITE to check (or --pairs FILE)")
    if source == STDIN and rewrite == STDIN:
        raise UsageError("only one of SOURCE and REWRITE can be '-' (standard input)")
    original = _cleaned(_read(source), "source")
    rewritten = _cleaned(_read(rewrite), "rewrite")
    result = check_rewrite(original, rewritten, FactChecker())
    if fmt == "json":
        sys.stdout.write(json.dumps(to_json(result), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(to_text(result))
    return 0 if result.supported else UNSUPPORTED_EXIT


def _check_pairs(where: str, ui: UI) -> int:
    """One verdict line per usable pair; a bad line or bad text is one stderr line."""
    text = _pairs_text(where)
    checker = FactChecker()
    bad = unsupported = 0
    tsv = True if where.endswith(".tsv") else None
    for item in iter_pairs(text, tsv=tsv):
        if isinstance(item, BadPair):
            ui.error(f"line {item.line}: {item.reason}")
            bad += 1
            continue
        try:
            original = _cleaned(read_bytes(item.source.encode(), path=item.id), "source")
            rewritten = _cleaned(read_bytes(item.rewrite.encode(), path=item.id), "rewrite")
        except RewriteError as exc:
            ui.error(f"line {item.line}: {exc}")
            bad += 1
            continue
        result = check_rewrite(original, rewritten, checker)
        unsupported += not result.supported
        line = json.dumps({"id": item.id, **to_json(result)}, ensure_ascii=False)
        sys.stdout.write(line + "\n")
        sys.stdout.flush()
    if bad:
        return 1
    return UNSUPPORTED_EXIT if unsupported else 0


def _pairs_text(where: str) -> str:
    label = "standard input" if where == STDIN else where
    if where == STDIN:
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES * 20 + 1)
    else:
        path = Path(where)
        if path.is_dir():
            raise InputError(f"{path}: is a directory; give a JSON Lines or TSV file")
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise InputError(f"{path}: no such file") from None
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if not data.strip():
        raise InputError(f"{label}: is empty; there are no pairs to check")
    text, _ = decode_bytes(data, name=label)
    return text


def _read(where: str) -> Document:
    return read_stream(sys.stdin.buffer) if where == STDIN else read_path(Path(where))


def _cleaned(document: Document, role: str) -> Document:
    """Cleaned as ``rewrite`` cleans; a text with nothing left is bad input, not a pass."""
    document = clean(document)
    if not document.paragraphs and not document.title:
        name = "standard input" if document.input.path == STDIN else document.input.path
        raise InputError(f"{name}: the {role} has no text left after removing page junk")
    return document
