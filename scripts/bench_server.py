"""Benchmark the server engine in one run: llama.cpp servers on 127.0.0.1, dev articles.

For each configuration (a GGUF, how many server processes ("slots") serve it, paragraph
or sentence requests) this starts the servers, rewrites the same dev articles in rewrite
mode through the pipeline, and reports the share of sentences published as rewrites, new
word pairs (novel bigrams), seconds per article and tokens per second. The extractive
engine is measured in the same run as the baseline. Published rewrites are written beside
their sources for reading by hand.

llama-cpp-python's server answers one request at a time, so N parallel slots are N server
processes on N ports, passed as N ``--api-base`` values.

    python scripts/bench_server.py --limit 10 --out bench-server/ \\
        --config smollm2=/tmp/srv/SmolLM2.gguf:1:paragraph --config smollm2=...:1:sentence
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

import httpx

from rewrite_cli.evaluation.dataset import load_examples
from rewrite_cli.pipeline import build_pipeline
from rewrite_cli.settings import Settings

DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "cnndm_dev.jsonl"


@dataclass(frozen=True)
class Config:
    label: str
    gguf: Path
    slots: int
    unit: str

    @classmethod
    def parse(cls, text: str) -> Config:
        label, rest = text.split("=", 1)
        gguf, slots, unit = rest.rsplit(":", 2)
        return cls(label, Path(gguf), int(slots), unit)


def quiet(_: str) -> None:
    """Progress messages are not part of the measurement."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_servers(gguf: Path, n: int, threads: int) -> tuple[list[subprocess.Popen], list[str]]:
    procs, urls = [], []
    for _ in range(n):
        port = free_port()
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--host",
             "127.0.0.1", "--port", str(port), "--n_ctx", "4096", "--n_threads", str(threads),
             "--n_threads_batch", str(threads),
             "--verbose", "False"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        urls.append(f"http://127.0.0.1:{port}/v1")
    for url in urls:
        deadline = time.monotonic() + 180
        while True:
            try:
                if httpx.get(f"{url}/models", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"server at {url} did not start")
            time.sleep(0.5)
    return procs, urls


def measure(settings: Settings, documents: list, label: str, out: Path) -> dict:
    pipeline = build_pipeline(settings, say=quiet, warn=quiet)
    started = time.perf_counter()
    per_article = out / f"articles-{label}.jsonl"
    per_article.write_text("", encoding="utf-8")

    def done(index: int, result) -> None:
        """One line per article as it finishes: progress, and the numbers per article."""
        if isinstance(result, Exception):
            return
        row = {"article": index, "sentences": len(result.report.sentences),
               "rewritten": result.report.count("rewritten"),
               "novel_bigrams": result.report.originality.novel_bigram_ratio,
               "elapsed": time.perf_counter() - started}
        with per_article.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(row) + "\n")

    results = pipeline.run_many(documents, on_done=done)
    seconds = time.perf_counter() - started
    total = rewritten = 0
    novel: list[float] = []
    tokens = engine_seconds = 0.0
    samples = []
    for result in results:
        if isinstance(result, Exception):
            print(f"{label}: {result}", file=sys.stderr)
            continue
        report = result.report
        total += len(report.sentences)
        rewritten += report.count("rewritten")
        novel.append(report.originality.novel_bigram_ratio)
        for sentence in report.sentences:
            if sentence.status == "rewritten":
                samples.append({"article": result.input.path, "source": sentence.sources,
                                "rewrite": sentence.text, "origin": sentence.origin})
    stats = results[0].engine_stats if results and not isinstance(results[0], Exception) else {}
    tokens = stats.get("new_tokens", 0.0)
    engine_seconds = stats.get("seconds", 0.0)
    row = {
        "config": label,
        "articles": len(documents),
        "sentences": total,
        "rewritten_share": rewritten / max(1, total),
        "rewritten": rewritten,
        "novel_bigrams": sum(novel) / max(1, len(novel)),
        "seconds_per_article": seconds / max(1, len(documents)),
        "tokens_per_second": tokens / engine_seconds if engine_seconds else 0.0,
        "new_tokens": tokens,
        "requests": stats.get("requests", 0.0),
        "retries": stats.get("retries", 0.0),
        "passed_pieces": stats.get("passed_pieces", 0.0),
        "answered_pieces": stats.get("answered_pieces", 0.0),
    }
    (out / f"rewrites-{label}.jsonl").write_text(
        "".join(json.dumps(s) + "\n" for s in samples), encoding="utf-8")
    print(json.dumps(row), flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--limit", type=int, default=10)
    parser.add_argument("--out", type=Path, default=Path("bench-server"))
    parser.add_argument("--config", action="append", default=[], type=Config.parse,
                        help="LABEL=GGUF:SLOTS:paragraph|sentence (repeatable)")
    parser.add_argument("--threads", type=int, default=1,
                        help="threads per server process (1: on a busy CPU two spin-wait)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    documents = [e.document() for e in load_examples(args.data, args.limit)]
    base = Settings(mode="rewrite")
    rows = [measure(replace(base, engine="extractive"), documents, "extractive", args.out)]
    for config in args.config:
        procs, urls = start_servers(config.gguf, config.slots, args.threads)
        try:
            settings = replace(base, engine="server", api_bases=tuple(urls), concurrency=1,
                               server_unit=config.unit, timeout=900)
            label = f"{config.label}-{config.slots}slot-{config.unit}"
            rows.append(measure(settings, documents, label, args.out))
        finally:
            for proc in procs:
                proc.terminate()
                proc.wait(timeout=30)
    (args.out / "results.json").write_text(json.dumps(rows, indent=2), encoding="utf-8")
    print("| configuration | rewritten | new word pairs | s/article | tokens/s | requests |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['config']} | {r['rewritten_share']:.1%} ({r['rewritten']}/{r['sentences']})"
              f" | {r['novel_bigrams']:.1%} | {r['seconds_per_article']:.1f} |"
              f" {r['tokens_per_second']:.1f} | {r['requests']:.0f} |")


if __name__ == "__main__":
    main()
