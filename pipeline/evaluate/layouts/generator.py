"""Re-lay a gold letter in a randomly drawn layout whose gold is known by construction (issue #11).

    python -m pipeline.evaluate.layouts.generator data/gold/001_sample_letter.gold.json --seed 17 --out /tmp/x

The words of the body, the headings, the footnote texts and the metadata never change; what is drawn
per seed is everything a real copy of a Dutch official letter varies in: the format (plain text as
a PDF-to-text export gives it, a styled PDF, a one-font PDF, semantic HTML with or without site
chrome, a browser's text copy of that HTML page, the Kamerstuk's publication XML), line width, ragged or justified setting, line-break hyphenation from the nl_NL hyphenation
patterns, page length, where footnote markers fall and how footnotes sit at each page's foot, running
headers and footers, paragraph and heading spacing, indents, and the style of the letter head and
signature (among those that express exactly the gold metadata; answers to written questions get
their Aanhangsel intro and `Vraag n` / `Antwoord n` labels).

The gold of a rendering is the input gold with `input` (the written file), `format`, `hyphenation`
(every line-end hyphen this rendering made, with what the text must read), `layout` (the drawn
parameters) and, per section with a heading, `level_shown`: whether this rendering can show the
heading's level at all (see `levels_shown`). Deterministic per seed. Independent of the extractor: nothing here imports
`pipeline.stages.ingest` or `pipeline.stages.segment`.
"""

from __future__ import annotations

import argparse
import copy
import json
import logging
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import InputError
from pipeline.evaluate.layouts import html as html_layout
from pipeline.evaluate.layouts import pdf as pdf_layout
from pipeline.evaluate.layouts import publication_xml
from pipeline.evaluate.layouts import text as text_layout
from pipeline.evaluate.layouts.browser_copy import copy_text
from pipeline.evaluate.layouts.flow import gold_blocks, place_markers
from pipeline.evaluate.layouts.letter import (closing, colophon, draw_running, drawn_kamerstuk, head_styles, letter_head,
                                     parse_kamerstuk, vergaderjaar)
from pipeline.evaluate.layouts.words import Hyphenator

log = logging.getLogger(__name__)

FORMATS = ("text", "pdf-styled", "pdf-plain", "html", "web-text", "xml")
_SUFFIX = {"text": ".txt", "pdf-styled": ".pdf", "pdf-plain": ".pdf", "html": ".html", "web-text": ".txt",
           "xml": ".xml"}
_GOLD_FORMAT = {"text": "pdf-text", "pdf-styled": "pdf", "pdf-plain": "pdf", "html": "html", "web-text": "web-text",
                "xml": "xml"}
# The families added later (browser copy, publication XML) are drawn from a stream of their own, so
# the layouts every other seed draws stay what they were (runs before and after compare seed by seed).
_LATER_FAMILIES = 0.2
_NUMBERED = re.compile(r"^\d+(?:\.\d+)*\.?\s")


@dataclass
class Rendering:
    data: bytes
    suffix: str
    gold: dict
    layout: dict
    # Text and PDF: TextLine(kind, text, page, source) per laid-out line (PDF: body and notes only).
    lines: list = field(default_factory=list)
    pages: int = 0

    def describe(self) -> str:
        return self.layout["description"]


_HYPHENATOR: Hyphenator | None = None


def _hyphenator() -> Hyphenator:
    global _HYPHENATOR
    if _HYPHENATOR is None:
        _HYPHENATOR = Hyphenator()
    return _HYPHENATOR


