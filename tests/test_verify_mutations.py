"""The mutation benchmark on a slice of the dev set: one-fact changes must be caught and
meaning-preserving rewrites must pass (the full run is `python scripts/mutations.py`)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from rewrite_cli.verify import FactChecker

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "mutations.py"


@pytest.fixture(scope="module")
def mutations():
    spec = importlib.util.spec_from_file_location("mutations", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["mutations"] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop("mutations", None)


@pytest.fixture(scope="module")
def articles(mutations, shared_dir):
    return mutations.load_articles(shared_dir / "eval" / "cnndm_dev.jsonl", limit=12)


@pytest.fixture(scope="module")
def results(mutations, articles, nlp):
    """The fact checks alone (the issue's measurement): synonyms must pass here."""
    return mutations.run(FactChecker(nlp, wording=False), articles, per_kind=16, seed=7)


@pytest.fixture(scope="module")
def strict_results(mutations, articles, nlp):
    """The default checker, which also compares content words both ways."""
    return mutations.run(FactChecker(nlp), articles, per_kind=16, seed=7)


def test_every_mutation_kind_is_generated(mutations, results):
    for kind in mutations.MUTATION_KINDS:
        assert len(results.caught[kind]) >= 8, kind
    for kind in mutations.PARAPHRASE_KINDS:
        assert len(results.alarms[kind]) >= 5, kind


def test_one_fact_changes_are_caught(mutations, results):
    for kind in mutations.MUTATION_KINDS:
        target = 0.95 if kind in mutations.STRICT_KINDS else 0.80
        assert results.rate(kind) >= target, (kind, results.rate(kind))


def test_meaning_preserving_rewrites_mostly_pass(results):
    assert results.false_alarm_rate() < 0.10


def test_mutations_really_change_the_sentence(mutations, results):
    assert results.cases
    assert all(new.strip() != src.strip() for _, src, new, _ in results.cases)


def test_default_checker_catches_at_least_as_much(mutations, results, strict_results):
    for kind in mutations.MUTATION_KINDS:
        assert strict_results.rate(kind) >= results.rate(kind), kind


def test_default_checker_still_passes_restructured_sentences(strict_results):
    for kind in ("reorder", "voice"):
        alarms = strict_results.alarms[kind]
        assert sum(alarms) / len(alarms) < 0.10, kind
