"""The plan stage: decide which source sentences the output will contain, in what order.

Planning before generation keeps engines simple and output traceable: every output
sentence is tied to the source sentence it must stay true to, and everything left out
is recorded with a reason. Rewrite mode keeps the article and removes page junk;
summary mode keeps the most salient sentences. Both may shorten a sentence, but only by
deletions that cannot change what it claims (see ``compress``).
"""

from __future__ import annotations

import math
import re

from rewrite_cli.document import Document, Plan, PlanUnit, Sentence
from rewrite_cli.rank import rank_sentences

MODES = ("rewrite", "summary")

_JUNK_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "attribution note",
        re.compile(r"^note:\s+this (article|content)\b|has been independently rewritten", re.I),
    ),
    (
        "link or promotion",
        re.compile(
            r"scroll down for (the )?video|click here|^read more\b|^related:|"
            r"^(watch|see) the video\b|^share this\b|^follow us\b|^sign up\b|^subscribe\b|"
            r"^advertisement\.?$|^post a comment\b|previous post|next post|^write caption here\b|"
            r"^please select embedded mode",
            re.I,
        ),
    ),
    (
        "byline",
        re.compile(
            r"^(?i:by)\s*\.?$|"
            r"^(?i:by)\s*\.?\s+[A-Z][\w.'’-]*(\s+(and|for)?\s*[A-Z][\w.'’-]*){0,4}\s*\.?$"
        ),
    ),
    ("dateline", re.compile(r"^\|?\s*\.?$|^(published|updated)\s*:\s*\.?$", re.I)),
    (
        "dateline",
        re.compile(r"^(published|updated|last updated)\s*(at|on)?\s*:?\s*\.?\s*\d[^.]*\.?$", re.I),
    ),
    ("dateline", re.compile(r"^\d{1,2}:\d{2}\b[^.]{0,40}\d{4}\s*\.?$")),
    (
        "dateline",
        re.compile(r"^[A-Z][A-Z.,'-]+(\s+[A-Z][A-Z.,'-]*){0,3}\s*(\([\w .]+\))?\s*(--|—|–)?$"),
    ),
    ("credit", re.compile(r"contributed to this report|^e-?mail to a friend\b", re.I)),
    (
        "photo caption",
        re.compile(
            r"^\(?(photo|picture|pictured|image|video|credit|caption)s?\s*:|"
            r"^\((photo|picture|image)s?\b[^)]*\)\s*\.?$",
            re.I,
        ),
    ),
)
# DailyMail-style captions: "Label: text ." or "... (pictured) ... ." (note the spaced stop).
_CAPTION_LABEL = re.compile(r"^[A-Z][\w'’-]*(\s+[A-Z&][\w'’-]*){0,3}\s*:\s+\S.*\s\.$")
_CAPTION_MARK = re.compile(r"\((pictured|left|right|centre|center|above|below|inset)\b", re.I)
_BYLINE_NAME = re.compile(r"^(and\s+)?[A-Z][\w'’-]*(\s+(and|for|[A-Z][\w'’-]*)){0,5}\s*\.$")

# Deletions that never change a sentence's claims.
_DATELINE_PREFIX = re.compile(
    r"^(?:[A-Z][\w.'’-]*(?:[ ,]+[A-Z][\w.'’-]*){0,3}\s*)?"
    r"\((?:CNN|AP|AFP|Reuters|UPI|EW\.com|CNNMoney)\)\s*(?:--|—|–|-)?\s*"
    r"|^[A-Z]{3,}(?:[ ,]+[A-Z]{2,}){0,2}\s+(?:--|—|–)\s+"
)
_MARKER_PARENS = re.compile(
    r"\s*\((?:pictured|left|right|centre|center|above|below|inset|file photo|file)"
    r"(?:\s+(?:left|right|centre|center|above|below))?\)",
    re.I,
)
_PARENS = re.compile(r"\s*\([^()]{1,80}\)")
_FILLERS = re.compile(
    r"^(?:(?:however|meanwhile|moreover|furthermore|additionally|in addition|indeed|"
    r"of course|in fact|now|also|still|so),|but|and)\s+(?=\S)",
    re.I,
)
_STRAY_STOP = re.compile(r"(?<=\w)\s\.(?=\s+\w)|\s+(?=\.$)")
_SPACE_BEFORE_MARK = re.compile(r"(?<=[\w'\"’”)\]%])\s+(?=[,;:!?]+(?:\s|$)|\.$)")
_PROTECTED = re.compile(
    r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without|cannot|can|could|may|"
    r"might|must|shall|should|will|would|allegedly|reportedly|suspected|possibly|probably|"
    r"likely|unlikely|apparently|denied|deny|denies|claimed|claims|if|unless)\b|n['’]t\b",
    re.I,
)
_WORD = re.compile(r"[a-z0-9]+")
_DASH = re.compile(r"\s+(?:-|--|–|—)\s+")


