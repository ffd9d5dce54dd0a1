"""The clean stage: remove web junk, bylines and old attribution notes from a Document.

Everything a page wraps around an article (comment widgets, share bars, "Read more"
links, image credits, cookie banners) must be gone before planning, or the rewrite
would present it as news. The rules are in the tables below, one named regex each.

Paragraph rules only drop a paragraph the pattern matches *as a whole* (and that is
short), so an article sentence that merely mentions sharing or comments survives. An
attribution note the input already carries is removed so ours is not doubled, but the
sources it names are kept in ``meta.sources``: they are who reported the facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rewrite_cli.attribution import TREATMENTS
from rewrite_cli.document import Document, Metadata
from rewrite_cli.errors import InputError
from rewrite_cli.read.text import add_sources, split_source_names

MIN_ARTICLE_WORDS = 25


@dataclass(frozen=True)
class JunkRule:
    """A named pattern for a whole paragraph; paragraphs over ``max_words`` never match."""

    name: str
    pattern: re.Pattern[str]
    max_words: int = 30

    def matches(self, paragraph: str) -> bool:
        return len(paragraph.split()) <= self.max_words and bool(self.pattern.fullmatch(paragraph))


def _rule(name: str, pattern: str, max_words: int = 30, flags: int = re.IGNORECASE) -> JunkRule:
    return JunkRule(name, re.compile(pattern, flags), max_words)


_SOCIAL = (
    r"(?:facebook|twitter|x|linkedin|whatsapp|e-?mail|pinterest|reddit|messenger|tumblr"
    r"|copy link)"
)
_NAME = r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|and|de|van|von|der|da|al))*"

# Prompts to scroll, watch or play that pages put around embedded video and galleries
# ("VIDEO Scroll down to watch ...", "Watch the video below", "Press play to watch").
# A scroll prompt runs to the end of its sentence (at most 150 characters); the others
# are fixed phrases, so an article sentence that only mentions a video never matches.
_VIDEO_PROMPT = (
    r"(?:(?:videos?|watch|pictured)\b\s*[:.–—-]?\s*)?scroll (?:down|below|up)\b"
    r"(?: (?:for|to)\b)[^.!?…]{0,150}?(?:[.!?…]+|(?=\s*$))"
    r"|(?:watch|see|view) (?:the |our )?(?:full |latest )?(?:videos?|footage|clips?)"
    r" (?:below|above|here)\b\s*[.:!]?"
    r"|(?:click|tap|press) (?:here )?(?:to )?(?:play|watch)(?: to (?:play|watch))?"
    r" (?:the )?(?:videos?|footage|clips?)\b\s*[.:!]?"
)

JUNK_PARAGRAPHS: tuple[JunkRule, ...] = (
    _rule(
        "comment_widget",
        r"(?:post|leave|add|write) a (?:comment|reply)\.?"
        r"|please select embedded mode to show the comment system\.?\*?"
        r"|(?:\d+|no) comments?|comments?(?: \(\d+\))?|comments are closed\.?"
        r"|(?:view|show|load|hide|read) (?:all )?(?:\d+ )?comments"
        r"|loading comments(?:\.\.\.|…)?|join the (?:conversation|discussion)\.?"
        r"|(?:sorry,? )?we are not (?:currently )?accepting comments"
        r"(?: on this (?:article|story|post|page))?\.?",
    ),
    _rule(
        "previous_next",
        r"(?:[«‹<]\s*)?(?:previous|prev|older) (?:post|article|story|page)"
        r"(?:\s*[|/·-]?\s*(?:next|newer) (?:post|article|story|page))?(?:\s*[»›>])?"
        r"|(?:next|newer) (?:post|article|story|page)(?:\s*[»›>])?",
    ),
    _rule(
        "media_playback",
        r"media playback is (?:not supported|unsupported) on (?:this|your) device\.?",
    ),
    _rule(
        "share",
        rf"share(?: this(?: article| story| post| page)?| on {_SOCIAL}| via {_SOCIAL})?"
        rf"(?:\s*[:|,/-]?\s*(?:share (?:this )?on )?{_SOCIAL})*\.?"
        rf"|(?:{_SOCIAL}\s*[|,/·]?\s*){{2,}}",
    ),
    _rule(
        "follow",
        r"follow (?:us|me|@\w+|[\w ]{1,40} on (?:twitter|facebook|instagram|x))\b[^.]{0,80}\.?",
        max_words=15,
    ),
    _rule(
        "advertisement",
        r"advertisement|advertising|sponsored(?: content)?|ad"
        r"|(?:story|article) continues below(?: advertisement)?|continue reading below",
    ),
    _rule(
        "newsletter",
        r"(?:subscribe|sign up|register)\b.{0,80}\b(?:newsletters?|updates|alerts|inbox)\b"
        r"[^.]{0,80}\.?"
        r"|get (?:our|the) [\w ]{0,30}newsletter[^.]{0,80}\.?",
    ),
    _rule(
        "read_more",
        r"(?:read|see|watch) (?:more|also|next)\s*[:>»].{1,200}|read more(?:\.\.\.|…)?"
        r"|continue reading\.?",
    ),
    _rule("click_here", r"click here\b.{0,200}"),
    _rule(
        "image_caption",
        r"(?:image|photo|picture|video) (?:copyright|caption|credit|source)\b.{0,200}"
        r"|(?:image|photo|picture)s?\s*:.{1,80}|\(?(?:photo |image )?credits?\s*:.{1,80}\)?"
        r"|\(via [^)]{1,60}\)|getty images",
        max_words=25,
    ),
    _rule(
        "cookie_banner",
        # The banner itself ("We use cookies ...", ending in its buttons) or a row of its
        # links; an article sentence about a cookie policy is neither.
        r"(?:we|this (?:site|website)|our (?:site|website)) (?:and our partners )?uses? "
        r"cookies\b.*"
        r"|.*\bcookies?\b.*\b(?:accept(?: all)?|i agree|agree|ok|got it|allow all)\W*"
        r"|(?:(?:cookie|privacy) (?:policy|settings|preferences)\s*[|·]?\s*)+",
        max_words=60,
    ),
    _rule("scroll_down", r"scroll down for (?:the )?(?:videos?|more)\.?"),
    _rule("video_prompt", rf"(?:{_VIDEO_PROMPT})\s*", max_words=40),
    _rule(
        "copyright",
        r"(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?[\w .,&'’-]{0,60}|all rights reserved\.?",
        max_words=12,
    ),
    _rule("tweet_signature", r"[—–-]\s*[^()\n]{1,60}\(@\w{1,30}\)\s*\w+\.? \d{1,2},? \d{4}"),
    _rule(
        "comments_call", r".{0,160}?\blet us know\b.{0,40}\bin the comments\b.{0,200}", max_words=60
    ),
    _rule(
        "update_note",
        r"(?:update|updated|correction)\b.{0,40}?:\s*(?:added|updated|corrected|fixed"
        r"|this (?:story|article|post) (?:has been|was) updated)\b.{0,160}",
    ),
    _rule("byline", rf"By\s+{_NAME}(?:\s*,\s*[A-Z][\w&'’. -]{{1,40}})?", max_words=10, flags=0),
)

# A heading that introduces a list of links; the headline-like lines after it go too.
LINK_LIST_HEADING = _rule(
    "link_list",
    r"(?:related|related (?:articles?|stories|posts|coverage|content|links|reading|news)"
    r"|editors?['’]?s? (?:recommendations|picks)"
    r"|recommended(?: for you| stories| articles| reading)?"
    r"|you (?:may|might) also like|more (?:from|on) [\w .'’-]{1,40}"
    r"|(?:more|top|trending|popular|latest) (?:stories|news|articles|posts)"
    r"|(?:see|read) also|further reading|next up(?: in [\w ]{1,20})?)\s*:?",
    max_words=8,
)

# Bylines and datelines at the very start of the article (Daily Mail and CNN style).
LEADING_JUNK: tuple[JunkRule, ...] = (
    _rule(
        "dm_byline",
        r"By\s\.\s(?P<author>[^.]{2,80}?)\s\.\s(?:and\s(?P<author2>[^.]{2,80}?)\s\.\s)?",
        flags=0,
    ),
    _rule("dm_timestamp", r"(?:PUBLISHED|UPDATED)\s*:\s\.\s[^.|]{4,40}?\s\.\s(?:\|\s\.\s)?"),
    _rule("dm_last_updated", r"Last updated at [^.]{4,40}?\s\.\s", flags=0),
    _rule(
        "wire_dateline",
        r"(?:[A-Z][\w.'’-]*(?:,?\s[A-Z][\w.'’-]*){0,4}\s)?"
        r"\((?P<outlet>CNN|AP|Reuters|AFP|BBC|UPI)\)\s*(?:--|—|–|-)?\s*",
        flags=0,
    ),
)

# Junk inside a paragraph: (name, pattern, replacement).
INLINE_JUNK: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("scroll_down", re.compile(r"\s*\bscroll down for (?:the )?videos?\s*\.?(?=\s|$)", re.I), " "),
    # Only where a sentence starts, so the prompt cannot eat the end of an article sentence.
    ("video_prompt", re.compile(r"(?:^|(?<=[.!?…]\s)|(?<=[.!?…][\"”’]\s))\s*(?:"
                                + _VIDEO_PROMPT + r")(?=\s|$)", re.I), " "),
    # Daily Mail copy keeps a " . " wherever the original had a line break.
    ("wrap_period", re.compile(r"(?<=[^\s.]) \. (?=[a-z])"), " "),
    ("twitter_pic", re.compile(r"\s*\bpic\.twitter\.com/\w+"), ""),
)

# This tool's own note (any treatment), so a rewrite made by ``rewrite`` can be read back,
# e.g. by ``rewrite check``, without its note counting as article text.
_OWN_TREATMENTS = "|".join(re.escape(t) for t in TREATMENTS.values())

# Attribution notes already in the input; ``sources`` names who is credited.
ATTRIBUTION_NOTES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "own_note",
        re.compile(
            r"Note: This article summarizes publicly reported facts from "
            r"(?!multiple news sources including )"  # that form is ``summary_note``'s
            rf"(?P<sources>[^\n]{{1,300}}?)\. (?:{_OWN_TREATMENTS})"
        ),
    ),
    (
        "own_note_unnamed",
        re.compile(r"Note: This article summarizes the text supplied as [^\n]{1,300}?, "
                   rf"whose publisher was not named\. (?:{_OWN_TREATMENTS})"),
    ),
    ("own_treatment", re.compile(_OWN_TREATMENTS)),  # left after ``summary_note``
    (
        "summary_note",
        re.compile(
            r"(?:(?:editor['’]?s )?note|disclaimer)\s*:\s*"
            r"this (?:article|story|post|content|piece) "
            r"(?:summari[sz]es|is based on|draws on|compiles|is compiled from) [^.]{0,60}?"
            r"(?:sources|outlets|reports|reporting),? (?:including|such as|like|from) "
            r"(?P<sources>[^.]{1,200}?)\.(?:\s*(?:the|this) (?:content|article|text|story) "
            r"(?:has been|was|is) [^.]{0,40}?(?:rewritten|edited|paraphrased)[^.]{0,120}\.)?",
            re.I,
        ),
    ),
    (
        "originally_published",
        re.compile(
            # Sentence-initial and naming a capitalised outlet, so "The novel was first
            # published in 1954." is left alone.
            r"(?:^|(?<=[.!?] )|(?<=[.!?][\"”’] ))"
            r"(?:(?:This|The) (?i:article|story|post|piece|report|column) "
            r"(?:(?i:was|is|has been) )?(?i:originally|first) |Originally )"
            r"(?i:published|posted|appeared) (?i:by|on|in|at) (?P<sources>[A-Z][^.,]{0,80}?)"
            r"(?: (?i:on) [^.]{1,40}| (?i:and is) (?i:republished|reproduced|reprinted)[^.]{0,80})?"
            r"\.",
        ),
    ),
    (
        "rewritten_note",
        re.compile(
            r"(?:the|this) (?:content|article|text) has been independently rewritten[^.]{0,120}\.",
            re.I,
        ),
    ),
)

_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"[.!?:;,…]['\"’”)\]]*$")
_SUBHEADING_MAX_WORDS = 15
_TITLE_SLUG_MAX_WORDS = 12


def clean(document: Document) -> Document:
    """A new Document without web junk, leading bylines, repeated titles or old notes."""
    meta = replace(document.meta, sources=list(document.meta.sources))
    paragraphs = [normalize_space(p) for p in document.paragraphs]
    paragraphs = [remove_attribution_notes(p, meta) for p in paragraphs]
    paragraphs = strip_leading_junk(paragraphs, meta)
    paragraphs = [remove_inline_junk(p) for p in paragraphs]
    paragraphs = [p for p in paragraphs if p and junk_rule(p) is None]
    paragraphs = drop_link_lists(paragraphs)
    title = normalize_space(document.title) if document.title else None
    paragraphs = drop_repeated_title(paragraphs, title)
    paragraphs = [p for p in paragraphs if not is_subheading(p)]
    paragraphs = _unique(paragraphs)
    meta.title = title
    return replace(document, title=title, paragraphs=paragraphs, meta=meta)


def require_article(document: Document, min_words: int = MIN_ARTICLE_WORDS) -> None:
    """Refuse a (cleaned) document whose body is too short to be rewritten honestly."""
    words = sum(len(p.split()) for p in document.paragraphs)
    if words < min_words:
        name = "standard input" if document.input.path == "-" else document.input.path
        found = f"only {words} word{'s' if words != 1 else ''}" if words else "no article text"
        raise InputError(
            f"{name}: too short to rewrite ({found} after removing page junk; "
            f"at least {min_words} needed)"
        )


def normalize_space(text: str) -> str:
    """One space between words; no-break and zero-width characters removed."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", text)).strip()


