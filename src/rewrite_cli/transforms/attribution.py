"""Moving who-said-it to the other end of a sentence, keeping any quote verbatim.

"X said (that) Y" <-> "Y, X said", "according to X", and '"Y," X said' <-> 'X said: "Y."';
the speaker moves as one unit, and only when what was said is exactly the part moved.
A speaker described in commas ("Hughes, who died in 2008,") moves with the description,
which ends the sentence where "said" can come first: "Y, said Hughes, who died in 2008."
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rewrite_cli.transforms.casing import _declines_when_unsure, _inner
from rewrite_cli.transforms.tokens import (
    CLOSE_QUOTES,
    CONTRAST_MARKS,
    OPEN_QUOTES,
    QUOTES,
    SPEECH_VERBS,
    SUBJECTS,
    THIRD_PERSON,
    _as_sentence,
    _body,
    _children,
    _fronted_phrase,
    _has_clause,
    _index,
    _initial,
    _is_finite,
    _is_negated,
    _is_plural_possessive,
    _is_quote,
    _quotes_balanced,
    _sentence,
    _starts_with_subject,
    _subtree,
    _text,
    _tokens,
    _words,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Speech verbs that also take a verbless "small clause" ("found the man killed").
SMALL_CLAUSE_VERBS = frozenset({"find", "show", "hear", "think", "believe", "fear"})
MATCHING_QUOTE = {'"': '"', "'": "'", "‘": "’", "“": "”", "``": "''"}
ASIDES = frozenset({",", ";", "-", "--", "–", "—", "("})  # marks that open a new clause or aside
ENCLOSED = frozenset({"appos", "relcl", "acl", "prep", "advcl", "amod"})  # may sit in commas
MAX_SETTING_WORDS = 10
MAX_ATTRIBUTION_TOKENS = 16  # not counting a description of the speaker in commas
MAX_ASIDE_WORDS = 16
SPEAKER_ASIDES = frozenset({"appos", "relcl", "acl", "prep"})  # "X, who ..., said"
# Verbs that read well before a described speaker: "..., said Hughes, who died in 2008."
INVERTIBLE_VERBS = frozenset({"say", "add"})
EXAMPLE_PHRASES = frozenset({("for", "example"), ("for", "instance")})
# Verbs that make no claim of their own: auxiliaries, and "state-run" in "the state-run paper".
NOT_A_CLAUSE = frozenset({"aux", "auxpass", "amod", "compound"})
# Where something was said: "In a statement, X said ..." -> "..., X said in a statement."
SPEECH_SETTINGS = frozenset(
    {"statement", "interview", "letter", "email", "e-mail", "message", "post", "tweet",
     "speech", "conference", "briefing", "court", "hearing", "meeting", "broadcast", "show",
     "programme", "program", "podcast", "blog", "documentary", "article", "column", "note",
     "memo", "filing", "testimony", "radio", "television", "twitter", "facebook",
     "instagram", "website", "memoir", "appearance", "address", "release", "op-ed"}
)  # fmt: skip


def _attribution_parts(attr: Sequence[Token]) -> tuple[Token, list[Token]] | None:
    """Find the speech verb and its subject in a short attribution like "police said".

    Everything else must be a plain modifier of the verb ("on Monday", "to CNN"), so
    the attribution can move as one unit without taking another claim with it. The
    speaker may carry a description set off by commas ("Hughes, who died in 2008,"):
    it is part of the speaker, so it moves with it and does not count towards the length.
    """
    if not attr:
        return None
    ids = {t.i for t in attr}
    roots = [t for t in attr if t.head.i == t.i or t.head.i not in ids]
    if len(roots) != 1:
        return None
    verb = roots[0]
    if verb.pos_ not in {"VERB", "AUX"} or verb.dep_ in {"aux", "auxpass"}:
        return None
    if verb.lemma_ not in SPEECH_VERBS or _is_negated(verb):
        return None
    subjects = [c for c in _children(verb, "nsubj") if c in attr]
    if len(subjects) != 1:
        return None
    subject = _subtree(subjects[0], attr)
    if subject is None or attr[0].i not in {subject[0].i, verb.i}:
        return None  # "Now, X has said": the opener belongs to the whole sentence
    asides = [t for _, phrase in _speaker_asides(subjects[0], subject) for t in phrase]
    core = [t for t in attr if t not in asides]
    if len(core) > MAX_ATTRIBUTION_TOKENS or any(_is_quote(t) for t in core):
        return None
    if not _quotes_balanced(asides) or any(t.text == ":" for t in asides):
        return None
    if any(t.pos_ in {"VERB", "AUX"} and t.dep_ not in NOT_A_CLAUSE and t != verb
           for t in core):  # fmt: skip
        return None  # another verb: the attribution may carry a claim of its own
    trailing = [c for c in _children(subjects[0], "prep", "acl", "relcl")
                if c.dep_ != "relcl" or c not in asides]  # fmt: skip
    if subject[0].i > verb.i and trailing:
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


def _speaker_asides(head: Token, subject: Sequence[Token]) -> list[tuple[Token, list[Token]]]:
    """The descriptions of the speaker set off by commas, each with the word it hangs
    from: "Hughes, who died in 2008,", "Rick Nelson, a Met officer and Federation
    representative,".

    Between commas (or at the end, after "said X") such a phrase can only describe the
    name before it, so it may hold verbs of its own without them being read as another
    claim; a description without commas ("officers who claim they ...") is not one.
    """
    asides: list[tuple[Token, list[Token]]] = []
    for child in _children(head, *SPEAKER_ASIDES):
        phrase = _subtree(child, subject)
        while phrase and phrase[-1].text == ",":
            phrase = phrase[:-1]
        if not phrase or _words(phrase) > MAX_ASIDE_WORDS:
            continue
        start, end = _index(subject, phrase[0]), _index(subject, phrase[-1])
        if start == 0 or subject[start - 1].text != ",":
            continue
        if end + 1 < len(subject) and subject[end + 1].text != ",":
            continue
        asides.append((child, phrase))
    return asides


def _speaker_last(attr: Sequence[Token]) -> str:
    """The attribution as it reads after what was said.

    A speaker described at length goes after "said" ("..., said Hughes, who died in
    2008."), so the description ends the sentence instead of standing between the
    speaker and the verb; any other attribution keeps its own order. Only a relative
    clause or a noun can follow there: "said Ann Davis, of Ocala" could be what she
    said it of, and "said Ann Davis, prosecuting" how she said it.
    """
    parts = _attribution_parts(attr)
    if parts is None:
        return _inner(attr)
    verb, subject = parts
    head = next(c for c in _children(verb, "nsubj") if c in subject)
    asides = _speaker_asides(head, subject)
    speaker = list(subject)
    while speaker and speaker[-1].text == ",":
        speaker = speaker[:-1]
    if (
        verb.lemma_ not in INVERTIBLE_VERBS
        or not asides
        or speaker[-1].i != asides[-1][1][-1].i
        or [t.i for t in attr] != [t.i for t in subject] + [verb.i]
    ):
        return _inner(attr)
    last = asides[-1][0]
    if last.dep_ != "relcl" and (last.dep_ != "appos" or last.pos_ not in {"NOUN", "PROPN"}):
        return _inner(attr)
    return f"{verb.text} {_inner(speaker)}"


def _attribution_text(attr: Sequence[Token]) -> str | None:
    """The attribution with its subject first ("said the mayor" -> "the mayor said")."""
    parts = _attribution_parts(attr)
    if parts is None:
        return None
    verb, subject = parts
    if subject[0].i < verb.i:
        return _text(attr)
    if attr[0].i != verb.i or attr[1].i != subject[0].i:
        return None
    after = attr[len(subject) + 1 :]
    if after and after[0].is_punct:
        return None
    subject_text = _inner(subject)
    if "," in subject_text:
        subject_text += ","  # "the mayor, John Smith, said"
    # "said Boies on NBC" -> "Boies said on NBC": what hangs off "said" stays after it.
    return " ".join(part for part in (subject_text, verb.text, _text(after)) if part)


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
    return _sentence(f"{toks[j].text}{quoted}{toks[-1].text} {_speaker_last(attr)}{where}")


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
    if reported is None or reported[0].i < root.i:
        return None
    end = _index(body, reported[-1])
    if any(not (_is_quote(t) and t.text in CLOSE_QUOTES) for t in body[end + 1 :]):
        return None
    reported = body[_index(body, reported[0]) :]  # with a closing quote hung on "said"
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
    if _may_be_the_speakers(clause, root):
        return None
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
    if not _marks_balanced([*reported, close] if close else reported):
        return None
    if not _has_clause(reported) or _may_be_the_writers(reported):
        return None
    where = f" {_inner(setting)}" if setting else ""
    mark = f",{close.text}" if close else ","
    return _sentence(f"{_text(reported)}{mark} {_speaker_last(attr)}{where}")


def _pronoun_may_change_referent(reported: Sequence[Token], speaker: Sequence[Token]) -> bool:
    """Whether moving a named speaker in front could change whom a pronoun in what was
    said refers to.

    In "She 'really just adopted us,' Mrs Triantafilo said" "she" is the family's cat;
    "Mrs Triantafilo said she ..." would make it Mrs Triantafilo; so would "The council said
    it will close" of "It will close, the council said" (the library). The parse cannot tell
    which reading the source meant, so such sentences are left alone. (The other way,
    "X said he ..." -> "He ..., X said", the news reading of "he" stays X.) A speaker who
    is, or has, a pronoun ("she said", "his phone records showed") is itself resolved
    from the text before, either way.
    """
    if not speaker or any(t.lower_ in THIRD_PERSON for t in speaker):
        return False
    return any(t.lower_ in THIRD_PERSON for t in reported)


def _may_be_the_speakers(clause: Token, verb: Token) -> bool:
    """Whether a verb joined to the reported clause without a subject of its own may be
    the speaker's second verb instead.

    In "Shilov told the ABC that the sentence was worrying and expressed concern" the
    parse joins "expressed" to "was worrying", but it was Shilov who expressed it; so
    with "police said the man was arrested and declined to comment" or "... and would
    not comment further". A verb in the same tense as the speech verb, or with a modal,
    can belong to either, and moving what was said in front of the speaker would settle
    it one way. ("She said she sits there and takes it" cannot: she said, not says.)
    """
    spoken = _finite_form(verb)
    return any(
        c.pos_ in {"VERB", "AUX"}
        and not _children(c, *SUBJECTS)
        and _finite_form(c) in {spoken, "MD"} - {None}
        for c in _children(clause, "conj")
    )


def _finite_form(verb: Token) -> str | None:
    """The tense tag a verb phrase shows ("has been" -> VBZ), None when it shows none."""
    for aux in _children(verb, "aux", "auxpass"):
        if aux.tag_ in {"VBD", "VBZ", "VBP", "MD"}:
            return aux.tag_
    return verb.tag_ if verb.tag_ in {"VBD", "VBZ", "VBP"} else None


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


def _marks_balanced(tokens: Sequence[Token]) -> bool:
    """Every quotation mark closed, not counting the apostrophe of "Adams’ orders"."""
    return _quotes_balanced(t for t in tokens if not _is_plural_possessive(t))


def _same_words(tokens: Sequence[Token], other: Sequence[Token]) -> bool:
    """The same words, whichever of them the parse hangs a comma or quotation mark on."""
    return [t.i for t in tokens if not t.is_punct] == [t.i for t in other if not t.is_punct]


def _without_example(reported: Sequence[Token], verb: Token) -> Sequence[Token]:
    """What was said without a closing ", for example" that the parse gives to "said".

    The phrase stays where it was, right after the words it is an example of, so
    whichever it belongs to, it reads the same once "he said" moves to the front.
    """
    words = [t.lower_ for t in reported[-3:]]
    if len(reported) < 4 or words[0] != "," or tuple(words[1:]) not in EXAMPLE_PHRASES:
        return reported
    if reported[-2].head.i != verb.i or reported[-2].dep_ != "prep":
        return reported
    return reported[:-3]


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
    if _pronoun_may_change_referent(reported, subject):
        return None
    # What is moved must be exactly what was said: the verb's clausal complement, or the
    # clause the verb hangs off as a parenthetical ("..., police said").
    clause = _reported_clause(verb)
    whole = [*reported, close] if close else reported
    if clause is not None:
        moved = _subtree(clause, body)
        if moved is None or not _same_words(moved, _without_example(reported, verb)):
            return None
    elif not _parenthetical(verb, root, reported):
        return None
    if reported[0].text in QUOTES or not _marks_balanced(whole):
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
    # "He said this meant ..." reads first as "said this"; "that" keeps it a clause.
    short = short and reported_subject.lower_ not in {"this", "that", "these", "those"}
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
            if _pronoun_may_change_referent(rest, phrase[2:]):
                return None
            return _sentence(f"{_text(rest[1:])}, {_inner(phrase)}")
        if phrase[-1].i == body[-1].i and body[k - 1].text == ",":
            main = body[: k - 1]
            if not _has_clause(main) or not _quotes_balanced(main) or _is_quote(main[0]):
                return None
            if not _starts_with_subject(main, root) or _children(root, "conj"):
                return None  # "A, but B, according to X" may credit X with B only
            if _pronoun_may_change_referent(main, phrase[2:]):
                return None
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
