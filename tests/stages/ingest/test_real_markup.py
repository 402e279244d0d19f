"""Real markup sources: officielebekendmakingen HTML pages (metadata, `Noot` blocks), its publication XML
(op-xsd element names: kamerstuk, dossier, stuk, brief, al, tussenkop, noot, ondertekening,
kamervragen with kamervraagomschrijving / vraag / antwoord), saved pages with a stale meta title.

The element and class names are those of the publications; the texts are the openings of real
documents (URLs given with each).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.stages.ingest.markup import read_markup

CFG = load_config().ingest


def _read(tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_markup(path, path.read_bytes(), CFG)


def _paragraphs(doc) -> list[str]:
    return [b.text for b in doc.blocks if b.kind == "paragraph"]


def _headings(doc) -> list[tuple[str, int | None]]:
    return [(b.text, b.level) for b in doc.blocks if b.kind == "heading"]


# https://tweedekamer.nl/kamerstukken/kamervragen/detail?did=2025D04328&id=2025D04328 as publication XML
KAMERVRAGEN_XML = """<?xml version="1.0" encoding="UTF-8"?>
<officiele-publicatie xml:lang="nl">
  <metadata><meta name="OVERHEIDop.publicationName" content="Aanhangsel van de Handelingen"/></metadata>
  <kamervragen>
    <kamervraagkop><kamer nummer="2"/><vergaderjaar>Vergaderjaar 2024-2025</vergaderjaar></kamervraagkop>
    <kamervraagnummer>1028</kamervraagnummer>
    <kamervraagomschrijving type="vraag">Vragen van het lid <naam><achternaam>Erkens</achternaam></naam> (VVD) aan de
      Minister van Binnenlandse Zaken en Koninkrijksrelaties over <kamervraagonderwerp>overbodige functies,
      adviesorganen en doublures bij de Rijksoverheid</kamervraagonderwerp> (ingezonden <datum isodatum="2024-12-20">20
      december 2024</datum>).</kamervraagomschrijving>
    <kamervraagomschrijving type="antwoord">Antwoord van Minister <naam><achternaam>Uitermark</achternaam></naam>
      (Binnenlandse Zaken en Koninkrijksrelaties) (ontvangen <datum isodatum="2025-02-04">4 februari 2025</datum>).
      Zie ook Aanhangsel Handelingen, vergaderjaar 2024–2025, nr. 1028.</kamervraagomschrijving>
    <vraag><nr>Vraag 1</nr><al>Deelt u de mening dat de Rijksoverheid significant is gegroeid de laatste jaren?</al></vraag>
    <antwoord><nr>Antwoord 1</nr><al>De Rijksoverheid is inderdaad significant gegroeid.</al>
      <al>De cijfers opgenomen in de Jaarrapportage Bedrijfsvoering Rijk laten dit zien.</al></antwoord>
    <vraag><nr>Vraag 2</nr><al>Kunt u aangeven hoeveel jaar groei wordt teruggedraaid?</al></vraag>
    <antwoord><nr>Antwoord 2</nr><al>Dat is niet exact aan te geven.</al></antwoord>
  </kamervragen>
