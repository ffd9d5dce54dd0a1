"""Measure the similarity thresholds that ``--combine`` uses (see combine/similarity.py).

    PYTHONPATH=src python scripts/combine_thresholds.py ../shared/eval

Sentences: precision and recall of "same fact" on the MRPC pairs (label 1 = paraphrase)
at several thresholds. Articles: the similarity of every pair of different CNN/DailyMail
dev articles (different stories) against the pairs of each multi-source sample set
(same story), so the story threshold can sit between the two.
"""

from __future__ import annotations

import csv
import itertools
import json
import statistics
import sys
from pathlib import Path

from rewrite_cli.combine.similarity import (
    SAME_FACT,
    article_similarity,
    sentence_similarity,
)
from rewrite_cli.read import read_path

REPO = Path(__file__).resolve().parents[1]


def sentences(eval_dir: Path) -> None:
    with (eval_dir / "mrpc_dev.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
    pairs = [(int(r[0]), sentence_similarity(r[3], r[4])) for r in rows if len(r) == 5]
    positives = sum(label for label, _ in pairs)
    print(f"MRPC: {len(pairs)} pairs, {positives} paraphrases")
    print("| threshold | merged | precision | recall |")
    print("|---:|---:|---:|---:|")
    for threshold in (0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7):
        merged = [label for label, sim in pairs if sim >= threshold]
        precision = sum(merged) / len(merged) if merged else 0.0
        recall = sum(merged) / positives
        print(f"| {threshold} | {len(merged)} | {precision:.3f} | {recall:.3f} |")


def articles(eval_dir: Path) -> None:
    with (eval_dir / "cnndm_dev.jsonl").open(encoding="utf-8") as handle:
        texts = [json.loads(line)["article"] for line in handle]
    different = [article_similarity(a, b) for a, b in itertools.combinations(texts, 2)]
    same = []
    for folder in sorted((REPO / "tests" / "fixtures" / "stories").iterdir()):
        docs = [" ".join(read_path(p).paragraphs) for p in sorted(folder.iterdir())]
        same += [article_similarity(a, b) for a, b in itertools.combinations(docs, 2)]
    different.sort()
    print(f"different stories: {len(different)} pairs, max {max(different):.3f}, "
          f"99th percentile {different[int(0.99 * len(different))]:.3f}, "
          f"median {statistics.median(different):.3f}")
    print(f"same story (our samples): {len(same)} pairs, min {min(same):.3f}, "
          f"median {statistics.median(same):.3f}")
    # A harder stand-in for two reports of one story: the two halves of one article
    # share the story's names but hardly a sentence.
    halves = []
    for text in texts:
        cut = len(text) // 2
        halves.append(article_similarity(text[:cut], text[cut:]))
    halves.sort()
    print(f"same story (two halves of one CNN/DM article): {len(halves)} pairs, "
          f"min {halves[0]:.3f}, 10th percentile {halves[len(halves) // 10]:.3f}, "
          f"median {statistics.median(halves):.3f}")
    for threshold in (0.2, 0.25, 0.3, 0.35, 0.4):
        wrong = sum(sim >= threshold for sim in different)
        missed = sum(sim < threshold for sim in halves)
        print(f"threshold {threshold}: {wrong} of {len(different)} different-story pairs "
              f"grouped, {missed} of {len(halves)} half-pairs split")



def relations(eval_dir: Path, threshold: float) -> None:
    """What the merge does with the MRPC pairs above the threshold, by label."""
    from collections import Counter

    from rewrite_cli.combine.relate import FactRelation
    from rewrite_cli.verify import FactChecker

    with (eval_dir / "mrpc_dev.tsv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)][1:]
    rows = [r for r in rows if len(r) == 5 and sentence_similarity(r[3], r[4]) >= threshold]
    relate = FactRelation(FactChecker())
    relate.prepare([text for r in rows for text in (r[3], r[4])])
    counts: Counter[tuple[str, str]] = Counter()
    for row in rows:
        counts[(row[0], relate(row[4], row[3]).value)] += 1
    print(f"MRPC pairs with similarity >= {threshold}: relation by label (1 = paraphrase)")
    print("| relation | label 1 | label 0 |")
    print("|---|---:|---:|")
    for relation in ("same", "part", "fuller", "conflict"):
        print(f"| {relation} | {counts[('1', relation)]} | {counts[('0', relation)]} |")


if __name__ == "__main__":
    eval_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/eval")
    sentences(eval_dir)
    relations(eval_dir, SAME_FACT)
    articles(eval_dir)
