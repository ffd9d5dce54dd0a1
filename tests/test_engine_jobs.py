"""Which jobs the default model does under ``--engine auto`` (issue 12 item 7), and that a
run where it has none never imports torch or transformers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rewrite_cli.engines import make_engine
from rewrite_cli.engines.jobs import JOBS, MEASURED, JobYield, choose_jobs
from rewrite_cli.models.registry import DEFAULT_ALIAS
from rewrite_cli.settings import Settings

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _table(per_job: dict[tuple[str, str], int]) -> dict[tuple[str, str], JobYield]:
    """Every job of every mode measured on 20 articles, with ``per_job`` publications."""
    return {(mode, job): JobYield(per_job.get((mode, job), 0), 100, 20)
            for mode, names in JOBS.items() for job in names}


def test_the_default_model_has_a_measured_row_for_every_job():
    measured = MEASURED[DEFAULT_ALIAS]
    assert set(measured) == {(mode, job) for mode, names in JOBS.items() for job in names}
    for row in measured.values():
        assert 0 <= row.published <= row.opportunities and row.articles >= 10


def test_a_job_runs_only_when_it_publishes_one_rewrite_per_10_articles(monkeypatch):
    # 2 per 20 articles is exactly the threshold; 1 per 20 is below it.
    table = _table({("rewrite", "headline"): 2, ("rewrite", "lead"): 1})
    monkeypatch.setitem(MEASURED, DEFAULT_ALIAS, table)
    choice = choose_jobs("auto", None, "rewrite")
    assert choice.jobs == {"headline"} and choice.model_needed
    assert "lead, body" in (choice.note or "") and "--engine model" in (choice.note or "")
    nothing = choose_jobs("auto", DEFAULT_ALIAS, "summary")
    assert nothing.jobs == frozenset() and not nothing.model_needed
    assert "not loaded" in (nothing.note or "")


def test_asking_for_the_model_or_an_unmeasured_one_runs_every_job(monkeypatch):
    monkeypatch.setitem(MEASURED, DEFAULT_ALIAS, _table({}))
    assert choose_jobs("model", None, "rewrite").jobs is None
    assert choose_jobs("auto", "qwen2.5-0.5b", "rewrite").jobs is None
    assert choose_jobs("auto", "someone/some-model", "rewrite").jobs is None


def test_with_no_job_left_the_engine_is_the_parse_rewrites_and_says_so(monkeypatch):
    monkeypatch.setitem(MEASURED, DEFAULT_ALIAS, _table({}))

    class Parser:
        def pipe(self, texts):
            assert list(texts) == []
            return []

    engine = make_engine(Settings(), say=print, warn=print, nlp=Parser())
    assert (engine.name, engine.model) == ("transforms", None)
    assert engine.generate([]) == []


SKIPPED_RUN = """
import json, sys
from rewrite_cli.engines import jobs
jobs.MEASURED[{alias!r}] = {{
    (mode, job): jobs.JobYield(0, 100, 20) for mode, names in jobs.JOBS.items() for job in names
}}
from rewrite_cli.cli import main
sys.argv = ["rewrite", *sys.argv[1:]]
try:
    main()
except SystemExit as done:
    code = done.code
print(json.dumps({{"code": code, "torch": "torch" in sys.modules,
                  "transformers": "transformers" in sys.modules}}), file=sys.stderr)
"""


@pytest.mark.parametrize("mode", ["rewrite", "summary"])
def test_a_skipped_model_never_imports_torch_or_transformers(mode, tmp_path):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    sample = SAMPLES / "harbour-bridge.txt"
    done = subprocess.run(
        [sys.executable, "-c", SKIPPED_RUN.format(alias=DEFAULT_ALIAS), str(sample),
         "--mode", mode, "--report", "-f", "json"],
        capture_output=True, text=True, env=env, timeout=600, check=False,
    )  # fmt: skip
    state = json.loads(done.stderr.strip().splitlines()[-1])
    assert state == {"code": 0, "torch": False, "transformers": False}, done.stderr
    assert json.loads(done.stdout)["engine"] == "transforms"
    assert "skipped for" in done.stderr and "not loaded" in done.stderr
