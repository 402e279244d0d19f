from datetime import date

from pipeline.text.dates import (DUTCH_DAY_MONTH, DUTCH_MONTH_NAME, ENGLISH_DAY_MONTH, ENGLISH_MONTH_DAY,
                                 ENGLISH_MONTH_NAME, YEAR_IN_TEXT, DateExpression, compile_dutch_dates,
                                 date_expressions, date_range, days_outside, english_month)
from pipeline.text.months import DUTCH_MONTHS


def test_dutch_day_month_for_every_month():
    for number, month in enumerate(DUTCH_MONTHS, 1):
        m = DUTCH_DAY_MONTH.search(f"De Raad komt op 7 {month} bijeen.")
        assert m and (m[1], m[2]) == ("7", month)
        assert DUTCH_DAY_MONTH.search(f"op 7 {month.capitalize()}")  # case-insensitive


def test_dutch_day_month_needs_a_whole_day_and_month():
    assert not DUTCH_DAY_MONTH.search("2024 maartse buien")
    assert not DUTCH_DAY_MONTH.search("nr. 123 maart")  # no day has three digits
    assert DUTCH_MONTH_NAME.search("in maart")[1] == "maart"
    assert not DUTCH_MONTH_NAME.search("de meiboom")


def test_english_dates_both_orders():
    m = ENGLISH_DAY_MONTH.search("on the 15th of December")
    assert (m[1], english_month(m[2])) == ("15", 12)
    m = ENGLISH_MONTH_DAY.search("on Dec. 15, 2023")
    assert (english_month(m[1]), m[2]) == (12, "15")
    assert english_month("members") is None


def test_english_month_name_alone_is_capitalised_and_written_out():
    assert [m[1] for m in ENGLISH_MONTH_NAME.finditer("In March and in June, not in may or May")] == ["March", "June"]


def test_years_of_interest():
    assert [m.group() for m in YEAR_IN_TEXT.finditer("In 2024, 1999 and 12024 but not 1850")] == ["2024", "1999"]


def _dutch_patterns():
    return compile_dutch_dates(DUTCH_MONTHS, ["maandag", "woensdag"], {"de zomer": [6, 8]}, {"eind": [10, 12]},
                               ["in", "voor", "op", "van", "uiterlijk"])


def test_dutch_date_expressions_days_months_periods_and_ranges():
    text = ("Op woensdag 13 december sprak de Raad; van 31 januari tot 1 februari 2024 volgt een top, "
            "in juni een besluit, voor de zomer een brief en eind 2025 de evaluatie.")
    found = [(text[e.start:e.end], e.first, e.last) for e in date_expressions(text, _dutch_patterns())]
    assert found == [("woensdag 13 december", (None, 12, 13), (None, 12, 13)),
                     ("31 januari tot 1 februari 2024", (2024, 1, 31), (2024, 2, 1)),
                     ("juni", (None, 6, 1), (None, 6, 0)),
                     ("de zomer", (None, 6, 1), (None, 8, 0)),
                     ("eind 2025", (2025, 10, 1), (2025, 12, 0))]


def test_a_month_without_a_preposition_is_no_date():
    assert date_expressions("Juni was een drukke maand.", _dutch_patterns()) == []
    assert [(e.first, e.last) for e in date_expressions("13 en 14 maart", _dutch_patterns())] == [
        ((None, 3, 13), (None, 3, 14))]


def test_date_range_and_days_outside():
    february = DateExpression(0, 0, (None, 2, 1), (None, 2, 0))
    assert date_range(february, 2024) == (date(2024, 2, 1), date(2024, 2, 29))  # leap year
    winter = DateExpression(0, 0, (None, 12, 1), (None, 2, 0))
    assert date_range(winter, 2023) == (date(2023, 12, 1), date(2024, 2, 29))  # into the next year
    assert days_outside(date(2024, 1, 10), date(2024, 1, 1), date(2024, 1, 31)) == 0
    assert days_outside(date(2024, 2, 3), date(2024, 1, 1), date(2024, 1, 31)) == 3
