"""ISO dates of Dutch date expressions: generated phrases round-trip (every month, first and last day,
with and without a year, year rollover around the letter's date); vague periods have none."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.text.dates import YEAR_IN_TEXT, compile_dutch_dates, date_expressions
from pipeline.text.iso_dates import iso_date, start_year
from pipeline.text.months import DUTCH_MONTHS

PATTERNS = compile_dutch_dates(
    DUTCH_MONTHS, ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag"],
    {"de zomer": [6, 8], "het najaar": [9, 11], "het eerste kwartaal": [1, 3], "het zomerreces": [7, 8]},
    {"eind": [10, 12], "begin": [1, 3]}, ["op", "in", "voor", "uiterlijk", "vanaf", "tot", "van"])


def iso_of(sentence: str, letter: date | None, future: bool) -> list[str | None]:
    years = [(m.start(), int(m.group(0))) for m in YEAR_IN_TEXT.finditer(sentence)]
    return [iso_date(e, sentence, PATTERNS, start_year(e, years, letter, future))
            for e in date_expressions(sentence, PATTERNS)]


letters = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))
days = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))


@settings(max_examples=100, deadline=None)
@given(day=days, letter=letters, future=st.booleans(), weekday=st.booleans())
def test_a_day_with_its_year_round_trips(day, letter, future, weekday):
    name = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"][day.weekday()]
    phrase = f"{name} {day.day} {DUTCH_MONTHS[day.month - 1]} {day.year}" if weekday and day.weekday() < 5 \
        else f"{day.day} {DUTCH_MONTHS[day.month - 1]} {day.year}"
    assert iso_of(f"De Raad komt op {phrase} bijeen.", letter, future) == [day.isoformat()]


@settings(max_examples=100, deadline=None)
@given(day=days, letter=letters)
@example(day=date(2015, 1, 1), letter=date(2016, 2, 29))  # a letter of a leap day
def test_a_day_without_a_year_is_the_next_one_in_a_sentence_about_the_future(day, letter):
    sentence = f"Uw Kamer zal op {day.day} {DUTCH_MONTHS[day.month - 1]} een brief ontvangen."
    if day.month == 2 and day.day == 29:
        return  # a leap day names no day in most years
    [iso] = iso_of(sentence, letter, future=True)
    got = date.fromisoformat(iso)
    assert (got.month, got.day) == (day.month, day.day)
    # the next occurrence: within a year (366 days across a leap day; a letter of 29 February has no
    # same day next year, so the bound is counted in days)
    assert letter < got <= letter + timedelta(days=366)


@settings(max_examples=100, deadline=None)
@given(day=days, letter=letters)
def test_a_day_without_a_year_is_the_nearest_one_otherwise(day, letter):
    if day.month == 2 and day.day == 29:
        return
    [iso] = iso_of(f"Op {day.day} {DUTCH_MONTHS[day.month - 1]} sprak de Raad.", letter, future=False)
    got = date.fromisoformat(iso)
    assert (got.month, got.day) == (day.month, day.day)
    others = [got.replace(year=got.year - 1), got.replace(year=got.year + 1)]
    assert all(abs((got - letter).days) <= abs((o - letter).days) for o in others)


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_first_and_last_day_and_the_month_alone(month):
    name = DUTCH_MONTHS[month - 1]
    last = calendar.monthrange(2025, month)[1]
    letter = date(2024, 6, 1)
    assert iso_of(f"Op 1 {name} 2025 en op {last} {name} 2025.", letter, False) == [
        f"2025-{month:02d}-01", f"2025-{month:02d}-{last:02d}"]
    assert iso_of(f"De Commissie komt in {name} 2025 met een voorstel.", letter, False) == [f"2025-{month:02d}"]
    # without a year, in a sentence about the future: the first that ends after the letter's date
    # (June 2024 itself in a letter of 1 June 2024)
    expected = 2024 if month >= 6 else 2025
    assert iso_of(f"De Commissie zal in {name} met een voorstel komen.", letter, True) == [f"{expected}-{month:02d}"]


@pytest.mark.parametrize("letter, sentence, future, expected", [
    # year rollover: a letter of mid-December speaking of January means next January ...
    (date(2023, 12, 15), "Uw Kamer zal op 1 januari een brief ontvangen.", True, "2024-01-01"),
    (date(2023, 12, 15), "De Raad komt in januari bijeen.", False, "2024-01"),
    # ... and a letter of early January speaking of 31 December means the one just past
    (date(2024, 1, 10), "Op 31 december sprak de Raad.", False, "2023-12-31"),
    (date(2024, 1, 10), "De Raad zal op 31 december spreken.", True, "2024-12-31"),
    # a year elsewhere in the sentence is the year
    (date(2023, 12, 15), "In 2025 zal de Raad op 3 maart besluiten.", True, "2025-03-03"),
    # days of one month, and a span that starts on a day: the first day
    (date(2024, 1, 15), "De Top vindt plaats op 13 en 14 februari.", True, "2024-02-13"),
    (date(2024, 1, 15), "De Raad van 31 januari tot 1 februari 2024 spreekt.", True, "2024-01-31"),
])
def test_year_rollover_and_spans(letter, sentence, future, expected):
    assert iso_of(sentence, letter, future) == [expected]


@pytest.mark.parametrize("sentence", [
    "Uw Kamer ontvangt voor de zomer een brief.",
    "Het kabinet komt in het najaar met een voorstel.",
    "Het voorstel volgt in het eerste kwartaal van 2025.",
    "Het besluit wordt eind 2024 verwacht.",
    "Uw Kamer ontvangt voor het zomerreces een brief.",
    "De consultatie loopt van januari tot maart 2025.",
])
def test_vague_periods_have_no_date(sentence):
    found = iso_of(sentence, date(2024, 1, 15), True)
    assert found and found == [None] * len(found)


def test_without_a_letter_date_a_missing_year_is_unknown():
    assert iso_of("De Commissie zal op 3 juni een plan presenteren.", None, True) == [None]
    assert iso_of("De Commissie zal op 3 juni 2026 een plan presenteren.", None, True) == ["2026-06-03"]
