from pipeline.text.numbers import comparable, english_number_words, find_numbers, readings


def values(text):
    return [v for _, vs in find_numbers(text) for v in vs]


def test_dutch_amounts_with_scale_words():
    assert find_numbers("een bedrag van 1,5 miljoen") == [("1,5 miljoen", {1_500_000.0})]
    assert 1.2e9 in values("1,2 miljard euro")
    assert 45e6 in values("EUR 45 mln.")


def test_thousands_separators_in_either_notation():
    assert 2300.0 in values("€ 2.300")
    assert 2300.0 in values("EUR 2,300")
    assert values("1.000.000") == [1_000_000.0]


def test_same_value_in_dutch_and_english_compares_equal():
    dutch = set(values("1,2 miljard"))
    english = set(values("1.2 billion"))
    assert dutch & english


def test_ambiguous_numbers_keep_both_readings():
    assert readings("2.300") == {2300.0, 2.3}
    assert readings("1,5") == {1.5}  # "5" is no thousands group
    assert readings("1.2.3") == set()


def test_comparable_rounds_float_noise():
    assert comparable(0.1 + 0.2) == comparable(0.3)


def test_english_number_words():
    assert english_number_words("Three member states, the second time") == {3.0, 2.0}
    assert english_number_words("someone") == set()
