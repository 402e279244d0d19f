"""pipeline.document: the one typed Document — strict fields, checked on assignment, a JSON shape that
reads back the same, and the ingest blocks never serialised."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from pipeline.document import Block, Document, Footnote, Metadata, Paragraph, Provenance, Section


def _doc() -> Document:
    return Document(
        source="brief.txt", metadata=Metadata(title="Titel", date="2024-01-31"),
        provenance=Provenance(pipeline_version="t", stages=["ingest", "segment"]),
        footnotes=[Footnote(n=1, text="Kamerstuk 21 501-20, nr. 2")],
        sections=[Section(id="s1", heading=None, level=1,
                          paragraphs=[Paragraph(text="Een. Twee.", sentences=["Een.", "Twee."])]),
                  Section(id="s2", heading="Kop", level=1),
                  Section(id="s3", heading="Sub", level=2, parent="s2",
                          paragraphs=[Paragraph(text="Drie.", sentences=["Drie."], text_en="Three.")])],
        blocks=[Block(kind="paragraph", text="Een. Twee.")])


def test_json_reads_back_the_same_document_without_the_ingest_blocks():
    doc = _doc()
    data = json.loads(doc.to_json())
    assert "blocks" not in data
    again = Document.model_validate_json(doc.to_json())
    assert again.model_dump() == doc.model_dump() and again.blocks == []


def test_unknown_fields_and_wrong_values_are_refused():
    with pytest.raises(ValidationError):
        Metadata(titel="typo")
    with pytest.raises(ValidationError):
        Block(kind="table", text="x")
    section = Section(id="s1", heading=None, level=1)
    with pytest.raises(ValidationError):  # checked on assignment too, not only at construction
        section.role = "opinion"


def test_sections_with_text_and_sentences_in_reading_order():
    doc = _doc()
    assert [s.id for s in doc.content_sections()] == ["s1", "s3"]
    assert list(doc.iter_sentences()) == ["Een.", "Twee.", "Drie."]


def test_section_english_text_only_when_every_paragraph_is_translated():
    doc = _doc()
    assert doc.sections[2].text_en == "Three." and doc.sections[0].text_en is None
    assert doc.sections[0].text == "Een. Twee."
    doc.sections[0].paragraphs.append(Paragraph(text="Vier."))
    assert doc.sections[0].text == "Een. Twee.\n\nVier."


def test_fields_a_command_did_not_compute_are_null():
    data = json.loads(Document(source="x", provenance=Provenance(pipeline_version="t")).to_json())
    assert data["summary_en"] is None and data["metadata"]["title"] is None and data["sections"] == []
