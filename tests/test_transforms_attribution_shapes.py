"""Attribution moves in more sentence shapes, and declines in the unsafe shapes next to them.

Most sources are sentences of the dev articles; the speaker still moves as one unit, and
only when what was said is exactly the part moved.
"""

from __future__ import annotations

import pytest

from rewrite_cli.transforms import move_attribution
from rewrite_cli.transforms.tokens import _is_plural_possessive


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (  # a relative clause describing the speaker ends the sentence, after "said"
            "Hughes, who died in 2008, said McConville was killed on Adams’ orders.",
            "McConville was killed on Adams’ orders, said Hughes, who died in 2008.",
        ),
        (
            "Rick Nelson, a Met officer and Federation representative who is helping design "
            "new fitness tests, said changes are being made.",
            "Changes are being made, said Rick Nelson, a Met officer and Federation "
            "representative who is helping design new fitness tests.",
        ),
        (
            "Elizabethtown College professor Don Kraybill, who directed the study, said the "
            "movement has been driven by productive and underpriced land.",
            "The movement has been driven by productive and underpriced land, said "
            "Elizabethtown College professor Don Kraybill, who directed the study.",
        ),
        (  # "warned Sir Michael" would read badly: the speaker keeps its place before the verb
            "Sir Michael, who served as Chief of the Air Staff from 1992 to 1997, warned the "
            "West must be prepared for jihadists taking retribution against other hostages.",
            "The West must be prepared for jihadists taking retribution against other "
            "hostages, Sir Michael, who served as Chief of the Air Staff from 1992 to 1997, "
            "warned.",
        ),
        (  # "said Ashleigh Davis, of Ocala" could be what she said it of: no inversion
            "Ashleigh Davis, of Ocala, Florida, said she had been arrested at a bike festival.",
            "She had been arrested at a bike festival, Ashleigh Davis, of Ocala, Florida, said.",
        ),
        (  # and back: the described speaker goes in front with its description
            "The bridge will reopen in June, said John Smith, who chairs the council.",
            "John Smith, who chairs the council, said the bridge will reopen in June.",
        ),
        (  # the verb's own phrases may make the attribution longer than before
            "\"This doesn't mean that I'm taking leave from you,\" she told a throng of "
            "admirers in Dam Square outside the palace in Amsterdam.",
            "She told a throng of admirers in Dam Square outside the palace in Amsterdam: "
            "\"This doesn't mean that I'm taking leave from you.\"",
        ),
        (  # "state-run" is a verb of the parse but makes no claim
            "A senior judge told the state-run China Daily that all detainees in the city under "
            'the "laojiao" or RTL system would be released by the end of the year.',
            'All detainees in the city under the "laojiao" or RTL system would be released by '
            "the end of the year, a senior judge told the state-run China Daily.",
        ),
        (  # time words on the speech verb stay with it
            "The diocese announced on Monday that Bishop John Folda is taking time off after "
            "being diagnosed with hepatitis.",
            "Bishop John Folda is taking time off after being diagnosed with hepatitis, the "
            "diocese announced on Monday.",
        ),
        (  # a verb in another tense than "said" cannot be the speaker's second verb
            "She said that even though her three boys tug at Tara, she sits there and takes it.",
            "Even though her three boys tug at Tara, she sits there and takes it, she said.",
        ),
    ],
)
def test_described_speakers_and_longer_attributions_move(nlp, source, expected):
    assert move_attribution(nlp(source)) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            '"The problem with inventing: as soon as you file a patent they see what you are '
            'doing," said Dyson, who made his fortune inventing a bagless vacuum.',
            'Dyson, who made his fortune inventing a bagless vacuum, said: "The problem with '
            'inventing: as soon as you file a patent they see what you are doing."',
        ),
        (
            "Ms Johnson-Weiner, whose book was published last year, said: 'The Amish are very "
            "conservative.'",
            "'The Amish are very conservative,' said Ms Johnson-Weiner, whose book was "
            "published last year.",
        ),
        (  # what hangs off "said" stays after it once the speaker goes first
            "'We will win the league,' said coach John Smith on Monday.",
            "Coach John Smith said on Monday: 'We will win the league.'",
        ),
    ],
)
def test_quotes_move_with_described_speakers(nlp, source, expected):
    assert move_attribution(nlp(source)) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (  # "for example" stays right after the words it is an example of
            "It can cost just a few thousand dollars to start manufacturing furniture or "
            "quilts, for example, he said.",
            "He said it can cost just a few thousand dollars to start manufacturing furniture "
            "or quilts, for example.",
        ),
        (  # a closing quotation mark the parse hangs on "said" still closes the quote
            "This meant the prosecution case was 'rooted in an eradicable error', he said.",
            "He said that this meant the prosecution case was 'rooted in an eradicable error'.",
        ),
        (
            "Secretary Vince Cable, who has heavily criticised boardroom excess, said bosses "
            "are finally being ‘brought back to reality’.",
            "Bosses are finally being ‘brought back to reality’, said Secretary Vince Cable, "
            "who has heavily criticised boardroom excess.",
        ),
        (
            "One senior officer told the review some officers attending basic safety training "
            "were ‘so unfit they cannot complete the warm-up exercises’.",
            "Some officers attending basic safety training were ‘so unfit they cannot complete "
            "the warm-up exercises’, one senior officer told the review.",
        ),
    ],
)
def test_phrases_and_marks_the_parse_gives_to_said_stay_in_place(nlp, source, expected):
    assert move_attribution(nlp(source)) == expected


