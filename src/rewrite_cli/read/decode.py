"""Turning raw input bytes into text, refusing anything that is not text.

Articles arrive as UTF-8 (with or without a BOM), as UTF-16 saved by Windows tools, or
as legacy Latin-1/cp1252 pages. A byte order mark is trusted first, strict UTF-8 second,
and only then does charset-normalizer guess, so ordinary files never depend on a guess.
"""

from __future__ import annotations

import codecs
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
        raise InputError(f"{name}: looks like a binary file (contains NUL bytes), not an article")
    try:
        return _checked(data.decode("utf-8"), name), "utf-8"
    except UnicodeDecodeError:
        pass
    encoding = guess_encoding(data)
    if encoding is None:
        raise InputError(f"{name}: cannot detect a text encoding; is it a binary file?")
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise InputError(f"{name}: cannot detect a text encoding; is it a binary file?") from None
    return _checked(text, name), encoding


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
    """Reject decoded text that is mostly control characters: a binary file that happened
    to decode (an image saved as .txt, a zip) must not reach the model."""
    sample = text[:20000]
    if not sample:
        return text
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    if controls / len(sample) > _MAX_CONTROL_SHARE:
        raise InputError(f"{name}: looks like a binary file (control characters), not an article")
    return text
