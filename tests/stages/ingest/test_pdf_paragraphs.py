"""pipeline.stages.ingest.pdf_paragraphs: paragraph breaks of a PDF set in one font throughout.

A property over generated paragraphs, laid out greedily as a typesetter fills lines, with no space
between paragraphs: the line the author ended (the next paragraph's first word would have fitted
before the right edge, by the font's own widths) ends its paragraph. Then each rule on lines placed
by hand: first-line indents, hanging indents, justified last lines, ragged lines in a justified
letter, one-line paragraphs at the indent."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pipeline.stages.ingest.pdf import read_pdf
from pipeline.stages.ingest.pdf_paragraphs import Column, PlainLine, page_text

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
WORDS = ["de", "het", "kabinet", "steunt", "voorstel", "Kamer", "over", "een", "brede", "aanpak", "van",
         "maatregelen", "in", "Europees", "verband", "en", "wij", "zullen", "uw", "informeren", "tijdig"]
_SENTENCE = st.lists(st.sampled_from(WORDS), min_size=4, max_size=14).map(
    lambda ws: " ".join([ws[0].capitalize(), *ws[1:]]) + ".")
_PARAGRAPH = st.lists(_SENTENCE, min_size=2, max_size=5).map(" ".join)


def _typeset(paragraphs: list[str], width_mm: float = 120.0) -> tuple[bytes, list[float], int]:
    """Ragged lines filled greedily, no gap between paragraphs; also, per paragraph end, the room
    left had the next paragraph's first word been set on its last line (mm; negative: it would not
    have fitted), and how many lines were wrapped (full: they show the column)."""
    pdf = FPDF(format="A4", unit="mm")
    pdf.add_font("S", "", str(FONT))
    pdf.set_font("S", "", 10.5)
    pdf.add_page()
    y, wrapped = 30.0, 0
    visible: list[float] = []
    for k, paragraph in enumerate(paragraphs):
        lines, line = [], ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if line and pdf.get_string_width(candidate) > width_mm:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
        wrapped += len(lines) - 1
        if k + 1 < len(paragraphs):
            following = paragraphs[k + 1].split()[0]
            spare = width_mm - pdf.get_string_width(f"{line} {following}")
            visible.append(spare)
        for text in lines:
            pdf.text(25.0, y, text)
            y += 4.6
    return bytes(pdf.output()), visible, wrapped


@given(st.lists(_PARAGRAPH, min_size=2, max_size=6))
@settings(max_examples=20, deadline=None)
def test_a_line_ended_short_of_the_column_ends_its_paragraph(paragraphs):
    data, visible, wrapped = _typeset(paragraphs)
    assume(wrapped >= 8)  # the letter shows its column only through lines the layout filled
    text = read_pdf(data, Path("x.pdf"), use_layout=True).text
    blocks = [b for b in text.split("\n\n") if b.strip()]
    # The column is measured from the lines themselves (ragged lines end short of it), so a word
    # that would have fitted with a millimetre to spare may go either way; one with room is seen.
    clear = sum(spare > 0.1 * 120.0 for spare in visible)
    possible = sum(spare > 0 for spare in visible)
    assert clear + 1 <= len(blocks) <= possible + 1
    assert " ".join(text.split()) == " ".join(" ".join(paragraphs).split())  # no word lost or moved


# Rules of `pdf_paragraphs`, on lines placed by hand (points; margin 60, right edge 500, 14 pt apart).

def _line(text: str, y: float, x0: float = 60.0, x1: float = 500.0, lead: float = 20.0,
          second: float | None = None) -> PlainLine:
    return PlainLine(text=text, y=y, x0=x0, x1=x1, lead=lead, second=x0 + 25.0 if second is None else second)


def _column(justified: bool = False) -> Column:
    return Column(spacing=14.0, right=500.0, margin=60.0, justified=justified, char_width=5.0)


def _paragraphs(lines: list[PlainLine], column: Column) -> list[str]:
    return [" ".join(block.split()) for block in page_text(lines, column).split("\n\n")]


def test_a_first_line_indent_opens_a_paragraph_and_is_written_as_spaces():
    lines = [_line("de zin loopt hier door tot het einde van de regel en", 700),
             _line("verder.", 686, x1=100), _line("Een nieuwe alinea begint hier met een inspringing", 672, x0=80),
             _line("en gaat verder.", 658, x1=200)]
    text = page_text(lines, _column())
    assert "\n\n    Een nieuwe alinea" in text  # 20 pt at 5 pt a character


def test_a_hanging_indent_under_a_number_is_no_new_paragraph():
    lines = [_line("3 Dienst Toeslagen, Jaarverslag 2023, bijlage 2: kerncijfers over de", 100, second=68.0),
             _line("Berekening en de terugvordering", 88, x0=68.0, x1=300)]
    assert len(_paragraphs(lines, _column())) == 1


def test_a_justified_paragraphs_last_line_short_of_the_edge_ends_it():
    """The next word would not have fitted (495 + 20 > 500), but justified type stretches every
    line but a paragraph's last to the edge: 5 pt short under a flush line is its last line."""
    lines = [_line("Een regel die tot de rand is uitgevuld met woorden", 700),
             _line("en een laatste regel die net niet tot de rand komt.", 686, x1=495.0),
             _line("Nieuwe alinea zonder inspringing.", 672, x1=300)]
    assert len(_paragraphs(lines, _column(justified=True))) == 2
    assert len(_paragraphs(lines, _column(justified=False))) == 1


