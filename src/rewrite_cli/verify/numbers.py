"""Quantities and ordinals as values, so '3' = 'three' and '$5m' = '5 million dollars'.

Small models rewrite numbers freely (digits to words, '1,000' to '1000'); comparing the
strings would reject good paraphrases and comparing only digits would miss 'three' ->
'four'. We read each quantity into a value with its currency/unit and any rate frame
('a month', 'per year'), and compare those. A span of time is also compared in other
units where the conversion is exact ('four decades' = '40 years', 'a fortnight' = 'two
weeks'; never a month in days), and a determiner or noun that denotes a span ('a
century', 'centenary') is read as one, so a rewrite may write it as a number.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc


SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 10**9,
          "trillion": 10**12}
SUFFIX_SCALES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "bn": 10**9, "b": 10**9,
                 "tn": 10**12}
VAGUE = {"dozens", "hundreds", "thousands", "millions", "billions", "scores", "tens"}

CURRENCY_SIGNS = {"$": "usd", "us$": "usd", "£": "gbp", "€": "eur", "¥": "jpy"}
UNIT_WORDS = {
    "dollar": "usd", "dollars": "usd", "pound": "gbp", "pounds": "gbp", "sterling": "gbp",
    "euro": "eur", "euros": "eur", "pence": "pence", "p": "pence", "cent": "cent",
    "cents": "cent", "yen": "jpy", "yuan": "cny", "rupees": "inr", "%": "percent",
    "percent": "percent", "pc": "percent", "mile": "mile", "miles": "mile", "km": "km",
    "kilometre": "km", "kilometres": "km", "kilometer": "km", "kilometers": "km",
    "metre": "m", "metres": "m", "meter": "m", "meters": "m", "foot": "ft", "feet": "ft",
    "ft": "ft", "inch": "in", "inches": "in", "yard": "yd", "yards": "yd", "cm": "cm",
    "centimetres": "cm", "mm": "mm", "kg": "kg", "kilogram": "kg", "kilograms": "kg",
    "kilos": "kg", "gram": "g", "grams": "g", "tonne": "t", "tonnes": "t", "ton": "t",
    "tons": "t", "ounce": "oz", "ounces": "oz", "stone": "st", "lb": "lb", "lbs": "lb",
    "litre": "l", "litres": "l", "liter": "l", "liters": "l", "gallon": "gal",
    "gallons": "gal", "degree": "deg", "degrees": "deg", "mph": "mph", "acre": "acre",
    "acres": "acre", "hectare": "ha", "hectares": "ha", "second": "sec", "seconds": "sec",
    "minute": "min", "minutes": "min", "hour": "hour", "hours": "hour", "day": "day",
    "days": "day", "week": "week", "weeks": "week", "month": "month", "months": "month",
    "year": "year", "years": "year", "decade": "decade", "decades": "decade",
    "century": "century", "centuries": "century", "fortnight": "fortnight",
    "fortnights": "fortnight", "point": "point", "points": "point",
    "calories": "kcal", "times": "times",
}
# Spans of time in a base unit, only where the conversion is exact: a month has no fixed
# number of days, so months and years are never compared with weeks and days.
DURATIONS = {"sec": ("sec", 1), "min": ("sec", 60), "hour": ("sec", 3_600),
             "day": ("sec", 86_400), "week": ("sec", 604_800), "fortnight": ("sec", 1_209_600),
             "month": ("month", 1), "year": ("month", 12), "decade": ("month", 120),
             "century": ("month", 1_200)}
# Nouns that name a number of centuries: "the club's centenary" is its 100 years.
CENTURY_NOUNS = {"centenary": 1, "centennial": 1, "bicentenary": 2, "bicentennial": 2}
PERIODS = {"second": "second", "minute": "minute", "hour": "hour", "day": "day", "night": "day",
           "week": "week", "fortnight": "fortnight", "month": "month", "year": "year",
           "annum": "year", "season": "season", "game": "game", "match": "game"}
FRAME_ADVERBS = {"hourly": "hour", "daily": "day", "nightly": "day", "weekly": "week",
                 "monthly": "month", "annually": "year", "annual": "year", "yearly": "year",
                 "quarterly": "quarter"}
NOT_FRAME_AFTER = {"ago", "earlier", "later", "before", "after", "previously", "since", "old"}

ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "hundredth": 100, "last": -1, "penultimate": -2,
}
_A_SCALES = {*SCALES, "dozen"}
_NUMERIC = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_NUM_SUFFIX = re.compile(r"^(\d+(?:\.\d+)?)(k|m|mn|bn|b|tn|thousand|million|billion|trillion)$")
_RANK = re.compile(r"^No\.(\d+)$")
_ORD_DIGITS = re.compile(r"^(\d+)(st|nd|rd|th)$")


@dataclass(frozen=True)
class Quantity:
    """One number as read: value (float, or a vague word like 'hundreds'), unit, source text."""

    value: float | str
    unit: str | None
    text: str
    is_word_one: bool = False  # the word 'one' is often a pronoun; never demand it back
    # Read from a determiner or noun, not written as a number ("a man", "a decade",
    # "centenary"): it may back a number of the other text, but is never demanded back
    # ("a year of change" may become "the year of change").
    implied: bool = False
    noun: str | None = None  # the lemma of the noun counted ("two friends" -> "friend")

    def same_amount(self, other: Quantity) -> bool:
        """The same value, where a count a determiner implies ("a man") only matches a
        number of the same noun: "one man", never "one woman"."""
        counted = (self.implied and self.unit is None) or (other.implied and other.unit is None)
        if counted and (self.noun is None or self.noun != other.noun):
            return False
        return self.same_value(other)

    def same_value(self, other: Quantity) -> bool:
        if isinstance(self.value, str) or isinstance(other.value, str):
            return self.value == other.value
        return _close(self.value, other.value) or self.same_duration(other)

    @property
    def is_span(self) -> bool:
        """Whether this is a span of time ("a decade", "two weeks")."""
        return self.unit in DURATIONS

    def same_duration(self, other: Quantity) -> bool:
        """The same span of time in other units ('four decades' and '40 years')."""
        mine, theirs = DURATIONS.get(self.unit or ""), DURATIONS.get(other.unit or "")
        if mine is None or theirs is None or mine[0] != theirs[0]:
            return False
        if isinstance(self.value, str) or isinstance(other.value, str):
            return False
        return _close(self.value * mine[1], other.value * theirs[1])


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _numeric(text: str) -> float | None:
    t = re.sub(r"^[a-z]+-(?=\d)", "", text.lower())  # 'then-85' -> '85'
    if _NUMERIC.match(t):
        return float(t.replace(",", ""))
    m = _NUM_SUFFIX.match(t)
    if m:
        return float(m.group(1)) * (SUFFIX_SCALES.get(m.group(2)) or SCALES[m.group(2)])
    return None


def is_number_word(word: str) -> bool:
    """Whether a lower-case word is a number ("40", "forty", "hundreds"): the number
    check compares it as a value, so no other check compares it as a word."""
    return _numeric(word) is not None or word in SMALL or word in VAGUE or word in SCALES


def _is_number_token(tok) -> bool:
    return is_number_word(tok.lower_)


def read_quantities(doc: Doc, skip: set[int]) -> list[Quantity]:
    """Every cardinal quantity in ``doc`` (token indices in ``skip`` belong to dates)."""
    out: list[Quantity] = []
    i, n = 0, len(doc)
    while i < n:
        tok = doc[i]
        low = tok.lower_
        starts_a = low in {"a", "an"} and i + 1 < n and doc[i + 1].lower_ in _A_SCALES
        if i in skip or not (_is_number_token(tok) or starts_a):
            i += 1
            continue
        start = i
        if low in VAGUE:
            if tok.pos_ == "VERB":
                i += 1
                continue
            value: float | str = low
            j = i + 1
        else:
            value, j = _read_number(doc, i, skip)
        unit = None
        k = start - 1
        if k >= 0 and doc[k].lower_ in CURRENCY_SIGNS:
            unit = CURRENCY_SIGNS[doc[k].lower_]
            start = k
        j, unit = _read_unit(doc, j, unit)
        if _halved(doc, start) and starts_a:  # "half a million" is 500,000
            value, start = float(value) / 2, start - 1
        text = doc[start:j].text
        out.append(Quantity(value, unit, text, is_word_one=(text.lower() == "one"),
                            noun=_counted(doc[j - 1])))
        i = max(j, i + 1)
    return out + _implied_spans(doc, skip) + _implied_counts(doc, skip)


def _counted(tok) -> str | None:
    """The lemma of the noun a number counts ("two friends" -> "friend"), if any."""
    if tok.dep_ == "nummod" and tok.head.pos_ in {"NOUN", "PROPN"}:
        return tok.head.lemma_.lower()
    return None


# Nouns that make "a X of Y" a number of Ys: "a pair of friends" is two friends. ("A
# couple of" is left out: it often means a few.)
COUNT_NOUNS = {"pair": 2}
# Nouns after "a" that do not make it a count of one ("a lot of", "a number of").
NOT_ONE = frozenset({"lot", "number", "couple", "bit", "little", "deal", "while", "variety",
                     "range", "series", "host", "handful", "majority", "minority", "total",
                     "kind", "sort", "type", "way", "fraction", "percentage", "share"})


def _implied_counts(doc: Doc, skip: set[int]) -> list[Quantity]:
    """Counts a determiner states: "a pair of friends" is two friends (an amount, demanded
    back like "two"), "a man" is one man (it only backs "one man": "a man" may just as well
    become "the man")."""
    out: list[Quantity] = []
    for i, tok in enumerate(doc):
        head = tok.head
        if (i in skip or tok.lower_ not in {"a", "an"} or tok.dep_ != "det"
                or head.i <= i or head.tag_ != "NN" or head.lower_ in NOT_ONE
                or head.lower_ in UNIT_WORDS or head.lower_ in _A_SCALES):
            continue
        if head.lower_ in COUNT_NOUNS:
            of = next((c for c in head.children if c.lower_ == "of"), None)
            counted = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
            if counted is not None and counted.tag_ in {"NNS", "NNPS"}:
                out.append(Quantity(float(COUNT_NOUNS[head.lower_]), None,
                                    doc[i : counted.i + 1].text,
                                    noun=counted.lemma_.lower()))
            continue
        out.append(Quantity(1.0, None, doc[i : head.i + 1].text, implied=True,
                            noun=head.lemma_.lower()))
    return out


def count_noun(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is the noun of "a pair of ...", which the number check compares
    as the number it states (so the word check does not)."""
    tok = doc[i]
    return (tok.lower_ in COUNT_NOUNS and i > 0 and doc[i - 1].lower_ in {"a", "an"}
            and i + 1 < len(doc) and doc[i + 1].lower_ == "of")


