"""The layout generator (issue #11): properties over many seeds, the Dutch line-break rules, and the
layout-invariance targets of the extractor."""

from __future__ import annotations

import io
import json
import random
import re
import time
from collections import Counter
from xml.etree import ElementTree
from xml.sax.saxutils import escape as xml_escape

import pytest

from pipeline.config import load_config, resolve_path
from pipeline.evaluate.invariance import LAYOUT_TARGETS, gold_files, run_layouts, summarise
from pipeline.evaluate.metric import EPSILON
from pipeline.evaluate.layouts.generator import FORMATS, draw, levels_shown, render
from pipeline.evaluate.layouts import pdf as pdf_layout
from pipeline.evaluate.layouts.letter import dutch_date, head_styles, last_date_in, letter_head
from pipeline.evaluate.layouts.words import Hyphenator

pytestmark = pytest.mark.slow

CFG = load_config()
GOLD_PATHS = gold_files(resolve_path(CFG.evaluate.gold))
GOLDS = {p.name.removesuffix(".gold.json"): json.loads(p.read_text(encoding="utf-8")) for p in GOLD_PATHS}
SEEDS = range(12)
needs_fonts = pytest.mark.skipif(not pdf_layout.fonts_available(),
                                 reason="DejaVu fonts missing: apt-get install fonts-dejavu-core")


def gold_words(gold: dict) -> list[str]:
    words = []
    for s in gold["sections"]:
        if s["heading"]:
            words += s["heading"].split()
        for p in s["paragraphs"]:
            words += [w for sent in p["sentences"] for w in sent.split()]
    return words


def rebuilt_words(rendering) -> tuple[list[str], list[dict]]:
    """Body words back from the laid-out lines: furniture (head, closing, running lines, notes)
    stripped by its kind, line-break splits joined with the rendering's own hyphenation record.
    Also checks that each split is the next recorded case, so the record is complete and ordered."""
    cases = list(rendering.gold["hyphenation"])
    words: list[str] = []
    previous = None  # the last piece of the previous body/heading line
    for line in rendering.lines:
        if line.kind not in ("body", "heading"):
            continue
        pieces = line.source.pieces
        for k, piece in enumerate(pieces):
            if k == 0 and previous is not None and previous.word is piece.word:
                case = cases.pop(0)
                assert case["line_end"] == previous.text and case["next"].startswith(piece.text), case
                assert case["expected"] in piece.word.text, case  # what the text must read is the gold word
                kept, dropped = previous.text + piece.text, previous.text[:-1] + piece.text  # real hyphen or not
                assert _undiaeresis(piece.word.text) in (_undiaeresis(kept), _undiaeresis(dropped)), case
                continue  # the word was counted with its head
            if k == 0 and previous is not None and previous.text.endswith("-") \
                    and cases and cases[0]["line_end"] == previous.text:
                case = cases.pop(0)  # a coordination (`veiligheids-` | `en`): two words, both kept
                assert case["expected"].endswith(" " + re.sub(r"\W+$", "", piece.word.text)), case
            words.append(piece.word.text)
        previous = pieces[-1] if pieces else None
    return words, cases


def note_words(lines: list) -> list[str]:
    """A footnote's words back from its laid-out lines (`RLine`s), a word split over two lines
    counted once."""
    words, previous = [], None
    for line in lines:
        for k, piece in enumerate(line.pieces):
            if not (k == 0 and previous is not None and previous.word is piece.word):
                words.append(piece.word.text)
        previous = line.pieces[-1] if line.pieces else None
    return words


def _undiaeresis(text: str) -> str:
    return text.translate(str.maketrans("ëïöüä", "eioua"))


@pytest.mark.parametrize("name", sorted(GOLDS))
def test_deterministic_per_seed(name):
    for seed in (0, 7):
        a, b = render(GOLDS[name], seed), render(GOLDS[name], seed)
        assert a.data == b.data and a.gold == b.gold
    assert render(GOLDS[name], 1).data != render(GOLDS[name], 2).data


@pytest.mark.parametrize("name", sorted(GOLDS))
def test_every_gold_word_comes_back_from_text_and_pdf_layouts(name):
    gold = GOLDS[name]
    formats = ["text", "pdf-styled", "pdf-plain"] if pdf_layout.fonts_available() else ["text"]
    for seed in SEEDS:
        for fmt in formats[seed % len(formats):seed % len(formats) + 1] + (["text"] if seed < 4 else []):
            r = render(gold, seed, fmt)
            words, left = rebuilt_words(r)
            assert words == gold_words(gold), (name, seed, fmt)
            assert left == [], (name, seed, fmt, left)  # no recorded hyphen without its line break


