"""Evaluate notes against hand-written references in data/references/.

Summaries: ROUGE-1/2 and ROUGE-Lsum F1 (rouge-score, Porter stemming; Lsum treats each sentence
as a line, the summary-level LCS of the CNN/DailyMail literature), per section and for the letter.
Translations: sacreBLEU BLEU and chrF over sections, with the signature sacreBLEU prints.
Sections are matched on their Dutch heading, so segmentation of paragraphs does not matter.
Key facts: the notes' key facts against the hand-annotated gold key facts (data/gold/keyfacts/),
for the notes that have gold, scored as `make evaluate-keyfacts` scores them.
Also reported: what the summary guards and fidelity checks did in the scored batch, and the
provenance of the notes (models, revisions, config hashes), so a score is tied to what made it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from statistics import mean

from pipeline.config import Config
from pipeline.document import Document
from pipeline.names import safe_stem
from pipeline.errors import EvaluationError
from pipeline.text.sentences import ENGLISH_SENTENCE_END, english_sentences
from pipeline.evaluate.keyfacts import KeyFactMetric
from pipeline.evaluate.metric import GoldMetric, fmt, signature_line, write_report

def _heading_key(heading: str | None) -> str | None:
    return " ".join(heading.split()).casefold() if heading else None


def _lines(text: str) -> str:
    """rougeLsum expects one sentence per line."""
    return "\n".join(s.strip() for s in ENGLISH_SENTENCE_END.split(text.strip()) if s.strip())


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
    rouge_types: tuple[str, ...] = ()  # what scores() measures the summaries with

    def add(self, other: "Pairs") -> None:
        for name in ("section_summaries", "letter_summaries", "translations", "lead3_sections", "lead3_letters",
                     "unmatched_sections", "notes"):
            getattr(self, name).extend(getattr(other, name))
        self.tiny_models |= other.tiny_models

    def scores(self) -> dict[str, float | None]:
        """ROUGE F1 of the section and letter summaries and BLEU/chrF of the translations, x100
        (None where there is nothing to score)."""
        sections, letter = rouge(self.section_summaries, self.rouge_types), rouge(self.letter_summaries, self.rouge_types)
        translation = bleu_chrf(self.translations) if self.translations else {}
        return {**{f"sections.{t}": 100 * sections[t] if sections else None for t in self.rouge_types},
                **{f"letter.{t}": 100 * letter[t] if letter else None for t in self.rouge_types},
                "translation.bleu": translation.get("bleu"), "translation.chrf": translation.get("chrf")}


@dataclass(frozen=True)
class NoteFile:
    name: str  # the note's file name
    reference: str  # the file name of its reference
    note: dict  # the note's JSON as written (read as JSON, so partial notes can be scored too)


class ReferenceMetric(GoldMetric[Pairs]):
    """Notes against hand-written references (`<letter stem>.json`): each note gives summary and
    translation pairs; pooled, ROUGE is the mean over pairs and BLEU/chrF are corpus scores."""

    name = "references"
    pattern = "*.json"
    stage = "evaluate"
    missing = "no reference files found"
    fix = "add <letter stem>.json references (see data/references/README.md)"
    TARGETS: dict[str, float] = {}  # quality is reported, not judged

    def __init__(self, references_dir: Path, rouge_types: list[str]) -> None:
        super().__init__(references_dir)
        self.rouge_types = tuple(rouge_types)
        self.measures = (*(f"sections.{t}" for t in self.rouge_types), *(f"letter.{t}" for t in self.rouge_types),
                         "translation.bleu", "translation.chrf")

    def empty(self) -> Pairs:
        return Pairs(rouge_types=self.rouge_types)

    def options(self) -> dict[str, object]:
        import sacrebleu  # slow to import: only when a signature is asked for

        return {"rouge": "+".join(self.rouge_types), "stemmer": "porter", "sacrebleu": sacrebleu.__version__}

    def notes_for(self, notes_dir: Path) -> dict[str, NoteFile]:
        """The note of each reference's source (by the source's name), read from `notes_dir`."""
        notes = {}
        for ref_path, ref in self.gold():
            note_path = notes_dir / f"{Path(ref['source']).stem}.json"
            if not note_path.is_file():
                raise EvaluationError(f"no note for reference {ref_path.name}", path=note_path, stage=self.stage,
                                      fix="run `make translate` first (or pass --notes to the folder with the notes)")
            notes[ref["source"]] = NoteFile(note_path.name, ref_path.name,
                                            json.loads(note_path.read_text(encoding="utf-8")))
        return notes

    def compare(self, note_file: NoteFile, ref: dict) -> Pairs:
        pairs = self.empty()
        note = note_file.note
        pairs.notes.append(note_file.name)
        pairs.tiny_models |= any(m.get("tiny") for m in note["provenance"]["models"].values())
        by_heading = {_heading_key(s["heading"]): s for s in note["sections"]}
        for ref_section in ref["sections"]:
            if ref_section["summary_en"].strip() and ref_section["translation_en"].strip():
                pairs.lead3_sections.append((_lead(ref_section["translation_en"]), ref_section["summary_en"]))
            section = by_heading.get(_heading_key(ref_section["heading_nl"]))
            if section is None:
                pairs.unmatched_sections.append(f"{note_file.reference}: {ref_section['heading_nl']!r}")
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
    return " ".join(english_sentences(text)[:k])


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


def load_notes(notes_dir: Path) -> dict[str, Document]:
    """Every note in `notes_dir` (file name → Document); files that are not notes are passed over."""
    notes = {}
    for path in sorted(notes_dir.glob("*.json")):
        try:
            notes[path.name] = Document.model_validate_json(path.read_text(encoding="utf-8"))
        except ValueError:  # errors.json, or some other JSON file that happens to be there
            continue
    return notes


def key_fact_scores(notes: dict[str, Document], gold_dir: Path) -> dict[str, object] | None:
    """Recall/precision of the notes' key facts against the gold facts of the letters that have
    gold (matched on the note's file name = the input's stem); None when no note has gold."""
    if not gold_dir.is_dir() or not any(gold_dir.glob("*.json")):
        return None
    metric = KeyFactMetric(gold_dir)
    results = {}
    for _, gold in metric.gold():
        doc = notes.get(f"{safe_stem(Path(gold['input']).stem)}.json")
        if doc is not None:
            results[doc.source] = metric.compare(doc, gold)
    if not results:
        return None
    aggregate = metric.aggregate(results)
    return {**metric.as_json(aggregate), "letters": aggregate.per_item}


def guard_counts(notes: dict[str, Document]) -> dict[str, object]:
    """What the summary guards and the translation fidelity checks did, summed over the notes."""
    guard = dict.fromkeys(("dropped", "regenerated", "fallbacks", "flagged"), 0)
    fidelity: dict[str, int] = {"retries": 0, "retries_fixed": 0, "glossary_repairs": 0}
    flags: dict[str, int] = {}
    sections = chunked = 0
    for doc in notes.values():
        prov = doc.provenance
        sections += len(doc.content_sections())
        chunked += prov.summary_chunked_sections or 0
        if prov.summary_guard is not None:
            for key in guard:
                guard[key] += getattr(prov.summary_guard, key)
        if prov.fidelity is not None:
            for key in fidelity:
                fidelity[key] += getattr(prov.fidelity, key)
            for kind, n in prov.fidelity.flags.items():
                flags[kind] = flags.get(kind, 0) + n
    return {"notes": len(notes), "sections": sections, "sections_summarized_in_chunks": chunked,
            "summary_guard": guard, "fidelity": fidelity | {"flagged_sentences": dict(sorted(flags.items()))}}


def provenance_summary(notes: dict[str, Document]) -> dict[str, object]:
    """The distinct pipeline versions, models (id, revision, backend) and config hashes of the notes:
    more than one of each means the batch mixes runs."""
    models: dict[str, set[str]] = {}
    for doc in notes.values():
        for purpose, m in doc.provenance.models.items():
            models.setdefault(purpose, set()).add(
                f"{m.id} @ {m.revision or 'no revision'} ({m.backend or '?'} {m.compute_type or ''}".rstrip()
                + (", tiny test model" if m.tiny else "") + ")")
    return {"pipeline_versions": sorted({d.provenance.pipeline_version for d in notes.values()}),
            "models": {k: sorted(v) for k, v in sorted(models.items())},
            "config_hashes": sorted({d.provenance.config_hash or "unknown" for d in notes.values()})}


def _keyfact_lines(scores: dict[str, object] | None) -> list[str]:
    if scores is None:
        return ["No scored note has gold key facts (data/gold/keyfacts/), so key facts are not scored.", ""]
    lines = ["| key facts | gold | predicted | recall | precision |", "|---|---|---|---|---|"]
    for name, row in [*scores["kinds"].items(), ("**overall**", scores["overall"])]:
        lines.append(f"| {name} | {row['gold']} | {row['pred']} | {fmt(row['recall'])} | {fmt(row['precision'])} |")
    targets = scores["targets"]
    lines += ["", f"Over {len(scores['letters'])} letter(s) with gold key facts; targets: recall ≥ "
              f"{targets['recall']:g} at precision ≥ {targets['precision']:g}. Key facts are found by YAML cues "
              "in the Dutch text, so these scores do not depend on the models.", "",
              signature_line(scores["signature"]), ""]
    return lines


def _guard_lines(counts: dict[str, object]) -> list[str]:
    g, f = counts["summary_guard"], counts["fidelity"]
    flagged = ", ".join(f"{k} {n}" for k, n in f["flagged_sentences"].items()) or "none"
    return ["| faithfulness guards (all notes) | count |", "|---|---|",
            f"| notes / sections with body text | {counts['notes']} / {counts['sections']} |",
            f"| sections summarized in chunks | {counts['sections_summarized_in_chunks']} |",
            f"| summary sentences dropped (number, date or name not in the source) | {g['dropped']} |",
            f"| summaries regenerated | {g['regenerated']} |",
            f"| summaries replaced by an extractive fallback | {g['fallbacks']} |",
            f"| summaries still degenerate (flagged) | {g['flagged']} |",
            f"| translation retries (fixed) | {f['retries']} ({f['retries_fixed']}) |",
            f"| glossary repairs | {f['glossary_repairs']} |",
            f"| translated sentences left flagged, by kind | {flagged} |", ""]


def _provenance_lines(prov: dict[str, object]) -> list[str]:
    lines = ["Provenance of the scored notes:", "",
             f"- pipeline: {', '.join(prov['pipeline_versions']) or 'unknown'}"]
    lines += [f"- {purpose} model: {'; '.join(ids)}" for purpose, ids in prov["models"].items()]
    lines += [f"- config hash: {', '.join(prov['config_hashes']) or 'unknown'}", ""]
    return lines


def evaluate(notes_dir: Path, references_dir: Path, report_dir: Path, cfg: Config) -> str:
    metric = ReferenceMetric(references_dir, cfg.evaluate.rouge_types)
    notes_by_source = metric.notes_for(notes_dir)
    aggregate = metric.aggregate(metric.results(lambda ref: notes_by_source[ref["source"]]))
    pairs = aggregate.pooled
    notes = load_notes(notes_dir)
    result = {
        "signature": metric.signature(),
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
        "per_note": aggregate.spread_json(),
        "unmatched_sections": pairs.unmatched_sections,
        "key_facts": key_fact_scores(notes, Path(cfg.evaluate.gold) / "keyfacts"),
        "guards": guard_counts(notes),
        "provenance": provenance_summary(notes),
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
    lines += ["", result["rouge_note"], "", signature_line(result["signature"]), ""]
    t = result["translation"]
    if t["n"]:
        lines += ["| translation | n | BLEU | chrF |", "|---|---|---|---|",
                  f"| sections | {t['n']} | {t['bleu']:.1f} | {t['chrf']:.1f} |", "",
                  f"sacreBLEU signatures: `{t['bleu_signature']}`, `{t['chrf_signature']}`", ""]
    if pairs.unmatched_sections:
        lines += ["Reference sections with no matching note section (counted as missing):", ""]
        lines += [f"- {u}" for u in pairs.unmatched_sections] + [""]
    lines += _keyfact_lines(result["key_facts"]) + _guard_lines(result["guards"])
    lines += _provenance_lines(result["provenance"])
    report = "\n".join(lines)
    write_report(report_dir, "report", report, result, indent=2)
    return report