</officiele-publicatie>"""


def test_publication_xml_of_answers_to_written_questions(tmp_path):
    doc = _read(tmp_path, "ah-tk.xml", KAMERVRAGEN_XML)
    meta = doc.metadata
    assert meta.document_type == "antwoord op kamervragen" and meta.kamerstuk is None
    assert meta.questioners == ["Erkens"] and meta.questions_date == "2024-12-20"
    assert (meta.date, meta.sender) == ("2025-02-04", "Minister van Binnenlandse Zaken en Koninkrijksrelaties")
    assert meta.title is None  # no publication title in the metadata; the intro states none
    assert _headings(doc) == [("Vraag 1", 1), ("Vraag 2", 1)]
    paragraphs = _paragraphs(doc)
    assert paragraphs[0].startswith("Deelt u de mening") and len(paragraphs) == 5
    assert not any(p.startswith(("Antwoord", "Vragen van", "Zie ook")) for p in paragraphs)


# The same answers as the page's HTML: the intro in kamervraagomschrijving elements, labels as paragraphs.
KAMERVRAGEN_HTML = """<html lang="nl"><head><title>Aanhangsel van de Handelingen</title></head><body>
<nav class="breadcrumb"><a href="/">Home</a></nav>
<div id="broodtekst"><div class="kamervragen">
<h1 class="kamervraagomschrijving_kop">Vragen van het lid Erkens (VVD) aan de Minister van Binnenlandse Zaken en
Koninkrijksrelaties over overbodige functies (ingezonden 20 december 2024).</h1>
<p class="kamervraagomschrijving">Antwoord van Minister Uitermark (Binnenlandse Zaken en Koninkrijksrelaties)
(ontvangen 4 februari 2025).</p>
<p>Vraag 1</p><p>Deelt u de mening dat de Rijksoverheid significant is gegroeid?</p>
<p>Antwoord 1</p><p>De Rijksoverheid is inderdaad significant gegroeid.</p>
</div></div></body></html>"""


def test_page_html_of_answers_to_written_questions(tmp_path):
    doc = _read(tmp_path, "ah-tk.html", KAMERVRAGEN_HTML)
    assert doc.metadata.questioners == ["Erkens"] and doc.metadata.date == "2025-02-04"
    assert _headings(doc) == [("Vraag 1", 1)]
    assert _paragraphs(doc) == ["Deelt u de mening dat de Rijksoverheid significant is gegroeid?",
                                "De Rijksoverheid is inderdaad significant gegroeid."]


def test_visible_title_wins_over_a_stale_meta_title(tmp_path):
    """A saved page whose DC.title still names an earlier version of the letter."""
    doc = _read(tmp_path, "saved.html", """<html><head>
<meta name="DC.title" content="Concept: voortgang energietransitie (versie 1)"></head><body><main>
<h1>Voortgang van de energietransitie</h1>
<p>Aan de Voorzitter van de Tweede Kamer der Staten-Generaal</p><p>Den Haag, 3 maart 2023</p>
<p>Met deze brief informeer ik u over de voortgang.</p></main></body></html>""")
    assert doc.metadata.title == "Voortgang van de energietransitie"


def test_publication_meta_title_gives_its_subject(tmp_path):
    """officielebekendmakingen titles a publication `<dossier title>; <kind>; <subject>`."""
    doc = _read(tmp_path, "kst.html", """<html><head>