def draw(gold: dict, seed: int, fmt: str | None = None) -> dict:
    """The layout parameters for one seed (independent draws, broad ranges)."""
    rng = random.Random(f"layout:{seed}")
    meta = gold["metadata"]
    later = random.Random(f"family:{seed}")
    if fmt is None and later.random() < _LATER_FAMILIES:
        fmt = "xml" if "kamerstuk" in head_styles(meta) and later.random() < 0.5 else "web-text"
        rng.random()  # the draw of the format below, so every later draw stays the same
    elif fmt is None:
        fmt = rng.choices(FORMATS[:4], weights=[4, 2, 2, 2])[0]
        if (fmt == "html" and not html_layout.IMPLEMENTED) or (fmt.startswith("pdf") and not pdf_layout.IMPLEMENTED):
            fmt = "text"
        if fmt.startswith("pdf") and not pdf_layout.fonts_available():
            log.warning("DejaVu fonts missing (%s): drawing text instead of PDF", pdf_layout.FONT_DIR)
            fmt = "text"
    if fmt == "xml" and "kamerstuk" not in head_styles(meta):
        raise InputError("the publication XML is a Kamerstuk's: this gold letter's metadata cannot be "
                         "stated by a Kamerstuk head", stage="layout-generator",
                         fix="draw another format for this letter")
    head_style = rng.choice(head_styles(meta))
    if fmt == "xml":
        head_style = "kamerstuk"
    kst = parse_kamerstuk(meta.get("kamerstuk")) or drawn_kamerstuk(rng)
    p: dict = {
        "format": fmt,
        "head_style": head_style,
        "p_hyphenate": 0.0 if rng.random() < 0.15 else round(rng.uniform(0.1, 1.0), 2),
        "justify": rng.random() < 0.5,
        "paragraph_gap": rng.choices([0, 1, 2], weights=[3, 6, 1])[0],
        "heading_gap_before": rng.choice([0, 1]),
        "heading_gap_after": rng.choice([0, 1]),
        "marker_end_weight": round(rng.uniform(1.0, 12.0), 1),
        "note_separator": rng.choice(["none", "blank", "rule", "blank+rule"]),
        "rule": rng.choice(["_" * rng.randint(10, 25), "—" * rng.randint(8, 16), "-" * rng.randint(10, 30)]),
        "note_number_gap": rng.choice([" ", "  ", " "]),
        "note_hanging": rng.random() < 0.4,
        "note_continue": rng.random() < 0.5,
        "running": draw_running(meta, head_style, rng),
        "kst": kst,
        "year": vergaderjaar(meta.get("date"), rng),
        "meta": meta,
        # text
        "width": rng.randint(40, 100),
        "indent": rng.choice([0, 0, rng.randint(2, 6)]),
        "page_lines": rng.randint(30, 65),
        "form_feeds": rng.random() < 0.5,
        "page_gap": rng.random() < 0.5,
        "pad_pages": rng.random() < 0.4,
        "running_gap": rng.choice([0, 1]),
        # pdf
        "font": rng.choice(["serif", "sans"]),
        "font_size": rng.choice([9, 9.5, 10, 10.5, 11, 11.5, 12]),
        "leading": round(rng.uniform(1.15, 1.6), 2),
        "margin_left": rng.randint(15, 40),
        "margin_right": rng.randint(15, 35),
        "margin_top": rng.randint(15, 35),
        "margin_bottom": rng.randint(15, 35),
        "note_size_ratio": rng.choice([0.7, 0.75, 0.8, 0.85]),
        "heading_style": rng.choice(["bold", "bold-larger", "italic", "bold-italic"]),
        "indent_mm": rng.choice([0, 0, rng.randint(4, 10)]),
        "space_mm": rng.choice([0.0, round(rng.uniform(1.5, 5.0), 1)]),
        # html
        "chrome": rng.random() < 0.6,
        "heading_offset": rng.choice([0, 1]),
        "notes_markup": rng.choice(["ol", "div", "table"]),
        "source_wrap": rng.choice([0, rng.randint(60, 120)]),
    }
    p["colophon"] = colophon(meta) if head_style == "kamerstuk" and rng.random() < 0.5 else []
    p["rng_seed"] = rng.randint(0, 2 ** 31)
    # Typographic convention: a new paragraph is marked by space or by a first-line indent. Without
    # either its start would be invisible, so the gold could not be known from the rendering. (Own
    # random stream, so every other parameter of a seed stays as it was.)
    marks = random.Random(f"paragraph-mark:{seed}")
    if p["paragraph_gap"] == 0 and p["indent"] == 0:
        p["indent"] = marks.randint(2, 6)
    if p["paragraph_gap"] == 0 and p["indent_mm"] == 0:
        p["indent_mm"] = marks.randint(4, 10)
    return p


def _describe(p: dict, pages: int) -> str:
    fmt = p["format"]
    run = ",".join(r.describe() for r in p["running"]) or "no running lines"
    common = (f"{p['head_style']} head, hyph {p['p_hyphenate']}, {'justified' if p['justify'] else 'ragged'}, "
              f"par gap {p['paragraph_gap']}, notes sep {p['note_separator']}, {run}")
    if fmt == "text":
        return (f"{p['width']} cols, {p['page_lines']} lines/page, {pages} pages, "
                f"{'form feeds' if p['form_feeds'] else 'no form feeds'}, indent {p['indent']}, " + common)
    if fmt.startswith("pdf"):
        return (f"{p['font']} {p['font_size']}pt, margins {p['margin_left']}/{p['margin_right']} mm, "
                f"{pages} pages, " + (f"headings {p['heading_style']}, " if fmt == "pdf-styled" else "") + common)
    if fmt == "xml":
        return "Kamerstuk publication XML"
    copy = "browser copy of a " if fmt == "web-text" else ""
    return (f"{copy}{'site chrome' if p['chrome'] else 'bare page'}, h{1 + p['heading_offset']} for level 1, "
            f"notes as {p['notes_markup']}, {p['head_style']} head")


def layout_dict(p: dict, pages: int) -> dict:
    skip = {"meta", "running", "kst", "rng_seed"}
    out = {k: v for k, v in p.items() if k not in skip}
    out["running"] = [r.describe() for r in p["running"]]
    out["kamerstuk_in_running"] = f"{p['kst'][0]}, nr. {p['kst'][1]}"
    out["pages"] = pages
    out["description"] = _describe(p, pages)
    return out


