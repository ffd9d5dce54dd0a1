"""Measure the sentence aligner on rewrites with a known answer.

Each dev article (``../shared/eval/cnndm_dev.jsonl``) is read, cleaned and segmented as
``rewrite`` does. A rewrite is then made from it, with a fixed seed, by the moves a writer
makes: sentences the paraphrase set has a hand-written faithful paraphrase for are replaced
by it (heavy rewording), long sentences are split at a clause boundary, short neighbours are
merged, neighbours in a paragraph are swapped, some sentences are dropped and sentences from
another article are inserted. The aligner's links (rewrite sentence, source sentence) are
compared with the known ones.

    PYTHONPATH=src python scripts/bench_align.py [--limit N] [--seed 7] [--eval DIR]

``--sizes 200 1000 2000`` measures long inputs instead: a source of that many sentences
(the dev articles one after another, then the first sentences of the MRPC pairs, three to
a paragraph) and a rewrite made from it as above. For each size it times the aligner
against the exhaustive reference it must equal (``align_bags_exhaustive``, the original
code) on the same word bags, and, with ``--old REV``, the whole ``rewrite check`` command
of this checkout against the one of git revision REV, both in a subprocess on the same
files, saying whether their JSON reports are identical. The machine is shared: compare
the rows of one run only.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import Counter
from pathlib import Path

from rewrite_cli.clean import clean
from rewrite_cli.nlp import load_english
from rewrite_cli.read import read_bytes
from rewrite_cli.segment import segment
from rewrite_cli.verify.align import align_bags, align_sentences, sentence_bags
from rewrite_cli.verify.align_exhaustive import align_bags_exhaustive

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
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
    parser.add_argument("--sizes", type=int, nargs="+", help="long inputs of these many "
                        "source sentences, timed against the exhaustive aligner")
    parser.add_argument("--old", metavar="REV", help="with --sizes: also time `rewrite "
                        "check` of git revision REV against this checkout's")
    args = parser.parse_args()
    if args.sizes:
        bench_sizes(args.eval, args.sizes, args.seed, args.old)
        return
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


def long_source(eval_dir: Path) -> tuple[list[str], list[int]]:
    """Every dev article's sentences in turn, then MRPC first sentences (3 a paragraph)."""
    sentences: list[str] = []
    paragraphs: list[int] = []
    for line in (eval_dir / "cnndm_dev.jsonl").read_text().splitlines():
        row = json.loads(line)
        base = max(paragraphs, default=-1) + 1
        for s in segment(clean(read_bytes(row["article"].encode(), path=f"{row['id']}.txt"))):
            sentences.append(s.text)
            paragraphs.append(base + s.paragraph)
    base = max(paragraphs, default=-1) + 1
    seen = set(sentences)
    with (eval_dir / "mrpc_dev.tsv").open(newline="") as stream:
        for n, row in enumerate(csv.DictReader(stream, delimiter="\t", quoting=csv.QUOTE_NONE)):
            text = " ".join(row["#1 String"].split())
            if text not in seen:
                seen.add(text)
                sentences.append(text)
                paragraphs.append(base + n // 3)
    return sentences, paragraphs


def bench_sizes(eval_dir: Path, sizes: list[int], seed: int, old: str | None) -> None:
    """Time the aligner (and the whole check) on long inputs; see the module docstring."""
    pool, paragraphs = long_source(eval_dir)
    nlp = load_english()
    old_src = _old_source(old) if old else None
    print(f"pool of {len(pool)} source sentences")
    for size in sizes:
        if size > len(pool):
            print(f"{size}: only {len(pool)} source sentences available; skipped")
            continue
        source, paras = pool[:size], paragraphs[:size]
        rewrite, gold, _ = make_rewrite(source, paras, pool[-50:], {}, random.Random(seed))
        bags = sentence_bags([*source, *rewrite], nlp)
        src_bags, out_bags = bags[:size], bags[size:]
        started = time.perf_counter()
        new = align_bags(src_bags, out_bags)
        new_s = time.perf_counter() - started
        started = time.perf_counter()
        reference = align_bags_exhaustive(src_bags, out_bags)
        old_s = time.perf_counter() - started
        print(f"{size} source / {len(rewrite)} rewrite sentences: align {new_s:.2f} s, "
              f"exhaustive {old_s:.2f} s; same alignment: {new == reference}")
        for label, found in (("align", new), ("exhaustive", reference)):
            links = {(r, s) for a in found for r in a.rewrite for s in a.source}
            right = len(links & gold.keys())
            print(f"    {label}: precision {right / max(1, len(links)):.4f}, "
                  f"recall {right / len(gold):.4f} ({right} right of {len(links)} found, "
                  f"{len(gold)} wanted)")
        mine, theirs = _links_by_sentence(new), _links_by_sentence(reference)
        changed = sum(1 for r in range(len(rewrite)) if mine.get(r) != theirs.get(r))
        print(f"    rewrite sentences linked differently: {changed} of {len(rewrite)}")
        _time_check(source, rewrite, old_src)


def _links_by_sentence(alignments: list) -> dict[int, tuple[int, ...]]:
    """Rewrite sentence -> the source sentences it was linked to."""
    return {r: a.source for a in alignments for r in a.rewrite}


def _time_check(source: list[str], rewrite: list[str], old_src: Path | None) -> None:
    """Time ``rewrite check`` (new, and old when given) on the pair written as text files."""
    with tempfile.TemporaryDirectory() as tmp:
        src_file, out_file = Path(tmp, "source.txt"), Path(tmp, "rewrite.txt")
        src_file.write_text("\n\n".join(source) + "\n")
        out_file.write_text("\n\n".join(rewrite) + "\n")
        runs = [("this checkout", ROOT / "src")] + ([("old", old_src)] if old_src else [])
        reports = []
        for label, src in runs:
            env = {**os.environ, "PYTHONPATH": str(src)}
            started = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "rewrite_cli", "check", str(src_file),
                                   str(out_file), "--format", "json", "--allow-omissions"],
                                  env=env, capture_output=True, text=True)
            seconds = time.perf_counter() - started
            reports.append(done.stdout)
            tail = done.stderr.strip().splitlines()[-1:] if done.returncode not in (0, 3) else []
            print(f"    rewrite check ({label}): {seconds:.1f} s, exit {done.returncode}"
                  + (f" {tail}" if tail else ""))
        if len(reports) == 2:
            print(f"    same JSON report: {reports[0] == reports[1]}")


def _old_source(rev: str) -> Path:
    """The ``src`` folder of git revision ``rev``, unpacked once into a temporary folder."""
    folder = Path(tempfile.mkdtemp(prefix="bench-align-old-"))
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src"],
                             capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder / "src"


if __name__ == "__main__":
    main()
