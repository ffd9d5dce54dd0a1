"""The content words of a sentence, so a rewrite can neither drop nor add a claim.

Fact checks on numbers, names, dates and meaning words miss the errors a small model
makes most: it drops "the council said", turns "shop owners" into "owners of the
business district", or leaves out "very". Comparing lemmas of content words both ways
catches all of these. It also rejects honest synonym swaps; that is the price of a
guarantee we can state, so it is on by default and can be switched off
(``FactChecker(wording=False)``) where a looser check is wanted.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from rewrite_cli.verify.lexicon import load_lexicon
from rewrite_cli.verify.numbers import count_noun
from rewrite_cli.verify.quotes import quote_spans

if TYPE_CHECKING:
    from spacy.tokens import Doc

# The tagger flips common nouns to PROPN between word orders ("the town council"), so
# PROPN counts too, unless it is part of a named entity (which the entity check handles).
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "ADV"})
# Amounts and proper names have checks of their own that accept equal values written
# differently ("$5m" = "5 million dollars", "U.S." = "United States"), so their words
# are not compared here.
VALUE_ENTITIES = frozenset({"MONEY", "QUANTITY", "PERCENT", "CARDINAL"})
# "According to X" introduces speech like "X said" (the news table has the verbs).
SAYING = {"accord": "say", "according": "say"}


def lemma_of(tok) -> str:
    """A token's lemma as the checks compare it: lower-cased, with the news table's
    equivalents ("stated" = "said", "colour" = "color") read as one word."""
    lemma = tok.lemma_.lower()
    lexicon = load_lexicon()
    if tok.pos_ == "VERB" and introduces_speech(tok):
        lemma = lexicon.speech_verb(lemma)
    return lexicon.canon(SAYING.get(lemma, lemma))


def introduces_speech(tok) -> bool:
    """Whether a verb reports speech: it governs a clause ("said it was late") or stands
    beside one (", he added."), or names its listener ("told reporters")."""
    return (any(c.dep_ in {"ccomp", "parataxis"} for c in tok.children)
            or (tok.dep_ in {"parataxis", "ccomp"} and tok.i > tok.head.i)
            or (any(c.dep_ in {"dobj", "dative"} for c in tok.children)
                and tok.lemma_.lower() in {"tell", "inform"}))
# Words that carry no claim of their own in news prose ("said" -> "told reporters" names
# only the obvious audience).
LIGHT = frozenset({"be", "have", "do", "then", "there", "here", "so", "thus",
                   "meanwhile", "additionally", "furthermore", "moreover", "however",
                   "reporter", "journalist"})


# Who a sentence is about: "He was found guilty" must not become "She was found guilty".
# Object and possessive forms count as the person they refer to, so voice changes pass.
PERSONS = {
    "he": "he", "him": "he", "his": "he", "himself": "he",
    "she": "she", "her": "she", "hers": "she", "herself": "she",
    "they": "they", "them": "they", "their": "they", "theirs": "they", "themselves": "they",
    "we": "we", "us": "we", "our": "we", "ours": "we", "ourselves": "we",
    "i": "i", "me": "i", "my": "i", "mine": "i", "myself": "i",
    "you": "you", "your": "you", "yours": "you", "it": "it", "its": "it",
}
# Small words that set the scope or degree of a claim ("any alcohol", "also
# disqualified", "only two"); the tagger files them as determiners or adverbs.
SCOPE = frozenset({
    "any", "all", "every", "each", "no", "none", "some", "only", "also", "even", "still",
    "just", "never", "always", "already", "again", "almost", "nearly", "about", "around",
    "more", "most", "less", "least", "very", "too", "both", "either", "neither", "few",
    "many", "much", "several", "not", "n't",
})


# Small words that say where or when something is relative to something else: "sitting
# outside his home" is not "sitting on his home", "before the match" not "after" it.
RELATIONS = frozenset({
    "outside", "inside", "above", "below", "under", "underneath", "beneath", "over",
    "behind", "beside", "besides", "near", "against", "without", "within", "beyond",
    "across", "along", "toward", "towards", "into", "onto", "through", "throughout",
    "between", "among", "amid", "before", "after", "until", "since", "despite", "except",
    "during", "off", "via", "past", "opposite", "instead", "unless", "although",
})


def marks(doc: Doc) -> frozenset[str]:
    """The persons, scope words and relation words of a sentence, compared as sets both
    ways."""
    found: set[str] = set()
    same = load_lexicon().same
    for tok in doc:
        word = same.get(tok.lower_, tok.lower_)
        if word in PERSONS and not _names_us(tok):
            found.add(PERSONS[word])
        elif word in SCOPE or word in RELATIONS:
            found.add(word)
    return frozenset(found)


def person_counts(doc: Doc) -> Counter[str]:
    """How often each person is referred to ("him", "his" and "he" are one person).

    "crept up on him from behind" -> "crept up from behind" still names "his" bicycle,
    so the set of persons is unchanged; the count shows the lost "him".
    """
    return Counter(PERSONS[tok.lower_] for tok in doc
                   if tok.lower_ in PERSONS and not _names_us(tok))


def _names_us(tok) -> bool:
    """"US" in capitals names the country (the tagger often reads it as the pronoun)."""
    return tok.text == "US" and not tok.doc.text.isupper()


def content_counts(doc: Doc) -> Counter[str]:
    """How often each content word occurs: a rewrite that says a thing twice is garbled."""
    return Counter(lemma for lemma, _ in _content_words(doc))


def content_lemmas(doc: Doc) -> frozenset[str]:
    """Lower-cased lemmas of the claim-bearing words (numbers are checked elsewhere)."""
    return frozenset(lemma for lemma, _ in _content_words(doc))


def content_tags(doc: Doc) -> frozenset[tuple[str, str]]:
    """(lemma, coarse tag) of each content word: equivalence is judged within one part of
    speech."""
    return frozenset(_content_words(doc, tags=True))


# Verbs whose meaning lives in the words around them ("made fun of", "got used to", "took
# place"): swapping one for a WordNet synonym breaks the idiom ("created fun of").
SUPPORT_VERBS = frozenset({"make", "take", "get", "have", "give", "do", "go", "come", "put",
                           "set", "keep", "let", "hold", "bring", "turn", "run"})
_IDIOM_DEPS = frozenset({"prt", "acomp", "oprd"})


def fixed_words(doc: Doc) -> frozenset[str]:
    """Lemmas that may not give way to a synonym: support verbs, and words bound into a
    construction with a particle, a predicate or a get-passive ("found guilty", "gave up",
    "got used to")."""
    return frozenset(
        lemma_of(tok) for tok in doc
        if tok.lemma_.lower() in SUPPORT_VERBS or tok.dep_ in _IDIOM_DEPS
        or any(c.dep_ in _IDIOM_DEPS or (c.dep_ == "auxpass" and c.lemma_.lower() == "get")
               for c in tok.children)
    )


def content_forms(doc: Doc) -> frozenset[tuple[str, str]]:
    """(lemma, word as written, lower-cased) for each content word.

    The lemmatizer follows the tagger, which changes its mind between word orders: a
    capitalised first word "Hispanics" gets the lemma "hispanic", the same word inside a
    sentence keeps "hispanics". A word written the same way in both texts is the same
    word, whatever lemma each parse gave it.
    """
    return frozenset(_content_words(doc))


def _content_words(doc: Doc, tags: bool = False) -> list[tuple[str, str]]:
    found = []
    for tok in doc:
        if (tok.pos_ not in CONTENT_POS or tok.like_num or not tok.text[:1].isalnum()
                or tok.ent_type_ in VALUE_ENTITIES or (tok.i > 0 and tok.nbor(-1).like_num)
                or (tok.pos_ == "PROPN" and tok.ent_type_)
                or count_noun(doc, tok.i)):
            continue
        lemma = lemma_of(tok)
        if lemma not in LIGHT:
            found.append((lemma, tok.pos_ if tags else tok.lower_))
    return found


def all_lemmas(doc: Doc) -> frozenset[str]:
    """Every word's lemma and form, whatever its tag: what a content word may be found as.

    The tagger and NER change their minds between word orders and in title case
    ("Harbour Bridge" becomes a PERSON), so presence is judged against all words.
    """
    found: set[str] = set()
    for tok in doc:
        found.update((lemma_of(tok), tok.lower_))
    return frozenset(found)


def anchors(doc: Doc) -> frozenset[tuple[str, str]]:
    """Each number and proper noun with the word it hangs on in the parse.

    Restoring placeholders can put facts in each other's places ("the 1507 map named
    America" -> "the America map named 1507"): every word is still there, only the
    attachment shows the swap. Words inside quotation marks are left out: the quote check
    already holds them verbatim, and a quote parses differently once it stands after a
    colon instead of before "he said".
    """
    if _title_case(doc):
        return frozenset()  # headlines in title case parse too unreliably to compare
    return frozenset(
        (tok.lower_, lemma_of(_governor(tok)))
        for tok in _unquoted(doc)
        if (tok.like_num or tok.pos_ == "PROPN") and tok.head is not tok
    )


def modifiers(doc: Doc) -> frozenset[tuple[str, str]]:
    """Each describing word (adjective, noun or name used as a modifier) and what it describes.

    "The then-85-year-old had led the Catholic church" must not become "The Catholic had led
    the then-85-year-old church": the same words, but "Catholic" no longer describes the
    church. Held against model output only (see ``check_order``).
    """
    if _title_case(doc):
        return frozenset()
    return frozenset(
        (tok.lower_, lemma_of(tok.head))
        for tok in _unquoted(doc)
        if tok.dep_ in {"amod", "compound"} and tok.pos_ in {"ADJ", "NOUN", "PROPN"}
    )


# Words a model may leave out of its rewrite: articles and the "that" of a clause.
DROPPABLE = frozenset({"the", "a", "an", "that"})
_GOVERNING = frozenset({"NOUN", "VERB", "ADJ", "PROPN"})


def governors(doc: Doc) -> frozenset[tuple[str, str]]:
    """Each noun, verb and adjective with the nearest noun, verb, adjective or name it
    depends on (through prepositions, adverbs and other small words), or "<root>".

    "Since Morsy's ouster in July, his supporters have taken to the streets" must not
    become "Since Morsy's ouster in July have taken to the streets most Fridays of his
    supporters": every word is still there, but "supporters" now depends on "Fridays".
    Held against model output only (see ``check_order``); words in quotes are left out.
    """
    if _title_case(doc):
        return frozenset()
    found = set()
    for tok in _unquoted(doc):
        if tok.pos_ not in {"NOUN", "VERB", "ADJ"}:
            continue
        head = tok.head
        # "a pair of friends" is "two friends": the friends hang on what the pair do.
        while head.i != head.head.i and (head.pos_ not in _GOVERNING or count_noun(doc, head.i)):
            head = head.head
        governs = head.i != tok.i and head.pos_ in _GOVERNING and not count_noun(doc, head.i)
        above = lemma_of(head) if governs else "<root>"
        found.add((lemma_of(tok), above))
    return frozenset(found)


def _unquoted(doc: Doc) -> list:
    """The tokens outside quotation marks: the quote check holds quoted words verbatim,
    and a quote parses differently once it stands after a colon instead of before "he
    said", so attachment checks leave them out."""
    quoted = quote_spans(doc.text)
    return [tok for tok in doc if not any(start <= tok.idx < end for start, end in quoted)]


