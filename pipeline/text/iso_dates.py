"""A Dutch date expression as a calendar date: the year it falls in, and the date in ISO 8601.

**Which year** (:func:`start_year`). The year written with it ("15 maart 2025"); else the year nearest
to it in the same sentence ("in 2025 … in maart"); else the letter's date decides. When the sentence
speaks of the future it is the first occurrence that ends after the letter's date ("Uw Kamer zal in
januari …" in a letter of 15 December 2023 is January 2024); otherwise the occurrence nearest to the
letter's date ("Op 13 december vond … plaats" in that letter is 13 December 2023, "in januari" is
January 2024, a fortnight away rather than eleven months back). Without a written year and without a
letter date the year is unknown.

**Which date** (:func:`iso_date`). A reader's calendar needs one day or one month. ISO 8601 writes a
day as ``YYYY-MM-DD`` and a month, a calendar date of reduced precision, as ``YYYY-MM``:

- a day, or days that start on a day ("13 en 14 december", "13 t/m 15 december", "van 31 januari
  tot 1 februari 2024") → the first day, where the calendar entry starts;
- one month ("in juni", "voor maart 2025") → the month;
- anything else is vague and has no date: a named period ("voor de zomer", "in het eerste kwartaal"),
  a part of a year ("eind 2024"), a span of months ("van januari tot maart").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from pipeline.text.dates import DateExpression, DutchDatePatterns, date_range, days_outside


def start_year(expr: DateExpression, years: Sequence[tuple[int, int]], letter: date | None,
               future: bool) -> int | None:
    """The year `expr` starts in (rule above); `years` are the (position, year) of the years written in
    its sentence, `future` whether the sentence speaks of the future."""
    if expr.first[0] is not None:
        return expr.first[0]
    if expr.last[0] is not None:
        return expr.last[0]
    if years:
        return min(years, key=lambda p: abs(p[0] - expr.start))[1]
    if letter is None:
        return None
    candidates = (letter.year - 1, letter.year, letter.year + 1)
    if future:
        return next((y for y in candidates if date_range(expr, y)[1] > letter), None)
    return min(candidates, key=lambda y: days_outside(letter, *date_range(expr, y)))


def iso_date(expr: DateExpression, sentence: str, patterns: DutchDatePatterns, year: int | None) -> str | None:
    """`expr` (found in `sentence` by `patterns`) as ``YYYY-MM-DD`` or ``YYYY-MM`` when it starts in
    `year`; None when it names no single day or month, or the year is unknown."""
    if year is None:
        return None
    text = sentence[expr.start:expr.end]
    if patterns.day_month.match(text):
        first, _ = date_range(expr, year, expr.last[0])
        return first.isoformat()
    if patterns.month.fullmatch(text):
        return f"{year:04d}-{expr.first[1]:02d}"
    return None