def _halved(doc: Doc, i: int) -> bool:
    """Whether the "a"/"an" at ``i`` follows "half" ("half an hour", "half a million")."""
    return i > 0 and doc[i - 1].lower_ == "half" and doc[i].lower_ in {"a", "an"}


def _implied_spans(doc: Doc, skip: set[int]) -> list[Quantity]:
    """Spans of time a determiner or noun denotes: "a decade" (1 decade), "centenary" (1
    century), and "half an hour" (0.5 hours, a number like any other). "£80,000 a
    month" is a rate, not a span (see ``is_rate``)."""
    out: list[Quantity] = []
    for i, tok in enumerate(doc):
        if i in skip:
            continue
        if tok.lower_ in CENTURY_NOUNS:
            out.append(Quantity(float(CENTURY_NOUNS[tok.lower_]), "century", tok.text,
                                implied=True))
            continue
        unit = UNIT_WORDS.get(doc[i + 1].lower_) if i + 1 < len(doc) else None
        if (tok.lower_ not in {"a", "an"} or unit not in DURATIONS
                or doc[i + 1].lower_.endswith("s") or is_rate(doc, i)):
            continue
        if _halved(doc, i):
            out.append(Quantity(0.5, unit, doc[i - 1 : i + 2].text))
        else:
            out.append(Quantity(1.0, unit, doc[i : i + 2].text, implied=True))
    return out