def junk_rule(paragraph: str) -> str | None:
    """The name of the junk rule a whole paragraph matches, or None for article text."""
    for rule in JUNK_PARAGRAPHS:
        if rule.matches(paragraph):
            return rule.name
    return None


def remove_attribution_notes(paragraph: str, meta: Metadata) -> str:
    """Cut existing attribution notes out of ``paragraph``, crediting the sources they name."""
    add_sources(meta, note_sources(paragraph))
    for _name, pattern in ATTRIBUTION_NOTES:
        paragraph = pattern.sub(" ", paragraph)
    return normalize_space(paragraph)


def note_sources(text: str) -> list[str]:
    """The outlets that attribution notes in ``text`` credit, in order of appearance."""
    found: list[tuple[int, str]] = []
    for _name, pattern in ATTRIBUTION_NOTES:
        if "sources" not in pattern.groupindex:
            continue
        for match in pattern.finditer(text):
            found += [(match.start(), name) for name in split_source_names(match["sources"])]
    return [name for _start, name in sorted(found, key=lambda item: item[0])]


def strip_leading_junk(paragraphs: list[str], meta: Metadata) -> list[str]:
    """Remove bylines/datelines from the start of the first paragraph; note who they name."""
    if not paragraphs:
        return paragraphs
    first = paragraphs[0]
    changed = True
    while changed:
        changed = False
        for rule in LEADING_JUNK:
            match = rule.pattern.match(first)
            if not match or match.end() == 0:
                continue
            groups = match.groupdict()
            if groups.get("author") and meta.author is None:
                authors = [a for a in (groups["author"], groups.get("author2")) if a]
                meta.author = " and ".join(authors)
            if groups.get("outlet"):
                add_sources(meta, [groups["outlet"]])
            first = first[match.end() :].lstrip()
            changed = True
    return [first, *paragraphs[1:]] if first else paragraphs[1:]


