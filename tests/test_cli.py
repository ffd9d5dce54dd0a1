"""The README's examples, run through typer's runner and through real pipes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli_errors import one_line_error as assert_one_line_error
from rewrite_cli.cli import app

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
FAST = ["--engine", "extractive"]


def invoke(*args: str, input: bytes | str | None = None):
    return CliRunner().invoke(app, [*FAST, *args], input=input, env={"NO_COLOR": "1"})




def test_text_sample_prints_headline_note_and_body() -> None:
    result = invoke(str(SAMPLES / "harbour-bridge.txt"))
    assert result.exit_code == 0, result.output
    blocks = result.stdout.rstrip("\n").split("\n\n")
    assert blocks[0] == "Coastal Town Reopens Harbour Bridge After Two-Year Repair"
    assert blocks[1].startswith("Note: This article summarizes publicly reported facts from")
    assert "The Ferndale Courier" in blocks[1]
    assert "independently rewritten" not in blocks[1]  # the extractive engine copies
    body = "\n\n".join(blocks[2:])
    assert "14.2 million pounds" in body
    assert "Share this" not in result.stdout and "Previous Post" not in result.stdout


def test_markdown_output_inferred_from_suffix(tmp_path: Path) -> None:
    out = tmp_path / "robots.md"
    result = invoke(str(SAMPLES / "library-robots.md"), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# City Library Lends Out Robots to Teach Children Coding\n\n> Note:")
    assert "Northgate Evening Post" in text


def test_json_output_fields(tmp_path: Path) -> None:
    out = tmp_path / "wind.json"
    result = invoke(str(SAMPLES / "wind-farm.html"), "-o", str(out))
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    for key in ("title", "body", "disclaimer", "sources", "mode", "engine", "model", "input",
                "report", "timings"):
        assert key in data
    assert data["engine"] == "extractive" and data["model"] is None
    assert data["input"]["format"] == "html" and len(data["input"]["sha256"]) == 64
    assert {"name": "Lowland Herald", "url": "https://example.com/energy/wind-farm-power"} in (
        data["sources"]
    )
    assert "Post a Comment" not in data["body"] and "Subscribe" not in data["body"]
    counts = data["report"]["counts"]
    assert counts["sentences"] == counts["kept"] + counts["rewritten"] + counts["compressed"]


def test_summary_mode_sentence_count_and_json_to_stdout() -> None:
    result = invoke(str(SAMPLES / "harbour-bridge.txt"), "--mode", "summary", "--sentences", "3",
                    "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["mode"] == "summary"
    assert data["report"]["counts"]["sentences"] == 3


def test_sources_option_names_several_outlets() -> None:
    result = invoke(str(SAMPLES / "harbour-bridge.txt"), "--source", "BBC", "--source", "Reuters")
    assert result.exit_code == 0, result.output
    assert "multiple news sources including BBC, Reuters and The Ferndale Courier" in result.stdout


def test_note_at_the_bottom_and_custom_template() -> None:
    result = invoke(str(SAMPLES / "harbour-bridge.txt"), "--position", "bottom",
                    "--disclaimer", "Credit: {sources}. {treatment}")
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip("\n").split("\n\n")[-1].startswith("Credit: The Ferndale Courier.")
    bad = invoke(str(SAMPLES / "harbour-bridge.txt"), "--disclaimer", "nothing to see")
    assert_one_line_error(bad, 2, "{sources}")


def test_stdin_dash_sniffs_html() -> None:
    html = (SAMPLES / "wind-farm.html").read_bytes()
    result = invoke("-", input=html)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Offshore Wind Farm Starts Supplying Power")
    assert "Lowland Herald" in result.stdout
    assert "<p>" not in result.stdout


def test_folder_to_folder_with_a_bad_file(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for sample in SAMPLES.iterdir():
        (src / sample.name).write_bytes(sample.read_bytes())
    (src / "broken.txt").write_bytes(b"\x00\x01\x02binary\x00")
    out = tmp_path / "out"
    result = invoke(str(src), "-o", str(out), "--format", "markdown")
    assert result.exit_code == 1, result.output
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "harbour-bridge.md", "library-robots.md", "wind-farm.md",
    ]
    assert "broken.txt" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"", "empty"),
        (b"   \n\t\n  ", "whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (b"Too short.\n\nJust a line.", "short"),
    ],
)
def test_bad_files_give_one_line_and_exit_2(tmp_path: Path, content: bytes, needle: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    assert_one_line_error(invoke(str(path)), 2, needle)


def test_missing_path_and_folder_without_output(tmp_path: Path) -> None:
    assert_one_line_error(invoke(str(tmp_path / "nope.txt")), 2, "no such file")
    assert_one_line_error(invoke(str(tmp_path)), 2, "-o")


def test_too_large_input(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"word " * (1_100_000))
    assert_one_line_error(invoke(str(path)), 2, "MiB")


def test_never_overwrites_input_or_existing_output(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_bytes((SAMPLES / "library-robots.md").read_bytes())
    before = article.read_bytes()
    result = invoke(str(article), "-o", str(article), "--force")
    assert_one_line_error(result, 1, "input")
    assert article.read_bytes() == before
    out = tmp_path / "o.txt"
    out.write_text("keep me", encoding="utf-8")
    assert_one_line_error(invoke(str(article), "-o", str(out)), 1, "--force")
    assert out.read_text(encoding="utf-8") == "keep me"
    assert invoke(str(article), "-o", str(out), "--force").exit_code == 0


def test_unknown_output_suffix_and_bad_option_values(tmp_path: Path) -> None:
    sample = str(SAMPLES / "harbour-bridge.txt")
    assert_one_line_error(invoke(sample, "-o", str(tmp_path / "x.docx")), 2, "--format")
    assert_one_line_error(invoke(sample, "--mode", "poem"), 2, "--mode")


def test_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("rewrite-cli ")


def _run(args: list[str], stdin: bytes, env: dict[str, str] | None = None):
    return subprocess.run(
        [sys.executable, "-m", "rewrite_cli", *FAST, *args], input=stdin, capture_output=True,
        env={**os.environ, **(env or {})}, timeout=120, check=False,
    )


def test_real_pipe_keeps_stdout_clean() -> None:
    text = (SAMPLES / "harbour-bridge.txt").read_bytes()
    proc = _run(["-v"], text, env={"NO_COLOR": "1"})
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode("utf-8")
    assert out.startswith("Coastal Town Reopens Harbour Bridge")
    assert "timings" not in out and "timings" in proc.stderr.decode()
    assert b"\x1b[" not in proc.stderr  # NO_COLOR and not a terminal: no escape codes


def test_real_pipe_error_is_one_line() -> None:
    proc = _run([], b"  \n ")
    assert proc.returncode == 2
    assert proc.stdout == b""
    assert len(proc.stderr.decode().strip().splitlines()) == 1


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1252"])
def test_encodings_through_the_cli(tmp_path: Path, encoding: str) -> None:
    text = (SAMPLES / "harbour-bridge.txt").read_text(encoding="utf-8")
    text = text.replace("Ferndale", "Férndale")
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode(encoding))
    result = invoke(str(path))
    assert result.exit_code == 0, result.output
    assert "Férndale" in result.stdout


def test_subcommand_errors_are_one_line(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "rewrite_cli", "models", "rm", "no-such-model"],
        capture_output=True, env={**os.environ, "REWRITE_CACHE_DIR": str(tmp_path)},
        timeout=120, check=False,
    )
    assert proc.returncode == 4
    assert proc.stdout == b""
    err = proc.stderr.decode()
    assert len(err.strip().splitlines()) == 1 and "unknown model" in err
    assert "Traceback" not in err