def make_plan(
    document: Document, sentences: list[Sentence], *, mode: str, n_sentences: int | None
) -> Plan:
    """Plan the output: ``rewrite`` keeps every real sentence, ``summary`` the top ones.

    Dropped sentences are kept in ``plan.dropped`` with the reason, so the report can
    show the user exactly what was left out and why.
    """
    if mode not in MODES:
        raise ValueError(f"unknown plan mode {mode!r}")
    dropped = _junk(sentences)
    dropped_at = {s.index for s, _ in dropped}
    content = [s for s in sentences if s.index not in dropped_at]
    if mode == "summary":
        chosen, redundant = _select_summary(content, n_sentences)
        dropped.extend((s, "near-duplicate of a chosen sentence") for s in redundant)
    else:
        chosen = content
    units = [_unit(s, mode=mode) for s in chosen]
    dropped.sort(key=lambda item: item[0].index)
    return Plan(mode=mode, units=units, headline=_headline(document, content), dropped=dropped)


def default_summary_length(n_words: int) -> int:
    """How many sentences a summary gets: 3 for a short article, slowly more for long ones."""
    if n_words <= 600:
        return 3
    return min(8, 3 + math.floor(math.log2(n_words / 600)))


def junk_reason(text: str) -> str | None:
    """Why a sentence is page furniture rather than article content (None if it is content)."""
    stripped = text.strip()
    for reason, pattern in _JUNK_RULES:
        if pattern.search(stripped):
            return reason
    if _CAPTION_LABEL.match(stripped) or (
        _CAPTION_MARK.search(stripped) and stripped.endswith(" .")
    ):
        return "photo caption"
    if stripped.endswith(" .") and len(stripped.split()) <= 5:
        return "subheading"
    return None


def compress(text: str, *, mode: str = "summary") -> str:
    """Shorten a sentence by deletions that cannot change its claims.

    Both modes remove a leading dateline (``LONDON (CNN) --``) and photo markers such as
    ``(pictured)``. Summary mode also removes other parentheticals and leading discourse
    fillers (``However,``). Nothing inside quotation marks is touched, and no deleted span
    may hold a negation, modal or hedge, so "may have" never becomes "has".
    """
    out = _DATELINE_PREFIX.sub("", text, count=1)
    out = _delete_outside_quotes(out, _MARKER_PARENS)
    if mode == "summary":
        out = _delete_outside_quotes(out, _PARENS)
        filler = _FILLERS.match(out)
        if filler and not _PROTECTED.search(filler.group(0)):
            out = out[filler.end() :]
    out = _STRAY_STOP.sub("", out).strip()
    if not out or len(_WORD.findall(out.lower())) < 4:
        return text
    return out[0].upper() + out[1:]


def _junk(sentences: list[Sentence]) -> list[tuple[Sentence, str]]:
    """Page furniture and repeated sentences, each with its reason."""
    dropped: list[tuple[Sentence, str]] = []
    seen: set[str] = set()
    after_byline = False
    for sentence in sentences:
        if after_byline and _BYLINE_NAME.match(sentence.text.strip()):
            reason: str | None = "byline"
        else:
            reason = junk_reason(sentence.text)
        key = " ".join(_WORD.findall(sentence.text.lower()))
        if reason is None and key in seen:
            reason = "duplicate"
        after_byline = reason == "byline"
        if reason:
            dropped.append((sentence, reason))
        else:
            seen.add(key)
    return dropped


