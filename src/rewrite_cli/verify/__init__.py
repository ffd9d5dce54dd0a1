"""The verify stage: every engine candidate is checked against its source before publishing.

Checks are split by concern (numbers, dates, entities, quotes, meaning); ``FactChecker``
runs them all, ``select`` decides what is published, and the report records why.
"""

from rewrite_cli.verify.checker import ArticleContext, FactChecker
from rewrite_cli.verify.originality import measure_originality, sentence_originality
from rewrite_cli.verify.report import build_report, report_to_json

__all__ = [
    "ArticleContext",
    "FactChecker",
    "build_report",
    "measure_originality",
    "report_to_json",
    "sentence_originality",
]
