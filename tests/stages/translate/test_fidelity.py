"""Fidelity checks (pipeline/stages/translate/fidelity.py) through the real Translator, with scripted backends (exact
outputs, no model) and the tiny checkpoints on both engines (contract only)."""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest

from pipeline.models.backends import Decoding
from pipeline.models.cache import TranslationCache
from pipeline.config import load_config
from pipeline.models.deadline import DeadlineBackend
from pipeline.document import Document, Footnote, Metadata, ModelInfo, Paragraph, Provenance, Section
from pipeline.errors import ConfigError
from pipeline.stages.translate.fidelity import (CheckedTranslator, Glossary, Term, length_problem, load_glossary,
                               translate_document_checked)
from pipeline.render.markdown import render_markdown
from pipeline.text.facts import dutch_facts, missing_facts
from pipeline.text.repetition import repetition_loop
from pipeline.stages.translate.translator import Translator
from tests.conftest import BACKENDS, load_tiny_backend

pytestmark = pytest.mark.filterwarnings("ignore:Recommended. pip install sacremoses")

GLOSSARY = [Term("Tweede Kamer", "House of Representatives", ("Second Chamber", "Lower House")),
            Term("Uw Kamer", "the House", ("your House", "your Chamber")),
            Term("Minister-President", "Prime Minister", ("Prime Minister-President", "Minister-President")),
            Term("kabinet", "government", ("Cabinet",)),
            Term("motie", "motion", ("resolution",))]


class Scripted:
    """A backend that answers from a script: {model input: output}, or {model input: {(beams,
    no_repeat_ngram_size): output}} to answer differently per decoding; unscripted inputs are echoed.
    Records every call as (decoding, inputs); `decoding=False`: a backend whose decoding cannot change."""

    name = "scripted"

    def __init__(self, script: dict | None = None, num_beams: int = 4, decoding: bool = True) -> None:
        self.script = script or {}
        self.decoding = Decoding(num_beams) if decoding else None
        self.info = ModelInfo(id="scripted", backend="scripted")
        self.position_limit = 512
        self.calls: list[tuple[tuple[int, int] | None, list[str]]] = []

    @property
    def inputs(self) -> list[str]:
        return [t for _, texts in self.calls for t in texts]

    def token_counts(self, texts):
        return [len(t.split()) for t in texts]

    def settings(self):
        d = self.decoding
        return {"backend": "scripted", "decoding": d.as_dict() if d else None}

    def with_decoding(self, **settings):
        clone = copy.copy(self)  # the same script and call record
        clone.decoding = replace(self.decoding, **settings)
        return clone

    def translate_batch(self, texts, *, min_new_tokens=0, max_new_tokens=256):
        d = self.decoding
        key = (d.num_beams, d.no_repeat_ngram_size) if d else None
        self.calls.append((key, list(texts)))
        out = []
        for t in texts:
            answer = self.script.get(t, t)
            out.append(answer.get(key, t) if isinstance(answer, dict) else answer)
        return out


@pytest.fixture(scope="module")
def cfg():
    return load_config(None, ["translate.glossary=null"]).translate


def checker(cfg, backend, mode="repair", cache=None, glossary=GLOSSARY):
    tcfg = cfg.model_copy(update={"glossary_mode": mode})
    return CheckedTranslator(Translator(backend, tcfg, cache), tcfg, glossary)


SOURCE = "De Tweede Kamer ontvangt 5 miljard euro, zie Kamerstuk 21 501-20, nr. 2003."


def test_protect_keeps_term_amount_and_reference(cfg):
    model_input = "De ZX1QZ ontvangt 5 miljard euro, zie Kamerstuk ZX2QZ."
    backend = Scripted({model_input: "The ZX1QZ receives 5 billion euros, see Parliamentary Paper ZX2QZ."})
    c = checker(cfg, backend, "protect")
    assert c.translate([SOURCE]) == ["The House of Representatives receives 5 billion euros, see Parliamentary "
                                     "Paper 21 501-20, nr. 2003."]
    assert backend.inputs == [model_input]  # the model never saw the term or the reference
    result = c.results[SOURCE]
    assert result.problems == [] and result.inserted == 1 and not result.retried


def test_bare_references_skip_the_model(cfg):
    backend = Scripted()
    texts = ["https://www.tweedekamer.nl/kamerstukken/a?id=2024D1", "21 501-20, nr. 2003"]
    assert checker(cfg, backend, "protect").translate(texts) == texts
    assert backend.calls == []


