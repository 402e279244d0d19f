"""Measure ingest → segment → classify against the hand-annotated gold set in data/gold/.

Runs the same analysis as `kamerbrief segment` on every gold input and compares:

| measure | how |
|---|---|
| body word accuracy | 1 − word-level edit distance / gold words; body = headings + paragraphs, title excluded |
| hyphenation | a gold line-break case is right when its expected form occurs in the body as a whole word |
| footnotes | gold footnotes recovered with the same number and exactly the same text |
| headings P/R, level | heading texts (whitespace-normalised) as multisets; level accuracy over matched ones |
| paragraph counts | sections (matched by heading) whose paragraph count equals gold |
| sentence boundaries F1 | sentence-end word positions, predicted words aligned to gold words |
| topic / role | accuracy over matched sections with body text (gold label not null) |
| metadata | every gold field that is not null must be equal |
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from pipeline.stages.classify import load_taxonomy, zero_shot_scorer
from pipeline.config import Config, resolve_path
from pipeline.document import Document
from pipeline.errors import EvaluationError

METADATA_FIELDS = ("title", "date", "document_type", "sender", "kamerstuk")
TARGETS = {  # issue #3: the bar every measure must clear on the gold set
    "body_word_accuracy": 0.995, "hyphenation": 0.98, "footnotes": 1.0, "heading_precision": 1.0,
    "heading_recall": 1.0, "heading_level": 1.0, "paragraph_counts": 0.9, "sentence_f1": 0.97,
    "topic": 0.8, "role": 0.7, "metadata": 1.0,
}


def _norm(text: str | None) -> str:
    return " ".join((text or "").split())


def _words(text: str) -> list[str]:
    return text.split()


@dataclass
class Counts:
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
    par_ok: int = 0
    par_total: int = 0
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

    def add(self, other: "Counts") -> None:
        for name, value in asdict(other).items():
            if name != "problems":
                setattr(self, name, getattr(self, name) + value)

    def scores(self) -> dict[str, float | None]:
        def ratio(a: int, b: int) -> float | None:
            return a / b if b else None

        sent_p, sent_r = ratio(self.sent_tp, self.sent_pred), ratio(self.sent_tp, self.sent_gold)
        f1 = 2 * sent_p * sent_r / (sent_p + sent_r) if sent_p and sent_r else (0.0 if self.sent_gold else None)
        return {
            "body_word_accuracy": 1 - self.body_errors / self.body_words if self.body_words else None,
            "hyphenation": ratio(self.hyph_ok, self.hyph_total),
            "footnotes": ratio(self.fn_ok, self.fn_total),
            "heading_precision": ratio(self.head_tp, self.head_pred) if self.head_gold or self.head_pred else None,
            "heading_recall": ratio(self.head_tp, self.head_gold),
            "heading_level": ratio(self.level_ok, self.head_tp),
            "paragraph_counts": ratio(self.par_ok, self.par_total),
            "sentence_f1": f1,
            "topic": ratio(self.topic_ok, self.topic_total),
            "role": ratio(self.role_ok, self.role_total),
            "metadata": ratio(self.meta_ok, self.meta_total),
        }


def _body_words(headings_and_sentences: list[str]) -> list[str]:
    return [w for text in headings_and_sentences for w in _words(text)]


def _flatten_gold(gold: dict) -> tuple[list[str], list[int]]:
    """Body words and the word indices where a sentence ends, for the gold letter."""
    words: list[str] = []
    ends: list[int] = []
    for section in gold["sections"]:
        if section["heading"]:
            words += _words(section["heading"])
        for paragraph in section["paragraphs"]:
            for sentence in paragraph["sentences"]:
                words += _words(sentence)
                ends.append(len(words) - 1)
    return words, ends


def _flatten_doc(doc: Document) -> tuple[list[str], list[int]]:
    words: list[str] = []
    ends: list[int] = []
    for section in doc.sections:
        if section.heading:
            words += _words(section.heading)
        for paragraph in section.paragraphs:
            for sentence in paragraph.sentences:
                words += _words(sentence)
                ends.append(len(words) - 1)
    return words, ends


def _word_edit_distance(a: list[str], b: list[str]) -> int:
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(a, b)


def compare(doc: Document, gold: dict) -> Counts:
    c = Counts()
    gold_words, gold_ends = _flatten_gold(gold)
    pred_words, pred_ends = _flatten_doc(doc)

    c.body_words = len(gold_words)
    c.body_errors = _word_edit_distance(pred_words, gold_words)

    body_text = " " + " ".join(pred_words) + " "
    for case in gold.get("hyphenation", []):
        c.hyph_total += 1
        expected = _norm(case["expected"])
        if re.search(r"(?<![\w-])" + re.escape(expected) + r"(?![\w-])", body_text):
            c.hyph_ok += 1
        else:
            c.problems.append(f"hyphenation: {case['line_end']}|{case['next']} should give {expected!r}")

    pred_notes = {f.n: _norm(f.text) for f in doc.footnotes}
    for note in gold["footnotes"]:
        c.fn_total += 1
        if pred_notes.get(note["n"]) == _norm(note["text"]):
            c.fn_ok += 1
        else:
            c.problems.append(f"footnote {note['n']}: got {pred_notes.get(note['n'])!r}")

    gold_heads = [s for s in gold["sections"] if s["heading"]]
    pred_heads = [s for s in doc.sections if s.heading]
    c.head_gold, c.head_pred = len(gold_heads), len(pred_heads)
    unmatched = Counter(_norm(s.heading) for s in pred_heads)
    pred_by_heading: dict[str | None, list] = {}
    for s in doc.sections:
        pred_by_heading.setdefault(_norm(s.heading) if s.heading else None, []).append(s)
    for g in gold_heads:
        key = _norm(g["heading"])
        if unmatched[key] > 0:
            unmatched[key] -= 1
            c.head_tp += 1
        else:
            c.problems.append(f"heading missed: {key!r}")
    c.problems += [f"heading not in gold: {h!r}" for h, n in unmatched.items() for _ in range(n)]

    used: Counter = Counter()
    for g in gold["sections"]:
        key = _norm(g["heading"]) if g["heading"] else None
        candidates = pred_by_heading.get(key, [])
        if used[key] >= len(candidates):
            continue
        p = candidates[used[key]]
        used[key] += 1
        if g["heading"]:
            if p.level == g["level"]:
                c.level_ok += 1
            else:
                c.problems.append(f"level of {key!r}: got {p.level}, gold {g['level']}")
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

    meta = doc.metadata.model_dump()
    for name in METADATA_FIELDS:
        expected = gold["metadata"].get(name)
        if expected is None:
            continue
        c.meta_total += 1
        if _norm(str(meta.get(name) or "")) == _norm(str(expected)):
            c.meta_ok += 1
        else:
            c.problems.append(f"metadata {name}: got {meta.get(name)!r}, gold {expected!r}")
    return c


def load_gold(gold_dir: Path) -> list[tuple[Path, dict]]:
    files = sorted(gold_dir.glob("*.gold.json"))
    if not files:
        raise EvaluationError("no gold files (*.gold.json)", path=gold_dir, stage="evaluate-structure",
                              fix="see data/gold/README.md for the format")
    return [(f, json.loads(f.read_text(encoding="utf-8"))) for f in files]


def run(gold_dir: Path, cfg: Config) -> tuple[dict[str, Counts], Counts]:
    from pipeline.engines.local import analyse

    taxonomy = load_taxonomy(resolve_path(cfg.classify.taxonomy))
    scorer = zero_shot_scorer(cfg)  # measure the configured classifier, cues by default
    per_letter: dict[str, Counts] = {}
    total = Counts()
    for path, gold in load_gold(gold_dir):
        doc = analyse(resolve_path(gold["input"]), cfg, taxonomy, scorer=scorer)
        counts = compare(doc, gold)
        per_letter[path.name.removesuffix(".gold.json")] = counts
        total.add(counts)
    return per_letter, total


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def meets(scores: dict[str, float | None], targets: dict[str, float]) -> bool:
    return all(scores[k] is None or scores[k] >= t - 1e-9 for k, t in targets.items())


def report(per_letter: dict[str, Counts], total: Counts, targets: dict[str, float] = TARGETS) -> str:
    """One table: a row per measure (those without a target in `targets` are shown, not judged)."""
    names = list(per_letter)
    overall = total.scores()
    lines = ["| measure | target | " + " | ".join(names) + " | overall | ok |",
             "|---|---|" + "---|" * len(names) + "---|---|"]
    for measure in TARGETS:
        target = targets.get(measure)
        cells = [_fmt(per_letter[n].scores()[measure]) for n in names]
        value = overall[measure]
        ok = "—" if value is None or target is None else ("yes" if value >= target - 1e-9 else "NO")
        bar = "—" if target is None else f"≥ {target:g}"
        lines.append(f"| {measure} | {bar} | " + " | ".join(cells) + f" | {_fmt(value)} | {ok} |")
    problems = [f"- {n}: {p}" for n in names for p in per_letter[n].problems]
    if problems:
        lines += ["", "Differences from gold:", *problems]
    return "\n".join(lines)


HELDOUT = "heldout"  # a subfolder of letters built to probe generalisation: reported, not pinned
REAL = "real"  # real letters copied from public pages (data/gold/real/README in data/gold/README.md)
# Issue #11's bar for the real letters: footnotes whose text is in the file, headings, levels, metadata.
REAL_TARGETS = {"footnotes": 1.0, "heading_precision": 0.95, "heading_recall": 0.95, "heading_level": 0.9,
                "metadata": 0.95}


def main(gold_dir: Path, cfg: Config, out: Path | None = None, layouts: int = 0,
         seed: int = 0) -> tuple[str, bool]:
    """The table for the gold set (whose targets decide `passed`) and, when present, the held-out set;
    with `layouts` > 0 also the layout-invariance table (`pipeline.evaluate.invariance`: every gold and
    held-out letter in `layouts` seeded layouts from `seed`), which says per measure whether the
    issue #11 targets are met but does not decide `passed`."""
    per_letter, total = run(gold_dir, cfg)
    text = report(per_letter, total)
    scores = total.scores()
    passed = meets(scores, TARGETS)
    heldout = gold_dir / HELDOUT
    if any(heldout.glob("*.gold.json")):
        held_letters, held_total = run(heldout, cfg)
        text += ("\n\nHeld-out letters (data/gold/heldout: unseen layouts built to probe generalisation; "
                 "reported, not pinned by tests):\n\n" + report(held_letters, held_total))
    real = gold_dir / REAL
    if any(real.glob("*.gold.json")):
        real_letters, real_total = run(real, cfg)
        verdict = "all targets met" if meets(real_total.scores(), REAL_TARGETS) else "targets NOT met"
        text += (f"\n\nReal letters (data/gold/real: copied from public pages, source URLs in the gold files; "
                 f"{verdict}):\n\n" + report(real_letters, real_total, REAL_TARGETS))
    if layouts > 0:
        # Imported here: pipeline.evaluate.invariance builds on this module's compare().
        from pipeline.evaluate.invariance import main as layouts_main

        layout_text, _ = layouts_main(gold_dir, cfg, layouts, seed, out)
        text += "\n\n" + layout_text
    if out is not None:
        from pipeline.render.markdown import atomic_write

        atomic_write(out / "structure.md", text + "\n")
        atomic_write(out / "structure.json", json.dumps(
            {"overall": scores, "targets": TARGETS,
             "letters": {n: {"scores": c.scores(), "problems": c.problems} for n, c in per_letter.items()}},
            indent=2) + "\n")
    return text, passed
