"""Deterministic rewrites on the dependency parse: new wording that cannot change meaning.

A model may paraphrase well but can also invent facts; these transforms only move whole
parse subtrees around (and add or drop a few function words such as "that", "by",
"was", "been"), so every content word of the source survives exactly once. They give the
verify stage safe candidates even when no model runs, and give a model-free engine
something better than copying the source.

Each transform takes one parsed sentence (a spaCy ``Doc`` or ``Span``) and returns the
rewritten sentence, or ``None`` when it does not apply or cannot be applied safely.
They are deliberately conservative: when the parse leaves any doubt (negation, modals,
pronouns, quotes crossing the cut, a clause that may scope over two verbs) they decline.
So does a transform that would move a sentence's first word inside when it cannot tell
whether that word is a name ("Arsenal loanee ...") or a common word ("Head coach ...").
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rewrite_cli.document import Candidate

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

CASING_KEY = "rewrite_cli.casing"  # where transform_candidates leaves the Casing on a Doc
SPEECH_VERBS = frozenset(
    {
        "say", "tell", "add", "explain", "state", "claim", "announce", "report", "note",
        "warn", "insist", "argue", "confirm", "reveal", "admit", "write", "tweet", "allege",
        "estimate", "believe", "suggest", "acknowledge", "testify", "predict", "declare",
        "show", "find", "think", "fear", "hear", "indicate", "conclude", "continue", "reply",
        "respond", "rule", "recall",
    }
)  # fmt: skip
# Speech verbs that also take a verbless "small clause" ("found the man killed").
SMALL_CLAUSE_VERBS = frozenset({"find", "show", "hear", "think", "believe", "fear"})
CLAUSE_MARKS = frozenset(
    {"after", "because", "while", "although", "though", "when", "before", "as", "since", "until"}
)
# Prepositions that open a gerund phrase which may sit at either end ("after leaving").
GERUND_MARKS = frozenset({"after", "before", "since", "while", "despite", "without"})
CONTRAST_MARKS = frozenset({"although", "though", "while", "whereas"})
# Words right before a subordinate clause that focus it; fronting the clause would
# change what they (or a negation) scope over: "not only because ...", "just as ...".
FOCUS_WORDS = frozenset(
    {"not", "only", "just", "even", "partly", "largely", "mainly", "simply", "solely", "precisely"}
)
OPEN_QUOTES = frozenset({'"', "'", "‘", "“", "``"})
CLOSE_QUOTES = frozenset({'"', "'", "’", "”", "''"})
QUOTES = OPEN_QUOTES | CLOSE_QUOTES
MATCHING_QUOTE = {'"': '"', "'": "'", "‘": "’", "“": "”", "``": "''"}
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
NAMED_ENTITIES = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT",
     "LANGUAGE"}
)  # fmt: skip
DEFINITE_DETERMINERS = frozenset({"the", "this", "that", "these", "those"})
TIME_ENTITIES = frozenset({"DATE", "TIME"})
PLACE_ENTITIES = frozenset({"GPE", "LOC", "FAC"})
ADVERBIAL_PREPOSITIONS = frozenset(
    {"in", "on", "at", "during", "since", "until", "after", "before", "earlier", "last"}
)
TRUNCATED_ENDINGS = frozenset(
    {"det", "aux", "auxpass", "mark", "cc", "prep", "poss", "nsubj", "nsubjpass", "case"}
)
ASIDES = frozenset({",", ";", "-", "--", "–", "—", "("})  # marks that open a new clause or aside
ENCLOSED = frozenset({"appos", "relcl", "acl", "prep", "advcl", "amod"})  # may sit in commas
EMBEDDED = frozenset({"advcl", "relcl", "ccomp", "csubj"})
SUBJECT_PRONOUNS = frozenset({"i", "he", "she", "we", "they"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
THIRD_PERSON = frozenset(
    {"he", "him", "his", "himself", "she", "her", "hers", "herself", "it", "its", "itself",
     "they", "them", "their", "theirs", "themselves"}
)  # fmt: skip
MIN_SPLIT_WORDS = 16
MAX_FRONTED_WORDS = 16  # longer subordinate clauses are where the parser errs most
MAX_ADVERBIAL_WORDS = 6
MIN_HALF_WORDS = 4
MAX_LABEL_WORDS = 5
PLURAL_NOUNS = frozenset({"police", "people", "cattle", "clergy"})
# Words before a name that news style writes lower-case: "former president Bill Clinton".
LOWER_CASE_TITLES = frozenset(
    {"former", "head", "late", "veteran", "then", "retired", "fellow", "rival", "ousted"}
)  # fmt: skip
# Titles written with a capital right before a name: "President Obama", "Sgt Sharp".
FORMAL_TITLES = frozenset(
    {"president", "prime", "minister", "secretary", "senator", "sen", "governor", "gov",
     "mayor", "judge", "justice", "detective", "det", "sergeant", "sgt", "inspector",
     "constable", "chancellor", "king", "queen", "prince", "princess", "duke", "duchess",
     "lord", "lady", "sir", "dame", "pope", "bishop", "archbishop", "cardinal", "rev",
     "dr", "professor", "prof", "general", "gen", "colonel", "col", "captain", "capt",
     "lieutenant", "lt", "admiral", "commander", "superintendent", "supt", "ambassador",
     "councillor", "congressman", "congresswoman", "rep", "speaker", "mr", "mrs", "ms",
     "miss", "st", "saint", "chief"}
)  # fmt: skip
CALENDAR_WORDS = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
     "january", "february", "march", "april", "june", "july", "august", "september",
     "october", "november", "december", "christmas", "easter"}
)  # fmt: skip
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
MAX_SETTING_WORDS = 10
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
# Where something was said: "In a statement, X said ..." -> "..., X said in a statement."
SPEECH_SETTINGS = frozenset(
    {"statement", "interview", "letter", "email", "e-mail", "message", "post", "tweet",
     "speech", "conference", "briefing", "court", "hearing", "meeting", "broadcast", "show",
     "programme", "program", "podcast", "blog", "documentary", "article", "column", "note",
     "memo", "filing", "testimony", "radio", "television", "twitter", "facebook",
     "instagram", "website", "memoir", "appearance", "address", "release", "op-ed"}
)  # fmt: skip
# Sentence openers that scope over the whole sentence and can stay in front of any
# reordering of the rest ("But police said X." -> "But X, police said.").
CONNECTIVES = frozenset(
    {"and", "but", "yet", "however", "meanwhile", "nevertheless", "nonetheless", "moreover",
     "furthermore", "instead", "indeed", "additionally", "separately"}
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


# ---------------------------------------------------------------- text assembly


def _text(tokens: Sequence[Token]) -> str:
    """The tokens as written in the source (inner spacing kept, ends trimmed)."""
    return "".join(t.text_with_ws if t.whitespace_ else _space_after(t) for t in tokens).strip()


def _space_after(token: Token) -> str:
    """A word followed by a separate space token (e.g. a no-break space) keeps one space."""
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return token.text + (" " if following is not None and following.is_space else "")


@dataclass(frozen=True)
class Casing:
    """How the article writes words inside its sentences, and which words are English.

    A sentence's first word is capitalised whatever it is; once a transform moves it
    inside, it needs its own case back. The tagger misses many names ("Tomasz works
    ...", "Lovehearts have launched ..."), so the rest of the article and a dictionary
    settle what the parse cannot.
    """

    capitalised: frozenset[str] = frozenset()  # always written with a capital mid-sentence
    lowercase: frozenset[str] = frozenset()  # written lower-case somewhere mid-sentence
    dictionary: frozenset[str] | None = None  # lower-cased English words and lemmas


def article_casing(docs: Iterable[Doc | Span], dictionary: frozenset[str] | None = None) -> Casing:
    """Collect how the parsed sentences of one article write each word mid-sentence."""
    upper: set[str] = set()
    lower: set[str] = set()
    for doc in docs:
        for sent in doc.sents:
            for t in list(sent)[1:]:
                if t.is_alpha and not _after_opening(t):
                    (upper if t.text[0].isupper() else lower).add(t.lower_)
    return Casing(frozenset(upper - lower), frozenset(lower), dictionary)


def _after_opening(token: Token) -> bool:
    """A word right after an opening quote or colon starts a sentence of its own."""
    before = token.nbor(-1) if token.i > 0 else None
    return before is not None and (before.text in OPEN_QUOTES or before.text == ":")


def keeps_capital(token: Token) -> bool:
    """Whether a word keeps its capital letter when it no longer starts the sentence
    (when that cannot be told, a capital is the safer guess)."""
    return _case_of(token) is not False


def _case_of(token: Token) -> bool | None:
    """True: keeps its capital; False: lower-cased inside a sentence; None: cannot tell."""
    text = token.text
    if text == "I" or text.startswith("I'"):
        return True
    if len(text) > 1 and text.isupper():
        return True  # acronym: NATO, BBC
    if any(c.isupper() for c in text[1:]):
        return True  # McDonald, iPhone
    casing: Casing = token.doc.user_data.get(CASING_KEY) or Casing()
    seen = _written_elsewhere(token, casing)
    if _in_name(token):
        # "New York", "Queen Elizabeth", "Air Commodore Lambert": how the article writes
        # "new" or "air" elsewhere says nothing about the name.
        if token.lower_ in FORMAL_TITLES or _in_entity_with(token):
            return True
        if token.lower_ in LOWER_CASE_TITLES:
            return False
        if seen is True or casing.dictionary is None:
            return True
        if {token.lower_, token.lemma_.lower()} & casing.dictionary:
            return None  # "Arsenal loanee Benik Afobe" or "Head coach John Smith"?
        return True
    if seen is not None:
        return seen
    if token.is_stop or token.lower_ in LOWER_CASE_TITLES:
        return False
    if token.lower_ in CALENDAR_WORDS:
        return True
    entity = token.ent_type_ in NAMED_ENTITIES and token.lower_ not in {"the", "a", "an"}
    words = casing.dictionary
    if words is None:
        # No dictionary: trust the tagger, which reads a capitalised first word as a
        # name too often but rarely misses one that the rest of the sentence marks.
        return token.pos_ == "PROPN" or entity
    if not {token.lower_, token.lemma_.lower()} & words:
        return True  # not an English word: a name ("Tomasz", "Lovehearts")
    return entity


def _in_name(token: Token) -> bool:
    """A modifier inside a name phrase: it leads, through compounds, to a capitalised name."""
    head = token
    while head.dep_ in {"compound", "amod"} and head.head.i != head.i:
        head = head.head
        if head.pos_ == "PROPN" and head.text[:1].isupper():
            return True
    return False


def _in_entity_with(token: Token) -> bool:
    """Part of a named entity together with the capitalised word that follows it."""
    if token.ent_type_ not in NAMED_ENTITIES or token.i + 1 >= len(token.doc):
        return False
    following = token.nbor(1)
    return following.ent_iob_ == "I" and following.text[:1].isupper()


class _UnsureCase(Exception):
    """Raised when a moved first word may or may not be a name: the transform declines."""


def _declines_when_unsure(
    transform: Callable[[Doc | Span], str | None],
) -> Callable[[Doc | Span], str | None]:
    @functools.wraps(transform)
    def safe(sent: Doc | Span) -> str | None:
        try:
            return transform(sent)
        except _UnsureCase:
            return None

    return safe


def _written_elsewhere(token: Token, casing: Casing) -> bool | None:
    """Whether the article writes this word with a capital inside sentences (None: never
    seen there)."""
    seen = {
        t.text[0].isupper()
        for t in token.doc
        if t.lower_ == token.lower_ and t.i != token.i and not t.is_sent_start
    }
    if token.lower_ in casing.lowercase:
        seen.add(False)
    elif token.lower_ in casing.capitalised:
        seen.add(True)
    return all(seen) if seen else None


def _inner(tokens: Sequence[Token]) -> str:
    """The tokens as a non-initial part of a sentence: the old capital start lowered."""
    text = _text(tokens)
    if not text or not text[0].isupper():
        return text
    first = tokens[0]
    if not (first.is_sent_start or first.i == 0 or _after_opening(first)):
        return text  # a capital inside the source sentence is the writer's own
    keep = _case_of(first)
    if keep is None:
        raise _UnsureCase(tokens[0].text)
    return text if keep else text[0].lower() + text[1:]


def _initial(text: str) -> str:
    """Capitalise a new sentence start; a leading quote is left exactly as quoted."""
    if text and text[0].isalpha() and text[0].islower():
        return text[0].upper() + text[1:]
    return text


def _sentence(text: str, end: str = ".") -> str:
    """One sentence with exactly one final mark (a quote's own mark counts)."""
    text = text.strip().rstrip(",;:-–—").rstrip()
    if text.endswith((".", "!", "?")) or (
        text[-1:] in CLOSE_QUOTES and text[-2:-1] in {".", "!", "?"}
    ):
        return _initial(text)
    return _initial(text + end)


# ---------------------------------------------------------------- parse helpers


def _as_sentence(sent: Doc | Span) -> Span | None:
    """One sentence as a span; None for a doc holding several (moves across them are unsafe)."""
    if hasattr(sent, "sents") and not hasattr(sent, "root"):
        if not sent.has_annotation("DEP"):
            return None  # transforms need the dependency parse
        sents = list(sent.sents)
        return sents[0] if len(sents) == 1 else None
    return sent


def _tokens(sent: Span) -> list[Token]:
    return [t for t in sent if not t.is_space]


def _body(sent: Span) -> list[Token] | None:
    """The sentence without its final full stop; None for questions, exclamations, quotes.

    Transforms that reorder plain clauses only handle statements ending in ".", so a
    trailing quote or "?" (whose scope a reorder could break) makes them decline.
    """
    toks = _tokens(sent)
    if len(toks) < 3 or toks[-1].text != ".":
        return None
    body = toks[:-1]
    while body and body[-1].text == ".":
        body = body[:-1]
    if not body or any(t.text == "." for t in body):
        return None  # a stray " . " (a line break in scraped text) makes the parse unreliable
    if body[-1].dep_ in TRUNCATED_ENDINGS or body[-1].lower_ in SUBJECT_PRONOUNS:
        return None  # "He said he saw them heading towards ." was cut off in the source
    return body


def _is_finite(verb: Token) -> bool:
    """A verb that can head a sentence on its own ("caught" after an elided "were" cannot)."""
    if verb.pos_ not in {"VERB", "AUX"}:
        return False
    if verb.tag_ in {"VBD", "VBZ", "VBP", "MD"}:
        return True
    return any(c.dep_ in {"aux", "auxpass"} and c.tag_ in {"VBD", "VBZ", "VBP", "MD"}
               for c in verb.children)  # fmt: skip


def _starts_with_subject(tokens: Sequence[Token], verb: Token) -> bool:
    """Whether ``tokens`` open with the verb's subject (no "But", "Meanwhile," or fronted PP).

    Material before the subject scopes over the whole clause; once something else is put
    in front of it, it would seem to modify that instead.
    """
    return any(c.left_edge.i == tokens[0].i for c in _children(verb, *SUBJECTS))


def _is_quote(token: Token) -> bool:
    """A quotation mark, not the apostrophe of a plural possessive ("Adams' orders")."""
    if token.text not in QUOTES:
        return False
    if token.text not in {"'", "’"} or token.tag_ != "POS" or token.i == 0:
        return True
    before = token.doc[token.sent.start : token.i]
    if not len(before):
        return True
    opened = any(t.text in {"'", "‘"} for t in before)
    return opened or not before[-1].lower_.endswith("s")


def _fronted_phrase(tokens: Sequence[Token], verb: Token) -> list[Token] | None:
    """The one modifier phrase of ``verb`` that opens ``tokens`` before a comma and the
    verb's subject ("In a statement, the club said ..."), or None.

    Connectives ("However,") and focus words are not such phrases: they scope over more
    than the clause they open.
    """
    for child in _children(verb, "prep", "npadvmod", "advmod", "advcl"):
        if child.left_edge.i != tokens[0].i:
            continue
        phrase = _subtree(child, tokens)
        if phrase is None or len(phrase) + 1 >= len(tokens) or tokens[len(phrase)].text != ",":
            return None
        if phrase[0].lower_ in CONNECTIVES | FOCUS_WORDS or any(_is_quote(t) for t in phrase):
            return None
        return phrase if _starts_with_subject(tokens[len(phrase) + 1 :], verb) else None
    return None


def _quotes_balanced(tokens: Iterable[Token]) -> bool:
    return sum(1 for t in tokens if _is_quote(t)) % 2 == 0


def _subtree(token: Token, within: Sequence[Token]) -> list[Token] | None:
    """The token's subtree as a slice of ``within``, or None if it is not contiguous there."""
    ids = [t.i for t in within]
    subtree = list(token.subtree)
    if any(t.i not in ids and not t.is_punct for t in subtree):
        return None
    inside = sorted(ids.index(t.i) for t in subtree if t.i in ids)
    if not inside or inside[-1] - inside[0] + 1 != len(inside):
        return None
    return list(within[inside[0] : inside[-1] + 1])


def _has_clause(tokens: Sequence[Token]) -> bool:
    """Whether the tokens hold a verb together with its own subject."""
    ids = {t.i for t in tokens}
    return any(
        t.dep_ in SUBJECTS and t.head.i in ids and t.head.pos_ in {"VERB", "AUX"} for t in tokens
    )


def _children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _is_negated(token: Token) -> bool:
    return any(c.dep_ == "neg" for c in token.children)


def _index(tokens: Sequence[Token], token: Token) -> int:
    return next(k for k, t in enumerate(tokens) if t.i == token.i)


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


def _words(tokens: Iterable[Token]) -> int:
    return sum(1 for t in tokens if not t.is_punct)


# ---------------------------------------------------------------- attribution


def _attribution_parts(attr: Sequence[Token]) -> tuple[Token, list[Token]] | None:
    """Find the speech verb and its subject in a short attribution like "police said".

    Everything else must be a plain modifier of the verb ("on Monday", "to CNN"), so
    the attribution can move as one unit without taking another claim with it.
    """
    if not attr or len(attr) > 12 or any(_is_quote(t) for t in attr):
        return None
    verbs = [t for t in attr if t.pos_ in {"VERB", "AUX"} and t.dep_ not in {"aux", "auxpass"}]
    if len(verbs) != 1 or verbs[0].lemma_ not in SPEECH_VERBS or _is_negated(verbs[0]):
        return None
    verb = verbs[0]
    subjects = [c for c in _children(verb, "nsubj") if c in attr]
    if len(subjects) != 1:
        return None
    subject = _subtree(subjects[0], attr)
    if subject is None or attr[0].i not in {subject[0].i, verb.i}:
        return None  # "Now, X has said": the opener belongs to the whole sentence
    if subject[0].i > verb.i and _children(subjects[0], "prep", "acl", "relcl"):
        return None  # "said Tomasz of his account": "of" belongs to "said"
    between = [t for t in attr if subject[-1].i < t.i < verb.i]
    if any(t.is_punct for t in between) and not _children(subjects[0], *ENCLOSED):
        return None  # "Federation, said ...": a stray comma, likely text cut off before it
    allowed = {"nsubj", "prep", "npadvmod", "advmod", "aux", "punct"}
    if verb.lemma_ == "tell":
        allowed |= {"dobj", "dative"}  # "told reporters"
    if any(c.dep_ not in allowed for c in verb.children if c in attr):
        return None
    if any(t.i != verb.i and verb not in t.ancestors for t in attr):
        return None
    if any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children):
        return None
    return verb, subject


def _attribution_text(attr: Sequence[Token]) -> str | None:
    """The attribution with its subject first ("said the mayor" -> "the mayor said")."""
    parts = _attribution_parts(attr)
    if parts is None:
        return None
    verb, subject = parts
    if subject[0].i < verb.i:
        return _text(attr)
    if _index(attr, subject[-1]) != len(attr) - 1:
        return None  # "said Smith on Monday": keep it simple
    rest = [t for t in attr if t not in subject]
    subject_text = _inner(subject)
    if "," in subject_text:
        subject_text += ","  # "the mayor, John Smith, said"
    return f"{subject_text} {_text(rest)}"


def _quote_first(toks: list[Token]) -> str | None:
    """'"Y," X said.' -> 'X said: "Y."' with the quoted words untouched."""
    if len(toks) < 5 or toks[0].text not in OPEN_QUOTES or toks[-1].text != ".":
        return None
    close = MATCHING_QUOTE[toks[0].text]
    body = toks[:-1]
    ends = [k for k, t in enumerate(body) if _is_quote(t) and t.text in CLOSE_QUOTES | {close}]
    if not ends:
        return None
    k = ends[-1]
    if k < 3 or body[k - 1].text not in {",", "?", "!"}:
        return None
    inside = body[1 : k - 1]
    if any(_is_quote(t) for t in inside):
        return None  # nested or several quotes: which one is which is not clear
    attribution = _attribution_text(body[k + 1 :])
    if attribution is None:
        return None
    mark = body[k - 1].text
    quoted = _text(inside) + ("." if mark == "," else mark)
    return _initial(f"{attribution}: {body[0].text}{quoted}{body[k].text}")


def _quote_last(toks: list[Token]) -> str | None:
    """'X said: "Y."' -> '"Y," X said.' with the quoted words untouched."""
    if len(toks) < 5 or toks[-1].text not in CLOSE_QUOTES or toks[-2].text not in {".", "!", "?"}:
        return None
    opens = [k for k, t in enumerate(toks[:-2]) if _is_quote(t)]
    if len(opens) != 1:
        return None
    j = opens[0]
    if j < 3 or toks[j - 1].text not in {":", ","}:
        return None
    if MATCHING_QUOTE.get(toks[j].text, toks[j].text) != toks[-1].text and toks[j].text != '"':
        return None
    inside = toks[j + 1 : -2]
    attr = toks[: j - 1]
    verbs = [t for t in attr if t.lemma_ in SPEECH_VERBS and t.dep_ not in {"aux", "auxpass"}]
    setting = _speech_setting(attr, verbs[0]) if len(verbs) == 1 else None
    if setting:
        attr = attr[len(setting) + 1 :]  # 'At the meeting, X said: "Y."'
    if not inside or _attribution_text(attr) is None:
        return None
    parts = _attribution_parts(attr)
    assert parts is not None
    if parts[1][0].i > parts[0].i:
        return None  # 'Said he: "..."' is too rare to be worth the risk
    mark = toks[-2].text
    quoted = _text(inside) + ("," if mark == "." else mark)
    where = f" {_inner(setting)}" if setting else ""
    return _sentence(f"{toks[j].text}{quoted}{toks[-1].text} {_inner(attr)}{where}")


def _reported_clause(verb: Token) -> Token | None:
    """The one full clause (with its own subject) that a reporting verb introduces."""
    if verb.lemma_ not in SPEECH_VERBS or _is_negated(verb):
        return None
    clauses = _children(verb, "ccomp")
    if len(clauses) != 1 or not _children(clauses[0], *SUBJECTS):
        return None
    clause = clauses[0]
    if not _is_finite(clause) and (verb.lemma_ in SMALL_CLAUSE_VERBS or clause.tag_ != "VBN"):
        # "found myself settling back", "found the man killed": no clause of its own to
        # move ("reported ... incidents left three dead" is only a past tense mis-tagged).
        return None
    return clauses[0]


def _said_first(body: list[Token], root: Token, close: Token | None = None) -> str | None:
    """'X said (that) Y.' -> 'Y, X said.'

    ``close`` is a quotation mark after the final stop that closes a quote ending the
    sentence ('X alleges the monarch is "sick and fading fast."'); it follows the
    comma, so the quoted words stay as they were.
    """
    clause = _reported_clause(root)
    if clause is None:
        return None
    reported = _subtree(clause, body)
    if reported is None or reported[-1].i != body[-1].i or reported[0].i < root.i:
        return None
    attr = body[: _index(body, reported[0])]
    has_that = reported[0].lower_ == "that" and (
        reported[0].dep_ == "mark" or reported[0].tag_ == "IN"
    )
    if has_that:
        reported = reported[1:]
    elif not _starts_with_subject(reported, clause):
        return None  # "She said later she ...": "later" may belong to "said"
    if any(_children(c, "mark") for c in _children(clause, "conj")):
        return None  # "said A, and that B": the second "that" would be left dangling
    while attr and attr[-1].text in {",", ":"}:
        attr = attr[:-1]
    setting = _speech_setting(attr, root)
    if setting:
        attr = attr[len(setting) + 1 :]
    if (
        not reported
        or _attribution_parts(attr) is None
        or attr[0].i != body[0].i + (len(setting) + 1 if setting else 0)
    ):
        return None
    if not _quotes_balanced([*reported, close] if close else reported):
        return None
    if not _has_clause(reported) or _may_be_the_writers(reported):
        return None
    where = f" {_inner(setting)}" if setting else ""
    mark = f",{close.text}" if close else ","
    return _sentence(f"{_text(reported)}{mark} {_inner(attr)}{where}")


def _may_be_the_writers(reported: Sequence[Token]) -> bool:
    """Whether the reported words hold a contrast that may be the writer's own.

    In "The map suggests that A is larger than B, whereas in reality B is three times
    the size" the "whereas" clause is not what the map suggests, and in "Molinelli said
    she hid evidence - but would not detail what it was - which ..." it was Molinelli who
    would not; moving the speaker after them would credit the wrong one.
    """
    return any(
        t.lower_ in CONTRAST_MARKS | {"but", "yet"} and k > 0 and reported[k - 1].text in ASIDES
        for k, t in enumerate(reported)
    )


def _quote_at_end(span: Span) -> tuple[list[Token], Token] | None:
    """A sentence that ends inside a quote ('... is "sick and fading fast."'): its words
    before the final stop and the closing mark; None for anything else."""
    toks = _tokens(span)
    if len(toks) < 6 or toks[-2].text != "." or toks[-1].text not in CLOSE_QUOTES:
        return None
    if not _is_quote(toks[-1]) or _is_quote(toks[0]):
        return None
    body = toks[:-2]
    if any(t.text == "." for t in body) or body[-1].is_punct:
        return None
    return body, toks[-1]


def _speech_setting(attr: Sequence[Token], verb: Token) -> list[Token] | None:
    """An opening "In a statement," or "At its annual meeting," of a speech verb.

    Only phrases about the act of saying move with the verb: an opening time or place
    ("On Monday, police said the man was arrested") may be when or where the reported
    thing happened, so it must not be pinned on the saying.
    """
    phrase = _fronted_phrase(attr, verb) if attr else None
    if phrase is None or phrase[0].dep_ != "prep" or phrase[0].lower_ == "according":
        return None
    objects = _children(phrase[0], "pobj")
    if len(objects) != 1 or objects[0].lemma_.lower() not in SPEECH_SETTINGS:
        return None
    if _words(phrase) > MAX_SETTING_WORDS or any(t.pos_ == "VERB" for t in phrase):
        return None
    return phrase


def _parenthetical(verb: Token, root: Token, reported: Sequence[Token]) -> bool:
    """Whether ``verb`` hangs off ``root`` as "..., police said" and the rest is root's clause."""
    if verb.dep_ != "parataxis" or verb.head.i != root.i:
        return False
    return all(t.i == root.i or root in t.ancestors for t in reported)


def _said_last(body: list[Token], root: Token) -> str | None:
    """'Y, X said.' or 'Y, said X.' -> 'X said Y.' ("that" added after "told CNN")."""
    commas = [k for k, t in enumerate(body) if t.text == ","]
    close: Token | None = None
    found = next(
        ((k, p) for k in reversed(commas) if (p := _attribution_parts(body[k + 1 :]))), None
    )
    if found is None:
        # 'Y "Z," X said.': the comma sits inside the quote that ends what was said.
        found = next(
            ((k, p) for k in reversed(commas)
             if k + 1 < len(body) and body[k + 1].text in CLOSE_QUOTES
             and _is_quote(body[k + 1]) and (p := _attribution_parts(body[k + 2 :]))),
            None,
        )  # fmt: skip
        if found is None:
            return None
        close = body[found[0] + 1]
    k, (verb, subject) = found
    attr, reported = body[k + (2 if close else 1) :], body[:k]
    if not reported or not _has_clause(reported) or _may_be_the_writers(reported):
        return None  # "A, but B, X said" may credit X with B only
    # What is moved must be exactly what was said: the verb's clausal complement, or the
    # clause the verb hangs off as a parenthetical ("..., police said").
    clause = _reported_clause(verb)
    whole = [*reported, close] if close else reported
    if clause is not None:
        if _subtree(clause, body) not in (reported, whole):
            return None
    elif not _parenthetical(verb, root, reported):
        return None
    if reported[0].text in QUOTES or not _quotes_balanced(whole):
        return None
    head = clause if clause is not None else root
    # A clause that opens with "At Guangxi, ..." keeps it inside: "X said that at Guangxi,
    # ..."; without "that" the phrase could be read as the time or place of saying.
    opener = not _starts_with_subject(reported, head)
    if opener and _fronted_phrase(reported, head) is None:
        return None
    attribution = _attribution_text(attr)
    if attribution is None:
        return None
    after_verb = [t for t in attr if t.i > verb.i and t not in subject]
    reported_subject = _children(head, *SUBJECTS)[0]
    short = verb.lemma_ == "say" and len(list(reported_subject.subtree)) <= 3
    joiner = " " if short and not after_verb and not opener else " that "
    end = f".{close.text}" if close else ""
    return _sentence(f"{attribution}{joiner}{_inner(reported)}{end}")


def _according_to(body: list[Token], root: Token) -> str | None:
    """'According to X, Y.' <-> 'Y, according to X.'"""
    for k, tok in enumerate(body[:-1]):
        if tok.lower_ != "according" or body[k + 1].lower_ != "to":
            continue
        phrase = _subtree(tok, body)
        if phrase is None or phrase[0].i != tok.i or any(_is_quote(t) for t in phrase):
            return None
        if k == 0:
            rest = body[len(phrase) :]
            if not rest or rest[0].text != "," or not _has_clause(rest[1:]):
                return None
            return _sentence(f"{_text(rest[1:])}, {_inner(phrase)}")
        if phrase[-1].i == body[-1].i and body[k - 1].text == ",":
            main = body[: k - 1]
            if not _has_clause(main) or not _quotes_balanced(main) or _is_quote(main[0]):
                return None
            if not _starts_with_subject(main, root) or _children(root, "conj"):
                return None  # "A, but B, according to X" may credit X with B only
            return _sentence(f"{_text(phrase)}, {_inner(main)}")
        return None
    return None


@_declines_when_unsure
def move_attribution(sent: Doc | Span) -> str | None:
    """Move who-said-it to the other end of the sentence, keeping any quote verbatim.

    Handles "X said (that) Y" <-> "Y, X said" (also "said X"), "according to X",
    and '"Y," X said' <-> 'X said: "Y."'.
    """
    span = _as_sentence(sent)
    if span is None:
        return None
    toks = _tokens(span)
    for quoted in (_quote_first, _quote_last):
        result = quoted(toks)
        if result is not None:
            return result
    body = _body(span)
    if body is None:
        quoted_end = _quote_at_end(span)
        if quoted_end is None:
            return None
        return _said_first(quoted_end[0], span.root, close=quoted_end[1])
    for plain in (_according_to, _said_first, _said_last):
        result = plain(body, span.root)
        if result is not None:
            return result
    return None


# ---------------------------------------------------------------- clause order


def _main_clause_safe(root: Token) -> bool:
    """A main clause a moved subordinate clause cannot suddenly scope over differently."""
    if _is_negated(root):
        return False
    return not _children(root, "conj", "ccomp", "parataxis")


@_declines_when_unsure
def reorder_clauses(sent: Doc | Span) -> str | None:
    """Reorder "A because B." <-> "Because B, A." (also after/while/although/when/before/as...).

    Declines when the main clause is negated or focused ("not because", "only when"),
    since fronting the clause would change what the negation or focus applies to.
    """
    span = _as_sentence(sent)
    body = None if span is None else _body(span)
    if span is None or body is None:
        return None
    root = span.root
    if not _main_clause_safe(root) or not _children(root, *SUBJECTS):
        return None
    for clause in _children(root, "advcl"):
        marks = [c for c in _children(clause, "mark") if c.lower_ in CLAUSE_MARKS]
        sub = _subtree(clause, body)
        if not marks or sub is None or sub[0].i != marks[0].i:
            continue
        if not _children(clause, *SUBJECTS) or any(_is_quote(t) for t in sub):
            continue
        start = _index(body, sub[0])
        if sub[-1].i == body[-1].i and start > 0:
            return _clause_to_front(body, root, sub, start)
        if start == 0:
            return _clause_to_back(body, root, sub)
    return _reorder_gerund(body, root)


def _reorder_gerund(body: list[Token], root: Token) -> str | None:
    """ "A after doing B." <-> "After doing B, A." (the doer is A's subject either way).

    Declines when A holds another verb ("promised to resign after seeing ..."), which
    the phrase could belong to instead.
    """
    for prep in _children(root, "prep"):
        verbs = _children(prep, "pcomp")
        if prep.lower_ not in GERUND_MARKS or len(verbs) != 1 or verbs[0].tag_ != "VBG":
            continue
        sub = _subtree(prep, body)
        if sub is None or sub[0].i != prep.i or any(_is_quote(t) for t in sub):
            return None
        main = [t for t in body if t not in sub]
        if any(t.pos_ in {"VERB", "AUX"} and t.i > root.i for t in main):
            return None
        start = _index(body, sub[0])
        if sub[-1].i == body[-1].i and start > 0:
            return _clause_to_front(body, root, sub, start)
        if start == 0:
            return _clause_to_back(body, root, sub)
    return None


def _clause_to_front(body: list[Token], root: Token, sub: list[Token], start: int) -> str | None:
    """ "A because B." -> "Because B, A."."""
    mark = sub[0].lower_
    # Fronted "as" reads as "in line with" ("As we thought, ..."), and a fronted "since"
    # after a noun ("her best since she won") was the noun's; so both need a comma.
    comma = body[start - 1].text == ","
    if mark == "as" or (mark == "since" and not comma):
        return None
    if _words(sub) > MAX_FRONTED_WORDS or any(
        c.dep_ == "advcl" and _children(c, "mark") for t in sub for c in t.children
    ):
        return None
    if any(t.text == "," for t in sub):
        return None  # "After meeting a friend, Kristofer, Tomasz ...": reads as a list
    main = body[:start]
    while main and main[-1].text == ",":
        main = main[:-1]
    if not main or main[-1].lower_ in FOCUS_WORDS or main[-1].dep_ in {"cc", "prep", "mark"}:
        return None  # "... after X and after Y": the clause is one of a pair
    if not _plain_main(main, root):
        return None
    if any(t.pos_ in {"VERB", "AUX"} and t.i > root.i for t in main):
        return None  # "warned people not to enter the water after ...": whose clause?
    if _pronoun_may_shift(sub, main, root):
        return None
    return _sentence(f"{_text(sub)}, {_inner(main)}")


def _pronoun_may_shift(sub: Sequence[Token], main: Sequence[Token], root: Token) -> bool:
    """Whether a pronoun in a clause moved to the front could change whom it means.

    A fronted pronoun is read as the main subject ("After their remains were found,
    archaeologists ..." reads as the archaeologists' remains); that is only safe when
    the main clause names no one and nothing else it could have meant.
    """
    if any(t.lower_ in THIRD_PERSON and t.dep_ != "poss" for t in main):
        # "He left after John arrived" never means John left; "After John arrived, he
        # left" may. (A possessive may mean John in either order: "his dog died".)
        return any(t.pos_ in {"NOUN", "PROPN"} for t in sub)
    pronouns = [t for t in sub if t.lower_ in THIRD_PERSON]
    if not pronouns:
        return False
    subjects = _children(root, *SUBJECTS)
    subject_ids = {t.i for s in subjects for t in s.subtree}
    others = [
        t
        for t in main
        if t.pos_ in {"NOUN", "PROPN"} and t.i not in subject_ids and t.dep_ != "compound"
    ]
    # "his" cannot mean "police": only a noun that agrees in number is another candidate.
    singular = all(t.lower_ not in PLURAL_PRONOUNS for t in pronouns)
    return any(not (singular and _is_plural(t)) for t in others)


def _clause_to_back(body: list[Token], root: Token, sub: list[Token]) -> str | None:
    """ "Because B, A." -> "A because B."."""
    end = len(sub)
    if end >= len(body) or body[end].text != ",":
        return None
    main = body[end + 1 :]
    if not main or not _plain_main(main, root):
        return None
    if any(t.pos_ == "VERB" and t.i > root.i for t in main):
        return None  # a clause at the end of A would seem to own B
    if any(t.text == "," for t in main if t.i < root.i):
        return None  # "While A, B and C, D": where the clause ends is a guess
    # Contrast keeps its comma ("..., although B"); time and cause read better without.
    joiner = ", " if sub[0].lower_ in CONTRAST_MARKS else " "
    return _sentence(f"{_text(main)}{joiner}{_inner(sub)}")


def _plain_main(main: Sequence[Token], root: Token) -> bool:
    """A main clause that opens with its subject and holds no quote or second clause."""
    if any(_is_quote(t) for t in main) or not _has_clause(main):
        return False
    return _starts_with_subject(main, root)


# ---------------------------------------------------------------- sentence split


def _crossing_arcs(left: Sequence[Token], right: Sequence[Token]) -> list[Token]:
    """Words of one half whose head is in the other half (punctuation aside)."""
    left_ids, right_ids = {t.i for t in left}, {t.i for t in right}
    return [t for t in left if not t.is_punct and t.head.i in right_ids] + [
        t for t in right if not t.is_punct and t.head.i in left_ids
    ]


def _ends_inside_clause(left: Sequence[Token], head: Token) -> bool:
    """Whether the first half ends inside a subordinate clause of its main verb."""
    token = left[-1]
    while token.i != head.i and token.head.i != token.i:
        if token.dep_ in EMBEDDED:
            return True
        token = token.head
    return False


def _split_halves(body: list[Token], cut: int) -> tuple[list[Token], list[Token]] | None:
    """The two sentences a cut makes, if they are independent full clauses.

    They may be linked by one arc only, between the two clause verbs (conj, parataxis, or
    for ";" a misparsed ccomp), and one end of it must be the sentence root: otherwise
    the second clause may belong to reported speech or share a modifier with the first.
    """
    left, right = body[:cut], body[cut + 1 :]
    while left and left[-1].text in {",", ";"}:
        left = left[:-1]
    if _words(left) < MIN_HALF_WORDS or _words(right) < MIN_HALF_WORDS:
        return None
    arcs = _crossing_arcs(left, right)
    if len(arcs) != 1:
        return None
    verb = arcs[0]
    deps = {"conj", "parataxis"} | ({"ccomp"} if body[cut].text == ";" else set())
    if verb.dep_ not in deps or verb.head.dep_ != "ROOT" or verb.pos_ not in {"VERB", "AUX"}:
        return None
    if not _children(verb, *SUBJECTS) or verb.head.lemma_ in SPEECH_VERBS:
        return None
    if not (_is_finite(verb) and _is_finite(verb.head)):
        return None  # "the sluices were opened and the prawns caught": "were" is shared
    if len(_children(verb.head, "conj", "parataxis")) > 1:
        return None  # "A, B and C": a cut would leave a dangling list
    if _ends_inside_clause(left, verb if verb in left else verb.head):
        return None  # "A when B and C": C may continue the "when" clause
    for half in (left, right):
        clause = verb if verb in half else verb.head
        subjects = _children(clause, *SUBJECTS)
        if not subjects or subjects[0].left_edge.i != half[0].i:
            return None  # a fronted "On Monday," scopes over both halves
    if not (_quotes_balanced(left) and _quotes_balanced(right)):
        return None
    return left, right


@_declines_when_unsure
def split_sentence(sent: Doc | Span) -> str | None:
    """Split a long "A, and B." / "A, but B." / "A; B." into two sentences.

    Only when both halves are full clauses with their own subject; "and" is dropped,
    "but" starts the second sentence.
    """
    span = _as_sentence(sent)
    body = None if span is None else _body(span)
    if span is None or body is None or _words(body) < MIN_SPLIT_WORDS:
        return None
    for cut, link in enumerate(body):
        is_conjunction = link.lower_ in {"and", "but"} and link.dep_ == "cc"
        if not (link.text == ";" or is_conjunction) or cut == 0:
            continue
        halves = _split_halves(body, cut)
        if halves is None:
            continue
        left, right = halves
        second = f"But {_inner(right)}" if link.lower_ == "but" else _text(right)
        return f"{_sentence(_text(left))} {_sentence(second)}"
    return None


# ---------------------------------------------------------------- voice


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


def _is_plural(head: Token) -> bool:
    return (
        head.tag_ in {"NNS", "NNPS"} or head.lower_ in PLURAL_NOUNS or bool(_children(head, "conj"))
    )


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


# ---------------------------------------------------------------- adverbials


def _is_time_or_place(head: Token, phrase: Sequence[Token], root: Token) -> bool:
    """A short "when"/"where" phrase of the verb that may sit at either end of the sentence."""
    if _words(phrase) > MAX_ADVERBIAL_WORDS or any(t.pos_ == "VERB" for t in phrase):
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
    if fronting:
        return not any(t.dep_ in {"prep", "agent", "relcl", "acl"} for t in after)
    return not any(t.dep_ in {"prep", "relcl", "acl"} and t.head.i != root.i for t in after)


@_declines_when_unsure
def front_adverbial(sent: Doc | Span) -> str | None:
    """Move a time or place phrase to the other end of the sentence.

    "The law passed on Monday." <-> "On Monday, the law passed."
    """
    span = _as_sentence(sent)
    body = None if span is None else _body(span)
    if span is None or body is None or any(_is_quote(t) for t in body):
        return None
    root = span.root
    if _is_negated(root) or not _is_finite(root):
        return None
    if any(c.tag_ == "MD" for c in _children(root, "aux")):
        return None  # "Yesterday, it should have been made": when was it required?
    if _children(root, "conj", "ccomp", "parataxis", "advcl", "xcomp"):
        return None
    if len(_children(root, *SUBJECTS)) != 1:
        return None
    movable = _children(root, "prep", "npadvmod", "advmod")
    last = [c for c in movable if c.right_edge.i == body[-1].i and c.left_edge.i > root.i]
    if last and _starts_with_subject(body, root):
        phrase = _subtree(last[0], body)
        if phrase is None or not _is_time_or_place(last[0], phrase, root):
            return None
        main = body[: _index(body, phrase[0])]
        if main[-1].text == "," or not _unambiguous_rest(main, root, fronting=True):
            return None
        return _sentence(f"{_text(phrase)}, {_inner(main)}")
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


# ---------------------------------------------------------------- lead-ins


def _lead_in(span: Span) -> tuple[str, Span, bool] | None:
    """Split off a sentence connective ("But", "However,") or a caption label ("Royal
    duties:") that the transforms can leave where it is: (lead-in text, rest, is_label).

    The rest must be a parse tree of its own, so that whatever a transform does to it
    cannot change what the lead-in applies to: the lead-in still opens the sentence and
    still scopes over all of it.
    """
    toks = _tokens(span)
    if len(toks) < 5:
        return None
    first = toks[0]
    end: int | None = None
    label = False
    if first.lower_ in CONNECTIVES and first.dep_ in {"cc", "advmod"}:
        end = 2 if toks[1].text == "," else 1
    else:
        colons = [k for k, t in enumerate(toks[: MAX_LABEL_WORDS + 1]) if t.text == ":"]
        if colons and _is_label(toks[: colons[0]]) and toks[colons[0] + 1].text[:1].isupper():
            end, label = colons[0] + 1, True
    if end is None or end >= len(toks) - 2:
        return None
    lead, rest = toks[:end], span.doc[toks[end].i : span.end]
    lead_ids, rest_ids = {t.i for t in lead}, {t.i for t in rest}
    heads_out = [t for t in rest if t.head.i not in rest_ids and not t.is_space]
    if len(heads_out) > 1 or any(t.head.i not in lead_ids | {rest.root.i} for t in lead):
        return None
    if heads_out and heads_out[0].i != rest.root.i:
        return None
    if not label and any(t.dep_ not in {"cc", "advmod", "punct"} for t in lead):
        return None
    return _text(lead), rest, label


def _is_label(tokens: Sequence[Token]) -> bool:
    """A caption label such as "Royal duties" or "Fertile land": a short verbless phrase."""
    return (
        0 < _words(tokens) <= MAX_LABEL_WORDS
        and tokens[0].text[:1].isupper()
        and not any(t.pos_ in {"VERB", "AUX"} or _is_quote(t) for t in tokens)
    )


def _after_lead_in(lead: str, rest: Span, text: str, label: bool) -> str:
    """Put the lead-in back in front of a rewritten rest, with the rest's first word cased
    as the source wrote it (a caption's sentence keeps its capital)."""
    if label:
        return f"{lead} {text}"
    word = text.split(" ", 1)[0].lower()
    written = [t.text for t in rest if t.lower_ == word]
    if written and not any(w[:1].isupper() for w in written):
        text = text[0].lower() + text[1:]
    return f"{lead} {text}"


def _quote_of_several_sentences(doc: Doc | Span) -> list[Candidate]:
    """'X said: "A. B."' -> '"A. B," X said.' for a quote that runs over several sentences.

    Nothing else moves across sentences: the quote is one unit whose words stay as they
    are, and the speaker is named once either way.
    """
    if not doc.has_annotation("DEP"):
        return []
    try:
        text = _quote_last(_tokens(doc))
    except _UnsureCase:
        return []
    return [Candidate(text=text, origin="transform:attribution")] if text else []


# ---------------------------------------------------------------- entry point

TRANSFORMS: dict[str, Callable[[Doc | Span], str | None]] = {
    "attribution": move_attribution,
    "clause_order": reorder_clauses,
    "split": split_sentence,
    "voice": change_voice,
    "adverbial": front_adverbial,
}
# Splitting after a lead-in would leave it scoping over the first half only.
WHOLE_SENTENCE = frozenset({"split"})


def transform_candidates(
    sentence: str,
    doc: Doc | Span | None = None,
    nlp: Language | None = None,
    casing: Casing | None = None,
) -> list[Candidate]:
    """Every transform's rewrite of one sentence, as candidates for the verify stage.

    Pass ``doc`` (the parse of ``sentence``, e.g. a sentence span of the article) or
    ``nlp``; with neither the English pipeline is loaded here, which is slow, so callers
    should load it once and pass it on. ``casing`` (see ``article_casing``) tells which
    words keep a capital when they no longer start the sentence.
    """
    if doc is None:
        if nlp is None:
            from rewrite_cli.nlp import load_english

            nlp = load_english()
        doc = nlp(sentence.strip())
    whole = doc if hasattr(doc, "user_data") else doc.doc
    if casing is not None:
        whole.user_data[CASING_KEY] = casing
    span = _as_sentence(doc)
    if span is None:
        return _quote_of_several_sentences(doc)
    seen = {sentence.strip()}
    candidates: list[Candidate] = []
    lead_in = _lead_in(span)
    for name, transform in TRANSFORMS.items():
        texts = [transform(span)]
        if lead_in is not None and name not in WHOLE_SENTENCE:
            lead, rest, label = lead_in
            text = transform(rest)
            texts.append(_after_lead_in(lead, rest, text, label) if text else None)
        for text in texts:
            if text and text not in seen:
                seen.add(text)
                candidates.append(Candidate(text=text, origin=f"transform:{name}"))
    return candidates
