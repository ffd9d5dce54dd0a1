"""``rewrite check``'s result as text for a person or JSON for a program.

For this command the report *is* the result, so it goes to stdout; the text form leads
with the verdict and lists problems under the sentence they belong to, so a person reads
what is wrong without reading what is fine twice.
"""

from __future__ import annotations

from rewrite_cli.checking.compare import CheckResult, SentenceVerdict


def to_json(result: CheckResult) -> dict:
    """The result as plain JSON data (also the body of every ``--pairs`` verdict line)."""
    o = result.originality
    return {
        "supported": result.supported,
        "counts": {
            "sentences": len(result.sentences),
            "supported": sum(1 for s in result.sentences if s.supported),
            "unsupported": len(result.unsupported),
            "omitted_source_sentences": len(result.omitted),
            "quote_problems": len(result.quotes),
        },
        "novel_bigram_ratio": o.novel_bigram_ratio,
        "longest_copied_span": o.longest_copied_span,
        "copied_span": result.copied_span,
        "verbatim_share": o.verbatim_share,
        "sentences": [_sentence_json(s, result) for s in result.sentences],
        "quotes": [{"quote": q.text, "problem": q.problem, "source": q.source}
                   for q in result.quotes],
        "omitted": [{"index": i, "text": result.source[i].text} for i in result.omitted],
    }


def _sentence_json(s: SentenceVerdict, result: CheckResult) -> dict:
    return {
        "index": s.index + 1,
        "text": s.text,
        "supported": s.supported,
        "match": s.match,
        "sources": [{"index": i + 1, "text": result.source[i].text} for i in s.sources],
        "findings": [{"reason": f.reason, "span": f.span, "detail": f.detail}
                     for f in s.findings],
        "left_out": [{"reason": f.reason, "span": f.span, "detail": f.detail}
                     for f in s.left_out],
        "copied_words": s.copied_words,
        "novel_bigram_ratio": s.novel_bigram_ratio,
    }


def to_text(result: CheckResult) -> str:
    """A readable report: verdict, one line per sentence, problems indented beneath."""
    n = len(result.sentences)
    bad = len(result.unsupported)
    head = (f"SUPPORTED: all {n} sentences of the rewrite are supported by the source"
            if result.supported else
            f"UNSUPPORTED: {bad} of {n} sentences" + (
                f", {len(result.quotes)} quotation(s)" if result.quotes else "")
            + " not supported by the source")
    lines = [head, ""]
    for s in result.sentences:
        where = ", ".join(str(i + 1) for i in s.sources) or "-"
        mark = "ok " if s.supported else "NO "
        lines.append(f"{s.index + 1:>3} {mark} [{s.match}; source {where}] {s.text}")
        shown: set[tuple[str, str]] = set()
        for f in s.findings:
            if (f.reason, f.span) in shown:
                continue
            shown.add((f.reason, f.span))
            detail = f": {f.detail}" if f.detail else ""
            lines.append(f"        {f.reason} \"{f.span}\"{detail}")
        if s.left_out:
            spans = ", ".join(dict.fromkeys(f'"{f.span}"' for f in s.left_out))
            lines.append(f"        left out (allowed): {spans}")
    if result.quotes:
        lines += ["", "Quotations not in the source:"]
        for q in result.quotes:
            was = f" (source: \"{q.source}\")" if q.source else ""
            lines.append(f"    {q.problem} quote \"{q.text}\"{was}")
    if result.omitted:
        lines += ["", "Source sentences with no counterpart (omitted, allowed):"]
        lines += [f"    {i + 1}. {result.source[i].text}" for i in result.omitted]
    o = result.originality
    lines += [
        "",
        f"New word pairs: {o.novel_bigram_ratio:.0%}; longest copied span: "
        f"{o.longest_copied_span} words"
        + (f" (\"{result.copied_span}\")" if result.copied_span else "")
        + f"; sentences identical to the source: {o.verbatim_share:.0%}",
    ]
    return "\n".join(lines) + "\n"
