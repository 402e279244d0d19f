"""Translate stage on a tiny real MarianMT checkpoint: contract, not English."""

from __future__ import annotations

import pytest

from pipeline import models
from pipeline.document import Document, Footnote, Metadata, Paragraph, Provenance, Section
from pipeline.translate import MarianTranslator, _best_cut, translate_document

pytestmark = pytest.mark.filterwarnings("ignore:Recommended. pip install sacremoses")


@pytest.fixture(scope="module")
def translator(tiny_config):
    resolved = models.resolve("translate", tiny_config.translate, models.resolve_path(tiny_config.models_dir))
    model, tokenizer = models.load_seq2seq(resolved, "cpu")
    return MarianTranslator(model, tokenizer, tiny_config.translate, resolved.info())


def test_translates_every_string_in_order(translator):
    texts = ["De Europese Raad sprak over Oekraïne.", "Nederland steunt dit.", "De Europese Raad sprak over Oekraïne."]
    out = translator.translate(texts)
    assert len(out) == 3 and all(isinstance(t, str) and t for t in out)
    assert out[0] == out[2]  # identical sources translate identically (translated once)


def test_bare_url_is_kept_verbatim(translator):
    url = "https://www.consilium.europa.eu/media/68901/st00023-en23.pdf"
    assert translator.translate([url]) == [url]


def test_long_sentence_is_split_not_truncated(tiny_config, translator):
    long = ", ".join(["de Raad besprak de steun aan Oekraïne en de uitbreiding van de Unie"] * 40) + "."
    assert translator._length(long) > translator.max_input_tokens
    pieces = translator._split_long(long)
    assert len(pieces) > 1
    assert all(translator._length(p) <= translator.max_input_tokens for p in pieces)
    assert " ".join(pieces).split() == long.split()  # nothing lost in the split
    before = translator.long_sentence_splits
    [english] = translator.translate([long])
    assert english and translator.long_sentence_splits == before + 1


def test_best_cut_prefers_clause_boundary():
    text = "Het kabinet steunt dit voorstel, omdat het de steun aan Oekraïne versterkt"
    cut = _best_cut(text)
    assert text[:cut].endswith(",")


def test_translate_document_fills_every_field(translator):
    doc = Document(source="x.txt", metadata=Metadata(title="Verslag van de Raad"),
                   provenance=Provenance(pipeline_version="t"), sections=[
        Section(id="s1", heading=None, level=1, paragraphs=[Paragraph(text="Een. Twee.", sentences=["Een.", "Twee."])]),
        Section(id="s2", heading="Migratie", level=1, paragraphs=[Paragraph(text="Drie.", sentences=["Drie."])]),
        Section(id="s3", heading="Leeg", level=1),
    ], footnotes=[Footnote(n=1, text="Kamerstuk 21 501-20 nr. 2003")])
    doc = translate_document(doc, translator)
    assert doc.metadata.title_en
    assert doc.sections[0].heading_en is None
    assert doc.sections[1].heading_en and doc.sections[2].heading_en
    for section in doc.sections:
        for p in section.paragraphs:
            assert len(p.sentences_en) == len(p.sentences)
            assert p.text_en == " ".join(p.sentences_en)
    assert doc.footnotes[0].text_en
    assert doc.provenance.models["translate"].tiny is True
    assert doc.provenance.long_sentence_splits == 0
    assert "translate" in doc.provenance.stages