def _select_summary(
    content: list[Sentence], n_sentences: int | None
) -> tuple[list[Sentence], list[Sentence]]:
    """The top-ranked sentences in source order, skipping near-repeats of chosen ones."""
    if not content:
        return [], []
    n_words = sum(len(s.text.split()) for s in content)
    wanted = n_sentences or default_summary_length(n_words)
    scores = rank_sentences(content)
    order = sorted(range(len(content)), key=lambda i: (-(scores[i] * _fitness(content[i])), i))
    chosen: list[Sentence] = []
    redundant: list[Sentence] = []
    for i in order:
        if len(chosen) == wanted:
            break
        candidate = content[i]
        if any(_overlap(candidate.text, c.text) > 0.6 for c in chosen):
            redundant.append(candidate)
            continue
        chosen.append(candidate)
    chosen.sort(key=lambda s: s.index)
    return chosen, redundant


def _fitness(sentence: Sentence) -> float:
    """Down-weight sentences that make poor summary lines (fragments, captions, questions)."""
    words = len(sentence.text.split())
    weight = 1.0
    if words < 6:
        weight *= 0.3
    elif words > 55:
        weight *= 0.6
    text = sentence.text.strip()
    if text.endswith("?"):
        weight *= 0.5
    if text.endswith(" ."):
        weight *= 0.8
    return weight


def _overlap(a: str, b: str) -> float:
    """Share of the shorter sentence's words that the other one repeats."""
    wa, wb = set(_WORD.findall(a.lower())), set(_WORD.findall(b.lower()))
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def tidy_spacing(text: str) -> str:
    """Mend the spacing scraped pages put before punctuation ("repair ." -> "repair.").

    Only spaces go; every word and mark stays. Kept apart from ``compress`` so that a
    sentence that merely lost such a space is reported as kept, not compressed.
    """
    return _SPACE_BEFORE_MARK.sub("", text.strip())


def removes_words(shorter: str, text: str) -> bool:
    """Whether ``shorter`` lost words of ``text`` (case, spacing and stray dots aside)."""
    return _WORD.findall(shorter.lower()) != _WORD.findall(text.lower())


def _unit(sentence: Sentence, *, mode: str) -> PlanUnit:
    text = tidy_spacing(sentence.text)
    shorter = compress(text, mode=mode)
    return PlanUnit(
        sources=(sentence,),
        text=shorter,
        paragraph=sentence.paragraph,
        compressed=removes_words(shorter, text),
    )


def _headline(document: Document, content: list[Sentence]) -> str | None:
    """The document's own title, else the lead sentence (its first dash-separated part).

    Cutting at a dash drops a whole trailing clause; cutting at a comma could leave a
    dangling subordinate clause ("More than two decades after X announced ..."), so the
    lead is otherwise kept whole and a model engine may propose something shorter.
    """
    if document.title and document.title.strip():
        return " ".join(document.title.split())
    if not content:
        return None
    lead = " ".join(compress(content[0].text, mode="summary").split()).rstrip(" .")
    if len(lead.split()) > 20:
        head = _DASH.split(lead, maxsplit=1)[0]
        if head != lead and len(head.split()) >= 6:
            return head
    return lead


def _delete_outside_quotes(text: str, pattern: re.Pattern[str]) -> str:
    """Remove every match of ``pattern`` that is outside quotes and holds no protected word."""
    inside = _quoted_mask(text)
    pieces: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        span = match.group(0)
        if any(inside[match.start() : match.end()]) or _PROTECTED.search(span):
            continue
        pieces.append(text[last : match.start()])
        last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)


def _quoted_mask(text: str) -> list[bool]:
    """For each character, whether it lies inside a quotation (curly or straight quotes).

    An apostrophe inside a word (``Titley’s``) neither opens nor closes a quotation.
    """
    mask = [False] * len(text)
    double = single = False
    for i, ch in enumerate(text):
        before = double or single
        prev_word = i > 0 and text[i - 1].isalnum()
        next_word = i + 1 < len(text) and text[i + 1].isalnum()
        if ch == "“":
            double = True
        elif ch == "”":
            double = False
        elif ch == '"':
            double = not double
        elif ch in "‘'" and not prev_word and next_word:
            single = True
        elif ch in "’'" and not next_word:
            single = False
        mask[i] = before or double or single
    return mask