def _read_number(doc: Doc, i: int, skip: set[int]) -> tuple[float, int]:
    total, current, j, n = 0.0, 0.0, i, len(doc)
    seen = False
    while j < n and j not in skip:
        low = doc[j].lower_
        num = _numeric(low)
        if num is not None and not seen:
            current += num
        elif low in {"a", "an"} and not seen:
            current += 1
        elif low == "dozen" and seen:
            current = (current or 1) * 12
        elif low in SMALL and (not seen or SMALL[low] < 10 or current % 100 == 0):
            current += SMALL[low]
        elif low in SCALES:
            scale = SCALES[low]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0.0
        elif low in SUFFIX_SCALES and seen and doc[j - 1].whitespace_ == "":
            total += (current or 1) * SUFFIX_SCALES[low]
            current = 0.0
        elif low in {"-", "and"} and seen and j + 1 < n and (
            doc[j + 1].lower_ in SMALL or doc[j + 1].lower_ in SCALES
        ) and doc[j + 1].lower_ != "dozen":
            j += 1
            continue
        elif low == "point" and seen and j + 1 < n and doc[j + 1].lower_ in SMALL:
            current += SMALL[doc[j + 1].lower_] / 10
            j += 2
            continue
        else:
            break
        seen = True
        j += 1
        if num is not None and j < n and _numeric(doc[j].lower_) is not None:
            break
    return total + current, j


