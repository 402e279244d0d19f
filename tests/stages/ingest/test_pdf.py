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


def test_pdf_metadata_beyond_the_gold(letter):
    # title, date, type, sender and kamerstuk are measured against data/gold by tests/evaluate/test_structure.py
    meta = letter.metadata
    assert meta.signatory == "M.C. van der Linden"
    assert meta.pages == len(PdfReader(SAMPLE_PDF).pages)
    assert letter.source == "001_sample_letter.pdf" and letter.provenance.stages == ["ingest"]


def test_pdf_footnotes_are_each_referenced_once_in_order(letter):
    refs = [n for b in letter.blocks for n in b.footnote_refs]
    assert refs == [f.n for f in letter.footnotes] == list(range(1, len(refs) + 1))
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
    assert letter.blocks[0].text.startswith("Hierbij informeer ik uw Kamer")


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
