"""Real PDFs (fpdf2, DejaVu TrueType fonts), A4 with drawn margins, in two styles:

- styled: headings set apart by weight, slant or size, footnotes smaller under a short rule at the
  page foot, superscript footnote markers, running lines smaller — as a typeset Kamerstuk;
- plain: one font and one size throughout (markers glued at body size), as a word processor's
  letter exported without styles.

Lines are broken and hyphenated by `pipeline.evaluate.layouts.words` with the fonts' own metrics, then each
word is placed at its position (justified lines spread the space between words), as typesetting
programs write PDFs. The running header sits in the top margin, the footer in the bottom margin.
"""

from __future__ import annotations

import random
from datetime import datetime, timezone
from pathlib import Path

from pipeline.evaluate.layouts.flow import Metrics, build_flow, note_lines
from pipeline.evaluate.layouts.letter import running_text
from pipeline.evaluate.layouts.pages import Page, RLine, compose
from pipeline.evaluate.layouts.words import Piece

IMPLEMENTED = True
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")  # Debian's fonts-dejavu-core
_FILES = {
    "serif": {"": "DejaVuSerif.ttf", "B": "DejaVuSerif-Bold.ttf", "I": "DejaVuSerif-Italic.ttf",
              "BI": "DejaVuSerif-BoldItalic.ttf"},
    "sans": {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf",
             "BI": "DejaVuSans-BoldOblique.ttf"},
}
PAGE_W, PAGE_H = 210.0, 297.0
PT = 25.4 / 72  # mm per point
_FIXED_DATE = datetime(2024, 1, 1, tzinfo=timezone.utc)  # the same bytes for the same seed


def heading_type(p: dict, level: int) -> tuple[str, float]:
    """The (face, size) a drawn PDF layout sets a heading of `level` in."""
    return _Fonts(p).font(f"heading{level}")


def fonts_available() -> bool:
    return all((FONT_DIR / f).is_file() for faces in _FILES.values() for f in faces.values())


class _Fonts:
    """Font (style, size) per line style of the layout."""

    def __init__(self, p: dict) -> None:
        size = p["font_size"]
        styled = p["format"] == "pdf-styled"
        self.styled = styled
        note = round(size * p["note_size_ratio"], 1) if styled else size
        self.table = {"body": ("", size), "head": ("", size), "head_strong": ("B" if styled else "", size),
                      "note": ("", note), "running": ("", round(size * 0.8, 1) if styled else size),
                      "marker": ("", round(size * 0.6, 1) if styled else size)}
        for level in range(1, 7):
            if not styled:
                self.table[f"heading{level}"] = ("", size)
                continue
            kind = p["heading_style"]
            if kind == "bold":
                face, grow = "B", 0
            elif kind == "bold-larger":
                face, grow = "B", max(0, 3 - level)
            elif kind == "italic":
                face, grow = ("B" if level == 1 else "I"), 0
            else:  # bold-italic
                face, grow = ("B" if level == 1 else "BI" if level == 2 else "I"), 0
            self.table[f"heading{level}"] = (face, size + grow)
        self.leading = p["leading"]

    def font(self, style: str) -> tuple[str, float]:
        return self.table.get(style, self.table["body"])


def render(gold: dict, blocks, head, closing, p: dict, hyphenator, rng: random.Random
           ) -> tuple[bytes, list, list[Page]]:
    from fpdf import FPDF  # heavy-ish; only PDF layouts need it

    pdf = FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_creation_date(_FIXED_DATE)
    fonts = _Fonts(p)
    faces = _FILES[p["font"]]
    for style in sorted({face for face, _ in fonts.table.values()}):  # load only the faces used
        pdf.add_font("F", style, str(FONT_DIR / faces[style]))
    width = PAGE_W - p["margin_left"] - p["margin_right"]
    current: list = [None]
    char_widths: dict[tuple[str, str], float] = {}  # (face, char) → width at 10 pt

    def use(style: str) -> None:
        face, size = fonts.font(style)
        if current[0] != (face, size):
            pdf.set_font("F", face, size)
            current[0] = (face, size)

    def text_width(text: str, style: str) -> float:
        # Glyph advances add up (fpdf2 applies no kerning here), so widths are cached per character.
        face, size = fonts.font(style)
        total = 0.0
        for ch in text:
            w = char_widths.get((face, ch))
            if w is None:
                pdf.set_font("F", face, 10)
                current[0] = (face, 10)
                w = char_widths[(face, ch)] = pdf.get_string_width(ch)
            total += w
        return total * size / 10

    def measure(piece: Piece, style: str) -> float:
        w = text_width(piece.text, style)
        if piece.markers:
            w += text_width(",".join(map(str, piece.markers)), "marker")
        return w

    def space(style: str) -> float:
        return text_width(" ", style)

    def height(style: str) -> float:
        if style == "blank" and p["space_mm"]:
            return p["space_mm"]
        return fonts.font(style)[1] * PT * fonts.leading

    metrics = Metrics(width=width, measure=measure, space=space, height=height, indent=p["indent_mm"],
                      note_width=width)
    flow, cases = build_flow(gold, blocks, head, closing, metrics, hyphenator, p["p_hyphenate"], rng,
                             p["paragraph_gap"], (p["heading_gap_before"], p["heading_gap_after"]))
    for line in flow:
        if line.kind == "blank":
            line.height = height("blank")
    notes = note_lines(gold, metrics, p, hyphenator)
    separator = height("note") * (1.0 if p["note_separator"] in ("blank", "blank+rule") else 0.5)
    capacity = PAGE_H - p["margin_top"] - p["margin_bottom"]
    pages = compose(flow, notes, lambda n: capacity, separator, p["note_continue"])
    if rng.random() < 0.5:
        pdf.set_title(gold["metadata"].get("title") or "")
    for page in pages:
        pdf.add_page()
        _draw_page(pdf, page, len(pages), p, fonts, use, text_width, separator)
    return bytes(pdf.output()), cases, pages


