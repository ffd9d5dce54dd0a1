"""Measure the sentence aligner on rewrites with a known answer.

Each dev article (``../shared/eval/cnndm_dev.jsonl``) is read, cleaned and segmented as
``rewrite`` does. A rewrite is then made from it, with a fixed seed, by the moves a writer
makes: sentences the paraphrase set has a hand-written faithful paraphrase for are replaced
by it (heavy rewording), long sentences are split at a clause boundary, short neighbours are
merged, neighbours in a paragraph are swapped, some sentences are dropped and sentences from
another article are inserted. The aligner's links (rewrite sentence, source sentence) are
compared with the known ones.

    PYTHONPATH=src python scripts/bench_align.py [--limit N] [--seed 7] [--eval DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from collections import Counter
from pathlib import Path

from rewrite_cli.clean import clean
from rewrite_cli.nlp import load_english
from rewrite_cli.read import read_bytes
from rewrite_cli.segment import segment
from rewrite_cli.verify.align import align_sentences

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
SPLIT_AT = re.compile(r", (?:and|but|while|which|who) |; ")


def make_rewrite(source: list[str], paragraphs: list[int], other: list[str],
                 paraphrases: dict[str, str], rng: random.Random
                 ) -> tuple[list[str], dict[tuple[int, int], str], Counter]:
    """A rewrite of ``source`` and its gold links (with the move that made each)."""
    out: list[str] = []
    gold: dict[tuple[int, int], str] = {}
    moves: Counter = Counter()
    i = 0
    while i < len(source):
        text = paraphrases.get(source[i], source[i])
        roll = rng.random()
        if text != source[i]:
            moves["reworded"] += 1
        if roll < 0.08:
            moves["dropped"] += 1
            i += 1
            continue
        if roll < 0.16 and (match := SPLIT_AT.search(text)) and 5 < match.start() < len(text) - 30:
            first, second = text[: match.start()] + ".", text[match.end():]
            out += [first, second[0].upper() + second[1:]]
            gold |= {(len(out) - 2, i): "split", (len(out) - 1, i): "split"}
            moves["split"] += 1
            i += 1
            continue
        nxt = i + 1
        if roll < 0.26 and nxt < len(source) and paragraphs[nxt] == paragraphs[i]:
            if len((text + source[nxt]).split()) < 45:
                out.append(text.rstrip(".") + ", and " + source[nxt][0].lower() + source[nxt][1:])
                gold |= {(len(out) - 1, i): "merged", (len(out) - 1, nxt): "merged"}
                moves["merged"] += 1
            else:
                out += [source[nxt], text]
                gold |= {(len(out) - 2, nxt): "swapped", (len(out) - 1, i): "swapped"}
                moves["swapped"] += 1
            i += 2
            continue
        out.append(text)
        gold[(len(out) - 1, i)] = "reworded" if text != source[i] else "kept"
        moves["kept"] += 1
        if roll > 0.95 and other:
            out.append(rng.choice(other))
            moves["invented"] += 1
        i += 1
    return out, gold, moves


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--eval", type=Path, default=EVAL, help="the evaluation folder")
    args = parser.parse_args()
    rows = [json.loads(line) for line in (args.eval / "cnndm_dev.jsonl").read_text().splitlines()]
    rows = rows[: args.limit] if args.limit else rows
    paraphrases = {}
    for line in (args.eval / "paraphrase_dev.jsonl").read_text().splitlines():
        item = json.loads(line)
        if item["label"] == 1:
            paraphrases[" ".join(item["source"].split())] = item["rewrite"]
    nlp = load_english()
    rng = random.Random(args.seed)
    articles = []
    for row in rows:
        sentences = segment(clean(read_bytes(row["article"].encode(), path=f"{row['id']}.txt")))
        articles.append(([s.text for s in sentences], [s.paragraph for s in sentences]))
    found = right = wanted = 0
    moves: Counter = Counter()
    missed: Counter = Counter()
    per_kind: Counter = Counter()
    started = time.perf_counter()
    for n, (source, paragraphs) in enumerate(articles):
        other = articles[(n + 1) % len(articles)][0]
        rewrite, gold, done = make_rewrite(source, paragraphs, other, paraphrases, rng)
        moves += done
        links = {(r, s) for a in align_sentences(source, rewrite, nlp)
                 for r in a.rewrite for s in a.source}
        found += len(links)
        wanted += len(gold)
        right += len(links & gold.keys())
        per_kind.update(gold.values())
        missed.update(kind for link, kind in gold.items() if link not in links)
    seconds = time.perf_counter() - started
    precision, recall = right / max(1, found), right / max(1, wanted)
    print(f"articles {len(articles)}; moves {dict(sorted(moves.items()))}")
    print(f"links: precision {precision:.3f}, recall {recall:.3f} "
          f"({right} right of {found} found, {wanted} wanted); {seconds:.1f} s")
    print("recall by move: " + ", ".join(
        f"{k} {1 - missed[k] / n:.3f} ({n})" for k, n in sorted(per_kind.items())))


if __name__ == "__main__":
    main()
