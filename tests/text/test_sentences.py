from pipeline.text.sentences import clause_cut, english_sentences, strip_sentence_punctuation


def test_english_sentences():
    assert english_sentences("The Council met.  It agreed!\nDid it? Yes") == [
        "The Council met.", "It agreed!", "Did it?", "Yes"]
    assert english_sentences("  ") == []
    assert english_sentences("Growth was 1.5 percent.") == ["Growth was 1.5 percent."]


def test_clause_cut_prefers_a_clause_boundary_near_the_middle():
    text = "Het kabinet steunt dit voorstel, omdat het de steun aan Oekraïne versterkt"
    assert text[:clause_cut(text)].endswith(",")
    text = "één twee drie vier vijf"
    assert clause_cut(text) == text.index(" vier")  # the space nearest the middle
    assert clause_cut("onsplitsbaar") is None


def test_clause_cut_before_a_dash_or_bracket():
    text = "De Raad sprak over de uitbreiding (met de kandidaat-lidstaten) en nam daarna een besluit"
    assert text[clause_cut(text):].lstrip().startswith("(") or text[:clause_cut(text)].endswith(")")


def test_strip_sentence_punctuation():
    assert strip_sentence_punctuation("nr. 460.") == "nr. 460"
    assert strip_sentence_punctuation("in maart 2024, ") == "in maart 2024"
    assert strip_sentence_punctuation("motie-Van der Plas c.s.") == "motie-Van der Plas c.s."
    assert strip_sentence_punctuation("EUR 45 mln.") == "EUR 45 mln."
    assert strip_sentence_punctuation("COM(2022)") == "COM(2022)"
    assert strip_sentence_punctuation("(COM(2022) 123).") == "(COM(2022) 123)"  # balanced
