"""Demonyms and the places they derive from, read as one name.

"A Brazilian student" and "a student from Brazil" name the same country; "Chinese
officials" are "officials in China". Comparing spellings would call both a changed name,
so each demonym and each place name is read as the locations it names, from WordNet's
own links (``scripts/build_lexicon.py`` writes ``data/wordnet_places.json.gz``): two
words are the same place only when WordNet ties them to the same locations, so "French"
never stands for "Germany". A name WordNet ties to several locations is compared by the
whole set, never by one of them: "China" is also a name of Taiwan (the Republic of China)
and WordNet links "Mauritanian" to Mauritius too, yet "Chinese officials" are not
"officials in Taiwan", nor a Mauritanian diplomat one from Mauritius.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Places:
    """Lower-case demonym or place name (one or more words) -> the locations it names,
    as one id for the whole set of them."""

    names: dict[str, frozenset[int]]
    longest: int  # words in the longest name

    def of(self, word: str) -> frozenset[int]:
        """The locations one word names ("brazilians" as "brazilian"); empty for none."""
        found = self.names.get(word)
        if found is None and word.endswith("s"):
            found = self.names.get(word[:-1])
        return found or frozenset()

    def spans(self, words: Sequence[str]) -> list[tuple[int, int, frozenset[int]]]:
        """(start, end, locations) of every place name or demonym written in ``words``,
        longest first: the "Mexico" of "New Mexico" is not a second place, so "a New Mexico
        firm" does not back "a Mexican firm"."""
        out = []
        start = 0
        while start < len(words):
            match = None
            for end in range(min(start + self.longest, len(words)), start, -1):
                phrase = " ".join(words[start:end])
                found = self.of(phrase) if end == start + 1 else self.names.get(phrase)
                if found:
                    match = (start, end, found)
                    break
            if match is None:
                start += 1
            else:
                out.append(match)
                start = match[1]
        return out

    def named_in(self, words: Sequence[str]) -> frozenset[int]:
        """Every location ``words`` name, by place name or demonym."""
        return frozenset().union(*(locs for _, _, locs in self.spans(words)))

    def backed(self, words: Sequence[str], there: frozenset[int]) -> set[int]:
        """Indices of ``words`` inside a name of a location in ``there``."""
        return {i for start, end, locs in self.spans(words) if locs & there
                for i in range(start, end)}


@cache
def load_places() -> Places:
    """Read the shipped extract once per process (it is read-only)."""
    data_dir = resources.files("rewrite_cli.verify") / "data"
    with gzip.open(data_dir.joinpath("wordnet_places.json.gz").open("rb")) as fh:
        data = json.load(fh)
    # One id per distinct set of locations: two names share an id only when they name
    # exactly the same locations (see the module docstring).
    ids_of: dict[frozenset[int], int] = {}
    names = {name: frozenset({ids_of.setdefault(frozenset(ids), len(ids_of))})
             for name, ids in data["places"].items()}
    return Places(names, max(len(name.split()) for name in names))
