"""Render: briefing notes (Markdown + JSON, HTML and .docx via pipeline.render.html / render_docx) per letter
and an index for the batch (index.md, index.html).

All files are written atomically (temp file in the same folder, then rename), so a killed run
never leaves a half-written note behind.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from pipeline.document import Document, Metadata
from pipeline.render.escape import md_link_target, md_text, md_url

ROLE_LABELS = {
    "introduction": "Introduction",
    "report_of_discussion": "Report of discussion",
    "decision_or_outcome": "Decision / outcome",
    "dutch_position": "Dutch position",
    "follow_up_commitment": "Follow-up commitment",
    "mixed": "Mixed",
    "answer": "Question and answer",
}


def atomic_write(path: Path, text: str) -> None:
    """Write `text` to `path` so readers see the old file or the new one, never a partial one."""
    atomic_write_bytes(path, text.encode("utf-8"))  # as written: no newline translation


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """`atomic_write` for bytes (the .docx note)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with open(tmp, "xb") as handle:  # "x": umask-respecting mode
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _tiny_banner(doc: Document) -> str | None:
    tiny = [m.id for m in doc.provenance.models.values() if m.tiny]
    if not tiny:
        return None
    return ("> **Test output — not a translation.** This note was made with tiny random-weight test "
            "models (" + ", ".join(tiny) + "); its English is nonsense by design. Configure the real "
            "models (`make models`) for real notes.")


def question_rows(meta: Metadata) -> list[tuple[str, str]]:
    """Metadata rows of an answer to written questions (who asked, when), shown by every note format;
    none for other documents."""
    if not meta.questioners:
        return []
    return [("Questions by", ", ".join(meta.questioners)), ("Questions sent in", meta.questions_date or "unknown")]


def cue_shares(scores: dict[str, float] | None, labels: dict[str, str] | None = None) -> str | None:
    """'cue shares: Defense 60%, International Affairs 40%': why a label was chosen (the top three);
    None when the section has no recorded scores."""
    if not scores:
        return None
    return "cue shares: " + ", ".join(f"{(labels or {}).get(k, k)} {v:.0%}" for k, v in list(scores.items())[:3])


def section_badges(section) -> list[tuple[str, str, str | None]]:
    """The section's badges as (name, label, cue shares), for every note format to lay out its way."""
    badges = []
    if section.topic:
        badges.append(("Topic", section.topic, cue_shares(section.topic_scores)))
    if section.role:
        badges.append(("Role", ROLE_LABELS.get(section.role, section.role), cue_shares(section.role_scores, ROLE_LABELS)))
    return badges


def _one_line(text: str | None, limit: int = 200) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


KEY_FACT_LABELS = {
    "decision": "Decisions",
    "dutch_position": "Dutch position",
    "commitment": "Commitments to parliament",
    "money": "Money",
    "date": "Dates",
    "reference": "References",
}


def sentence_pairs(paragraph) -> list[tuple[str, str | None, list]]:
    """(Dutch, English, fidelity flags) rows for a side-by-side view: one per sentence when both
    sides have the same number of sentences, else one for the whole paragraph."""
    english = paragraph.sentences_en
    flags = paragraph.flags or []
    if paragraph.sentences and english is not None and len(english) == len(paragraph.sentences):
        return [(nl, en, [f for f in flags if f.sentence == i])
                for i, (nl, en) in enumerate(zip(paragraph.sentences, english))]
    return [(paragraph.text, paragraph.text_en, list(flags))]


def key_fact_groups(doc: Document) -> list[tuple[str, str, list[list]]]:
    """(kind, label, facts per source sentence) for every kind that has facts, in KEY_FACT_LABELS
    order: a sentence that yields several facts of a kind (two amounts, say) is one entry."""
    grouped = []
    for kind, label in KEY_FACT_LABELS.items():
        sentences: dict[tuple[str, int, int], list] = {}
        for fact in doc.key_facts:
            if fact.kind == kind:
                sentences.setdefault((fact.section_id, fact.paragraph, fact.sentence), []).append(fact)
        if sentences:
            grouped.append((kind, label, list(sentences.values())))
    return grouped


def _value(kind: str, value: str) -> str:
    """A key fact's value: an http(s) reference as a link, another reference as plain text, else bold."""
    if kind == "reference":
        return md_url(value) or md_text(value)
    return f"**{md_text(value)}**"


