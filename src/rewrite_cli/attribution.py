"""Who gets credit, and what the note may truthfully say about how the text was made.

The disclaimer is a claim to readers, so both halves are derived from evidence rather than
chosen by the caller: the sources come from the user, the input's own metadata, and
attribution phrases in the text; the wording about rewriting comes from the measured
originality of the output. Every engine goes through ``disclaimer()``, so no engine can
claim "independently rewritten" for text it copied.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from urllib.parse import urlparse

from rewrite_cli.document import Document, Originality, Source
from rewrite_cli.errors import UsageError

# A text may only be called "independently rewritten" when at least this share of its
# sentences passed the fact check as rewrites AND this share of its word pairs is new.
# Below REWRITTEN_SHARE it is honest to say only that parts were rewritten; with almost no
# new wording the text is a selection of the source's own passages.
REWRITTEN_SHARE = 0.5
REWRITTEN_NOVEL_BIGRAMS = 0.35
PARTLY_SHARE = 0.15

TREATMENTS = {
    "rewritten": "The content has been independently rewritten for informational purposes only.",
    "partly": (
        "Some sentences have been rewritten and the rest keep the original wording; "
        "the content is provided for informational purposes only."
    ),
    "selected": (
        "Key passages were selected from the original text and are reproduced largely "
        "word for word for informational purposes only."
    ),
}

DEFAULT_TEMPLATE = (
    "Note: This article summarizes publicly reported facts from {sources}. {treatment}"
)
UNNAMED_TEMPLATE = "Note: This article summarizes {sources}. {treatment}"
PLACEHOLDERS = ("{sources}", "{treatment}")

# Outlets are recognised in the text only in attribution frames ("according to X",
# "told X", "X reported") and only when the name is a known outlet or looks like one,
# so a person quoted by name is never credited as a news source.
KNOWN_OUTLETS = (
    "ABC News", "AFP", "Agence France-Presse", "Al Jazeera", "AP", "Associated Press", "Axios",
    "BBC", "BBC News", "Bloomberg", "CBS News", "CNBC", "CNN", "Daily Mail", "Deutsche Welle",
    "DW", "Fox News", "Financial Times", "Le Monde", "MSNBC", "NBC News", "NPR", "Politico",
    "Reuters", "Sky News", "The Associated Press", "The Economist", "The Guardian",
    "The New York Times", "The Times", "The Wall Street Journal", "The Washington Post",
    "The Telegraph", "USA Today", "Xinhua",
)
_OUTLET_WORDS = (
    "News", "Times", "Post", "Journal", "Telegraph", "Guardian", "Herald", "Tribune", "Gazette",
    "Daily", "Press", "Radio", "Television", "TV", "Broadcasting", "Agency", "Magazine",
    "Network", "Chronicle", "Observer", "Independent", "Mirror", "Express", "Standard",
)
_NAME = r"((?:the\s+)?(?:[A-Z][\w&.'-]*)(?:\s+(?:of\s+)?[A-Z][\w&.'-]*){0,4})"
_FRAMES = (
    re.compile(r"\baccording to " + _NAME),
    re.compile(r"\b(?:told|said to|speaking to|in an interview with) " + _NAME),
    re.compile(_NAME + r" (?:reported|reports|has reported|first reported|said in a report)\b"),
    re.compile(r"\(" + _NAME + r"\)\s*(?:--|—|–)"),
)


@dataclass(frozen=True)
class Attribution:
    sources: list[Source]
    disclaimer: str
    treatment: str  # "rewritten" | "partly" | "selected"


def collect_sources(user_sources: Iterable[str], document: Document) -> list[Source]:
    """Credit, in order: ``--source`` names, the input's own metadata, outlets named in it."""
    found: list[Source] = [Source(name.strip()) for name in user_sources if name.strip()]
    found += document.meta.sources
    if document.meta.site_name:
        found.append(Source(document.meta.site_name, document.meta.url))
    elif document.meta.url and not found:
        # The host stands in for a publisher no one named: next to a named one ("Source:
        # Northshire Gazette" above "URL: https://example.org/...") it is the same
        # publisher, and crediting both made one article "multiple news sources".
        host = urlparse(document.meta.url).hostname
        if host:
            found.append(Source(host.removeprefix("www."), document.meta.url))
    found += sources_named_in(" ".join(document.paragraphs))
    return _dedupe(found, document.meta.url)


def sources_named_in(text: str) -> list[Source]:
    """News outlets the text itself attributes facts to ("told the BBC", "Reuters reported")."""
    known = {name.lower(): name for name in KNOWN_OUTLETS}
    names: list[Source] = []
    for frame in _FRAMES:
        for match in frame.finditer(text):
            name = match.group(1).strip().rstrip(".")
            bare = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
            canonical = known.get(bare.lower()) or known.get(name.lower())
            if canonical:
                names.append(Source(canonical))
            elif any(word in bare.split() for word in _OUTLET_WORDS):
                names.append(Source(bare))
    return names


def _dedupe(sources: list[Source], url: str | None) -> list[Source]:
    seen: dict[str, Source] = {}
    for source in sources:
        key = re.sub(r"^the\s+", "", source.name.lower()).strip()
        if key and key not in seen:
            seen[key] = source
        elif key and seen[key].url is None and source.url:
            seen[key] = Source(seen[key].name, source.url)
    return list(seen.values())


def treatment_for(originality: Originality, rewritten_share: float) -> str:
    """The one place that decides whether the text may be called rewritten."""
    if (
        rewritten_share >= REWRITTEN_SHARE
        and originality.novel_bigram_ratio >= REWRITTEN_NOVEL_BIGRAMS
    ):
        return "rewritten"
    if rewritten_share >= PARTLY_SHARE:
        return "partly"
    return "selected"


def describe_sources(sources: list[Source], input_name: str) -> str:
    """"BBC", "multiple news sources including BBC and Reuters", or a neutral input name."""
    names = [s.name for s in sources]
    if not names:
        return f"the text supplied as {input_name}, whose publisher was not named"
    if len(names) == 1:
        return names[0]
    listed = ", ".join(names[:-1]) + " and " + names[-1]
    return f"multiple news sources including {listed}"


def check_template(template: str) -> str:
    """A custom note may change the words, not drop the credit or the statement of treatment."""
    missing = [p for p in PLACEHOLDERS if p not in template]
    if missing:
        raise UsageError(
            "the disclaimer template must contain " + " and ".join(missing)
            + " (the note can be reworded, not removed)"
        )
    try:
        template.format(sources="", treatment="", input="")
    except (KeyError, IndexError, ValueError) as exc:
        raise UsageError(f"bad disclaimer template: {exc}") from None
    return template


def disclaimer(
    sources: list[Source],
    *,
    originality: Originality,
    rewritten_share: float,
    input_name: str,
    template: str | None = None,
) -> Attribution:
    """Build the note for a finished text from what was measured about it."""
    treatment = treatment_for(originality, rewritten_share)
    if template is None:
        template = DEFAULT_TEMPLATE if sources else UNNAMED_TEMPLATE
    text = check_template(template).format(
        sources=describe_sources(sources, input_name),
        treatment=TREATMENTS[treatment],
        input=input_name,
    )
    return Attribution(sources=sources, disclaimer=text.strip(), treatment=treatment)


def input_display_name(path: str, url: str | None) -> str:
    """How the note names an input that has no publisher: its URL, else its file name."""
    if url:
        return url
    if path == "-":
        return "standard input"
    return PurePath(path).name
