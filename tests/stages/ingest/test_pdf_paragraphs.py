"""A PDF set in one font throughout, with no space between paragraphs: the line the author ended
(the next paragraph's first word would have fitted before the right edge, by the font's own
widths) ends its paragraph. Property over generated paragraphs, laid out greedily as a typesetter
fills lines."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pipeline.stages.ingest.pdf import read_pdf

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