@pytest.mark.parametrize("name", sorted(GOLDS))
def test_text_lines_print_their_words_with_markers_glued(name):
    for seed in SEEDS:
        r = render(GOLDS[name], seed, "text")
        for line in r.lines:
            if line.kind in ("body", "heading"):
                printed = [p.text + ",".join(map(str, p.markers)) for p in line.source.pieces]
                assert line.text.split() == printed
        # Every printed line that ends in a hyphen is recorded, in order, with the next body line's
        # first word (across a page break, running lines and footnotes may stand between them).
        body = [line.text.split() for line in r.lines if line.kind in ("body", "heading")]
        printed_breaks = [(a[-1], b[0]) for a, b in zip(body, body[1:]) if a and b and a[-1].endswith("-")]
        assert printed_breaks == [(c["line_end"], c["next"]) for c in r.gold["hyphenation"]]
        text = r.data.decode("utf-8")
        assert all(line.text in text for line in r.lines)


@pytest.mark.parametrize("name", sorted(GOLDS))
def test_every_footnote_text_is_in_every_format(name):
    gold = GOLDS[name]
    for seed in SEEDS:
        for fmt in FORMATS:
            if fmt.startswith("pdf") and (not pdf_layout.fonts_available() or seed % 3):
                continue  # PDFs are slower to make: every third seed
            if fmt == "xml" and "kamerstuk" not in head_styles(gold["metadata"]):
                continue  # the publication XML is a Kamerstuk's
            r = render(gold, seed, fmt)
            if fmt in ("web-text", "xml"):
                data = r.data.decode("utf-8")
                for note in gold["footnotes"]:
                    text = note["text"] if fmt == "web-text" else xml_escape(note["text"])
                    assert text in data, (name, seed, fmt, note["n"])
                continue
            if fmt == "html":
                html = r.data.decode("utf-8")
                for note in gold["footnotes"]:
                    assert re.search(r'id="fn%d"' % note["n"], html)
                    assert note["text"].replace("&", "&amp;").replace("<", "&lt;") in html
                continue
            by_note: dict[int, list] = {}
            for line in r.lines:
                if line.kind == "note":
                    by_note.setdefault(line.source.note, []).append(line.source)
            for note in gold["footnotes"]:
                lines = by_note[note["n"]]
                first = lines[0].text
                assert first.startswith(str(note["n"])) and not first[len(str(note["n"]))].isdigit()
                for line in lines:  # each line prints its pieces (after the number, or a hanging indent)
                    assert line.text.endswith(" ".join(piece.text for piece in line.pieces)), (name, seed, fmt)
                assert note_words(lines) == note["text"].split(), (name, seed, fmt)


def test_footnote_lines_are_hyphenated_like_the_body():
    """A typesetter hyphenates the notes as it does the body: over many draws some note line ends
    in a split, each at a point the dictionary allows, and never in a layout drawn without
    hyphenation."""
    h = Hyphenator()
    split_seen = 0
    for name in ("000_124582cb5ba853ae", "001_sample_letter"):
        for seed in range(40):
            r = render(GOLDS[name], seed, "text")
            notes = [line.source for line in r.lines if line.kind == "note"]
            for line, nxt in zip(notes, notes[1:]):
                if not line.pieces or not nxt.pieces or line.pieces[-1].word is not nxt.pieces[0].word:
                    continue
                head, tail, word = line.pieces[-1].text, nxt.pieces[0].text, line.pieces[-1].word.text
                assert r.layout["p_hyphenate"] > 0, (name, seed)
                assert (head, tail) in [(s.head, s.tail) for s in h.splits(word)], (name, seed, head, tail)
                split_seen += 1
    assert split_seen >= 5


@pytest.mark.parametrize("name", sorted(GOLDS))
def test_text_pages_and_lines_stay_within_the_drawn_bounds(name):
    for seed in range(30):
        r = render(GOLDS[name], seed, "text")
        width, page_lines = r.layout["width"], r.layout["page_lines"]
        assert 40 <= width <= 100 and 30 <= page_lines <= 65
        per_page = Counter(line.page for line in r.lines)
        assert max(per_page.values()) <= page_lines, (seed, per_page)
        assert len(per_page) == r.layout["pages"]
        for line in r.lines:
            if line.kind in ("running", "pad", "separator"):
                continue  # a running line is set in its own (smaller) type, a rule is drawn
            assert len(line.text) <= width or len(line.text.split()) == 1 or line.kind == "note" and \
                len(line.text.split()) == 2, (seed, line.kind, line.text)
        if r.layout["form_feeds"]:
            assert r.data.decode().count("\f") == r.layout["pages"] - 1


