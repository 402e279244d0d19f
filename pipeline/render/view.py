"""The note's view model: what a briefing note shows, built once from the Document and laid out by
every format (the Markdown and HTML templates, the Word writer).

Every string here is still the letter's (or the model's, or the file name's) raw text: each format
escapes it its own way on the way out (pipeline.render.markdown, pipeline.render.html,
pipeline.render.docx), so nothing in this module is safe to print as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.document import Document, FidelitySummary, Flag, Paragraph, Section, SummaryGuardTotals

ROLE_LABELS = {
    "introduction": "Introduction",
    "report_of_discussion": "Report of discussion",
    "decision_or_outcome": "Decision / outcome",
    "dutch_position": "Dutch position",
    "follow_up_commitment": "Follow-up commitment",
    "mixed": "Mixed",
    "answer": "Question and answer",
}

KEY_FACT_LABELS = {
    "decision": "Decisions",
    "dutch_position": "Dutch position",
    "commitment": "Commitments to parliament",
    "money": "Money",
    "date": "Dates",
    "reference": "References",
}


def one_line(text: str | None, limit: int = 200) -> str:
    """`text` folded to one line of at most `limit` characters, cut at a word with an ellipsis."""
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def cue_shares(scores: dict[str, float] | None, labels: dict[str, str] | None = None) -> str | None:
    """'cue shares: Defense 60%, International Affairs 40%': why a label was chosen (the top three);
    None when the section has no recorded scores."""
    if not scores:
        return None
    return "cue shares: " + ", ".join(f"{(labels or {}).get(k, k)} {v:.0%}" for k, v in list(scores.items())[:3])


def heading_text(section: Section) -> str:
    """The heading a note shows: the English one, else the Dutch one, else 'Opening' (the text
    before the first heading)."""
    return section.heading_en or ("Opening" if section.heading is None else section.heading)


def section_anchor(section_id: str) -> str:
    """The section's id in the HTML note (letters, digits, `_` and `-` only)."""
    return "sec-" + re.sub(r"[^A-Za-z0-9_-]", "_", section_id)


@dataclass(frozen=True)
class Row:
    label: str
    value: str


@dataclass(frozen=True)
class Badge:
    """A section's topic or role: `name` is 'Topic' or 'Role'; `shares` says why (cue shares)."""

    name: str
    label: str
    shares: str | None


@dataclass(frozen=True)
class SentencePair:
    """One row of the side-by-side view: Dutch, English (None: not translated), the fidelity flags
    on it; `last`: the paragraph's last row, where its footnote references go."""

    dutch: str
    english: str | None
    flags: list[Flag]
    last: bool


@dataclass(frozen=True)
class ParagraphView:
    english: str | None
    footnote_refs: list[int]
    pairs: list[SentencePair]
    # 'sentence 2, number: …; sentence 3, glossary: …': the paragraph's fidelity flags in one line.
    flags_text: str | None


@dataclass(frozen=True)
class SectionView:
    anchor: str
    level: int
    heading: str
    dutch_heading: str | None  # the Dutch heading, when the letter has one
    badges: list[Badge]
    summary: str | None
    summary_chunks: int | None  # how many chunks the summary was made from, when more than one
    paragraphs: list[ParagraphView]

    @property
    def depth(self) -> int:
        """The heading level in Markdown and HTML: the letter's top level is h2 (h1 is the title)."""
        return min(6, 2 + self.level)


@dataclass(frozen=True)
class KeyPoint:
    """The key facts of one kind from one source sentence."""

    values: list[str]  # the amounts, dates or references, verbatim
    english: str | None
    dutch: str
    section_id: str
    section_heading: str | None  # None: the section is not in the note
    section_anchor: str


@dataclass(frozen=True)
class KeyPointGroup:
    kind: str
    label: str
    points: list[KeyPoint]

    @property
    def with_values(self) -> bool:
        return any(point.values for point in self.points)


@dataclass(frozen=True)
class FootnoteView:
    n: int
    text: str  # the English, else the Dutch
    dutch: str
    translated: bool  # the English differs from the Dutch


@dataclass(frozen=True)
class ProvenanceView:
    version: str
    models: str  # 'translate: id@revision (tiny); summarize: …'
    config_hash: str | None
    input_sha256: str  # the first 12 hex digits
    created: str | None
    long_sentence_splits: int
    summary_chunked_sections: int
    summary_guard: SummaryGuardTotals | None
    fidelity: FidelitySummary | None
    fidelity_flags: str  # 'degenerate 3, number 1', or 'none'


@dataclass(frozen=True)
class NoteView:
    title: str
    dutch_title: str | None  # the Dutch title, when the note's title is another one
    tiny_models: str | None  # the tiny test models the note was made with, comma-separated
    fields: dict[str, str]  # metadata label -> value ('unknown' / '—' when missing)
    question_rows: list[Row]
    summary: str | None
    key_points: list[KeyPointGroup]
    sections: list[SectionView]
    footnotes: list[FootnoteView]
    provenance: ProvenanceView
    warnings: list[str]

    @property
    def rows(self) -> list[Row]:
        """The metadata table of the HTML and Word notes (the Markdown note orders its own)."""
        labels = ["Date", "Sender", "Kamerstuk"]
        rows = [Row(label, self.fields[label]) for label in labels] + self.question_rows
        return rows + [Row(label, self.fields[label]) for label in ("Document type", "Topics", "Source")]


