"""Ingest of the plain-text sample and of constructed letters: metadata, footnotes, blocks, errors."""

from __future__ import annotations

import hashlib
import re

import pytest

import pipeline
from pipeline.config import load_config
from pipeline.errors import InputError
from pipeline.stages.ingest import SUPPORTED_SUFFIXES, ingest
from pipeline.stages.ingest.metadata import document_type_from, find_dutch_dates, last_dutch_date, recase
from tests.conftest import SAMPLE_TXT

CFG = load_config().ingest

# A word (or closing bracket/period) with digits glued on: what a footnote marker looks like.
GLUED_MARKER = re.compile(r"(?:[a-zà-ÿ]|[a-zà-ÿ][.)]|\)\.)\d{1,2}(?=\s|$|[,.;:)])")


@pytest.fixture(scope="module")
def sample():
    return ingest(SAMPLE_TXT, CFG)


def test_sample_provenance(sample):
    prov = sample.provenance
    assert prov.input_sha256 == hashlib.sha256(SAMPLE_TXT.read_bytes()).hexdigest()
    assert prov.pipeline_version == pipeline.__version__ and prov.stages == ["ingest"]


def test_sample_footnotes_are_each_referenced_once_in_order(sample):
    refs = [n for block in sample.blocks for n in block.footnote_refs]
    assert refs == [f.n for f in sample.footnotes] == list(range(1, len(refs) + 1))
    assert not sample.warnings


def test_sample_body_is_clean(sample):
    texts = [b.text for b in sample.blocks]
    for text in texts:
        assert not GLUED_MARKER.search(text), text
        assert "  " not in text and text == text.strip()
        assert not re.search(r"\w- \w", text.replace("- en ", "").replace("- of ", "")), text
    assert not any("Consilium (europa.eu)" in t for t in texts)  # footnote text is not body


# --- constructed letters ------------------------------------------------------------------------

LETTER = """Tweede Kamer der Staten-Generaal
Vergaderjaar 2023–2024

21 501-20 Europese Raad

Nr. 2100 BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN EN DE MINISTER VAN DEFENSIE

Aan de Voorzitter van de Tweede Kamer der Staten-Generaal

Den Haag, 5 maart 2024

Hierbij ontvangt uw Kamer de geannoteerde agenda voor de bijeenkomst van de
Europese Raad van 21 en 22 maart 2024.1

Oekraïne

De Europese Raad spreekt over de steun aan Oekraïne.

1 Kamerstuk 21 501-20, nr. 2099

De Minister van Buitenlandse Zaken,
H.G.J. Bruins Slot

De Minister van Defensie,
K.H. Ollongren

Bijlage(n): 1
"""


def test_letter_furniture_goes_to_metadata(tmp_path):
    path = tmp_path / "brief.txt"
    path.write_text(LETTER, encoding="utf-8")
    doc = ingest(path, CFG)
    meta = doc.metadata
    assert meta.title == "Europese Raad"
    assert (meta.date, meta.date_source) == ("2024-03-05", "letter")
    assert meta.kamerstuk == "21 501-20, nr. 2100"
    assert meta.document_type == "brief"
    # Several signatories: the offices joined as printed (convention for real documents).
    assert meta.sender == "Minister van Buitenlandse Zaken en Minister van Defensie"
    assert meta.signatory == "H.G.J. Bruins Slot; K.H. Ollongren"
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("paragraph", "Hierbij ontvangt uw Kamer de geannoteerde agenda voor de bijeenkomst van de "
                      "Europese Raad van 21 en 22 maart 2024."),
        ("heading", "Oekraïne"),
        ("paragraph", "De Europese Raad spreekt over de steun aan Oekraïne."),
    ]
    assert doc.blocks[0].footnote_refs == [1]
    assert [(f.n, f.text) for f in doc.footnotes] == [(1, "Kamerstuk 21 501-20, nr. 2099")]


