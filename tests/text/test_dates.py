from pipeline.text.dates import (DUTCH_DAY_MONTH, DUTCH_MONTH_NAME, ENGLISH_DAY_MONTH, ENGLISH_MONTH_DAY,
                                 ENGLISH_MONTH_NAME, YEAR_IN_TEXT, english_month)
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