def test_footnotes_sit_on_the_page_of_their_marker_or_continue_on_the_next():
    for name, gold in GOLDS.items():
        for seed in range(20):
            r = render(gold, seed, "text")
            marker_page = {}
            for line in r.lines:
                if line.kind == "body":
                    for n in line.source.markers():
                        marker_page[n] = line.page
            for line in r.lines:
                if line.kind == "note" and line.source.note_first:
                    assert line.page == marker_page[line.source.note], (name, seed, line.text)
                elif line.kind == "note":
                    assert line.page - marker_page[line.source.note] in (0, 1), (name, seed, line.text)
            markers = [n for line in r.lines if line.kind == "body" for n in line.source.markers()]
            assert markers == sorted(f["n"] for f in gold["footnotes"])  # in body order


def test_all_formats_and_head_styles_are_drawn():
    gold = GOLDS["001_sample_letter"]
    formats = Counter(draw(gold, seed)["format"] for seed in range(120))
    expected = set(FORMATS) if pdf_layout.fonts_available() else {"text", "html", "web-text", "xml"}
    assert set(formats) == expected, formats
    for gold in GOLDS.values():
        styles = {draw(gold, seed)["head_style"] for seed in range(40)}
        assert styles == set(head_styles(gold["metadata"]))


def test_every_paragraph_start_is_marked_by_space_or_indent():
    gold = GOLDS["000_124582cb5ba853ae"]
    for seed in range(60):
        p = draw(gold, seed)
        assert p["paragraph_gap"] > 0 or (p["indent"] > 0 and p["indent_mm"] > 0), seed


@needs_fonts
def test_pdfs_open_with_pypdf_and_have_the_drawn_page_count():
    import pypdf

    for name, gold in GOLDS.items():
        for seed, fmt in ((1, "pdf-styled"), (2, "pdf-plain")):
            r = render(gold, seed, fmt)
            reader = pypdf.PdfReader(io.BytesIO(r.data))
            assert len(reader.pages) == r.layout["pages"] >= 1
            text = " ".join(page.extract_text() for page in reader.pages)
            words = set(text.split())
            split = {piece.word.text for line in r.lines if line.kind == "note"
                     for piece in line.source.pieces if piece.text != piece.word.text}
            for note in gold["footnotes"]:
                missing = [w for w in note["text"].split() if w not in words and w not in split]
                assert not missing, (name, fmt, note["n"], missing)


def test_dutch_line_break_rules():
    h = Hyphenator()
    # A word with a hyphen breaks at its hyphen only, and the hyphen stays at the line end.
    splits = h.splits("defensie-uitgaven")
    assert [(s.head, s.tail, s.expected) for s in splits] == [("defensie-", "uitgaven", "defensie-uitgaven")]
    # A diaeresis is dropped when the line breaks right before its syllable.
    assert ("be-", "eindigd", "beëindigd") in [(s.head, s.tail, s.expected) for s in h.splits("beëindigd")]
    assert ("co-", "ordinatie", "coördinatie") in [(s.head, s.tail, s.expected) for s in h.splits("coördinatie")]
    # Every split of a plain word rejoins to the word (punctuation stays with its side).
    for s in h.splits("aangekondigd."):
        assert (s.head[:-1] + s.tail).rstrip(".") == "aangekondigd"
    # A word that ends in a hyphen (`midden- en kleinbedrijf`) keeps it when it is split itself.
    from pipeline.evaluate.layouts.words import BrokenLine, Piece, Word, hyphen_cases

    word, nxt = Word("midden-"), Word("en")
    lines = [BrokenLine([Piece("mid-", [], word)]), BrokenLine([Piece("den-", [], word)]),
             BrokenLine([Piece("en", [], nxt)])]
    assert [c.expected for c in hyphen_cases(lines)] == ["midden-", "midden- en"]
    # Acronyms, numbers and codes are never broken.
    assert h.splits("NAVO") == [] and h.splits("2023") == [] and h.splits("COM(2022)") == []