def test_sender_from_nr_line_without_signature(tmp_path):
    path = tmp_path / "brief.txt"
    path.write_text("Nr. 12 BRIEF VAN DE MINISTER-PRESIDENT\n\nAan de Voorzitter van de Tweede Kamer der\n"
                    "Staten-Generaal\n\nHierbij bericht ik u over de stand van zaken.\n", encoding="utf-8")
    doc = ingest(path, CFG)
    assert doc.metadata.sender == "Minister-President"
    assert doc.metadata.kamerstuk == "nr. 12" and doc.metadata.document_type == "brief"
    assert doc.metadata.title is None and doc.metadata.date is None
    assert [b.text for b in doc.blocks] == ["Hierbij bericht ik u over de stand van zaken."]


def test_title_block_with_cp1252_encoding(tmp_path):
    path = tmp_path / "agenda.txt"
    text = ("GEANNOTEERDE AGENDA VOOR DE RAAD\nBUITENLANDSE ZAKEN VAN 22 JANUARI 2024\n\n"
            "De Raad spreekt over Oekraïne.\n")
    path.write_bytes(text.encode("cp1252"))
    doc = ingest(path, CFG)
    assert doc.metadata.title == "GEANNOTEERDE AGENDA VOOR DE RAAD BUITENLANDSE ZAKEN VAN 22 JANUARI 2024"
    assert doc.metadata.document_type == "geannoteerde agenda"
    assert (doc.metadata.date, doc.metadata.date_source) == ("2024-01-22", "title")
    assert doc.blocks[0].text == "De Raad spreekt over Oekraïne."


def test_date_helpers():
    assert find_dutch_dates("RAAD VAN 13, 14 EN 15 DECEMBER 2023") == ["2023-12-13", "2023-12-14", "2023-12-15"]
    assert last_dutch_date("Gymnich van 31 januari tot 1 februari 2024") == "2024-02-01"
    assert last_dutch_date("geen datum in deze titel") is None
    assert find_dutch_dates("op 31 februarie 2024") == []


def test_document_type_cues():
    assert document_type_from("VERSLAG VAN DE EUROPESE RAAD") == "verslag"
    assert document_type_from("Geannoteerde agenda Raad Algemene Zaken") == "geannoteerde agenda"
    assert document_type_from("BRIEF VAN DE MINISTER VAN FINANCIËN") == "brief"
    assert document_type_from(None, "Europese Raad") is None
    assert recase("MINISTER VAN BUITENLANDSE ZAKEN") == "Minister van Buitenlandse Zaken"


# --- input errors -------------------------------------------------------------------------------

def _error(path) -> InputError:
    with pytest.raises(InputError) as info:
        ingest(path, CFG)
    err = info.value
    assert err.stage == "ingest" and err.fix and err.path == str(path)
    return err


def test_empty_and_whitespace_files(tmp_path):
    empty = tmp_path / "leeg.txt"
    empty.write_bytes(b"")
    assert "empty" in _error(empty).message
    blank = tmp_path / "spaties.txt"
    blank.write_text("  \n\n\t \n", encoding="utf-8")
    assert "empty" in _error(blank).message or "whitespace" in _error(blank).message


def test_binary_junk_and_undecodable_text(tmp_path):
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 4)
    assert "binary" in _error(junk).message
    undecodable = tmp_path / "kapot.txt"
    undecodable.write_bytes(b"Tekst met \x81\x8d\x8f\x90\x9d bytes die nergens bestaan.\n")
    assert "utf-8" in _error(undecodable).message


def test_unsupported_suffix_missing_file_and_size_limit(tmp_path):
    docx = tmp_path / "brief.docx"
    docx.write_bytes(b"PK\x03\x04")
    err = _error(docx)
    assert "unsupported" in err.message and all(s in err.fix for s in SUPPORTED_SUFFIXES)
    assert "not found" in _error(tmp_path / "bestaat-niet.txt").message
    big = tmp_path / "groot.txt"
    big.write_text("Een regel tekst.\n" * 200, encoding="utf-8")
    with pytest.raises(InputError, match="max_file_mb"):
        ingest(big, CFG.model_copy(update={"max_file_mb": 0.001}))


