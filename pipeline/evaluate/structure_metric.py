"""The structure metric: one analysed letter against its hand-annotated gold (data/gold/).

| measure | how |
|---|---|
| body word accuracy | 1 − word-level edit distance / gold words; body = headings + paragraphs, title excluded |
| hyphenation | a gold line-break case is right when its expected form occurs in the body as a whole word |
| footnotes | gold footnotes recovered with the same number and exactly the same text |
| headings P/R, level | heading texts (whitespace-normalised) as multisets; level accuracy over matched ones |
| level, expressible only | the same over the matched headings whose level the rendering can show (`level_shown`) |
| paragraph counts | sections (matched by heading) whose paragraph count equals gold |
| paragraph boundaries F1 | paragraph-end word positions, predicted words aligned to gold words |
| sentence boundaries F1 | sentence-end word positions, predicted words aligned to gold words |
| topic / role | accuracy over matched sections with body text (gold label not null) |
| metadata | every gold field that is not null must be equal |

Kept apart from the `evaluate-structure` command (pipeline.evaluate.structure) because the
layout-invariance evaluation (pipeline.evaluate.invariance) compares with it too, and the command
runs that evaluation.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Iterable, Mapping

from rapidfuzz.distance import Levenshtein

from pipeline.config import Config
from pipeline.document import Document
from pipeline.evaluate.metric import Aggregate, GoldMetric, analysed, norm
from pipeline.stages.classify import zero_shot_scorer

METADATA_FIELDS = ("title", "date", "document_type", "sender", "kamerstuk")
TARGETS = {  # issue #3: the bar every measure must clear on the gold set
    "body_word_accuracy": 0.995, "hyphenation": 0.98, "footnotes": 1.0, "heading_precision": 1.0,
    "heading_recall": 1.0, "heading_level": 1.0, "paragraph_counts": 0.9, "sentence_f1": 0.97,
    "topic": 0.8, "role": 0.7, "metadata": 1.0,
}
# Measured and shown; only those in a metric's targets are judged. Two measures have no issue #3 bar:
# - paragraph_f1: `paragraph_counts` scores a section 0 or 1, so a letter with one section (no
#   headings) falls from 1 to 0 on a single paragraph break missed or invented, and a section whose
#   count is right by two errors that cancel scores 1. Paragraph ends scored like sentence ends (F1 over
#   aligned word positions) count each boundary once. Both are reported; paragraph_counts is kept.
# - heading_level_expressible: a generated layout records per heading whether it can show the level at
#   all (`level_shown`: type of its own per level, numbering, or a letter of one level; written by the
#   layout generator from what it drew, never from the extractor). Hand-annotated gold has no such flag
#   and counts every heading, so there this equals heading_level.
MEASURES = (*TARGETS, "paragraph_f1", "heading_level_expressible")
# Issue #11's bar for the real letters: footnotes whose text is in the file, headings, levels, metadata.
REAL_TARGETS = {"footnotes": 1.0, "heading_precision": 0.95, "heading_recall": 0.95, "heading_level": 0.9,
                "metadata": 0.95}


def _words(text: str) -> list[str]:
    return text.split()


@dataclass
class StructureCounts:
    """Numerators and denominators, so letters can be pooled into an overall score."""

    body_errors: int = 0
    body_words: int = 0
    hyph_ok: int = 0
    hyph_total: int = 0
    fn_ok: int = 0
    fn_total: int = 0
    head_tp: int = 0
    head_pred: int = 0
    head_gold: int = 0
    level_ok: int = 0
    level_shown_ok: int = 0
    level_shown_total: int = 0
    par_ok: int = 0
    par_total: int = 0
    par_end_tp: int = 0
    par_end_pred: int = 0
    par_end_gold: int = 0
    sent_tp: int = 0
    sent_pred: int = 0
    sent_gold: int = 0
    topic_ok: int = 0
    topic_total: int = 0
    role_ok: int = 0
    role_total: int = 0
    meta_ok: int = 0
    meta_total: int = 0
    problems: list[str] = field(default_factory=list)

    def add(self, other: "StructureCounts") -> None:
        for name, value in asdict(other).items():
            if name != "problems":
                setattr(self, name, getattr(self, name) + value)

    def scores(self) -> dict[str, float | None]:
        def ratio(a: int, b: int) -> float | None:
            return a / b if b else None

        def f1(tp: int, pred: int, gold: int) -> float | None:
            p, r = ratio(tp, pred), ratio(tp, gold)
            return 2 * p * r / (p + r) if p and r else (0.0 if gold else None)

        return {
            "body_word_accuracy": 1 - self.body_errors / self.body_words if self.body_words else None,
            "hyphenation": ratio(self.hyph_ok, self.hyph_total),
            "footnotes": ratio(self.fn_ok, self.fn_total),
            "heading_precision": ratio(self.head_tp, self.head_pred) if self.head_gold or self.head_pred else None,
            "heading_recall": ratio(self.head_tp, self.head_gold),
            "heading_level": ratio(self.level_ok, self.head_tp),
            "paragraph_counts": ratio(self.par_ok, self.par_total),
            "sentence_f1": f1(self.sent_tp, self.sent_pred, self.sent_gold),
            "topic": ratio(self.topic_ok, self.topic_total),
            "role": ratio(self.role_ok, self.role_total),
            "metadata": ratio(self.meta_ok, self.meta_total),
            "paragraph_f1": f1(self.par_end_tp, self.par_end_pred, self.par_end_gold),
            "heading_level_expressible": ratio(self.level_shown_ok, self.level_shown_total),
        }


def _words_and_ends(sections: Iterable[tuple[str | None, list[list[str]]]]
                    ) -> tuple[list[str], list[int], list[int]]:
    """Body words (headings and sentences) and the word indices where a sentence ends and where a
    paragraph ends, from (heading, sentences per paragraph) per section."""
    words: list[str] = []
    ends: list[int] = []
    paragraph_ends: list[int] = []
    for heading, paragraphs in sections:
        if heading:
            words += _words(heading)
        for sentences in paragraphs:
            for sentence in sentences:
                words += _words(sentence)
                ends.append(len(words) - 1)
            if sentences:
                paragraph_ends.append(len(words) - 1)
    return words, ends, paragraph_ends


class StructureMetric(GoldMetric[StructureCounts]):
    """Structure of analysed letters against `*.gold.json` in a gold folder; the classifier measured
    is the configured one (cues by default), so it is part of the signature."""

    name = "structure"
    pattern = "*.gold.json"
    measures = MEASURES
    TARGETS = TARGETS
    stage = "evaluate-structure"
    missing = "no gold files (*.gold.json)"
    fix = "see data/gold/README.md for the format"

    def __init__(self, gold_dir: Path, cfg: Config, targets: Mapping[str, float] | None = None) -> None:
        super().__init__(gold_dir, targets)
        self.cfg = cfg

    def empty(self) -> StructureCounts:
        return StructureCounts()

    def options(self) -> dict[str, object]:
        return {"classifier": self.cfg.classify.method}

    def measure(self) -> tuple[dict[str, StructureCounts], Aggregate[StructureCounts]]:
        """Every gold letter analysed and compared (letter → counts), and the aggregate."""
        results = self.results(analysed(self.cfg, zero_shot_scorer(self.cfg)))
        return results, self.aggregate(results)

    def compare(self, doc: Document, gold: dict) -> StructureCounts:
        c = StructureCounts()
        gold_words, gold_ends, gold_par_ends = _words_and_ends(
            (g["heading"], [p["sentences"] for p in g["paragraphs"]]) for g in gold["sections"])
        pred_words, pred_ends, pred_par_ends = _words_and_ends((s.heading, [p.sentences for p in s.paragraphs]) for s in doc.sections)

        c.body_words = len(gold_words)
        c.body_errors = Levenshtein.distance(pred_words, gold_words)

        body_text = " " + " ".join(pred_words) + " "
        for case in gold.get("hyphenation", []):
            c.hyph_total += 1
            expected = norm(case["expected"])
            if re.search(r"(?<![\w-])" + re.escape(expected) + r"(?![\w-])", body_text):
                c.hyph_ok += 1
            else:
                c.problems.append(f"hyphenation: {case['line_end']}|{case['next']} should give {expected!r}")

        pred_notes = {f.n: norm(f.text) for f in doc.footnotes}
        for note in gold["footnotes"]:
            c.fn_total += 1
            if pred_notes.get(note["n"]) == norm(note["text"]):
                c.fn_ok += 1
            else:
                c.problems.append(f"footnote {note['n']}: got {pred_notes.get(note['n'])!r}")

        gold_heads = [s for s in gold["sections"] if s["heading"]]
        pred_heads = [s for s in doc.sections if s.heading]
        c.head_gold, c.head_pred = len(gold_heads), len(pred_heads)
        unmatched = Counter(norm(s.heading) for s in pred_heads)
        pred_by_heading: dict[str | None, list] = {}
        for s in doc.sections:
            pred_by_heading.setdefault(norm(s.heading) if s.heading else None, []).append(s)
        for g in gold_heads:
            key = norm(g["heading"])
            if unmatched[key] > 0:
                unmatched[key] -= 1
                c.head_tp += 1
            else:
                c.problems.append(f"heading missed: {key!r}")
        c.problems += [f"heading not in gold: {h!r}" for h, n in unmatched.items() for _ in range(n)]

        used: Counter = Counter()
        for g in gold["sections"]:
            key = norm(g["heading"]) if g["heading"] else None
            candidates = pred_by_heading.get(key, [])
            if used[key] >= len(candidates):
                continue
            p = candidates[used[key]]
            used[key] += 1
            if g["heading"]:
                shown = g.get("level_shown", True)
                c.level_shown_total += shown
                if p.level == g["level"]:
                    c.level_ok += 1
                    c.level_shown_ok += shown
                else:
                    c.problems.append(f"level of {key!r}: got {p.level}, gold {g['level']}"
                                      + ("" if shown else " (the layout cannot show it)"))
            c.par_total += 1
            if len(p.paragraphs) == len(g["paragraphs"]):
                c.par_ok += 1
            else:
                c.problems.append(f"paragraphs in {key!r}: got {len(p.paragraphs)}, gold {len(g['paragraphs'])}")
            if g["paragraphs"] and g.get("topic"):
                c.topic_total += 1
                c.topic_ok += p.topic == g["topic"]
                if p.topic != g["topic"]:
                    c.problems.append(f"topic of {key!r}: got {p.topic}, gold {g['topic']}")
            if g["paragraphs"] and g.get("role"):
                c.role_total += 1
                c.role_ok += p.role == g["role"]
                if p.role != g["role"]:
                    c.problems.append(f"role of {key!r}: got {p.role}, gold {g['role']}")

        # Sentence ends: map predicted word positions onto gold positions through the word alignment.
        mapping: dict[int, int] = {}
        for block in SequenceMatcher(None, pred_words, gold_words, autojunk=False).get_matching_blocks():
            for k in range(block.size):
                mapping[block.a + k] = block.b + k
        gold_end_set = set(gold_ends)
        mapped = {mapping[e] for e in pred_ends if e in mapping}
        c.sent_pred, c.sent_gold = len(pred_ends), len(gold_ends)
        c.sent_tp = len(mapped & gold_end_set)
        c.par_end_pred, c.par_end_gold = len(pred_par_ends), len(gold_par_ends)
        c.par_end_tp = len({mapping[e] for e in pred_par_ends if e in mapping} & set(gold_par_ends))

        meta = doc.metadata.model_dump()
        for name in METADATA_FIELDS:
            expected = gold["metadata"].get(name)
            if expected is None:
                continue
            c.meta_total += 1
            if norm(str(meta.get(name) or "")) == norm(str(expected)):
                c.meta_ok += 1
            else:
                c.problems.append(f"metadata {name}: got {meta.get(name)!r}, gold {expected!r}")
        return c
