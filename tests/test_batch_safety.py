"""Never harm the user's files: hostile layouts of inputs, outputs, links and manifests.

Each test is a reproduction from the hostile-input review (issue 14): it failed before the
fix and guards the promise the README makes about batches.
"""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rewrite_cli.batch.manifest import MANIFEST_NAME, Manifest
from rewrite_cli.batch.write import write_atomic
from rewrite_cli.cli import app
from rewrite_cli.errors import OutputError

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
FAST = ["--engine", "extractive"]
BRIDGE = (SAMPLES / "harbour-bridge.txt").read_bytes()


def invoke(*args: str, input: bytes | str | None = None):
    return CliRunner().invoke(app, [*FAST, *args], input=input, env={"NO_COLOR": "1"})


def one_line_error(result) -> str:
    """The error a user sees: exactly one line, no traceback."""
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.stderr
    return errors[0]


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Every file under ``folder`` (hidden ones too) with its inode and bytes."""
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, p.read_bytes())
        for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()
    }


def _articles(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for sample in SAMPLES.iterdir():
        (folder / sample.name).write_bytes(sample.read_bytes())
    return folder


def _jsonl(*records: object) -> bytes:
    return ("\n".join(json.dumps(r) for r in records) + "\n").encode("utf-8")


# ------------------------------------------------------- item 2: inputs are never outputs


def test_force_never_truncates_an_input_named_as_jsonl_out(tmp_path: Path) -> None:
    d = _articles(tmp_path / "d")
    before = snapshot(d)
    result = invoke(str(d), "--jsonl-out", str(d / "harbour-bridge.txt"), "--force")
    assert result.exit_code == 1
    assert "one of the inputs" in one_line_error(result)
    assert snapshot(d) == before


def test_force_never_truncates_a_hard_link_of_an_input(tmp_path: Path) -> None:
    d = _articles(tmp_path / "d")
    (tmp_path / "results").mkdir()
    link = tmp_path / "results" / "copy.txt"
    os.link(d / "wind-farm.html", link)
    result = invoke(str(d), "--jsonl-out", str(link), "--force")
    assert result.exit_code == 1 and "one of the inputs" in one_line_error(result)
    assert link.read_bytes() == (SAMPLES / "wind-farm.html").read_bytes()
    single = invoke(str(d / "wind-farm.html"), "-o", str(link), "--force")
    assert single.exit_code == 1 and "one of the inputs" in one_line_error(single)
    assert link.read_bytes() == (SAMPLES / "wind-farm.html").read_bytes()


def test_a_jsonl_out_inside_an_input_folder_is_not_read_back(tmp_path: Path) -> None:
    d = tmp_path / "d"
    d.mkdir()
    (d / "harbour-bridge.txt").write_bytes(BRIDGE)
    result = invoke(str(d), "--jsonl-out", str(d / "all.jsonl"))
    assert result.exit_code == 0, result.output
    lines = (d / "all.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["harbour-bridge.txt"]


def test_a_record_id_never_replaces_the_jsonl_input(tmp_path: Path) -> None:
    jx = tmp_path / "jx"
    jx.mkdir()
    feed = jx / "batch.json"
    text = BRIDGE.decode("utf-8")
    feed.write_bytes(_jsonl({"id": "batch", "text": text}, {"id": "other", "text": text}))
    before = feed.read_bytes()
    result = invoke("--jsonl-in", str(feed), "-o", str(jx), "-f", "json", "--force")
    assert result.exit_code == 1, result.output
    assert "one of the inputs" in result.stderr and "Traceback" not in result.output
    assert feed.read_bytes() == before
    assert json.loads((jx / "other.json").read_text(encoding="utf-8"))["body"]


def test_folder_outputs_never_land_on_another_input(tmp_path: Path) -> None:
    """``a.txt`` from one root would become ``a.txt`` in the output folder: an input there."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_bytes(BRIDGE)
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.txt").write_bytes(BRIDGE)  # a second input, and the first one's output path
    result = invoke(str(src / "a.txt"), str(out / "a.txt"), "-o", str(out), "--force")
    assert result.exit_code == 1
    assert "one of the inputs" in result.stderr
    assert (out / "a.txt").read_bytes() == BRIDGE


# ----------------------------------------------- item 3: nothing outside the output folder