def test_protect_capitalises_a_term_at_sentence_start(cfg):
    backend = Scripted({"ZX1QZ heeft de ZX2QZ aangenomen.": "ZX1QZ adopted the ZX2QZ."})
    c = checker(cfg, backend, "protect")
    assert c.translate(["Uw Kamer heeft de motie aangenomen."]) == ["The House adopted the motion."]


def test_repair_mode_references_are_placeholders_terms_are_repaired(cfg):
    model_input = "De Tweede Kamer ontvangt 5 miljard euro, zie Kamerstuk ZX1QZ."
    backend = Scripted({model_input: "The Second Chamber receives €5 billion, see Kamerstuk ZX1QZ."})
    c = checker(cfg, backend, "repair")
    assert c.translate([SOURCE]) == ["The House of Representatives receives €5 billion, see Kamerstuk "
                                     "21 501-20, nr. 2003."]
    assert backend.inputs == [model_input] and c.results[SOURCE].repairs == 1


def test_repair_is_case_preserving_and_longest_first(cfg):
    src = "Het kabinet en de Minister-President steunen de motie."
    backend = Scripted({src: "Cabinet and the Prime Minister-President support the resolution; the Cabinet agrees."})
    c = checker(cfg, backend)
    assert c.translate([src]) == ["Government and the Prime Minister support the motion; the government agrees."]
    assert c.results[src].repairs == 4 and c.results[src].problems == []


def test_variants_of_terms_not_in_the_source_are_left_alone(cfg):
    src = "Het overleg was goed."
    c = checker(cfg, Scripted({src: "The Cabinet meeting was good."}))
    assert c.translate([src]) == ["The Cabinet meeting was good."]


def test_missing_glossary_form_is_flagged(cfg):
    src = "De Tweede Kamer stemde in."
    c = checker(cfg, Scripted({src: "The parliament agreed."}))
    assert c.translate([src]) == ["The parliament agreed."]
    assert c.results[src].problems == [("glossary", "'Tweede Kamer' should read 'House of Representatives'")]


def test_lost_placeholder_falls_back_to_repair_and_flags(cfg):
    src = "De Tweede Kamer stemde in."
    backend = Scripted({"De ZX1QZ stemde in.": "The ZX agreed.", src: "The Lower House agreed."})
    c = checker(cfg, backend, "protect")
    assert c.translate([src]) == ["The House of Representatives agreed."]
    r = c.results[src]
    assert r.fallback and r.repairs == 1
    assert [k for k, _ in r.problems] == ["glossary"] and "placeholder lost" in r.problems[0][1]


def test_dropped_amount_is_retried_with_other_decoding_then_flagged(cfg):
    src = "Het kabinet trekt 5 miljard euro uit voor 2024."
    backend = Scripted({src: {(4, 0): "The government is allocating euros for 2024.",
                              (1, 0): "The government is allocating money for 2024."}})
    c = checker(cfg, backend)
    assert c.translate([src]) == ["The government is allocating euros for 2024."]
    assert [key for key, _ in backend.calls] == [(4, 0), (1, 0)]  # beam, then greedy
    r = c.results[src]
    assert r.retried and not r.retry_fixed
    assert r.problems == [("number", "number '5 miljard' not found in the translation")]


def test_retry_that_restores_the_amount_is_kept(cfg):
    src = "Het kabinet trekt 1,2 miljard euro uit."
    backend = Scripted({src: {(4, 0): "The government is allocating 1.2 million euros.",
                              (1, 0): "The government is allocating EUR 1.2 billion."}})
    c = checker(cfg, backend)
    assert c.translate([src]) == ["The government is allocating EUR 1.2 billion."]
    assert c.results[src].retry_fixed and c.results[src].problems == []


def test_repetition_loop_is_retried_with_no_repeat_ngrams(cfg):
    src = "De Raad sprak over de steun aan Oekraïne."
    loop = "The Council talked about support for support for support for support for Ukraine."
    backend = Scripted({src: {(4, 0): loop, (4, 3): "The Council discussed support for Ukraine."}})
    c = checker(cfg, backend)
    assert c.translate([src]) == ["The Council discussed support for Ukraine."]
    assert [key for key, _ in backend.calls] == [(4, 0), (4, 3)]
    assert c.results[src].retry_fixed


