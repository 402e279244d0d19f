"""pipeline.stages.ingest.markup_xml: the conventions of officielebekendmakingen publication XML
(op-xsd), on constructed files: divisie nesting gives heading levels, a tussenkop sits one level
below its divisie's kop, notes are read where they stand and a nootref points back to one, and
what is not running text (processing instructions, note numbers, furniture elements) never is body."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.stages.ingest.markup import read_markup

CFG = load_config().ingest


def _read(tmp_path: Path, tekst: str):
    path = tmp_path / "stuk.xml"
    path.write_text(f'<?xml version="1.0" encoding="UTF-8"?><kamerstuk><stuk><tekst>{tekst}</tekst></stuk></kamerstuk>',
                    encoding="utf-8")
    return read_markup(path, path.read_bytes(), CFG)


def _headings(doc) -> list[tuple[str, int | None]]:
    return [(b.text, b.level) for b in doc.blocks if b.kind == "heading"]


def _paragraphs(doc) -> list[str]:
    return [b.text for b in doc.blocks if b.kind == "paragraph"]


DIVISIONS = """
<al>Inleiding van de brief.</al>
<divisie><kop><nr>1.</nr><titel>Eerste onderwerp</titel></kop><al>Tekst een.</al>
  <tussenkop>Een tussenkop</tussenkop><al>Tekst twee.</al>
  <divisie><kop><nr>1.1</nr><titel>Genest onderwerp</titel></kop><al>Tekst drie.</al></divisie>
</divisie>
<divisie><kop><nr>2.</nr><titel>Tweede onderwerp</titel></kop><al>Tekst vier.</al></divisie>
"""


def test_divisie_nesting_gives_the_heading_levels(tmp_path):
    doc = _read(tmp_path, DIVISIONS)
    assert _headings(doc) == [("1. Eerste onderwerp", 1), ("Een tussenkop", 2), ("1.1 Genest onderwerp", 2),
                              ("2. Tweede onderwerp", 1)]
    assert doc.blocks[0].kind == "paragraph"  # the text before the first kop


def test_a_note_is_read_where_it_stands_and_a_nootref_points_back_to_it(tmp_path):
    doc = _read(tmp_path, """
<al>Eerste zin.<noot id="n1" type="voet"><noot.nr>1</noot.nr><noot.al>Kamerstuk 29 023, nr. 460.</noot.al></noot>
 Nog een zin.</al>
<al>Tweede alinea<noot id="n2" type="voet"><noot.nr>2</noot.nr><al>Stcrt. 2023, nr. 9123.</al></noot>.</al>
<al>Zoals eerder gemeld<nootref ref="n1"/>, gaat het goed.</al>""")
    assert [(f.n, f.text) for f in doc.footnotes] == [(1, "Kamerstuk 29 023, nr. 460."), (2, "Stcrt. 2023, nr. 9123.")]
    assert [b.footnote_refs for b in doc.blocks] == [[1], [2], [1]]
    body = " ".join(_paragraphs(doc))
    assert "Kamerstuk" not in body and "Stcrt" not in body  # note texts are not body


def test_a_processing_instruction_inside_a_sentence_leaves_the_words_intact(tmp_path):
    doc = _read(tmp_path, "<al>de terminal langer te laten<?xpp nl?> functioneren.</al>")
    assert _paragraphs(doc) == ["de terminal langer te laten functioneren."]


def test_list_labels_stay_with_their_items_and_emphasis_is_plain_text(tmp_path):
    doc = _read(tmp_path, """<al>Het gaat om:</al>
<lijst><li><li.nr>a.</li.nr><al>de <nadruk type="vet">bezetting</nadruk> van de terminals;</al></li>
<li><li.nr>b.</li.nr><al>de vraag.</al></li></lijst>""")
    assert _paragraphs(doc)[1:] == ["a. de bezetting van de terminals;", "b. de vraag."]


@pytest.mark.parametrize("furniture", ["<dagtekening>Den Haag, 14 november 2023</dagtekening>",
                                       "<slotformule>Hoogachtend,</slotformule>"])
def test_furniture_elements_are_not_body(tmp_path, furniture):
    doc = _read(tmp_path, f"<al>De brief zelf.</al>{furniture}")
    assert _paragraphs(doc) == ["De brief zelf."]