def test_title_only_file_has_no_body(tmp_path):
    path = tmp_path / "titel.txt"
    path.write_text("Den Haag, 31 januari 2024\n", encoding="utf-8")
    assert "no body text" in _error(path).message


def test_header_between_the_halves_of_a_paragraph_is_removed_and_paragraph_rebuilt(tmp_path):
    # Two pages only: the running header is not "repeated enough", but it is unmistakable furniture.
    page1 = ("Tweede Kamer der Staten-Generaal\n\nNr. 3 BRIEF VAN DE STAATSSECRETARIS VAN FINANCIËN\n\n"
             "Den Haag, 2 februari 2024\n\nDe eerste alinea loopt door op de\n")
    page2 = ("Tweede Kamer, vergaderjaar 2023–2024, 36 200, nr. 3 2\n\nvolgende pagina en eindigt daar.\n\n"
             "De Staatssecretaris van Financiën,\nA.B. de Vries\n")
    path = tmp_path / "twee.txt"
    path.write_text(page1 + "\f" + page2, encoding="utf-8")
    doc = ingest(path, CFG)
    assert [b.text for b in doc.blocks] == ["De eerste alinea loopt door op de volgende pagina en eindigt daar."]
    assert doc.metadata.kamerstuk == "36 200, nr. 3"
    assert doc.metadata.sender == "Staatssecretaris van Financiën"
    assert doc.metadata.signatory == "A.B. de Vries"
    assert (doc.metadata.date, doc.metadata.date_source) == ("2024-02-02", "letter")


def test_document_type_is_read_from_the_start_only():
    assert document_type_from("Uitvoering van de motie over onderzeese kabels") is None
    assert document_type_from("BRIEF VAN DE MINISTER", "VERSLAG VAN EEN OVERLEG") == "brief"
    assert document_type_from("Kamerbrief over de stand van zaken") == "brief"


def test_impossible_dates_are_ignored():
    assert find_dutch_dates("op 31 februari 2024 en 29 februari 2024") == ["2024-02-29"]


def test_ministry_letter_head_with_subject_and_salutation(tmp_path):
    path = tmp_path / "ministerie.txt"
    path.write_text("Datum 12 maart 2024\nBetreft Verslag van de Raad Buitenlandse Zaken\nOns kenmerk BZ-2024-77\n\n"
                    "Geachte voorzitter,\n\nHierbij ontvangt u het verslag.\n\nMet vriendelijke groet,\n\n"
                    "De Minister van Buitenlandse Zaken,\n\nJ. Jansen\n", encoding="utf-8")
    doc = ingest(path, CFG)
    meta = doc.metadata
    assert meta.title == "Verslag van de Raad Buitenlandse Zaken" and meta.document_type == "verslag"
    assert (meta.date, meta.date_source) == ("2024-03-12", "letter")
    assert meta.sender == "Minister van Buitenlandse Zaken" and meta.signatory == "J. Jansen"
    assert [b.text for b in doc.blocks] == ["Hierbij ontvangt u het verslag."]


# --- ministry letter head, signature, document type ---------------------------------------------

MINISTRY_LETTER = """> Retouradres Postbus 20401 2500 EK Den Haag

De Voorzitter van de Tweede Kamer
der Staten-Generaal
Postbus 20018
2500 EA  DEN HAAG

Datum
12 juni 2024
Betreft
Stand van zaken
netcongestie

Ons kenmerk
DGKE / 24123456
Bijlage(n)
2

Geachte voorzitter,

Met deze brief informeer ik uw Kamer over de netcongestie in de provincies.

Hoogachtend,

de minister van Klimaat, Energie en Groene Groei,



A.B. Jansen
"""


