from pipeline.text.months import (DUTCH_MONTH_ABBREVIATIONS, DUTCH_MONTHS, ENGLISH_MONTH_NUMBERS, ENGLISH_MONTHS,
                                  dutch_month_number)


def test_every_dutch_month_parses_in_any_case_and_order():
    assert [dutch_month_number(m) for m in DUTCH_MONTHS] == list(range(1, 13))
    assert [dutch_month_number(m.upper()) for m in DUTCH_MONTHS] == list(range(1, 13))
    assert [dutch_month_number(m.capitalize()) for m in DUTCH_MONTHS] == list(range(1, 13))


def test_dutch_abbreviations_with_or_without_a_full_stop():
    assert dutch_month_number("mrt.") == 3
    assert dutch_month_number("okt") == 10
    assert dutch_month_number("sept.") == dutch_month_number("sep") == 9
    assert set(DUTCH_MONTH_ABBREVIATIONS.values()) == set(range(1, 13)) - {5}  # "mei" is not abbreviated


def test_non_months_are_none():
    for word in ("", "maandag", "zomer", "13", "march"):
        assert dutch_month_number(word) is None


def test_english_names_and_abbreviations_have_the_same_numbers():
    for number, name in enumerate(ENGLISH_MONTHS, 1):
        assert ENGLISH_MONTH_NUMBERS[name] == ENGLISH_MONTH_NUMBERS[name[:3]] == number
    assert ENGLISH_MONTH_NUMBERS["sept"] == 9