def test_a_symlinked_folder_inside_the_output_is_not_followed(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "harbour-bridge.txt").write_bytes(BRIDGE)
    (src / "sub" / "deeper").mkdir()
    (src / "sub" / "deeper" / "robots.md").write_bytes(
        (SAMPLES / "library-robots.md").read_bytes()
    )
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "harbour-bridge.txt").write_text("precious", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "sub").symlink_to("../victim")
    result = invoke(str(src), "-o", str(out), "-r", "--force")
    assert result.exit_code == 1
    assert "outside the output folder" in result.stderr and "Traceback" not in result.output
    assert snapshot(victim) == {"harbour-bridge.txt": (
        (victim / "harbour-bridge.txt").stat().st_ino, b"precious")}
    assert not (victim / "deeper").exists()


def test_an_output_file_that_is_a_link_outside_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "notes.txt"
    outside.write_text("mine", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "harbour-bridge.txt").symlink_to(outside)
    result = invoke(str(SAMPLES), "-o", str(out), "--force")
    assert result.exit_code == 1 and "outside the output folder" in result.stderr
    assert outside.read_text(encoding="utf-8") == "mine"
    assert (out / "harbour-bridge.txt").is_symlink()


@pytest.mark.parametrize("name", [MANIFEST_NAME, ".rewrite-manifest.lock",
                                  MANIFEST_NAME + "-wal"])
def test_manifest_files_that_are_links_are_refused(tmp_path: Path, name: str) -> None:
    outside = tmp_path / "outside.db"
    outside.write_bytes(b"")
    out = tmp_path / "out"
    out.mkdir()
    (out / name).symlink_to(outside)
    result = invoke(str(SAMPLES), "-o", str(out))
    assert result.exit_code == 1
    assert "symbolic link" in one_line_error(result)
    assert outside.read_bytes() == b""
    assert [p.name for p in out.iterdir() if not p.is_symlink()] == []


def test_a_dangling_lock_link_creates_nothing_outside(tmp_path: Path) -> None:
    target = tmp_path / "created-by-link"
    out = tmp_path / "out"
    out.mkdir()
    (out / ".rewrite-manifest.lock").symlink_to(target)
    result = invoke(str(SAMPLES), "-o", str(out))
    assert result.exit_code == 1 and "symbolic link" in one_line_error(result)
    assert not target.exists()


