"""Deterministic rewrites on the dependency parse: new wording that cannot change meaning.

A model may paraphrase well but can also invent facts; these transforms only move whole
parse subtrees around (and add or drop a few function words such as "that", "by",
"was"), so every content word of the source survives exactly once. They give the
verify stage safe candidates even when no model runs, and give a model-free engine
something better than copying the source.

Each transform takes one parsed sentence (a spaCy ``Doc`` or ``Span``) and returns the
rewritten sentence, or ``None`` when it does not apply or cannot be applied safely.
They are deliberately conservative: when the parse leaves any doubt (negation, modals,
pronouns, quotes crossing the cut, a clause that may scope over two verbs) they decline.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from rewrite_cli.document import Candidate

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

SPEECH_VERBS = frozenset(
    {
        "say", "tell", "add", "explain", "state", "claim", "announce", "report", "note",
        "warn", "insist", "argue", "confirm", "reveal", "admit", "write", "tweet", "allege",
        "estimate", "believe", "suggest", "acknowledge", "testify", "predict", "declare",
    }
)  # fmt: skip
CLAUSE_MARKS = frozenset(
    {"after", "because", "while", "although", "though", "when", "before", "as", "since", "until"}
)
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
EMBEDDED = frozenset({"advcl", "relcl", "ccomp", "csubj"})
SUBJECT_PRONOUNS = frozenset({"i", "he", "she", "we", "they"})
MIN_SPLIT_WORDS = 16
MAX_FRONTED_WORDS = 16  # longer subordinate clauses are where the parser errs most
MAX_ADVERBIAL_WORDS = 6
MIN_HALF_WORDS = 4

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


def keeps_capital(token: Token) -> bool:
    """Whether a word keeps its capital letter when it no longer starts the sentence."""
    text = token.text
    if text == "I" or text.startswith("I'"):
        return True
    if len(text) > 1 and text.isupper():
        return True  # acronym: NATO, BBC
    if any(c.isupper() for c in text[1:]):
        return True  # McDonald, iPhone
    if token.pos_ == "PROPN":
        return True
    if token.ent_type_ in NAMED_ENTITIES and token.lower_ not in {"the", "a", "an"}:
        return True
    if not token.is_stop and token.dep_ in {"compound", "amod"} and token.head.pos_ == "PROPN":
        return True  # "Arsenal loanee Benik Afobe": likely part of a name; a capital is safer
    return _capitalised_elsewhere(token)


def _capitalised_elsewhere(token: Token) -> bool:
    """Whether the rest of the text writes this word with a capital inside a sentence.

    The tagger misses many names ("Tomasz works ..."); when the caller passes the whole
    article, the way the word is written elsewhere settles it.
    """
    if token.is_stop:
        return False
    seen = [
        t.text[0].isupper()
        for t in token.doc
        if t.lower_ == token.lower_ and t.i != token.i and not t.is_sent_start
    ]
    return bool(seen) and all(seen)


def _inner(tokens: Sequence[Token]) -> str:
    """The tokens as a non-initial part of a sentence: the old capital start lowered."""
    text = _text(tokens)
    if not text or keeps_capital(tokens[0]) or not text[0].isupper():
        return text
    return text[0].lower() + text[1:]


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


def _quotes_balanced(tokens: Iterable[Token]) -> bool:
    return sum(1 for t in tokens if t.text in QUOTES) % 2 == 0


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
    """A doer that reads the same after "by": definite, or a bare plural such as "police"."""
    if _children(head, "prep", "acl", "relcl", "appos"):
        return False  # "police in London": the phrase may belong to the verb instead
    if _is_definite(head):
        return True
    bare = not _children(head, "det", "nummod", "quantmod", "poss")
    return bare and head.tag_ == "NNS"


def _words(tokens: Iterable[Token]) -> int:
    return sum(1 for t in tokens if not t.is_punct)


# ---------------------------------------------------------------- attribution


def _attribution_parts(attr: Sequence[Token]) -> tuple[Token, list[Token]] | None:
    """Find the speech verb and its subject in a short attribution like "police said".

    Everything else must be a plain modifier of the verb ("on Monday", "to CNN"), so
    the attribution can move as one unit without taking another claim with it.
    """
    if not attr or len(attr) > 12 or any(t.text in QUOTES for t in attr):
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
    ends = [k for k, t in enumerate(body) if t.text == close or t.text in CLOSE_QUOTES]
    if not ends:
        return None
    k = ends[-1]
    if k < 3 or body[k - 1].text not in {",", "?", "!"}:
        return None
    inside = body[1 : k - 1]
    if any(t.text in QUOTES for t in inside):
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
    opens = [k for k, t in enumerate(toks[:-2]) if t.text in OPEN_QUOTES | CLOSE_QUOTES]
    if len(opens) != 1:
        return None
    j = opens[0]
    if j < 3 or toks[j - 1].text not in {":", ","}:
        return None
    if MATCHING_QUOTE.get(toks[j].text, toks[j].text) != toks[-1].text and toks[j].text != '"':
        return None
    inside = toks[j + 1 : -2]
    attr = toks[: j - 1]
    if not inside or _attribution_text(attr) is None:
        return None
    parts = _attribution_parts(attr)
    assert parts is not None
    if parts[1][0].i > parts[0].i:
        return None  # 'Said he: "..."' is too rare to be worth the risk
    mark = toks[-2].text
    quoted = _text(inside) + ("," if mark == "." else mark)
    return _sentence(f"{toks[j].text}{quoted}{toks[-1].text} {_inner(attr)}")


def _reported_clause(verb: Token) -> Token | None:
    """The one full clause (with its own subject) that a reporting verb introduces."""
    if verb.lemma_ not in SPEECH_VERBS or _is_negated(verb):
        return None
    clauses = _children(verb, "ccomp")
    if len(clauses) != 1 or not _children(clauses[0], *SUBJECTS):
        return None
    return clauses[0]


def _said_first(body: list[Token], root: Token) -> str | None:
    """'X said (that) Y.' -> 'Y, X said.'"""
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
    if not reported or _attribution_parts(attr) is None or attr[0].i != body[0].i:
        return None
    if not _quotes_balanced(reported) or not _has_clause(reported):
        return None
    return _sentence(f"{_text(reported)}, {_inner(attr)}")


def _parenthetical(verb: Token, root: Token, reported: Sequence[Token]) -> bool:
    """Whether ``verb`` hangs off ``root`` as "..., police said" and the rest is root's clause."""
    if verb.dep_ != "parataxis" or verb.head.i != root.i:
        return False
    return all(t.i == root.i or root in t.ancestors for t in reported)


