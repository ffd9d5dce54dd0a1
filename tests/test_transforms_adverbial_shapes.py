"""The adverbial transform moves a time phrase out of the middle of its clause and back.

Every shape it handles has its expected rewrite here, and every neighbour that looks alike
but would change what the date belongs to has a test that the transform declines.
"""

from __future__ import annotations

import pytest

from rewrite_cli.transforms import front_adverbial, transform_candidates

# ------------------------------------------------------------------ fronted from inside


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (  # after a prepositional phrase whose noun is a body, not an event
            "Dawoud resigned from the government in August in protest of the crackdown.",
            "In August, Dawoud resigned from the government in protest of the crackdown.",
        ),
        (  # between subject and verb; "Marine" is not a name, so it loses its capital
            "Marine experts today warned people not to enter the water after two killer "
            "whales were spotted off the English coast.",
            "Today, marine experts warned people not to enter the water after two killer "
            "whales were spotted off the English coast.",
        ),
        (  # between subject and verb, after a name
            "Researchers at Boston College last year lost a Supreme Court challenge in the US.",
            "Last year, researchers at Boston College lost a Supreme Court challenge in the US.",
        ),
        (  # right after the verb, before a reported clause that opens with "that"
            "The diocese announced on Monday that Bishop John Folda is taking time off.",
            "On Monday, the diocese announced that Bishop John Folda is taking time off.",
        ),
        (  # after a name as the verb's object
            "Obama told Congress on Monday that he is sending troops into Baghdad.",
            "On Monday, Obama told Congress that he is sending troops into Baghdad.",
        ),
        (  # right after a passive verb, before its agent
            "This map was used in 1782 by British diplomats negotiating an end to the war.",
            "In 1782, this map was used by British diplomats negotiating an end to the war.",
        ),
        (  # right after the verb; coordinated "-ing" forms stay inside their phrase
            "Bell was charged in March with aiding and abetting in the murder of McConville.",
            "In March, Bell was charged with aiding and abetting in the murder of McConville.",
        ),
        (  # at the end, after places only
            "The Amish emigrated to Pennsylvania from Switzerland and Germany about 300 years ago.",
            "About 300 years ago, the Amish emigrated to Pennsylvania from Switzerland and "
            "Germany.",
        ),
        (  # "a fortnight ago" is a date even where the tagger does not mark it
            "The event was held almost a fortnight ago with about 250 adults paying for tickets.",
            "Almost a fortnight ago, the event was held with about 250 adults paying for tickets.",
        ),
        (  # a comma after the phrase that opens a prepositional aside stays
            "Thousands of bottles of alcohol were destroyed in Kabul this week, in what "
            "authorities described as a crackdown.",
            "This week, thousands of bottles of alcohol were destroyed in Kabul, in what "
            "authorities described as a crackdown.",
        ),
        (  # the comma that closes "March 18, 2012," leaves with the date
            "Brazilian student Roberto Curti died in the early hours of March 18, 2012, "
            "following a chase with police.",
            "In the early hours of March 18, 2012, Brazilian student Roberto Curti died "
            "following a chase with police.",
        ),
        (  # a quotation after the phrase is not crossed
            "Culture Secretary Jeremy Hunt yesterday condemned the fighting as ‘barbaric’.",
            "Yesterday, Culture Secretary Jeremy Hunt condemned the fighting as ‘barbaric’.",
        ),
        (  # after a particle and an adverb of the verb
            "Mr Limbaugh finally backed down on Saturday after three companies pulled their "
            "advertisements.",
            "On Saturday, Mr Limbaugh finally backed down after three companies pulled their "
            "advertisements.",
        ),
        (  # after a pronoun object
            "Obama told them on Monday that he is sending troops.",
            "On Monday, Obama told them that he is sending troops.",
        ),
        (  # after a place inside a place
            "The suspect was arrested at his home in Manchester on Wednesday.",
            "On Wednesday, the suspect was arrested at his home in Manchester.",
        ),
        (  # before a clause introduced by "before"
            "He played for the club in the 1990s before moving to Spain.",
            "In the 1990s, he played for the club before moving to Spain.",
        ),
    ],
)
def test_time_phrase_fronted_from_inside_the_clause(nlp, source, expected):
    assert front_adverbial(nlp(source)) == expected