def test_ministry_letter_head_is_furniture_and_metadata(tmp_path):
    path = tmp_path / "ministerie.txt"
    path.write_text(MINISTRY_LETTER, encoding="utf-8")
    doc = ingest(path, CFG)
    meta = doc.metadata
    assert meta.title == "Stand van zaken netcongestie"
    assert (meta.date, meta.date_source) == ("2024-06-12", "letter")
    assert meta.document_type == "brief"  # salutation and closing formula, no other type named
    assert meta.sender == "Minister van Klimaat, Energie en Groene Groei"
    assert meta.signatory == "A.B. Jansen"
    assert meta.kamerstuk is None
    assert [b.text for b in doc.blocks] == [
        "Met deze brief informeer ik uw Kamer over de netcongestie in de provincies."]


def test_addressee_with_street_and_fields_on_one_line_each(tmp_path):
    path = tmp_path / "ministerie.txt"
    path.write_text("Aan de Voorzitter van de Tweede Kamer\nder Staten-Generaal\nBinnenhof 4\n2513 AA  Den Haag\n\n"
                    "Datum 3 juli 2024\nBetreft Opvolging van de motie over kabels\nUw kenmerk 2024Z01234\n\n"
                    "Geachte voorzitter,\n\nIn deze brief ga ik in op de motie.\n\nMet vriendelijke groet,\n\n"
                    "DE STAATSSECRETARIS VAN FINANCIËN,\n\nE. Heinen\n", encoding="utf-8")
    meta = ingest(path, CFG).metadata
    assert meta.title == "Opvolging van de motie over kabels" and meta.date == "2024-07-03"
    assert meta.sender == "Staatssecretaris van Financiën" and meta.signatory == "E. Heinen"


def test_signer_line_inside_a_sentence_is_not_a_signature(tmp_path):
    path = tmp_path / "brief.txt"
    path.write_text("Geachte voorzitter,\n\nDit onderwerp heb ik besproken met\nde minister van Financiën,\n"
                    "die het voorstel steunt.\n", encoding="utf-8")
    doc = ingest(path, CFG)
    assert doc.metadata.sender is None
    assert [b.text for b in doc.blocks] == ["Dit onderwerp heb ik besproken met de minister van Financiën, "
                                            "die het voorstel steunt."]


def test_signature_office_in_any_case_with_a_comma_inside(tmp_path):
    path = tmp_path / "brief.txt"
    path.write_text("Geachte voorzitter,\n\nHierbij stuur ik u de stukken.\n\n"
                    "de staatssecretaris van Volksgezondheid, Welzijn en Sport,\nmr. C.D. de Groot\n", encoding="utf-8")
    meta = ingest(path, CFG).metadata
    assert meta.sender == "Staatssecretaris van Volksgezondheid, Welzijn en Sport"
    assert meta.signatory == "mr. C.D. de Groot"


def test_document_without_letter_formulas_gets_no_type(tmp_path):
    path = tmp_path / "notitie.txt"
    path.write_text("Notitie over de planning\n\nDe planning wordt in mei herzien.\n", encoding="utf-8")
    assert ingest(path, CFG).metadata.document_type is None


def test_running_kamerstuk_header_without_form_feeds_names_the_dossier(tmp_path):
    # Pages joined by a blank line; the running header (page number first) is on one page only.
    path = tmp_path / "twee.txt"
    path.write_text("Nr. 5 BRIEF VAN DE MINISTER VAN DEFENSIE\n\nDen Haag, 2 mei 2024\n\n"
                    "De eerste alinea loopt door op de\n\n"
                    "2 Tweede Kamer, vergaderjaar 2023–2024, 36 100, nr. 5\n\n"
                    "volgende pagina en eindigt daar.\n", encoding="utf-8")
    doc = ingest(path, CFG)
    assert [b.text for b in doc.blocks] == ["De eerste alinea loopt door op de volgende pagina en eindigt daar."]
    assert doc.metadata.kamerstuk == "36 100, nr. 5"