def _governor(tok):
    """The word a token hangs on, seen through a passive's "by" ("arrested by police")."""
    head = tok.head
    if head.dep_ == "agent" and head.head is not head:
        return head.head
    return head


def _title_case(doc: Doc) -> bool:
    words = [tok for tok in doc if tok.is_alpha and len(tok) > 3]
    return len(words) >= 3 and sum(tok.text[0].isupper() for tok in words) >= 0.6 * len(words)


def tenses(doc: Doc) -> frozenset[tuple[str, str]]:
    """(verb lemma, tense) pairs: "continued" must not become "continues".

    A bare infinitive counts as its own form ("Inf"): "he had to kill her and bury her"
    must not become "... and buried her", which says the burial happened (a model did
    that to a dev sentence, and with infinitives left out the check did not see it).
    """
    return frozenset(
        (lemma_of(tok), form)
        for tok in doc
        if tok.pos_ == "VERB" and tok.lower_ != "according"  # no tense: "according to X"
        for form in tok.morph.get("Tense") or tok.morph.get("VerbForm")[:1]
        if form in {"Past", "Pres", "Fut", "Inf"}
    )


def noun_numbers(doc: Doc) -> frozenset[tuple[str, str, str]]:
    """(lemma, grammatical number, word as written) for each noun and name.

    "Coastal Town Reopens ..." must not become "Coastal Towns Reopens ...": the lemma is
    the same, so the content-word check alone let a model's headline through.
    """
    return frozenset(
        (tok.lemma_.lower(), number, tok.lower_)
        for tok in doc
        if tok.pos_ in {"NOUN", "PROPN"}
        for number in tok.morph.get("Number")
    )


