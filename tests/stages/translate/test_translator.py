"""Translate stage on a tiny real MarianMT checkpoint, with both backends: contract, not English."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from pipeline.document import Document, Footnote, Metadata, Paragraph, Provenance, Section
from pipeline.stages.translate.translator import Translator, translate_document
from tests.conftest import BACKENDS, PROJECT_ROOT, SAMPLE_TXT, CountingBackend, load_tiny_backend

pytestmark = pytest.mark.filterwarnings("ignore:Recommended. pip install sacremoses")


@pytest.fixture(scope="module", params=BACKENDS)
def translator(request, tiny_config):
    backend, spec = load_tiny_backend(tiny_config, "translate", request.param)
    return Translator(backend, spec)


@pytest.fixture(scope="module")
def letter_sentences() -> list[str]:
    """Sentence-like strings of varied length from the sample letter (independent of segment.py)."""
    text = " ".join(SAMPLE_TXT.read_text(encoding="utf-8").split())
    # Short ones only: random tiny models decode to the length limit, which grows with the input.
    return [s for s in re.split(r"(?<=[.!?;])\s+", text) if 3 < len(s) <= 100][:30]


def test_translates_every_string_in_order(translator):
    texts = ["De Europese Raad sprak over Oekraïne.", "Nederland steunt dit.", "De Europese Raad sprak over Oekraïne."]
    out = translator.translate(texts)
    assert len(out) == 3 and all(isinstance(t, str) and t for t in out)
    assert out[0] == out[2]  # identical sources translate identically (translated once)


def test_every_sentence_of_a_letter_in_order(translator, letter_sentences):
    texts = letter_sentences + letter_sentences[:5]  # repeats too
    out = translator.translate(texts)
    assert len(out) == len(texts) and all(isinstance(t, str) and t for t in out)
    assert out[-5:] == out[:5]


class _Echo:
    """A backend whose output names its input: proves the Translator restores input order."""

    def __init__(self, real):
        self.real, self.info, self.position_limit = real, real.info, real.position_limit
        self.calls: list[int] = []

    def token_counts(self, texts):
        return self.real.token_counts(texts)

    def settings(self):
        return {"echo": True}

    def translate_batch(self, texts, *, min_new_tokens=0, max_new_tokens=256):
        self.calls.append(len(texts))
        return [f"<{t}>" for t in texts]


def test_order_is_restored_after_length_sorting(translator, letter_sentences):
    echo = _Echo(translator.backend)
    cfg = translator.cfg.model_copy(update={"sentences_per_call": 8, "max_batch_tokens": 200})
    texts = list(reversed(letter_sentences)) + ["Kort.", letter_sentences[0]]
    assert Translator(echo, cfg).translate(texts) == [f"<{t}>" for t in texts]
    assert len(echo.calls) > 2 and max(echo.calls) <= 8


def test_both_backends_agree_on_shape(tiny_config, letter_sentences):
    outs = []
    for name in BACKENDS:
        backend, spec = load_tiny_backend(tiny_config, "translate", name)
        outs.append(Translator(backend, spec).translate(letter_sentences))
    assert len(letter_sentences) >= 10
    assert [len(o) for o in outs] == [len(letter_sentences)] * 2
    assert all(t for o in outs for t in o)


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


def test_batches_are_length_sorted_within_budget(translator):
    cfg = translator.cfg.model_copy(update={"sentences_per_call": 4, "max_batch_tokens": 60})
    t = Translator(translator.backend, cfg)
    lengths = [5, 40, 3, 12, 12, 70, 1, 9, 20, 20, 20, 8]
    batches = t.plan_batches(lengths)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))  # each input once
    flat = [lengths[i] for b in batches for i in b]
    assert flat == sorted(lengths)
    for b in batches:
        assert len(b) <= 4
        assert len(b) == 1 or len(b) * (max(lengths[i] for i in b) + 1) <= 60  # an oversize input runs alone


def test_repeats_within_and_across_calls_are_translated_once(translator):
    counting = CountingBackend(translator.backend)
    t = Translator(counting, translator.cfg)
    first = t.translate(["Een zin.", "Twee zinnen.", "Een zin.", "Een zin."])
    assert sorted(counting.seen) == ["Een zin.", "Twee zinnen."]
    second = t.translate(["Twee zinnen.", "Drie zinnen.", "Een zin."])  # the next letter
    assert sorted(counting.seen) == ["Drie zinnen.", "Een zin.", "Twee zinnen."]
    assert second[0] == first[1] and second[2] == first[0]
    assert t.stats["memo_hits"] == 2


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
    info = doc.provenance.models["translate"]
    assert info.tiny is True
    assert info.backend == translator.backend.name and info.compute_type and info.device == "cpu"
    assert info.compute_type == ("int8" if info.backend == "ctranslate2" else "float32")
    assert doc.provenance.long_sentence_splits == 0


@pytest.mark.slow
def test_ctranslate2_translation_imports_no_torch(tiny_models, tiny_overrides):
    code = f"""
import sys
from pipeline.config import load_config, resolve_path
from pipeline.models.loading import load_backend
from pipeline.models.resolution import resolve
from pipeline.stages.translate.translator import Translator
cfg = load_config(None, {tiny_overrides!r} + ["translate.backend=ctranslate2", "translate.device=cpu"])
models_dir = resolve_path(cfg.models_dir)
resolved = resolve("translate", cfg.translate, models_dir)
backend = load_backend(resolved, cfg.translate, 2, models_dir)
out = Translator(backend, cfg.translate).translate(["De Raad sprak.", "Nederland steunt dit."])
assert len(out) == 2 and all(out), out
assert "torch" not in sys.modules, "torch imported by a CTranslate2 translation run"
print("ok")
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "ok" in proc.stdout


def test_decoding_budget_never_exceeds_the_decoders_positions(translator):
    """A piece at the input limit asks for ratio × tokens + 10 new tokens, more than the decoder's
    512 positions: the backend cuts the budget instead of crashing the letter (found by the hostile
    corpus: a footnote-like line of 250 tokens failed every letter's translation)."""
    backend = translator.backend
    assert backend.new_token_limits(5, 10_000) == (5, backend.position_limit - 1)
    assert backend.new_token_limits(10_000, 10_000) == (backend.position_limit - 1,) * 2
    piece = " ".join(f"woord{i}" for i in range(200))
    assert translator.max_new_tokens(translator._length(piece)) >= backend.position_limit
    [english] = backend.translate_batch([piece], max_new_tokens=translator.max_new_tokens(translator._length(piece)))
    assert isinstance(english, str)
