"""PDF ingest: the generated sample letter, and encrypted / image-only / corrupt PDFs."""

from __future__ import annotations

import importlib.util
import re

import pytest
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from pipeline.config import load_config
from pipeline.errors import InputError
from pipeline.stages.ingest import ingest
from tests.conftest import PROJECT_ROOT, SAMPLES

CFG = load_config().ingest
SAMPLE_PDF = SAMPLES / "001_sample_letter.pdf"


def _load_generator():
    spec = importlib.util.spec_from_file_location("make_sample_pdf", PROJECT_ROOT / "scripts" / "make_sample_pdf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def letter():
    return ingest(SAMPLE_PDF, CFG)


def test_pdf_metadata(letter):
    meta = letter.metadata
    assert (meta.date, meta.date_source) == ("2024-01-31", "letter")
    assert meta.sender == "Minister van Buitenlandse Zaken"
    assert meta.signatory == "M.C. van der Linden"
    assert meta.kamerstuk == "36 512, nr. 7"
    assert meta.pages == 3
    assert meta.document_type == "brief"
    assert meta.title == "Bescherming van kritieke onderzeese infrastructuur"
    assert letter.source == "001_sample_letter.pdf" and letter.provenance.stages == ["ingest"]


def test_pdf_footnotes(letter):
    assert [f.n for f in letter.footnotes] == [1, 2, 3, 4]
    notes = {f.n: f.text for f in letter.footnotes}
    assert notes[1] == "Kamerstuk 21 501-02, nr. 2812 (verslag van het commissiedebat van 12 december 2023)"
    assert notes[2] == ("Richtlijn (EU) 2022/2557 betreffende de weerbaarheid van kritieke entiteiten en Richtlijn "
                        "(EU) 2022/2555 (NIS2) over maatregelen voor een hoge gemeenschappelijke cyberbeveiliging")
    assert notes[4].startswith("Zie https://www.noordzeeoverleg.nl/werkagenda-2024")
    assert [n for b in letter.blocks for n in b.footnote_refs] == [1, 2, 3, 4]
    assert not letter.warnings


def test_pdf_blocks_have_no_furniture(letter):
    texts = [b.text for b in letter.blocks]
    for text in texts:
        assert "Tweede Kamer der Staten-Generaal" not in text
        assert not re.fullmatch(r"\d+", text)
        assert not re.search(r"\s\d\s*$", text), text  # no page number stuck to a paragraph end
        assert not re.search(r"[a-z][.)]?\d(?=\s|$)", text), text  # no glued marker
        for furniture in ("Nr. 7", "BRIEF VAN", "Aan de Voorzitter", "Den Haag,", "M.C. van der Linden",
                          "De Minister van Buitenlandse Zaken,"):
            assert furniture not in text
    assert [b.text for b in letter.blocks if b.kind == "heading"] == [
        "Dreigingsbeeld", "Samenwerking in EU- en NAVO-verband",
        "Zee-ecosystemen en duurzaam gebruik van de Noordzee", "Vervolg"]
    assert letter.blocks[0].text.startswith("Hierbij informeer ik uw Kamer")


def test_pdf_hyphenation_and_page_breaks(letter):
    body = "\n".join(b.text for b in letter.blocks)
    for expected in ("met het ministerie van Infrastructuur", "snelle informatie-uitwisseling",
                     "kwetsbare zee-ecosystemen", "andere NAVO-bondgenoten", "de Noord-Atlantische Verdragsorganisatie",
                     "bescherming van energie- en telecomkabels", "inlichtingen- en veiligheidsdiensten",
                     "de Nord Stream-pijpleidingen",
                     # paragraphs that cross page breaks, once mid-sentence and once mid-word
                     "de weerbaarheid van kritieke entiteiten", "beter worden onderzocht. Het Noordzeeoverleg",
                     # body lines that start with a number after a marker was seen
                     "werkagenda voor 2024. De Staatssecretaris", "op 4 april 2024 een oefening"):
        assert expected in body, expected
    assert "NIS2 richtlijn" in body  # digits after a capital are not a marker


def test_generator_is_deterministic_and_matches_the_sample():
    generator = _load_generator()
    first, second = generator.build_pdf(), generator.build_pdf()
    assert first == second
    assert len(PdfReader(SAMPLE_PDF).pages) == len(generator.PAGES)


def test_encrypted_pdf_is_an_input_error(tmp_path):
    writer = PdfWriter(clone_from=PdfReader(SAMPLE_PDF))
    writer.encrypt("geheim", owner_password="eigenaar")
    path = tmp_path / "versleuteld.pdf"
    writer.write(path)
    with pytest.raises(InputError) as info:
        ingest(path, CFG)
    assert "encrypted" in info.value.message and "decrypt" in info.value.fix
    assert info.value.stage == "ingest" and info.value.path == str(path)


def test_pdf_with_only_an_owner_password_is_read(tmp_path):
    writer = PdfWriter(clone_from=PdfReader(SAMPLE_PDF))
    writer.encrypt("", owner_password="eigenaar")  # permissions only: opens without a password
    path = tmp_path / "rechten.pdf"
    writer.write(path)
    assert ingest(path, CFG).metadata.date == "2024-01-31"


def test_pdf_without_text_layer_needs_ocr(tmp_path):
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    path = tmp_path / "scan.pdf"
    path.write_bytes(bytes(pdf.output()))
    with pytest.raises(InputError) as info:
        ingest(path, CFG)
    assert "OCR" in info.value.message and "ocrmypdf" in info.value.fix


@pytest.mark.parametrize("data", [b"%PDF-1.4 this is not really a pdf", b"not a pdf at all, just text"])
def test_corrupt_pdf_is_an_input_error(tmp_path, data):
    path = tmp_path / "kapot.pdf"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        ingest(path, CFG)
    assert "corrupt" in info.value.message and info.value.fix and info.value.stage == "ingest"


def test_truncated_pdf_is_an_input_error(tmp_path):
    path = tmp_path / "afgebroken.pdf"
    path.write_bytes(SAMPLE_PDF.read_bytes()[:2000])
    with pytest.raises(InputError):
        ingest(path, CFG)
