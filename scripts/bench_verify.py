"""Measure the verify stage from both sides in one run: does it publish faithful
paraphrases, and does it stop changed claims?

A pair counts as accepted when ``FactChecker.select`` would publish the rewrite with status
"rewritten" (the call the pipeline makes for every engine's candidates). Sets:

- ``paraphrase_dev.jsonl``: hand-written faithful paraphrases (label 1) and paraphrases with
  one changed claim (label 0, by ``error`` type);
- ``mrpc_dev.tsv``: Microsoft Research Paraphrase Corpus pairs (label 0 = not paraphrases);
- the mutation script's one-fact mutations and meaning-preserving edits (its own code).

    python scripts/bench_verify.py [--origin model] [--json OUT] [--show N] [--skip-mutations]
                                   [--judge-dir DIR] [--judge-threshold T]

``--judge-dir`` measures a trained claim judge (``scripts/train_judge.py``) by the gate
``FactChecker(judge=...)`` applies: it may overrule wording-only findings, never a fact's.
Without it, the rule checks alone, as the pipeline runs them.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import mutations

from rewrite_cli.document import Candidate, Draft, PlanUnit, Sentence
from rewrite_cli.verify import FactChecker


def _eval_dir() -> Path:
    """The shared evaluation folder beside the checkout (worktrees sit one level deeper)."""
    for parent in Path(__file__).resolve().parents:
        if (parent / "shared" / "eval").is_dir():
            return parent / "shared" / "eval"
    return Path(__file__).resolve().parents[2] / "shared" / "eval"


EVAL = _eval_dir()
PARAPHRASES = EVAL / "paraphrase_dev.jsonl"
MRPC = EVAL / "mrpc_dev.tsv"
ARTICLES = EVAL / "cnndm_dev.jsonl"


class CachedNLP:
    """The spaCy pipeline with a DocBin cache on disk, so repeated runs skip the parsing.

    Only for development: the checks still read every fact from the cached parses.
    """

    def __init__(self, nlp, path: Path | None) -> None:
        from spacy.tokens import DocBin

        self.nlp, self.path, self.docs = nlp, path, {}
        self.dirty = False
        if path is not None and path.is_file():
            docbin = DocBin().from_bytes(path.read_bytes())
            self.docs = {d.text: d for d in docbin.get_docs(nlp.vocab)}

    def __call__(self, text: str):
        return next(iter(self.pipe([text])))

    def pipe(self, texts):
        texts = list(texts)
        todo = [t for t in dict.fromkeys(texts) if t not in self.docs]
        for text, doc in zip(todo, self.nlp.pipe(todo), strict=True):
            self.docs[text] = doc
            self.dirty = True
        return [self.docs[t] for t in texts]

    def save(self) -> None:
        from spacy.tokens import DocBin

        if self.path is not None and self.dirty:
            docbin = DocBin(store_user_data=False, docs=self.docs.values())
            self.path.write_bytes(docbin.to_bytes())


@dataclass
class Tally:
    """Accepted flags per group, with the rejected faithful / accepted changed examples."""

    accepted: dict[str, list[bool]] = field(default_factory=lambda: defaultdict(list))
    examples: list[dict] = field(default_factory=list)

    def add(self, group: str, ok: bool, example: dict | None = None) -> None:
        self.accepted[group].append(ok)
        if example is not None:
            self.examples.append(example)

    def share(self, group: str) -> float:
        xs = self.accepted[group]
        return sum(xs) / len(xs) if xs else float("nan")


def accepts(checker: FactChecker, source: str, rewrite: str, context: list[Sentence],
            origin: str) -> tuple[bool, list]:
    """Whether the pipeline would publish ``rewrite`` for ``source``, and why not."""
    unit_sentence = next((s for s in context if s.text == source), None)
    if unit_sentence is None:
        unit_sentence = Sentence(source, len(context), 0)
        context = [*context, unit_sentence]
    ctx = checker.context(context)
    unit = PlanUnit((unit_sentence,), source, 0)
    draft = Draft(unit, [Candidate(rewrite, origin)])
    result = checker.verify([draft], ctx)[0]
    findings = [f for r in result.rejected for f in r.findings]
    return result.status == "rewritten", findings


def _articles(nlp) -> dict[str, list[Sentence]]:
    out = {}
    with ARTICLES.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            out[row["id"]] = mutations.split_sentences(nlp, row["article"])
    return out


def bench_paraphrases(checker: FactChecker, origin: str) -> Tally:
    tally = Tally()
    articles = _articles(checker.nlp)
    with PARAPHRASES.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    for row in rows:
        context = articles.get(row["article_id"], [])
        ok, findings = accepts(checker, row["source"], row["rewrite"], context, origin)
        group = "label 1" if row["label"] == 1 else f"label 0: {row['error']}"
        wrong = ok != (row["label"] == 1)
        example = None
        if wrong:
            example = {"set": "paraphrase", "id": row["id"], "group": group,
                       "source": row["source"], "rewrite": row["rewrite"],
                       "findings": [(f.reason, f.span, f.detail) for f in findings]}
        tally.add(group, ok, example)
        if row["label"] == 0:
            tally.accepted["label 0"].append(ok)
    return tally


def bench_mrpc(checker: FactChecker, origin: str) -> Tally:
    tally = Tally()
    with MRPC.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
    for row in rows:
        label, _, _, first, second = row[:5]
        ok, _ = accepts(checker, first, second, [], origin)
        group = f"label {label}"
        example = None
        if ok and label == "0":
            example = {"set": "mrpc", "group": group, "source": first, "rewrite": second,
                       "findings": []}
        tally.add(group, ok, example)
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--origin", default="model",
                        help="the candidate's origin, e.g. model or transform:voice")
    parser.add_argument("--json", type=Path, help="write the figures and misjudged pairs here")
    parser.add_argument("--show", type=int, default=0, help="print N misjudged pairs per group")
    parser.add_argument("--skip-mutations", action="store_true")
    parser.add_argument("--skip-mrpc", action="store_true")
    parser.add_argument("--per-kind", type=int, default=40)
    parser.add_argument("--cache", type=Path,
                        help="keep the parses in this file between runs (development)")
    parser.add_argument("--judge-dir", type=Path, help="a trained claim judge's folder")
    parser.add_argument("--judge-threshold", type=float, help="override the judge's threshold")
    args = parser.parse_args(argv)
    from rewrite_cli.nlp import load_english
    from rewrite_cli.verify.judge import ClaimJudge

    cached = CachedNLP(load_english(), args.cache)
    judge = None
    if args.judge_dir is not None:
        if not ClaimJudge.available(args.judge_dir):
            parser.error(f"no claim judge in {args.judge_dir}")
        judge = ClaimJudge(args.judge_dir, args.judge_threshold)
        print(f"claim judge on, threshold {judge.threshold:.4f}")
    else:
        print("claim judge off: the rule checks alone")
    checker = FactChecker(nlp=cached, judge=judge)
    figures: dict[str, float | int] = {}
    ok = True

    para = bench_paraphrases(checker, args.origin)
    print(f"{'paraphrase_dev':<34} {'n':>4} {'accepted':>9}  target")
    for group in sorted(para.accepted, key=lambda g: (g != "label 1", g != "label 0", g)):
        share = para.share(group)
        if group == "label 1":
            target, good = ">= 60%", share >= 0.60
        elif group == "label 0":
            target, good = "<= 3%", share <= 0.03
        else:
            target, good = "<= 5%", share <= 0.05
        ok &= good
        figures[f"paraphrase {group}"] = share
        print(f"{group:<34} {len(para.accepted[group]):>4} {share:>9.1%}  {target}")
    examples = list(para.examples)

    if not args.skip_mrpc:
        mrpc = bench_mrpc(checker, args.origin)
        print(f"\n{'mrpc_dev':<34} {'n':>4} {'accepted':>9}  target")
        for group, target in (("label 0", "<= 2%"), ("label 1", "(report)")):
            share = mrpc.share(group)
            figures[f"mrpc {group}"] = share
            if group == "label 0":
                ok &= share <= 0.02
            print(f"{group:<34} {len(mrpc.accepted[group]):>4} {share:>9.1%}  {target}")
        examples += mrpc.examples

    if not args.skip_mutations:
        results = mutations.run(checker, mutations.load_articles(ARTICLES), args.per_kind)
        print(f"\n{'mutations (caught)':<34} {'n':>4} {'caught':>9}  target")
        for kind in mutations.MUTATION_KINDS:
            target = 0.95 if kind in mutations.STRICT_KINDS else 0.80
            rate = results.rate(kind)
            ok &= rate >= target
            figures[f"mutation {kind}"] = rate
            print(f"{kind:<34} {len(results.caught[kind]):>4} {rate:>9.1%}  >= {target:.0%}")
        for kind in mutations.PARAPHRASE_KINDS:
            xs = results.alarms[kind]
            figures[f"false alarm {kind}"] = sum(xs) / max(len(xs), 1)
            print(f"{'false alarm: ' + kind:<34} {len(xs):>4} {sum(xs) / max(len(xs), 1):>9.1%}")
        fa = results.false_alarm_rate()
        ok &= fa <= 0.10
        figures["false alarm rate"] = fa
        print(f"{'false-alarm rate':<34} {'':>4} {fa:>9.1%}  <= 10%")
        for kind, src, new, flagged in results.cases:
            wrong = flagged != (kind in mutations.MUTATORS)
            if wrong:
                examples.append({"set": "mutations", "group": kind, "source": src,
                                 "rewrite": new, "findings": []})

    cached.save()
    if args.show:
        shown: dict[str, int] = defaultdict(int)
        for ex in examples:
            key = f"{ex['set']} {ex['group']}"
            if shown[key] < args.show:
                shown[key] += 1
                print(f"\n[{key}] SOURCE: {ex['source']}\n    REWRITE: {ex['rewrite']}")
                if ex["findings"]:
                    print(f"    FOUND: {ex['findings'][:4]}")
    if args.json:
        args.json.write_text(json.dumps({"origin": args.origin, "judge": judge is not None,
                                         "figures": figures,
                                         "misjudged": examples}, indent=1), encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