def _said_last(body: list[Token], root: Token) -> str | None:
    """'Y, X said.' or 'Y, said X.' -> 'X said Y.' ("that" added after "told CNN")."""
    commas = [k for k, t in enumerate(body) if t.text == ","]
    found = next(
        ((k, p) for k in reversed(commas) if (p := _attribution_parts(body[k + 1 :]))), None
    )
    if found is None:
        return None
    k, (verb, subject) = found
    attr, reported = body[k + 1 :], body[:k]
    if not reported or not _has_clause(reported):
        return None
    # What is moved must be exactly what was said: the verb's clausal complement, or the
    # clause the verb hangs off as a parenthetical ("..., police said").
    clause = _reported_clause(verb)
    if clause is not None:
        if _subtree(clause, body) != reported:
            return None
    elif not _parenthetical(verb, root, reported):
        return None
    if reported[0].text in QUOTES or not _quotes_balanced(reported):
        return None
    head = clause if clause is not None else root
    if not _starts_with_subject(reported, head):
        return None
    attribution = _attribution_text(attr)
    if attribution is None:
        return None
    after_verb = [t for t in attr if t.i > verb.i and t not in subject]
    reported_subject = _children(head, *SUBJECTS)[0]
    short = verb.lemma_ == "say" and len(list(reported_subject.subtree)) <= 3
    joiner = " " if short and not after_verb else " that "
    return _sentence(f"{attribution}{joiner}{_inner(reported)}")


