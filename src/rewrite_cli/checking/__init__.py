"""``rewrite check``: verify a rewrite anyone made against its source.

``compare`` aligns and verifies, ``report`` renders text or JSON, ``pairs`` reads the
``--pairs`` input, ``cli`` is the thin command.
"""

from rewrite_cli.checking.compare import CheckResult, QuoteProblem, SentenceVerdict, check_rewrite

__all__ = ["CheckResult", "QuoteProblem", "SentenceVerdict", "check_rewrite"]