def _read_unit(doc: Doc, j: int, unit: str | None) -> tuple[int, str | None]:
    n = len(doc)
    if j < n and doc[j].lower_ == "per" and j + 1 < n and doc[j + 1].lower_ == "cent":
        return j + 2, "percent"
    for k in range(j, min(j + 3, n)):
        low = doc[k].lower_
        if low == "-":
            continue
        if low in UNIT_WORDS and (unit is None or UNIT_WORDS[low] == unit):
            if low == "p" and doc[k - 1].whitespace_:
                break
            return k + 1, UNIT_WORDS[low]
        if k > j and doc[k].pos_ not in {"ADJ", "ADV"}:
            break
        if k == j and low not in {"-", "more", "extra", "additional", "square", "cubic"} and (
            doc[k].pos_ not in {"ADJ"}
        ):
            break
    return j, unit


def read_rate_frames(doc: Doc) -> set[str]:
    """Rate and span frames: '£80,000 a month', 'per year', 'weekly' -> {'month', 'year', ...}.

    'a year ago' / 'a day later' are points in time (dates), not frames.
    """
    frames: set[str] = set()
    n = len(doc)
    for i, tok in enumerate(doc):
        low = tok.lower_
        if low in FRAME_ADVERBS:
            frames.add(FRAME_ADVERBS[low])
            continue
        if low not in {"a", "an", "per", "every", "each"} or i + 1 >= n:
            continue
        nxt = doc[i + 1].lower_
        if nxt in PERIODS and is_rate(doc, i):
            frames.add(PERIODS[nxt])
    return frames


def is_rate(doc: Doc, i: int) -> bool:
    """Whether the determiner at ``i`` opens a rate frame ("£5 a month", "twice a week",
    "per year") rather than a span of time ("lasted a fortnight", "for a year", "half an
    hour") or a point ("a year ago")."""
    n = len(doc)
    if i + 1 >= n or doc[i + 1].lower_ not in PERIODS:
        return False
    if i + 2 < n and doc[i + 2].lower_ in NOT_FRAME_AFTER:
        return False
    if doc[i].lower_ in {"per", "every", "each"}:
        return True
    return i > 0 and doc[i - 1].lower_ != "half" and doc[i - 1].pos_ not in {
        "VERB", "AUX", "ADP", "DET", "SCONJ", "CCONJ", "PUNCT"}


def read_ordinals(doc: Doc, skip: set[int]) -> list[tuple[int, str]]:
    """Ordinals and ranks ('third', '3rd', 'No. 2') as (value, text)."""
    out: list[tuple[int, str]] = []
    n = len(doc)
    for i, tok in enumerate(doc):
        if i in skip:
            continue
        low = tok.lower_
        if low in ORDINALS:
            if low == "second" and (i > 0 and (doc[i - 1].like_num or doc[i - 1].lower_ in
                                                {"a", "per", "one", "every", "each", "split"})):
                continue
            if low == "last" and not (i > 0 and doc[i - 1].lower_ in {"the", "its", "their"}):
                continue
            out.append((ORDINALS[low], tok.text))
            continue
        m = _ORD_DIGITS.match(low)
        if m:
            out.append((int(m.group(1)), tok.text))
            continue
        m = _RANK.match(tok.text)
        if m:
            out.append((int(m.group(1)), tok.text))
            continue
        if tok.text in {"No", "No."}:
            k = i + 1
            if k < n and doc[k].text == "." and tok.text == "No":
                k += 1
            val = _numeric(doc[k].lower_) if k < n else None
            if val is not None:
                out.append((int(val), doc[i : k + 1].text))
    return out
