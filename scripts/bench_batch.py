"""Measure batch throughput, memory and crash recovery; print a table of results.

    python scripts/bench_batch.py [--synthetic 2000] [--loop-sample 10] [--model]

What it does, all with the real ``rewrite`` command in subprocesses (startup included):

1. writes the 50 dev articles (``../shared/eval/cnndm_dev.jsonl``) as ``dev/NNN.txt``, and
   a synthetic tree of ``--synthetic`` articles made from them (sentences rotated, so no
   two are the same) in sub-folders of 100;
2. one batch command over the 50, and the same articles done one command per file in a
   shell loop (timed on ``--loop-sample`` files and extrapolated; the ratio is per article);
3. the 50 split over two batch commands running at once (what ``--jobs 2`` could reach);
4. one batch command over the synthetic tree (peak RSS shows whether memory stays flat),
   then the same command again (everything up to date: the cost of a resume check);
5. kill and resume: SIGTERM (then SIGKILL, the nearest thing to a power cut) once a third
   of the 50 are written, rerun, and check that every output is complete, that nothing
   written before the kill was redone, and how many articles were in flight;
6. with ``--model``, step 2 for ``--engine model`` (skipped if the engine is missing).

Peak RSS is the child's own maximum resident set (``wait4``), in MiB.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEV = REPO.parent / "shared" / "eval" / "cnndm_dev.jsonl"


@dataclass
class Run:
    seconds: float
    peak_mib: float
    code: int
    stderr: str


def run(args: list[str], *, kill_when=None, sig: signal.Signals = signal.SIGTERM) -> Run:
    """Run ``rewrite ARGS``; ``kill_when()`` true sends ``sig``. Measures wall time and RSS."""
    command = [sys.executable, "-m", "rewrite_cli", *args]
    env = {**os.environ, "NO_COLOR": "1"}
    started = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err, env=env)
        killed = False
        while kill_when is not None and not killed:
            if proc.poll() is not None:
                break
            if kill_when():
                proc.send_signal(sig)
                killed = True
            time.sleep(0.05)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return Run(seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), stderr)


def write_dev(folder: Path) -> list[str]:
    folder.mkdir(parents=True)
    articles = [json.loads(line)["article"] for line in DEV.read_text("utf-8").splitlines()]
    for n, text in enumerate(articles):
        (folder / f"{n:03d}.txt").write_text(text, encoding="utf-8")
    return articles


def write_synthetic(folder: Path, articles: list[str], count: int) -> None:
    """``count`` distinct articles: article n % 50 with its sentences rotated by n // 50."""
    for n in range(count):
        sentences = articles[n % len(articles)].split(" . ")
        shift = (n // len(articles)) % max(1, len(sentences))
        text = " . ".join(sentences[shift:] + sentences[:shift])
        sub = folder / f"part{n // 100:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{n:05d}.txt").write_text(text, encoding="utf-8")


def outputs(folder: Path) -> dict[str, int]:
    if not folder.is_dir():
        return {}
    return {str(p.relative_to(folder)): p.stat().st_ino for p in folder.rglob("*.json")}


def add(rows: list, row: tuple[str, str, str, str]) -> None:
    """Keep a result for the table, and show it now: the whole run takes a while."""
    rows.append(row)
    print(" | ".join(cell for cell in row if cell), file=sys.stderr, flush=True)


def per_minute(count: int, seconds: float) -> float:
    return 60.0 * count / seconds


def bench_engine(engine: str, dev: Path, work: Path, sample: int, rows: list) -> float | None:
    """Batch vs one command per file on the 50; returns the batch rate."""
    out = work / f"out-{engine}"
    batch = run(["--engine", engine, str(dev), "-o", str(out), "--format", "json", "-q"])
    if batch.code != 0:
        print(f"{engine}: batch failed ({batch.code}): {batch.stderr[-500:]}", file=sys.stderr)
        return None
    files = sorted(dev.iterdir())[:sample]
    loop_out = work / f"loop-{engine}"
    loop_out.mkdir()
    command = f"{sys.executable} -m rewrite_cli --engine {engine} -q"
    script = "".join(f'{command} "{f}" -o "{loop_out}/{f.stem}.json"\n' for f in files)
    started = time.perf_counter()
    subprocess.run(["sh", "-c", script], check=True, env={**os.environ, "NO_COLOR": "1"})
    loop_seconds = time.perf_counter() - started
    n = len(list(dev.iterdir()))
    batch_rate = per_minute(n, batch.seconds)
    loop_rate = per_minute(len(files), loop_seconds)
    add(
        rows,
        (
            f"{engine}: batch, {n} dev files",
            f"{batch.seconds:.1f} s",
            f"{batch_rate:.1f}/min",
            f"{batch.peak_mib:.0f} MiB",
        ),
    )
    add(
        rows,
        (
            f"{engine}: shell loop, {len(files)} files (extrapolated to {n})",
            f"{loop_seconds / len(files) * n:.1f} s",
            f"{loop_rate:.1f}/min",
            "-",
        ),
    )
    add(rows, (f"{engine}: batch / loop speed-up", "", f"{batch_rate / loop_rate:.1f}x", ""))
    return batch_rate


