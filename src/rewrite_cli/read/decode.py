"""Turning raw input bytes into text, refusing anything that is not text.

Articles arrive as UTF-8 (with or without a BOM), as UTF-16 saved by Windows tools, or
as legacy Latin-1/cp1252 pages. A byte order mark is trusted first, strict UTF-8 second,
and only then does charset-normalizer guess, so ordinary files never depend on a guess.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

from rewrite_cli.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# cp1252 is Latin-1 plus the curly quotes and dashes Windows editors put in news copy.
_LATIN_FAMILY = {"latin_1", "iso8859_1", "iso8859_15", "cp1252", "windows_1252", "ascii"}
_WESTERN = "cp1252"
_CHAOS_TIE = 0.01
_UTF16_SAMPLE = 4096
_UTF16_NUL_SHARE = 0.3
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")

_MAX_CONTROL_SHARE = 0.01


def decode_bytes(data: bytes, *, name: str) -> tuple[str, str]:
    """Return ``(text, encoding)`` for ``data``; InputError naming ``name`` if it is binary."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), name), encoding
            except UnicodeDecodeError:
                raise InputError(
                    f"{name}: starts with a {encoding} byte order mark but is not "
                    f"valid {encoding} text"
                ) from None
    if b"\x00" in data:
        utf16 = utf16_without_bom(data)
        if utf16 is None:
            raise InputError(
                f"{name}: looks like a binary file (contains NUL bytes), not an article"
            )
        return _checked(data.decode(utf16), name), utf16
    try:
        return _checked(data.decode("utf-8"), name), "utf-8"
    except UnicodeDecodeError:
        pass
    encoding = guess_encoding(data)
    if encoding is None:
        raise InputError(f"{name}: cannot detect a text encoding; is it a binary file?")
    mixed = decode_mixed(data)
    if mixed is not None:
        return _checked(mixed[0], name), mixed[1]
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise InputError(f"{name}: cannot detect a text encoding; is it a binary file?") from None
    return _checked(text, name), encoding


def utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" for BOM-less UTF-16 text, else None.

    Windows tools sometimes save UTF-16 without a byte order mark. Western text in UTF-16
    has a NUL in (nearly) every other byte, always on the same side; binary files have
    NULs scattered anywhere. The guess must also decode strictly to be taken.
    """
    sample = data[:_UTF16_SAMPLE]
    if len(data) % 2 or len(sample) < 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    for encoding, zeros, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros >= _UTF16_NUL_SHARE * half and other == 0:
            try:
                data.decode(encoding)
            except UnicodeDecodeError:
                return None
            return encoding
    return None


def decode_mixed(data: bytes) -> tuple[str, str] | None:
    """``(text, "utf-8+ENCODING")`` for a file whose lines mix UTF-8 and a legacy encoding.

    A file pasted together from two sources (a UTF-8 page and a Latin-1 wire story) has
    both. Decoded whole with one guessed code page, every UTF-8 dash becomes "â€”"
    mojibake that would be published as is. Line by line, each line valid as UTF-8 is
    UTF-8 and the others share one guess made from their bytes alone. None when no line
    has UTF-8 beyond ASCII (an ordinary legacy file) or the other lines defeat the guess.
    """
    lines = data.splitlines(keepends=True)
    utf8: dict[int, str] = {}
    for index, line in enumerate(lines):
        try:
            utf8[index] = line.decode("utf-8")
        except UnicodeDecodeError:
            continue
    if not any(not text.isascii() for text in utf8.values()):
        return None
    legacy = b"".join(line for index, line in enumerate(lines) if index not in utf8)
    encoding = guess_encoding(legacy)
    if encoding is None:
        return None
    try:
        parts = [utf8[i] if i in utf8 else line.decode(encoding) for i, line in enumerate(lines)]
    except (UnicodeDecodeError, LookupError):
        return None
    return "".join(parts), f"utf-8+{encoding}"


def guess_encoding(data: bytes) -> str | None:
    """charset-normalizer's guess, preferring cp1252 among equally clean candidates.

    On a short sample Latin-1 text decodes cleanly as half a dozen code pages (Baltic,
    Central European, ...); Western news is what this tool reads, so cp1252 wins a tie.
    """
    matches = list(from_bytes(data))
    if not matches:
        return None
    cleanest = min(match.chaos for match in matches)
    for match in matches:
        if match.chaos <= cleanest + _CHAOS_TIE and _WESTERN in match.could_be_from_charset:
            return _WESTERN
    best = min(matches, key=lambda match: (match.chaos, -match.coherence))
    return _WESTERN if best.encoding in _LATIN_FAMILY else best.encoding


def _checked(text: str, name: str) -> str:
    """Reject decoded text that is mostly control characters, and drop the few left.

    A binary file that happened to decode (an image saved as .txt, a zip) must not reach
    the model. A stray control character in real text is invisible, breaks XML-based
    parsers (lxml refuses it) and could drive a terminal (ESC); vertical tab and form
    feed were line breaks to whoever typed them.
    """
    sample = text[:20000]
    if not sample:
        return text
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    if controls / len(sample) > _MAX_CONTROL_SHARE:
        raise InputError(f"{name}: looks like a binary file (control characters), not an article")
    return _CONTROLS.sub(lambda m: "\n" if m.group() in "\v\f" else "", text)