def _according_to(body: list[Token], root: Token) -> str | None:
    """'According to X, Y.' <-> 'Y, according to X.'"""
    for k, tok in enumerate(body[:-1]):
        if tok.lower_ != "according" or body[k + 1].lower_ != "to":
            continue
        phrase = _subtree(tok, body)
        if phrase is None or phrase[0].i != tok.i or any(t.text in QUOTES for t in phrase):
            return None
        if k == 0:
            rest = body[len(phrase) :]
            if not rest or rest[0].text != "," or not _has_clause(rest[1:]):
                return None
            return _sentence(f"{_text(rest[1:])}, {_inner(phrase)}")
        if phrase[-1].i == body[-1].i and body[k - 1].text == ",":
            main = body[: k - 1]
            if not _has_clause(main) or not _quotes_balanced(main) or main[0].text in QUOTES:
                return None
            if not _starts_with_subject(main, root) or _children(root, "conj"):
                return None  # "A, but B, according to X" may credit X with B only
            return _sentence(f"{_text(phrase)}, {_inner(main)}")
        return None
    return None


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
        return None
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
        if not _children(clause, *SUBJECTS) or any(t.text in QUOTES for t in sub):
            continue
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
    main = body[:start]
    while main and main[-1].text == ",":
        main = main[:-1]
    if not main or main[-1].lower_ in FOCUS_WORDS or main[-1].dep_ in {"cc", "prep", "mark"}:
        return None  # "... after X and after Y": the clause is one of a pair
    if not _plain_main(main, root):
        return None
    return _sentence(f"{_text(sub)}, {_inner(main)}")


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
    if any(t.text in QUOTES for t in main) or not _has_clause(main):
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
    """The verb's modifiers after position ``after``; None if something else is there."""
    rest = [t for t in body if t.i > after and t.i not in skip]
    for child in root.children:
        if child.i > after and child.i not in skip and child.dep_ not in _VOICE_MODIFIERS:
            return None
    return rest


def _to_passive(body: list[Token], root: Token) -> str | None:
    """Active to passive: "Police arrested the man." -> "The man was arrested by police."."""
    if root.tag_ != "VBD" or root.lemma_ in {"be", "have"} | SPEECH_VERBS:
        return None
    subjects, objects = _children(root, "nsubj"), _children(root, "dobj")
    if len(subjects) != 1 or len(objects) != 1:
        return None
    allowed = {"nsubj", "dobj"} | _VOICE_MODIFIERS
    if any(c.dep_ not in allowed for c in root.children) or _is_negated(root):
        return None
    subject, obj = _subtree(subjects[0], body), _subtree(objects[0], body)
    if subject is None or obj is None or subject[0].i != body[0].i:
        return None
    if subject[-1].i + 1 != root.i or obj[0].i != root.i + 1:
        return None
    if not (_is_agent(subjects[0]) and _is_definite(objects[0])):
        return None
    if objects[0].pos_ not in {"NOUN", "PROPN"} or subjects[0].pos_ not in {"NOUN", "PROPN"}:
        return None
    if any(t.text == "," for t in subject + obj):
        return None  # appositives and relative clauses read badly once moved
    participle = past_participle(root)
    rest = _trailing(root, obj[-1].i, body, set())
    if participle is None or rest is None or any(t.text in QUOTES for t in subject + obj):
        return None
    plural = objects[0].tag_ in {"NNS", "NNPS"} or bool(_children(objects[0], "conj"))
    be = "were" if plural else "was"
    tail = f" {_text(rest)}" if rest else ""
    return _sentence(f"{_text(obj)} {be} {participle} by {_inner(subject)}{tail}")