def bench_two_processes(dev: Path, work: Path, rows: list) -> None:
    """Two batch commands on halves of the 50 at once: the best a ``--jobs 2`` could do."""
    halves = [work / "half-a", work / "half-b"]
    for n, path in enumerate(sorted(dev.iterdir())):
        target = halves[n % 2]
        target.mkdir(exist_ok=True)
        shutil.copy(path, target / path.name)
    command = [
        sys.executable,
        "-m",
        "rewrite_cli",
        "--engine",
        "extractive",
        "-q",
        "--format",
        "json",
    ]
    started = time.perf_counter()
    procs = [subprocess.Popen([*command, str(h), "-o", str(h) + "-out"]) for h in halves]
    codes = [proc.wait() for proc in procs]
    seconds = time.perf_counter() - started
    n = len(list(dev.iterdir()))
    add(
        rows,
        (
            f"extractive: 2 processes on halves of the {n} (exit {codes})",
            f"{seconds:.1f} s",
            f"{per_minute(n, seconds):.1f}/min",
            "-",
        ),
    )


def bench_synthetic(articles: list[str], work: Path, count: int, rows: list) -> None:
    tree = work / "synthetic"
    write_synthetic(tree, articles, count)
    out = work / "out-synthetic"
    args = ["--engine", "extractive", str(tree), "-r", "-o", str(out), "--format", "json", "-q"]
    first = run(args)
    written = len(outputs(out))
    add(
        rows,
        (
            f"extractive: batch, {count} synthetic files ({first.code=})",
            f"{first.seconds:.1f} s",
            f"{per_minute(written, first.seconds):.1f}/min",
            f"{first.peak_mib:.0f} MiB",
        ),
    )
    before = outputs(out)
    again = run(args)
    redone = sum(1 for k, v in outputs(out).items() if before.get(k) != v)
    add(
        rows,
        (
            f"extractive: rerun, all {count} up to date ({redone} redone)",
            f"{again.seconds:.1f} s",
            "-",
            f"{again.peak_mib:.0f} MiB",
        ),
    )


def bench_kill_resume(dev: Path, work: Path, rows: list, sig: signal.Signals) -> None:
    """Kill a batch of the 50 once a third is written, rerun it, and check what survived."""
    out = work / f"out-kill-{sig.name}"
    args = ["--engine", "extractive", str(dev), "-o", str(out), "--format", "json", "-q"]
    total = len(list(dev.iterdir()))
    killed = run(args, kill_when=lambda: len(outputs(out)) >= total // 3, sig=sig)
    kept = outputs(out)
    complete = all(json.loads((out / k).read_text("utf-8")).get("disclaimer") for k in kept)
    leftovers = [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    resumed = run(args)
    final = outputs(out)
    redone = sum(1 for k, v in kept.items() if final.get(k) != v)
    add(
        rows,
        (
            f"{sig.name} after {len(kept)}/{total} written (exit {killed.code})",
            f"{killed.seconds:.1f} s",
            f"all complete: {complete}",
            f"tmp files left: {len(leftovers)}",
        ),
    )
    add(
        rows,
        (
            f"resume: {len(final)}/{total} present, {redone} of the kept redone "
            f"(exit {resumed.code})",
            f"{resumed.seconds:.1f} s",
            f"new: {len(final) - len(kept)}",
            "",
        ),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=2000, help="synthetic articles")
    parser.add_argument("--loop-sample", type=int, default=10, help="files timed in the loop")
    parser.add_argument("--model", action="store_true", help="also bench --engine model")
    parser.add_argument("--workdir", type=Path, help="keep files here (default: a temp dir)")
    options = parser.parse_args()
    work = options.workdir or Path(tempfile.mkdtemp(prefix="bench-batch-"))
    if options.workdir and work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    dev = work / "dev"
    articles = write_dev(dev)
    rows: list[tuple[str, str, str, str]] = []
    bench_engine("extractive", dev, work, options.loop_sample, rows)
    bench_two_processes(dev, work, rows)
    bench_kill_resume(dev, work, rows, signal.SIGTERM)
    bench_kill_resume(dev, work, rows, signal.SIGKILL)  # as close to a power cut as we get
    if options.model:
        bench_engine("model", dev, work, max(1, options.loop_sample // 3), rows)
    if options.synthetic:
        bench_synthetic(articles, work, options.synthetic, rows)
    print_table(rows, cpus=os.cpu_count() or 0, load=os.getloadavg()[0])
    if not options.workdir:
        shutil.rmtree(work)


def print_table(rows: list[tuple[str, str, str, str]], *, cpus: int, load: float) -> None:
    print(f"\nbatch benchmark ({cpus} CPUs, load average {load:.1f} at the end)")
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
