"""Measure key-fact extraction against the hand-annotated gold key facts in data/gold/keyfacts/.

Runs the same model-free analysis as `kamerbrief segment` (ingest → segment → classify → key facts)
on every gold letter. A predicted fact matches a gold fact when the kind and the source sentence
(whitespace-normalised) are equal; facts are compared as sets of (kind, sentence), so several values
(amounts, dates, references) in one sentence count once. Recall and precision are pooled over the
letters, per kind and overall. Gold format and annotation rules: data/gold/keyfacts/README.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.stages.classify import load_taxonomy
from pipeline.config import Config, resolve_path
from pipeline.document import Document
from pipeline.errors import EvaluationError
from pipeline.stages.keyfacts import KINDS

TARGETS = {"recall": 0.85, "precision": 0.6}  # issue #5, overall


def _norm(text: str) -> str:
    return " ".join(text.split())


@dataclass
class Counts:
    tp: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    pred: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    gold: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)

    def add(self, other: "Counts") -> None:
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


def load_gold(gold_dir: Path) -> list[tuple[Path, dict]]:
    files = sorted(gold_dir.glob("*.json"))
    if not files:
        raise EvaluationError("no gold key-fact files (*.json)", path=gold_dir, stage="evaluate-keyfacts",
                              fix="see data/gold/keyfacts/README.md for the format")
    gold = []
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or "input" not in data or not isinstance(data.get("facts"), list):
            raise EvaluationError("a gold key-fact file needs 'input' and a list 'facts'", path=path,
                                  stage="evaluate-keyfacts")
        for fact in data["facts"]:
            if not isinstance(fact, dict) or fact.get("kind") not in KINDS or not isinstance(fact.get("text_nl"), str):
                raise EvaluationError(f"bad gold fact {fact!r}: needs 'kind' (one of {', '.join(KINDS)}) "
                                      "and 'text_nl'", path=path, stage="evaluate-keyfacts")
        gold.append((path, data))
    return gold


def compare(doc: Document, gold: dict) -> Counts:
    c = Counts()
    predicted = {(f.kind, _norm(f.text_nl)) for f in doc.key_facts}
    expected = {(f["kind"], _norm(f["text_nl"])) for f in gold["facts"]}
    for kind, _ in predicted:
        c.pred[kind] += 1
    for kind, _ in expected:
        c.gold[kind] += 1
    for kind, _ in predicted & expected:
        c.tp[kind] += 1
    c.missed = [f"{kind}: {text}" for kind, text in sorted(expected - predicted)]
    c.spurious = [f"{kind}: {text}" for kind, text in sorted(predicted - expected)]
    return c


def run(gold_dir: Path, cfg: Config) -> tuple[dict[str, Counts], Counts]:
    from pipeline.engines.local import analyse

    taxonomy = load_taxonomy(resolve_path(cfg.classify.taxonomy))
    per_letter: dict[str, Counts] = {}
    total = Counts()
    for path, gold in load_gold(gold_dir):
        doc = analyse(resolve_path(gold["input"]), cfg, taxonomy)
        counts = compare(doc, gold)
        per_letter[path.stem] = counts
        total.add(counts)
    return per_letter, total


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def report(per_letter: dict[str, Counts], total: Counts) -> str:
    lines = ["| kind | gold | predicted | matched | recall | precision | F1 |", "|---|---|---|---|---|---|---|"]
    for kind in (*KINDS, None):
        s = total.scores(kind)
        name = kind or "**overall**"
        lines.append(f"| {name} | {s['gold']} | {s['pred']} | {s['tp']} | {_fmt(s['recall'])} | "
                     f"{_fmt(s['precision'])} | {_fmt(s['f1'])} |")
    overall = total.scores()
    lines += ["", f"Targets (overall): recall ≥ {TARGETS['recall']:g}, precision ≥ {TARGETS['precision']:g}: "
              + ("met" if _passed(overall) else "NOT met"), "",
              "| letter | gold | predicted | recall | precision |", "|---|---|---|---|---|"]
    for name, counts in per_letter.items():
        s = counts.scores()
        lines.append(f"| {name} | {s['gold']} | {s['pred']} | {_fmt(s['recall'])} | {_fmt(s['precision'])} |")
    problems = [f"- {n}: missed {m}" for n, c in per_letter.items() for m in c.missed]
    problems += [f"- {n}: not in gold {p}" for n, c in per_letter.items() for p in c.spurious]
    if problems:
        lines += ["", "Differences from gold:", *problems]
    return "\n".join(lines)


def _passed(overall: dict[str, float | None]) -> bool:
    return all((overall[k] or 0.0) >= target - 1e-9 for k, target in TARGETS.items())


def main(gold_dir: Path, cfg: Config, out: Path | None = None) -> tuple[str, bool]:
    per_letter, total = run(gold_dir, cfg)
    text = report(per_letter, total)
    overall = total.scores()
    if out is not None:
        from pipeline.render.markdown import atomic_write

        atomic_write(out / "keyfacts.md", text + "\n")
        atomic_write(out / "keyfacts.json", json.dumps(
            {"overall": overall, "kinds": {k: total.scores(k) for k in KINDS}, "targets": TARGETS,
             "letters": {n: {"scores": c.scores(), "missed": c.missed, "spurious": c.spurious}
                         for n, c in per_letter.items()}}, indent=2, ensure_ascii=False) + "\n")
    return text, _passed(overall)
