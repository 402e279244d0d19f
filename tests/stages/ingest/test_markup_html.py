"""pipeline.stages.ingest.markup: HTML conventions for footnotes and for a Kamerstuk's or a ministry
letter's head, whatever classes the page uses.

Constructed pages in tmp_path: footnotes as a `Noot` table, as paragraphs reached only by their
`href="#…"` markers, with arrow back-links; the head's dossier number and title on separate lines,
`Nr. n` apart from the stuk title, the title as the page's h1 or as a bold paragraph, a ministry
letter head, a report dated only by its title. No network.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import IngestConfig, load_config
from pipeline.stages.ingest.markup import read_markup

BODY = ("<p>Hierbij informeer ik uw Kamer over de stand van zaken{m1}. Het kabinet neemt maatregelen.</p>"
        "<h2>Vervolg</h2><p>Ik zal uw Kamer voor de zomer informeren over de voortgang{m2}.</p>")


@pytest.fixture(scope="module")
def cfg() -> IngestConfig:
    return load_config().ingest


def _marker(n: int) -> str:
    return f'<sup><a href="#note{n}" id="ref{n}">{n}</a></sup>'


def _page(head: str, notes: str = "", title: str = "Pagina") -> bytes:
    body = BODY.format(m1=_marker(1), m2=_marker(2)) if notes else BODY.format(m1="", m2="")
    return (f'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>{title}</title></head>'
            f"<body><main><article>{head}{body}</article>{notes}</main></body></html>").encode("utf-8")


def _read(tmp_path: Path, cfg: IngestConfig, data: bytes):
    path = tmp_path / "brief.html"
    path.write_bytes(data)
    return read_markup(path, data, cfg)


def _body_text(doc) -> str:
    return " ".join(b.text for b in doc.blocks)


NOTE_TEXTS = ("Kamerstuk 31 066, nr. 1360", "Toezegging gedaan tijdens het commissiedebat")


@pytest.mark.parametrize("notes", [
    # officielebekendmakingen's `Noot` table: a row per note, number cell and text cell
    '<div class="noten"><table><tr><td><a id="note1">1</a></td><td>{0}</td></tr>'
    '<tr><td><a id="note2">2</a></td><td>{1}</td></tr></table></div>',
    # notes as paragraphs in an unnamed container, found only through the markers' links
    '<div><p id="note1"><sup>1</sup> {0}</p><p id="note2"><sup>2</sup> {1}</p></div>',
    # a list with arrow back-links to the markers
    '<ol><li id="note1">{0} <a href="#ref1">↩</a></li><li id="note2">{1} <a href="#ref2">↩</a></li></ol>',
])
def test_footnotes_in_any_html_convention_are_read_and_linked(tmp_path, cfg, notes):
    doc = _read(tmp_path, cfg, _page("", notes.format(*NOTE_TEXTS)))
    assert [(f.n, f.text) for f in doc.footnotes] == [(1, NOTE_TEXTS[0]), (2, NOTE_TEXTS[1])]
    assert sorted(r for b in doc.blocks for r in b.footnote_refs) == [1, 2]
    assert "Kamerstuk 31 066" not in _body_text(doc) and "↩" not in _body_text(doc)


def test_a_link_to_an_earlier_anchor_is_no_footnote(tmp_path, cfg):
    head = '<p id="top">Tweede Kamer der Staten-Generaal</p>'
    data = _page(head).replace(b"de voortgang.", b'de voortgang <a href="#top">1</a>.')
    doc = _read(tmp_path, cfg, data)
    assert doc.footnotes == [] and "Hierbij informeer ik" in _body_text(doc)


@pytest.mark.parametrize("head", [
    # dossier number and dossier title on lines of their own, the Nr. apart from the stuk title
    "<p>Tweede Kamer der Staten-Generaal</p><p>Vergaderjaar 2023–2024</p><p><strong>31 066</strong></p>"
    "<p><strong>Belastingdienst</strong></p><p>Nr. 1402</p><p>BRIEF VAN DE STAATSSECRETARIS VAN FINANCIËN</p>"
    "<p>Aan de Voorzitter van de Tweede Kamer der Staten-Generaal</p><p>Den Haag, 14 mei 2024</p>",
    # the dossier line as the page's only h1; addressee and place/date joined on one line
    "<p>Tweede Kamer der Staten-Generaal</p><p>Vergaderjaar 2023–2024</p><h1>31 066 Belastingdienst</h1>"
    "<p>Nr. 1402 BRIEF VAN DE STAATSSECRETARIS VAN FINANCIËN</p>"
    "<p>Aan de Voorzitter van de Tweede Kamer der Staten-Generaal Den Haag, 14 mei 2024</p>",
])
def test_kamerstuk_head_lines_give_citation_title_type_and_date(tmp_path, cfg, head):
    doc = _read(tmp_path, cfg, _page(head))
    meta = doc.metadata
    assert (meta.kamerstuk, meta.title, meta.document_type, meta.date) == (
        "31 066, nr. 1402", "Belastingdienst", "brief", "2024-05-14")
    assert meta.sender == "Staatssecretaris van Financiën"
    assert doc.blocks[0].text.startswith("Hierbij informeer ik")


def test_ministry_letter_head_as_paragraphs_is_metadata(tmp_path, cfg):
    head = ("<p>&gt; Retouradres Postbus 16375 2500 BJ Den Haag</p><p>De Voorzitter van de Tweede Kamer</p>"
            "<p>der Staten-Generaal</p><p>Postbus 20018</p><p>2500 EA  DEN HAAG</p><p>Datum 5 april 2024</p>"
            "<p>Betreft Voortgang aanpak lerarentekort</p><p>Kenmerk 2024-4682029</p><p>Geachte voorzitter,</p>")
    closing = '<p class="ondertekening">Hoogachtend,<br>de minister van Onderwijs, Cultuur en Wetenschap, A.B. Naam</p>'
    doc = _read(tmp_path, cfg, _page(head).replace(b"</article>", closing.encode() + b"</article>"))
    meta = doc.metadata
    assert (meta.title, meta.date, meta.document_type, meta.kamerstuk) == (
        "Voortgang aanpak lerarentekort", "2024-04-05", "brief", None)
    assert meta.sender == "Minister van Onderwijs, Cultuur en Wetenschap"
    assert doc.blocks[0].text.startswith("Hierbij informeer ik")


def test_report_title_as_bold_paragraph_or_capitals_dates_the_report(tmp_path, cfg):
    title = "Geannoteerde agenda voor de Landbouw- en Visserijraad van 22 april 2024"
    for head, page_title in ((f"<p><strong>{title}</strong></p>", title),
                             (f"<p><strong>{title.upper()}</strong></p>", "Pagina")):
        doc = _read(tmp_path, cfg, _page(head, title=page_title))
        assert doc.blocks[0].text.startswith("Hierbij informeer ik")
        assert (doc.metadata.date, doc.metadata.date_source) == ("2024-04-22", "title")
        assert doc.metadata.document_type == "geannoteerde agenda"
