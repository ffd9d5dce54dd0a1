"""What every transform shares: word lists, turning tokens back into text, reading the parse.

Nothing here decides a rewrite; these helpers find the pieces of a sentence (its body,
subject, a contiguous subtree, a quotation mark) and put moved pieces back together as
the source wrote them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

SPEECH_VERBS = frozenset(
    {
        "say", "tell", "add", "explain", "state", "claim", "announce", "report", "note",
        "warn", "insist", "argue", "confirm", "reveal", "admit", "write", "tweet", "allege",
        "estimate", "believe", "suggest", "acknowledge", "testify", "predict", "declare",
        "show", "find", "think", "fear", "hear", "indicate", "conclude", "continue", "reply",
        "respond", "rule", "recall",
    }
)  # fmt: skip
CONTRAST_MARKS = frozenset({"although", "though", "while", "whereas"})
# Words right before a subordinate clause that focus it; fronting the clause would
# change what they (or a negation) scope over: "not only because ...", "just as ...".
FOCUS_WORDS = frozenset(
    {"not", "only", "just", "even", "partly", "largely", "mainly", "simply", "solely", "precisely"}
)
OPEN_QUOTES = frozenset({'"', "'", "‘", "“", "``"})
CLOSE_QUOTES = frozenset({'"', "'", "’", "”", "''"})
QUOTES = OPEN_QUOTES | CLOSE_QUOTES
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
TRUNCATED_ENDINGS = frozenset(
    {"det", "aux", "auxpass", "mark", "cc", "prep", "poss", "nsubj", "nsubjpass", "case"}
)
SUBJECT_PRONOUNS = frozenset({"i", "he", "she", "we", "they"})
# Pronouns that refer to someone or something named elsewhere; moving a clause or a
# speaker past one can change whom it means (see clause_order and attribution).
THIRD_PERSON = frozenset(
    {"he", "him", "his", "himself", "she", "her", "hers", "herself", "it", "its", "itself",
     "they", "them", "their", "theirs", "themselves"}
)  # fmt: skip
PLURAL_NOUNS = frozenset({"police", "people", "cattle", "clergy"})
# Sentence openers that scope over the whole sentence and can stay in front of any
# reordering of the rest ("But police said X." -> "But X, police said.").
CONNECTIVES = frozenset(
    {"and", "but", "yet", "however", "meanwhile", "nevertheless", "nonetheless", "moreover",
     "furthermore", "instead", "indeed", "additionally", "separately"}
)  # fmt: skip


# ---------------------------------------------------------------- text assembly


def _text(tokens: Sequence[Token]) -> str:
    """The tokens as written in the source (inner spacing kept, ends trimmed)."""
    return "".join(t.text_with_ws if t.whitespace_ else _space_after(t) for t in tokens).strip()


def _space_after(token: Token) -> str:
    """A word followed by a separate space token (e.g. a no-break space) keeps one space."""
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return token.text + (" " if following is not None and following.is_space else "")


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


def _words(tokens: Iterable[Token]) -> int:
    return sum(1 for t in tokens if not t.is_punct)


def _is_plural(head: Token) -> bool:
    return (
        head.tag_ in {"NNS", "NNPS"} or head.lower_ in PLURAL_NOUNS or bool(_children(head, "conj"))
    )


def _is_plural_possessive(token: Token) -> bool:
    """An apostrophe that ends a plural possessive ("on Adams’ orders") although the tagger
    read it as a closing quotation mark.

    It must be glued to a word ending in "s" that modifies the noun right after it, with
    no opening mark earlier in the sentence that it could close ("the ‘Smiths’ house").
    """
    if token.text not in {"'", "’"} or token.i == 0 or token.i + 1 >= len(token.doc):
        return False
    owner, owned = token.nbor(-1), token.nbor(1)
    if owner.whitespace_ or not owner.is_alpha or not owner.lower_.endswith("s"):
        return False
    if owner.head.i != owned.i or owned.pos_ not in {"NOUN", "PROPN"}:
        return False
    return not any(t.text in {"'", "‘"} for t in token.doc[token.sent.start : token.i])
