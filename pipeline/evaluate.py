"""Evaluate notes against hand-written references in data/references/.

Summaries: ROUGE-1/2 and ROUGE-Lsum F1 (rouge-score, Porter stemming; Lsum treats each sentence
as a line, the summary-level LCS of the CNN/DailyMail literature), per section and for the letter.
Translations: sacreBLEU BLEU and chrF over sections, with the signature sacreBLEU prints.
Sections are matched on their Dutch heading, so segmentation of paragraphs does not matter.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from statistics import mean

from pipeline.config import Config
from pipeline.errors import EvaluationError
from pipeline.render import atomic_write

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _norm(heading: str | None) -> str | None:
    return " ".join(heading.split()).casefold() if heading else None


def _lines(text: str) -> str:
    """rougeLsum expects one sentence per line."""
    return "\n".join(s.strip() for s in _SENTENCE_END.split(text.strip()) if s.strip())


@dataclass
class Pairs:
    section_summaries: list[tuple[str, str]] = field(default_factory=list)  # (hypothesis, reference)
    letter_summaries: list[tuple[str, str]] = field(default_factory=list)
    translations: list[tuple[str, str]] = field(default_factory=list)
    # Lead-3 of the reference translation vs the reference summary: the score of a trivial
    # extractive summary with perfect translation, for scale.
    lead3_sections: list[tuple[str, str]] = field(default_factory=list)
    lead3_letters: list[tuple[str, str]] = field(default_factory=list)
    unmatched_sections: list[str] = field(default_factory=list)
    tiny_models: bool = False
    notes: list[str] = field(default_factory=list)


def collect_pairs(notes_dir: Path, references_dir: Path) -> Pairs:
    refs = sorted(references_dir.glob("*.json"))
    if not refs:
        raise EvaluationError("no reference files found", path=references_dir, stage="evaluate",
                              fix="add <letter stem>.json references (see data/references/README.md)")
    pairs = Pairs()
    for ref_path in refs:
        ref = json.loads(ref_path.read_text(encoding="utf-8"))
        note_path = notes_dir / f"{Path(ref['source']).stem}.json"
        if not note_path.is_file():
            raise EvaluationError(f"no note for reference {ref_path.name}", path=note_path, stage="evaluate",
                                  fix="run `make translate` first (or pass --notes to the folder with the notes)")
        note = json.loads(note_path.read_text(encoding="utf-8"))
        pairs.notes.append(note_path.name)
        pairs.tiny_models |= any(m.get("tiny") for m in note["provenance"]["models"].values())
        by_heading = {_norm(s["heading"]): s for s in note["sections"]}
        for ref_section in ref["sections"]:
            if ref_section["summary_en"].strip() and ref_section["translation_en"].strip():
                pairs.lead3_sections.append((_lead(ref_section["translation_en"]), ref_section["summary_en"]))
            section = by_heading.get(_norm(ref_section["heading_nl"]))
            if section is None:
                pairs.unmatched_sections.append(f"{ref_path.name}: {ref_section['heading_nl']!r}")
                continue
            if ref_section["summary_en"].strip():
                pairs.section_summaries.append((section.get("summary_en") or "", ref_section["summary_en"]))
            if ref_section["translation_en"].strip():
                hyp = " ".join(p.get("text_en") or "" for p in section["paragraphs"])
                pairs.translations.append((hyp, " ".join(ref_section["translation_en"].split())))
        if ref.get("letter_summary"):
            pairs.letter_summaries.append((note.get("summary_en") or "", ref["letter_summary"]))
            whole = " ".join(s["translation_en"] for s in ref["sections"])
            pairs.lead3_letters.append((_lead(whole), ref["letter_summary"]))
    return pairs


def _lead(text: str, k: int = 3) -> str:
    return " ".join(_SENTENCE_END.split(" ".join(text.split()))[:k])


def rouge(pairs: list[tuple[str, str]], rouge_types: list[str]) -> dict[str, float]:
    """Mean F1 per ROUGE type (0..1); empty when there are no pairs."""
    from rouge_score import rouge_scorer

    if not pairs:
        return {}
    scorer = rouge_scorer.RougeScorer(rouge_types, use_stemmer=True)
    scores = [scorer.score(_lines(ref), _lines(hyp)) for hyp, ref in pairs]
    return {t: mean(s[t].fmeasure for s in scores) for t in rouge_types}


def bleu_chrf(pairs: list[tuple[str, str]]) -> dict[str, object]:
    from sacrebleu.metrics import BLEU, CHRF

    hyps = [h for h, _ in pairs]
    refs = [[r for _, r in pairs]]
    bleu, chrf = BLEU(), CHRF()
    return {"bleu": bleu.corpus_score(hyps, refs).score, "chrf": chrf.corpus_score(hyps, refs).score,
            "bleu_signature": str(bleu.get_signature()), "chrf_signature": str(chrf.get_signature())}


def evaluate(notes_dir: Path, references_dir: Path, report_dir: Path, cfg: Config) -> str:
    pairs = collect_pairs(notes_dir, references_dir)
    result = {
        "notes": pairs.notes,
        "tiny_models": pairs.tiny_models,
        "rouge_note": "F1 x100; rouge-score with Porter stemming; rougeLsum = summary-level LCS, one sentence per line",
        "section_summaries": {"n": len(pairs.section_summaries),
                              **{k: 100 * v for k, v in rouge(pairs.section_summaries, cfg.evaluate.rouge_types).items()}},
        "letter_summaries": {"n": len(pairs.letter_summaries),
                             **{k: 100 * v for k, v in rouge(pairs.letter_summaries, cfg.evaluate.rouge_types).items()}},
        "lead3_baseline_sections": {"n": len(pairs.lead3_sections),
                                    **{k: 100 * v for k, v in rouge(pairs.lead3_sections, cfg.evaluate.rouge_types).items()}},
        "lead3_baseline_letters": {"n": len(pairs.lead3_letters),
                                   **{k: 100 * v for k, v in rouge(pairs.lead3_letters, cfg.evaluate.rouge_types).items()}},
        "translation": {"n": len(pairs.translations), **(bleu_chrf(pairs.translations) if pairs.translations else {})},
        "unmatched_sections": pairs.unmatched_sections,
    }
    lines = ["# Evaluation report", ""]
    if pairs.tiny_models:
        lines += ["> **These scores are meaningless:** the notes were made with tiny random-weight test "
                  "models. Run with the real models for a quality measurement.", ""]
    lines += [f"Notes scored: {', '.join(pairs.notes)}", "", "| what | n | " +
              " | ".join(cfg.evaluate.rouge_types) + " |", "|---|---|" + "---|" * len(cfg.evaluate.rouge_types)]
    for key, label in (("section_summaries", "section summaries"), ("letter_summaries", "letter summary"),
                       ("lead3_baseline_sections", "baseline: lead-3 of reference translation, sections"),
                       ("lead3_baseline_letters", "baseline: lead-3 of reference translation, letter")):
        row = result[key]
        lines.append(f"| {label} | {row['n']} | " +
                     " | ".join(f"{row.get(t, float('nan')):.1f}" for t in cfg.evaluate.rouge_types) + " |")
    lines += ["", result["rouge_note"], ""]
    t = result["translation"]
    if t["n"]:
        lines += ["| translation | n | BLEU | chrF |", "|---|---|---|---|",
                  f"| sections | {t['n']} | {t['bleu']:.1f} | {t['chrf']:.1f} |", "",
                  f"sacreBLEU signatures: `{t['bleu_signature']}`, `{t['chrf_signature']}`", ""]
    if pairs.unmatched_sections:
        lines += ["Reference sections with no matching note section (counted as missing):", ""]
        lines += [f"- {u}" for u in pairs.unmatched_sections] + [""]
    report = "\n".join(lines)
    atomic_write(report_dir / "report.md", report)
    atomic_write(report_dir / "report.json", json.dumps(result, indent=2) + "\n")
    return report