def test_a_link_swapped_in_before_the_rename_is_caught(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    victim = tmp_path / "victim"
    victim.mkdir()
    real_chmod = os.chmod

    def swap_then_chmod(path, mode):
        real_chmod(path, mode)
        (out / "sub").rename(out / "sub-moved")
        (out / "sub").symlink_to(victim)

    monkeypatch.setattr("rewrite_cli.batch.write.os.chmod", swap_then_chmod)
    with pytest.raises(OutputError, match="outside the output folder"):
        write_atomic(out / "sub" / "a.txt", "text", within=out)
    assert list(victim.iterdir()) == []  # its temporary file stays inside: swept next run


# --------------------------------------------------------- item 8: a damaged manifest


def _first_run(tmp_path: Path) -> tuple[Path, Path]:
    src = _articles(tmp_path / "in")
    out = tmp_path / "out"
    assert invoke(str(src), "-o", str(out)).exit_code == 0
    return src, out


def test_an_emptied_manifest_says_what_happened_and_the_way_out(tmp_path: Path) -> None:
    src, out = _first_run(tmp_path)
    before = snapshot(out)
    (out / MANIFEST_NAME).write_bytes(b"")
    result = invoke(str(src), "-o", str(out), "--force")
    assert result.exit_code == 1
    message = one_line_error(result)
    assert "damaged" in message and "empty" in message and "--rebuild-manifest" in message
    assert snapshot(out) == {**before, MANIFEST_NAME: (before[MANIFEST_NAME][0], b"")}


def test_corrupt_manifest_pages_give_one_line_not_a_traceback(tmp_path: Path) -> None:
    src, out = _first_run(tmp_path)
    manifest = out / MANIFEST_NAME
    data = bytearray(manifest.read_bytes())
    assert len(data) > 4096  # several pages
    data[4096:] = b"\xa5" * (len(data) - 4096)  # every page but the header page
    manifest.write_bytes(bytes(data))
    outputs_before = {k: v for k, v in snapshot(out).items() if not k.startswith(".")}
    result = invoke(str(src), "-o", str(out))
    assert result.exit_code == 1
    assert "--rebuild-manifest" in one_line_error(result)
    assert {k: v for k, v in snapshot(out).items() if not k.startswith(".")} == outputs_before


def test_rebuild_adopts_identical_outputs_and_never_replaces_others(tmp_path: Path) -> None:
    src, out = _first_run(tmp_path)
    (out / "wind-farm.txt").write_text("edited by hand", encoding="utf-8")
    (out / MANIFEST_NAME).write_bytes(b"")
    before = snapshot(out)
    rebuilt = invoke(str(src), "-o", str(out), "--rebuild-manifest")
    assert rebuilt.exit_code == 1, rebuilt.output  # the edited file is kept, and reported
    assert "wind-farm.txt exists and differs" in rebuilt.stderr
    assert "adopted 2 existing output(s)" in rebuilt.stderr
    assert "moved to" in rebuilt.stderr and "Traceback" not in rebuilt.output
    after = snapshot(out)
    for name in ("harbour-bridge.txt", "library-robots.txt", "wind-farm.txt"):
        assert after[name] == before[name]  # same inode and bytes: nothing was rewritten
    assert any(name.startswith(MANIFEST_NAME + ".damaged-") for name in after)

    again = invoke(str(src), "-o", str(out))  # the adopted two are now known and skipped
    assert again.exit_code == 1 and "use --force" in again.stderr
    assert snapshot(out)["harbour-bridge.txt"] == before["harbour-bridge.txt"]
    with Manifest.in_folder(out) as manifest:
        assert manifest.counts() == {"done": 2}


def test_rebuild_is_refused_where_there_is_no_output_folder(tmp_path: Path) -> None:
    result = invoke(str(SAMPLES / "harbour-bridge.txt"), "--rebuild-manifest")
    assert result.exit_code == 2 and "output folder" in one_line_error(result)


# -------------------------------------------------------- item 9: failed writes, one line


def _no_model_work(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("the model work started before the target was checked")

    monkeypatch.setattr("rewrite_cli.batch.runner.build_pipeline", refuse)


def test_a_parent_that_is_a_file_fails_before_any_work(tmp_path: Path, monkeypatch) -> None:
    _no_model_work(monkeypatch)
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    source = str(SAMPLES / "harbour-bridge.txt")
    single = invoke(source, "-o", str(tmp_path / "afile" / "x.txt"))
    assert single.exit_code == 1 and "not a folder" in one_line_error(single)
    deeper = invoke(source, "-o", str(tmp_path / "afile" / "a" / "x.txt"))
    assert deeper.exit_code == 1 and "not a folder" in one_line_error(deeper)
    jsonl = invoke(str(SAMPLES), "--jsonl-out", str(tmp_path / "afile" / "o.jsonl"))
    assert jsonl.exit_code == 1 and "not a folder" in one_line_error(jsonl)


def test_a_missing_parent_is_created_in_every_mode(tmp_path: Path) -> None:
    single = invoke(str(SAMPLES / "harbour-bridge.txt"), "-o", str(tmp_path / "a" / "x.txt"))
    assert single.exit_code == 0, single.output
    jsonl = invoke(str(SAMPLES), "--jsonl-out", str(tmp_path / "b" / "c" / "o.jsonl"))
    assert jsonl.exit_code == 0, jsonl.output
    assert len((tmp_path / "b" / "c" / "o.jsonl").read_text(encoding="utf-8").splitlines()) == 3


@pytest.mark.parametrize("code", [errno.EROFS, errno.ENOSPC])
def test_a_failed_single_file_write_is_one_line(tmp_path: Path, monkeypatch, code) -> None:
    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr("rewrite_cli.batch.write.os.replace", fail)
    target = tmp_path / "x.txt"
    result = invoke(str(SAMPLES / "harbour-bridge.txt"), "-o", str(target))
    assert result.exit_code == 1
    assert os.strerror(code) in one_line_error(result)
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind


def test_a_read_only_folder_for_jsonl_out_is_one_line(tmp_path: Path, monkeypatch) -> None:
    real_open = Path.open

    def read_only(self, mode="r", *args, **kwargs):
        if "w" in mode and self.name == "o.jsonl":
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self))
        return real_open(self, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", read_only)
    result = invoke(str(SAMPLES), "--jsonl-out", str(tmp_path / "o.jsonl"))
    assert result.exit_code == 1
    assert os.strerror(errno.EROFS) in one_line_error(result)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_a_full_disk_under_jsonl_out_is_one_line() -> None:
    result = invoke(str(SAMPLES), "--jsonl-out", "/dev/full", "--force")
    assert result.exit_code == 1
    assert os.strerror(errno.ENOSPC) in one_line_error(result)


def test_a_device_is_never_replaced_by_a_single_file_output(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = invoke(str(SAMPLES / "harbour-bridge.txt"), "-o", str(fifo), "--force")
    assert result.exit_code == 1 and "not a regular file" in one_line_error(result)
    assert fifo.exists() and not fifo.is_file()


# ------------------------------------------------------- item 12: JSONL ids and formats


def test_an_id_suffix_does_not_choose_the_parser() -> None:
    text = BRIDGE.decode("utf-8")
    feed = _jsonl({"id": "x.html", "text": text}, {"id": "y.md", "text": text})
    result = invoke("--jsonl-in", "-", "--jsonl-out", "-", input=feed)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["id"], r["input"]["format"]) for r in lines] == [("x.html", "text"),
                                                               ("y.md", "text")]
    assert [r["input"]["path"] for r in lines] == ["x.html", "y.md"]


