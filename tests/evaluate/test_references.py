"""The evaluator itself, on known values."""

from __future__ import annotations

import json

import pytest

from pipeline.config import load_config
from pipeline.errors import EvaluationError
from pipeline.evaluate.references import bleu_chrf, evaluate, rouge

TYPES = ["rouge1", "rouge2", "rougeLsum"]


def test_identical_texts_score_one_and_disjoint_zero():
    text = "The European Council opened accession talks with Ukraine. The Netherlands agreed."
    assert rouge([(text, text)], TYPES) == {t: 1.0 for t in TYPES}
    assert rouge([("alpha beta gamma.", "delta epsilon zeta.")], TYPES) == {t: 0.0 for t in TYPES}
    same = bleu_chrf([(text, text)])
    assert same["bleu"] == pytest.approx(100.0) and same["chrf"] == pytest.approx(100.0)
    assert same["bleu_signature"].startswith("nrefs:1")


def test_published_rouge_score_example():
    # The example from the rouge-score README: precision 0.75 (3/4), recall 1.0 (3/3) for rouge1.
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1"], use_stemmer=True)
    s = scorer.score("The quick brown fox jumps over the lazy dog", "The quick brown dog jumps on the log.")
    assert s["rouge1"].precision == pytest.approx(0.75) and s["rouge1"].recall == pytest.approx(0.6666, abs=1e-3)


def _write(path, data):
    path.write_text(json.dumps(data), encoding="utf-8")


def test_evaluate_matches_sections_by_dutch_heading(tmp_path):
    notes, refs, report = tmp_path / "notes", tmp_path / "refs", tmp_path / "report"
    notes.mkdir(), refs.mkdir()
    _write(refs / "a.json", {"source": "a.txt", "letter_summary": "The summit agreed.", "sections": [
        {"heading_nl": None, "heading_en": None, "translation_en": "It met.", "summary_en": "It met."},
        {"heading_nl": "Migratie", "heading_en": "Migration", "translation_en": "Talks on asylum.",
         "summary_en": "Asylum talks."},
        {"heading_nl": "Ontbreekt", "heading_en": "Missing", "translation_en": "x", "summary_en": "x"}]})
    _write(notes / "a.json", {"summary_en": "The summit agreed.", "provenance": {"models": {"t": {"tiny": True}}},
                              "sections": [
        {"heading": None, "summary_en": "It met.", "paragraphs": [{"text_en": "It met."}]},
        {"heading": "Migratie", "summary_en": "Asylum talks.", "paragraphs": [{"text_en": "Talks on asylum."}]}]})
    text = evaluate(notes, refs, report, load_config())
    result = json.loads((report / "report.json").read_text())
    assert result["section_summaries"]["n"] == 2 and result["section_summaries"]["rouge1"] == pytest.approx(100)
    assert result["letter_summaries"]["rouge2"] == pytest.approx(100)
    assert result["translation"]["bleu"] == pytest.approx(100)
    assert result["unmatched_sections"] == ["a.json: 'Ontbreekt'"]
    assert "meaningless" in text and (report / "report.md").is_file()
    assert result["signature"].startswith("references|gold:") and f"Signature: `{result['signature']}`" in text
    assert result["per_note"]["worst"]["sections.rouge1"] == {"item": "a", "score": pytest.approx(100)}


def test_missing_note_is_an_actionable_error(tmp_path):
    (tmp_path / "refs").mkdir()
    _write(tmp_path / "refs" / "b.json", {"source": "b.pdf", "sections": []})
    with pytest.raises(EvaluationError, match="make translate"):
        evaluate(tmp_path, tmp_path / "refs", tmp_path / "r", load_config())


def _note(source: str, facts: list[tuple[str, str]], **provenance) -> str:
    from pipeline.document import Document, KeyFact, ModelInfo, Provenance

    prov = Provenance(pipeline_version="0.1.0", config_hash="abc123",
                      models={"translate": ModelInfo(id="Helsinki-NLP/opus-mt-nl-en", revision="r1",
                                                     backend="ctranslate2", compute_type="int8")}, **provenance)
    return Document(source=source, provenance=prov, key_facts=[
        KeyFact(kind=kind, text_nl=text, section_id="s0", paragraph=0, sentence=i)
        for i, (kind, text) in enumerate(facts)]).to_json()


def test_report_scores_key_facts_counts_guards_and_gives_provenance(tmp_path):
    from pipeline.document import FidelitySummary, SummaryGuardTotals
    from pipeline.evaluate.references import guard_counts, key_fact_scores, load_notes, provenance_summary

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.json").write_text(_note("a.txt", [("decision", "De Raad besloot."), ("money", "Het kost 5 euro."),
                                                  ("date", "Op 1 mei.")],
                                        summary_guard=SummaryGuardTotals(dropped=2, regenerated=1, fallbacks=1),
                                        fidelity=FidelitySummary(retries=3, retries_fixed=1, flags={"number": 2})))
    (notes / "b.json").write_text(_note("b.txt", [], summary_guard=SummaryGuardTotals(dropped=1, flagged=1)))
    (notes / "errors.json").write_text('{"c.txt": {"message": "bad"}}')  # not a note: passed over
    gold = tmp_path / "gold"
    gold.mkdir()
    _write(gold / "a.json", {"input": "letters/a.txt", "facts": [
        {"kind": "decision", "text_nl": "De  Raad besloot."}, {"kind": "money", "text_nl": "Het kost 5 euro."},
        {"kind": "commitment", "text_nl": "U ontvangt een brief."}, {"kind": "decision", "text_nl": "Ook dit."}]})

    loaded = load_notes(notes)
    assert sorted(loaded) == ["a.json", "b.json"]
    scores = key_fact_scores(loaded, gold)
    assert scores["overall"]["recall"] == pytest.approx(2 / 4) and scores["overall"]["precision"] == pytest.approx(2 / 3)
    assert scores["kinds"]["decision"]["recall"] == pytest.approx(1 / 2) and list(scores["letters"]) == ["a.txt"]
    assert key_fact_scores(loaded, tmp_path / "no-gold") is None

    counts = guard_counts(loaded)
    assert counts["notes"] == 2
    assert counts["summary_guard"] == {"dropped": 3, "regenerated": 1, "fallbacks": 1, "flagged": 1}
    assert counts["fidelity"] == {"retries": 3, "retries_fixed": 1, "glossary_repairs": 0,
                                  "flagged_sentences": {"number": 2}}

    prov = provenance_summary(loaded)
    assert prov["config_hashes"] == ["abc123"] and prov["pipeline_versions"] == ["0.1.0"]
    assert prov["models"]["translate"] == ["Helsinki-NLP/opus-mt-nl-en @ r1 (ctranslate2 int8)"]


def test_report_has_key_fact_guard_and_provenance_sections(tmp_path):
    refs, notes = tmp_path / "refs", tmp_path / "notes"
    refs.mkdir(), notes.mkdir()
    _write(refs / "a.json", {"source": "a.txt", "letter_summary": "", "sections": []})
    (notes / "a.json").write_text(_note("a.txt", [("decision", "De Raad besloot.")]))
    text = evaluate(notes, refs, tmp_path / "report", load_config())
    result = json.loads((tmp_path / "report" / "report.json").read_text())
    assert {"key_facts", "guards", "provenance"} <= set(result)
    assert "faithfulness guards" in text and "config hash: abc123" in text
    assert "Helsinki-NLP/opus-mt-nl-en @ r1" in text