def adjective_degrees(doc: Doc) -> frozenset[tuple[str, str, str]]:
    """(lemma, degree, word as written) for each adjective and adverb.

    "a tough season" is not "the toughest season": the lemma is the same, so once a
    rewrite may drop the source's own word for an equivalent, the degree is compared.
    """
    return frozenset(
        (lemma_of(tok), degree, tok.lower_)
        for tok in doc
        if tok.pos_ in {"ADJ", "ADV"}
        for degree in tok.morph.get("Degree")
    )


def word_classes(doc: Doc) -> frozenset[tuple[str, str, str]]:
    """(lemma, NOUN or VERB, word as written) for each noun and verb.

    "philosophical about the future and the battle against doping" must not become
    "... and battling against doping": same lemma, but a topic became an activity.
    """
    return frozenset(
        (tok.lemma_.lower(), tok.pos_, tok.lower_) for tok in doc if tok.pos_ in {"NOUN", "VERB"}
    )


def is_clause(doc: Doc) -> bool:
    """Whether the text's root is a verb: a rewrite must not turn a sentence into a fragment."""
    return any(tok.dep_ == "ROOT" and tok.pos_ in {"VERB", "AUX"} for tok in doc)


def voices(doc: Doc) -> frozenset[tuple[str, str, str]]:
    """(noun, verb, "agent" | "patient"): "the pair were interviewed" is not "the pair
    interviewed" — the same words with the doer and the done-to swapped."""
    found = set()
    for tok in doc:
        if tok.pos_ not in {"NOUN", "PROPN", "PRON"}:
            continue
        verb = _governor(tok)
        if tok.dep_ in {"nsubj"} or tok.head.dep_ == "agent":
            found.add((lemma_of(tok), lemma_of(verb), "agent"))
        elif tok.dep_ in {"nsubjpass", "dobj"}:
            found.add((lemma_of(tok), lemma_of(verb), "patient"))
    return frozenset(found)


def name_order(doc: Doc) -> tuple[str, ...]:
    """Numbers and proper nouns in the order the text gives them.

    A model's rewrite that changes this order ("More than two decades after Magic Johnson
    announced" -> "Magic Johnson after more than two decades announced") has usually
    changed who did what when; the parse-based transforms, which move whole clauses on
    purpose, are not held to it.
    """
    return tuple(tok.lower_ for tok in doc if tok.like_num or tok.pos_ == "PROPN")


def order_changed(candidate: tuple[str, ...], source: tuple[str, ...]) -> str | None:
    """The first word found out of the source's order, if any.

    A word that occurs more than once is matched occurrence by occurrence ("Fargo ...
    in Fargo": the rewrite's second "fargo" is the source's second), so a repeated name
    does not look moved.
    """
    places: dict[str, list[int]] = {}
    for i, word in enumerate(source):
        places.setdefault(word, []).append(i)
    seen: Counter[str] = Counter()
    last = -1
    for word in candidate:
        if word not in places:
            continue
        where = places[word][min(seen[word], len(places[word]) - 1)]
        seen[word] += 1
        if where < last:
            return word
        last = where
    return None
