"""Summarize stage on a tiny real BART checkpoint (256-token limit), with both backends: chunking,
never truncation."""

from __future__ import annotations

import pytest

from pipeline.document import Document, Paragraph, Provenance, Section
from pipeline.stages.summarize import Summarizer, summarize_document
from tests.conftest import BACKENDS, load_tiny_backend


@pytest.fixture(scope="module", params=BACKENDS)
def summarizer(request, tiny_config):
    backend, spec = load_tiny_backend(tiny_config, "summarize", request.param)
    return Summarizer(backend, spec)


PARAGRAPH = ("The European Council discussed support for Ukraine and agreed to open accession "
             "negotiations. The Netherlands called for a merit-based process. ")


def test_chunks_fit_and_keep_every_word(summarizer):
    paragraphs = [PARAGRAPH * 3] * 6 + ["word " * 600]  # the last one has no sentence boundary
    chunks = summarizer.chunk(paragraphs)
    assert len(chunks) > 1
    assert all(summarizer._length(c) <= summarizer.max_input_tokens for c in chunks)
    assert " ".join(chunks).split() == " ".join(paragraphs).split()


def test_short_text_is_one_chunk(summarizer):
    assert summarizer.chunk([PARAGRAPH]) == [PARAGRAPH]


def test_summarize_many_keeps_order_and_counts_chunks(summarizer):
    docs = [[PARAGRAPH], [PARAGRAPH * 8] * 4, []]
    results = summarizer.summarize_many(docs, 5, 20)
    assert len(results) == 3
    assert results[0][1] == 1 and results[0][0]
    assert results[1][1] > 1 and results[1][0]
    assert results[2] == ("", 0)


def test_summarize_document(summarizer):
    long_par = Paragraph(text="x", sentences=["x"], sentences_en=["x"], text_en=PARAGRAPH * 12)
    doc = Document(source="x.txt", provenance=Provenance(pipeline_version="t"), sections=[
        Section(id="s1", heading="A", level=1, paragraphs=[long_par, long_par]),
        Section(id="s2", heading="B", level=1),
        Section(id="s3", heading="C", level=2, parent="s2",
                paragraphs=[Paragraph(text="y", sentences=["y"], sentences_en=["y"], text_en=PARAGRAPH)]),
    ])
    doc = summarize_document(doc, summarizer)
    assert doc.sections[0].summary_en and doc.sections[0].summary_chunks > 1
    assert doc.sections[1].summary_en is None  # no text of its own
    assert doc.sections[2].summary_en and doc.sections[2].summary_chunks == 1
    assert doc.summary_en
    assert doc.provenance.summary_chunked_sections == 1
    # The guards ran on every summary and left one per section with text (tiny-model output is
    # nonsense, so it is often dropped and replaced by the extractive fallback, never by nothing).
    assert doc.sections[0].summary_guard is not None and doc.sections[2].summary_guard is not None
    assert doc.sections[1].summary_guard is None
    assert doc.provenance.summary_guard is not None and doc.provenance.summary_guard.letter is not None
    assert doc.provenance.models["summarize"].tiny
    assert doc.provenance.models["summarize"].backend == summarizer.backend.name
