"""Footnote markers glued to the body's words (`footnote_markers.py`): found in sequence, taken out."""

from __future__ import annotations

from pipeline.stages.ingest.footnote_markers import find_marker, strip_markers


def test_markers_are_found_in_sequence_and_taken_out():
    text, refs, following = strip_markers("De Raad sprak over Oekraïne.1 Ook de motie3 kwam aan bod.2", 1)
    assert refs == [1, 2]  # marker 3 before marker 2 is no marker yet: numbers go in order
    assert text == "De Raad sprak over Oekraïne. Ook de motie3 kwam aan bod."
    assert following == 3


def test_two_markers_in_a_row_and_a_marker_after_a_quote_or_question():
    assert strip_markers("de landen1,2 en", 1) == ("de landen en", [1, 2], 3)
    assert strip_markers("het «bericht»1 over", 1)[1] == [1]
    assert strip_markers("Waarom lopen?1 Omdat", 1)[1] == [1]


def test_what_is_no_marker():
    for line, n in (("de COP28 in Dubai", 28), ("ruim 1,2 miljard euro", 2), ("3.2 van de brief", 2),
                    ("zie https://www.rijksoverheid.nl/rapport2 daar", 2)):
        assert find_marker(line, n) is None, line


def test_a_marker_after_a_coordinations_elision_hyphen_also_where_the_conjunction_ends_the_line():
    assert strip_markers("het Gemeenschappelijk Buitenlands-4 en", 4) == ("het Gemeenschappelijk Buitenlands- en", [4], 5)
    assert strip_markers("de inlichtingen-2 of", 2)[1] == [2]
    assert find_marker("het Noord-2 Hollandse", 2) is None  # a compound's own hyphen carries no marker
