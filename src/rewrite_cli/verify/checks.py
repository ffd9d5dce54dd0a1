"""The individual checks: each compares a candidate's facts with its source's facts.

``source`` is everything the candidate may draw on (the unit's source sentences);
``unit`` is the text it was asked to rephrase (the planner may have compressed it), which
is what it must not lose or contradict. Every function returns findings, empty = fine.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace

from rewrite_cli.document import Finding
from rewrite_cli.verify.entities import Entity, NameIndex, expands_acronym, initials
from rewrite_cli.verify.facts import Facts
from rewrite_cli.verify.lexicon import load_lexicon
from rewrite_cli.verify.meaning import Speaker
from rewrite_cli.verify.negated import NOT, NegatedAntonyms, negated_antonyms
from rewrite_cli.verify.numbers import Quantity, is_number_word
from rewrite_cli.verify.places import load_places
from rewrite_cli.verify.quotes import contains
from rewrite_cli.verify.text import words
from rewrite_cli.verify.word_align import Alignment
from rewrite_cli.verify.wording import DROPPABLE, order_changed

DEGREE_NAMES = {"Pos": "plain", "Cmp": "comparative", "Sup": "superlative"}
AMOUNT_UNITS = {"usd", "gbp", "eur", "jpy", "cny", "inr", "pence", "cent", "percent"}


def check_numbers(cand: Facts, source: Facts, unit: Facts) -> list[Finding]:
    """Every amount must exist in the source with the same value, unit and rate frame.

    A span written in other units is the same amount ("40 years" for "four decades"). What
    a determiner implies ("a man" backs "one man", "a decade" backs "10 years") is not
    demanded back; the rewrite's "a decade" is held to the source's spans, if it has any.
    """
    out: list[Finding] = []
    for q in cand.quantities:
        if q.implied and not (q.is_span and any(s.is_span for s in source.quantities)):
            continue
        same = [s for s in source.quantities if q.same_amount(s)]
        if not same:
            out.append(Finding("number", q.text, "no source number has this value"))
        elif q.unit and not any(s.unit in {q.unit, None} or q.same_duration(s) for s in same):
            out.append(Finding("unit_frame", q.text, f"source says {same[0].text}"))
        elif q.unit is None and all(s.unit in AMOUNT_UNITS for s in same):
            out.append(Finding("unit_frame", q.text, f"unit dropped from {same[0].text}"))
    for q in unit.quantities:
        if not (q.is_word_one or q.implied) and not any(q.same_amount(c)
                                                         for c in cand.quantities):
            out.append(Finding("omission", q.text, "number of the source left out"))
    for frame in sorted(cand.frames - source.frames):
        out.append(Finding("unit_frame", frame, "rate frame not in the source"))
    for frame in sorted(unit.frames - cand.frames):
        out.append(Finding("unit_frame", frame, "rate frame of the source left out"))
    return out


def check_ordinals(cand: Facts, source: Facts, unit: Facts) -> list[Finding]:
    """Ranks and ordinals ('third', 'No. 2') are facts: same values both ways."""
    have = {v for v, _ in source.ordinals}
    out = [Finding("ordinal", t, "no such rank in the source") for v, t in cand.ordinals
           if v not in have]
    kept = {v for v, _ in cand.ordinals}
    out += [Finding("omission", t, "rank of the source left out") for v, t in unit.ordinals
            if v not in kept]
    return out


def check_dates(cand: Facts, source: Facts, unit: Facts) -> list[Finding]:
    """Weekdays, months, years, days and times must match the source both ways."""
    have = {d.key for d in source.dates}
    out = [Finding("date", d.text, "date not in the source") for d in cand.dates
           if d.key not in have]
    kept = {d.key for d in cand.dates}
    out += [Finding("omission", d.text, "date of the source left out") for d in unit.dates
            if d.key not in kept]
    return out


def check_entities(cand: Facts, source: Facts, unit: Facts,
                   article: NameIndex | None = None) -> list[Finding]:
    """Names must be backed by the source; the source's names must not vanish.

    A fuller form of a name the source mentions is fine when the article has it
    ('Van Gaal' in the sentence, 'Louis van Gaal' earlier in the article).
    """
    def backed(e: Entity) -> bool:
        if source.names.supports(e) or expands_acronym(e, source.names):
            return True
        return article is not None and article.supports(e) and source.names.mentions_any(e)

    out = [Finding("entity", e.text, "name not in the source") for e in cand.entities
           if not backed(e)]
    out += [
        Finding("omission", e.text, "name of the source left out")
        for e in unit.entities
        if e.label != "CAP" and not cand.names.mentions_any(e)
        and not expands_acronym(e, cand.names)
    ]
    return out


def check_quotes(cand: Facts, source: Facts, article_quotes: Sequence[tuple[str, ...]]
                 ) -> list[Finding]:
    """Quoted words must be a verbatim run of a source quote within this sentence's source."""
    out: list[Finding] = []
    quotes = [*source.quotes, *article_quotes]  # its own source first: the usual holder
    for q in cand.quotes:
        text = " ".join(q)
        if not contains(source.words, q):
            out.append(Finding("quote", text, "quoted words differ from the source"))
        elif not any(contains(sq, q) for sq in quotes):
            out.append(Finding("quote", text, "quote marks around unquoted words"))
    return out