def _key_points(doc: Document) -> list[str]:
    """'Key points': the key facts by kind, one line per source sentence: the English (or a mark that
    it is not translated), the Dutch original in italics and the section it comes from."""
    if not doc.key_facts:
        return []
    headings = {s.id: md_text(s.heading_en or ("Opening" if s.heading is None else s.heading)) for s in doc.sections}
    lines = ["## Key points", ""]
    for kind, label, sentences in key_fact_groups(doc):
        lines += [f"### {label}", ""]
        for facts in sentences:
            section_id = facts[0].section_id
            values = [_value(kind, f.value) for f in facts if f.value]
            english = md_text(facts[0].text_en) if facts[0].text_en else "_(not translated)_"
            dutch = md_text(facts[0].text_nl)
            lead = "; ".join(values) + ": " if values else ""
            lines.append(f"- {lead}{english} — _{dutch}_ (§ {headings.get(section_id, section_id)})")
        lines.append("")
    return lines


def _check(flags: list | None) -> str:
    """' **⚠ Check** _(sentence 2, number: …)_': a flagged paragraph's marker (pipeline.stages.translate.fidelity)."""
    if not flags:
        return ""
    items = "; ".join(f"sentence {f.sentence + 1}, {f.kind}: {f.detail}" for f in flags)
    return " **⚠ Check** _(" + md_text(items) + ")_"


def _fidelity_line(fidelity) -> str:
    if fidelity is None:
        return ""
    flags = ", ".join(f"{k} {v}" for k, v in sorted(fidelity.flags.items())) or "none"
    flags = md_text(flags)
    return (f" | glossary ({fidelity.glossary_mode or 'off'}): {fidelity.glossary_repairs} repaired, "
            f"{fidelity.glossary_inserted} inserted | retries: {fidelity.retries} "
            f"({fidelity.retries_fixed} fixed) | flagged sentences: {flags}")


def render_markdown(doc: Document) -> str:
    meta = doc.metadata
    # Everything below that comes from the letter, its file name or a model goes through md_text
    # (or md_url): a note must stay inert in any Markdown viewer (pipeline.render.escape).
    lines: list[str] = [f"# {md_text(meta.title_en or meta.title or doc.source)}", ""]
    banner = _tiny_banner(doc)
    if banner:
        lines += [banner, ""]
    rows = [("Dutch title", meta.title or "—"), ("Date", meta.date or "unknown"),
            ("Document type", meta.document_type or "unknown"), ("Sender", meta.sender or "unknown"),
            ("Kamerstuk", meta.kamerstuk or "—")]
    rows += question_rows(meta)
    topics = sorted({s.topic for s in doc.sections if s.topic})
    rows.append(("Topics", ", ".join(topics) or "—"))
    cells = [("Dutch title", md_text(rows[0][1])), ("Source", md_text(doc.source))]
    cells += [(k, md_text(v)) for k, v in rows[1:]]
    lines += ["| | |", "|---|---|"] + [f"| {k} | {v} |" for k, v in cells] + [""]
    summary = md_text(doc.summary_en) if doc.summary_en else "_No summary (no body text)._"
    lines += ["## Summary", "", summary, ""]
    lines += _key_points(doc)
    for section in doc.sections:
        depth = min(6, 2 + section.level)
        heading = section.heading_en or ("Opening" if section.heading is None else section.heading)
        lines.append(f"{'#' * depth} {md_text(heading)}")
        lines.append("")
        if section.heading:
            lines += [f"_Dutch heading: {md_text(section.heading)}_", ""]
        badges = [f"**{name}:** {md_text(label)}" + (f" _({md_text(shares)})_" if shares else "")
                  for name, label, shares in section_badges(section)]
        if badges:
            lines += [" · ".join(badges), ""]
        if not section.paragraphs:
            continue
        if section.summary_en:
            chunk_note = (f" _(summarized in {section.summary_chunks} chunks)_"
                          if (section.summary_chunks or 0) > 1 else "")
            lines += [f"**Summary.** {md_text(section.summary_en)}{chunk_note}", ""]
        lines += ["<details><summary>Full translation</summary>", ""]
        for paragraph in section.paragraphs:
            refs = "".join(f"[^{n}]" for n in paragraph.footnote_refs)
            english = md_text(paragraph.text_en) if paragraph.text_en else "_(not translated)_"
            lines += [english + refs + _check(paragraph.flags), ""]
        lines += ["</details>", ""]
    if doc.footnotes:
        lines += ["## Footnotes", ""]
        for footnote in doc.footnotes:
            lines.append(f"[^{int(footnote.n)}]: {md_text(footnote.text_en or footnote.text)} "
                         f"(Dutch: {md_text(footnote.text)})")
        lines.append("")
    prov = doc.provenance
    models = md_text("; ".join(f"{k}: {m.id}" + (f"@{m.revision}" if m.revision else "") + (" (tiny)" if m.tiny else "")
                               for k, m in prov.models.items()))
    lines += ["---", "",
              f"_Provenance: kamerbrief-pipeline {prov.pipeline_version} | models: {models or 'none'} | "
              f"config {md_text(prov.config_hash)} | input sha256 {md_text((prov.input_sha256 or '')[:12])} | "
              f"long sentences split: {prov.long_sentence_splits or 0} | "
              f"sections summarized in chunks: {prov.summary_chunked_sections or 0}" + (f" | summary guard: {g.dropped} sentences dropped, {g.regenerated} regenerated, "
                                                                                        f"{g.fallbacks} extractive, {g.flagged} flagged" if (g := prov.summary_guard) else "")
              + _fidelity_line(prov.fidelity) + "._", ""]
    if doc.warnings:
        lines += ["**Warnings:**", ""] + [f"- {md_text(w)}" for w in doc.warnings] + [""]
    return "\n".join(lines)