def test_without_decoding_control_the_retry_splits_at_a_clause_boundary(cfg):
    src = "Het kabinet steunt dit voorstel van 5 miljard, omdat het de steun aan Oekraïne versterkt."
    left, right = "Het kabinet steunt dit voorstel van 5 miljard,", "omdat het de steun aan Oekraïne versterkt."
    backend = Scripted({src: "The government supports this proposal.",
                        left: "The government supports this proposal of 5 billion,",
                        right: "because it strengthens support for Ukraine."}, decoding=False)
    c = checker(cfg, backend)
    assert c.translate([src]) == ["The government supports this proposal of 5 billion, because it strengthens "
                                  "support for Ukraine."]
    assert sorted(backend.calls[1][1]) == sorted([left, right]) and c.results[src].retry_fixed


def test_degenerate_that_stays_degenerate_is_flagged(cfg):
    src = "De Europese Raad sprak uitgebreid over de situatie."
    backend = Scripted({src: {(4, 0): "war war war war war", (4, 3): "war war war war war"}})
    c = checker(cfg, backend)
    c.translate([src])
    kinds = [k for k, _ in c.results[src].problems]
    assert kinds == ["degenerate", "degenerate"]  # the loop and the length ratio
    assert c.results[src].retried and not c.results[src].retry_fixed


def test_cache_holds_main_and_retry_translations(cfg, tmp_path):
    src = "Het kabinet trekt 5 miljard euro uit."
    script = {src: {(4, 0): "The government allocates euros.", (1, 0): "The government allocates 5 billion."}}
    with TranslationCache(tmp_path / "c.sqlite") as cache:
        first = Scripted(script)
        assert checker(cfg, first, cache=cache).translate([src]) == ["The government allocates 5 billion."]
        assert len(first.calls) == 2 and len(cache) == 2  # one entry per decoding namespace
        second = Scripted(script)  # a new process: memo empty, cache full
        c = checker(cfg, second, cache=cache)
        assert c.translate([src]) == ["The government allocates 5 billion."]
        assert second.calls == [] and c.results[src].retry_fixed


def test_retry_goes_through_a_deadline_wrapper():
    inner = Scripted()
    wrapped = DeadlineBackend(inner, "translate")
    clone = wrapped.with_decoding(num_beams=1)
    assert clone.decoding == Decoding(1) and wrapped.decoding == Decoding(4)  # the original is untouched
    assert isinstance(clone, DeadlineBackend)  # still checks the letter's deadline
    clone.translate_batch(["x"])
    assert inner.calls == [((1, 0), ["x"])]


@pytest.mark.parametrize("source, target, lost", [
    ("Het gaat om 1,2 miljard euro.", "It is EUR 1.2 billion.", []),
    ("Het gaat om 1,2 miljard euro.", "It is EUR 1.2 million.", ["1,2 miljard"]),
    ("Een stijging van 3,5 procent in 2023.", "An increase of 3.5 percent in 2023.", []),
    ("Een stijging van 3,5% in 2023.", "An increase of 3,5% in 2022.", ["2023"]),
    ("Er is 1.500 miljoen euro.", "There is 1,500 million euro.", []),
    ("Op 15 december 2023 en in maart.", "On December 15, 2023 and in March.", []),
    ("Op 15 december 2023 en in maart.", "On 15th of December 2023 and in May.", ["maart"]),
    ("Op 14 december besloot de Raad.", "On 15 December the Council decided.", ["14 december"]),
    ("Drie lidstaten, 3 in totaal.", "Three Member States, three in total.", []),
    ("De 1e lezing.", "The first reading.", []),
    ("Zie https://www.eerstekamer.nl/x?a=1.", "See https://www.eerstekamer.nl/x?a=1.", []),
    ("Zie Kamerstuk 36 410-V, nr. 5.", "See Parliamentary Paper 36 410-V, no. 5.", ["36 410-V, nr. 5"]),
])
def test_numbers_dates_and_references_are_normalised(source, target, lost):
    assert [f.text for f in missing_facts(dutch_facts(source), target)] == lost


def test_repetition_and_length_checks():
    assert repetition_loop("aanvallen aanvallen aanvallen aanvallen under") == '"aanvallen" repeated 4 times'
    assert repetition_loop("of the Council of the Council of the Council of the EU") is not None
    assert repetition_loop("It is very, very good.") is None
    assert repetition_loop("ja ja ja ja", source="ja ja ja ja") is None  # as in the source
    assert length_problem("Yes.", "Dit is een lange Nederlandse zin over beleid.", [0.5, 2.5])
    assert length_problem("Ja.", "Ja.", [0.5, 2.5]) is None  # short strings vary too much