def remove_inline_junk(paragraph: str) -> str:
    for _name, pattern, replacement in INLINE_JUNK:
        paragraph = pattern.sub(replacement, paragraph)
    return normalize_space(paragraph)


def drop_link_lists(paragraphs: list[str]) -> list[str]:
    """Drop "Related articles:"-style headings and the headline-like lines that follow."""
    kept: list[str] = []
    in_list = False
    for paragraph in paragraphs:
        if LINK_LIST_HEADING.matches(paragraph):
            in_list = True
            continue
        if in_list and is_headline_like(paragraph):
            continue
        in_list = False
        kept.append(paragraph)
    return kept


def drop_repeated_title(paragraphs: list[str], title: str | None) -> list[str]:
    """Drop a copy of the title near the top, also with a " - slug" tail after it."""
    if not title:
        return paragraphs
    key = _key(title)
    kept = []
    for index, paragraph in enumerate(paragraphs):
        if index < 3 and _repeats_title(paragraph, key):
            continue
        kept.append(paragraph)
    return kept


def _repeats_title(paragraph: str, title_key: str) -> bool:
    key = _key(paragraph)
    if key == title_key:
        return True
    if not key.startswith(title_key + " ") or _SENTENCE_END.search(paragraph):
        return False
    return len(key[len(title_key) :].split()) <= _TITLE_SLUG_MAX_WORDS


def is_headline_like(paragraph: str) -> bool:
    """Short and not ending like a sentence: a link title or a subheading."""
    return len(paragraph.split()) <= 25 and not _SENTENCE_END.search(paragraph)


def is_subheading(paragraph: str) -> bool:
    """A short unpunctuated line inside the body: a section label, not a statement.

    Dropped like Markdown/HTML headings are (see read.markdown): it is not a sentence
    the rewrite can stand behind.
    """
    return len(paragraph.split()) <= _SUBHEADING_MAX_WORDS and not _SENTENCE_END.search(paragraph)


def _key(text: str) -> str:
    return re.sub(r"[^\w]+", " ", text.casefold()).strip()


def _unique(paragraphs: list[str]) -> list[str]:
    seen: set[str] = set()
    unique = []
    for paragraph in paragraphs:
        if paragraph not in seen:
            seen.add(paragraph)
            unique.append(paragraph)
    return unique