def test_ids_with_control_characters_never_become_file_names(tmp_path: Path) -> None:
    text = BRIDGE.decode("utf-8")
    feed = _jsonl({"id": "two\nlines", "text": text}, {"id": "bell\x07", "text": text},
                  {"id": "fine", "text": text})
    result = invoke("--jsonl-in", "-", "-o", str(tmp_path / "out"), input=feed)
    assert result.exit_code == 1
    assert [p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")] == [
        "fine.txt"
    ]
    assert "two\\nlines" in result.stderr and "\x07" not in result.stderr


def test_long_and_nul_ids_are_shortened_and_escaped_in_messages(tmp_path: Path) -> None:
    long_id = "A" * 10_000
    feed = _jsonl({"id": long_id, "text": "   "}, {"id": "nul\x00id", "text": "   "},
                  {"id": long_id}, {"id": "nul\x00id"})
    result = invoke("--jsonl-in", "-", "-o", str(tmp_path / "out"), input=feed)
    assert result.exit_code == 1
    err = result.stderr
    assert "\x00" not in err and "A" * 100 not in err
    assert 'id "nul\\u0000id"' in err
    assert len(err) < 6000


def test_whole_number_ids_are_accepted_however_they_are_spelled() -> None:
    text = BRIDGE.decode("utf-8")
    feed = _jsonl({"id": 3, "text": text}, {"id": 4.0, "text": text}, {"id": 4.5, "text": text})
    result = invoke("--jsonl-in", "-", "--jsonl-out", "-", input=feed)
    assert result.exit_code == 1
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["3", "4"]
    assert "line 3" in result.stderr and "whole number" in result.stderr


def test_a_manifest_that_cannot_be_opened_is_not_called_damaged(
    tmp_path: Path, monkeypatch
) -> None:
    """A read-only or full output folder is not damage: --rebuild-manifest would not help."""
    import sqlite3

    def cannot_open(*args, **kwargs):
        exc = sqlite3.OperationalError("unable to open database file")
        exc.sqlite_errorname = "SQLITE_CANTOPEN"
        raise exc

    monkeypatch.setattr("rewrite_cli.batch.manifest.sqlite3.connect", cannot_open)
    result = invoke(str(SAMPLES), "-o", str(tmp_path / "out"), "--rebuild-manifest")
    assert result.exit_code == 1
    message = one_line_error(result)
    assert "unable to open database file" in message and "damaged" not in message


def test_rebuild_keeps_the_records_a_damaged_manifest_still_proves(tmp_path: Path) -> None:
    """Damage to the index only: every row is still readable, and each matches its file."""
    import sqlite3

    src, out = _first_run(tmp_path)
    manifest = out / MANIFEST_NAME
    with sqlite3.connect(manifest) as db:
        (root,) = db.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_outputs_1'"
        ).fetchone()
    data = bytearray(manifest.read_bytes())
    data[(root - 1) * 4096 : root * 4096] = b"\xa5" * 4096
    manifest.write_bytes(bytes(data))
    before = snapshot(out)
    assert "damaged" in one_line_error(invoke(str(src), "-o", str(out)))

    rebuilt = invoke(str(src), "-o", str(out), "--rebuild-manifest")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "3 of its records still match their files" in rebuilt.stderr
    assert "existing output(s) identical" not in rebuilt.stderr  # none needed comparing
    assert "progress: 3/3 (0 written, 3 skipped, 0 failed)" in rebuilt.stderr
    assert {k: v for k, v in snapshot(out).items() if not k.startswith(".")} == {
        k: v for k, v in before.items() if not k.startswith(".")
    }
