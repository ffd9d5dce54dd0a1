"""Meaning flips that keep every name and number: negation, modality, roles, degree,
who-did-what-to-whom and who said it.

These are the paraphrase errors the prototype let through ('brother' -> 'son', 'the risk
is low' -> 'significant', an invented 'According to the company'). Each is read from the
spaCy parse into a small comparable value.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rewrite_cli.verify.lexicon import load_lexicon
from rewrite_cli.verify.text import norm_word

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

NEGATIONS = {"not", "n't", "never", "no", "nobody", "nothing", "none", "neither", "nor",
             "without", "nowhere", "cannot", "hardly", "barely", "unable"}
MODALS = {"will": "will", "'ll": "will", "wo": "will", "shall": "will", "would": "would",
          "'d": "would", "may": "may", "might": "may", "can": "can", "ca": "can",
          "could": "could", "should": "should", "must": "must", "ought": "should"}

# Relation and role nouns bound to people; members of one tuple are the same relation.
ROLE_GROUPS: tuple[tuple[str, ...], ...] = (
    ("brother",), ("sister",), ("son",), ("daughter",), ("father", "dad", "daddy"),
    ("mother", "mum", "mom", "mummy", "mommy"), ("husband",), ("wife",), ("uncle",), ("aunt",),
    ("cousin",), ("nephew",), ("niece",), ("grandfather", "grandpa"),
    ("grandmother", "grandma", "granny"), ("grandson",), ("granddaughter",),
    ("grandchild",), ("boyfriend",), ("girlfriend",), ("fiance", "fiancé", "fiancee"),
    ("stepfather",), ("stepmother",), ("stepson",), ("stepdaughter",), ("widow",),
    ("widower",), ("child", "kid"), ("parent",), ("sibling",), ("twin",), ("spouse",),
    ("friend",), ("neighbour", "neighbor"), ("colleague",), ("boss",), ("employee",),
    ("driver",), ("passenger",), ("pedestrian",), ("cyclist",), ("victim",), ("suspect",),
    ("attacker", "assailant"), ("gunman",), ("witness",), ("defendant",), ("prosecutor",),
    ("judge",), ("lawyer", "attorney"), ("officer",), ("pilot",), ("teacher",),
    ("student", "pupil"), ("coach",), ("manager",), ("captain",), ("doctor",), ("nurse",),
    ("patient",), ("owner",), ("tenant",), ("landlord",), ("buyer",), ("seller",),
    ("winner",), ("loser",), ("president",), ("minister",),
    ("governor",), ("mayor",), ("senator",), ("king",), ("queen",), ("prince",),
    ("princess",), ("chairman", "chair"), ("chief",), ("director",), ("founder",),
    ("spokesman", "spokeswoman", "spokesperson"), ("bishop",), ("priest",), ("soldier",),
    ("player",), ("fan", "supporter"), ("worker",), ("member",), ("resident",),
    ("official",), ("citizen",), ("customer",), ("voter",), ("protester",),
    ("scientist", "researcher"), ("expert",), ("farmer",), ("actor",), ("actress",),
    ("singer",), ("artist",), ("author", "writer"), ("athlete",), ("footballer",),
    ("striker",), ("defender",), ("goalkeeper",), ("midfielder",), ("referee",),
    ("surgeon",), ("paramedic",), ("firefighter",), ("detective",), ("guard",),
    ("prisoner", "inmate"), ("terrorist",), ("militant",), ("rebel",), ("veteran",),
    ("refugee",), ("migrant",), ("tourist",), ("visitor",), ("baby",), ("toddler",),
    ("teenager", "teen"), ("boy",), ("girl",), ("man",), ("woman",), ("pensioner",),
    ("son-in-law",), ("daughter-in-law",), ("mother-in-law",), ("father-in-law",),
)
ROLE_OF = {w: g[0] for g in ROLE_GROUPS for w in g}

# Degree and polarity scales: a candidate may not move a statement along a scale.
SCALES: dict[str, tuple[frozenset[str], ...]] = {
    "size": (frozenset({"low", "small", "slight", "minor", "little", "minimal", "modest",
                        "mild", "limited", "tiny", "negligible"}),
             frozenset({"high", "significant", "serious", "major", "large", "big", "huge",
                        "great", "substantial", "severe", "considerable", "massive",
                        "heavy", "vast", "enormous", "critical", "grave"})),
    "bound": (frozenset({"almost", "nearly", "under", "less", "fewer", "below", "short",
                         "approximately", "about", "around", "roughly", "some"}),
              frozenset({"over", "more", "above", "least", "exceed", "upwards", "plus"})),
    "trend": (frozenset({"decrease", "fall", "drop", "decline", "plunge", "slump", "shrink",
                         "cut", "reduce", "lower", "dip", "tumble", "slide", "ease"}),
              frozenset({"increase", "rise", "grow", "climb", "soar", "surge", "jump", "gain",
                         "boost", "raise", "double", "triple", "rocket", "spike"})),
    "outcome": (frozenset({"win", "beat", "victory", "success", "succeed", "survive", "alive",
                           "safe", "pass", "acquit", "innocent", "approve", "accept", "allow",
                           "support", "improve", "better", "best", "positive"}),
                frozenset({"lose", "defeat", "loss", "failure", "fail", "die", "dead", "unsafe",
                           "convict", "guilty", "reject", "deny", "ban", "oppose", "worsen",
                           "worse", "worst", "negative"})),
    "quality": (frozenset({"good", "well"}), frozenset({"bad", "poor", "badly"})),
    "likelihood": (frozenset({"unlikely", "impossible", "rare", "rarely", "seldom"}),
                   frozenset({"likely", "possible", "probable", "common", "often", "frequent",
                              "frequently", "certain", "sure"})),
    "time": (frozenset({"before", "earlier", "early", "previous", "prior", "ago"}),
             frozenset({"after", "later", "late", "next", "following", "since"})),
    "amount": (frozenset({"few", "handful", "little", "scarce"}),
               frozenset({"many", "much", "numerous", "lots", "plenty", "countless"})),
    "extent": (frozenset({"some", "part", "partly", "partially", "half"}),
               frozenset({"all", "every", "entire", "whole", "fully", "completely", "totally"})),
    "rank": (frozenset({"least", "minimum", "bottom", "worst"}),
             frozenset({"most", "maximum", "top", "best"})),
    "direction": (frozenset({"down", "downward", "downwards", "backward", "backwards"}),
                  frozenset({"up", "upward", "upwards", "forward", "forwards"})),
    "position": (frozenset({"under", "below", "beneath", "underneath"}),
                 frozenset({"over", "above", "atop"})),
    "comparison": (frozenset({"less", "fewer", "lesser"}), frozenset({"more", "greater"})),
    "length": (frozenset({"short", "brief", "shorter"}), frozenset({"long", "lengthy", "longer"})),
}
# 'some' / 'about' are only degree words right before an amount.
NEED_NUMBER = {"some", "about", "around", "under", "over", "above", "below", "less", "more",
               "fewer", "least", "short", "plus", "approximately", "roughly"}
SPEECH_VERBS = {"say", "tell", "add", "state", "claim", "announce", "report", "explain",
                "insist", "write", "warn", "confirm", "deny", "admit", "reveal", "note", "reply",
                "argue", "suggest", "allege", "declare", "describe", "acknowledge", "comment",
                "testify", "tweet", "post", "accord", "inform", "estimate", "conclude",
                "find", "show", "indicate"}
SPEECH_NOUNS = {"statement", "report", "spokesman", "spokeswoman", "spokesperson", "study",
                "survey", "police", "officials", "official", "sources", "source"}
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "who", "which", "that", "this", "him",
            "her", "them", "us", "me"}


@dataclass(frozen=True)
class Speaker:
    """Who a speech verb or 'according to' credits: head lemma and its content words."""

    words: frozenset[str]
    text: str
    verb: str
    proper: bool = False  # names someone ('Folda', 'the BBC'), not 'officials' or 'a report'

    @property
    def is_pronoun(self) -> bool:
        return not self.words or self.words <= PRONOUNS


def negation_count(doc: Doc) -> int:
    """How many negations the sentence carries ('did not' = 'didn't' = 1)."""
    return sum(1 for t in doc if t.lower_ in NEGATIONS or t.dep_ == "neg")


def modals(doc: Doc) -> dict[str, str]:
    """The modal verbs used (will/may/could...), normalised ('ll = will) -> as written."""
    return {MODALS[t.lower_]: t.text for t in doc if t.lower_ in MODALS and t.tag_ == "MD"}


def roles(doc: Doc) -> tuple[Counter[str], frozenset[str]]:
    """Relation/role nouns ('brother', 'driver') normalised to one word per relation, and
    the subset written lower-case (a common noun, not part of a title like 'President')."""
    found: Counter[str] = Counter()
    common: set[str] = set()
    for t in doc:
        if t.pos_ not in {"NOUN", "PROPN"}:
            continue
        key = t.lower_ if t.lower_ in ROLE_OF else t.lemma_.lower()
        if key in ROLE_OF:
            found[ROLE_OF[key]] += 1
            if t.text.islower():
                common.add(ROLE_OF[key])
    return found, frozenset(common)


def degree_marks(doc: Doc) -> list[tuple[str, int, str]]:
    """(scale, side, word) for each degree word, e.g. ('size', 0, 'low') for 'risk is low'.

    Words like 'over' or 'some' bound an amount only right before one ('over 100');
    elsewhere they are read on their everyday scale (position, extent).
    """
    marks: list[tuple[str, int, str]] = []
    for tok in doc:
        keys = {tok.lower_, tok.lemma_.lower()}
        bounded = bool(keys & NEED_NUMBER) and _before_amount(doc, tok.i)
        hits = {(scale, side) for scale, sides in SCALES.items()
                for side, lexicon in enumerate(sides) if keys & lexicon
                and (scale == "bound") == bounded}
        marks += [(scale, side, tok.text) for scale, side in sorted(hits)]
    return marks


# Nouns that make "a"/"an" an amount: "about a dozen", "over a year", "around a third" (but
# "around a bend" names a place, not an approximate amount).
AMOUNT_NOUNS = frozenset({
    "dozen", "score", "hundred", "thousand", "million", "billion", "trillion", "half", "third",
    "quarter", "fifth", "tenth", "fraction", "handful", "couple", "year", "month", "week", "day",
    "hour", "minute", "second", "decade", "century", "mile", "kilometre", "kilometer", "metre",
    "meter", "foot", "inch", "yard", "pound", "kilogram", "kilo", "ton", "tonne", "litre",
    "liter", "gallon", "percent",
})


def _before_amount(doc: Doc, i: int) -> bool:
    for j in range(i + 1, min(i + 4, len(doc))):
        if doc[j].lower_ in {"a", "an"}:
            return j + 1 < len(doc) and doc[j + 1].lemma_.lower() in AMOUNT_NOUNS
        if doc[j].like_num or doc[j].text in {"$", "£", "€"}:
            return True
        if doc[j].lower_ not in {"than", "of", "to", "least", "just"}:
            return False
    return False


def _head_words(tok: Token) -> frozenset[str]:
    out = set()
    for t in tok.subtree:
        if t.pos_ in {"PROPN", "NOUN", "PRON"} or (t.pos_ == "ADJ" and t.dep_ == "compound"):
            w = norm_word(t.text)
            if w:
                out.add(w)
        if t.dep_ in {"relcl", "acl", "appos"} and t.head.i == tok.i and t.i != tok.i:
            break
    return frozenset(out)


def speakers(doc: Doc) -> list[Speaker]:
    """Every attribution: 'X said', 'X told reporters', 'said X', 'according to X'.

    The small parser often loses the subject of a speech verb, so when it finds none the
    noun phrase right before (or, for 'said X', right after) the verb is taken instead.
    """
    out: list[Speaker] = []
    for tok in doc:
        lemma = tok.lemma_.lower()
        if tok.lower_ == "according" and tok.i + 1 < len(doc):
            for obj in doc[tok.i + 1].children:
                if obj.dep_ == "pobj":
                    out.append(_speaker(obj, "according"))
            continue
        if not tok.tag_.startswith("VB") or lemma not in SPEECH_VERBS or lemma == "accord":
            continue
        if lemma not in {"say", "tell", "inform"} and not _has_clause(tok):
            continue
        found = [_speaker(c, lemma) for c in tok.children if c.dep_ == "nsubj"]
        for child in tok.children:
            if child.dep_ == "agent":
                found += [_speaker(o, lemma) for o in child.children if o.dep_ == "pobj"]
        if not found:
            phrase = _adjacent_phrase(doc, tok, inverted=lemma not in LISTENER_VERBS)
            if phrase is not None:
                found.append(_speaker_from(phrase, lemma))
        for sp in found:
            words = sp.words - NOT_SPEAKERS
            if words:
                out.append(Speaker(words, sp.text, sp.verb, sp.proper))
    return out


RELATIVE = frozenset({"which", "that", "who", "whom"})
# Words a mis-parse may put in the subject slot that never name who is speaking.
NOT_SPEAKERS = RELATIVE | {"reporters", "journalists", "media", "press", "monday", "tuesday",
                           "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday",
                           "today", "tonight", "morning", "night", "week", "year"}
_NP_POS = {"PROPN", "NOUN", "PRON", "DET", "ADJ", "NUM", "PART"}


LISTENER_VERBS = {"tell", "inform", "ask", "warn"}  # the noun after them is who listens


def _adjacent_phrase(doc: Doc, verb: Token, inverted: bool) -> Span | None:
    j = verb.i - 1
    while j >= 0 and doc[j].pos_ in {"ADV", "AUX"}:
        j -= 1
    end = j + 1
    while j >= 0 and doc[j].pos_ in _NP_POS:
        j -= 1
    if end - (j + 1) > 0 and any(t.pos_ in {"PROPN", "NOUN", "PRON"} for t in doc[j + 1 : end]):
        return doc[j + 1 : end]
    if not inverted:
        return None
    k = verb.i + 1
    while k < len(doc) and doc[k].pos_ in _NP_POS and doc[k].lower_ not in RELATIVE:
        k += 1
    if k > verb.i + 1 and any(t.pos_ in {"PROPN", "NOUN"} for t in doc[verb.i + 1 : k]):
        return doc[verb.i + 1 : k]
    return None


def _speaker_from(span: Span, verb: str) -> Speaker:
    words = frozenset(norm_word(t.text) for t in span if t.pos_ in {"PROPN", "NOUN", "PRON"})
    proper = any(t.pos_ == "PROPN" or t.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"}
                 for t in span)
    return Speaker(words, span.text, verb, proper)


def _speaker(tok: Token, verb: str) -> Speaker:
    proper = any(t.pos_ == "PROPN" or t.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"}
                 for t in tok.subtree)
    return Speaker(_head_words(tok), _span_text(tok), verb, proper)


def _has_clause(tok: Token) -> bool:
    return any(c.dep_ in {"ccomp", "parataxis"} for c in tok.children) or tok.dep_ == "parataxis"


def _span_text(tok: Token) -> str:
    sub = list(tok.subtree)
    return tok.doc[sub[0].i : sub[-1].i + 1].text


# Prepositions whose object is a participant of the verb, not a place or a time: swapping
# it with the subject reverses the claim ("the bank lent money to the city"). "with" is
# left out on purpose: "met with" and "agreed with" are symmetric.
PARTICIPANT_PREPS = frozenset({"to", "from", "against", "for"})


def triples(doc: Doc) -> set[tuple[str, str, str]]:
    """(agent, verb, participant) head lemmas, active and passive alike, for swap detection.

    The participant is the object, and also the recipient ("lent the city money") or the
    object of a participant preposition ("sold it to the council"), so swapping the subject
    with any of them is caught, not only with the direct object.
    """
    out: set[tuple[str, str, str]] = set()
    for tok in doc:
        if tok.pos_ not in {"VERB", "AUX"}:
            continue
        agent = None
        others: list[str | None] = []
        for child in tok.children:
            if child.dep_ == "nsubj":
                agent = _noun_key(child)
            elif child.pos_ == "ADP" and child.lower_ in PARTICIPANT_PREPS:
                # "to" is parsed as "dative" or "prep" alike: its object is the participant
                others += [_noun_key(o) for o in child.children if o.dep_ == "pobj"]
            elif child.dep_ in {"nsubjpass", "dobj", "obj", "dative", "iobj"}:
                others.append(_noun_key(child))
            elif child.dep_ == "agent":
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        agent = _noun_key(obj)
        verb = load_lexicon().canon(tok.lemma_.lower())
        out.update((agent, verb, other) for other in others
                   if agent and other and agent != other)
    return out


def _noun_key(tok: Token) -> str | None:
    if tok.pos_ == "PRON":
        return None
    return norm_word(tok.lemma_ if tok.pos_ == "NOUN" else tok.text)