def question_rows(doc: Document) -> list[Row]:
    """Metadata rows of an answer to written questions (who asked, when); none for other documents."""
    meta = doc.metadata
    if not meta.questioners:
        return []
    return [Row("Questions by", ", ".join(meta.questioners)), Row("Questions sent in", meta.questions_date or "unknown")]


def section_badges(section: Section) -> list[Badge]:
    badges = []
    if section.topic:
        badges.append(Badge("Topic", section.topic, cue_shares(section.topic_scores)))
    if section.role:
        badges.append(Badge("Role", ROLE_LABELS.get(section.role, section.role),
                            cue_shares(section.role_scores, ROLE_LABELS)))
    return badges


def paragraph_view(paragraph: Paragraph) -> ParagraphView:
    """Rows one per sentence when both sides have the same number of sentences, else one for the
    whole paragraph."""
    english = paragraph.sentences_en
    flags = paragraph.flags or []
    if paragraph.sentences and english is not None and len(english) == len(paragraph.sentences):
        rows = [(nl, en, [f for f in flags if f.sentence == i])
                for i, (nl, en) in enumerate(zip(paragraph.sentences, english))]
    else:
        rows = [(paragraph.text, paragraph.text_en, list(flags))]
    pairs = [SentencePair(nl, en, row_flags, i == len(rows) - 1) for i, (nl, en, row_flags) in enumerate(rows)]
    flags_text = "; ".join(f"sentence {f.sentence + 1}, {f.kind}: {f.detail}" for f in flags) if flags else None
    return ParagraphView(paragraph.text_en, list(paragraph.footnote_refs), pairs, flags_text)


def key_point_groups(doc: Document) -> list[KeyPointGroup]:
    """The key facts by kind, in KEY_FACT_LABELS order, one point per source sentence: a sentence
    that yields several facts of a kind (two amounts, say) is one point."""
    sections = {s.id: s for s in doc.sections}
    groups = []
    for kind, label in KEY_FACT_LABELS.items():
        sentences: dict[tuple[str, int, int], list] = {}
        for fact in doc.key_facts:
            if fact.kind == kind:
                sentences.setdefault((fact.section_id, fact.paragraph, fact.sentence), []).append(fact)
        points = []
        for facts in sentences.values():
            first = facts[0]
            section = sections.get(first.section_id)
            points.append(KeyPoint([f.value for f in facts if f.value], first.text_en, first.text_nl, first.section_id,
                                   heading_text(section) if section else None, section_anchor(first.section_id)))
        if points:
            groups.append(KeyPointGroup(kind, label, points))
    return groups


def provenance_view(doc: Document) -> ProvenanceView:
    prov = doc.provenance
    models = "; ".join(f"{k}: {m.id}" + (f"@{m.revision}" if m.revision else "") + (" (tiny)" if m.tiny else "")
                       for k, m in prov.models.items())
    fidelity_flags = ", ".join(f"{k} {v}" for k, v in sorted(prov.fidelity.flags.items())) if prov.fidelity else ""
    return ProvenanceView(prov.pipeline_version, models, prov.config_hash, (prov.input_sha256 or "")[:12],
                          prov.created, int(prov.long_sentence_splits or 0), int(prov.summary_chunked_sections or 0),
                          prov.summary_guard, prov.fidelity, fidelity_flags or "none")


def note_view(doc: Document) -> NoteView:
    meta = doc.metadata
    title = meta.title_en or meta.title or doc.source
    tiny = [m.id for m in doc.provenance.models.values() if m.tiny]
    topics = sorted({s.topic for s in doc.sections if s.topic})
    fields = {"Dutch title": meta.title or "—", "Date": meta.date or "unknown",
              "Document type": meta.document_type or "unknown", "Sender": meta.sender or "unknown",
              "Kamerstuk": meta.kamerstuk or "—", "Topics": ", ".join(topics) or "—", "Source": doc.source}
    sections = [SectionView(section_anchor(s.id), s.level, heading_text(s), s.heading or None, section_badges(s),
                            s.summary_en, s.summary_chunks if (s.summary_chunks or 0) > 1 else None,
                            [paragraph_view(p) for p in s.paragraphs])
                for s in doc.sections]
    footnotes = [FootnoteView(int(fn.n), fn.text_en or fn.text, fn.text, bool(fn.text_en and fn.text_en != fn.text))
                 for fn in doc.footnotes]
    return NoteView(title, meta.title if meta.title and meta.title != title else None, ", ".join(tiny) or None,
                    fields, question_rows(doc), doc.summary_en, key_point_groups(doc), sections, footnotes,
                    provenance_view(doc), list(doc.warnings))


@dataclass(frozen=True)
class IndexEntry:
    """One letter's line in the batch index."""

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
                   one_line(doc.summary_en, 200), doc.metadata.sender)


def newest_first(entries: list[IndexEntry]) -> list[IndexEntry]:
    return sorted(entries, key=lambda e: (e.date or "", e.stem), reverse=True)
