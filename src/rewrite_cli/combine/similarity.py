"""How alike two sentences, or two articles, are in what they talk about.

Both measures look only at content words (stop words dropped, lower case, possessives
and plural -s removed), because two outlets reporting one fact share its names, numbers
and key nouns while wording the rest their own way. No model is needed, so combining is
as fast and as reproducible as the rest of the read side.

The thresholds were chosen by measurement (``scripts/combine_thresholds.py``):

- ``SAME_FACT``: sentence pairs of the MRPC paraphrase corpus (news sentences from
  different outlets about the same event). Merging two sentences that are not the same
  fact would drop one outlet's claim, so the threshold favours precision; a merge is
  also only made when the fact check finds no number, date or name on which the two
  sentences differ (otherwise both are kept, attributed).
- ``SAME_STORY``: whole articles. Putting two stories into one article is the worse
  error (splitting one story only gives two articles), so the threshold sits above every
  pair of different CNN/DailyMail dev articles (1,225 pairs, highest 0.279); our
  multi-source samples score 0.653 or more, and even the two halves of one CNN/DM
  article (a hard stand-in for two reports) reach 0.3 in 34 of 50 cases.
- ``SAME_FACT`` on MRPC (599 pairs, 413 paraphrases, all of them lexically close by
  construction): 0.5 keeps 92.7% of the paraphrases at precision 0.73; of the pairs
  above it, the fact check lets 143 paraphrases and 31 non-paraphrases merge as the same
  fact, and keeps 59 non-paraphrases apart as conflicts.
"""

from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache

from rewrite_cli.verify.text import words

SAME_FACT = 0.5
SAME_STORY = 0.3


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS | {"said", "says", "told", "according", "also", "would"})


def content_words(text: str) -> list[str]:
    """The words that carry a text's subject, in order, normalised for comparison."""
    stop = _stop_words()
    out = []
    for word in words(text):
        word = word.removesuffix("'s")
        if word in stop or (len(word) < 2 and not word.isdigit()):
            continue
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        out.append(word)
    return out


def sentence_similarity(left: str, right: str) -> float:
    """Dice overlap of the two sentences' content-word sets (0: nothing shared, 1: same)."""
    a, b = set(content_words(left)), set(content_words(right))
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def article_similarity(left: str, right: str) -> float:
    """Cosine of the two texts' content-word counts (word frequency damped by a log)."""
    return vector_similarity(article_vector(left), article_vector(right))


def article_vector(text: str) -> dict[str, float]:
    """A text's damped content-word counts: made once per text when many are compared
    (grouping a feed compares every pair, and reading the words is the slow part)."""
    return {word: 1 + math.log(count) for word, count in Counter(content_words(text)).items()}


def vector_similarity(a: dict[str, float], b: dict[str, float]) -> float:
    """The cosine of two ``article_vector``s."""
    dot = sum(weight * b[word] for word, weight in a.items() if word in b)
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norm if norm else 0.0
