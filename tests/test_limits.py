"""The per-article word ceiling and the config file, as a user meets them on the command line."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from cli_errors import one_line_error
from rewrite_cli.cli import app
from rewrite_cli.settings import MAX_ARTICLE_WORDS

FIXTURES = Path(__file__).parent / "fixtures"


def invoke(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(
        app, ["--engine", "extractive", *args], env={"NO_COLOR": "1", **(env or {})}
    )




def article(tmp_path: Path, paragraphs: int) -> Path:
    text = (FIXTURES / "harbour-ferry.txt").read_text(encoding="utf-8")
    body = text.split("\n\n", 2)[2]
    path = tmp_path / "long.txt"
    path.write_text(text + "\n\n".join([body] * paragraphs), encoding="utf-8")
    return path


def test_an_article_over_the_word_limit_is_refused_naming_the_limit(tmp_path: Path) -> None:
    path = article(tmp_path, 3)
    words = len(path.read_text(encoding="utf-8").split())
    line = one_line_error(invoke(str(path), "--max-words", "100"), 2)
    assert "too long for one article" in line and "the limit is 100" in line
    assert "--max-words" in line and "max_words" in line
    counted = int(re.search(r"\(([\d,]+) words", line).group(1).replace(",", ""))
    assert words - 20 < counted <= words  # the count is shown (header lines are metadata)
    assert invoke(str(path), "--max-words", str(words + 10)).exit_code == 0


def test_the_default_ceiling_applies_and_the_config_raises_it(tmp_path: Path) -> None:
    path = article(tmp_path, MAX_ARTICLE_WORDS // 150)
    assert len(path.read_text(encoding="utf-8").split()) > MAX_ARTICLE_WORDS
    line = one_line_error(invoke(str(path)), 2)
    assert f"the limit is {MAX_ARTICLE_WORDS:,}" in line
    cfg = tmp_path / "config.toml"
    cfg.write_text(f"max_words = {MAX_ARTICLE_WORDS * 2}\n", encoding="utf-8")
    assert invoke(str(path), env={"REWRITE_CONFIG": str(cfg)}).exit_code == 0


def test_a_missing_or_folder_rewrite_config_is_one_line_error(tmp_path: Path) -> None:
    sample = str(FIXTURES / "harbour-ferry.txt")
    line = one_line_error(invoke(sample, env={"REWRITE_CONFIG": str(tmp_path / "nope.toml")}), 2)
    assert "nope.toml does not exist" in line
    line = one_line_error(invoke(sample, env={"REWRITE_CONFIG": str(tmp_path)}), 2)
    assert "is a folder" in line


def test_a_mistyped_config_value_is_one_line_error(tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text('sources = "BBC"\n', encoding="utf-8")
    line = one_line_error(
        invoke(str(FIXTURES / "harbour-ferry.txt"), env={"REWRITE_CONFIG": str(cfg)}), 2
    )
    assert f"config file {cfg}: sources must be a list of names" in line