def _same_speaker(cand: Speaker, source: Speaker) -> bool:
    if cand.is_pronoun:
        return True
    if source.is_pronoun:
        return cand.proper  # 'he said' may become 'Folda said', never 'officials said'
    norm = lambda ws: {w[:-1] if w.endswith("s") else w for w in ws}  # noqa: E731
    return bool(norm(cand.words) & norm(source.words))


def _still_named(speakers: Sequence[Speaker], cand: Facts) -> bool:
    """The candidate still names the source's speaker (the parse may just have missed it)."""
    have = set(cand.words)
    return any(not sp.is_pronoun and sp.words - {"the"} <= have for sp in speakers)


def check_attribution(cand: Facts, source: Facts, unit: Facts) -> list[Finding]:
    """Who said it: no invented speakers, no swapped speakers, no claim stripped of its source."""
    out: list[Finding] = []
    for sp in cand.speakers:
        if not source.speakers:
            out.append(Finding("attribution", sp.text, "source credits no one with this"))
        elif not any(_same_speaker(sp, s) for s in source.speakers):
            out.append(Finding("speaker", sp.text, "source credits someone else"))
    if len(cand.speakers) > len(source.speakers) and source.speakers:
        extra = cand.speakers[-1].text
        out.append(Finding("attribution", extra, "more speakers than the source"))
    if unit.speakers and not cand.speakers and not _still_named(unit.speakers, cand):
        reason = "speaker" if cand.quotes else "attribution"
        out.append(Finding(reason, unit.speakers[0].text, "drops who said it"))
    return out


def check_meaning(cand: Facts, unit: Facts, drops: bool = True,
                  aligned: Alignment | None = None) -> list[Finding]:
    """Negation, modality, roles, who-did-what-to-whom and degree must not change.

    With ``drops`` False (a summary sentence, which may leave clauses out) only what the
    candidate adds is judged: a new negation, modal, role or degree word. "Not likely"
    for "unlikely" (or back) is one negation in other words (see ``verify.negated``).
    """
    out: list[Finding] = []
    flips = negated_antonyms(cand, unit, load_lexicon())
    cand, unit = _flipped(cand, flips.rewrite_not), _flipped(unit, flips.source_not, theirs=True)
    mine = cand.negations - len(flips.rewrite_not)
    theirs = unit.negations - len(flips.source_not)
    if mine > theirs or (drops and mine < theirs):
        detail = "negation added" if mine > theirs else "negation dropped"
        out.append(Finding("negation", "not", detail))
    added = set(cand.modals) - set(unit.modals)
    missing = set(unit.modals) - set(cand.modals) if drops else set()
    if added or missing:
        span = cand.modals[min(added)] if added else unit.modals[min(missing)]
        out.append(Finding("modality", span, "certainty changed"))
    for role in sorted(set(cand.roles) - set(unit.roles)):
        out.append(Finding("role", role, "relation or role not in the source"))
    if drops:
        for role in sorted(unit.common_roles - set(cand.roles)):
            out.append(Finding("role", role, "relation or role of the source left out"))
    aligned = aligned or Alignment()
    for agent, verb, patient in sorted(cand.triples):
        agent, verb, patient = aligned(agent), aligned(verb), aligned(patient)
        if (patient, verb, agent) in unit.triples and (agent, verb, patient) not in unit.triples:
            out.append(Finding("role", f"{agent} {verb} {patient}", "who did what to whom swapped"))
    out += _degree_findings(cand, unit, drops)
    return out


