"""Typeset a gold letter as a PDF in the official Kamerstuk style and variants (test fixtures).

The words come from a gold file (`data/gold/*.gold.json`), so the headings, footnotes and body
text a reader must recover are known by construction. The style is that of the PDFs on
officielebekendmakingen.nl: A4, a justified serif body, headings set apart only by bold or
italic type (no extra space below them, a paragraph's space above), superscript footnote markers,
8 pt footnotes under a short rule at the page foot (wrapped, and one continued on the next page),
and from page 2 a running header with the page number at the outer edge.

Variants (`STYLES`): headings bold only, italic only or larger only; a sans-serif ragged layout
with markers set by fpdf2's `char_vpos="SUP"` (a text rise) and footnote numbers raised too; and
one font and size throughout (no typographic evidence at all). Fonts: DejaVu (real TrueType).

Footnote marker n is glued to the end of a sentence spread evenly over the letter (the gold
says which footnotes there are, not where their markers stand), so every marker is known.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

from fpdf import FPDF

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
MM = 72 / 25.4  # points per millimetre
PAGE_W, PAGE_H = 210.0, 297.0
LEFT, RIGHT = 25.0, 25.0
TEXT_W = PAGE_W - LEFT - RIGHT
BODY_TOP = 30.0  # baseline of the first body line
FOOT_BOTTOM = 282.0  # baseline of the last footnote line
HEADER_Y = 15.0
RUNNING_HEADER = "Tweede Kamer, vergaderjaar 2023–2024, 21 501-20, nr. 2003"


@dataclass(frozen=True)
class Style:
    """How one variant sets the letter."""

    name: str
    family: str = "Serif"
    body_size: float = 10.0
    # per heading level: (fpdf2 style letters, size in pt)
    headings: dict = field(default_factory=lambda: {1: ("B", 10.0), 2: ("B", 10.0), 3: ("I", 10.0)})
    justify: bool = True
    marker: str = "raised"  # "raised": smaller digits moved up; "sup": fpdf2 char_vpos SUP (text rise)
    note_size: float = 8.0
    note_number_raised: bool = False
    one_font: bool = False
    continue_footnote: bool = True


STYLES = {
    "kamerstuk": Style("kamerstuk"),
    "bold": Style("bold", headings={1: ("B", 10.0), 2: ("B", 10.0), 3: ("B", 10.0)}),
    "italic": Style("italic", headings={1: ("I", 10.0), 2: ("I", 10.0), 3: ("I", 10.0)}),
    "larger": Style("larger", headings={1: ("", 13.0), 2: ("", 12.0), 3: ("", 11.0)}),
    "sans-sup": Style("sans-sup", family="Sans", body_size=9.5, justify=False, marker="sup",
                      headings={1: ("B", 11.0), 2: ("B", 9.5), 3: ("BI", 9.5)}, note_number_raised=True),
}
ONE_FONT = Style("one-font", headings={1: ("", 10.0), 2: ("", 10.0), 3: ("", 10.0)}, note_size=10.0,
                 one_font=True, continue_footnote=False)


@dataclass
class Letter:
    """A letter to typeset: title, sections (heading or None, level, paragraphs with `^n` markers)."""

    title: str
    sections: list[tuple[str | None, int, list[str]]]
    footnotes: dict[int, str]

    @property
    def headings(self) -> list[str]:
        return [heading for heading, _, _ in self.sections if heading]

    def body_words(self) -> list[str]:
        """The body as a reader should get it: headings and paragraphs, markers removed."""
        words: list[str] = []
        for heading, _, paragraphs in self.sections:
            if heading:
                words.extend(heading.split())
            for paragraph in paragraphs:
                words.extend(re.sub(r"\^\d+", "", paragraph).split())
        return words


def letter_from_gold(path: Path, repeat: int = 1) -> Letter:
    """The gold letter's title, sections and footnotes; markers placed after evenly spread sentences.

    `repeat` > 1 sets the body that many times (footnotes numbered on), for a longer letter."""
    gold = json.loads(path.read_text(encoding="utf-8"))
    notes = {f["n"]: f["text"] for f in gold["footnotes"]}
    sections: list[tuple[str | None, int, list[list[str]]]] = []
    for copy in range(repeat):
        for section in gold["sections"]:
            paragraphs = [list(p["sentences"]) for p in section["paragraphs"]]
            if copy and section["heading"] is None and not paragraphs:
                continue
            sections.append((section["heading"], section["level"], paragraphs))
    all_notes = {n + copy * len(notes): text for copy in range(repeat) for n, text in notes.items()}
    sentences = [(s, p, k) for s, (_, _, paragraphs) in enumerate(sections)
                 for p, paragraph in enumerate(paragraphs) for k in range(len(paragraph))]
    for n in sorted(all_notes):
        s, p, k = sentences[min(len(sentences) - 1, int((n - 0.5) * len(sentences) / len(all_notes)))]
        sections[s][2][p][k] += f"^{n}"
    return Letter(title=gold["metadata"]["title"] or "Brief",
                  sections=[(h, level, [" ".join(p) for p in paragraphs]) for h, level, paragraphs in sections],
                  footnotes=all_notes)


class _Typesetter:
    def __init__(self, style: Style) -> None:
        self.style = style
        self.pdf = FPDF(format="A4", unit="mm")
        self.pdf.set_auto_page_break(False)
        self.pdf.set_creation_date(datetime(2023, 12, 15, tzinfo=timezone.utc))
        base = f"DejaVu{style.family}"
        faces = {"": "", "B": "-Bold", "I": "-Italic" if style.family == "Serif" else "-Oblique",
                 "BI": "-BoldItalic" if style.family == "Serif" else "-BoldOblique"}
        for letters, suffix in faces.items():
            self.pdf.add_font(style.family, letters, str(FONT_DIR / f"{base}{suffix}.ttf"))
        self.line_h = style.body_size * 1.45 / MM
        self.note_line_h = style.note_size * 1.3 / MM

    # measuring
    def width(self, text: str, letters: str, size: float) -> float:
        self.pdf.set_font(self.style.family, letters, size)
        return self.pdf.get_string_width(text)

    def word_width(self, word: str, letters: str, size: float) -> float:
        parts = re.split(r"\^(\d+)", word)
        total = self.width(parts[0], letters, size)
        for i in range(1, len(parts), 2):
            total += self.width(parts[i], "", self.marker_size(size)) + self.width(parts[i + 1], letters, size)
        return total

    def marker_size(self, size: float) -> float:
        return size if self.style.one_font else round(size * 0.65, 1)

    def wrap(self, text: str, letters: str, size: float, width: float) -> list[list[str]]:
        lines: list[list[str]] = [[]]
        used = 0.0
        space = self.width(" ", letters, size)
        for word in text.split():
            w = self.word_width(word, letters, size)
            if lines[-1] and used + space + w > width:
                lines.append([])
                used = 0.0
            used += (space if lines[-1] else 0.0) + w
            lines[-1].append(word)
        return lines

    # drawing
    def draw_words(self, words: list[str], y: float, letters: str, size: float, justify: bool) -> None:
        space = self.width(" ", letters, size)
        widths = [self.word_width(w, letters, size) for w in words]
        gap = space
        if justify and len(words) > 1:
            gap = (TEXT_W - sum(widths)) / (len(words) - 1)
        x = LEFT
        for word, w in zip(words, widths):
            self.draw_word(word, x, y, letters, size)
            x += w + gap

    def draw_word(self, word: str, x: float, y: float, letters: str, size: float) -> None:
        parts = re.split(r"\^(\d+)", word)
        for i, part in enumerate(parts):
            if not part:
                continue
            if i % 2 == 0:
                self.pdf.set_font(self.style.family, letters, size)
                self.pdf.text(x, y, part)
                x += self.pdf.get_string_width(part)
            else:
                x += self.draw_marker(part, x, y, size)

    def draw_marker(self, digits: str, x: float, y: float, size: float) -> float:
        if self.style.one_font:
            self.pdf.set_font(self.style.family, "", size)
            self.pdf.text(x, y, digits)
            return self.pdf.get_string_width(digits)
        if self.style.marker == "sup":
            self.pdf.set_font(self.style.family, "", size)
            self.pdf.char_vpos = "SUP"
            h = size / MM
            self.pdf.set_xy(x, y - (0.5 * h + 0.3 * size / MM))
            self.pdf.write(h, digits)
            self.pdf.char_vpos = "LINE"
            return self.pdf.get_x() - x
        small = self.marker_size(size)
        self.pdf.set_font(self.style.family, "", small)
        self.pdf.text(x, y - 0.35 * size / MM, digits)
        return self.pdf.get_string_width(digits)


def build_pdf(letter: Letter, style: Style) -> bytes:
    """The letter typeset in `style`, as PDF bytes (deterministic for one fpdf2 version)."""
    t = _Typesetter(style)
    size = style.body_size
    note_lines = {n: t.wrap(text, "", style.note_size, TEXT_W - 6) for n, text in letter.footnotes.items()}
    # 1. the stream of things to place: (kind, words, letters, size, gap above in lines)
    stream: list[tuple[str, list[str], str, float, float]] = []
    title_letters, title_size = ("", size) if style.one_font else ("B", size + 3)
    for words in t.wrap(letter.title, title_letters, title_size, TEXT_W):
        stream.append(("title", words, title_letters, title_size, 0.0))
    for heading, level, paragraphs in letter.sections:
        if heading:
            letters, h_size = style.headings[min(level, 3)]
            for k, words in enumerate(t.wrap(heading, letters, h_size, TEXT_W)):
                stream.append(("heading", words, letters, h_size, 0.7 if k == 0 else 0.0))
        for p_index, paragraph in enumerate(paragraphs):
            wrapped = t.wrap(paragraph, "", size, TEXT_W)
            for k, words in enumerate(wrapped):
                gap = 0.7 if k == 0 and not (p_index == 0 and heading) else 0.0
                kind = "last" if k == len(wrapped) - 1 else "line"
                stream.append((kind, words, "", size, gap))
    # 2. pages: body lines from the top, footnotes (of the markers on the page) from the foot
    pages: list[dict] = [{"lines": [], "notes": [], "carried": []}]
    y = BODY_TOP
    for i, (kind, words, letters, item_size, gap) in enumerate(stream):
        page = pages[-1]
        markers = [int(m) for w in words for m in re.findall(r"\^(\d+)", w)]
        keep_with = 3 if kind == "heading" else 1  # a heading never ends a page: its text follows it
        notes_after = sum(len(note_lines[n]) for n in page["notes"] + markers) + 2  # room for a carry
        need = y + (gap + keep_with) * t.line_h
        if page["lines"] and need > FOOT_BOTTOM - (notes_after + 1) * t.note_line_h - 6:
            pages.append({"lines": [], "notes": [], "carried": []})
            page, y, gap = pages[-1], BODY_TOP, 0.0
        y += gap * t.line_h if page["lines"] else 0.0
        page["lines"].append((y, kind, words, letters, item_size))
        page["notes"].extend(markers)
        y += t.line_h if kind != "title" else item_size * 1.4 / MM
    # 3. one wrapped footnote runs on at the top of the next page's footnotes
    if style.continue_footnote:
        for k, page in enumerate(pages[:-1]):
            if page["notes"] and len(note_lines[page["notes"][-1]]) > 1:  # the page's last footnote wraps
                n = page["notes"][-1]
                page["split"] = (n, len(note_lines[n]) - 1)
                pages[k + 1]["carried"] = note_lines[n][-1:]
                break
    # 4. draw
    for number, page in enumerate(pages, start=1):
        t.pdf.add_page()
        if number > 1:
            _running_header(t, number)
        for y, kind, words, letters, item_size in page["lines"]:
            justify = style.justify and kind == "line"
            t.draw_words(words, y, letters, item_size, justify)
        _footnotes(t, page, note_lines)
    return bytes(t.pdf.output())


def _running_header(t: _Typesetter, number: int) -> None:
    """The header of an official Kamerstuk page: the page number at the outer edge."""
    size = t.style.body_size if t.style.one_font else 8.0
    t.pdf.set_font(t.style.family, "", size)
    label = str(number)
    if number % 2 == 0:  # even page: left-hand page, number on the left
        t.pdf.text(LEFT, HEADER_Y, label)
        t.pdf.text(LEFT + 10, HEADER_Y, RUNNING_HEADER)
    else:
        t.pdf.text(LEFT, HEADER_Y, RUNNING_HEADER)
        t.pdf.text(PAGE_W - RIGHT - t.pdf.get_string_width(label), HEADER_Y, label)


def _footnotes(t: _Typesetter, page: dict, note_lines: dict[int, list[list[str]]]) -> None:
    style = t.style
    rows: list[tuple[int | None, list[str]]] = [(None, words) for words in page["carried"]]
    split = page.get("split")
    for n in page["notes"]:
        lines = note_lines[n][: split[1]] if split and split[0] == n else note_lines[n]
        rows.extend((n if k == 0 else None, words) for k, words in enumerate(lines))
    if not rows:
        return
    y = FOOT_BOTTOM - (len(rows) - 1) * t.note_line_h
    if not style.one_font:
        t.pdf.line(LEFT, y - t.note_line_h - 1, LEFT + 50, y - t.note_line_h - 1)
    for n, words in rows:
        if n is not None:
            if style.note_number_raised:
                t.pdf.set_font(style.family, "", round(style.note_size * 0.7, 1))
                t.pdf.text(LEFT, y - 0.3 * style.note_size / MM, str(n))
            else:
                t.pdf.set_font(style.family, "", style.note_size)
                t.pdf.text(LEFT, y, str(n))
        t.pdf.set_font(style.family, "", style.note_size)
        t.pdf.text(LEFT + 6, y, " ".join(words))
        y += t.note_line_h


def styled(style: Style, **changes) -> Style:
    return replace(style, **changes)
