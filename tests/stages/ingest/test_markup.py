"""pipeline.stages.ingest.markup: officielebekendmakingen-style HTML pages and op-xsd XML.

The two samples in data/kamerbrieven are read end to end; constructed files in tmp_path cover
page chrome, nested tables, broken markup, entity attacks and empty bodies. No network.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

import pipeline
from tests.conftest import PROJECT_ROOT
from pipeline.config import IngestConfig, load_config
from pipeline.errors import InputError
from pipeline.stages.ingest import ingest
from pipeline.stages.ingest.markup import read_markup
from pipeline.stages.ingest.metadata import parse_dutch_date

DATA = PROJECT_ROOT / "data" / "kamerbrieven"
HTML_SAMPLE = DATA / "002_sample_letter.html"
XML_SAMPLE = DATA / "003_sample_letter.xml"

# A footnote number left glued to a word or punctuation ("gedaan.1", "aangegeven2,").
GLUED_NOTE = re.compile(r"[^\W\d_][1-9]\b|[.,;:][1-9]\b")


@pytest.fixture(scope="module")
def cfg() -> IngestConfig:
    return load_config().ingest.model_copy(update={"furniture_patterns": [r"^\s*\d{1,3}\s*$"],
                                                   "repeated_line_min_pages": 3})


@pytest.fixture(scope="module")
def html_doc(cfg):
    return read_markup(HTML_SAMPLE, HTML_SAMPLE.read_bytes(), cfg)


@pytest.fixture(scope="module")
def xml_doc(cfg):
    return read_markup(XML_SAMPLE, XML_SAMPLE.read_bytes(), cfg)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _paragraphs(doc) -> list[str]:
    return [b.text for b in doc.blocks if b.kind == "paragraph"]


def _headings(doc) -> list[tuple[str, int | None]]:
    return [(b.text, b.level) for b in doc.blocks if b.kind == "heading"]


def _all_text(doc) -> str:
    parts = [b.text for b in doc.blocks] + [f.text for f in doc.footnotes]
    parts += [str(v) for v in doc.metadata.model_dump().values()]
    return "\n".join(parts)


# --------------------------------------------------------------------------------------------
# The HTML sample (002)
# --------------------------------------------------------------------------------------------


def test_html_sample_provenance(html_doc):
    assert html_doc.source == "002_sample_letter.html"
    assert html_doc.provenance.pipeline_version == pipeline.__version__
    assert html_doc.provenance.input_sha256 == hashlib.sha256(HTML_SAMPLE.read_bytes()).hexdigest()
    assert html_doc.provenance.stages == ["ingest"]
    assert html_doc.warnings == []


def _first_references(doc) -> list[int]:
    refs = [n for b in doc.blocks for n in b.footnote_refs]
    return list(dict.fromkeys(refs))


def test_html_sample_every_footnote_is_referenced_in_order(html_doc):
    assert _first_references(html_doc) == [f.n for f in html_doc.footnotes]


@pytest.mark.parametrize("leak", [
    "trackPageView", "statistiekCode", "initSupernotes", "font-size",           # script and style
    "Uitgebreid zoeken", "Direct naar de inhoud", "Zoeken", "Cookieverklaring",  # nav, header, footer
    "Overheid.nl",                                                               # page title and logo
    "Aan de Voorzitter", "Den Haag, 9 februari", "Tweede Kamer der Staten",      # furniture
    "Vergaderjaar", "BRIEF VAN", "Nr. 2891", "Raad Algemene Zaken en Raad",
    "De Minister van Buitenlandse Zaken,", "J.A. de Vries", "Bijlage",          # signature, annex
    "Noot", "X Noot", "Kamerstuk 21 501-02, nr. 2880",                           # footnote bodies
])
def test_html_sample_blocks_hold_no_chrome_or_furniture(html_doc, leak):
    assert all(leak not in b.text for b in html_doc.blocks)


def test_html_sample_has_no_glued_footnote_numbers(html_doc):
    assert [p for p in _paragraphs(html_doc) if GLUED_NOTE.search(p)] == []


# --------------------------------------------------------------------------------------------
# The XML sample (003)
# --------------------------------------------------------------------------------------------


def test_xml_sample_every_footnote_is_referenced_in_order(xml_doc):
    assert _first_references(xml_doc) == [f.n for f in xml_doc.footnotes]


@pytest.mark.parametrize("leak", [
    "Aan de Voorzitter", "Den Haag, 14 november", "Tweede Kamer der Staten", "Vergaderjaar",
    "BRIEF VAN", "Nr. 473", "Voorzienings- en leveringszekerheid energie",
    "De Minister van Economische Zaken en Klimaat,", "Verbeek", "Kamerstuk 29 023, nr. 460", "Stcrt.",
])
def test_xml_sample_blocks_hold_no_furniture_or_note_bodies(xml_doc, leak):
    assert all(leak not in b.text for b in xml_doc.blocks)


def test_xml_sample_has_no_glued_footnote_numbers(xml_doc):
    assert [p for p in _paragraphs(xml_doc) if GLUED_NOTE.search(p)] == []


# --------------------------------------------------------------------------------------------
# Constructed HTML
# --------------------------------------------------------------------------------------------


def test_html_script_and_nested_tables(tmp_path, cfg):
    path = _write(tmp_path, "tabel.html", """<html><head><script>var geheim = "KOPSCRIPT";</script></head>
