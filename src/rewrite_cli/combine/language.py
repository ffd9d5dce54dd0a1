"""Which language a report is written in, so that reports in different languages are
not merged: the merge compares sentences word by word, so a French report of the same
story shares no wording with an English one, and every one of its facts would be added
again in French, a mixed-language article that repeats itself.

py3langid (the identifier trafilatura uses) answers with a probability; a report is only
called another language when both answers are confident, so a short or odd report is
never refused on a guess.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

CONFIDENT = 0.95  # below this, a report's language is not held against it


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1, as py3langid names it
    probability: float


def detect_language(text: str) -> Language:
    """The most probable language of ``text`` and how sure the identifier is."""
    code, probability = _identifier().classify(text)
    return Language(code, float(probability))


def first_other_language(texts: Sequence[str]) -> tuple[int, Language, Language] | None:
    """``(index, its language, the lead's)`` for the first text confidently in another
    language than the first (the lead) text; None when they may all be one language."""
    lead = detect_language(texts[0])
    if lead.probability < CONFIDENT:
        return None
    for index, text in enumerate(texts[1:], start=1):
        other = detect_language(text)
        if other.code != lead.code and other.probability >= CONFIDENT:
            return index, other, lead
    return None


@cache
def _identifier():
    """Loaded once: reading the model takes a tenth of a second."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    # py3langid 0.4 ships its model as .npz and renamed the loader; 0.3 has the old name.
    load = getattr(LanguageIdentifier, "from_model_file", None)
    if load is None:
        load = LanguageIdentifier.from_pickled_model
    return load(MODEL_FILE, norm_probs=True)