def _draw_page(pdf, page: Page, total: int, p: dict, fonts: _Fonts, use, text_width, separator: float) -> None:
    left, width = p["margin_left"], PAGE_W - p["margin_left"] - p["margin_right"]
    for r in p["running"]:
        if page.number == 1 and not r.on_first_page:
            continue
        text = running_text(r, p["meta"], page.number, total, p["kst"], p["year"])
        w = text_width(text, "running")
        use("running")
        x = left + (width - w) / 2 if r.centred else left
        y = p["margin_top"] * 0.55 if r.position == "top" else PAGE_H - p["margin_bottom"] * 0.45
        pdf.text(x, y, text)
    if page.number == 1 and p["colophon"]:  # small, in the bottom margin's left corner
        use("running")
        step = fonts.font("running")[1] * PT * 1.2
        for k, text in enumerate(p["colophon"]):
            pdf.text(left, PAGE_H - p["margin_bottom"] + step * (k + 1), text)
    y = p["margin_top"]
    for line in page.body:
        _draw_line(pdf, line, left, y, width, p, fonts, use, text_width)
        y += line.height
    if page.notes:
        y = PAGE_H - p["margin_bottom"] - sum(n.height for n in page.notes)
        if p["note_separator"] in ("rule", "blank+rule") or fonts.styled:
            pdf.set_line_width(0.2)
            rule_y = y - separator * 0.5
            pdf.line(left, rule_y, left + min(50.0, width / 3), rule_y)
        for line in page.notes:
            _draw_line(pdf, line, left, y, width, p, fonts, use, text_width)
            y += line.height


def _draw_line(pdf, line: RLine, left: float, top: float, width: float, p: dict, fonts: _Fonts, use,
               text_width) -> None:
    if line.kind == "blank":
        return
    style = {"head": "head_strong" if line.level else "head", "closing": "head", "note": "note",
             "heading": f"heading{line.level}", "body": "body"}[line.kind]
    size = fonts.font(style)[1]
    base = top + size * PT * 0.85  # baseline: the line's top plus about the font's ascent
    if line.kind in ("head", "closing"):
        use(style)
        pdf.text(left, base, line.text)
        return
    if line.kind == "note":
        x = left
        if not line.note_first and line.level:  # hanging continuation under the note's text
            x += text_width(f"{line.note}{p['note_number_gap']}", style)
        use(style)
        pdf.text(x, base, line.text)
        return
    x = left + (p["indent_mm"] if line.kind == "body" and line.first_of_block else 0.0)
    widths = [(text_width(piece.text, style),
               text_width(",".join(map(str, piece.markers)), "marker") if piece.markers else 0.0)
              for piece in line.pieces]
    gap = text_width(" ", style)
    if line.kind == "body" and p["justify"] and not line.last_of_block and len(line.pieces) > 1:
        natural = sum(w + mw for w, mw in widths)
        gap = max(gap, (left + width - x - natural) / (len(line.pieces) - 1))
    for piece, (w, mw) in zip(line.pieces, widths):
        use(style)
        pdf.text(x, base, piece.text)
        x += w
        if piece.markers:
            use("marker")
            rise = size * PT * 0.35 if fonts.styled else 0.0  # superscript in the styled PDF only
            pdf.text(x, base - rise, ",".join(map(str, piece.markers)))
            x += mw
        x += gap
