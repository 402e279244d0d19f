"""Page composition shared by the text and PDF renderers: body lines flow into pages; each footnote
goes to the foot of the page where its marker falls (a footnote that does not fit may continue on
the next page's foot, as typesetters do); a heading is never left alone at a page bottom.

Heights are abstract units: one per line for text, millimetres for PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.evaluate.layouts.words import Piece


@dataclass
class RLine:
    kind: str  # head | heading | body | blank | closing | note
    pieces: list[Piece] = field(default_factory=list)  # body, heading and note lines
    text: str = ""  # head, closing and note lines (a note line: its pieces as printed)
    height: float = 1.0
    level: int = 0  # heading level
    first_of_block: bool = False
    last_of_block: bool = False
    keep_with_next: int = 0  # lines after this one that must share its page
    note: int | None = None  # for note lines: the footnote number
    note_first: bool = False  # the footnote's first line (starts with its number)

    def markers(self) -> list[int]:
        return [n for p in self.pieces for n in p.markers]


@dataclass
class Page:
    number: int
    body: list[RLine] = field(default_factory=list)
    notes: list[RLine] = field(default_factory=list)


def compose(flow: list[RLine], notes: dict[int, list[RLine]], capacity, separator: float,
            allow_continue: bool) -> list[Page]:
    """`capacity(page_number)` is the height left for body and notes on that page; `separator` the
    height of the space or rule above a page's footnotes."""
    pages: list[Page] = []
    carry: list[RLine] = []
    page = Page(1)
    used_body = used_notes = 0.0

    def new_page() -> None:
        nonlocal page, used_body, used_notes, carry
        pages.append(page)
        page = Page(page.number + 1)
        used_body = used_notes = 0.0
        room = capacity(page.number) - separator
        while carry and used_notes + carry[0].height <= room:
            line = carry.pop(0)
            page.notes.append(line)
            used_notes += line.height

    def place_notes(new_notes: list[RLine], room: float) -> None:
        nonlocal used_notes, carry
        k = 0
        while not carry and k < len(new_notes) and new_notes[k].height <= room:
            room -= new_notes[k].height
            k += 1
        page.notes += new_notes[:k]
        used_notes += sum(n.height for n in new_notes[:k])
        carry += new_notes[k:]

    i = 0
    while i < len(flow):
        line = flow[i]
        if line.kind == "blank" and not page.body:
            i += 1  # no blank line at the top of a page
            continue
        cap = capacity(page.number)
        new_notes = [n for m in line.markers() for n in notes.get(m, [])]
        # Keep-with-next chains: a heading kept with the heading under it is kept with that one's
        # text too (typesetting never leaves a parent heading alone at a page foot).
        end, k = i + line.keep_with_next, i + 1
        while k <= min(end, len(flow) - 1):
            end = max(end, k + flow[k].keep_with_next)
            k += 1
        keep = sum(x.height for x in flow[i + 1:end + 1])
        used = used_body + used_notes + (separator if page.notes or new_notes else 0.0) + line.height
        note_height = sum(n.height for n in new_notes)
        if used + note_height + keep <= cap and not (carry and new_notes):
            page.body.append(line)
            page.notes += new_notes
            used_body += line.height
            used_notes += note_height
            i += 1
            continue
        split_ok = allow_continue and new_notes and not carry and used + new_notes[0].height <= cap
        if not page.body or split_ok:
            # The marker's line and as much of its note as fits; the rest continues on the next
            # page's foot (or, on a page that cannot hold more anyway, after it).
            page.body.append(line)
            used_body += line.height
            place_notes(new_notes, cap - used)
            i += 1
            continue
        new_page()
    while carry:
        before = len(carry)
        new_page()
        if len(carry) == before:  # a single note line taller than a page: place it anyway
            page.notes.append(carry.pop(0))
    pages.append(page)
    return [p for p in pages if p.body or p.notes]
