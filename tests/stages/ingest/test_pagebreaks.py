"""pipeline.stages.ingest.pagebreaks: what the layout shows at a page's first line."""

from __future__ import annotations

from pipeline.stages.ingest.linewidth import LineWidth
from pipeline.stages.ingest.pagebreaks import first_line_indents, page_evidence
from pipeline.stages.ingest.textshape import BLANK, PAGE

RAGGED = LineWidth(31, 30)
JUSTIFIED = LineWidth(31, 30, justified=True)


def _line(raw: str) -> tuple:
    return ("line", raw.strip(), [], len(raw) - len(raw.lstrip()), raw)


def test_a_last_line_with_room_for_the_next_word_ends_its_paragraph():
    assert page_evidence(_line("Dat is alles."), _line("Verder gaat het"), RAGGED, False) is False


def test_a_justified_last_line_set_to_the_column_goes_on():
    last = _line("Het  kabinet  steunt  dit  nu.")
    assert len(last[4]) == JUSTIFIED.column
    assert page_evidence(last, _line("Ruim de helft van alle leden"), JUSTIFIED, False) is True


def test_a_justified_last_line_short_of_the_column_ends_its_paragraph():
    assert page_evidence(_line("Het kabinet steunt dit nu zo."), _line("Tegelijk"), JUSTIFIED, False) is False


def test_with_first_line_indents_a_flush_page_top_goes_on_and_an_indented_one_starts_anew():
    full = _line("het kabinet werkt aan het plan.")
    assert page_evidence(full, _line("Daarna volgt het overleg met"), RAGGED, True) is True
    assert page_evidence(full, _line("  Daarna volgt het overleg met"), RAGGED, True) is False


def test_with_first_line_indents_an_indented_page_top_starts_anew_after_a_line_that_fills_the_column():
    last = _line("Het  kabinet  steunt  dit  nu.")
    assert len(last[4]) == JUSTIFIED.column
    assert page_evidence(last, _line("  Daarna volgt het overleg met"), JUSTIFIED, True) is False
    assert page_evidence(last, _line("Daarna volgt het overleg met"), JUSTIFIED, True) is True


def test_a_full_ragged_line_shows_nothing():
    full = _line("het kabinet werkt aan het plan.")
    assert page_evidence(full, _line("Daarna volgt het overleg met"), RAGGED, False) is None


def test_first_line_indents_need_two_indented_starts_after_a_sentence_end():
    once = [_line("  Een alinea begint hier en"), _line("loopt door tot het einde."), _line("  Nog een"), PAGE]
    assert not first_line_indents(once)
    twice = once[:-1] + [_line("alinea die eindigt."), BLANK, _line("  Een derde begint.")]
    assert first_line_indents(twice)


def test_a_last_line_padded_to_the_column_goes_on_where_the_setting_was_not_measured():
    # a short letter whose unjustified head lines hid the justified setting: the padding still shows it
    padded = _line("melders over  de nacht: 3.100.")
    assert len(padded[4]) == RAGGED.column
    assert page_evidence(padded, _line("Dat is ongeveer 8 procent meer"), RAGGED, False) is True
    assert page_evidence(_line("melders over de nacht: 3.100."), _line("Dat is ongeveer"), RAGGED, False) is not True