def test_a_ragged_line_in_a_justified_letter_keeps_the_width_test():
    """A letter head or footnote is set ragged in a justified letter: a line short of the edge
    there ends nothing unless the next word would have fitted."""
    lines = [_line("Nr. 1402 BRIEF VAN DE STAATSSECRETARIS", 700, x1=300),
             _line("Aan de Voorzitter van de Tweede Kamer der Staten-Generaal Den", 686, x1=490.0),
             _line("Haag, 14 mei 2024", 672, x1=150)]
    blocks = _paragraphs(lines, _column(justified=True))
    assert any(block.endswith("Den Haag, 14 mei 2024") for block in blocks)


def test_one_line_paragraphs_at_the_indent_each_open_a_paragraph():
    """Items without bullets, each a paragraph with a first-line indent: a line at the indent under
    another one opens a paragraph when it runs on to a line at the margin."""
    lines = [_line("Sinds mijn vorige brief zijn de volgende maatregelen genomen:", 700, x0=80, x1=400),
             _line("de regionale aanpak is verlengd tot en met het schooljaar", 686, x0=80),
             _line("2025-2026;", 672, x1=110, lead=50.0),
             _line("het budget is structureel verhoogd met € 12", 658, x0=80),
             _line("miljoen per jaar.", 644, x1=150)]
    assert len(_paragraphs(lines, _column())) == 3


def test_lines_set_in_throughout_are_one_block():
    lines = [_line("Ingesprongen citaat van de eerste regel", 700, x0=80, x1=460),
             _line("dat doorloopt op een tweede ingesprongen regel", 686, x0=80, x1=470),
             _line("en op een derde.", 672, x0=80, x1=200)]
    assert len(_paragraphs(lines, _column())) == 1


def test_a_marker_set_as_its_own_piece_counts_with_the_word_it_is_glued_to():
    """A footnote marker written as a piece of its own right after its word (`Westelijke` `13`) is
    part of that word: the next line's first word is measured with it, so a line that had room
    for the bare word but not for the word with its marker was wrapped, not ended early."""
    pdf = FPDF(format="A4", unit="pt")
    pdf.add_font("S", "", str(FONT))
    pdf.set_font("S", "", 10.5)
    pdf.add_page()
    left, filler = 70.0, "de kamer heeft de brief over de steun aan het land ontvangen en"
    right = left + pdf.get_string_width(filler)
    bare, marked = pdf.get_string_width("Westelijke "), pdf.get_string_width("Westelijke13 ")
    line = "gelezen en"
    for word in ["de", "op", "en", "in", "ook", "nu", "al", "er", "zo"] * 12:
        if left + pdf.get_string_width(f"{line} {word}") > right - bare:
            break
        line = f"{line} {word}"
    end = left + pdf.get_string_width(line)
    assert right - marked < end < right - bare  # room for the bare word only
    y = 100.0
    ragged = [" ".join(filler.split()[:n]) for n in (10, 11, 12, 13, 12)] + [filler]  # ragged: it is not justified
    for text in ragged + [line]:
        pdf.text(left, y, text)
        y += 14
    pdf.text(left, y, "Westelijke")
    pdf.text(left + pdf.get_string_width("Westelijke"), y, "13")
    pdf.text(left + pdf.get_string_width("Westelijke13 "), y, "Balkanlanden.")
    text = read_pdf(bytes(pdf.output()), Path("x.pdf"), use_layout=True).text
    assert f"{line}\nWestelijke13 Balkanlanden." in text


def test_a_ragged_line_ending_near_the_edge_by_chance_is_not_flush():
    """Justified lines end at the edge to a hair; a ragged note line that happens to end within a
    point of it says nothing, and the short line under it does not end the note."""
    lines = [_line("13 JOINT COMMUNICATION TO THE EUROPEAN COUNCIL State of", 100, x1=499.7),
             _line("play of EU-Türkiye political, economic and trade relations 2023 –", 88, x1=470.0),
             _line("European Commission (europa.eu)", 76, x1=250.0, lead=60.0)]
    assert len(_paragraphs(lines, _column(justified=True))) == 1