@dataclass(frozen=True)
class IndexEntry:
    stem: str
    date: str | None
    title: str | None
    topics: list[str]
    summary: str | None
    sender: str | None = None

    @classmethod
    def of(cls, stem: str, doc: Document) -> "IndexEntry":
        topics = sorted({s.topic for s in doc.sections if s.topic})
        # Only the index's one line of the summary is kept: a batch holds one entry per letter.
        return cls(stem, doc.metadata.date, doc.metadata.title_en or doc.metadata.title or doc.source, topics,
                   _one_line(doc.summary_en, 200), doc.metadata.sender)


def write_note(doc: Document, out_dir: Path, stem: str, formats: list[str]) -> list[Path]:
    """Write the note's files; the JSON last: it records the note as complete (see batch.run_key)."""
    written = []
    if "md" in formats:
        path = out_dir / f"{stem}.md"
        atomic_write(path, render_markdown(doc))
        written.append(path)
    if "html" in formats:
        from pipeline.render.html import render_html

        path = out_dir / f"{stem}.html"
        atomic_write(path, render_html(doc))
        written.append(path)
    if "docx" in formats:
        from pipeline.render.docx import render_docx

        path = out_dir / f"{stem}.docx"
        atomic_write_bytes(path, render_docx(doc))
        written.append(path)
    if "json" in formats:
        path = out_dir / f"{stem}.json"
        atomic_write(path, doc.to_json() + "\n")
        written.append(path)
    return written


def render_index(entries: list[IndexEntry], failures: dict[str, str]) -> str:
    lines = ["# Kamerbrieven — briefing notes", "",
             f"{len(entries)} letter(s) processed" + (f", {len(failures)} failed" if failures else "") + ".",
             "", "| Date | Title | Topics | Summary |", "|---|---|---|---|"]
    for e in sorted(entries, key=lambda e: (e.date or "", e.stem), reverse=True):
        # Every cell is md_text: one line, `|` escaped, so a row always has four cells.
        title = md_text(_one_line(e.title, 90)) or "—"
        lines.append(f"| {md_text(e.date) or '—'} | [{title}]({md_link_target(e.stem + '.md')}) | "
                     f"{md_text(', '.join(e.topics)) or '—'} | {md_text(_one_line(e.summary, 160)) or '—'} |")
    if failures:
        lines += ["", "## Failed inputs", "", "See `errors.json` for details.", ""]
        lines += [f"- {md_text(name)}: {md_text(_one_line(reason, 200))}" for name, reason in sorted(failures.items())]
    return "\n".join(lines) + "\n"