<body><p>Inleidende alinea over de begroting.</p>
<script>document.write("BODYSCRIPT")</script>
<table>
  <tr><td>Cel A1</td><td><table><tr><td>Binnencel B1</td><td>Binnencel B2</td></tr></table></td></tr>
  <tr><td>Cel A2 <script>verborgen()</script></td><td>Cel <b>vet</b> A3</td></tr>
</table>
<style>p { color: red }</style></body></html>""")
    doc = read_markup(path, path.read_bytes(), cfg)
    assert _paragraphs(doc) == ["Inleidende alinea over de begroting.", "Cel A1", "Binnencel B1",
                                "Binnencel B2", "Cel A2", "Cel vet A3"]
    assert not re.search(r"SCRIPT|verborgen|color", _all_text(doc))


def test_malformed_html_still_parses(tmp_path, cfg):
    path = _write(tmp_path, "kapot.html", "<html><body><h2>Kop een<p>Eerste alinea <b>zonder sluiting"
                                          "<p>Tweede alinea</div></span><h3>Sub</h4><p>Derde &amp; laatste <i>alinea")
    doc = read_markup(path, path.read_bytes(), cfg)
    assert _headings(doc) == [("Kop een", 1), ("Sub", 2)]
    assert _paragraphs(doc) == ["Eerste alinea zonder sluiting", "Tweede alinea", "Derde & laatste alinea"]


def test_html_text_furniture_without_classes(tmp_path, cfg):
    """A plain page: title h1, addressee, place/date, closing and signature are recognised by their text."""
    path = _write(tmp_path, "kaal.html", """<html><body>
<h1>Voortgang van de energietransitie</h1>
<p>Aan de Voorzitter van de Tweede Kamer der Staten-Generaal</p>
<p>Den Haag, 3 maart 2023</p>
<h2>Inleiding</h2><p>Met deze brief informeer ik u over de voortgang.</p>
<h2>Vervolg</h2><p>Ik houd u op de hoogte.</p>
<p>Hoogachtend,</p><p>De Minister voor Klimaat en Energie,</p><p>R.A.A. Jetstra</p>
<p>Bijlagen (2)</p>
</body></html>""")
    doc = read_markup(path, path.read_bytes(), cfg)
    assert _headings(doc) == [("Inleiding", 1), ("Vervolg", 1)]
    assert _paragraphs(doc) == ["Met deze brief informeer ik u over de voortgang.", "Ik houd u op de hoogte."]
    assert doc.metadata.title == "Voortgang van de energietransitie"
    assert doc.metadata.date == "2023-03-03"
    assert doc.metadata.sender == "Minister voor Klimaat en Energie"


def test_html_generic_footnote_list(tmp_path, cfg):
    path = _write(tmp_path, "noten.html", """<html><body><article>
<p>Zie het rapport<sup><a href="#fn1" id="r1">1</a></sup> en de reactie<sup><a href="#fn2">2</a></sup>.</p>
<p>Een exponent blijft tekst: 5 m<sup>2</sup>.</p>
<ol class="footnotes"><li id="fn1">Rapport van de Raad van State. <a href="#r1" class="footnote-backref">↩</a></li>
<li id="fn2">Kabinetsreactie van 1 juni 2023.</li></ol></article></body></html>""")
    doc = read_markup(path, path.read_bytes(), cfg)
    assert _paragraphs(doc) == ["Zie het rapport en de reactie.", "Een exponent blijft tekst: 5 m2."]
    assert doc.blocks[0].footnote_refs == [1, 2]
    assert [(f.n, f.text) for f in doc.footnotes] == [(1, "Rapport van de Raad van State."),
                                                      (2, "Kabinetsreactie van 1 juni 2023.")]


def test_html_unknown_elements_keep_their_text(tmp_path, cfg):
    path = _write(tmp_path, "onbekend.html", """<html><body>
