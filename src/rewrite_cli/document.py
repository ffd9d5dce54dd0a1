"""The plain data passed between pipeline stages.

Stages never share state except through these objects, so each stage can be tested
on hand-made values and engines stay interchangeable.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Source:
    """An outlet or page the facts come from; credited in the disclaimer."""

    name: str
    url: str | None = None


@dataclass(frozen=True)
class InputInfo:
    """Where the text came from, so outputs can be traced to their exact input."""

    path: str  # a file path, or "-" for standard input
    sha256: str  # of the raw bytes as read
    format: str  # "text" | "markdown" | "html"
    encoding: str


@dataclass
class Metadata:
    """What the input says about itself (front matter, HTML meta tags, an existing note)."""

    title: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None
    site_name: str | None = None
    sources: list[Source] = field(default_factory=list)


@dataclass
class Document:
    """An article after reading: a title and paragraphs of plain text."""

    title: str | None
    paragraphs: list[str]
    meta: Metadata
    input: InputInfo


@dataclass(frozen=True)
class Sentence:
    """One source sentence, with its place in the article (indices are global)."""

    text: str
    index: int
    paragraph: int


@dataclass(frozen=True)
class PlanUnit:
    """One piece of output to produce, tied to the source sentence(s) it must stay true to.

    ``text`` is what the engine should rephrase: usually the source sentence itself, or a
    compressed version of it that the planner proved safe (``compressed`` is then True).
    """

    sources: tuple[Sentence, ...]
    text: str
    paragraph: int
    compressed: bool = False


@dataclass
class Plan:
    """What the output will contain, in order, before any engine runs."""

    mode: str  # "rewrite" | "summary"
    units: list[PlanUnit]
    headline: str | None
    dropped: list[tuple[Sentence, str]] = field(default_factory=list)  # sentence, why


@dataclass(frozen=True)
class Candidate:
    """One engine proposal for a plan unit; ``origin`` says how it was made."""

    text: str
    origin: str  # e.g. "model", "transform:attribution", "compress"


@dataclass(frozen=True)
class Exchange:
    """One request to a chat server about a unit: what was asked, answered and found.

    ``asked`` and ``answered`` are the unit's text as the model saw it (facts as
    placeholders) and the answer sentence(s) aligned to it; ``candidate`` is the answer
    with the facts restored (None when it could not be); ``findings`` are the fact
    checker's (empty = supported). ``request`` numbers the requests of one article, so
    sentences rewritten in one passage share it; ``retry`` marks the feedback request.
    """

    request: int
    asked: str
    answered: str | None
    candidate: str | None
    findings: tuple[str, ...] = ()
    retry: bool = False


@dataclass
class Draft:
    """The candidates an engine proposes for one plan unit (may be empty: keep the source)."""

    unit: PlanUnit
    candidates: list[Candidate]
    exchanges: list[Exchange] = field(default_factory=list)  # server engine only


@dataclass(frozen=True)
class Finding:
    """Why a candidate is not supported by its source: a reason code and the offending span."""

    reason: str
    span: str
    detail: str = ""


@dataclass(frozen=True)
class Vouch:
    """The claim judge's word on a rewrite whose only findings were about wording:
    its score, and the word-level findings it overruled (kept for the report)."""

    score: float
    overruled: tuple[Finding, ...] = ()


@dataclass
class Rejection:
    candidate: str
    origin: str
    findings: list[Finding]


@dataclass
class VerifiedSentence:
    """An output sentence as published, with the evidence behind it."""

    text: str
    sources: list[str]
    paragraph: int
    status: str  # "rewritten" | "compressed" | "kept"
    origin: str = "source"
    rejected: list[Rejection] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # unresolved problems (whole-chunk)
    credits: list[str] = field(default_factory=list)  # outlets stating it (--combine)
    partly_credits: list[str] = field(default_factory=list)  # outlets stating part of it
    exchanges: list[Exchange] = field(default_factory=list)  # requests that led here
    vouched: Vouch | None = None  # the claim judge accepted its wording (see verify.judge)


@dataclass
class Originality:
    """How much of the output is new wording rather than copied source text."""

    novel_bigram_ratio: float
    longest_copied_span: int  # in words
    verbatim_share: float  # share of output sentences identical to a source sentence


@dataclass
class Report:
    sentences: list[VerifiedSentence]
    originality: Originality
    dropped: int = 0
    conflicts: list[dict] = field(default_factory=list)  # facts the sources disagree on

    @property
    def unsupported(self) -> list[dict[str, str]]:
        return [
            {"sentence": s.text, "reason": f.reason, "span": f.span}
            for s in self.sentences
            for f in s.findings
        ]

    def count(self, status: str) -> int:
        return sum(1 for s in self.sentences if s.status == status)


@dataclass
class Rewrite:
    """The finished article: what render/write turn into text, Markdown or JSON."""

    headline: str
    paragraphs: list[str]
    disclaimer: str
    disclaimer_position: str  # "top" | "bottom"
    sources: list[Source]
    mode: str
    engine: str
    model: str | None
    input: InputInfo
    report: Report
    timings: dict[str, float] = field(default_factory=dict)
    engine_stats: dict[str, float] = field(default_factory=dict)  # tokens, tokens/s, ...
    notes: list[str] = field(default_factory=list)  # about the engine, shown by --report

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)
