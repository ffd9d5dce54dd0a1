"""The longest run of words an output copies from its source, in time linear in both.

The attribution note reports the longest verbatim run for every output sentence against
the whole article. Comparing each sentence with ``difflib.SequenceMatcher`` costs time
proportional to the article for every sentence, so a long article took hours. A suffix
automaton built once over the source's words answers each sentence in time proportional
to the sentence alone, with exactly the same answer (the longest common substring).
"""

from __future__ import annotations

from collections.abc import Sequence


class CopiedRunFinder:
    """Every contiguous word run of one source, for longest-match queries.

    Built in O(len(source)); ``longest_run`` costs O(len(output)). The automaton is kept
    as three parallel lists rather than one object per state: a 5 MB article has a
    million states, and plain lists of ints and of str-keyed dicts are invisible to the
    garbage collector, which would otherwise rescan them all again and again.
    """

    def __init__(self, source: Sequence[str]) -> None:
        self._length = [0]
        self._link = [-1]
        self._next: list[dict[str, int]] = [{}]
        last = 0
        for word in source:
            last = self._extend(last, word)

    def _extend(self, last: int, word: str) -> int:
        length, link, nxt = self._length, self._link, self._next
        current = len(length)
        length.append(length[last] + 1)
        link.append(0)
        nxt.append({})
        state = last
        while state != -1 and word not in nxt[state]:
            nxt[state][word] = current
            state = link[state]
        if state == -1:
            return current
        follow = nxt[state][word]
        if length[state] + 1 == length[follow]:
            link[current] = follow
            return current
        clone = len(length)
        length.append(length[state] + 1)
        link.append(link[follow])
        nxt.append(dict(nxt[follow]))
        while state != -1 and nxt[state].get(word) == follow:
            nxt[state][word] = clone
            state = link[state]
        link[follow] = clone
        link[current] = clone
        return current

    def longest_run(self, output: Sequence[str]) -> int:
        """Length of the longest run of ``output`` that occurs word for word in the source."""
        return self.longest_span(output)[1]

    def longest_span(self, output: Sequence[str]) -> tuple[int, int]:
        """(start, length) in ``output`` of its first longest run found word for word in
        the source, as ``SequenceMatcher.find_longest_match`` would give it."""
        length, link, nxt = self._length, self._link, self._next
        state, run, best, end = 0, 0, 0, 0
        for i, word in enumerate(output):
            while state and word not in nxt[state]:
                state = link[state]
                run = length[state]
            step = nxt[state].get(word)
            if step is None:
                state, run = 0, 0
                continue
            state, run = step, run + 1
            if run > best:
                best, end = run, i + 1
        return end - best, best