@pytest.mark.parametrize(
    "source",
    [
        # the date may be the noun's: the discovery, the release, the hearing, the attack
        "The agreement follows the discovery of mammoth bones in Siberia last summer.",
        "Sony cancelled the film's release last week after the hackers threatened attacks.",
        "Dawoud resigned after the attack in August.",
        "The self-made millionaire became embroiled in a row yesterday afternoon after "
        "receiving threats.",
        # "last month" may go with "due", "testify" or "hearing"
        "Ms Fluke was due to testify at a hearing on Capitol Hill last month about Barack "
        "Obama's mandate that health insurers provide contraception.",
        # "missing in 1914", and a second date ("at the age of 20")
        "Private Frederick Thompson (left and right, with his wife) was reported missing "
        "in 1914 at the age of 20.",
        # a present verb: the date is the group's
        "Nearly all descend from a group of about 5,000 a century ago.",
        # a counted noun: 500 workers was the size in 2010, not when it grew
        "The company grew from 500 workers in 2010.",
        # a topic: Paris in the 1920s is what he wrote about
        "He wrote about Paris in the 1920s.",
        # a reported clause without "that": the date may be the closing's
        "He said on Monday the company would close.",
        # a clause that describes the date
        "Tara became part of the family in 2008 when she followed them home.",
        "The drama began yesterday, when he received a message.",
        "The minister resigned from the government in August, when the crackdown began.",
        # coordinated verbs: does the date cover both?
        "The first districts were established in the Conewango Valley in 1949, but "
        "in-migration slowed.",
        "He had volunteered for the Army in 1936 despite having been selected by Aston "
        "Villa and served in Afghanistan.",
        # a focus word, a negation, a modal
        "He only decided to launch the business in 2009.",
        "The minister did not resign from the government in August.",
        "The minister will resign from the government in August.",
        # a quotation before the phrase
        "The ‘hero’ pilot resigned from the airline in August.",
        # a bare weekday does not open a sentence well, and "on" would be a new word
        "An official said Monday that the president is considering it.",
        # "first" says it was the first time, not who came first
        "He met her first in 2002 at a party.",
        # the phrase inside a relative clause of the subject
        "Two cases that became public last year generated a massive backlash.",
        # things held for a time: the party or the job may be Monday's or May's
        "He was invited to a party on Monday by his neighbours.",
        "He was offered a job in May by the bank.",
        # a superlative or ordinal the date may measure
        "He became the first pope in 600 years.",
        "Profits reached their highest level in 2010.",
        # a clause that opens with its subject right after the phrase, whatever the parse
        "Police said in a statement on Monday the man had died.",
    ],
)
def test_time_phrase_that_may_not_be_the_verbs_stays(nlp, source):
    assert front_adverbial(nlp(source)) is None


# ------------------------------------------------------------------ moved inside


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (  # before a prepositional phrase of the verb
            "In March, Bell was charged with aiding and abetting in the murder of McConville.",
            "Bell was charged in March with aiding and abetting in the murder of McConville.",
        ),
        (  # before a prepositional phrase and a "that" clause
            "On Monday, the King noted in his speech that Spain had been suffering financially.",
            "The King noted on Monday in his speech that Spain had been suffering financially.",
        ),
        (  # after a pronoun object, before "that"
            "On Monday, Obama told them that he is sending troops.",
            "Obama told them on Monday that he is sending troops.",
        ),
        (  # an opener without its comma, before "after"
            "Yesterday Rowlands was jailed after admitting unlawful wounding.",
            "Rowlands was jailed yesterday after admitting unlawful wounding.",
        ),
        (  # before a prepositional phrase followed by a "that" clause
            "On Monday, police said in a statement that the man had died.",
            "Police said on Monday in a statement that the man had died.",
        ),
    ],
)
def test_opening_time_phrase_moves_in_after_the_verb(nlp, source, expected):
    assert front_adverbial(nlp(source)) == expected


@pytest.mark.parametrize(
    "source",
    [
        # right after the verb it would split the verb from its object
        "In 1997, it caused outrage when it printed the photos.",
        # before "to" it would split the verb from its infinitive ("were seeking in May to")
        "Earlier this month the four police officers were seeking to halt the proceedings.",
        "In September Prince William and Kate were said to be 'devastated' by the photos.",
        # a reported clause without "that" could take the date as its own
        "Earlier this year, Armstrong revealed he used testosterone.",
        # coordinated verbs: at the front the date covers both
        "In September, an Egyptian court banned the group and froze its finances.",
        # a second date
        "Yesterday Rowlands was jailed for 28 months after admitting unlawful wounding.",
        # the verb is "be": the phrase may be what it says
        "Yesterday, the chief executive was the latest victim of the revolt.",
        # the verb's object would come after the phrase
        "On Monday, he told reporters that he would resign.",
        # a reported clause without "that", hidden by the parse
        "On Monday, police said in a statement the man had died.",
    ],
)
def test_opening_time_phrase_that_cannot_move_in_stays(nlp, source):
    assert front_adverbial(nlp(source)) is None


# ------------------------------------------------------------------ between the two ends


@pytest.mark.parametrize(
    "source",
    [
        "The election was in May.",  # the date is what the sentence says
        "The meeting is on Monday.",
        "The film is set in 1920.",  # "set in" is not a date of setting
        "The hearing was adjourned until Monday.",
        "He remembered London in the 1960s.",  # London in the 1960s is what he remembered
        "In the 1960s, he remembered London.",
        "He only arrived on Monday.",  # "only" is about the date
    ],
)
def test_time_phrase_that_completes_or_is_focused_by_the_verb_stays(nlp, source):
    assert front_adverbial(nlp(source)) is None


def test_degree_adverb_does_not_keep_an_opener_in_place(nlp):
    # "largely" is a focus word before a clause, but it cannot focus a date
    source = "By the end of the 19th century, Germany's colonial conquests were largely completed."
    assert front_adverbial(nlp(source)) == (
        "Germany's colonial conquests were largely completed by the end of the 19th century."
    )


# ------------------------------------------------------------------ with a lead-in


def test_fronted_time_phrase_goes_after_a_connective(nlp):
    source = "But Dawoud resigned from the government in August in protest of the crackdown."
    candidates = {c.origin: c.text for c in transform_candidates(source, nlp=nlp)}
    assert candidates["transform:adverbial"] == (
        "But in August, Dawoud resigned from the government in protest of the crackdown."
    )