def _flipped(facts: Facts, pairs: frozenset[tuple[str, str]], theirs: bool = False) -> Facts:
    """``facts`` with each degree word under a "not" read as its prefixed antonym ("not
    likely" on the likelihood scale as "unlikely")."""
    negated = {(b if theirs else a): (a if theirs else b) for a, b in pairs}
    if not negated:
        return facts
    degrees = tuple((scale, 1 - side, negated[word.lower()]) if word.lower() in negated
                    else (scale, side, word) for scale, side, word in facts.degrees)
    return replace(facts, degrees=degrees)


def _degree_findings(cand: Facts, unit: Facts, drops: bool) -> list[Finding]:
    """A degree word may not move along its scale, appear from nowhere, or (bounds) vanish."""
    out: list[Finding] = []
    have = Counter((scale, side) for scale, side, _ in unit.degrees)
    used = Counter((scale, side) for scale, side, _ in cand.degrees)
    words = {(scale, side): w for scale, side, w in unit.degrees}
    for scale, side, word in cand.degrees:
        if used[(scale, side)] <= have[(scale, side)]:
            continue
        if (scale, 1 - side) in have:
            out.append(Finding("polarity", word, f"source says {words[(scale, 1 - side)]}"))
        elif scale in {"size", "bound", "amount", "trend", "outcome"}:
            out.append(Finding("polarity", word, "degree not in the source"))
    for scale, side, word in unit.degrees:
        if drops and scale in {"bound", "size", "amount"} and used[(scale, side)] < have[
            (scale, side)
        ]:
            out.append(Finding("polarity", word, "qualifier of the source left out"))
    return out


