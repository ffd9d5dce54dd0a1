"""Feed items grouped into stories, so ``--feed --combine`` writes one article per story.

Two items belong to one story when their texts are alike (``similarity.SAME_STORY``,
measured in ``scripts/combine_thresholds.py``); stories are the connected groups, in the
order of their first item (the feed's order, so the newest report leads).
"""

from __future__ import annotations

from collections.abc import Sequence

from rewrite_cli.combine.similarity import SAME_STORY, article_vector, vector_similarity
from rewrite_cli.document import Document


def group_stories(
    documents: Sequence[Document], *, threshold: float = SAME_STORY
) -> list[list[int]]:
    """Indices of ``documents``, grouped by story; each group in the input order."""
    texts = [" ".join([d.title or "", *d.paragraphs]) for d in documents]
    vectors = [article_vector(text) for text in texts]  # once each, not once per pair
    parent = list(range(len(texts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            if vector_similarity(vectors[i], vectors[j]) >= threshold:
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(texts)):
        groups.setdefault(root(i), []).append(i)
    return sorted(groups.values(), key=lambda group: group[0])