def test_document_flags_provenance_and_note(cfg):
    bad = "Het kabinet trekt 5 miljard euro uit."
    backend = Scripted({bad: "The government is allocating euros.", "Een zin.": "A sentence.",
                        "Hoofdstuk 3": "Chapter 4", "Het overleg.": "The meeting."})
    doc = Document(source="x.txt", metadata=Metadata(title="Het overleg."), provenance=Provenance(pipeline_version="t"),
                   sections=[Section(id="s1", heading="Hoofdstuk 3", level=1, paragraphs=[
                       Paragraph(text="Een zin. " + bad, sentences=["Een zin.", bad]),
                       Paragraph(text="Een zin.", sentences=["Een zin."])])],
                   footnotes=[Footnote(n=1, text="Een zin.")])
    doc = translate_document_checked(doc, checker(cfg, backend), )
    p1, p2 = doc.sections[0].paragraphs
    assert p1.sentences_en == ["A sentence.", "The government is allocating euros."]
    assert [f.model_dump() for f in p1.flags] == [
        {"sentence": 1, "kind": "number", "detail": "number '5 miljard' not found in the translation"}]
    assert p2.flags == []
    fid = doc.provenance.fidelity
    assert fid.flags == {"number": 2} and fid.retries == 2 and fid.retries_fixed == 0  # heading + sentence
    assert doc.warnings == ["Check heading 'Hoofdstuk 3': number: number '3' not found in the translation"]
    assert doc.provenance.long_sentence_splits == 0
    note = render_markdown(doc)
    assert "_A sentence. The government is allocating euros._" in note  # the paragraph's English
    assert "- **⚠ Check sentence 2:** number: number '5 miljard' not found in the translation" in note  # visible, beside it
    assert "flagged sentences: number 2" in note
    assert Document.model_validate_json(doc.to_json()) == doc


def test_bad_length_ratio_bounds_fail(cfg):
    with pytest.raises(ConfigError, match="length_ratio_bounds"):
        CheckedTranslator(None, cfg.model_copy(update={"length_ratio_bounds": [2.5, 0.5]}), [])


def test_shipped_glossary_loads_and_bad_ones_fail(tmp_path):
    terms = load_glossary("configs/glossary.yaml")
    by_nl = {t.nl: t for t in terms}
    assert len(terms) >= 25 and by_nl["Tweede Kamer"].en == "House of Representatives"
    assert by_nl["MFK"].en == "MFF" and "Cabinet" in by_nl["kabinet"].variants
    assert load_glossary(None) == []
    bad = tmp_path / "g.yaml"
    bad.write_text("terms:\n  - {nl: motie}\n")
    with pytest.raises(ConfigError, match=r"invalid glossary: missing key 'terms\.0\.en'"):
        load_glossary(bad)
    with pytest.raises(ConfigError, match="not found"):
        load_glossary(tmp_path / "none.yaml")


def test_glossary_matches_whole_words_longest_first():
    g = Glossary(load_glossary("configs/glossary.yaml"))
    found = [t.nl for _, _, t in g.find("De Raad Buitenlandse Zaken en het kabinet; de kabinetsappreciatie "
                                        "en het BNC-fiche; Kamerleden en de Tweede  Kamer.")]
    assert found == ["Raad Buitenlandse Zaken", "kabinet", "kabinetsappreciatie", "BNC-fiche", "Tweede Kamer"]


@pytest.mark.parametrize("backend_name", BACKENDS)
def test_tiny_backends_run_protect_mode(tiny_config, backend_name):
    backend, spec = load_tiny_backend(tiny_config, "translate", backend_name)
    spec = spec.model_copy(update={"glossary_mode": "protect", "glossary": "configs/glossary.yaml"})
    c = CheckedTranslator(Translator(backend, spec), spec)
    texts = [SOURCE, "Uw Kamer heeft de motie over het MFK aangenomen.", "Zie https://www.rijksoverheid.nl/a.",
             "Het kabinet steunt dit.", SOURCE]
    out = c.translate(texts)
    assert len(out) == len(texts) and all(isinstance(t, str) and t for t in out)
    assert out[0] == out[-1] and set(c.results) == set(texts)
