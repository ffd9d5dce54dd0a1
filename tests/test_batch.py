"""Batch runs as a user meets them: folder trees, JSON Lines, reruns, crashes and kills."""

from __future__ import annotations

import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rewrite_cli.batch.jsonl import BadLine, Record, iter_records
from rewrite_cli.batch.manifest import (
    MANIFEST_NAME,
    Decision,
    Entry,
    Manifest,
    decide,
    fingerprint,
    options_for_fingerprint,
)
from rewrite_cli.cli import app
from rewrite_cli.settings import Settings

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
FAST = ["--engine", "extractive"]


def invoke(*args: str, input: bytes | str | None = None):
    return CliRunner().invoke(app, [*FAST, *args], input=input, env={"NO_COLOR": "1"})


def outputs(folder: Path) -> dict[str, int]:
    """Visible output files by relative path, with their inode (a rewrite makes a new one)."""
    return {
        p.relative_to(folder).as_posix(): p.stat().st_ino
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    }


def manifest_states(folder: Path) -> dict[str, str]:
    with sqlite3.connect(folder / MANIFEST_NAME) as db:
        return dict(db.execute("SELECT output, state FROM outputs"))


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A day's drop folder: nested sections, mixed formats, junk that must fail or be skipped."""
    root = tmp_path / "in"
    (root / "world" / "europe").mkdir(parents=True)
    (root / "tech").mkdir()
    (root / ".cache").mkdir()
    (root / "harbour-bridge.txt").write_bytes((SAMPLES / "harbour-bridge.txt").read_bytes())
    (root / "world" / "wind-farm.html").write_bytes((SAMPLES / "wind-farm.html").read_bytes())
    (root / "world" / "europe" / "robots.md").write_bytes(
        (SAMPLES / "library-robots.md").read_bytes()
    )
    (root / "tech" / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00")
    (root / "tech" / "empty.txt").write_bytes(b"")
    (root / ".cache" / "hidden.txt").write_bytes((SAMPLES / "harbour-bridge.txt").read_bytes())
    (root / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    return root


def test_tree_mirrors_relative_paths_and_reports_bad_files(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke(str(tree), "-r", "-o", str(out), "--format", "markdown")
    assert result.exit_code == 1, result.output
    assert sorted(outputs(out)) == [
        "harbour-bridge.md",
        "world/europe/robots.md",
        "world/wind-farm.md",
    ]
    robots = (out / "world" / "europe" / "robots.md").read_text(encoding="utf-8")
    assert robots.startswith("# City Library Lends Out Robots to Teach Children Coding")
    assert "Northgate Evening Post" in robots
    summary = result.stderr
    assert "photo.jpg" in summary and "empty.txt" in summary and "hidden" not in summary
    assert "binary" in summary and "empty" in summary
    assert "done" in summary and "skipped" in summary and "failed" in summary
    assert "Traceback" not in summary
    assert set(manifest_states(out).values()) == {"done"}


def test_glob_and_non_recursive_walk(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke(str(tree), "-r", "--glob", "*.html", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert list(outputs(out)) == ["world/wind-farm.txt"]
    flat = tmp_path / "flat"
    result = invoke(str(tree), "-o", str(flat))
    assert result.exit_code == 0, result.output
    assert list(outputs(flat)) == ["harbour-bridge.txt"]


def test_rerun_skips_done_redoes_changed_and_option_changes(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (tree / "tech" / "photo.jpg").unlink()
    (tree / "tech" / "empty.txt").unlink()
    assert invoke(str(tree), "-r", "-o", str(out)).exit_code == 0
    first = outputs(out)
    again = invoke(str(tree), "-r", "-o", str(out))
    assert again.exit_code == 0, again.output
    assert outputs(out) == first  # nothing rewritten, no --force needed

    article = tree / "world" / "wind-farm.html"
    article.write_bytes(article.read_bytes().replace(b"Offshore", b"Coastal"))
    changed = invoke(str(tree), "-r", "-o", str(out))
    assert changed.exit_code == 0, changed.output
    now = outputs(out)
    assert now["world/wind-farm.txt"] != first["world/wind-farm.txt"]
    assert {k: v for k, v in now.items() if k != "world/wind-farm.txt"} == {
        k: v for k, v in first.items() if k != "world/wind-farm.txt"
    }
    assert "Coastal" in (out / "world" / "wind-farm.txt").read_text(encoding="utf-8")

    summary = invoke(str(tree), "-r", "-o", str(out), "--mode", "summary", "--sentences", "2")
    assert summary.exit_code == 0, summary.output
    redone = outputs(out)
    assert all(redone[k] != now[k] for k in now)  # new options: every output redone
    assert (
        invoke(str(tree), "-r", "-o", str(out), "--mode", "summary", "--sentences", "2").exit_code
        == 0
    )
    assert outputs(out) == redone
    forced = invoke(
        str(tree), "-r", "-o", str(out), "--mode", "summary", "--sentences", "2", "--force"
    )
    assert forced.exit_code == 0
    assert all(outputs(out)[k] != redone[k] for k in redone)


def test_files_we_did_not_write_are_refused_without_force(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for sample in SAMPLES.iterdir():
        (src / sample.name).write_bytes(sample.read_bytes())
    out = tmp_path / "out"
    out.mkdir()
    (out / "wind-farm.txt").write_text("someone's notes", encoding="utf-8")
    result = invoke(str(src), "-o", str(out))
    assert result.exit_code == 1
    assert "wind-farm.txt" in result.stderr and "--force" in result.stderr
    assert (out / "wind-farm.txt").read_text(encoding="utf-8") == "someone's notes"
    assert len(outputs(out)) == 3

    (out / "harbour-bridge.txt").write_text("edited by hand", encoding="utf-8")
    edited = invoke(str(src), "-o", str(out))
    assert edited.exit_code == 1 and "harbour-bridge.txt" in edited.stderr
    assert (out / "harbour-bridge.txt").read_text(encoding="utf-8") == "edited by hand"

    forced = invoke(str(src), "-o", str(out), "--force")
    assert forced.exit_code == 0, forced.output
    assert "Lowland Herald" in (out / "wind-farm.txt").read_text(encoding="utf-8")
    assert "Ferndale" in (out / "harbour-bridge.txt").read_text(encoding="utf-8")


def test_output_folder_may_not_be_an_input_folder(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes((SAMPLES / "harbour-bridge.txt").read_bytes())
    result = invoke(str(tmp_path), "-o", str(tmp_path))
    assert result.exit_code == 2 and "input folder" in result.stderr


def _jsonl(*records: object) -> bytes:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    return ("\n".join(lines) + "\n").encode("utf-8")


def test_jsonl_stdin_to_stdout_with_malformed_lines() -> None:
    text = (SAMPLES / "harbour-bridge.txt").read_text(encoding="utf-8")
    html = (SAMPLES / "wind-farm.html").read_text(encoding="utf-8")
    feed = _jsonl(
        {"id": "bridge", "text": text, "source": "BBC"},
        '{"id": "broken", "text": "no closing brace"',
        {"id": 7, "html": html, "title": "Wind power arrives", "url": "https://example.org/w"},
        {"id": "empty", "text": "   "},
        {"text": "an article without an id"},
        {"id": "bridge", "text": text},
    )
    result = invoke("--jsonl-in", "-", "--jsonl-out", "-", input=feed)
    assert result.exit_code == 1, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["bridge", "7", "empty"]
    bridge, wind, empty = lines
    assert "BBC" in bridge["disclaimer"] and "14.2 million pounds" in bridge["body"]
    assert bridge["report"]["counts"]["sentences"] >= 3
    assert wind["title"] == "Wind power arrives" and "<p>" not in wind["body"]
    assert wind["input"]["format"] == "html"
    assert "empty" in empty["error"] and "body" not in empty
    err = result.stderr
    assert "line 2" in err and "not valid JSON" in err
    assert "line 5" in err and '"id"' in err
    assert "line 6" in err and "duplicate id" in err


def test_jsonl_file_to_output_folder_resumes(tmp_path: Path) -> None:
    feed = tmp_path / "articles.jsonl"
    feed.write_bytes(
        _jsonl(
            {"id": "bridge", "text": (SAMPLES / "harbour-bridge.txt").read_text(encoding="utf-8")},
            {"id": "robots", "text": (SAMPLES / "library-robots.md").read_text(encoding="utf-8")},
            {"id": "../escape", "text": "x"},
        )
    )
    out = tmp_path / "out"
    result = invoke("--jsonl-in", str(feed), "-o", str(out), "--format", "json")
    assert result.exit_code == 1 and "file name" in result.stderr
    first = outputs(out)
    assert sorted(first) == ["bridge.json", "robots.json"]
    assert json.loads((out / "robots.json").read_text(encoding="utf-8"))["input"]["format"] == (
        "markdown"
    )
    assert invoke("--jsonl-in", str(feed), "-o", str(out), "--format", "json").exit_code == 1
    assert outputs(out) == first


def test_folder_to_jsonl_file(tmp_path: Path) -> None:
    out = tmp_path / "all.jsonl"
    result = invoke(str(SAMPLES), "--jsonl-out", str(out))
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == [
        "harbour-bridge.txt",
        "library-robots.md",
        "wind-farm.html",
    ]
    assert all(r["disclaimer"].startswith("Note:") for r in records)
    again = invoke(str(SAMPLES), "--jsonl-out", str(out))
    assert again.exit_code == 1 and "--force" in again.stderr


def test_iter_records_reports_reasons_without_stopping() -> None:
    stream = io.BytesIO(
        b'{"id": "a", "text": "Hello."}\n'
        b"\n"
        b"[1, 2]\n"
        b'{"id": "b", "text": "x", "html": "<p>y</p>"}\n'
        b'{"id": "c", "text": "' + b"w" * 5000 + b'"}\n'
        b'{"id": true, "text": "x"}\n'
        b'\xff\xfe{"id": "d"}\n'
        b'{"id": "e", "html": "<p>Fine.</p>", "title": 3}\n'
        b'{"id": "f", "text": "Last line without a newline."}'
    )
    items = list(iter_records(stream, max_bytes=100))
    assert isinstance(items[0], Record) and items[0].id == "a" and items[0].line == 1
    bad = {item.line: item.reason for item in items if isinstance(item, BadLine)}
    assert "JSON object" in bad[3]
    assert "exactly one" in bad[4]
    assert "too long" in bad[5]
    assert '"id"' in bad[6]
    assert "UTF-8" in bad[7] or "JSON" in bad[7]
    assert '"title"' in bad[8]
    assert isinstance(items[-1], Record) and items[-1].id == "f" and items[-1].line == 9


def test_manifest_policy() -> None:
    done = Entry("in/a.txt", "in1", "fp1", "out1", "done")
    base = {"input_sha256": "in1", "fingerprint": "fp1", "force": False}
    assert decide(None, existing_sha256=None, **base) is Decision.WRITE
    assert decide(done, existing_sha256="out1", **base) is Decision.SKIP
    assert decide(done, existing_sha256="out1", **{**base, "input_sha256": "in2"}) is (
        Decision.WRITE
    )
    assert decide(done, existing_sha256="out1", **{**base, "fingerprint": "fp2"}) is (
        Decision.WRITE
    )
    assert decide(done, existing_sha256="edited", **base) is Decision.REFUSE
    assert decide(None, existing_sha256="theirs", **base) is Decision.REFUSE
    assert decide(None, existing_sha256="theirs", **{**base, "force": True}) is Decision.WRITE
    pending = Entry("in/a.txt", "in1", "fp1", None, "pending")
    assert decide(pending, existing_sha256="half-done run", **base) is Decision.WRITE


def test_fingerprint_follows_content_options_only() -> None:
    def stamp(settings: Settings, model: str | None = None) -> str:
        return fingerprint(
            options_for_fingerprint(settings, fmt="text", engine="extractive", model=model)
        )

    plain = stamp(Settings())
    assert stamp(Settings(force=True, strict=True, device="cpu")) == plain
    assert stamp(Settings(mode="summary")) != plain
    assert stamp(Settings(sources=("BBC",))) != plain
    assert stamp(Settings(), model="flan-t5-small") != plain


def test_manifest_survives_reopen_and_claims(tmp_path: Path) -> None:
    with Manifest.in_folder(tmp_path) as manifest:
        manifest.claim([("a.txt", "in/a.txt", "s1", "fp"), ("b.txt", "in/b.txt", "s2", "fp")])
        manifest.done("a.txt", "o1")
    with Manifest.in_folder(tmp_path) as manifest:
        assert manifest.get("a.txt") == Entry("in/a.txt", "s1", "fp", "o1", "done")
        assert manifest.get("b.txt") == Entry("in/b.txt", "s2", "fp", None, "pending")
        assert manifest.counts() == {"done": 1, "pending": 1}


def test_an_engine_crash_on_one_article_spares_the_others(tmp_path: Path) -> None:
    from rich.console import Console

    from rewrite_cli.batch.jobs import FolderSink, file_jobs, iter_files, run_batch
    from rewrite_cli.batch.progress import BatchProgress
    from rewrite_cli.engines.extractive import ExtractiveEngine
    from rewrite_cli.pipeline import Pipeline
    from rewrite_cli.verify import FactChecker

    class FragileEngine(ExtractiveEngine):
        def generate(self, plans):
            if any("robot" in unit.text.lower() for plan in plans for unit in plan.units):
                raise ValueError("tokenizer exploded")
            return super().generate(plans)

    settings = Settings(engine="extractive")
    pipeline = Pipeline(settings=settings, engine=FragileEngine(), checker=FactChecker())
    out = tmp_path / "out"
    console = Console(file=io.StringIO(), width=120)
    with Manifest.in_folder(out) as manifest:
        sink = FolderSink(out, manifest, fmt="text", fingerprint="fp", force=False)
        jobs = file_jobs(iter_files([SAMPLES]), out, "text")
        tally = run_batch(jobs, pipeline, sink, BatchProgress(console, total=3, quiet=False))
    assert tally.done == 2 and tally.skipped == 0
    assert [
        (label.endswith("library-robots.md"), "tokenizer exploded" in reason)
        for label, reason in tally.failed
    ] == [(True, True)]
    assert sorted(outputs(out)) == ["harbour-bridge.txt", "wind-farm.txt"]
    assert "library-robots.md" in console.file.getvalue()  # type: ignore[attr-defined]


def _article_files(folder: Path, shared_dir: Path, count: int) -> None:
    folder.mkdir()
    lines = (shared_dir / "eval" / "cnndm_dev.jsonl").read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines[:count]):
        (folder / f"{n:03d}.txt").write_text(json.loads(line)["article"], encoding="utf-8")


def test_sigterm_mid_batch_then_resume_loses_and_redoes_nothing(
    tmp_path: Path, shared_dir: Path
) -> None:
    src = tmp_path / "in"
    # Enough articles that the batch cannot finish between the first output and the signal.
    total = 50
    _article_files(src, shared_dir, total)
    out = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "rewrite_cli",
        *FAST,
        str(src),
        "-o",
        str(out),
        "--format",
        "json",
    ]
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    deadline = time.monotonic() + 60
    while not (out.is_dir() and outputs(out)):
        assert proc.poll() is None, proc.stderr.read().decode()  # type: ignore[union-attr]
        assert time.monotonic() < deadline
        time.sleep(0.02)
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 130, stderr.decode()
    assert "interrupted" in stderr.decode()

    kept = outputs(out)
    assert 0 < len(kept) < total
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]  # no half-written files
    for name in kept:  # every file there is complete
        assert json.loads((out / name).read_text(encoding="utf-8"))["disclaimer"]
    states = manifest_states(out)
    finished = {name for name in kept if states.get(name) == "done"}

    resumed = invoke(str(src), "-o", str(out), "--format", "json")
    assert resumed.exit_code == 0, resumed.output
    written, skipped = total - len(finished), len(finished)
    assert f"progress: {total}/{total} ({written} written, {skipped} skipped" in resumed.stderr
    final = outputs(out)
    assert len(final) == total
    assert {name: final[name] for name in finished} == {name: kept[name] for name in finished}
    assert set(manifest_states(out).values()) == {"done"}


def test_a_second_batch_into_the_same_folder_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with Manifest.in_folder(out):
        result = invoke(str(SAMPLES), "-o", str(out))
    assert result.exit_code == 1 and "another rewrite batch" in result.stderr
    assert outputs(out) == {}
    assert invoke(str(SAMPLES), "-o", str(out)).exit_code == 0


def test_progress_lines_in_a_log_and_silence_with_quiet(tmp_path: Path) -> None:
    loud = invoke(str(SAMPLES), "-o", str(tmp_path / "loud"))
    assert loud.exit_code == 0, loud.output
    assert "progress: 3/3 (3 written, 0 skipped, 0 failed)" in loud.stderr
    assert "articles/min" in loud.stderr and "ETA" in loud.stderr
    assert "\x1b[" not in loud.stderr  # not a terminal: plain lines, no bar
    quiet = invoke(str(SAMPLES), "-o", str(tmp_path / "quiet"), "-q")
    assert quiet.exit_code == 0 and quiet.stderr == ""
    assert len(outputs(tmp_path / "quiet")) == 3


def test_half_written_files_from_a_power_cut_are_swept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    stale = out / "sub" / ".wind-farm.txt.k3v9q_1z.tmp"
    stale.write_text("Offshore wind farm sta", encoding="utf-8")
    mine = out / ".notes.tmp"
    mine.write_text("not ours", encoding="utf-8")
    result = invoke(str(SAMPLES), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert not stale.exists() and mine.read_text(encoding="utf-8") == "not ours"
    assert len(outputs(out)) == 3


def test_a_deeply_nested_line_is_a_bad_line_not_a_crash() -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    stream = io.BytesIO(b'{"id": "a", "text": ' + deep + b'}\n{"id": "b", "text": "Fine."}\n')
    items = list(iter_records(stream, max_bytes=1_000_000))
    assert isinstance(items[0], BadLine) and "nested" in items[0].reason
    assert isinstance(items[1], Record) and items[1].id == "b"