<meta name="DC.title" content="Verkiezingen; Brief regering; Voorbereiding gemeenteraadsverkiezingen"></head><body>
<div id="broodtekst" class="stuk"><div class="kamerstuk">
<h1 class="kamerstuktitel">35 165 Verkiezingen</h1>
<h1 class="stuktitel">Nr. 46 BRIEF VAN DE MINISTER VAN BINNENLANDSE ZAKEN EN KONINKRIJKSRELATIES</h1>
<p>Aan de Voorzitter van de Tweede Kamer der Staten-Generaal</p><p>Den Haag, 21 februari 2022</p>
<p>In deze brief informeer ik u over een aantal kiesrechtzaken.</p></div></div></body></html>""")
    assert doc.metadata.title == "Voorbereiding gemeenteraadsverkiezingen"
    assert doc.metadata.kamerstuk == "35 165, nr. 46"


# https://zoek.officielebekendmakingen.nl/kst-21501-02-2602.html: a covering letter signed on one line
# before the report it covers; the page's footnotes in `div#noten` (`X Noot`, number, text).
OB_PAGE = """<html lang="nl"><head><meta name="OVERHEIDop.dossiernummer" content="21501-02">
<meta name="OVERHEIDop.ondernummer" content="2602"></head><body>
<div id="broodtekst" class="stuk"><div class="kamerstuk">
<h1 class="kamerstuktitel">21 501-02 Raad Algemene Zaken en Raad Buitenlandse Zaken</h1>
<h1 class="stuktitel">Nr. 2602 BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN</h1>
<p>Aan de Voorzitter van de Tweede Kamer der Staten-Generaal</p><p>Den Haag, 31 januari 2023</p>
<p>Hierbij bied ik u het verslag aan van de Raad Buitenlandse Zaken van 23 januari 2023.</p>
<p>De Minister van Buitenlandse Zaken, W.B. Hoekstra</p>
<p>VERSLAG RAAD BUITENLANDSE ZAKEN VAN 23 JANUARI 2023</p>
<p class="tussenkop">Russische agressie jegens Oekraïne</p>
<p>De Raad ging akkoord met een zevende tranche militaire steun uit de EPF<sup><a class="nootnum supernote-click-ID-1"
href="#ID-1">1</a></sup>.</p>
</div></div>
<div id="noten"><hr/><div class="voet noot snp-mouseoffset snb-pinned notedefault" id="supernote-note-ID-1">
<h5 class="note-close"><a class="note-close" href="#close-ID-1">X</a> Noot</h5>
<sup><span class="nootnum"><a id="ID-1" name="ID-1"></a>1</span></sup><p>Kamerstuk 21 501-02, nr. 2593.</p>
</div></div></body></html>"""


def test_officielebekendmakingen_page_signature_mid_text_and_noot_block(tmp_path):
    doc = _read(tmp_path, "kst.html", OB_PAGE)
    assert doc.metadata.sender == "Minister van Buitenlandse Zaken"
    assert doc.metadata.kamerstuk == "21 501-02, nr. 2602" and doc.metadata.date == "2023-01-31"
    assert not any("Hoekstra" in p for p in _paragraphs(doc))
    assert [(f.n, f.text) for f in doc.footnotes] == [(1, "Kamerstuk 21 501-02, nr. 2593.")]
    assert not any("Noot" in p for p in _paragraphs(doc))
    steun = next(b for b in doc.blocks if "tranche" in b.text)
    assert steun.footnote_refs == [1] and steun.text.endswith("uit de EPF.")


@pytest.mark.parametrize("signature", ["De Minister van Buitenlandse Zaken, A.G. Koenders",
                                       "De Staatssecretaris van Financiën, M.L.A. van Rij"])
def test_one_line_signature_is_never_body(tmp_path, signature):
    doc = _read(tmp_path, "brief.html", f"""<html><body><main><h1>Titel</h1>
