"""Measure key-fact extraction against the hand-annotated gold key facts in data/gold/keyfacts/.

Runs the same model-free analysis as `kamerbrief segment` (ingest → segment → classify → key facts)
on every gold letter. A predicted fact matches a gold fact when the kind and the source sentence
(whitespace-normalised) are equal; facts are compared as sets of (kind, sentence), so several values
(amounts, dates, references) in one sentence count once. Recall and precision are pooled over the
letters, per kind and overall. Gold format and annotation rules: data/gold/keyfacts/README.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from pipeline.config import Config
from pipeline.document import Document
from pipeline.errors import EvaluationError
from pipeline.evaluate.metric import (EPSILON, Aggregate, GoldMetric, analysed, fmt, norm, signature_line,
                                      write_report)
from pipeline.stages.keyfacts import KINDS

TARGETS = {"recall": 0.85, "precision": 0.6}  # issue #5, overall


@dataclass
class KeyFactCounts:
    tp: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    pred: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    gold: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    # what a reader sees first (issue #14): facts found, headline points, headline points that are gold facts
    facts: int = 0
    headline: int = 0
    headline_in_gold: int = 0

    def add(self, other: "KeyFactCounts") -> None:
        self.facts += other.facts
        self.headline += other.headline
        self.headline_in_gold += other.headline_in_gold
        for kind in KINDS:
            self.tp[kind] += other.tp[kind]
            self.pred[kind] += other.pred[kind]
            self.gold[kind] += other.gold[kind]

    def scores(self, kind: str | None = None) -> dict[str, float | None]:
        kinds = KINDS if kind is None else (kind,)
        tp, pred, gold = (sum(c[k] for k in kinds) for c in (self.tp, self.pred, self.gold))
        recall = tp / gold if gold else None
        precision = tp / pred if pred else None
        f1 = 2 * recall * precision / (recall + precision) if recall and precision else (0.0 if gold else None)
        return {"recall": recall, "precision": precision, "f1": f1, "tp": tp, "pred": pred, "gold": gold}


class KeyFactMetric(GoldMetric[KeyFactCounts]):
    """Key facts of a document against a gold key-fact file, as sets of (kind, sentence)."""

    name = "keyfacts"
    pattern = "*.json"
    measures = ("recall", "precision", "f1")
    TARGETS = TARGETS
    stage = "evaluate-keyfacts"
    missing = "no gold key-fact files (*.json)"
    fix = "see data/gold/keyfacts/README.md for the format"

    @classmethod
    def check(cls, path: Path, gold: Any) -> None:
        if not isinstance(gold, dict) or "input" not in gold or not isinstance(gold.get("facts"), list):
            raise EvaluationError("a gold key-fact file needs 'input' and a list 'facts'", path=path,
                                  stage=cls.stage)
        for fact in gold["facts"]:
            if not isinstance(fact, dict) or fact.get("kind") not in KINDS or not isinstance(fact.get("text_nl"), str):
                raise EvaluationError(f"bad gold fact {fact!r}: needs 'kind' (one of {', '.join(KINDS)}) "
                                      "and 'text_nl'", path=path, stage=cls.stage)

    def empty(self) -> KeyFactCounts:
        return KeyFactCounts()

    def options(self) -> dict[str, object]:
        return {"match": "kind+sentence"}

    def meets(self, overall: Mapping[str, Any]) -> bool:
        # Unlike a structure measure, recall and precision always apply: a score that cannot be
        # computed (no gold facts, or no facts found) fails its target.
        return all((overall[k] or 0.0) >= target - EPSILON for k, target in self.targets().items())

    def compare(self, doc: Document, gold: dict) -> KeyFactCounts:
        c = KeyFactCounts()
        predicted = {(f.kind, norm(f.text_nl)) for f in doc.key_facts}
        expected = {(f["kind"], norm(f["text_nl"])) for f in gold["facts"]}
        for kind, _ in predicted:
            c.pred[kind] += 1
        for kind, _ in expected:
            c.gold[kind] += 1
        for kind, _ in predicted & expected:
            c.tp[kind] += 1
        c.facts = len(doc.key_facts)
        headline = {(f.kind, norm(f.text_nl)) for f in doc.key_facts if f.headline}
        c.headline, c.headline_in_gold = len(headline), len(headline & expected)
        c.missed = [f"{kind}: {text}" for kind, text in sorted(expected - predicted)]
        c.spurious = [f"{kind}: {text}" for kind, text in sorted(predicted - expected)]
        return c

    def measure(self, cfg: Config) -> tuple[dict[str, KeyFactCounts], Aggregate[KeyFactCounts]]:
        """Every gold letter through the model-free analysis and compared (letter → counts), and the aggregate."""
        results = self.results(analysed(cfg))
        return results, self.aggregate(results)

    def as_json(self, aggregate: Aggregate[KeyFactCounts]) -> dict[str, Any]:
        """The scores overall and per kind, the targets and the signature, for a JSON report."""
        return {"overall": aggregate.overall, "kinds": {k: aggregate.pooled.scores(k) for k in KINDS},
                "targets": self.targets(), "signature": self.signature()}


def report(metric: KeyFactMetric, results: dict[str, KeyFactCounts], aggregate: Aggregate[KeyFactCounts]) -> str:
    total = aggregate.pooled
    lines = ["| kind | gold | predicted | matched | recall | precision | F1 |", "|---|---|---|---|---|---|---|"]
    for kind in (*KINDS, None):
        s = total.scores(kind)
        name = kind or "**overall**"
        lines.append(f"| {name} | {s['gold']} | {s['pred']} | {s['tp']} | {fmt(s['recall'])} | "
                     f"{fmt(s['precision'])} | {fmt(s['f1'])} |")
    targets = metric.targets()
    lines += ["", f"Targets (overall): recall ≥ {targets['recall']:g}, precision ≥ {targets['precision']:g}: "
              + ("met" if metric.meets(aggregate.overall) else "NOT met"), "", signature_line(metric.signature()), "",
              "| letter | gold | predicted | recall | precision |", "|---|---|---|---|---|"]
    for name, s in aggregate.per_item.items():
        lines.append(f"| {name} | {s['gold']} | {s['pred']} | {fmt(s['recall'])} | {fmt(s['precision'])} |")
    lines += ["", headline_line(results)]
    problems = [f"- {n}: missed {m}" for n, c in results.items() for m in c.missed]
    problems += [f"- {n}: not in gold {p}" for n, c in results.items() for p in c.spurious]
    if problems:
        lines += ["", "Differences from gold:", *problems]
    return "\n".join(lines)


def headline_spread(results: Mapping[str, KeyFactCounts]) -> dict[str, Any]:
    """Key facts and headline points per letter (mean, fewest, most) and the share of headline points
    that are gold facts: what the importance score puts first (pipeline/stages/importance.py)."""
    if not results:
        return {}
    facts = {n: c.facts for n, c in results.items()}
    headline = {n: c.headline for n, c in results.items()}
    shown = sum(headline.values())
    return {"facts_mean": sum(facts.values()) / len(facts), "facts_most": max(facts.values()),
            "headline_mean": shown / len(headline), "headline_fewest": min(headline.values()),
            "headline_most": max(headline.values()),
            "headline_in_gold": sum(c.headline_in_gold for c in results.values()) / shown if shown else None}


def headline_line(results: Mapping[str, KeyFactCounts]) -> str:
    h = headline_spread(results)
    if not h:
        return "Headline points: no letters."
    in_gold = "" if h["headline_in_gold"] is None else f"; {h['headline_in_gold']:.0%} of them are gold key facts"
    return (f"Headline points per letter: mean {h['headline_mean']:.1f}, fewest {h['headline_fewest']}, "
            f"most {h['headline_most']}{in_gold}. Key facts per letter: mean {h['facts_mean']:.1f}, "
            f"most {h['facts_most']}.")


def main(gold_dir: Path, cfg: Config, out: Path | None = None) -> tuple[str, bool]:
    metric = KeyFactMetric(gold_dir)
    results, aggregate = metric.measure(cfg)
    text = report(metric, results, aggregate)
    if out is not None:
        write_report(out, "keyfacts", text, {
            **metric.as_json(aggregate),
            "letters": {n: {"scores": aggregate.per_item[n], "missed": c.missed, "spurious": c.spurious,
                            "facts": c.facts, "headline": c.headline} for n, c in results.items()},
            "headline": headline_spread(results),
            **aggregate.spread_json()}, indent=2, ensure_ascii=False)
    return text, metric.meets(aggregate.overall)