@pytest.mark.parametrize(
    "source",
    [
        # a description without commas may be read as part of what they claim
        "The former IRA terrorists who claim they served alongside Adams say he ordered the "
        "killing.",
        # "expressed concern" may be Shilov's, not the sentence's
        "Evgeny Shilov, Mr Shilov's brother who also lives in Brisbane, told the ABC that the "
        "minimum 15 year sentence was worrying and expressed concern over his brother's "
        "detainment.",
        "Police said the man was arrested and declined to comment.",
        "Police said the man was arrested and would not comment further.",
        # "of his Instagram account" may belong to "said", even after a comma
        "'I do not upload private pictures,' said Tomasz, of his Instagram account.",
        # "however" is not an example that can stay with what was said
        "It can cost a few thousand dollars to start a business, however, he said.",
        # a quotation mark that closes nothing
        "Cable said bosses are being brought back to reality’.",
        # once "Mr Kraybill said" is in front, the "while" clause may be the writer's
        "In the 1980s and 90s Kentucky played that role for the Amish, while more recently it "
        "was Wisconsin, Mr Kraybill said.",
        # the parse gives "said" no subject ("Ralph, Ms Dodds" is one phrase to it)
        "Mr Curti was also hit with capsicum spray by Ralph, Ms Dodds said.",
        # the parse gives "said" two complements and "his release" to the first one
        "Judge Robert Moore said Rowlands had been receiving mental health treatment and his "
        "release in a few weeks under licence would enable him to continue his rehabilitation.",
    ],
)
def test_attribution_declines_next_to_the_new_shapes(nlp, source):
    assert move_attribution(nlp(source)) is None


@pytest.mark.parametrize(
    ("source", "apostrophe"),
    [
        ("Hughes said McConville was killed on Adams’ orders.", True),
        ("He said the ‘Smiths’ house was sold.", False),  # it may close the quote
        ("Fans called the players ‘heroes’ and cheered.", False),
    ],
)
def test_a_plural_possessive_is_told_from_a_closing_quote(nlp, source, apostrophe):
    mark = next(t for t in nlp(source) if t.text == "’")
    assert _is_plural_possessive(mark) is apostrophe


@pytest.mark.parametrize(
    "source",
    [
        # "she" is the family's cat; "Mrs Triantafilo said she ..." would make it her
        "She 'really just adopted us from there,' Mrs Triantafilo said.",
        "Her neighbours were woken by the dog, Mrs Smith said.",
        # "it" is the library; "The council said it will close" would make it the council
        "It will close next year, the council said.",
        "He was not at the meeting, according to Smith.",
    ],
)
def test_a_named_speaker_does_not_move_past_a_pronoun_in_what_was_said(nlp, source):
    assert move_attribution(nlp(source)) is None


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # a speaker that is (or has) a pronoun is read from the text before either way
        ("She said later she didn't recognise the man.",
         "She didn't recognise the man, she said later."),
        ("His phone records showed he was texting at the time of the crash.",
         "He was texting at the time of the crash, his phone records showed."),
    ],
)  # fmt: skip
def test_a_pronoun_speaker_still_moves(nlp, source, expected):
    assert move_attribution(nlp(source)) == expected