def render(gold: dict, seed: int, fmt: str | None = None) -> Rendering:
    """Render `gold` in the layout drawn for `seed` (optionally forcing the format)."""
    p = draw(gold, seed, fmt)
    rng = random.Random(p["rng_seed"])
    blocks = gold_blocks(gold)
    place_markers(gold, blocks, rng, p["marker_end_weight"])
    head = letter_head(gold["metadata"], p["head_style"], rng)
    close = closing(gold["metadata"], p["head_style"], rng)
    lines: list = []
    if p["format"] == "text":
        text, cases, lines, pages = text_layout.render(gold, blocks, head, close, p, _hyphenator(), rng)
        data = text.encode("utf-8")
    elif p["format"] == "html":
        data, cases, pages = html_layout.render(gold, blocks, head, close, p, rng), [], 1
    elif p["format"] == "web-text":
        text, copied = copy_text(html_layout.render(gold, blocks, head, close, p, rng), rng)
        data, cases, pages = text.encode("utf-8"), [], 1
        p.update({f"copy_{k}": v for k, v in copied.items()})
    elif p["format"] == "xml":
        data, cases, pages = publication_xml.render(gold, blocks, p, rng), [], 1
    else:
        data, cases, composed = pdf_layout.render(gold, blocks, head, close, p, _hyphenator(), rng)
        pages = len(composed)
        lines = [text_layout.TextLine(x.kind, x.text, page.number, x)
                 for page in composed for x in page.body + page.notes]
    out_gold = copy.deepcopy({k: v for k, v in gold.items() if k != "annotator_notes"})
    out_gold["origin"] = f"generated from {gold.get('input')} (seed {seed})"
    out_gold["format"] = _GOLD_FORMAT[p["format"]]
    out_gold["hyphenation"] = [c.as_dict() for c in cases]
    for section, shown in zip(out_gold["sections"], levels_shown(gold, p)):
        if section.get("heading"):
            section["level_shown"] = shown
    layout = layout_dict(p, pages)
    layout["seed"] = seed
    out_gold["layout"] = layout
    return Rendering(data, _SUFFIX[p["format"]], out_gold, layout, lines, pages)


def levels_shown(gold: dict, p: dict) -> list[bool]:
    """Per gold section: can this rendering show its heading's level? Yes when the letter has one
    level only; when the format marks levels (HTML h1–h6, XML divisie nesting; a styled PDF whose type
    for this level is used by no other level present); when the heading's own number says its depth
    (`2.1 …` is level 2). Text, one-font PDFs and browser copies set every heading alike."""
    levels = {s["level"] for s in gold["sections"] if s.get("heading")}
    if p["format"] == "pdf-styled":
        types = {level: pdf_layout.heading_type(p, level) for level in levels}
    out = []
    for s in gold["sections"]:
        heading, level = s.get("heading") or "", s["level"]
        numbered = _NUMBERED.match(heading)
        if len(levels) <= 1 or p["format"] in ("html", "xml"):
            out.append(True)
        elif numbered and numbered.group(0).rstrip(". \t").count(".") + 1 == level:
            out.append(True)
        elif p["format"] == "pdf-styled":
            out.append(all(types[other] != types[level] for other in levels if other != level))
        else:
            out.append(False)
    return out


def write(rendering: Rendering, out_dir: Path, stem: str) -> Path:
    """Write the rendered file and its gold (`<stem>.gold.json`) into `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{stem}{rendering.suffix}"
    path.write_bytes(rendering.data)
    rendering.gold["input"] = str(path)
    (out_dir / f"{stem}.gold.json").write_text(json.dumps(rendering.gold, ensure_ascii=False, indent=1),
                                               encoding="utf-8")
    return path


def load(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read gold file: {exc}", path=path, stage="layout-generator",
                         fix="pass a data/gold/*.gold.json file") from exc


def layout_stem(gold_path: Path, seed: int) -> str:
    return f"{gold_path.name.removesuffix('.gold.json')}__seed{seed}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.evaluate.layouts.generator", description=__doc__.split("\n")[0])
    parser.add_argument("gold", type=Path, help="a gold file (data/gold/*.gold.json)")
    parser.add_argument("--seed", type=int, default=0, help="first seed")
    parser.add_argument("--count", type=int, default=1, help="how many consecutive seeds")
    parser.add_argument("--format", choices=FORMATS, default=None, help="force the format")
    parser.add_argument("--out", type=Path, required=True, help="folder for the rendered files and their gold")
    args = parser.parse_args(argv)
    gold = load(args.gold)
    for seed in range(args.seed, args.seed + args.count):
        rendering = render(gold, seed, args.format)
        path = write(rendering, args.out, layout_stem(args.gold, seed))
        print(f"{path}: {rendering.describe()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
