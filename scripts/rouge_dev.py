"""Score summary mode against Lead-3 on the CNN/DailyMail dev sample.

Usage: python scripts/rouge_dev.py [--limit N] [--data PATH]

Prints mean ROUGE-1/2/Lsum F1 for summary mode (with and without compression) and for
two Lead-3 baselines: the first three segmented sentences, and the first three after the
plan's junk filter (the fair, stronger one). Summary mode must not score below it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import time
from pathlib import Path

from rewrite_cli.document import Document, InputInfo, Metadata
from rewrite_cli.engines.extractive import ExtractiveEngine
from rewrite_cli.evaluation.rouge import ROUGE_TYPES, lead3, rouge
from rewrite_cli.plan import make_plan
from rewrite_cli.segment import segment

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "cnndm_dev.jsonl"


def as_document(row: dict[str, str]) -> Document:
    """A dev article as the reader would produce it: one paragraph, no title."""
    raw = row["article"].encode("utf-8")
    info = InputInfo(
        path=f"cnndm:{row['id']}",
        sha256=hashlib.sha256(raw).hexdigest(),
        format="text",
        encoding="utf-8",
    )
    return Document(title=None, paragraphs=[row["article"]], meta=Metadata(), input=info)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines()]
    rows = rows[: args.limit]
    engine = ExtractiveEngine()
    systems: dict[str, list[dict[str, float]]] = {
        "summary": [],
        "summary (no compression)": [],
        "lead-3 (content)": [],
        "lead-3 (raw)": [],
    }
    seconds = 0.0
    lengths = []
    for row in rows:
        document = as_document(row)
        start = time.perf_counter()
        sentences = segment(document)
        plan = make_plan(document, sentences, mode="summary", n_sentences=None)
        drafts = engine.generate([plan])[0].drafts
        seconds += time.perf_counter() - start
        lengths.append(len(drafts))
        content = make_plan(document, sentences, mode="rewrite", n_sentences=None).units
        outputs = {
            "summary": [d.unit.text for d in drafts],
            "summary (no compression)": [d.unit.sources[0].text for d in drafts],
            "lead-3 (content)": lead3([u.sources[0].text for u in content]),
            "lead-3 (raw)": lead3([s.text for s in sentences]),
        }
        for name, summary in outputs.items():
            systems[name].append(rouge(summary, row["reference"]))
    print(f"{len(rows)} articles, mean summary length {statistics.mean(lengths):.2f} sentences")
    print(f"{'system':28}" + "".join(f"{t:>11}" for t in ROUGE_TYPES))
    for name, scores in systems.items():
        means = [100 * statistics.mean(s[t] for s in scores) for t in ROUGE_TYPES]
        print(f"{name:28}" + "".join(f"{m:11.2f}" for m in means))
    print(f"segment+plan+extractive: {1000 * seconds / len(rows):.1f} ms per article")


if __name__ == "__main__":
    main()
