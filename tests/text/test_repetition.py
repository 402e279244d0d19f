from pipeline.text.repetition import repetition_loop


def test_word_and_phrase_loops():
    assert repetition_loop("the the the the Council") == '"the" repeated 4 times'
    assert "repeated 3 times" in repetition_loop("of the Council of the Council of the Council met")


def test_ordinary_text_and_short_repeats_pass():
    assert repetition_loop("The Council met. The Council agreed.") is None
    assert repetition_loop("very very very good") is None  # a word needs four


def test_a_loop_the_source_has_too_is_allowed():
    assert repetition_loop("ja ja ja ja", source="ja ja ja ja") is None
    assert repetition_loop("ja ja ja ja ja", source="ja ja ja ja") is not None