def test_letter_heads_state_the_metadata():
    for gold in GOLDS.values():
        meta = gold["metadata"]
        for style in head_styles(meta):
            for seed in range(5):
                text = "\n".join(line.text for line in letter_head(meta, style, random.Random(seed)))
                assert " ".join(meta["title"].split()) in " ".join(text.split())
                if style in ("kamerstuk", "ministry"):
                    assert dutch_date(meta["date"]) in text
                if style == "kamerstuk":
                    dossier, nr = meta["kamerstuk"].split(", nr. ")
                    assert dossier in text and f"Nr. {nr}" in text
                if style == "report" and meta["date"]:
                    assert last_date_in(meta["title"]) == meta["date"]


def test_browser_copy_is_the_page_text_one_block_a_line():
    gold = GOLDS["002_sample_letter"]
    for seed in range(6):
        r = render(gold, seed, "web-text")
        text = r.data.decode("utf-8")
        assert "<" not in text and r.gold["format"] == "web-text"
        lines = set(text.splitlines())
        for section in gold["sections"]:
            if section["heading"]:
                assert section["heading"] in lines  # a heading is a plain line of its own
            for paragraph in section["paragraphs"]:  # a paragraph is one line, markers glued in
                first = paragraph["sentences"][0].split()[0]
                assert any(line.startswith(first) and len(line) >= len(" ".join(paragraph["sentences"]))
                           for line in lines), (seed, first)
        if r.layout["chrome"]:
            assert "Zoeken" in lines  # the site's navigation is copied too
        assert all(s.get("level_shown") is False for s in r.gold["sections"] if s["heading"])


def test_publication_xml_nests_divisies_by_level_and_carries_the_notes_inline():
    gold = GOLDS["003_sample_letter"]
    headings = [s for s in gold["sections"] if s["heading"]]
    for seed in range(6):
        r = render(gold, seed, "xml")
        root = ElementTree.fromstring(r.data)
        assert root.tag == "officiele-publicatie"
        notes = root.findall(".//noot")
        assert [int(n.findtext("noot.nr")) for n in notes] == [f["n"] for f in gold["footnotes"]]
        assert [n.findtext("noot.al") for n in notes] == [f["text"] for f in gold["footnotes"]]
        tekst = root.find(".//brief/tekst")
        found = []

        def walk(element, depth):
            for child in element:
                if child.tag == "divisie":
                    kop = child.find("kop")
                    title = " ".join(x for x in (kop.findtext("nr"), kop.findtext("titel")) if x)
                    found.append((title, depth + 1))
                    walk(child, depth + 1)
                elif child.tag == "tussenkop":
                    found.append((child.text, depth + 1))
        walk(tekst, 0)
        assert found == [(s["heading"], s["level"]) for s in headings], seed
        assert root.findtext(".//ondernummer") == gold["metadata"]["kamerstuk"].split("nr. ")[1]
    with pytest.raises(Exception, match="Kamerstuk"):
        render(GOLDS["000_124582cb5ba853ae"], 0, "xml")  # a report without a Kamerstuk number


def test_answers_to_questions_print_the_intro_and_answer_labels_outside_the_gold():
    answers = [g for g in GOLDS.values() if g["metadata"]["document_type"] == "antwoord op kamervragen"]
    assert answers, "a gold letter of answers to written questions is re-laid too"
    gold = answers[0]
    meta = gold["metadata"]
    for seed in range(4):
        r = render(gold, seed, "text")
        text = " ".join(r.data.decode("utf-8").split())
        assert f"(ingezonden {dutch_date(meta['questions_date'])})" in text
        assert f"(ontvangen {dutch_date(meta['date'])})" in text
        for k, section in enumerate(gold["sections"], 1):
            assert f"Vraag {k}" in text and f"Antwoord {k}" in text
        words, _ = rebuilt_words(r)
        assert words == gold_words(gold)  # the labels are furniture, not body


def test_levels_shown_only_where_the_rendering_can_show_them():
    gold = {"sections": [{"heading": "Europa", "level": 1, "paragraphs": []},
                         {"heading": "Migratie", "level": 2, "paragraphs": []},
                         {"heading": "2.1 Asiel", "level": 2, "paragraphs": []},
                         {"heading": None, "level": 1, "paragraphs": []}]}
    assert levels_shown(gold, {"format": "text"}) == [False, False, True, False]
    assert levels_shown(gold, {"format": "web-text"}) == [False, False, True, False]
    assert levels_shown(gold, {"format": "html"}) == [True] * 4
    p = {"format": "pdf-styled", "font_size": 10, "note_size_ratio": 0.8, "leading": 1.2}
    assert levels_shown(gold, {**p, "heading_style": "bold"}) == [False, False, True, False]
    assert levels_shown(gold, {**p, "heading_style": "italic"}) == [True, True, True, True]
    one_level = {"sections": [{"heading": "A", "level": 1, "paragraphs": []}]}
    assert levels_shown(one_level, {"format": "text"}) == [True]