def check_wording(cand: Facts, source: Facts, unit: Facts, drops: bool = True,
                  aligned: Alignment | None = None) -> list[Finding]:
    """No content word may be added that the source lacks, nor (``drops``) one left out.

    A word of ``cand`` that ``aligned`` maps to a source word stands for it: it is no
    addition, and every relation is checked on the source word it stands for.
    """
    aligned = aligned or Alignment()
    content: Counter[str] = Counter()
    for w, n in cand.content.items():
        if w not in aligned.light:
            content[aligned(w)] += n
    mine = cand.lemmas | aligned.covered
    amounts = _amount_words(cand, source) | _amount_words(unit, cand)
    out = [Finding("addition", w, "word not in the source sentence")
           for w in sorted(set(cand.content) - source.lemmas - unit.lemmas)
           if w not in aligned.words and w not in aligned.light
           and not _written_in(w, cand, source.lemmas | unit.lemmas)
           and not _same_place(w, source, unit) and w not in amounts]
    out += [Finding("repetition", w, "said more often than in the source")
            for w, n in sorted(content.items())
            if n > max(source.content[w], unit.content[w]) and w in source.content]
    flips = negated_antonyms(cand, unit, load_lexicon())
    moved_not = _moved_not(flips)
    out += [Finding("addition", w, "person, scope or relation word not in the source sentence")
            for w in sorted(cand.marks - source.marks - unit.marks)
            if not (w in NOT and flips.rewrite_not)]
    out += [Finding("repetition", w, "person referred to more often than in the source")
            for w, n in sorted(cand.persons.items())
            if n > max(source.persons[w], unit.persons[w]) and w in source.marks | unit.marks]
    words_there = {w for w, _ in source.anchors | unit.anchors}
    anchors = {(w, aligned(head)) for w, head in cand.anchors}
    out += [Finding("role", w, f"now attached to '{head}'")
            for w, head in sorted(anchors - source.anchors - unit.anchors)
            if w in words_there]
    verbs_there = {v for v, _ in source.tenses | unit.tenses}
    tenses = {(aligned(v), t) for v, t in cand.tenses}
    out += [Finding("tense", v, f"tense changed to {t.lower()}")
            for v, t in sorted(tenses - source.tenses - unit.tenses) if v in verbs_there]
    out += _number_findings(cand, source, unit, aligned)
    out += _class_findings(cand, source, unit, aligned)
    degrees = frozenset((aligned(lemma), deg, text)
                        for lemma, deg, text in cand.adjective_degrees)
    out += _form_findings(degrees, source.adjective_degrees | unit.adjective_degrees, source, unit,
                          lambda degree: f"now {DEGREE_NAMES.get(degree, degree.lower())}")
    out += _name_findings(cand, source, unit)
    from spacy.lang.en.stop_words import STOP_WORDS  # spaCy is loaded once a check runs

    have = Counter(source.words) | Counter(unit.words)
    out += [Finding("repetition", w, "word used more often than in the source")
            for w, n in sorted(Counter(cand.words).items())
            if n > have[w] and w in have and w not in STOP_WORDS]
    theirs = source.voices | unit.voices
    voices = {(aligned(noun), aligned(verb), role) for noun, verb, role in cand.voices}
    out += [Finding("role", f"{noun} {verb}", f"now the {role} of '{verb}'")
            for noun, verb, role in sorted(voices - theirs)
            if any((noun, verb, other) in theirs for other in ("agent", "patient"))]
    if (source.clause or unit.clause) and not cand.clause:
        out.append(Finding("fragment", cand.text[:40], "not a full sentence"))
    if drops:
        out += [Finding("omission", w, "word of the source left out")
                for w in sorted(set(unit.content) - mine)
                if w not in aligned.light and not _written_in(w, unit, cand.lemmas)
                and not _same_place(w, cand) and w not in amounts]
        out += [Finding("omission", w, "person, scope or relation word of the source left out")
                for w in sorted(unit.marks - cand.marks) if w not in moved_not]
        out += [Finding("omission", w, "person referred to fewer times than in the source")
                for w, n in sorted(unit.persons.items())
                if 0 < cand.persons[w] < n]
        # "kept in the dark about where her husband was to keep operations secret" lost
        # its "to keep" but still had "kept": count each content word, not just its lemma.
        out += [Finding("omission", w, "said fewer times than in the source")
                for w, n in sorted(unit.content.items())
                if 0 < content[w] < n]
    return out


def _amount_words(facts: Facts, other: Facts) -> set[str]:
    """The words of ``facts``' amounts that ``other`` states in other words ("a fortnight"
    for "two weeks", "centenary" for "100 years"): the number check compared them."""
    return {w for q in facts.quantities if any(_restated(q, o) for o in other.quantities)
            for w in words(q.text)}


def _restated(q: Quantity, other: Quantity) -> bool:
    """One amount in other words: an amount with its unit ("half a million pounds",
    "£500,000"; a unit changed is the number check's finding), or a count of the same
    noun ("a pair of friends", "two friends"); not merely the same value ("5 people", "5
    officers")."""
    if not q.same_amount(other):
        return False
    if q.unit and other.unit:
        return q.unit == other.unit or q.same_duration(other)
    return q.noun is not None and q.noun == other.noun