<custom-box><p>Alinea in een onbekend element.</p></custom-box>
<widget>Losse tekst in een onbekend element.</widget>
<div>Tekst direct in een div <em>met nadruk</em><p>en een alinea erna.</p>en een staart.</div>
</body></html>""")
    doc = read_markup(path, path.read_bytes(), cfg)
    assert _paragraphs(doc) == ["Alinea in een onbekend element.", "Losse tekst in een onbekend element.",
                                "Tekst direct in een div met nadruk", "en een alinea erna.", "en een staart."]


def test_xhtml_saved_as_xml_is_read_as_html(tmp_path, cfg):
    """The root element, not the suffix, picks the reader: an XHTML page in a .xml file is HTML."""
    path = _write(tmp_path, "pagina.xml", """<?xml version="1.0"?>
<html xmlns="http://www.w3.org/1999/xhtml" lang="nl"><body><nav>Menu</nav><h2>Kop</h2>
<p>Tekst<sup><a class="nootnum" href="#n1">1</a></sup>.</p>
<div id="noten"><div class="voet noot"><sup><span class="nootnum" id="n1">1</span></sup><p>Noot een.</p></div></div>
</body></html>""")
    doc = read_markup(path, path.read_bytes(), cfg)
    assert [(b.kind, b.text, b.level, b.footnote_refs) for b in doc.blocks] == [
        ("heading", "Kop", 1, []), ("paragraph", "Tekst.", None, [1])]
    assert [(f.n, f.text) for f in doc.footnotes] == [(1, "Noot een.")]
    assert doc.metadata.language == "nl"


# --------------------------------------------------------------------------------------------
# Constructed XML
# --------------------------------------------------------------------------------------------


def test_xml_external_entities_are_not_resolved(tmp_path, cfg):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-CONTENT-42", encoding="utf-8")
    dtd = tmp_path / "evil.dtd"
    dtd.write_text('<!ENTITY lek "TOPSECRET-VIA-DTD">', encoding="utf-8")
    cases = {
        "general.xml": f'<!DOCTYPE kamerstuk [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
                       "<kamerstuk><tekst><al>Voor &xxe; na.</al><al>Tweede alinea.</al></tekst></kamerstuk>",
        "parameter.xml": f'<!DOCTYPE kamerstuk [<!ENTITY % ext SYSTEM "{dtd.as_uri()}"> %ext;]>'
                         "<kamerstuk><tekst><al>Voor &lek; na.</al><al>Tweede alinea.</al></tekst></kamerstuk>",
        "external-dtd.xml": f'<!DOCTYPE kamerstuk SYSTEM "{dtd.as_uri()}">'
                            "<kamerstuk><tekst><al>Voor &lek; na.</al><al>Tweede alinea.</al></tekst></kamerstuk>",
    }
    for name, body in cases.items():
        path = _write(tmp_path, name, '<?xml version="1.0"?>\n' + body)
        doc = read_markup(path, path.read_bytes(), cfg)
        assert "TOPSECRET" not in _all_text(doc), name
        assert _paragraphs(doc) == ["Voor na.", "Tweede alinea."], name


def test_xml_billion_laughs_is_never_expanded(tmp_path, cfg):
    """Nested entities are either refused by libxml2's amplification guard or left unexpanded."""
    levels = ['<!ENTITY a0 "ha">'] + [f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)]
    path = _write(tmp_path, "lol.xml", f'<?xml version="1.0"?><!DOCTYPE k [{"".join(levels)}]>'
                                      "<k><al>Begin &a9; einde.</al></k>")
    try:
        doc = read_markup(path, path.read_bytes(), cfg)
    except InputError as err:
        assert err.stage == "ingest" and err.fix
    else:
        assert _paragraphs(doc) == ["Begin einde."]


