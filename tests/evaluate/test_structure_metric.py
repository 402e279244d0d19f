"""The structure metric: each kind of mistake counted, the gold files well-formed."""

from __future__ import annotations

import copy

import pytest

from pipeline.config import load_config, resolve_path
from pipeline.document import Document, Footnote, Metadata, Paragraph, Provenance, Section
from pipeline.evaluate.structure_metric import StructureMetric

CFG = load_config()
METRIC = StructureMetric(resolve_path(CFG.evaluate.gold), CFG)

GOLD = {
    "metadata": {"title": "T", "date": "2024-01-31", "document_type": "brief", "sender": None, "kamerstuk": None},
    "footnotes": [{"n": 1, "text": "Kamerstuk 21 501-20 nr. 2003"}],
    "sections": [
        {"heading": None, "level": 1, "topic": "Defense", "role": "introduction",
         "paragraphs": [{"sentences": ["Een zin over defensie-uitgaven.", "Nog een zin."]}]},
        {"heading": "Migratie", "level": 1, "topic": "Immigration", "role": "dutch_position",
         "paragraphs": [{"sentences": ["Nederland steunt het pact."]}]},
    ],
    "hyphenation": [{"line_end": "defensie-", "next": "uitgaven", "expected": "defensie-uitgaven"}],
}


def _doc_from_gold(gold: dict) -> Document:
    return Document(
        source="x", metadata=Metadata(**{k: v for k, v in gold["metadata"].items()}),
        provenance=Provenance(pipeline_version="t"),
        footnotes=[Footnote(**f) for f in gold["footnotes"]],
        sections=[Section(id=f"s{i}", heading=s["heading"], level=s["level"], topic=s["topic"], role=s["role"],
                          paragraphs=[Paragraph(text=" ".join(p["sentences"]), sentences=p["sentences"])
                                      for p in s["paragraphs"]]) for i, s in enumerate(gold["sections"])])


def test_perfect_prediction_scores_one():
    scores = METRIC.compare(_doc_from_gold(GOLD), GOLD).scores()
    assert all(v == 1.0 for v in scores.values()), scores


def test_one_paragraph_break_missed_costs_one_boundary_not_the_whole_letter():
    """A letter of one section: paragraph_counts falls 1 → 0 on a single missed break; the
    paragraph-boundary F1 counts that one boundary (two of three found: recall 2/3)."""
    gold = copy.deepcopy(GOLD)
    gold["sections"] = gold["sections"][:1]
    gold["sections"][0]["paragraphs"] = [{"sentences": ["Een."]}, {"sentences": ["Twee."]}, {"sentences": ["Drie."]}]
    doc = _doc_from_gold(gold)
    doc.sections[0].paragraphs = [Paragraph(text="Een. Twee.", sentences=["Een.", "Twee."]),
                                  Paragraph(text="Drie.", sentences=["Drie."])]
    s = METRIC.compare(doc, gold).scores()
    assert s["paragraph_counts"] == 0.0
    assert s["paragraph_f1"] == pytest.approx(0.8)  # precision 2/2, recall 2/3


def test_level_expressible_only_counts_the_headings_a_layout_can_show():
    gold = copy.deepcopy(GOLD)
    gold["sections"].append({"heading": "Asiel", "level": 2, "topic": None, "role": None, "paragraphs": [],
                             "level_shown": False})
    gold["sections"][1]["level_shown"] = True
    doc = _doc_from_gold(gold)
    doc.sections[2].level = 1  # a level the layout could not show, missed
    s = METRIC.compare(doc, gold).scores()
    assert s["heading_level"] == 0.5 and s["heading_level_expressible"] == 1.0
    del gold["sections"][2]["level_shown"]  # hand-annotated gold: every heading counts
    assert METRIC.compare(doc, gold).scores()["heading_level_expressible"] == 0.5


def test_each_kind_of_mistake_is_counted():
    doc = _doc_from_gold(GOLD)
    # One wrong word (lost hyphen) and two sentences run together.
    doc.sections[0].paragraphs[0].sentences = ["Een zin over defensieuitgaven. Nog een zin."]
    doc.sections[1].level = 2
    doc.sections[1].role = "mixed"
    doc.footnotes[0].text = "Kamerstuk 21 501-20"
    doc.metadata.date = "2024-02-01"
    c = METRIC.compare(doc, GOLD)
    s = c.scores()
    assert s["body_word_accuracy"] == pytest.approx(1 - 1 / 12)  # one substituted word of twelve
    assert s["hyphenation"] == 0.0 and s["footnotes"] == 0.0
    assert s["heading_level"] == 0.0 and s["role"] == 0.5
    assert s["sentence_f1"] == pytest.approx(0.8)  # precision 2/2, recall 2/3
    assert s["metadata"] == pytest.approx(2 / 3)
    assert len(c.problems) >= 5


def test_missing_heading_lowers_recall_and_extra_lowers_precision():
    gold = copy.deepcopy(GOLD)
    doc = _doc_from_gold(gold)
    doc.sections[1].heading = "Asiel"
    s = METRIC.compare(doc, gold).scores()
    assert s["heading_recall"] == 0.0 and s["heading_precision"] == 0.0


def test_gold_files_are_well_formed():
    for path, gold in METRIC.gold():
        assert resolve_path(gold["input"]).is_file(), path
        assert set(gold) >= {"input", "metadata", "footnotes", "sections", "hyphenation"}
        for section in gold["sections"]:
            assert all(p["sentences"] for p in section["paragraphs"]), (path.name, section["heading"])


def test_signature_names_the_gold_set_and_the_classifier_measured():
    zero_shot = StructureMetric(METRIC.gold_dir, load_config(None, ["classify.method=zero_shot"]))
    assert METRIC.signature().startswith("structure|gold:") and METRIC.signature().endswith("|classifier:cues")
    assert zero_shot.signature() == METRIC.signature().replace("classifier:cues", "classifier:zero_shot")
