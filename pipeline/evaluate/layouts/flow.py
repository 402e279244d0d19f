"""From a gold letter to the flow of lines every paged format lays out: words with their footnote
markers, headings and paragraphs broken into lines, the letter head and closing, the footnotes."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Callable

from pipeline.evaluate.layouts.letter import HeadLine
from pipeline.evaluate.layouts.pages import RLine
from pipeline.evaluate.layouts.words import HyphenCase, Hyphenator, Piece, Word, break_lines, hyphen_cases


@dataclass
class Block:
    kind: str  # heading | paragraph | label (printed, not body: `Antwoord 3`)
    words: list[Word]
    level: int = 0


def gold_blocks(gold: dict) -> list[Block]:
    """Headings and paragraphs in reading order. In answers to written questions a `Vraag n` section
    holds the question's paragraphs (`question_paragraphs` of them), then the answer's; the printed
    label `Antwoord n` between them is furniture (data/gold/README.md), laid out like the heading."""
    blocks = []
    for section in gold["sections"]:
        heading = section.get("heading")
        if heading:
            blocks.append(Block("heading", [Word(w) for w in heading.split()], section["level"]))
        for k, paragraph in enumerate(section["paragraphs"]):
            if heading and k == section.get("question_paragraphs"):
                label = heading.replace("Vraag", "Antwoord", 1)
                blocks.append(Block("label", [Word(w) for w in label.split()], section["level"]))
            blocks.append(Block("paragraph", [Word(w) for s in paragraph["sentences"] for w in s.split()]))
    return blocks


def place_markers(gold: dict, blocks: list[Block], rng: random.Random, end_weight: float) -> None:
    """Marker n goes after a word of the body, in body order. Markers are glued to words or
    punctuation; never after a number (`2023` + `2` would read `20232`, which no reader can undo),
    and sentence ends are favoured by `end_weight` (where authors put most notes)."""
    numbers = sorted(f["n"] for f in gold["footnotes"])
    if not numbers:
        return
    candidates: list[tuple[Word, float]] = []
    for block in blocks:
        if block.kind != "paragraph":
            continue
        for w in block.words:
            if not any(ch.isalpha() for ch in w.text) or w.text[-1].isdigit():
                continue
            if w.text[-1] in ".?!":
                weight = end_weight
            elif w.text[-1] in ",;:)":  # the end of a clause or a parenthesis
                weight = 2.0
            elif sum(ch.isalpha() for ch in w.text) >= 6:  # a content word (`grensovergang3`)
                weight = 1.0
            else:
                continue  # a note is not hung on a function word
            candidates.append((w, weight))
    if not candidates:
        return
    # Weighted sampling without replacement (keys u^(1/w)), then kept in body order.
    keyed = sorted(range(len(candidates)), key=lambda k: -rng.random() ** (1.0 / candidates[k][1]))
    chosen = sorted(keyed[:len(numbers)])
    while len(chosen) < len(numbers):  # more notes than words: several markers on one word
        chosen.append(chosen[-1])
    for n, k in zip(numbers, chosen):
        candidates[k][0].markers.append(n)


@dataclass
class Metrics:
    """How a format measures and stacks lines (characters for text, millimetres for PDF)."""

    width: float
    measure: Callable[[Piece, str], float]  # (piece, style) → width
    space: Callable[[str], float]
    height: Callable[[str], float]
    indent: float  # first-line indent of paragraphs (0: none)
    note_width: float


def style_of(block: Block) -> str:
    return f"heading{block.level}" if block.kind == "heading" else "body"


def wrap_plain(text: str, width: float, metrics: Metrics, style: str) -> list[str]:
    """Lines of furniture (head, closing) wrapped at spaces, never hyphenated."""
    words, lines, current = text.split(), [], []
    for word in words:
        trial = " ".join(current + [word])
        if current and metrics.measure(Piece(trial, [], Word(trial)), style) > width:
            lines.append(" ".join(current))
            current = [word]
        else:
            current.append(word)
    if current or not lines:
        lines.append(" ".join(current))
    return lines


def build_flow(gold: dict, blocks: list[Block], head: list[HeadLine], closing: list[HeadLine],
               metrics: Metrics, hyphenator: Hyphenator, p_hyphenate: float, rng: random.Random,
               paragraph_gap: int, heading_gap: tuple[int, int], keep_lines: int = 2
               ) -> tuple[list[RLine], list[HyphenCase]]:
    flow: list[RLine] = []
    for h in head:
        if not h.text:
            flow.append(RLine("blank", height=metrics.height("body")))
            continue
        style = "head_strong" if h.strong else "head"
        flow += [RLine("head", text=t, height=metrics.height(style), level=int(h.strong))
                 for t in wrap_plain(h.text, metrics.width, metrics, style)]
    cases: list[HyphenCase] = []
    for bi, block in enumerate(blocks):
        style = style_of(block)
        blank = RLine("blank", height=metrics.height("body"))
        if block.kind == "label":  # set like a heading, but furniture: a line of the head's kind
            if flow and flow[-1].kind != "blank":
                flow += [blank] * heading_gap[0]
            flow.append(RLine("head", text=" ".join(w.text for w in block.words),
                              height=metrics.height("head_strong"), level=1, keep_with_next=1 + keep_lines))
            continue
        if block.kind == "heading":
            lines = break_lines(block.words, metrics.width, lambda p: metrics.measure(p, style),
                                metrics.space(style), hyphenator, 0.0, rng)
            cases += hyphen_cases(lines)  # a wrapped heading may end a line on `Asiel-` (`Asiel- en`)
            if flow and flow[-1].kind != "blank":
                flow += [blank] * heading_gap[0]
            rl = [RLine("heading", pieces=l.pieces, height=metrics.height(style), level=block.level)
                  for l in lines]
            for k, line in enumerate(rl):
                line.keep_with_next = len(rl) - k + heading_gap[1] + keep_lines
            flow += rl + [blank] * heading_gap[1]
            continue
        indent = metrics.indent
        lines = break_lines(block.words, metrics.width, lambda p: metrics.measure(p, style),
                            metrics.space(style), hyphenator, p_hyphenate, rng, first_indent=indent)
        cases += hyphen_cases(lines)
        if flow and flow[-1].kind not in ("blank", "heading"):
            flow += [blank] * paragraph_gap
        for k, line in enumerate(lines):
            flow.append(RLine("body", pieces=line.pieces, height=metrics.height(style),
                              first_of_block=k == 0, last_of_block=line.last_of_block))
    for h in closing:
        if not h.text:
            flow.append(RLine("blank", height=metrics.height("body")))
            continue
        flow += [RLine("closing", text=t, height=metrics.height("head"))
                 for t in wrap_plain(h.text, metrics.width, metrics, "head")]
    return flow, cases


def note_lines(gold: dict, metrics: Metrics, p: dict, hyphenator: Hyphenator) -> dict[int, list[RLine]]:
    """Each footnote as lines: its number, then its text broken at the note measure and hyphenated
    like the body (same dictionary, same `p_hyphenate`), continuation lines flush or hanging under
    the text. The notes draw from their own random stream, so a layout's other draws do not depend
    on them."""
    rng = random.Random(f"notes:{p['rng_seed']}")
    number_gap, hanging = p["note_number_gap"], p["note_hanging"]
    space = metrics.space("note")
    out: dict[int, list[RLine]] = {}
    for note in gold["footnotes"]:
        label = f"{note['n']}{number_gap}"
        label_w = metrics.measure(Piece(label, [], Word(label)), "note")
        broken = break_lines([Word(w) for w in note["text"].split()], metrics.note_width,
                             lambda piece: metrics.measure(piece, "note"), space, hyphenator,
                             p["p_hyphenate"], rng, first_indent=label_w, hanging=label_w if hanging else 0.0)
        lines = []
        for k, line in enumerate(broken):
            text = " ".join(piece.text for piece in line.pieces)
            if k == 0:
                text = label + text
            elif hanging and space == 1:  # text: the hanging indent written as spaces
                text = " " * math.ceil(label_w / max(space, 1e-6)) + text
            lines.append(RLine("note", text=text, pieces=line.pieces, height=metrics.height("note"), note=note["n"],
                               note_first=k == 0, level=int(hanging)))
        out[note["n"]] = lines
    return out
