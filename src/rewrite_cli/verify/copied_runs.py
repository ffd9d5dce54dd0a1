"""The longest run of words an output copies from its source, in time linear in both.

The attribution note reports the longest verbatim run for every output sentence against
the whole article. Comparing each sentence with ``difflib.SequenceMatcher`` costs time
proportional to the article for every sentence, so a long article took hours. A suffix
automaton built once over the source's words answers each sentence in time proportional
to the sentence alone, with exactly the same answer (the longest common substring).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass
class _State:
    length: int = 0
    link: int = -1
    next: dict[str, int] = field(default_factory=dict)


class CopiedRunFinder:
    """Every contiguous word run of one source, for longest-match queries.

    Built in O(len(source)) (amortised, one dict per state); ``longest_run`` costs
    O(len(output)).
    """

    def __init__(self, source: Sequence[str]) -> None:
        self._states = [_State()]
        last = 0
        for word in source:
            last = self._extend(last, word)

    def _extend(self, last: int, word: str) -> int:
        states = self._states
        current = len(states)
        states.append(_State(length=states[last].length + 1))
        state = last
        while state != -1 and word not in states[state].next:
            states[state].next[word] = current
            state = states[state].link
        if state == -1:
            states[current].link = 0
            return current
        follow = states[state].next[word]
        if states[state].length + 1 == states[follow].length:
            states[current].link = follow
            return current
        clone = len(states)
        states.append(
            _State(
                length=states[state].length + 1,
                link=states[follow].link,
                next=dict(states[follow].next),
            )
        )
        while state != -1 and states[state].next.get(word) == follow:
            states[state].next[word] = clone
            state = states[state].link
        states[follow].link = clone
        states[current].link = clone
        return current

    def longest_run(self, output: Sequence[str]) -> int:
        """Length of the longest run of ``output`` that occurs word for word in the source."""
        states = self._states
        state, length, best = 0, 0, 0
        for word in output:
            while state and word not in states[state].next:
                state = states[state].link
                length = states[state].length
            step = states[state].next.get(word)
            if step is None:
                state, length = 0, 0
                continue
            state, length = step, length + 1
            best = max(best, length)
        return best
