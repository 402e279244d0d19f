"""Dates as Dutch and English write them: day + month patterns, years, and Dutch date expressions.

Dutch puts the day first and the month in lower case: "15 december", "op 3 maart". English writes
"15 December", "15th December", "15th of December" (British) or "December 15", "Dec. 15" (American);
a month name alone ("in March") is a month. Years of interest are 1900–2099.

Dutch date expressions (:func:`date_expressions`) are what a letter says about when: a day
("woensdag 13 december 2023"), days ("13 en 14 december", "13 t/m 15 december"), a range over months
("van 31 januari tot 1 februari 2024"), a month after a preposition ("in juni", "voor maart 2025"),
a named period after a preposition ("voor de zomer", "in het eerste kwartaal van 2025") or a part of a
year ("eind 2024"). The words (month names, weekdays, periods, prepositions) come from the caller
(configs/keyfacts.yaml), so they can be extended without code.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from pipeline.text.cues import alternation
from pipeline.text.months import DUTCH_MONTHS, ENGLISH_MONTH_NUMBERS

# A year as Dutch and English letters write it ("2024"), as a regex fragment to build patterns with.
YEAR = r"(?:19|20)\d{2}"
YEAR_IN_TEXT = re.compile(rf"(?<!\d){YEAR}(?!\d)")

# "15 december": group 1 the day, group 2 the month.
DUTCH_DAY_MONTH = re.compile(r"(?<!\d)(\d{1,2})\s+(" + "|".join(DUTCH_MONTHS) + r")\b", re.IGNORECASE)
# A Dutch month name on its own: group 1.
DUTCH_MONTH_NAME = re.compile(r"\b(" + "|".join(DUTCH_MONTHS) + r")\b", re.IGNORECASE)

# "15 December", "15th of December": group 1 the day, group 2 a word that may be a month (check it
# against ENGLISH_MONTH_NUMBERS: the pattern also matches "15 members").
ENGLISH_DAY_MONTH = re.compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([A-Za-z]+)")
# "December 15", "Dec. 15": group 1 a word that may be a month, group 2 the day.
ENGLISH_MONTH_DAY = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2})(?!\d)")
# A capitalised English month name on its own, written out ("March", "Sept"; not "May", which may be
# the verb at a sentence start, nor three-letter abbreviations): group 1.
ENGLISH_MONTH_NAME = re.compile(
    r"\b(" + "|".join(m.capitalize() for m in ENGLISH_MONTH_NUMBERS if len(m) > 3) + r")\b")


def english_month(word: str) -> int | None:
    """The number of an English month name or abbreviation, in any case ("Dec" → 12); else None."""
    return ENGLISH_MONTH_NUMBERS.get(word.lower())


# ------------------------------------------------------------------------------ Dutch date expressions


@dataclass(frozen=True)
class DutchDatePatterns:
    """The patterns :func:`date_expressions` reads Dutch dates with (built by :func:`compile_dutch_dates`)."""

    months: dict[str, int]
    day_month: re.Pattern[str]
    month: re.Pattern[str]
    period: re.Pattern[str]
    periods: dict[str, tuple[int, int]]
    year_part: re.Pattern[str]
    year_parts: dict[str, tuple[int, int]]
    prefix: re.Pattern[str]  # the prepositions before an expression, at the end of the text before it


def compile_dutch_dates(months: Sequence[str], weekdays: Iterable[str], periods: Mapping[str, Sequence[int]],
                        year_parts: Mapping[str, Sequence[int]], prepositions: Iterable[str]) -> DutchDatePatterns:
    """Patterns for Dutch date expressions: `months` the twelve names in order, `periods` and `year_parts`
    map a name ("de zomer", "eind") to its [first month, last month]."""
    names = alternation(months)
    weekday = rf"(?:(?:{alternation(weekdays)})\s+)?"
    year = rf"(?P<y>{YEAR})(?!\d)"
    return DutchDatePatterns(
        months={name.casefold(): i + 1 for i, name in enumerate(months)},
        day_month=re.compile(
            rf"(?<![\w.]){weekday}(?:(?P<d0>\d{{1,2}})\s*(?:en|tot\s+en\s+met|t/m|tot|-|–)\s*{weekday})?"
            rf"(?P<d>\d{{1,2}})\s+(?P<m>{names})(?!\w)(?:\s+{year})?", re.IGNORECASE),
        month=re.compile(rf"(?<!\w)(?P<m>{names})(?!\w)(?:\s+{year})?", re.IGNORECASE),
        period=re.compile(rf"(?<!\w)(?P<p>{alternation(list(periods))})(?!\w)(?:\s+(?:van\s+)?{year})?",
                          re.IGNORECASE),
        periods={k.casefold(): (v[0], v[1]) for k, v in periods.items()},
        year_part=re.compile(rf"(?<!\w)(?P<w>{alternation(list(year_parts))})\s+{year}", re.IGNORECASE),
        year_parts={k.casefold(): (v[0], v[1]) for k, v in year_parts.items()},
        prefix=re.compile(rf"(?:(?<!\w)(?:{alternation(prepositions)})\s+)+(?:(?:het|de)\s+)?"
                          r"(?:(?:einde|eind|begin|start|helft)\s+van\s+(?:(?:het|de)\s+)?)?$", re.IGNORECASE),
    )


@dataclass
class DateExpression:
    """Where a date expression stands in its sentence and what it covers: (year, month, day) of its
    first and last day; year None when not written, day 0 for the month's last day."""

    start: int
    end: int
    first: tuple[int | None, int, int]
    last: tuple[int | None, int, int]


