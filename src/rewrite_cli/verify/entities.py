"""Names (people, places, organisations, titles) and when two spellings are the same name.

spaCy NER finds most names; capitalised words mid-sentence catch what the small model
misses. A candidate name is supported when all its words occur in the source (so a
surname alone is fine when the full name is there), through a known alias (US = U.S. =
United States), as an acronym of a capitalised run in the source, or as the same place
under another form ("Brazil" for "Brazilian", see ``verify.places``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rewrite_cli.verify.dates import MONTHS, WEEKDAYS
from rewrite_cli.verify.places import load_places
from rewrite_cli.verify.text import norm_word

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

NAMED_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "WORK_OF_ART", "LAW",
                "PRODUCT", "LANGUAGE"}
GLUE = {"the", "of", "and", "for", "de", "da", "von", "van", "al", "la", "le", "on", "in", "at",
        "&", "'s", "-", "a", "an"}
ALIASES: dict[str, tuple[str, ...]] = {
    "us": ("us", "usa", "united states", "united states of america", "america", "american",
           "americans"),
    "uk": ("uk", "united kingdom", "britain", "great britain", "british", "briton", "britons"),
    "un": ("un", "united nations"),
    "eu": ("eu", "european union"),
    "nyc": ("nyc", "new york city", "new york"),
    "la": ("la", "los angeles"),
    "dc": ("dc", "washington dc"),
    "uae": ("uae", "united arab emirates"),
    "ussr": ("ussr", "soviet union"),
}
_ALIAS_OF = {variant: key for key, variants in ALIASES.items() for variant in variants}
# Capitalised words that are not names when they appear mid-sentence.
NOT_NAMES = {"i", "mr", "mrs", "ms", "dr", "sir", "tv", "ok", "am", "pm", "god"}


@dataclass(frozen=True)
class Entity:
    """A name as written and the lower-case words it is compared by."""

    text: str
    words: tuple[str, ...]
    label: str  # spaCy label, or "CAP" for a capitalised word the NER missed


def _words(span: Span) -> tuple[str, ...]:
    out = []
    for tok in span:
        for part in tok.text.replace("-", " ").split():
            w = norm_word(part)
            if w and w not in GLUE and any(c.isalnum() for c in w):
                out.append(w)
    return tuple(out)


def read_entities(doc: Doc) -> list[Entity]:
    """Named entities plus mid-sentence capitalised words the NER did not label."""
    found: list[Entity] = []
    covered: set[int] = set()
    for ent in doc.ents:
        if ent.label_ not in NAMED_LABELS:
            continue
        words = tuple(w for w in _words(ent) if w not in MONTHS and w not in WEEKDAYS)
        if words:
            found.append(Entity(ent.text, words, ent.label_))
        covered.update(range(ent.start, ent.end))
    run: list[int] = []
    for tok in doc:
        if tok.i not in covered and _looks_like_name(doc, tok.i):
            run.append(tok.i)
            continue
        _flush(doc, run, found)
        run = []
    _flush(doc, run, found)
    return found


def _flush(doc: Doc, run: list[int], found: list[Entity]) -> None:
    if run:
        span = doc[run[0] : run[-1] + 1]
        words = _words(span)
        if words:
            found.append(Entity(span.text, words, "CAP"))


def _looks_like_name(doc: Doc, i: int) -> bool:
    tok = doc[i]
    low = norm_word(tok.text)
    if not tok.text[:1].isupper() or not any(c.isalpha() for c in tok.text):
        return False
    if low in NOT_NAMES or low in MONTHS or low in WEEKDAYS:
        return False
    starts = i == 0 or tok.is_sent_start or doc[i - 1].text in {'"', "“", "‘", "'", ":", "(",
                                                                 "-", "—", "–"}
    if starts:
        return tok.pos_ == "PROPN" and tok.ent_type_ == ""
    return tok.pos_ in {"PROPN", "NOUN", "ADJ"} or tok.is_upper


@dataclass(frozen=True)
class NameIndex:
    """What a text offers to support names: its words, aliases, acronyms and the
    locations its place names and demonyms name."""

    words: frozenset[str]
    aliases: frozenset[str]
    acronyms: frozenset[str]
    places: frozenset[int] = frozenset()

    def has_alias(self, entity: Entity) -> bool:
        """Whether this text names ``entity`` by a known alias ("EU" for "European Union")."""
        alias = _ALIAS_OF.get(" ".join(entity.words))
        return alias is not None and alias in self.aliases

    def supports(self, entity: Entity) -> bool:
        """True when every word of ``entity`` is backed by this text (surname alone is fine)."""
        phrase = " ".join(entity.words)
        if self.has_alias(entity):
            return True
        if phrase in self.acronyms:
            return True
        ws = canonical_words(entity.words)
        same_place = load_places().backed(ws, self.places)
        return all(i in same_place or self._has(w) or w in self.aliases
                   for i, w in enumerate(ws))

    def _has(self, word: str) -> bool:
        if word in self.words:
            return True
        if word.endswith("s") and word[:-1] in self.words:
            return True
        return word + "s" in self.words

    def mentions_any(self, entity: Entity) -> bool:
        """True when some word of ``entity`` (or its alias) appears: used for omissions."""
        alias = _ALIAS_OF.get(" ".join(entity.words))
        if alias is not None and alias in self.aliases:
            return True
        if " ".join(entity.words) in self.acronyms:
            return True
        return (any(self._has(w) for w in entity.words)
                or bool(load_places().named_in(entity.words) & self.places))


_LONGEST_FIRST = sorted(_ALIAS_OF, key=lambda v: -len(v.split()))


def canonical_words(ws: tuple[str, ...]) -> tuple[str, ...]:
    """Alias spellings inside a name replaced by one key: 'united states x' -> 'us x'."""
    phrase = f" {' '.join(ws)} "
    for variant in _LONGEST_FIRST:
        if len(variant.split()) > 1 and f" {variant} " in phrase:
            phrase = phrase.replace(f" {variant} ", f" {_ALIAS_OF[variant]} ")
    return tuple(phrase.split())


def _whole_place(words: list[str]) -> bool:
    """Whether a name's capitalised words are one place name or demonym, with nothing
    left over ("Brazilian", "South Korea"; not "New Mexico", which the extract lacks)."""
    spans = load_places().spans(words)
    return len(spans) == 1 and spans[0][:2] == (0, len(words))


def name_index(doc: Doc) -> NameIndex:
    """Index ``doc`` for :meth:`NameIndex.supports`."""
    words: set[str] = set()
    for tok in doc:
        for part in tok.text.replace("-", " ").split():
            w = norm_word(part)
            if w:
                words.add(w)
    text_words = [norm_word(t.text) for t in doc]
    aliases = set()
    joined = " " + " ".join(text_words) + " "
    for variant, key in _ALIAS_OF.items():
        if f" {variant} " in joined:
            aliases.add(key)
    acronyms: set[str] = set()
    run: list[str] = []
    for tok in [*list(doc), None]:
        if tok is not None and (tok.text[:1].isupper() or (run and tok.lower_ in GLUE)):
            if tok.lower_ not in GLUE:
                run.append(norm_word(tok.text))
            continue
        if len(run) >= 2:
            acronyms.add("".join(w[0] for w in run if w))
        if run:
            acronyms.add(run[0])
        run = []
    for tok in doc:
        if tok.is_upper and len(tok.text) >= 2:
            acronyms.add(norm_word(tok.text))
    # Only capitalised words name places ("china" the porcelain, "turkey" the bird do not),
    # and only as a whole name: the "Mexico" of "New Mexico" is not Mexico.
    capitalised = [norm_word(t.text) if t.text[:1].isupper() else "" for t in doc]
    for ent in doc.ents:
        named = [capitalised[t.i] for t in ent if capitalised[t.i] and t.lower_ != "the"]
        if not _whole_place(named):
            for t in ent:
                capitalised[t.i] = ""
    places = load_places().named_in(capitalised)
    return NameIndex(frozenset(words), frozenset(aliases), frozenset(acronyms), places)


def expands_acronym(entity: Entity, index: NameIndex) -> bool:
    """'National Health Service' in a candidate is backed by 'NHS' in the source."""
    return len(entity.words) >= 2 and initials(entity) in index.words


def initials(entity: Entity) -> str:
    """The acronym a name's words make ("National Health Service" -> "nhs")."""
    return "".join(w[0] for w in entity.words)


def merge_indexes(indexes: list[NameIndex]) -> NameIndex:
    """One index over many sentences (the whole article)."""
    return NameIndex(
        frozenset().union(*(i.words for i in indexes)),
        frozenset().union(*(i.aliases for i in indexes)),
        frozenset().union(*(i.acronyms for i in indexes)),
        frozenset().union(*(i.places for i in indexes)),
    )
