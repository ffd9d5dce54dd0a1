from __future__ import annotations

from pathlib import Path

import pytest

from rewrite_cli.batch.write import check_output, write_atomic
from rewrite_cli.errors import OutputError


def test_write_atomic_creates_parents_and_leaves_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "out" / "a.md"
    write_atomic(target, "hello\n")
    assert target.read_text(encoding="utf-8") == "hello\n"
    assert [p.name for p in target.parent.iterdir()] == ["a.md"]


def test_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "a.md"
    target.write_text("old", encoding="utf-8")

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("rewrite_cli.batch.write.os.replace", boom)
    with pytest.raises(OSError):
        write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_refuses_to_overwrite_an_input(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="input"):
        check_output(tmp_path / "." / "a.txt", [source], force=True)


def test_existing_output_needs_force(tmp_path: Path) -> None:
    out = tmp_path / "o.md"
    out.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="--force"):
        check_output(out, [], force=False)
    check_output(out, [], force=True)


def test_output_that_is_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="folder"):
        check_output(tmp_path, [], force=True)