def _hidden_levels_merged(gold: dict, p: dict, shown: list[bool]) -> dict:
    """The gold with every heading whose level the layout cannot show moved to the lowest level the
    layout sets alike (a styled PDF: the same type; text and one-font PDFs: every unnumbered level)."""
    levels = {s["level"] for s in gold["sections"] if s.get("heading")}
    if p["format"] == "pdf-styled":
        alike = {lv: min(o for o in levels if pdf_layout.heading_type(p, o) == pdf_layout.heading_type(p, lv))
                 for lv in levels}
    else:
        hidden = {s["level"] for s, ok in zip(gold["sections"], shown) if s.get("heading") and not ok}
        alike = {lv: min(hidden) if lv in hidden else lv for lv in levels}
    merged = json.loads(json.dumps(gold))
    for section, ok in zip(merged["sections"], shown):
        if section.get("heading") and not ok:
            section["level"] = alike[section["level"]]
    return merged


def test_a_level_the_layout_cannot_show_is_not_in_the_file():
    """`level_shown: false` means the rendered bytes are the same whatever that heading's level: no
    extractor can recover it, which is why `heading_level_expressible` stands beside `heading_level`."""
    hidden = 0
    for name, gold in GOLDS.items():
        if len({s["level"] for s in gold["sections"] if s.get("heading")}) < 2:
            continue
        for seed in range(0, 24, 2):
            r = render(gold, seed)
            shown = [s.get("level_shown", True) for s in r.gold["sections"]]
            if all(shown):
                continue
            hidden += 1
            merged = render(_hidden_levels_merged(gold, r.layout, shown), seed)
            assert merged.data == r.data, (name, seed, r.layout["format"])
    assert hidden >= 10  # the draw does make such layouts, so the property was exercised


# Worst-layout targets issue #11 still misses on some layouts, each for a reason the README gives
# (Layout invariance): the rest must hold on every layout of the sample.
OPEN_WORST = {
    # A level the layout cannot show is not in the file (test above): judged by heading_level_expressible.
    "heading_level",
    # Hyphens the author chose where the Woordenlijst writes the compound closed, seen once in a letter.
    "hyphenation",
    # Text without form feeds, running lines or a separator, where the next page's body starts right
    # under the page's notes and reads like a note's next line (and the words and sentences it moves).
    "footnotes", "body_word_accuracy", "sentence_f1",
}


@pytest.fixture(scope="module")
def invariance() -> dict:
    """30 layouts of every gold letter from seed 7000, a range no rule was written against."""
    start = time.perf_counter()
    results, _, _ = run_layouts(resolve_path(CFG.evaluate.gold), CFG, layouts=30, seed=7000, workers=2)
    assert time.perf_counter() - start < 600
    return summarise(results)


def test_extraction_is_layout_invariant(invariance):
    """No crash; every mean target met (heading level where the layout can show it); every worst-layout
    target met but those still open."""
    assert not invariance["crashes"], invariance["crashes"][:3]
    assert set(invariance["measures"]) == set(LAYOUT_TARGETS)
    for measure, row in invariance["measures"].items():
        if measure != "heading_level":
            assert row["mean"] >= row["target_mean"] - EPSILON, (measure, row["mean"])
        if measure not in OPEN_WORST:
            assert row["worst"] >= row["target_worst"] - EPSILON, (measure, row["worst"], row["worst_layout"])


@pytest.mark.xfail(reason="issue #11: the worst-layout targets in OPEN_WORST are not met yet", strict=False)
def test_every_layout_target_is_met(invariance):
    failed = {m: (row["mean"], row["worst"], row["worst_layout"]) for m, row in invariance["measures"].items()
              if row["met"] is False}
    assert not failed, failed


def test_no_heading_ends_a_page():
    """Typesetting keeps a heading with the text under it, through a chain of headings."""
    for name in ("004_verslag_formele_raad", "000_124582cb5ba853ae"):
        for seed in range(40):
            r = render(GOLDS[name], seed, "text")
            body = [line for line in r.lines if line.kind in ("body", "heading")]
            for a, b in zip(body, body[1:]):
                assert not (a.kind == "heading" and b.page != a.page), (name, seed, a.text)
