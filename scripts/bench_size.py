"""Time and peak memory of one article against its size: is the pipeline linear?

    python scripts/bench_size.py [--sizes 0.1 0.5 1 5] [--engine extractive]

Each size is a synthetic plain-text article of that many megabytes (varied sentences from
a seeded generator, so no two paragraphs repeat and the stages cannot take shortcuts),
rewritten by the real ``rewrite`` command in a subprocess with ``--max-words`` raised
above it. Wall time includes start-up (spaCy and friends, about the same at every size);
CPU time is the child's user + system time and peak RSS its maximum resident set (both
from ``wait4``). A 2 KB article is run first: its CPU time is the start-up cost,
subtracted from the others' ("CPU minus start-up"). "vs linear" divides each run's
remaining CPU time per word by the first size's: near 1 is linear, growing with size is
not. Wall time on a shared machine is noisy; compare rows of
one run, never runs of different days.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PEOPLE = ["Amara Okafor", "Tomas Lindqvist", "Priya Raman", "Owen Tull", "Li Wei", "Sofia Marin",
          "Daniel Brooks", "Hana Sato", "Marek Nowak", "Grace Mensah", "Elena Petrova",
          "Farid Haddad", "Nora Quinlan", "Rafael Ortega", "Ingrid Berg", "Kwame Asante"]
ROLES = ["the mayor", "a council spokesperson", "the harbour master", "a local teacher",
         "the finance director", "a union representative", "the police chief", "a nurse",
         "the project engineer", "a shop owner", "the school principal", "a fisherman"]
ORGS = ["the city council", "the transport authority", "the regional health board",
        "the water utility", "the port company", "the university", "the fire service",
        "the chamber of commerce", "the housing trust", "the energy regulator"]
PLACES = ["Port Alder", "Gull Island", "Ferndale", "Millbrook", "Northshire", "Eastleigh",
          "Kingsbridge", "Riverton", "Ashcombe", "Westmoor", "Bayview", "Stonehaven"]
THINGS = ["the new bridge", "the school roof", "the flood barrier", "the bus depot",
          "the library extension", "the wind farm", "the hospital wing", "the ferry pier",
          "the cycle lane", "the sewage plant", "the market hall", "the rail crossing"]
VERBS = ["approved", "delayed", "criticised", "funded", "inspected", "reopened", "proposed",
         "rejected", "expanded", "repaired", "reviewed", "postponed"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
UNITS = ["pounds", "euros", "dollars", "residents", "households", "jobs", "metres", "tonnes"]


def sentence(rng: random.Random) -> str:
    """One news-like sentence with random names, numbers and places."""
    shapes = [
        lambda: f"{rng.choice(ORGS).capitalize()} {rng.choice(VERBS)} {rng.choice(THINGS)} in "
        f"{rng.choice(PLACES)} on {rng.choice(DAYS)}, {rng.choice(ROLES)} said.",
        lambda: f"{rng.choice(PEOPLE)}, {rng.choice(ROLES)}, said the work on "
        f"{rng.choice(THINGS)} would cost about {rng.randrange(2, 900)},000 "
        f"{rng.choice(UNITS)}.",
        lambda: f'"We have {rng.choice(VERBS)} {rng.choice(THINGS)} because {rng.choice(PLACES)} '
        f'needed it," said {rng.choice(PEOPLE)}.',
        lambda: f"About {rng.randrange(10, 5000)} {rng.choice(UNITS)} in {rng.choice(PLACES)} "
        f"will be affected until {rng.choice(DAYS)}, according to {rng.choice(ORGS)}.",
        lambda: f"In {2000 + rng.randrange(25)}, {rng.choice(ORGS)} {rng.choice(VERBS)} a "
        f"similar plan for {rng.choice(THINGS)} near {rng.choice(PLACES)}.",
    ]
    return rng.choice(shapes)()


def make_article(size_bytes: int, seed: int = 14) -> str:
    """A plain-text article of about ``size_bytes``: a headline, then 3-6 sentence paragraphs."""
    rng = random.Random(seed)
    parts = ["Council Reviews Spending on Harbour Projects", ""]
    total = sum(len(p) + 1 for p in parts)
    while total < size_bytes:
        paragraph = " ".join(sentence(rng) for _ in range(rng.randrange(3, 7)))
        parts += [paragraph, ""]
        total += len(paragraph) + 2
    return "\n".join(parts)


def measure(path: Path, engine: str, max_words: int) -> tuple[float, float, float, int, str]:
    """Wall and CPU seconds, peak RSS MiB, exit code and last stderr line of one run."""
    command = [sys.executable, "-m", "rewrite_cli", str(path), "--engine", engine,
               "--max-words", str(max_words), "--quiet"]
    env = {**os.environ, "NO_COLOR": "1"}
    started = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        err.seek(0)
        last = (err.read().decode("utf-8", "replace").strip().splitlines() or [""])[-1]
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), last


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.1, 0.5, 1.0, 5.0],
                        help="article sizes in MB (default: 0.1 0.5 1 5)")
    parser.add_argument("--engine", default="extractive")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in [0.002, *sorted(args.sizes)]:  # 2 KB first: start-up cost alone
            text = make_article(int(size * 1_000_000))
            path = Path(tmp) / f"article-{size:g}mb.txt"
            path.write_text(text, encoding="utf-8")
            n_words = len(text.split())
            seconds, cpu, peak, code, last = measure(path, args.engine, max_words=n_words + 1000)
            rows.append((size, n_words, seconds, cpu, peak, code, last))
            print(f"{size:g} MB done in {seconds:.1f} s (exit {code})", file=sys.stderr)
    print(table(rows))


def table(rows: list[tuple[float, int, float, float, float, int, str]]) -> str:
    """The Markdown table: the first row is the start-up run, subtracted from the others.

    CPU time (user + system of the child) is the column to judge linearity by on a shared
    machine; wall time there also counts waiting for other people's processes.
    """
    startup_cpu = rows[0][3]
    base_words, base_cpu = rows[1][1], rows[1][3] - startup_cpu
    lines = [
        "| size | words | wall time | CPU time | CPU minus start-up | CPU s per 100k words | "
        "vs linear | peak RSS | exit |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size, n_words, seconds, cpu, peak, code, last in rows:
        work = max(cpu - startup_cpu, 0.0)
        per = work / n_words * 100_000
        ratio = (work / base_cpu) / (n_words / base_words) if base_cpu > 0 else 0.0
        label = f"{size * 1000:g} KB (start-up)" if size < 0.01 else f"{size:g} MB"
        lines.append(
            f"| {label} | {n_words:,} | {seconds:.1f} s | {cpu:.1f} s | {work:.1f} s | "
            f"{per:.1f} s | {ratio:.2f} | {peak:.0f} MiB | {code} |"
        )
        if code:
            lines.append(f"<!-- {label}: {last} -->")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