<p>Eerste alinea van de brief.</p><p>{signature}</p><h2>Bijlage bij de brief</h2><p>Tekst van de bijlage.</p>
</main></body></html>""")
    assert signature not in _paragraphs(doc)
    assert doc.metadata.sender == signature.split(",")[0].removeprefix("De ")


# https://www.tweedekamer.nl/kamerstukken/brieven_regering/detail?did=2022D06725&id=2022Z03223 saved as
# HTML: the page's title, buttons and data block stand in plain elements around the document.
TK_SAVED_PAGE = """<html lang="nl"><head><title>Voorbereiding gemeenteraadsverkiezingen | Tweede Kamer</title></head>
<body><div class="page"><div>
<h1>Brief regering : Voorbereiding gemeenteraadsverkiezingen</h1>
<p><a href="#">Preview document</a></p>
<div><p>35 165 Verkiezingen</p>
<p>Nr. 46 BRIEF VAN DE MINISTER VAN BINNENLANDSE ZAKEN EN KONINKRIJKSRELATIES</p>
<p>Aan de Voorzitter van de Tweede Kamer der Staten-Generaal</p><p>Den Haag, 21 februari 2022</p>
<p>In deze brief informeer ik u over een aantal kiesrechtzaken.</p>
<h2>Voorbereiding gemeenteraadsverkiezingen</h2>
<p>In 334 gemeenten vinden gemeenteraadsverkiezingen plaats op 14, 15 en 16 maart aanstaande.</p>
<h2>Stembureauleden</h2><p>Nog niet alle gemeenten hebben voldoende stembureauleden en tellers gevonden.</p></div>
<p><a href="#top">Naar boven</a></p>
<h2>Kerngegevens</h2><p>Nummer: 2022D06725</p><p>Datum: 21 februari 2022</p>
</div></div></body></html>"""


def test_saved_tweedekamer_page_without_chrome_markup(tmp_path):
    doc = _read(tmp_path, "tk.html", TK_SAVED_PAGE)
    assert doc.metadata.title == "Voorbereiding gemeenteraadsverkiezingen"
    assert doc.metadata.kamerstuk == "35 165, nr. 46" and doc.metadata.date == "2022-02-21"
    assert _headings(doc) == [("Voorbereiding gemeenteraadsverkiezingen", 1), ("Stembureauleden", 1)]
    text = " ".join(b.text for b in doc.blocks)
    for chrome in ("Preview document", "Naar boven", "Kerngegevens", "Nummer:", "Brief regering"):
        assert chrome not in text, chrome


# https://zoek.officielebekendmakingen.nl/kst-35165-9.html as publication XML (op-xsd element names; the
# footnote sits inline in its <al> as <noot> with <noot.nr> and <noot.al>, as the publication stores it)
KST_XML = """<?xml version="1.0" encoding="UTF-8"?>
<officiele-publicatie xml:lang="nl">
  <metadata><meta name="OVERHEIDop.dossiernummer" content="35165"/><meta name="OVERHEIDop.ondernummer" content="9"/></metadata>
  <kamerstuk>
    <kamerstukkop><kamer nummer="2"/><vergaderjaar>Vergaderjaar 2018-2019</vergaderjaar></kamerstukkop>
    <dossier><dossiernummer><dossiernr>35165</dossiernr></dossiernummer><titel>Verkiezingen</titel></dossier>
    <stuk>
      <stuknr><ondernummer>9</ondernummer></stuknr>
      <titel>BRIEF VAN DE MINISTER VAN BINNENLANDSE ZAKEN EN KONINKRIJKSRELATIES</titel>
      <brief>
        <aanhef><al>Aan de Voorzitter van de Tweede Kamer der Staten-Generaal</al></aanhef>
        <dagtekening>Den Haag, 14 juni 2019</dagtekening>
        <algemeen>
          <al>In de bijlagen treft u de evaluatie aan, aangevuld met externe rapportages<noot id="n1" type="voet"><noot.nr>1</noot.nr><noot.al>Raadpleegbaar via www.tweedekamer.nl</noot.al></noot>.</al>
          <tussenkop>Europees Parlementsverkiezing</tussenkop>
          <al>Op 23 mei 2019 vond de Europees Parlementsverkiezing plaats.</al>
        </algemeen>
        <slotformule><al>Hoogachtend,</al></slotformule>
        <ondertekening><functie>De Minister van Binnenlandse Zaken en Koninkrijksrelaties,</functie>
          <naam><voorletters>K.H.</voorletters> <achternaam>Ollongren</achternaam></naam></ondertekening>
      </brief>
    </stuk>
  </kamerstuk>
</officiele-publicatie>"""


def test_publication_xml_of_a_kamerstuk_letter(tmp_path):
    doc = _read(tmp_path, "kst.xml", KST_XML)
    meta = doc.metadata
    assert (meta.kamerstuk, meta.date, meta.document_type) == ("35 165, nr. 9", "2019-06-14", "brief")
    assert meta.sender == "Minister van Binnenlandse Zaken en Koninkrijksrelaties"
    assert meta.title == "Verkiezingen"  # no subject in the publication: the dossier title
    assert _headings(doc) == [("Europees Parlementsverkiezing", 1)]
    assert [(f.n, f.text) for f in doc.footnotes] == [(1, "Raadpleegbaar via www.tweedekamer.nl")]
    first = doc.blocks[0]
    assert first.text.endswith("externe rapportages.") and first.footnote_refs == [1]
    assert not any(("Ollongren" in b.text or "Hoogachtend" in b.text) for b in doc.blocks)
