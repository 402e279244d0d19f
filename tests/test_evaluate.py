"""The evaluator itself, on known values."""

from __future__ import annotations

import json

import pytest

from pipeline.config import load_config
from pipeline.errors import EvaluationError
from pipeline.evaluate import bleu_chrf, evaluate, rouge

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


def test_missing_note_is_an_actionable_error(tmp_path):
    (tmp_path / "refs").mkdir()
    _write(tmp_path / "refs" / "b.json", {"source": "b.pdf", "sections": []})
    with pytest.raises(EvaluationError, match="make translate"):
        evaluate(tmp_path, tmp_path / "refs", tmp_path / "r", load_config())