def test_xml_unknown_elements_and_top_level_tussenkop(tmp_path, cfg):
    path = _write(tmp_path, "los.xml", """<?xml version="1.0"?>
<kamerstuk xmlns="urn:voorbeeld"><stuk><titel>VERSLAG VAN EEN SCHRIFTELIJK OVERLEG</titel>
<tekst>
  <tussenkop>Vragen van de leden</tussenkop>
  <kader><al>Een alinea in een onbekend kader.</al></kader>
  <onbekend>Losse tekst zonder al.</onbekend>
  <divisie><kop><titel>Antwoord</titel></kop><al>Het antwoord.</al>
    <table><tgroup cols="2"><tbody><row><entry><al>Cel een</al></entry><entry>Cel twee</entry></row></tbody></tgroup></table>
  </divisie>
</tekst></stuk></kamerstuk>""")
    doc = read_markup(path, path.read_bytes(), cfg)
    assert _headings(doc) == [("Vragen van de leden", 1), ("Antwoord", 1)]
    assert _paragraphs(doc) == ["Een alinea in een onbekend kader.", "Losse tekst zonder al.",
                                "Het antwoord.", "Cel een", "Cel twee"]
    # The type as the document names itself (convention for real documents): the full name.
    assert doc.metadata.document_type == "verslag van een schriftelijk overleg"
    assert doc.metadata.sender is None  # "EEN SCHRIFTELIJK OVERLEG" names no office


def test_xml_clashing_note_numbers_are_renumbered_with_a_warning(tmp_path, cfg):
    path = _write(tmp_path, "tabelnoot.xml", """<?xml version="1.0"?><kamerstuk><tekst>
<al>Tekst<noot id="a" type="voet"><noot.nr>1</noot.nr><noot.al>Voetnoot.</noot.al></noot> hier.</al>
<al>Tabel<noot id="t" type="tabel"><noot.nr>1</noot.nr><noot.al>Tabelnoot.</noot.al></noot> daar.</al>
</tekst></kamerstuk>""")
    doc = read_markup(path, path.read_bytes(), cfg)
    assert [(f.n, f.text) for f in doc.footnotes] == [(1, "Voetnoot."), (2, "Tabelnoot.")]
    assert [b.footnote_refs for b in doc.blocks] == [[1], [2]]
    assert len(doc.warnings) == 1 and "footnote number 1" in doc.warnings[0]


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name, text", [
    ("leeg.html", "<html><head><title>Zoeken</title></head><body><nav>Menu</nav><script>x()</script></body></html>"),
    ("kop.xml", '<?xml version="1.0"?><kamerstuk><kamerstukkop><tekstregel>Tweede Kamer der Staten-Generaal'
                "</tekstregel></kamerstukkop><stuk><titel>BRIEF VAN DE MINISTER</titel></stuk></kamerstuk>"),
    ("alleen-furniture.xml", '<?xml version="1.0"?><brief><al>Aan de Voorzitter van de Tweede Kamer der '
                             "Staten-Generaal</al><al>Den Haag, 1 juni 2023</al></brief>"),
    ("niets.xml", "   \n"),
])
def test_empty_body_is_an_input_error(tmp_path, cfg, name, text):
    path = _write(tmp_path, name, text)
    with pytest.raises(InputError) as err:
        ingest(path, cfg)  # through the dispatcher: the empty-file check is shared by every format
    assert err.value.stage == "ingest" and err.value.path == str(path) and err.value.fix


def test_malformed_xml_is_an_input_error(tmp_path, cfg):
    path = _write(tmp_path, "kapot.xml", "<kamerstuk><al>Niet gesloten</kamerstuk>")
    with pytest.raises(InputError, match="not well-formed XML") as err:
        read_markup(path, path.read_bytes(), cfg)
    assert err.value.fix


def test_binary_file_is_an_input_error(tmp_path, cfg):
    path = tmp_path / "plaatje.html"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError, match="binary"):
        read_markup(path, path.read_bytes(), cfg)


def test_oversized_file_is_an_input_error(tmp_path):
    tiny = load_config().ingest.model_copy(update={"max_file_mb": 0.0001, "furniture_patterns": []})
    path = _write(tmp_path, "groot.html", "<p>" + "woord " * 100 + "</p>")
    with pytest.raises(InputError, match="MB"):
        ingest(path, tiny)  # the size limit is checked once, in ingest()


@pytest.mark.parametrize("text, expected", [
    ("Den Haag, 31 januari 2024", "2024-01-31"),
    ("1 mrt. 2023", "2023-03-01"),
    ("ontvangen 5 Oktober 2022", "2022-10-05"),
    ("31 februari 2024", None),
    ("geen datum", None),
])
def test_dutch_dates(text, expected):
    assert parse_dutch_date(text) == expected
