"""The verification report: what was rewritten, what was kept, and why candidates failed."""

from __future__ import annotations

from rewrite_cli.document import Exchange, Report, Sentence, VerifiedSentence, Vouch
from rewrite_cli.verify.originality import measure_originality


def build_report(sentences: list[VerifiedSentence], source_sentences: list[Sentence],
                 dropped: int) -> Report:
    """Attach originality figures (output against the whole source) to the verified sentences."""
    originality = measure_originality([s.text for s in sentences],
                                      [s.text for s in source_sentences])
    return Report(sentences=sentences, originality=originality, dropped=dropped)


def report_to_json(report: Report) -> dict:
    """The report as plain JSON data for ``--format json`` and logs.

    An article combined from several reports adds, per sentence, the outlets that state
    it (``sources``, and ``partly_sources`` for those stating part of it), and the
    facts the reports disagree on (``conflicts``).
    """
    o = report.originality
    data = {
        "counts": {
            "sentences": len(report.sentences),
            "rewritten": report.count("rewritten"),
            "compressed": report.count("compressed"),
            "kept": report.count("kept"),
        },
        "dropped": report.dropped,
        "unsupported": report.unsupported,
        "novel_bigram_ratio": o.novel_bigram_ratio,
        "longest_copied_span": o.longest_copied_span,
        "verbatim_share": o.verbatim_share,
        "sentences": [
            {
                "text": s.text,
                "source": list(s.sources),
                "status": s.status,
                "origin": s.origin,
                "rejected": [
                    {
                        "candidate": r.candidate,
                        "origin": r.origin,
                        "reasons": [
                            {"reason": f.reason, "span": f.span, "detail": f.detail}
                            for f in r.findings
                        ],
                    }
                    for r in s.rejected
                ],
                **({"requests": [_exchange_json(e) for e in s.exchanges]} if s.exchanges else {}),
                **({"vouched": _vouch_json(s.vouched)} if s.vouched else {}),
            }
            for s in report.sentences
        ],
    }
    if any(s.credits for s in report.sentences):
        for entry, s in zip(data["sentences"], report.sentences, strict=True):
            entry["sources"] = list(s.credits)
            entry["partly_sources"] = list(s.partly_credits)
        data["conflicts"] = report.conflicts
    return data


def _vouch_json(vouch: Vouch) -> dict:
    """Why a rewrite with wording findings was published: the judge's score, and what the
    word-level rules said about it."""
    return {
        "judge_score": vouch.score,
        "overruled": [{"reason": f.reason, "span": f.span, "detail": f.detail}
                      for f in vouch.overruled],
    }


def _exchange_json(exchange: Exchange) -> dict:
    return {
        "request": exchange.request,
        "retry": exchange.retry,
        "asked": exchange.asked,
        "answered": exchange.answered,
        "candidate": exchange.candidate,
        "findings": list(exchange.findings),
    }