def _to_active(body: list[Token], root: Token) -> str | None:
    """Passive to active: "The man was arrested by police." -> "Police arrested the man."."""
    if root.tag_ != "VBN":
        return None
    subjects, auxes, agents = (_children(root, d) for d in ("nsubjpass", "auxpass", "agent"))
    if len(subjects) != 1 or len(auxes) != 1 or len(agents) != 1:
        return None
    if auxes[0].lower_ not in {"was", "were"} or _is_negated(root):
        return None
    allowed = {"nsubjpass", "auxpass", "agent"} | _VOICE_MODIFIERS
    if any(c.dep_ not in allowed for c in root.children):
        return None
    objects = _children(agents[0], "pobj")
    subject, agent = _subtree(subjects[0], body), _subtree(agents[0], body)
    if len(objects) != 1 or subject is None or agent is None or subject[0].i != body[0].i:
        return None
    if subject[-1].i + 1 != auxes[0].i or auxes[0].i + 1 != root.i or agent[0].i <= root.i:
        return None
    if not (_is_definite(subjects[0]) and _is_agent(objects[0])):
        return None
    if objects[0].pos_ not in {"NOUN", "PROPN"} or subjects[0].pos_ not in {"NOUN", "PROPN"}:
        return None
    if any(t.text == "," for t in subject + agent):
        return None  # appositives and relative clauses read badly once moved
    past = simple_past(root)
    rest = _trailing(root, root.i, body, {t.i for t in agent})
    if past is None or rest is None or any(t.text in QUOTES for t in subject + agent):
        return None
    tail = f" {_text(rest)}" if rest else ""
    return _sentence(f"{_text(agent[1:])} {past} {_inner(subject)}{tail}")


def change_voice(sent: Doc | Span) -> str | None:
    """Active <-> passive for a simple past-tense transitive clause with definite phrases.

    Declines on negation, modals, other auxiliaries, pronouns, clausal complements and
    verbs whose participle is not certain, because each of those can shift meaning.
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


def front_adverbial(sent: Doc | Span) -> str | None:
    """Move a time or place phrase to the other end of the sentence.

    "The law passed on Monday." <-> "On Monday, the law passed."
    """
    span = _as_sentence(sent)
    body = None if span is None else _body(span)
    if span is None or body is None or any(t.text in QUOTES for t in body):
        return None
    root = span.root
    if _is_negated(root) or not _is_finite(root):
        return None
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
    if phrase is None or not _is_time_or_place(first[0], phrase, root):
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


# ---------------------------------------------------------------- entry point

TRANSFORMS: dict[str, Callable[[Doc | Span], str | None]] = {
    "attribution": move_attribution,
    "clause_order": reorder_clauses,
    "split": split_sentence,
    "voice": change_voice,
    "adverbial": front_adverbial,
}


def transform_candidates(
    sentence: str, doc: Doc | Span | None = None, nlp: Language | None = None
) -> list[Candidate]:
    """Every transform's rewrite of one sentence, as candidates for the verify stage.

    Pass ``doc`` (the parse of ``sentence``, e.g. a sentence span of the article) or
    ``nlp``; with neither the English pipeline is loaded here, which is slow, so callers
    should load it once and pass it on.
    """
    if doc is None:
        if nlp is None:
            from rewrite_cli.nlp import load_english

            nlp = load_english()
        doc = nlp(sentence.strip())
    span = _as_sentence(doc)
    if span is None:
        return []  # several sentences: moving parts across them is not safe
    seen = {sentence.strip()}
    candidates: list[Candidate] = []
    for name, transform in TRANSFORMS.items():
        text = transform(span)
        if text and text not in seen:
            seen.add(text)
            candidates.append(Candidate(text=text, origin=f"transform:{name}"))
    return candidates