def _month_end(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def date_expressions(sentence: str, patterns: DutchDatePatterns) -> list[DateExpression]:
    """The date expressions of a Dutch sentence, in order; a month or a named period counts only after
    a preposition ("in juni", not "juni was warm"), and "X tot Y" is one expression."""
    taken: list[tuple[int, int]] = []
    found: list[DateExpression] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    def has_prefix(start: int) -> bool:
        return patterns.prefix.search(sentence[:start]) is not None

    for m in patterns.day_month.finditer(sentence):
        y = int(m["y"]) if m["y"] else None
        month, day = patterns.months[m["m"].casefold()], int(m["d"])
        d0 = int(m["d0"]) if m["d0"] else day
        if not (1 <= day <= 31 and 1 <= d0 <= 31):
            continue
        found.append(DateExpression(m.start(), m.end(), (y, month, min(d0, day)), (y, month, day)))
        taken.append((m.start(), m.end()))
    for m in patterns.year_part.finditer(sentence):
        if free(m.start(), m.end()):
            first, last = patterns.year_parts[m["w"].casefold()]
            y = int(m["y"])
            found.append(DateExpression(m.start(), m.end(), (y, first, 1), (y, last, 0)))
            taken.append((m.start(), m.end()))
    for m in patterns.month.finditer(sentence):  # a month without a day needs a preposition: "in juni"
        if free(m.start(), m.end()) and has_prefix(m.start()):
            y = int(m["y"]) if m["y"] else None
            month = patterns.months[m["m"].casefold()]
            found.append(DateExpression(m.start(), m.end(), (y, month, 1), (y, month, 0)))
            taken.append((m.start(), m.end()))
    for m in patterns.period.finditer(sentence):  # "voor de zomer", "in het eerste kwartaal van 2025"
        if free(m.start(), m.end()) and has_prefix(m.start()):
            first, last = patterns.periods[m["p"].casefold()]
            y = int(m["y"]) if m["y"] else None
            found.append(DateExpression(m.start(), m.end(), (y, first, 1), (y, last, 0)))
            taken.append((m.start(), m.end()))
    found.sort(key=lambda e: e.start)
    # "van 31 januari tot 1 februari 2024": one expression
    merged: list[DateExpression] = []
    for expr in found:
        if merged and re.fullmatch(r"\s*(?:tot\s+en\s+met|t/m|tot|-|–)\s*", sentence[merged[-1].end:expr.start]):
            prev = merged[-1]
            y = prev.first[0] if prev.first[0] is not None else expr.last[0]
            prev.first = (y, prev.first[1], prev.first[2])
            prev.last, prev.end = expr.last, expr.end
        else:
            merged.append(expr)
    return merged


def date_range(expr: DateExpression, year: int, year_last: int | None = None) -> tuple[date, date]:
    """The first and last day `expr` covers when it starts in `year` (and ends in `year_last`, by default
    the same year or, for "december tot februari", the next)."""
    y2 = year_last if year_last is not None else year + (1 if expr.last[1] < expr.first[1] else 0)
    first = date(year, expr.first[1], max(1, min(expr.first[2], _month_end(year, expr.first[1]))))
    last_day = expr.last[2] or _month_end(y2, expr.last[1])
    last = date(y2, expr.last[1], min(last_day, _month_end(y2, expr.last[1])))
    return first, last


def days_outside(day: date, first: date, last: date) -> int:
    """How many days `day` lies before `first` or after `last`; 0 within."""
    if first <= day <= last:
        return 0
    return (first - day).days if day < first else (day - last).days
