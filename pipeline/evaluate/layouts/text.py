"""Plain text as a PDF-to-text export gives it: fixed-width lines, ragged or justified with padded
spaces, pages with running lines, footnotes at each page's foot, with or without form feeds."""

from __future__ import annotations

import random
from dataclasses import dataclass

from pipeline.evaluate.layouts.flow import Metrics, build_flow, note_lines
from pipeline.evaluate.layouts.letter import running_text
from pipeline.evaluate.layouts.pages import Page, RLine, compose
from pipeline.evaluate.layouts.words import Piece


def piece_text(p: Piece) -> str:
    return p.text + ",".join(map(str, p.markers))  # markers glued, as a text export flattens superscripts


def text_metrics(width: int, indent: int) -> Metrics:
    return Metrics(width=width, measure=lambda p, style: len(piece_text(p)), space=lambda style: 1,
                   height=lambda style: 1, indent=indent, note_width=width)


@dataclass
class TextLine:
    kind: str  # head | heading | body | blank | closing | note | running | separator | pad | colophon
    text: str
    page: int
    source: RLine | None = None  # what the line was made from (its pieces, its note number)


def justify(words: list[str], width: int, rng: random.Random) -> str:
    gaps = len(words) - 1
    spare = width - sum(len(w) for w in words) - gaps
    if gaps <= 0 or spare <= 0:
        return " ".join(words)
    widths = [1 + spare // gaps] * gaps
    for k in rng.sample(range(gaps), spare % gaps):
        widths[k] += 1
    return "".join(w + " " * g for w, g in zip(words, widths + [0]))


def render_line(line: RLine, p: dict, rng: random.Random) -> str:
    if line.kind in ("head", "closing", "note"):
        return line.text
    if line.kind == "blank":
        return ""
    words = [piece_text(x) for x in line.pieces]
    indent = " " * p["indent"] if line.kind == "body" and line.first_of_block else ""
    if line.kind == "body" and p["justify"] and not line.last_of_block:
        return indent + justify(words, p["width"] - len(indent), rng)
    return indent + " ".join(words)


def render(gold: dict, blocks, head, closing, p: dict, hyphenator, rng: random.Random):
    metrics = text_metrics(p["width"], p["indent"])
    flow, cases = build_flow(gold, blocks, head, closing, metrics, hyphenator, p["p_hyphenate"], rng,
                             p["paragraph_gap"], (p["heading_gap_before"], p["heading_gap_after"]))
    notes = note_lines(gold, metrics, p, hyphenator)
    separator = {"none": [], "blank": [""], "rule": [p["rule"]], "blank+rule": ["", p["rule"]]}[p["note_separator"]]
    running = p["running"]

    def running_units(page: int) -> int:
        units = sum(1 + p["running_gap"] for r in running if page > 1 or r.on_first_page)
        return units + (len(p["colophon"]) + 1 if page == 1 and p["colophon"] else 0)

    pages = compose(flow, notes, lambda n: p["page_lines"] - running_units(n), len(separator), p["note_continue"])
    total = len(pages)
    out: list[TextLine] = []
    for page in pages:
        out += _page_lines(page, total, p, running, separator, running_units(page.number), rng)
    texts = []
    for k, line in enumerate(out):
        prefix = "\f" if p["form_feeds"] and k > 0 and line.page != out[k - 1].page else ""
        if not p["form_feeds"] and p["page_gap"] and k > 0 and line.page != out[k - 1].page:
            texts.append("")
        texts.append(prefix + line.text)
    return "\n".join(texts) + "\n", cases, out, total


def _page_lines(page: Page, total: int, p: dict, running, separator: list[str], units: int,
                rng: random.Random) -> list[TextLine]:
    lines: list[TextLine] = []
    here = [r for r in running if page.number > 1 or r.on_first_page]

    def run_line(r) -> str:
        text = running_text(r, p["meta"], page.number, total, p["kst"], p["year"])
        return text.center(p["width"]).rstrip() if r.centred else text

    for r in here:
        if r.position == "top":
            lines.append(TextLine("running", run_line(r), page.number))
            lines += [TextLine("running", "", page.number)] * p["running_gap"]
    body = list(page.body)
    while body and body[-1].kind == "blank":
        body.pop()
    lines += [TextLine(x.kind, render_line(x, p, rng), page.number, x) for x in body]
    if p["pad_pages"]:
        used = len(body) + (len(separator) + len(page.notes) if page.notes else 0)
        lines += [TextLine("pad", "", page.number)] * max(0, p["page_lines"] - units - used)
    if page.notes:
        lines += [TextLine("separator", s, page.number) for s in separator]
        lines += [TextLine("note", render_line(x, p, rng), page.number, x) for x in page.notes]
    if page.number == 1 and p["colophon"]:
        lines += [TextLine("colophon", t, page.number) for t in [""] + p["colophon"]]
    for r in here:
        if r.position == "bottom":
            lines += [TextLine("running", "", page.number)] * p["running_gap"]
            lines.append(TextLine("running", run_line(r), page.number))
    return lines
