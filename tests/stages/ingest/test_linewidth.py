"""pipeline.stages.ingest.linewidth: the column width is measured from the letter itself, and a break
is the author's when the next line's first word would have fitted."""

from __future__ import annotations

import textwrap

import pytest

from pipeline.stages.ingest.linewidth import MIN_WRAPS, LineWidth, measure_width, natural_length, would_be
from tests.stages.ingest.setting import justify

WORDS = ("de minister heeft de kamer op de hoogte gebracht van de uitkomst van het overleg over de steun "
         "aan oekraïne en de situatie in het midden-oosten waarbij ook de gevolgen voor de begroting en de "
         "planning van het kabinet aan de orde kwamen in een lang en open gesprek met alle lidstaten").split()


def _paragraph(width: int, n_words: int = 60) -> list[str]:
    words = [WORDS[i % len(WORDS)] for i in range(n_words)]
    return textwrap.wrap(" ".join(words).capitalize() + ".", width)


def test_natural_length_keeps_the_indent_and_collapses_justification():
    assert natural_length("    twee  woorden   hier") == len("    twee woorden hier")
    assert natural_length("12   De noot") == len("12   De noot")  # the gap after a note number is set space


def test_would_be_adds_the_next_lines_first_word():
    assert would_be("een regel", "  volgende woorden") == len("een regel volgende")


@pytest.mark.parametrize("width", [45, 60, 80])
def test_monospaced_column_is_found_and_every_wrap_overflows_it(width):
    lines = _paragraph(width) + [""] + _paragraph(width, 45)
    measured = measure_width([lines])
    assert measured.known() and measured.column is not None and measured.column <= width
    for raw, following in zip(lines, lines[1:]):
        if raw and following:
            assert measured.wrapped(raw, following) is True


def test_a_short_line_before_a_word_that_would_fit_is_an_author_break():
    lines = _paragraph(60)
    measured = measure_width([lines])
    assert measured.author_break("Kort.", "Nieuwe alinea begint hier")
    assert not measured.author_break(lines[0], lines[1])


def test_too_few_wraps_decide_nothing():
    measured = measure_width([["Eén regel.", "Nog een regel.", "Derde regel."]])
    assert measured == LineWidth(None) and not measured.known()
    assert measured.wrapped("een regel", "volgende") is None
    assert MIN_WRAPS > 1


def test_a_line_end_hyphen_after_a_letter_is_always_a_wrap():
    assert LineWidth(None).wrapped("de defensie-", "uitgaven") is True
    assert LineWidth(None).wrapped("artikel 12-", "14") is None


def test_only_a_justified_column_makes_a_short_line_end_its_paragraph():
    justified, ragged = LineWidth(61, 60, justified=True), LineWidth(61, 60)
    assert justified.short_of_justified_measure("twee woorden")
    assert not justified.short_of_justified_measure("x" * 60 + " y")
    assert not justified.short_of_justified_measure("woord")
    assert not ragged.short_of_justified_measure("twee woorden")


def test_text_of_a_typeset_pdf_has_no_column_in_characters():
    # Proportional glyphs: lines of equal character count are no column, however regular they look.
    lines = _paragraph(60) + [""] + _paragraph(60, 45)
    measured = measure_width([lines], proportional=True)
    assert measured.known() and measured.column is None and not measured.justified
    assert measured.wrapped(lines[0], lines[1]) is True  # a full line is still a wrap


def test_proportional_text_padded_where_justification_stretched_it_is_justified():
    """Text from a one-font PDF is proportional (no column in characters); the PDF reader pads the
    lines it saw set flush to a justified column, as a text export does: then a padded line is
    stretched (its paragraph goes on) and an unpadded line of several words is a paragraph's last."""
    words = WORDS * 2
    lines, k = [], 0
    for n in (9, 11, 8, 12, 10, 9, 11, 10):
        line = " ".join(words[k:k + n])
        k += n
        head, _, last = line.rpartition(" ")
        lines.append(f"{head}  {last}")
    lines.append("het einde van de alinea.")
    width = measure_width([lines], proportional=True)
    assert width.justified and width.column is None
    assert width.fills_justified_measure(lines[0]) and not width.short_of_justified_measure(lines[0])
    assert width.short_of_justified_measure(lines[-1]) and not width.fills_justified_measure(lines[-1])
    ragged = measure_width([[" ".join(line.split()) for line in lines]], proportional=True)
    assert not ragged.justified and not ragged.short_of_justified_measure(lines[-1])


@pytest.mark.parametrize("width", [45, 60, 80])
def test_a_justified_letter_with_a_ragged_head_and_notes_is_justified(width):
    # a letter sets its head and notes ragged: one wrapped line in five short of the column still
    # leaves the body's justified setting plain, and a ragged letter never looks so
    lines = _paragraph(width, 200)
    body = [justify(line, width) for line in lines[:-1]] + lines[-1:]
    ragged_lines = _paragraph(width, 40)  # the head's and the notes' lines, set ragged
    letter = ragged_lines + [""] + body
    assert 0.1 < (len(ragged_lines) - 1) / (len(ragged_lines) + len(body) - 2) < 0.2  # wrapped lines short of it
    measured = measure_width([letter])
    assert measured.justified and measured.column == width
    assert not measure_width([_paragraph(width) + [""] + _paragraph(width, 45)]).justified
