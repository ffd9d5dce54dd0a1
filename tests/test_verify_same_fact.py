"""The fact checks stay exact but read one fact written two ways as one fact.

Each case is a model's rewrite of one sentence judged as the pipeline judges it (every
check, the word-order check included): the faithful rewording is published, and the
same rewording with the fact changed is still rejected for that fact.
"""

from __future__ import annotations

import pytest

from rewrite_cli.document import Candidate, Draft, PlanUnit, Sentence
from rewrite_cli.verify import FactChecker
from rewrite_cli.verify.places import load_places


@pytest.fixture(scope="module")
def checker(nlp) -> FactChecker:
    return FactChecker(nlp)


def findings(checker: FactChecker, source: str, rewrite: str) -> set[tuple[str, str]]:
    """(reason, detail) of every finding against a model's rewrite; empty = published."""
    sentence = Sentence(source, 0, 0)
    ctx = checker.context([sentence])
    draft = Draft(PlanUnit((sentence,), source, 0), [Candidate(rewrite, "model")])
    result = checker.verify([draft], ctx)[0]
    found = {(f.reason, f.detail) for r in result.rejected for f in r.findings}
    assert (result.status == "rewritten") == (not found)
    return found


def reasons(found: set[tuple[str, str]]) -> set[str]:
    return {reason for reason, _ in found}


# --- demonyms and the places they derive from ------------------------------------------

DEMONYMS = [
    ("A Brazilian student won the science prize on Monday.",
     "A student from Brazil won the science prize on Monday."),
    ("Chinese officials approved the new rules last week.",
     "Officials in China approved the new rules last week."),
    ("The firm sold its vineyards in France last year.",
     "The firm sold its French vineyards last year."),
    ("Fires burned across the Siberian forests in July.",
     "Fires burned across the forests of Siberia in July."),
    ("The company hired an engineer from Thailand last year.",
     "The company hired a Thai engineer last year."),
    ("Two Danish sailors were rescued from the boat on Sunday.",
     "Two sailors from Denmark were rescued from the boat on Sunday."),
]


@pytest.mark.parametrize(("source", "rewrite"), DEMONYMS)
def test_a_demonym_and_its_place_are_one_name(checker, source, rewrite):
    assert findings(checker, source, rewrite) == set()


@pytest.mark.parametrize(("source", "rewrite"), [
    ("A Brazilian student won the science prize on Monday.",
     "A student from Argentina won the science prize on Monday."),
    ("Chinese officials approved the new rules last week.",
     "Officials in Japan approved the new rules last week."),
    ("The company hired a French engineer last year.",
     "The company hired an engineer from Germany last year."),
    ("The firm sold its vineyards in France last year.",
     "The firm sold its Spanish vineyards last year."),
])
def test_a_demonym_of_another_place_is_still_a_changed_name(checker, source, rewrite):
    found = findings(checker, source, rewrite)
    assert ("entity", "name not in the source") in found
    assert ("omission", "name of the source left out") in found


def test_a_people_noun_names_its_country(nlp):
    # "Danes" -> "people from Denmark" adds a word, which the wording check judges; the
    # name check itself reads "Danes" as Denmark's people.
    names_only = FactChecker(nlp, wording=False)
    source = "Two Danes were rescued from the boat on Sunday."
    assert findings(names_only, source,
                    "Two people from Denmark were rescued from the boat on Sunday.") == set()
    assert "entity" in reasons(findings(
        names_only, source, "Two people from Norway were rescued from the boat on Sunday."))


def test_places_come_from_wordnet_links_only():
    places = load_places()
    assert places.of("french") & places.of("france")
    assert places.of("brazilians") == places.of("brazil")  # a plural demonym
    assert not places.of("french") & places.of("germany")
    assert not places.of("hutu")  # an ethnic group, not "a native or inhabitant of"
    assert not places.of("student")
