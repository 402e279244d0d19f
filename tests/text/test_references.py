from pipeline.text.references import reference_spans


def spans_text(text):
    return [text[a:b] for a, b in reference_spans(text)]


def test_kamerstuk_references():
    assert spans_text("Zie Kamerstuk 21 501-20, nr. 2003.") == ["21 501-20, nr. 2003"]
    assert spans_text("(36 410-V nr. 5)") == ["36 410-V nr. 5"]
    assert spans_text("Kamerstukken II 2023/24, 21 501-02, nrs. 2768 en 2770") == ["21 501-02, nrs. 2768 en 2770"]


def test_urls_without_sentence_punctuation():
    assert spans_text("Zie https://www.rijksoverheid.nl/documenten.") == ["https://www.rijksoverheid.nl/documenten"]
    assert spans_text("(www.example.org/a?b=1)") == ["www.example.org/a?b=1"]


def test_plain_numbers_are_no_references():
    assert reference_spans("In 2024 gaat het om 21 501 euro en nr. 5.") == []
