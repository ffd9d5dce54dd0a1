"""The error a user sees, as the tests check it: exactly one line on stderr, no traceback."""

from __future__ import annotations


def one_line_error(result, code: int, needle: str = "") -> str:
    """Assert ``result`` failed with ``code``, printing nothing on stdout and one stderr line
    (holding ``needle``) without a traceback; return that line."""
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert needle in lines[0], lines[0]
    assert "Traceback" not in result.stderr
    return lines[0]
