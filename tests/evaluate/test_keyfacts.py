"""The key-fact metric: facts compared as (kind, sentence) sets, gold checked, targets on the gold set."""

from __future__ import annotations

import json

import pytest

from pipeline.config import load_config, resolve_path
from pipeline.document import Document, KeyFact, Provenance
from pipeline.errors import EvaluationError
from pipeline.evaluate.keyfacts import TARGETS, KeyFactMetric, headline_spread, main
from pipeline.stages.keyfacts import load_key_fact_cues

CFG = load_config()
GOLD_DIR = resolve_path(CFG.evaluate.gold) / "keyfacts"


def _doc(*facts: tuple[str, str]) -> Document:
    return Document(source="x.txt", provenance=Provenance(pipeline_version="t"), key_facts=[
        KeyFact(kind=kind, text_nl=text, section_id="s0", paragraph=0, sentence=i)
        for i, (kind, text) in enumerate(facts)])


def test_facts_match_on_kind_and_whitespace_normalised_sentence(tmp_path):
    gold = {"facts": [{"kind": "dutch_position", "text_nl": "Nederland  steunt het pact."},
                      {"kind": "commitment", "text_nl": "De Raad besloot."}]}
    c = KeyFactMetric(tmp_path).compare(_doc(("dutch_position", "Nederland steunt het pact."),
                                             ("decision", "De Raad besloot.")), gold)
    assert c.scores() == {"recall": 0.5, "precision": 0.5, "f1": 0.5, "tp": 1, "pred": 2, "gold": 2}
    assert c.missed == ["commitment: De Raad besloot."] and c.spurious == ["decision: De Raad besloot."]


def test_headline_points_are_counted_per_letter_and_checked_against_gold(tmp_path):
    gold = {"facts": [{"kind": "decision", "text_nl": "De Raad besloot."}]}
    doc = _doc(("decision", "De Raad besloot."), ("reference", "Zie Kamerstuk 1."), ("date", "Op 1 mei."))
    doc.key_facts[0].headline = doc.key_facts[1].headline = True
    c = KeyFactMetric(tmp_path).compare(doc, gold)
    assert (c.facts, c.headline, c.headline_in_gold) == (3, 2, 1)
    empty = KeyFactMetric(tmp_path).compare(_doc(), gold)
    spread = headline_spread({"a": c, "b": empty})
    assert (spread["headline_mean"], spread["headline_fewest"], spread["headline_most"]) == (1.0, 0, 2)
    assert spread["headline_in_gold"] == 0.5 and spread["facts_most"] == 3


def test_a_score_that_cannot_be_computed_fails_its_target(tmp_path):
    metric = KeyFactMetric(tmp_path)
    assert not metric.meets({"recall": None, "precision": 1.0})
    assert metric.meets({"recall": TARGETS["recall"], "precision": TARGETS["precision"]})


@pytest.mark.parametrize("gold, message", [({"facts": []}, "needs 'input'"),
                                           ({"input": "a.txt", "facts": [{"kind": "rumour", "text_nl": "x"}]},
                                            "bad gold fact")])
def test_malformed_gold_is_an_actionable_error(tmp_path, gold, message):
    (tmp_path / "a.json").write_text(json.dumps(gold), encoding="utf-8")
    with pytest.raises(EvaluationError, match=message):
        KeyFactMetric(tmp_path).gold()


def test_gold_sentences_come_from_the_structure_gold():
    for path, gold in KeyFactMetric(GOLD_DIR).gold():
        structure = json.loads((GOLD_DIR.parent / f"{path.stem}.gold.json").read_text(encoding="utf-8"))
        assert structure["input"] == gold["input"]
        inventory = {s for sec in structure["sections"] for p in sec["paragraphs"] for s in p["sentences"]}
        assert gold["facts"] and all(f["text_nl"] in inventory for f in gold["facts"]), path.name


def test_gold_targets_are_met_and_the_report_is_signed(tmp_path):
    metric = KeyFactMetric(GOLD_DIR)
    per_letter, aggregate = metric.measure(CFG)
    assert len(per_letter) == 5 and metric.meets(aggregate.overall), aggregate.overall
    text, passed = main(GOLD_DIR, CFG, tmp_path)
    report = json.loads((tmp_path / "keyfacts.json").read_text(encoding="utf-8"))
    assert passed and report["signature"] == metric.signature() and metric.signature() in text
    assert report["signature"].startswith("keyfacts|gold:") and report["worst"]["recall"]["item"] in per_letter
    most = load_key_fact_cues(resolve_path(CFG.keyfacts.cues)).importance.headline.count
    assert 0 < report["headline"]["headline_most"] <= most and "Headline points per letter: mean" in text