def test_the_line_spacing_is_measured_inside_paragraphs_even_where_most_lines_are_apart():
    """An answers document: short paragraphs and labels set apart by a blank line's space, so most
    distances between lines are gaps; the spacing comes from lines that go on in lower case."""
    lines, y = [], 800.0
    for k in range(4):
        for text, gap in ((f"Vraag {k + 1}", 28.0), ("Klopt het dat het aantal nachtvluchten is gestegen en", 14.0),
                          ("waarom is dat zo?", 28.0), (f"Antwoord {k + 1}", 28.0), ("Ja.", 28.0)):
            lines.append(_line(text, y, x1=480.0 if len(text) > 40 else 200.0))
            y -= gap
    column = Column.measure([lines])
    assert column.spacing == 14.0
    assert len(_paragraphs(lines, column)) == 16  # every label and answer apart, the question whole


def test_a_small_added_space_separates_paragraphs_in_one_font():
    lines = [_line("Een alinea die doorloopt op de volgende regel en", 700), _line("daar eindigt.", 686, x1=480.0),
             _line("Een nieuwe alinea na een kleine witruimte van", 668.5), _line("drie punten.", 654.5, x1=200.0)]
    assert len(_paragraphs(lines, _column())) == 2


def test_a_line_flush_with_a_justified_column_is_written_padded():
    lines = [_line("Een regel die tot de rand is uitgevuld met woorden", 700),
             _line("en een laatste regel.", 686, x1=200.0)]
    text = page_text(lines, _column(justified=True))
    assert text.split("\n") == ["Een regel die tot de rand is uitgevuld met  woorden", "en een laatste regel."]
    assert "  " not in page_text(lines, _column(justified=False))


def test_the_notes_at_the_page_foot_stay_one_block_line_under_line():
    """A text export sets the notes line under line: a short line inside the page-foot block (a
    note's rest carried over from the page before, a one-line note) marks no paragraph there."""
    lines = [_line("De laatste zin van de tekst op deze pagina is af.", 700, x1=300.0),
             _line("toegestaan».", 672, x1=120.0), _line("2 Kamerstuk 29 665, nr. 512.", 658, x1=220.0),
             _line("3 Motie Van den Berg c.s. over gerichte steun voor scholen met", 644, x1=480.0),
             _line("de grootste tekorten.", 630, x1=200.0)]
    assert page_text(lines, _column()).split("\n\n") == [
        "De laatste zin van de tekst op deze pagina is af.",
        "toegestaan».\n2 Kamerstuk 29 665, nr. 512.\n3 Motie Van den Berg c.s. over gerichte steun voor scholen met"
        "\nde grootste tekorten."]


def test_a_line_hanging_under_a_notes_text_is_written_under_that_text():
    """A text export sets a note's wrapped lines exactly under its text: the indent is the column
    where the text after the number starts, not the rounded distance from the margin (13 pt at
    5 pt a character would round to 3, the text starts at 4). The rest of a note carried over from
    the page before, above the page's first note, hangs under that note's text the same way."""
    lines = [_line("vanuit de vorige pagina doorlopende rest van een voetnoot", 200, x0=73.0, x1=400.0),
             _line("12  Motie Van den Berg c.s. over gerichte steun voor scholen met", 186, second=73.0),
             _line("de grootste tekorten", 172, x0=73.0, x1=200.0)]
    rows = page_text(lines, _column()).split("\n")
    assert rows[1].startswith("12  Motie")
    assert [len(row) - len(row.lstrip()) for row in (rows[0], rows[2])] == [4, 4]
    # a line standing elsewhere keeps its distance from the margin
    moved = [lines[1], _line("de grootste tekorten", 172, x0=90.0, x1=200.0)]
    assert page_text(moved, _column()).split("\n")[-1].startswith(" " * 6 + "de")


def test_a_notes_lines_hanging_at_one_indent_stay_one_note():
    """In the page-foot block a note's wrapped lines hang at one indent, line under line, and the
    next note (an address overrunning the edge) starts at the margin: no line there opens a
    paragraph by its indent (each note opens with its number)."""
    lines = [_line("De laatste zin van de tekst op deze pagina is af.", 700, x1=300.0),
             _line("4 Verordening (EU) 2021/1232 van het Europees Parlement en de", 672, x1=480.0, second=73.0),
             _line("Raad van 14 juli 2021 betreffende een afwijking van", 658, x0=73.0, x1=470.0),
             _line("bepaalde bepalingen van Richtlijn 2002/58/EG, PbEU 2021, L 274", 644, x0=73.0, x1=490.0),
             _line("5 https://www.eurojust.europa.eu/core-international-crimes-evidence-database", 630, x1=560.0)]
    blocks = page_text(lines, _column()).split("\n\n")
    assert len(blocks) == 2 and blocks[1].count("\n") == 3
