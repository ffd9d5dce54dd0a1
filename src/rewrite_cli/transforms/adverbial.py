"""Moving a time or place phrase, or a scene-setting opener, to the other end of a sentence,
and a time phrase between the front and the inside of its clause.

A date inside a clause belongs to the verb only when nothing around it could own it
instead: the noun before it ("the discovery of bones last summer"), a clause after it
("yesterday, when he ..."), another date, a superlative ("the first pope in 600 years"),
a second verb. Where the parse leaves any of these open, the phrase stays where it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rewrite_cli.transforms.casing import _declines_when_unsure, _inner
from rewrite_cli.transforms.tokens import (
    FOCUS_WORDS,
    SUBJECTS,
    _as_sentence,
    _body,
    _children,
    _index,
    _is_finite,
    _is_negated,
    _is_quote,
    _quotes_balanced,
    _sentence,
    _starts_with_subject,
    _subtree,
    _text,
    _words,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

TIME_ENTITIES = frozenset({"DATE", "TIME"})
PLACE_ENTITIES = frozenset({"GPE", "LOC", "FAC"})
ADVERBIAL_PREPOSITIONS = frozenset(
    {"in", "on", "at", "during", "since", "until", "after", "before", "earlier", "last"}
)
MAX_ADVERBIAL_WORDS = 6
MAX_DATE_WORDS = 8  # "in the early hours of March 18, 2012": every word after "in" a date
MAX_SCENE_WORDS = 8
# Opening phrases that link to the previous sentence rather than set a scene.
DISCOURSE_PHRASES = frozenset(
    {"in fact", "in addition", "in contrast", "by contrast", "on the other hand",
     "at the same time", "of course", "in turn", "in short", "in particular",
     "in other words", "as a result", "after all", "above all", "at least", "in general",
     "in the end", "in any case", "in reality", "in practice", "in theory", "in total",
     "in response", "in return", "on average", "at first", "at last", "in the meantime",
     "on the contrary", "in conclusion", "in sum", "to date", "so far", "by then",
     "in effect", "in truth", "in a way", "on balance", "at times"}
)  # fmt: skip
# Verbs whose time phrase completes them rather than dating them: "set in 1920",
# "adjourned until Monday" cannot become "In 1920, the film is set".
COMPLETED_BY_TIME = frozenset(
    {"set", "date", "schedule", "reschedule", "postpone", "delay", "adjourn", "defer",
     "last", "run", "remain", "stay", "wait", "descend", "belong"}
)  # fmt: skip
# Prepositions of a time phrase that may leave the middle of a clause; "until", "by",
# "for", "over" and "through" phrases are often the verb's complement or a span.
INNER_PREPOSITIONS = frozenset({"in", "on", "at", "during", "since", "after", "before"})
TIME_UNITS = frozenset(
    {"second", "minute", "hour", "day", "week", "fortnight", "month", "year", "decade",
     "century"}
)  # fmt: skip
# Bare time nouns that read well as an opener ("Yesterday, ..."); a bare weekday or date
# ("Monday, ...") does not, and adding "on" would add a word.
DEICTIC_TIME = frozenset({"today", "yesterday", "tonight", "last", "this", "earlier"})
# Nouns that name a person, a body or a place, never an event, a state or something
# held for a time, so a time phrase after them dates the verb: "resigned from the
# government in August". After other nouns it may date the noun ("cancelled the release
# last week", "the discovery of bones last summer", "invited to a party on Monday",
# "offered a job in May"), so anything not listed here keeps the phrase where it is.
NOT_EVENTS = frozenset(
    {"man", "woman", "boy", "girl", "child", "baby", "person", "people", "son", "daughter",
     "wife", "husband", "mother", "father", "brother", "sister", "parent", "family",
     "friend", "fan", "player", "officer", "official", "expert", "researcher", "scientist",
     "doctor", "nurse", "student", "teacher", "worker", "resident", "soldier", "troop",
     "member", "voter", "colleague", "supporter", "victim", "suspect", "driver",
     "passenger", "police", "detective", "judge", "lawyer", "minister", "president",
     "leader", "boss", "executive", "spokesman", "spokeswoman", "manager", "coach",
     "actor", "singer", "journalist", "reporter", "authority", "owner", "customer",
     "shareholder", "investor", "neighbour", "neighbor", "prisoner", "patient",
     "government", "club", "team", "company", "firm", "army", "navy", "council",
     "parliament", "congress", "cabinet", "committee", "court", "school", "university",
     "college", "hospital", "church", "league", "agency", "bank", "newspaper",
     "country", "city", "town", "village", "home", "house", "flat", "apartment", "office",
     "area", "region", "street", "road", "station", "airport", "prison", "jail", "water",
     "sea", "river", "beach", "coast", "stadium", "hotel", "pub", "restaurant", "shop",
     "building", "island", "capital", "crown", "throne", "power"}
)  # fmt: skip
NAME_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})
# Prepositions before a time phrase that place or direct the verb's event; "about",
# "of", "on" or "over" can make their noun a topic that the date describes ("wrote
# about Paris in the 1920s").
PLACE_PREPOSITIONS = frozenset(
    {"from", "to", "in", "at", "by", "with", "for", "into", "near", "across", "toward",
     "towards", "inside", "outside", "within", "along", "around", "behind", "beside",
     "under", "onto", "against"}
)  # fmt: skip
PLACE_ADVERBS = frozenset({"home", "abroad", "away", "back", "here", "there", "together"})
# "-ly" adverbs that say when or how often, which a moved date would change: "met her
# first in 2002" is not "In 2002, (he) met her first".
TIME_ADVERBS = frozenset(
    {"early", "only", "lately", "recently", "previously", "formerly", "initially",
     "originally", "subsequently", "eventually", "finally", "currently", "presently",
     "shortly", "briefly", "repeatedly"}
)  # fmt: skip
# Verbs whose object may be a scene seen at a time ("remembered London in the 1960s",
# "the photo showed Paris in 1920"): the date may describe the object, not the verb.
PICTURING_VERBS = frozenset(
    {"remember", "recall", "describe", "depict", "portray", "compare", "liken", "study",
     "discuss", "investigate", "examine", "research", "recreate", "imagine", "evoke",
     "show", "film", "photograph", "document", "chronicle", "write", "paint", "miss"}
)  # fmt: skip
RANKING_WORDS = frozenset({"first", "last", "next", "only", "latest", "previous"})
# Adverbs of the verb that may focus its date: "only arrived on Monday" is not "On
# Monday, (he) only arrived".
DATE_FOCUS_WORDS = frozenset({"only", "just", "even", "precisely", "solely", "not"})
# Words after a time phrase that may start a clause describing it: "in 2008 when ...".
DESCRIBING_WORDS = frozenset({"when", "where", "while", "which", "who", "that", "as"})


def _is_time_or_place(head: Token, phrase: Sequence[Token], root: Token) -> bool:
    """A short "when"/"where" phrase of the verb that may sit at either end of the sentence."""
    if _words(phrase) > MAX_ADVERBIAL_WORDS or any(t.pos_ == "VERB" for t in phrase):
        return False
    if _completed_by_time(root):
        return False
    if head.dep_ in {"npadvmod", "advmod"}:
        return all(t.ent_type_ in TIME_ENTITIES for t in phrase)
    if head.dep_ != "prep" or head.lower_ not in ADVERBIAL_PREPOSITIONS:
        return False
    objects = _children(head, "pobj")
    if len(objects) != 1 or any(t.dep_ == "prep" and t.lower_ != "of" for t in phrase[1:]):
        return False
    if objects[0].ent_type_ in TIME_ENTITIES:
        return True
    # Place phrases are often the verb's complement ("lives in Paris"); move them only
    # where the verb already has its object, so the phrase is a true adverbial.
    return objects[0].ent_type_ in PLACE_ENTITIES and bool(_children(root, "dobj"))


def _completed_by_time(root: Token) -> bool:
    """Whether a time phrase of this verb may be what completes it rather than a date:
    "The film is set in 1920", "The election was in May" (the phrase is the predicate)."""
    if root.lemma_.lower() in COMPLETED_BY_TIME:
        return True
    return root.lemma_.lower() == "be" and not _children(root, "attr", "acomp", "oprd")


def _is_scene(head: Token, phrase: Sequence[Token]) -> bool:
    """An opening prepositional phrase that sets the scene ("In the video,", "In their
    booking photos,") and reads the same at the end of the sentence.

    Only moved to the end (where nothing after the verb may own it, see
    ``_unambiguous_rest``); discourse phrases ("In fact,", "For example,") are not scenes.
    """
    if head.dep_ != "prep" or head.lower_ in {"according", "like", "unlike", "as", "for"}:
        return False
    objects = _children(head, "pobj")
    if len(objects) != 1 or objects[0].pos_ not in {"NOUN", "PROPN"}:
        return False
    if _words(phrase) > MAX_SCENE_WORDS or _words(phrase) < 2:
        return False
    if any(t.pos_ in {"VERB", "AUX"} or t.lower_ in FOCUS_WORDS for t in phrase):
        return False
    return " ".join(t.lower_ for t in phrase) not in DISCOURSE_PHRASES


def _unambiguous_rest(main: Sequence[Token], root: Token, fronting: bool) -> bool:
    """Whether nothing after the verb could own the time phrase instead of the verb.

    "The agreement follows the discovery of bones last summer": "last summer" belongs to
    "discovery", so it must not be fronted; a clause, a date, or (when fronting) any
    prepositional phrase there ("held in the run up to World Aids Day on December 1")
    makes the attachment unclear.
    """
    after = [t for t in main if t.i > root.i]
    if any(t.pos_ == "VERB" or t.ent_type_ in TIME_ENTITIES for t in after):
        return False
    if after and root.lemma_.lower() in PICTURING_VERBS:
        return False  # "remembered London in the 1960s"
    if _ranks(after):
        return False
    if fronting:
        return not any(t.dep_ in {"prep", "agent", "relcl", "acl"} for t in after)
    return not any(t.dep_ in {"prep", "relcl", "acl"} and t.head.i != root.i for t in after)


def _is_inner_time(head: Token, phrase: Sequence[Token]) -> bool:
    """A short phrase that only dates the verb ("in August", "last week", "about 300 years
    ago") and may therefore leave the middle of its clause for the front, or come back.

    Stricter than ``_is_time_or_place``: every word after the preposition is part of the
    date, so nothing in the phrase can hang on to a word left behind.
    """
    if _words(phrase) > MAX_DATE_WORDS or phrase[0].lower_ in FOCUS_WORDS:
        return False
    if any(t.pos_ in {"VERB", "AUX"} or _is_quote(t) for t in phrase):
        return False
    if head.dep_ in {"npadvmod", "advmod"}:
        if _is_ago(phrase):
            return True
        return phrase[0].lower_ in DEICTIC_TIME and all(
            t.ent_type_ in TIME_ENTITIES for t in phrase
        )
    if head.dep_ != "prep" or head.lower_ not in INNER_PREPOSITIONS or head.i != phrase[0].i:
        return False
    objects = _children(head, "pobj")
    if len(objects) != 1 or objects[0].ent_type_ not in TIME_ENTITIES:
        return False
    return all(t.ent_type_ in TIME_ENTITIES or t.is_punct for t in phrase[1:])


def _is_ago(phrase: Sequence[Token]) -> bool:
    """ "(almost) two weeks ago", "a fortnight ago": the tagger does not always mark these
    as a date, but a unit of time before "ago" is one."""
    if phrase[-1].lower_ != "ago" or len(phrase) < 2:
        return False
    unit = phrase[-2]
    if unit.lemma_.lower() not in TIME_UNITS:
        return False
    return all(t.pos_ in {"DET", "NUM", "ADV"} for t in phrase[:-2])


def _ranks(tokens: Sequence[Token]) -> bool:
    """Whether a superlative or an ordinal is there that a date may measure: "the first
    pope in 600 years" is not "In 600 years, he became the first pope"."""
    return any(
        t.tag_ in {"JJS", "RBS"}
        or t.ent_type_ == "ORDINAL"
        or (t.pos_ == "ADJ" and t.lower_ in RANKING_WORDS)
        for t in tokens
    )


def _only_time_in(body: Sequence[Token], phrase: Sequence[Token]) -> bool:
    """Whether the phrase holds every date of the sentence: with two ("in 1914 at the age
    of 20", "a week after the attack in May"), which one dates the verb is unclear."""
    inside = {t.i for t in phrase}
    return not any(t.ent_type_ in TIME_ENTITIES and t.i not in inside for t in body)


def _dated_by_time(body: Sequence[Token], root: Token) -> bool:
    """Whether the verb is one event that a time phrase can date wherever it stands.

    A coordinated finite verb or participle anywhere ("had volunteered in 1936 ... and
    served in Afghanistan") may be the verb's own partner, misparsed, that shares the
    phrase or not (coordinated "-ing" forms, "with aiding and abetting", stay inside
    their phrase); a verb completed by the phrase ("set in 1920") or "be" ("The
    election was in May") is not dated by it.
    """
    if _completed_by_time(root) or root.lemma_.lower() == "be":
        return False
    if _children(root, "conj", "parataxis", "csubj"):
        return False
    return not any(t.dep_ == "conj" and t.tag_ in {"VBD", "VBN", "VBZ", "VBP"} for t in body)


def _dates_an_event_of_the_past(root: Token) -> bool:
    """A past or perfect verb: a past time phrase after a present one may date a noun
    instead ("Nearly all descend from a group of about 5,000 a century ago")."""
    if root.tag_ == "VBD":
        return True
    auxiliaries = _children(root, "aux", "auxpass")
    return root.tag_ == "VBN" and any(
        a.tag_ == "VBD" or a.lemma_.lower() == "have" for a in auxiliaries
    )


def _only_the_verb_owns(before: Token, root: Token) -> bool:
    """Whether every word whose phrase ends right before the time phrase is one that no
    date can describe, so the phrase must belong to the verb.

    Those words are ``before`` and its heads up to the verb. A preposition, a particle,
    an adverb of the verb, a pronoun, a name, or a noun for a person, body or place
    ("resigned from the government in August") leave it to the verb; a clause, an
    adjective ("due", "missing"), a number or a counted noun ("grew from 500 workers in
    2010") or any other noun ("the discovery of bones last summer") may own it.
    """
    if before.i != root.i and root.lemma_.lower() in PICTURING_VERBS:
        return False
    token = before
    while token.i != root.i:
        if not _cannot_own_a_date(token, root) or token.head.i == token.i:
            return False
        token = token.head
    return True


def _cannot_own_a_date(token: Token, root: Token) -> bool:
    """One word before a time phrase that the phrase cannot describe (see
    ``_only_the_verb_owns``)."""
    if token.dep_ in {"prep", "agent"} and token.pos_ == "ADP":
        return token.lower_ in PLACE_PREPOSITIONS
    if token.head.i == root.i and token.dep_ == "prt":
        return True
    if token.head.i == root.i and token.dep_ == "advmod" and token.pos_ == "ADV":
        return token.lower_ in PLACE_ADVERBS or (
            token.lower_.endswith("ly") and token.lower_ not in FOCUS_WORDS | TIME_ADVERBS
        )
    if token.tag_ == "PRP":
        return True
    if token.ent_type_ in TIME_ENTITIES or token.like_num:
        return False
    if _children(token, "nummod", "quantmod"):
        return False  # "grew from 500 workers in 2010": the count may be the date's
    if token.pos_ == "PROPN":
        return token.ent_type_ in NAME_ENTITIES
    return token.pos_ == "NOUN" and token.lemma_.lower() in NOT_EVENTS


def _inner_time_phrase(body: Sequence[Token], root: Token) -> list[Token] | None:
    """The one time phrase of the verb inside the clause (not first), and the only date
    of the sentence, or None."""
    found: list[list[Token]] = []
    for child in _children(root, "prep", "npadvmod", "advmod"):
        phrase = _subtree(child, body)
        if phrase is not None and phrase[0].i != body[0].i and _is_inner_time(child, phrase):
            found.append(phrase)
    if len(found) != 1 or not _only_time_in(body, found[0]):
        return None
    return found[0]


def _plain_clause(root: Token) -> bool:
    """A positive finite statement of one subject whose time a phrase may give: no
    negation or modal for a moved phrase to scope over differently."""
    if _is_negated(root) or not _is_finite(root):
        return False
    if any(c.tag_ == "MD" for c in _children(root, "aux")):
        return False  # "Yesterday, it should have been made": when was it required?
    if any(c.lower_ in DATE_FOCUS_WORDS for c in _children(root, "advmod")):
        return False  # "only arrived on Monday": the focus is on the date
    return len(_children(root, *SUBJECTS)) == 1


def _clear_after(body: Sequence[Token], end: int, root: Token) -> bool:
    """Whether what follows a time phrase inside the clause (from ``body[end]``) cannot
    take it as its own: no clause describing it ("in 2008 when ...", "yesterday, when
    ..."), no reported clause it could open ("said on Monday the firm would close")."""
    if end == len(body):
        return True
    following = body[end]
    if following.text == ",":
        after = body[end + 1] if end + 1 < len(body) else None
        return after is not None and after.dep_ == "prep" and after.head.i == root.i
    if following.is_punct or _is_quote(following):
        return False
    if following.lower_ == "that":
        return following.dep_ == "mark" and following.head.head.i == root.i
    if following.lower_ in DESCRIBING_WORDS or _opens_a_clause(following, root):
        return False
    return _reported_after_that(root, end, body)


def _opens_a_clause(token: Token, root: Token) -> bool:
    """Whether ``token`` starts the subject of a clause that nothing introduces, whatever
    the parse calls the clause ("said on Monday the man had died" may come out as a
    relative clause of "Monday"): a time phrase right before it may be that clause's."""
    head = token
    while head.i != root.i:
        if _bare_clause(head) and head.left_edge.i == token.i:
            return True
        if head.head.i == head.i:
            return False
        head = head.head
    return False


def _bare_clause(verb: Token) -> bool:
    """A clause that opens with its own subject, with no "that", "after" or "which"
    ("who attacked her" is introduced by its subject)."""
    subjects = _children(verb, *SUBJECTS)
    if not subjects or verb.left_edge.i != subjects[0].left_edge.i:
        return False
    return subjects[0].left_edge.tag_ not in {"WP", "WDT", "WP$"}


def _reported_after_that(root: Token, end: int, body: Sequence[Token]) -> bool:
    """Whether every reported clause of the verb from ``body[end]`` on opens with "that"
    (a time phrase before "he used ..." might be the reported clause's own)."""
    return all(
        clause.left_edge.lower_ == "that"
        for clause in _children(root, "ccomp")
        if end < len(body) and clause.i >= body[end].i
    )


def _fronted_from_inside(body: list[Token], root: Token) -> str | None:
    """Front the verb's time phrase from inside the clause:
    "Dawoud resigned from the government in August in protest of ..." ->
    "In August, Dawoud resigned from the government in protest of ...";
    "Marine experts today warned ..." -> "Today, marine experts warned ...".

    Nothing before the phrase may own it (see ``_only_the_verb_owns``) and nothing after
    it may take it over (see ``_clear_after``).
    """
    if not _starts_with_subject(body, root) or not _dates_an_event_of_the_past(root):
        return None
    phrase = _inner_time_phrase(body, root) if _dated_by_time(body, root) else None
    if phrase is None:
        return None
    start = _index(body, phrase[0])
    end = start + len(phrase)
    subject = _children(root, *SUBJECTS)[0]
    before = body[start - 1]
    if subject.right_edge.i >= phrase[0].i or before.is_punct:
        return None
    if phrase[-1].i < root.i and body[end].i != root.i:
        return None  # before the verb, only right before it: "Experts today warned"
    owners = body[:start] if phrase[0].i < root.i else [t for t in body[:start] if t.i > root.i]
    if _ranks(owners):
        return None  # "became the first pope in 600 years"
    if any(_is_quote(t) for t in body[:end]) or not _quotes_balanced(body[end:]):
        return None
    if not _only_the_verb_owns(before, root) or not _clear_after(body, end, root):
        return None
    rest = _inner(body[:start])
    if end < len(body) and body[end].text == "," and any(t.text == "," for t in phrase):
        end += 1  # the comma that closed "March 18, 2012," goes with it
    if end < len(body):
        rest += ("" if body[end].is_punct else " ") + _text(body[end:])
    return _sentence(f"{_text(phrase)}, {rest}")


def _insertion_point(main: Sequence[Token], root: Token) -> int | None:
    """Where an opening time phrase can go right after the verb (and a particle or a
    pronoun object): before a prepositional phrase or "that" of the verb ("Bell
    was charged in March with ...", "Obama told them on Monday that ..."). None where
    the verb's object would follow the phrase ("caused in 1997 outrage")."""
    k = _index(main, root) + 1
    while k < len(main) and _stays_by_the_verb(main[k], root):
        k += 1
    if k >= len(main):
        return None
    following = main[k]
    completions = _children(root, "dobj", "dative", "attr", "acomp", "oprd")
    if any(c.i >= following.i for c in completions):
        return None
    if following.head.i == root.i and following.dep_ in {"prep", "agent"}:
        return k if following.lower_ != "of" else None
    if (following.dep_, following.lower_) == ("mark", "that"):
        return k if following.head.head.i == root.i else None
    return None  # before "to" it splits the verb from its infinitive: "were seeking in May to"


def _stays_by_the_verb(token: Token, root: Token) -> bool:
    """A particle or pronoun object that reads better before an inserted time phrase:
    "backed down on Saturday", "told him on Monday"."""
    if token.head.i != root.i:
        return False
    return token.dep_ == "prt" or (token.dep_ in {"dobj", "dative"} and token.tag_ == "PRP")


def _moved_inside(body: list[Token], root: Token) -> str | None:
    """Move an opening time phrase to right after the verb when more follows the verb:
    "In March, Bell was charged with aiding ..." -> "Bell was charged in March with
    aiding ...". Right after the verb nothing but the verb can own it, where the end of
    a longer clause would leave it to whichever noun comes last.

    The comma after the phrase may be missing ("Yesterday Rowlands was jailed ..."):
    the parse must then still make the phrase the verb's and the subject come next.
    """
    movable = _children(root, "prep", "npadvmod", "advmod")
    first = [c for c in movable if c.left_edge.i == body[0].i]
    if not first or not _dated_by_time(body, root):
        return None
    phrase = _subtree(first[0], body)
    if phrase is None or not _is_inner_time(first[0], phrase) or not _only_time_in(body, phrase):
        return None
    end = len(phrase) + (1 if len(phrase) < len(body) and body[len(phrase)].text == "," else 0)
    main = body[end:]
    if not main or not _starts_with_subject(main, root):
        return None
    k = _insertion_point(main, root)
    if k is None or any(_is_quote(t) for t in main[:k]) or not _quotes_balanced(main[k:]):
        return None
    if not _reported_after_that(root, k, main) or _has_bare_clause(main[k:], root):
        return None
    return _sentence(f"{_text(main[:k])} {_inner(phrase)} {_text(main[k:])}")


def _has_bare_clause(tokens: Sequence[Token], root: Token) -> bool:
    """Whether a clause that opens with its own subject, with no "that" or other word to
    introduce it, follows: the parse may have hidden a reported clause there ("police
    said in a statement the man had died" came out as a relative clause of "statement")."""
    return any(t.i != root.i and _bare_clause(t) for t in tokens)


def _moved_from_the_end(body: list[Token], root: Token) -> str | None:
    """Front the clause's last phrase when nothing after the verb could own it
    ("The law passed on Monday." -> "On Monday, the law passed.")."""
    movable = _children(root, "prep", "npadvmod", "advmod")
    last = [c for c in movable if c.right_edge.i == body[-1].i and c.left_edge.i > root.i]
    if not last or not _starts_with_subject(body, root):
        return None
    phrase = _subtree(last[0], body)
    if phrase is None or not _is_time_or_place(last[0], phrase, root):
        return None
    main = body[: _index(body, phrase[0])]
    if main[-1].text == "," or not _unambiguous_rest(main, root, fronting=True):
        return None
    return _sentence(f"{_text(phrase)}, {_inner(main)}")


def _moved_to_the_end(body: list[Token], root: Token) -> str | None:
    """Move an opening time, place or scene phrase to the end when nothing after the
    verb could own it ("On Monday, the law passed." -> "The law passed on Monday.")."""
    movable = _children(root, "prep", "npadvmod", "advmod")
    first = [c for c in movable if c.left_edge.i == body[0].i]
    if not first:
        return None
    phrase = _subtree(first[0], body)
    if phrase is None:
        return None
    if not (_is_time_or_place(first[0], phrase, root) or _is_scene(first[0], phrase)):
        return None
    end = len(phrase)
    if end >= len(body) or body[end].text != ",":
        return None
    main = body[end + 1 :]
    if not main or not _starts_with_subject(main, root):
        return None
    if not _unambiguous_rest(main, root, fronting=False):
        return None
    return _sentence(f"{_text(main)} {_inner(phrase)}")


@_declines_when_unsure
def front_adverbial(sent: Doc | Span) -> str | None:
    """Move a time or place phrase to the other end of the sentence, or a time phrase
    between the front and the inside of its clause.

    "The law passed on Monday." <-> "On Monday, the law passed."
    "Bell was charged in March with aiding ..." <-> "In March, Bell was charged with aiding ..."
    """
    span = _as_sentence(sent)
    body = None if span is None else _body(span)
    if span is None or body is None:
        return None
    root = span.root
    if not _plain_clause(root):
        return None
    simple = not _children(root, "conj", "ccomp", "parataxis", "advcl", "xcomp")
    if simple and not any(_is_quote(t) for t in body):
        moved = _moved_from_the_end(body, root) or _moved_to_the_end(body, root)
        if moved:
            return moved
    return _fronted_from_inside(body, root) or _moved_inside(body, root)
