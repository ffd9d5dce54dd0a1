"""Active <-> passive for a past or perfect transitive clause with plain noun phrases.

Which noun phrases are plain enough to trade places as subject, object and "by" phrase
(``_is_plain``, ``_is_agent``) is decided here too: no other transform swaps them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rewrite_cli.transforms.casing import _declines_when_unsure, _inner
from rewrite_cli.transforms.tokens import (
    SPEECH_VERBS,
    _as_sentence,
    _body,
    _children,
    _is_negated,
    _is_plural,
    _is_quote,
    _quotes_balanced,
    _sentence,
    _subtree,
    _text,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

DEFINITE_DETERMINERS = frozenset({"the", "this", "that", "these", "those"})
QUANTIFIERS = frozenset(
    {"many", "few", "several", "some", "all", "every", "each", "no", "most", "both", "any",
     "numerous", "more", "fewer", "less", "certain", "various", "countless", "much"}
)  # fmt: skip
LIGHT_VERBS = frozenset({"take", "make", "give", "have", "do"})
# Verbs whose passive is unidiomatic or shifts the sense ("a reaction was met by threats",
# "calls had been faced by him", "place was taken by the crash").
NO_PASSIVE = frozenset(
    {"get", "meet", "face", "pay", "gain", "lose", "suffer",
     "receive", "enjoy", "need", "want", "lack", "cost", "reach", "hold", "spend", "see",
     "have", "do", "become", "weigh", "fit", "resemble", "contain", "include", "earn",
     "join", "leave", "enter", "attend"}
)  # fmt: skip

# Past tense -> past participle for the irregular verbs news text uses most; regular
# "-ed" verbs have identical forms. A verb in neither is left alone rather than guessed.
IRREGULAR_PARTICIPLES = {
    "beat": "beaten", "became": "become", "began": "begun", "bit": "bitten", "blew": "blown",
    "broke": "broken", "brought": "brought", "built": "built", "bought": "bought",
    "caught": "caught", "chose": "chosen", "cut": "cut", "dealt": "dealt", "drew": "drawn",
    "drove": "driven", "ate": "eaten", "fed": "fed", "felt": "felt", "fought": "fought",
    "found": "found", "forgave": "forgiven", "froze": "frozen", "gave": "given",
    "grew": "grown", "heard": "heard", "held": "held", "hid": "hidden", "hit": "hit",
    "hurt": "hurt", "kept": "kept", "knew": "known", "laid": "laid", "led": "led",
    "left": "left", "lent": "lent", "lost": "lost", "made": "made", "meant": "meant",
    "met": "met", "paid": "paid", "put": "put", "read": "read", "rode": "ridden",
    "sent": "sent", "set": "set", "shook": "shaken", "shot": "shot", "shut": "shut",
    "sold": "sold", "sought": "sought", "spent": "spent", "spoke": "spoken", "stole": "stolen",
    "struck": "struck", "swore": "sworn", "taught": "taught", "took": "taken", "tore": "torn",
    "threw": "thrown", "told": "told", "understood": "understood", "won": "won",
    "woke": "woken", "wore": "worn", "wrote": "written", "saw": "seen", "bore": "borne",
    "withdrew": "withdrawn", "overtook": "overtaken", "undertook": "undertaken",
    "upheld": "upheld", "overthrew": "overthrown", "forbade": "forbidden", "sank": "sunk",
    "stung": "stung", "hung": "hung", "dug": "dug",
}  # fmt: skip
IRREGULAR_PAST = {participle: past for past, participle in IRREGULAR_PARTICIPLES.items()}


def _is_definite(head: Token) -> bool:
    """A noun phrase that names one known thing: a proper name, "the X", "its X"."""
    if head.pos_ == "PRON":
        return False
    if head.pos_ == "PROPN":
        return True
    return any(
        (c.dep_ == "det" and c.lower_ in DEFINITE_DETERMINERS) or c.dep_ == "poss"
        for c in head.children
    )


def _is_agent(head: Token) -> bool:
    """A doer that reads the same after "by": a plain noun phrase with nothing after it."""
    if _children(head, "prep", "acl", "relcl", "appos"):
        return False  # "police in London": the phrase may belong to the verb instead
    return _is_plain(head)


def _is_plain(head: Token) -> bool:
    """A noun phrase that means the same as subject or object: "the man", "a storm",
    "police", "his car"; quantified ones ("every", "two", "no") may swap their scope."""
    if head.pos_ == "PRON" or _children(head, "nummod", "quantmod", "predet"):
        return False
    if any(c.lower_ in QUANTIFIERS for c in head.children):
        return False
    if _is_definite(head):
        return True
    dets = _children(head, "det")
    return all(d.lower_ in {"a", "an"} for d in dets) and len(dets) <= 1


def _is_countable_object(head: Token) -> bool:
    """An object that is not half of an idiom: a bare singular ("took place", "made
    sense", "paid attention") is, so it needs a determiner, a plural or a name."""
    if head.pos_ == "PROPN" or head.tag_ in {"NNS", "NNPS"}:
        return True
    return bool(_children(head, "det", "poss"))


def past_participle(verb: Token) -> str | None:
    """The past participle of a past-tense verb, or None when not sure of it."""
    text = verb.lower_
    if text in IRREGULAR_PARTICIPLES:
        return IRREGULAR_PARTICIPLES[text]
    return text if text.endswith("ed") and verb.tag_ == "VBD" else None


def simple_past(verb: Token) -> str | None:
    """The simple past of a past participle, or None when not sure of it."""
    text = verb.lower_
    if text in IRREGULAR_PAST:
        return IRREGULAR_PAST[text]
    return text if text.endswith("ed") and verb.tag_ == "VBN" else None


_VOICE_MODIFIERS = frozenset({"prep", "npadvmod", "advmod", "punct"})


def _trailing(root: Token, after: int, body: list[Token], skip: set[int]) -> list[Token] | None:
    """The verb's modifiers after position ``after``; None if something else is there.

    No verb may be among them: in "Tomasz gained followers after kayaking" the one who
    kayaked is the subject, and a voice change would hand that role to the object.
    """
    rest = [t for t in body if t.i > after and t.i not in skip]
    for child in root.children:
        if child.i > after and child.i not in skip and child.dep_ not in _VOICE_MODIFIERS:
            return None
    if any(t.pos_ in {"VERB", "AUX"} or t.lower_ == "by" for t in rest):
        return None
    return rest


def _perfect(verb: Token, *, passive: bool) -> Token | None:
    """The "has"/"have"/"had" of a perfect verb ("has arrested", "had been arrested")."""
    auxes = _children(verb, "aux")
    if len(auxes) != 1 or auxes[0].lower_ not in {"has", "have", "had"}:
        return None
    if passive and not any(c.lower_ == "been" for c in _children(verb, "auxpass")):
        return None
    return auxes[0]


def _have(aux: Token, head: Token) -> str:
    """The perfect auxiliary that agrees with a new subject: "had" stays, has/have agree."""
    if aux.lower_ == "had":
        return "had"
    return "have" if _is_plural(head) else "has"


def _to_passive(body: list[Token], root: Token) -> str | None:
    """Active to passive: "Police arrested the man." -> "The man was arrested by police."

    Also in the perfect: "The storm has damaged the roof." -> "The roof has been damaged
    by the storm."
    """
    if root.lemma_ in {"be", "have"} | SPEECH_VERBS:
        return None
    perfect = _perfect(root, passive=False) if root.tag_ == "VBN" else None
    if root.tag_ != "VBD" and perfect is None:
        return None
    subjects, objects = _children(root, "nsubj"), _children(root, "dobj")
    if len(subjects) != 1 or len(objects) != 1:
        return None
    allowed = {"nsubj", "dobj"} | _VOICE_MODIFIERS | ({"aux"} if perfect else set())
    if any(c.dep_ not in allowed for c in root.children if c.i >= body[0].i) or _is_negated(root):
        return None
    subject, obj = _subtree(subjects[0], body), _subtree(objects[0], body)
    if subject is None or obj is None or subject[0].i != body[0].i:
        return None
    verb_start = perfect.i if perfect is not None else root.i
    if (
        subject[-1].i + 1 != verb_start
        or obj[0].i != root.i + 1
        or root.i != verb_start + (1 if perfect is not None else 0)
    ):
        return None
    if not (_is_agent(subjects[0]) and _is_plain(objects[0])):
        return None
    if objects[0].pos_ not in {"NOUN", "PROPN"} or subjects[0].pos_ not in {"NOUN", "PROPN"}:
        return None
    if not _is_countable_object(objects[0]) or root.lemma_ in NO_PASSIVE:
        return None
    if root.lemma_ in LIGHT_VERBS and not (_is_definite(objects[0]) or _is_plural(objects[0])):
        return None  # "took a look", "gave a speech": not a thing that was taken or given
    if any(t.text in {",", "--", "–", "—", "("} for t in subject + obj):
        return None  # appositives and asides read badly once moved ("... denies were raised")
    participle = root.lower_ if perfect is not None else past_participle(root)
    rest = _trailing(root, obj[-1].i, body, set())
    if participle is None or rest is None or any(_is_quote(t) for t in subject + obj):
        return None
    if perfect is not None:
        be = f"{_have(perfect, objects[0])} been"
    else:
        be = "were" if _is_plural(objects[0]) else "was"
    tail = f" {_text(rest)}" if rest else ""
    return _sentence(f"{_text(obj)} {be} {participle} by {_inner(subject)}{tail}")


def _to_active(body: list[Token], root: Token) -> str | None:
    """Passive to active: "The man was arrested by police." -> "Police arrested the man."

    Also in the perfect: "The roof has been damaged by the storm." -> "The storm has
    damaged the roof."
    """
    if root.tag_ != "VBN":
        return None
    subjects, auxes, agents = (_children(root, d) for d in ("nsubjpass", "auxpass", "agent"))
    if len(subjects) != 1 or len(auxes) != 1 or len(agents) != 1 or _is_negated(root):
        return None
    perfect = _perfect(root, passive=True)
    if auxes[0].lower_ not in {"was", "were"} and perfect is None:
        return None
    allowed = {"nsubjpass", "auxpass", "agent"} | _VOICE_MODIFIERS | ({"aux"} if perfect else set())
    if any(c.dep_ not in allowed for c in root.children if c.i >= body[0].i):
        return None
    objects = _children(agents[0], "pobj")
    subject, agent = _subtree(subjects[0], body), _subtree(agents[0], body)
    if len(objects) != 1 or subject is None or agent is None or subject[0].i != body[0].i:
        return None
    verb_start = perfect.i if perfect is not None else auxes[0].i
    if subject[-1].i + 1 != verb_start or auxes[0].i + 1 != root.i or agent[0].i <= root.i:
        return None
    if perfect is not None and perfect.i + 1 != auxes[0].i:
        return None
    if not (_is_plain(subjects[0]) and _is_agent(objects[0])):
        return None
    if objects[0].pos_ not in {"NOUN", "PROPN"} or subjects[0].pos_ not in {"NOUN", "PROPN"}:
        return None
    if any(t.text == "," for t in subject + agent):
        return None  # appositives and relative clauses read badly once moved
    if perfect is not None:
        verb = f"{_have(perfect, objects[0])} {root.lower_}"
    else:
        verb = simple_past(root)
    rest = _trailing(root, root.i, body, {t.i for t in agent})
    if verb is None or rest is None or any(_is_quote(t) for t in subject + agent):
        return None
    tail = f" {_text(rest)}" if rest else ""
    return _sentence(f"{_text(agent[1:])} {verb} {_inner(subject)}{tail}")


@_declines_when_unsure
def change_voice(sent: Doc | Span) -> str | None:
    """Active <-> passive for a past or perfect transitive clause with plain noun phrases.

    Declines on negation, modals, other auxiliaries, pronouns, quantifiers ("many",
    "two"), clausal complements, verbs after the object, idioms ("took place") and verbs
    whose participle is not certain, because each of those can shift meaning.
    """
    span = _as_sentence(sent)
    body = None if span is None else _body(span)
    if span is None or body is None or not _quotes_balanced(body):
        return None
    root = span.root
    return _to_passive(body, root) or _to_active(body, root)