def _moved_not(flips: NegatedAntonyms) -> frozenset[str]:
    """The source's "not", where the rewrite writes it as a prefix ("unlikely")."""
    return NOT if flips.source_not else frozenset()


def _name_findings(cand: Facts, source: Facts, unit: Facts) -> list[Finding]:
    """A proper noun the source sentence does not have.

    The entity check accepts names found anywhere in the article (a summary sentence may
    use them); a rewrite of one sentence may not: a model turned a stray "Palace." into
    "The Palace of the World." because "World" appeared elsewhere in the article.
    """
    written = set(source.words) | set(unit.words)
    written |= {w.removesuffix("'s").rstrip("'") for w in written}  # "Zeffirelli's"
    # An acronym and the name it abbreviates are one name, either way round: "EU" stands
    # for the source's "European Union" (its initials). Spelling out the source's acronym
    # needs a known alias ("European Union" for "EU"): initials alone cannot tell the
    # "National Health Service" from a "National Housing Service".
    written |= source.names.acronyms | unit.names.acronyms
    written |= {w for e in cand.entities for w in e.words
                if source.names.has_alias(e) or unit.names.has_alias(e)}
    # A place named by the source's demonym, as a whole name ("Saudi Arabia" for "Saudi").
    places, there = load_places(), source.names.places | unit.names.places
    written |= {e.words[i] for e in cand.entities for i in places.backed(e.words, there)}
    return [Finding("addition", form, "name not in the source sentence")
            for form in dict.fromkeys(cand.name_order)
            if not any(ch.isdigit() for ch in form) and not is_number_word(form)
            and not all(part in written or _same_place(part, source, unit)
                        for part in words(form))]


def _same_place(word: str, *others: Facts) -> bool:
    """Whether ``word`` is a demonym or place name of a location another text names
    ("brazil" in the rewrite, "Brazilian" in the source): the same name in another form."""
    return bool(load_places().of(word) & frozenset().union(*(o.names.places for o in others)))


def _class_findings(cand: Facts, source: Facts, unit: Facts,
                    aligned: Alignment) -> list[Finding]:
    """A noun of the source turned into a verb, or a verb into a noun ("battle" -> "battling").

    A nominalisation the alignment accepted ("made a decision" for "decided") changes the
    word class on purpose, so it is not compared.
    """
    mine = frozenset((aligned(lemma), pos, text) for lemma, pos, text in cand.word_classes
                     if not (aligned.light and lemma in aligned.words))
    return _form_findings(mine, source.word_classes | unit.word_classes,
                          source, unit, lambda pos: f"now a {pos.lower()}")


def _number_findings(cand: Facts, source: Facts, unit: Facts,
                     aligned: Alignment) -> list[Finding]:
    """A noun of the source now singular where it was plural, or the other way round."""
    mine = frozenset((aligned(lemma), number, text) for lemma, number, text in cand.noun_numbers)
    return _form_findings(mine, source.noun_numbers | unit.noun_numbers,
                          source, unit, lambda number: f"now {number.lower()}")


def _form_findings(cand: frozenset[tuple[str, str, str]], there: frozenset[tuple[str, str, str]],
                   source: Facts, unit: Facts, detail: Callable[[str], str]) -> list[Finding]:
    """Words of the source now in another grammatical form: (lemma, form, as written) triples.

    Only words written differently count (the same word parsed twice may be tagged twice
    differently).
    """
    written = {text for *_, text in there} | set(source.words) | set(unit.words)
    lemmas = {lemma for lemma, *_ in there}
    forms = {(lemma, form) for lemma, form, _ in there}
    return [Finding("inflection", text, detail(form))
            for lemma, form, text in sorted(cand)
            if text not in written and lemma in lemmas and (lemma, form) not in forms]


def _written_in(lemma: str, facts: Facts, other: frozenset[str]) -> bool:
    """Whether a content word of ``facts`` is written, letter for letter, in the other text
    (the two parses may just have lemmatised it differently)."""
    return any(form in other for word, form in facts.content_forms if word == lemma)


