"""Which jobs a model does under ``--engine auto``: only those where it earns its seconds.

A model engine has jobs: the headline, the lead (first) sentence and the body sentences in
rewrite mode; the headline and the sentences in summary mode. For each job of a measured
model, ``MEASURED`` holds how many verified rewrites of its own the model got published on
the dev articles (``scripts/bench_model.py --jobs``). Under ``--engine auto`` a job runs only
when that is at least ``MIN_PER_10_ARTICLES`` per 10 articles. When no job of the mode is
left, the model is not loaded at all (torch and transformers are not even imported) and the
article gets the parse-based rewrites alone, at their cost. ``--engine model`` runs every
job, for whoever wants to see what the model proposes.

This table is the one place the decision lives: re-measure after changes to the verify
stage or the prompts and update the numbers (the verify stage accepting vetted synonym
paraphrases may well change them). Models not in the table run every job.
"""

from __future__ import annotations

from dataclasses import dataclass

from rewrite_cli.models.registry import ALIASES, DEFAULT_ALIAS, find_entry

MIN_PER_10_ARTICLES = 1.0

JOBS: dict[str, tuple[str, ...]] = {
    "rewrite": ("headline", "lead", "body"),
    "summary": ("headline", "sentences"),
}


@dataclass(frozen=True)
class JobYield:
    """What one job of one model published on the dev articles, as measured."""

    published: int  # sentences (or headlines) published as the model's verified rewrite
    opportunities: int  # sentences (or headlines) the job was run on
    articles: int

    @property
    def per_10_articles(self) -> float:
        return 10 * self.published / self.articles

    @property
    def earns_its_seconds(self) -> bool:
        return self.per_10_articles >= MIN_PER_10_ARTICLES


# SmolLM2-135M-Instruct, seed 0, the dev articles of ../shared/eval/cnndm_dev.jsonl, on
# 30 November 2026 unless said otherwise (docs/benchmarks.md has the commands and the runs):
# - headline and lead: `scripts/bench_model.py --jobs` (every job) on articles 1-5, plus
#   `--jobs --only-jobs headline,lead --skip 10` on articles 11-35: 0 of 30 headlines and
#   0 of 30 lead sentences published. The headline prompt and the planned headline are the
#   same in both modes, so summary mode shares the headline row (0 of 5 in its own run);
# - body and summary sentences: all 50 articles with `scripts/bench_model.py --limit 50` on
#   28 November (same verify rules): 1 model rewrite published in 1,499 rewrite-mode sentences
#   (lead and body together; counted as body), 0 in 157 summary sentences. The per-job run on
#   articles 1-5 agrees: body 1 of 98 (from article 2, which the 50-article run also held),
#   summary sentences 0 of 15.
# The machine was shared and busy (4-6 generated tokens per second), so only 30 articles
# were measured for the headline and the lead instead of 50.
_HEADLINE = JobYield(published=0, opportunities=30, articles=30)
MEASURED: dict[str, dict[tuple[str, str], JobYield]] = {
    "smollm2-135m": {
        ("rewrite", "headline"): _HEADLINE,
        ("rewrite", "lead"): JobYield(published=0, opportunities=30, articles=30),
        ("rewrite", "body"): JobYield(published=1, opportunities=1_449, articles=50),
        ("summary", "headline"): _HEADLINE,
        ("summary", "sentences"): JobYield(published=0, opportunities=157, articles=50),
    },
}


@dataclass(frozen=True)
class JobChoice:
    """The jobs to run (``None``: all of them) and, when some are skipped, why."""

    jobs: frozenset[str] | None
    note: str | None = None

    @property
    def model_needed(self) -> bool:
        return self.jobs is None or bool(self.jobs)


def choose_jobs(engine: str, model: str | None, mode: str) -> JobChoice:
    """The jobs the model does for ``--engine engine --model model --mode mode``."""
    if engine != "auto":
        return JobChoice(None)
    entry = find_entry(model or DEFAULT_ALIAS, ALIASES)
    measured = MEASURED.get(entry.alias) if entry is not None else None
    if not measured:
        return JobChoice(None)
    wanted = JOBS[mode]
    kept = frozenset(job for job in wanted
                     if (yield_ := measured.get((mode, job))) is None or yield_.earns_its_seconds)
    skipped = [job for job in wanted if job not in kept]
    if not skipped:
        return JobChoice(kept)
    detail = ", ".join(
        f"{job} {measured[(mode, job)].per_10_articles:.1f}" for job in skipped
    )
    what = "the model is not loaded" if not kept else f"it still does: {', '.join(sorted(kept))}"
    note = (
        f"{entry.alias} skipped for {', '.join(skipped)} in {mode} mode: it publishes fewer "
        f"than {MIN_PER_10_ARTICLES:g} verified rewrite per 10 articles there ({detail}); "
        f"{what}; --engine model runs every job"
    )
    return JobChoice(kept, note)
