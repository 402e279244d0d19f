from pipeline.text.sentences import clause_cut, dutch_sentences, english_sentences, strip_sentence_punctuation

ABBREVIATIONS = ["art", "o.a", "nr", "i.v.m", "c.s", "etc", "enz"]
FINAL = ["etc", "enz", "c.s"]


def test_dutch_abbreviations_stay_inside_a_sentence():
    text = ("Volgens art. 3 van de wet zijn o.a. gemeenten bevoegd. Zie ook nr. 12 i.v.m. de motie-Jansen c.s. "
            "over dit onderwerp. Daarna volgt het besluit.")
    assert dutch_sentences(text, ABBREVIATIONS, FINAL) == [
        "Volgens art. 3 van de wet zijn o.a. gemeenten bevoegd.",
        "Zie ook nr. 12 i.v.m. de motie-Jansen c.s. over dit onderwerp.",
        "Daarna volgt het besluit."]


def test_a_sentence_final_abbreviation_ends_the_sentence_before_a_capital():
    assert dutch_sentences("Het gaat om huur, zorg, etc. Er komt een regeling.", ABBREVIATIONS, FINAL) == [
        "Het gaat om huur, zorg, etc.", "Er komt een regeling."]
    assert dutch_sentences("Huur, zorg, etc. en meer.", ABBREVIATIONS, FINAL) == ["Huur, zorg, etc. en meer."]


def test_dutch_sentences_of_empty_text_and_of_a_very_long_line():
    assert dutch_sentences("  ", ABBREVIATIONS) == []
    sentence = "De Raad sprak o.a. over de uitbreiding van de Unie met nieuwe lidstaten. "
    text = sentence * 200  # a one-line letter: fed to pysbd in pieces, nothing lost
    assert dutch_sentences(text, ABBREVIATIONS) == [sentence.strip()] * 200


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