def _now_a_place_name(word: str, cand: Facts) -> bool:
    """Whether a demonym of the source now only opens the name of its place in the
    rewrite ("the Saudi government" -> "the government of Saudi Arabia")."""
    places = load_places()
    heads = {head for w, head in cand.modifiers if w == word}
    return bool(heads) and all(places.names.get(f"{word} {head}", frozenset())
                               & places.of(word) for head in heads)


def check_order(cand: Facts, unit: Facts, aligned: Alignment | None = None) -> list[Finding]:
    """Numbers and names in the source's order, describing words on the same words.

    Applied to model output only (the parse transforms move whole phrases on purpose).
    """
    aligned = aligned or Alignment()
    # "..., the Health Council said" may move to the end: a speech verb's speaker is left out
    # of the order (not an "announced" or "revealed" clause's subject, which is a claim).
    speaking = {w for sp in unit.speakers for w in sp.words
                if load_lexicon().speech_verb(sp.verb) == "say" or sp.verb == "according"}
    word = order_changed(tuple(w for w in cand.name_order if w not in speaking),
                         tuple(w for w in unit.name_order if w not in speaking))
    out = [Finding("order", word, "numbers or names out of the source's order")] if word else []
    present = set(cand.words)
    modifiers = {(w, aligned(head)) for w, head in cand.modifiers}
    out += [Finding("role", w, f"no longer describes '{head}'")
            for w, head in sorted(unit.modifiers - modifiers)
            if w in present and head in cand.lemmas | aligned.covered
            and not _now_a_place_name(w, cand)]
    # A 135M model's rewrites that passed every other check were, read by hand, wrong
    # about half the time: garbled attachments ("his supporters have taken to the
    # streets" -> "... the streets of his supporters"), "tough" -> "toughest", "as young
    # as eight" -> "young ... as eight". So a model may move words and add small ones, but
    # every word keeps what it depends on and no word of the source goes missing (a
    # speech verb may become another: "X said" -> "according to X").
    # (Which word is the root is where two parses of one sentence differ most: "FERNDALE -
    # The bridge reopened" may hang on "FERNDALE" or not, so roots are not compared.)
    theirs = {(aligned.source(w), aligned.source(head)) for w, head in unit.governors}
    governed = {w for w, head in theirs if head != "<root>"}
    rooted = {w for w, head in theirs if head == "<root>"}
    governs = {(aligned(w), aligned(head)) for w, head in cand.governors}
    out += [Finding("role", w, f"now depends on '{head}'")
            for w, head in sorted(governs - theirs)
            if w in governed - rooted and head != "<root>"]
    # A content word may give way to an equivalent ("purchased" for "bought"); the small
    # words around it may not go ("as young as eight" is not "young ... as eight").
    lexicon = load_lexicon()
    replaced = {form for lemma, form in unit.content_forms
                if lemma in aligned.covered | aligned.light
                or (lemma in cand.lemmas and lexicon.has_variants(lemma))}
    # "vineyards in France" -> "French vineyards": the place's preposition goes with it.
    places = {w for w in unit.words if w not in cand.words and _same_place(w, cand)}
    replaced |= places | ({"in", "from", "of"} if places else set())
    # A name written as its acronym, or an acronym spelt out.
    replaced |= {w for e in unit.entities if expands_acronym(e, cand.names) for w in e.words}
    replaced |= {w for w in unit.words
                 if any(w == initials(e) for e in cand.entities if len(e.words) >= 2)}
    # "Not likely" written "unlikely".
    replaced |= _moved_not(negated_antonyms(cand, unit, lexicon))
    # An amount the number check found written another way ("40 years" for "four decades").
    replaced |= _amount_words(unit, cand)
    left_out = Counter(unit.words) - Counter(cand.words)
    out += [Finding("omission", w, "word of the source left out of the model's rewrite")
            for w in sorted(left_out) if w not in DROPPABLE | replaced]
    return out
