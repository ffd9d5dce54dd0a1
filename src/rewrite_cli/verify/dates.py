"""Dates and times as normalised facts ('month:6', 'year:2013', 'day:6-13', 'weekday:mon').

The prototype's worst silent errors were swapped months and years, so dates are read
from the parse into canonical keys that survive rewording ('June 13' = '13 June').
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc


MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
WEEKDAYS = {
    "monday": "mon", "mon": "mon", "tuesday": "tue", "tue": "tue", "tues": "tue",
    "wednesday": "wed", "wed": "wed", "thursday": "thu", "thu": "thu", "thurs": "thu",
    "friday": "fri", "fri": "fri", "saturday": "sat", "sat": "sat", "sunday": "sun",
    "sun": "sun",
}
RELATIVE = {"yesterday", "today", "tomorrow", "tonight", "overnight"}
PARTS_OF_DAY = {"morning", "afternoon", "evening", "night", "noon", "midnight", "dawn"}
SEASONS = {"spring", "summer", "autumn", "winter"}
ANCHORS = {"last", "next", "this", "previous", "coming"}
ANCHORED = {"week", "weekend", "month", "year", "season", "night", "morning", "evening",
            "afternoon", "decade", "century"}
_YEAR = re.compile(r"^(1[5-9]\d\d|20\d\d)$")
_DECADE = re.compile(r"^(1[5-9]\d0|20\d0)'?s$")
_DAYNUM = re.compile(r"^([1-9]|[12]\d|3[01])(st|nd|rd|th)?$")
_CLOCK = re.compile(r"^(\d{1,2})[:.](\d\d)$")
_HOUR_AMPM = re.compile(r"^(\d{1,2})(am|pm|a\.m\.|p\.m\.)$")


@dataclass(frozen=True)
class DateFact:
    """A canonical date/time key and the text it was read from."""

    key: str
    text: str


def _month(tok) -> int | None:
    low = tok.lower_.rstrip(".")
    if low not in MONTHS or not tok.text[:1].isupper():
        return None
    if low in {"may", "march", "mar", "sat", "sun"} and tok.pos_ not in {"PROPN", "NOUN", "NUM"}:
        return None
    return MONTHS[low]


def read_dates(doc: Doc) -> tuple[list[DateFact], set[int]]:
    """All date/time facts in ``doc`` and the token indices they used (numbers skip those)."""
    facts: list[DateFact] = []
    used: set[int] = set()
    n = len(doc)

    def add(key: str, start: int, end: int) -> None:
        facts.append(DateFact(key, doc[start:end].text))
        used.update(range(start, end))

    for i, tok in enumerate(doc):
        low = tok.lower_.rstrip(".")
        month = _month(tok)
        if month is not None:
            add(f"month:{month}", i, i + 1)
            for j in (i + 1, i - 1, i - 2):
                if 0 <= j < n and j not in used:
                    m = _DAYNUM.match(doc[j].lower_)
                    if m and (j != i - 2 or doc[i - 1].lower_ == "of"):
                        add(f"day:{month}-{int(m.group(1))}", j, j + 1)
                        break
            continue
        if low in WEEKDAYS and tok.text[:1].isupper():
            add(f"weekday:{WEEKDAYS[low]}", i, i + 1)
        elif low.rstrip("s") in WEEKDAYS and low.endswith("days") and tok.text[:1].isupper():
            add(f"weekday:{WEEKDAYS[low[:-1]]}", i, i + 1)
        elif low in RELATIVE:
            add(f"rel:{low}", i, i + 1)
        elif low in PARTS_OF_DAY:
            add(f"part:{low}", i, i + 1)
        elif low in SEASONS:
            add(f"season:{low}", i, i + 1)
        elif low in ANCHORS and i + 1 < n and doc[i + 1].lower_ in ANCHORED:
            add(f"rel:{low} {doc[i + 1].lower_}", i, i + 2)
        elif _YEAR.match(low) and not (i + 1 < n and doc[i + 1].pos_ == "NOUN"
                                       and doc[i + 1].lower_ not in {"season", "election"}):
            if i > 0 and doc[i - 1].text in {"$", "£", "€"}:
                continue
            add(f"year:{low}", i, i + 1)
        elif _DECADE.match(low):
            add(f"decade:{low[:4]}", i, i + 1)
        elif (_CLOCK.match(low) and i + 1 < n and doc[i + 1].lower_.replace(".", "") in {
            "am", "pm", "gmt", "bst", "est", "et", "pt", "local", "hrs"
        }) or (_CLOCK.match(low) and ":" in low):
            m = _CLOCK.match(low)
            end = i + 1
            suffix = ""
            if i + 1 < n and doc[i + 1].lower_.replace(".", "") in {"am", "pm"}:
                suffix = doc[i + 1].lower_.replace(".", "")
                end = i + 2
            add(f"time:{int(m.group(1))}:{m.group(2)}{suffix}", i, end)
        elif _HOUR_AMPM.match(low):
            m = _HOUR_AMPM.match(low)
            add(f"time:{int(m.group(1))}:00{m.group(2).replace('.', '')}", i, i + 1)
        elif (low.isdigit() and i + 1 < n and doc[i + 1].lower_.replace(".", "") in {"am", "pm"}
              and int(low) <= 12):
            add(f"time:{int(low)}:00{doc[i + 1].lower_.replace('.', '')}", i, i + 2)
    return facts, used
