"""Benchmark the model engine beside the extractive engine, in one run, on the dev set.

Measures what issue 4 asks for: model load time from the cache (fresh processes, median),
seconds per article in rewrite and summary mode (median), tokens per second, peak RSS,
the share of sentences rewritten / kept (and which source the published rewrites came
from: the model or the parse-based transforms), ROUGE of summary mode beside Lead-3 and
the extractive engine, numbers in the output that are not in the source, and a random
sample of published rewrites beside their sources for reading by hand.

    python scripts/bench_model.py --limit 10 --out bench-out/

``--jobs`` measures instead what the model publishes in each of its jobs (headline, lead
sentence, body sentences in rewrite mode; headline and sentences in summary mode), with the
model forced on for every job, one JSON line per article as it goes (a partial run is still
usable). Its totals are the numbers in ``rewrite_cli.engines.jobs.MEASURED``:

    python scripts/bench_model.py --jobs --limit 50 --modes rewrite,summary --out bench-out/

``--startup`` times a whole default ``rewrite`` process on the dev article nearest 700 words,
``--engine auto`` beside ``--engine model`` (every job), in the same run.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

from rewrite_cli.batch.jsonl import Record, record_document
from rewrite_cli.evaluation.rouge import lead3, rouge
from rewrite_cli.pipeline import build_pipeline
from rewrite_cli.settings import Settings

DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "cnndm_dev.jsonl"
LOAD_SNIPPET = (
    "import time; t = time.perf_counter(); "
    "from rewrite_cli.models.load import load_model; load_model(None); "
    "print(time.perf_counter() - t)"
)


def quiet(_: str) -> None:
    """Progress messages are not part of the measurement."""


def load_seconds(runs: int) -> list[float]:
    """Model load from the cache in fresh processes (imports included, as a user sees it)."""
    out = []
    for _ in range(runs):
        proc = subprocess.run([sys.executable, "-c", LOAD_SNIPPET], capture_output=True,
                              text=True, check=True)
        out.append(float(proc.stdout.strip().splitlines()[-1]))
    return out


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _record(name: str, text: str) -> Record:
    return Record(id=name, line=0, body=text, is_html=False)


def run_system(rows: list[dict], settings: Settings) -> dict:
    pipeline = build_pipeline(settings, say=quiet, warn=quiet)
    # Loads the model and parser, untimed; a short text, so a slow model is not run twice.
    warm_up = " ".join(rows[0]["article"].split()[:80])
    pipeline.run(record_document(_record("warm-up", warm_up)))
    seconds, tokens, gen_seconds, statuses, origins, unsupported = [], 0.0, 0.0, Counter(), \
        Counter(), 0
    words: list[int] = []
    novel: list[float] = []  # share of output word pairs not in the source, per article
    scores, samples = [], []
    for row in rows:
        doc = record_document(_record(row["id"], row["article"]))
        started = time.perf_counter()
        rewrite = pipeline.run(doc)
        seconds.append(time.perf_counter() - started)
        words.append(len(row["article"].split()))
        tokens += rewrite.engine_stats.get("new_tokens", 0.0)
        gen_seconds += rewrite.engine_stats.get("seconds", 0.0)
        unsupported += sum(1 for u in rewrite.report.unsupported if u["reason"] == "number")
        novel.append(rewrite.report.originality.novel_bigram_ratio)
        for s in rewrite.report.sentences:
            statuses[s.status] += 1
            if s.status == "rewritten":
                origins[s.origin.split(":")[0]] += 1
                samples.append({"source": " ".join(s.sources), "rewrite": s.text,
                                "origin": s.origin})
        if settings.mode == "summary":
            scores.append(rouge([s.text for s in rewrite.report.sentences], row["reference"]))
    total = sum(statuses.values())
    result = {
        "articles": len(rows),
        "median_seconds_per_article": statistics.median(seconds),
        "mean_seconds_per_article": statistics.fmean(seconds),
        "median_words": statistics.median(words),
        # The goal is stated for a 700-word article: scale each article's time.
        "median_seconds_per_700_words": statistics.median(
            s * 700 / w for s, w in zip(seconds, words, strict=True)
        ),
        "max_seconds_per_article": max(seconds),
        "tokens_per_second": tokens / gen_seconds if gen_seconds else None,
        "sentences": total,
        "rewritten_share": statuses["rewritten"] / total,
        "kept_share": statuses["kept"] / total,
        "compressed_share": statuses["compressed"] / total,
        "rewritten_by_origin": dict(origins),
        "unsupported_numbers": unsupported,
        "novel_bigrams_mean": statistics.fmean(novel),
        "samples": samples,
    }
    if scores:
        result["rouge"] = {k: statistics.fmean(s[k] for s in scores) for k in scores[0]}
    return result


def startup_runs(rows: list[dict], out: Path, words: int = 700) -> dict:
    """Wall and CPU seconds of a whole default ``rewrite`` process (start-up included) on the
    dev article closest to ``words`` words: ``--engine auto`` (the default, which skips the
    model where it publishes nothing) against ``--engine model`` (every job, as the default
    was before), in the same run."""
    row = min(rows, key=lambda r: abs(len(r["article"].split()) - words))
    article = out / "startup-article.txt"
    article.write_text(row["article"] + "\n", encoding="utf-8")
    results = {"id": row["id"], "words": len(row["article"].split())}
    for engine in ("auto", "model"):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "rewrite_cli", str(article), "--engine", engine,
                        "-q"], capture_output=True, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        results[engine] = {
            "wall_seconds": time.perf_counter() - started,
            "cpu_seconds": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        }
        print(f"--engine {engine}: {results[engine]['wall_seconds']:.1f} s wall, "
              f"{results[engine]['cpu_seconds']:.1f} s CPU ({results['words']} words)")
    return results


def job_counts(rewrite, plan_headline: str | None, mode: str) -> dict[str, list[int]]:
    """``{job: [published model rewrites, opportunities]}`` for one article's output.

    A headline counts when the published one differs from the planned one (only the model
    proposes headlines); a sentence when it is published as rewritten from a model candidate.
    """
    counts: dict[str, list[int]] = {}

    def add(job: str, hit: bool) -> None:
        entry = counts.setdefault(job, [0, 0])
        entry[0] += int(hit)
        entry[1] += 1

    if plan_headline:
        add("headline", rewrite.headline.strip() != plan_headline.strip())
    for number, sentence in enumerate(rewrite.report.sentences):
        job = "sentences" if mode == "summary" else ("lead" if number == 0 else "body")
        add(job, sentence.status == "rewritten" and sentence.origin.split(":")[0] == "model")
    return counts


def _jobs_pipeline(mode: str, only: frozenset[str] | None):
    """The model engine on every job of ``mode`` (or on ``only`` those), plus the parse rewrites."""
    settings = replace(Settings(seed=0), engine="model", mode=mode)
    pipeline = build_pipeline(settings, say=quiet, warn=quiet)
    if only is not None:
        from rewrite_cli.engines.model import ModelEngine
        from rewrite_cli.engines.transformed import WithTransforms
        from rewrite_cli.models.load import load_model

        loaded = load_model(settings.model)
        engine = ModelEngine(loaded, seed=settings.seed, mode=mode, nlp=pipeline.engine.nlp,
                             jobs=only)
        pipeline.engine = WithTransforms(engine, pipeline.engine.nlp)
    return pipeline


def measure_jobs(rows: list[dict], modes: list[str], out: Path,
                 only: frozenset[str] | None = None) -> dict:
    """Run the model on every job of each mode and count what it publishes per job.

    Articles go in the outer loop (each through every mode) and every article is logged as
    it finishes, so a run cut short still measures all jobs on the articles it did.
    """
    pipelines = {mode: _jobs_pipeline(mode, only) for mode in modes}
    totals: dict[str, dict[str, list[int]]] = {mode: {} for mode in modes}
    seconds: dict[str, list[float]] = {mode: [] for mode in modes}
    name = "jobs.jsonl" if only is None else f"jobs-{'-'.join(sorted(only))}.jsonl"
    with (out / name).open("w", encoding="utf-8") as log:
        for row in rows:
            doc = record_document(_record(row["id"], row["article"]))
            for mode, pipeline in pipelines.items():
                started = time.perf_counter()
                prepared = pipeline.prepare(doc)
                rewrite = pipeline.run(doc)
                seconds[mode].append(time.perf_counter() - started)
                counts = job_counts(rewrite, prepared.plan.headline, mode)
                if only is not None:
                    counts = {job: n for job, n in counts.items() if job in only}
                for job, (hits, seen) in counts.items():
                    total = totals[mode].setdefault(job, [0, 0])
                    total[0] += hits
                    total[1] += seen
                log.write(json.dumps({
                    "id": row["id"], "mode": mode, "seconds": seconds[mode][-1], "jobs": counts,
                    "new_tokens": rewrite.engine_stats.get("new_tokens", 0.0),
                    "generate_seconds": rewrite.engine_stats.get("seconds", 0.0)}) + "\n")
                log.flush()
    return {
        mode: {
            "articles": len(rows),
            "median_seconds_per_article": statistics.median(seconds[mode]),
            "jobs": {job: {"published": hits, "opportunities": seen,
                           "per_10_articles": 10 * hits / len(rows)}
                     for job, (hits, seen) in totals[mode].items()},
        }
        for mode in modes
    }


def lead3_rouge(rows: list[dict]) -> dict[str, float]:
    """Lead-3 over the same cleaned, junk-filtered sentences the pipeline sees."""
    pipeline = build_pipeline(Settings(engine="extractive"), say=quiet, warn=quiet)
    scores = []
    for row in rows:
        prepared = pipeline.prepare(record_document(_record(row["id"], row["article"])))
        scores.append(rouge(lead3([u.text for u in prepared.plan.units]), row["reference"]))
    return {k: statistics.fmean(s[k] for s in scores) for k in scores[0]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--limit", type=int, default=10)
    parser.add_argument("--modes", default="rewrite,summary")
    parser.add_argument("--load-runs", type=int, default=3)
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--out", type=Path, default=Path("bench-out"))
    parser.add_argument("--jobs", action="store_true",
                        help="measure what the model publishes per job (see the docstring)")
    parser.add_argument("--only-jobs", default=None,
                        help="with --jobs: run the model on these jobs only (e.g. headline,lead)")
    parser.add_argument("--engines", default="extractive,model",
                        help="engines to run, comma-separated (auto, extractive, model)")
    parser.add_argument("--model", default=None, help="the model to measure (default model)")
    parser.add_argument("--startup", action="store_true",
                        help="time whole default runs on a ~700-word article: auto vs model")
    parser.add_argument("--skip", type=int, default=0, help="start after this many articles")
    args = parser.parse_args(argv)
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines()]
    rows = rows[args.skip : args.skip + args.limit]
    args.out.mkdir(parents=True, exist_ok=True)
    if args.startup:
        result = startup_runs(rows, args.out)
        (args.out / "bench-startup.json").write_text(json.dumps(result, indent=2),
                                                      encoding="utf-8")
        return 0
    if args.jobs:
        only = frozenset(args.only_jobs.split(",")) if args.only_jobs else None
        jobs = measure_jobs(rows, args.modes.split(","), args.out, only)
        (args.out / "bench-jobs.json").write_text(json.dumps(jobs, indent=2), encoding="utf-8")
        for mode, result in jobs.items():
            for job, r in result["jobs"].items():
                print(f"{mode}/{job}: {r['published']} published of {r['opportunities']} "
                      f"({r['per_10_articles']:.2f} per 10 articles); "
                      f"{result['median_seconds_per_article']:.1f} s/article median")
        return 0

    results: dict[str, object] = {"load_seconds": load_seconds(args.load_runs)}
    base = Settings(seed=0, model=args.model)
    for mode in args.modes.split(","):
        for engine in args.engines.split(","):
            results[f"{engine}/{mode}"] = run_system(rows, replace(base, engine=engine, mode=mode))
            # Peak RSS is the process's high-water mark so far (extractive runs first).
            results[f"{engine}/{mode}"]["peak_rss_mib"] = peak_rss_mib()  # type: ignore[index]
    if "summary" in args.modes:
        results["lead3/summary"] = {"rouge": lead3_rouge(rows)}

    picked = []
    for key in ("model/rewrite", "model/summary"):
        if key in results:
            picked += results[key]["samples"]  # type: ignore[index]
    random.Random(0).shuffle(picked)
    (args.out / "rewrites-to-read.md").write_text(
        "\n\n".join(f"{i}. [{p['origin']}]\n   SOURCE:  {p['source']}\n   REWRITE: {p['rewrite']}"
                    for i, p in enumerate(picked[: args.samples], 1)) + "\n",
        encoding="utf-8",
    )
    (args.out / "bench-model.json").write_text(json.dumps(results, indent=2), encoding="utf-8")

    print(f"model load from cache, fresh process: median "
          f"{statistics.median(results['load_seconds'] or [float('nan')]):.2f}s of "
          f"{results['load_seconds']}")
    print(f"{'system':<20}{'s/article':>10}{'s/700w':>8}{'tok/s':>8}{'rewritten':>10}{'kept':>7}"
          f"{'R-1':>7}{'R-2':>7}{'R-Lsum':>8}{'num!':>6}{'RSS MiB':>9}  rewrites by origin")
    for key, r in results.items():
        if not isinstance(r, dict):
            continue
        rg = r.get("rouge", {})
        tps = r.get("tokens_per_second")
        print(f"{key:<20}{r.get('median_seconds_per_article', float('nan')):>10.2f}"
              f"{r.get('median_seconds_per_700_words', float('nan')):>8.2f}"
              f"{(tps or 0):>8.1f}{r.get('rewritten_share', 0):>10.0%}"
              f"{r.get('kept_share', 0):>7.0%}"
              f"{rg.get('rouge1', 0) * 100:>7.1f}{rg.get('rouge2', 0) * 100:>7.1f}"
              f"{rg.get('rougeLsum', 0) * 100:>8.1f}{r.get('unsupported_numbers', 0):>6}"
              f"{r.get('peak_rss_mib', 0):>9.0f}  {r.get('rewritten_by_origin', '')}")
    print(f"samples to read: {args.out / 'rewrites-to-read.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
