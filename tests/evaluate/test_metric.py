"""The GoldMetric base: gold files read and checked, results pooled with mean and worst, targets
judged, and a signature that names the metric, the gold set's version, the project and the options."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import pipeline
from pipeline.errors import EvaluationError
from pipeline.evaluate.metric import EPSILON, GoldMetric, gold_hash, mean_and_worst


@dataclass
class Hits:
    hit: int = 0
    total: int = 0
    notes: list[str] = field(default_factory=list)

    def add(self, other: "Hits") -> None:
        self.hit += other.hit
        self.total += other.total

    def scores(self) -> dict[str, float | None]:
        return {"accuracy": self.hit / self.total if self.total else None}


class WordMetric(GoldMetric[Hits]):
    """A toy metric: the share of gold words found in a text."""

    name = "words"
    pattern = "*.gold.json"
    measures = ("accuracy",)
    TARGETS = {"accuracy": 0.5}
    stage = "test"
    missing = "no gold word files"
    fix = "write some"

    @classmethod
    def check(cls, path: Path, gold: dict) -> None:
        if not isinstance(gold.get("words"), list):
            raise EvaluationError("needs a list 'words'", path=path, stage=cls.stage)

    def empty(self) -> Hits:
        return Hits()

    def options(self) -> dict[str, object]:
        return {"case": "mixed"}

    def compare(self, doc: str, gold: dict) -> Hits:
        found = set(doc.split())
        return Hits(sum(w in found for w in gold["words"]), len(gold["words"]))


def _gold(folder: Path, **items: list[str]) -> Path:
    folder.mkdir(exist_ok=True)
    for name, words in items.items():
        (folder / f"{name}.gold.json").write_text(json.dumps({"words": words}), encoding="utf-8")
    return folder


def test_results_aggregate_to_pooled_mean_and_worst(tmp_path):
    metric = WordMetric(_gold(tmp_path, a=["x", "y"], b=["x", "y", "z", "w"], c=[]))
    texts = {"a": "x y", "b": "x", "c": ""}
    results = metric.results(lambda gold: texts["a" if gold["words"] == ["x", "y"] else "b" if gold["words"] else "c"])
    assert list(results) == ["a", "b", "c"]
    aggregate = metric.aggregate(results)
    assert aggregate.overall == {"accuracy": pytest.approx(3 / 6)}  # pooled counts, not the mean
    assert aggregate.spread.mean == {"accuracy": pytest.approx((1 + 0.25) / 2)}  # c has nothing to score
    assert aggregate.spread.worst == {"accuracy": "b"} and aggregate.spread.counted == {"accuracy": 2}
    assert aggregate.spread_json()["worst"]["accuracy"] == {"item": "b", "score": 0.25}
    assert metric.meets(aggregate.overall) and not metric.meets({"accuracy": 0.5 - 10 * EPSILON})
    assert metric.meets({"accuracy": None})  # nothing to measure is not judged


def test_an_item_without_a_document_is_left_out(tmp_path):
    metric = WordMetric(_gold(tmp_path, a=["x"], b=["y"]))
    assert list(metric.results(lambda gold: "x" if gold["words"] == ["x"] else None)) == ["a"]


def test_worst_is_the_first_of_equals_in_item_order():
    spread = mean_and_worst({"p": {"m": 0.5}, "q": {"m": 0.5}, "r": {"m": None}}, ["m", "absent"])
    assert spread.worst == {"m": "p", "absent": None} and spread.mean == {"m": 0.5, "absent": None}


def test_signature_names_metric_gold_version_project_and_options(tmp_path):
    gold = _gold(tmp_path / "gold", a=["x"], b=["y"])
    metric = WordMetric(gold)
    signature = metric.signature()
    assert signature == f"words|gold:{gold_hash(gold.glob('*.json'))}|n:2|pipeline:{pipeline.__version__}|case:mixed"
    assert WordMetric(gold).signature() == signature  # reproducible
    copy = _gold(tmp_path / "copy", a=["x"], b=["y"])
    assert WordMetric(copy).signature() == signature  # the same files elsewhere are the same gold set
    _gold(copy, b=["z"])
    assert WordMetric(copy).signature() != signature  # a changed gold file is another version


def test_missing_and_malformed_gold_are_actionable_errors(tmp_path):
    with pytest.raises(EvaluationError, match="no gold word files"):
        WordMetric(tmp_path).gold()
    (tmp_path / "bad.gold.json").write_text('{"words": "x"}', encoding="utf-8")
    with pytest.raises(EvaluationError, match="needs a list 'words'"):
        WordMetric(tmp_path).gold()
