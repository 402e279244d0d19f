"""The note's view model: what a briefing note shows, built once from the Document and laid out by
every format (the Markdown and HTML templates, the Word writer).

A note keeps two kinds of text apart, in every format alike: what is EXTRACTED, verbatim from the
letter (metadata, headings, the Dutch sentences, amounts, dates, references), which a reader can
check, and what is MACHINE-GENERATED (the English translation and the summaries), which they must
check. LEGEND names both; every machine-made string carries MACHINE_TAG where it is shown.

Every string here is still the letter's (or the model's, or the file name's) raw text: each format
escapes it its own way on the way out (pipeline.render.markdown, pipeline.render.html,
pipeline.render.docx), so nothing in this module is safe to print as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.document import Document, FidelitySummary, Flag, KeyFact, Paragraph, Section, SummaryGuardTotals
from pipeline.render.links import official_url

# The one word for a field the letter does not state (the sender, the date, …), in the note and the index.
UNKNOWN = "not stated"

EXTRACTED_TAG = "Letter"
MACHINE_TAG = "Machine"
LEGEND = (
    (EXTRACTED_TAG, "verbatim from the letter: metadata, headings, the Dutch sentences, amounts, dates and "
                    "references. This is the record to check against."),
    (MACHINE_TAG, "made by a model: the English translation and the summaries. Check it against the Dutch "
                  "beside it before relying on it."),
)

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

# One key fact's kind as a word in a headline point ('Money · Decision').
KIND_WORDS = {"decision": "Decision", "dutch_position": "Dutch position", "commitment": "Commitment",
              "money": "Money", "date": "Date", "reference": "Reference"}

# The metadata field each OfficialRecord.mismatches name checks, and the record's value for it.
MISMATCH_FIELDS = {"date": ("Date", "date"), "kamerstuk": ("Kamerstuk", "kamerstuk"),
                   "ministry": ("Sender", "ministry")}


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


def section_ref(number: int, section: Section) -> str:
    """'§2 Dreigingsbeeld': a section by its place in the letter and its Dutch heading (extracted),
    never by the model's English."""
    return f"§{number} " + ("(opening, before the first heading)" if section.heading is None else section.heading)


def section_anchor(section_id: str) -> str:
    """The section's id in the HTML note (letters, digits, `_` and `-` only)."""
    return "sec-" + re.sub(r"[^A-Za-z0-9_-]", "_", section_id)


def check_text(reasons: list[tuple[str, str]]) -> str | None:
    """'number: date '13' not found; glossary: …': all the reasons one flagged text has, for its one badge."""
    return "; ".join(f"{kind}: {detail}" for kind, detail in dict.fromkeys(reasons)) or None


@dataclass(frozen=True)
class Row:
    label: str
    value: str
    check: str | None = None  # the official record disagrees: what it says
    link: bool = False  # the value is an http(s) address


@dataclass(frozen=True)
class Badge:
    """A section's topic or role: `name` is 'Topic' or 'Role'; `shares` says why (cue shares)."""

    name: str
    label: str
    shares: str | None


@dataclass(frozen=True)
class SentencePair:
    """One row of the side-by-side view: Dutch, English (None: not translated), the fidelity flags
    on it and `check`, all their reasons in one line; `last`: the paragraph's last row, where its
    footnote references go."""

    dutch: str
    english: str | None
    flags: list[Flag]
    last: bool
    check: str | None = None


@dataclass(frozen=True)
class ParagraphView:
    english: str | None
    footnote_refs: list[int]
    pairs: list[SentencePair]

    @property
    def dutch(self) -> str:
        return " ".join(pair.dutch for pair in self.pairs)

    @property
    def checks(self) -> list[tuple[int, str]]:
        """(sentence number, reasons) for each flagged sentence: one badge per sentence."""
        return [(i + 1, pair.check) for i, pair in enumerate(self.pairs) if pair.check]


@dataclass(frozen=True)
class SectionView:
    anchor: str
    level: int
    ref: str  # '§2 Dreigingsbeeld'
    heading_en: str | None  # the model's English heading
    checks: str | None  # the heading's fidelity flags
    badges: list[Badge]
    summary: str | None
    summary_chunks: int | None  # how many chunks the summary was made from, when more than one
    summary_checks: str | None
    paragraphs: list[ParagraphView]

    @property
    def depth(self) -> int:
        """The heading level in Markdown and HTML: the letter's top level is h3 (h1 is the title, h2
        the appendix)."""
        return min(6, 3 + self.level - 1)


@dataclass(frozen=True)
class KeyPoint:
    """The key facts from one source sentence (of one kind in the full list; of any kind in the
    headline, where `kinds` names them)."""

    kinds: list[str]
    values: list[str]  # the amounts, dates or references, verbatim
    english: str | None
    dutch: str
    section_ref: str | None  # '§2 Dreigingsbeeld'; None: the section is not in the note
    section_anchor: str
    reference: bool  # the values are references (links where they are URLs)


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
    checks: str | None = None


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
    """The note in reading order: header (title, banner, legend, metadata), the executive view
    (summary, headline points, commitments and dates), then the appendix (every key fact, the letter
    section by section, footnotes, provenance)."""

    title: str  # the Dutch title (extracted), else the file name
    title_en: str | None  # the model's English title, when there is one
    title_checks: str | None
    tiny_models: str | None  # the tiny test models the note was made with, comma-separated
    rows: list[Row]  # the metadata, in the order every format shows it
    summary: str | None
    summary_checks: str | None
    headline: list[KeyPoint]
    commitments_and_dates: list[KeyPoint]
    key_points: list[KeyPointGroup]
    sections: list[SectionView]
    footnotes: list[FootnoteView]
    provenance: ProvenanceView
    warnings: list[str]  # the ones not shown next to what they are about

    legend = LEGEND
    extracted_tag = EXTRACTED_TAG
    machine_tag = MACHINE_TAG

    @property
    def commitments_intro(self) -> str:
        """The line under 'Commitments and dates': what it lists (a headline point is not repeated)."""
        if not self.commitments_and_dates:
            return ("None beyond the headline points above." if self.headline else
                    "The letter makes no commitment and names no date the key-fact cues recognise.")
        return "Besides the headline points above, in letter order:" if self.headline else "In letter order:"

    @property
    def key_fact_count(self) -> int:
        return sum(len(group.points) for group in self.key_points)


@dataclass
class Checks:
    """The document's warnings about one title, heading, footnote or summary, sorted to what they
    are about; `rest` is every other warning."""

    title: list[tuple[str, str]]
    headings: dict[str, list[tuple[str, str]]]
    footnotes: dict[int, list[tuple[str, str]]]
    summaries: dict[str, list[tuple[str, str]]]  # 'letter' or a section id
    rest: list[str]


def sorted_checks(doc: Document) -> Checks:
    """The warnings sorted by the labels the stages write them with: 'Check title: <kind>: <detail>',
    "Check heading '<Dutch heading>': …", 'Check footnote <n>: …' (pipeline.stages.translate.fidelity),
    'Check the letter summary: …', 'Check the section <id> summary: …' (pipeline.stages.summarize)."""
    labels: list[tuple[str, str, object]] = [("Check title: ", "title", None)]
    labels += [(f"Check heading '{s.heading}': ", "headings", s.id) for s in doc.sections if s.heading]
    labels += [(f"Check footnote {f.n}: ", "footnotes", int(f.n)) for f in doc.footnotes]
    labels += [("Check the letter summary: ", "summaries", "letter")]
    labels += [(f"Check the section {s.id} summary: ", "summaries", s.id) for s in doc.sections]
    checks = Checks([], {}, {}, {}, [])
    for warning in doc.warnings:
        for prefix, kind, key in labels:
            if warning.startswith(prefix):
                reason = warning[len(prefix):].split(": ", 1)
                pair = (reason[0], reason[1] if len(reason) > 1 else "")
                if kind == "title":
                    checks.title.append(pair)
                else:
                    getattr(checks, kind).setdefault(key, []).append(pair)
                break
        else:
            checks.rest.append(warning)
    return checks


def metadata_rows(doc: Document) -> list[Row]:
    """Date, sender, Kamerstuk, the questions' rows, type, topics, source, the official publication;
    a field the official record contradicts carries what the record says."""
    meta = doc.metadata
    topics = sorted({s.topic for s in doc.sections if s.topic})
    rows = [Row("Date", meta.date or UNKNOWN), Row("Sender", meta.sender or UNKNOWN),
            Row("Kamerstuk", meta.kamerstuk or UNKNOWN)]
    if meta.questioners:
        rows += [Row("Questions by", ", ".join(meta.questioners)),
                 Row("Questions sent in", meta.questions_date or UNKNOWN)]
    rows += [Row("Document type", meta.document_type or UNKNOWN), Row("Topics", ", ".join(topics) or UNKNOWN),
             Row("Source file", doc.source)]
    url = official_url(doc)
    if url:
        rows.append(Row("Official publication", url, link=True))
    if doc.official:
        record = doc.official
        for name in record.mismatches:
            label, attribute = MISMATCH_FIELDS.get(name, (None, None))
            if label:
                said = getattr(record, attribute) or UNKNOWN
                rows = [Row(r.label, r.value, f"the official record says: {said}", r.link) if r.label == label else r
                        for r in rows]
    return rows


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
    pairs = [SentencePair(nl, en, row_flags, i == len(rows) - 1, check_text([(f.kind, f.detail) for f in row_flags]))
             for i, (nl, en, row_flags) in enumerate(rows)]
    return ParagraphView(paragraph.text_en, list(paragraph.footnote_refs), pairs)


def key_point(facts: list[KeyFact], refs: dict[str, tuple[str, str]]) -> KeyPoint:
    """One point from the facts of one source sentence."""
    first = facts[0]
    ref, anchor = refs.get(first.section_id, (None, section_anchor(first.section_id)))
    kinds = list(dict.fromkeys(KIND_WORDS.get(f.kind, f.kind) for f in facts))
    values = list(dict.fromkeys(f.value for f in facts if f.value))
    english = next((f.text_en for f in facts if f.text_en), None)
    return KeyPoint(kinds, values, english, first.text_nl, ref, anchor, all(f.kind == "reference" for f in facts))


def by_sentence(facts: list[KeyFact]) -> list[list[KeyFact]]:
    """The facts grouped by source sentence, in the order their first fact comes."""
    sentences: dict[tuple[str, int, int], list[KeyFact]] = {}
    for fact in facts:
        sentences.setdefault((fact.section_id, fact.paragraph, fact.sentence), []).append(fact)
    return list(sentences.values())


def section_refs(doc: Document) -> dict[str, tuple[str, str]]:
    return {s.id: (section_ref(i, s), section_anchor(s.id)) for i, s in enumerate(doc.sections, 1)}


def key_point_groups(doc: Document) -> list[KeyPointGroup]:
    """The key facts by kind, in KEY_FACT_LABELS order, one point per source sentence: a sentence
    that yields several facts of a kind (two amounts, say) is one point."""
    refs = section_refs(doc)
    groups = []
    for kind, label in KEY_FACT_LABELS.items():
        points = [key_point(facts, refs) for facts in by_sentence([f for f in doc.key_facts if f.kind == kind])]
        if points:
            groups.append(KeyPointGroup(kind, label, points))
    return groups


def headline_points(doc: Document) -> list[KeyPoint]:
    """The headline facts (KeyFact.headline, chosen by the keyfacts stage's importance score), one
    point per sentence, the most important first; all the kinds a sentence yields shown together."""
    refs = section_refs(doc)
    chosen = [f for f in doc.key_facts if f.headline]
    groups = by_sentence(chosen)
    groups.sort(key=lambda facts: -max(f.importance or 0.0 for f in facts))  # stable: letter order breaks ties
    every = by_sentence(doc.key_facts)
    # A headline sentence shows every value its sentence yields, headline or not.
    full = {(g[0].section_id, g[0].paragraph, g[0].sentence): g for g in every}
    return [key_point(full[(g[0].section_id, g[0].paragraph, g[0].sentence)], refs) for g in groups]


def commitments_and_dates(doc: Document) -> list[KeyPoint]:
    """Every commitment to parliament and every dated fact, one point per sentence, in letter order:
    what the government promised and when; a sentence already among the headline points is not repeated."""
    refs = section_refs(doc)
    order = {s.id: i for i, s in enumerate(doc.sections)}
    shown = {(f.section_id, f.paragraph, f.sentence) for f in doc.key_facts if f.headline}
    facts = sorted((f for f in doc.key_facts if f.kind in ("commitment", "date")
                    and (f.section_id, f.paragraph, f.sentence) not in shown),
                   key=lambda f: (order.get(f.section_id, len(order)), f.paragraph, f.sentence))
    return [key_point(group, refs) for group in by_sentence(facts)]


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
    checks = sorted_checks(doc)
    refs = section_refs(doc)
    sections = [SectionView(section_anchor(s.id), s.level, refs[s.id][0], s.heading_en,
                            check_text(checks.headings.get(s.id, [])), section_badges(s), s.summary_en,
                            s.summary_chunks if (s.summary_chunks or 0) > 1 else None,
                            check_text(checks.summaries.get(s.id, [])), [paragraph_view(p) for p in s.paragraphs])
                for s in doc.sections]
    footnotes = [FootnoteView(int(fn.n), fn.text_en or fn.text, fn.text, bool(fn.text_en and fn.text_en != fn.text),
                              check_text(checks.footnotes.get(int(fn.n), [])))
                 for fn in doc.footnotes]
    title = meta.title or doc.source
    title_en = meta.title_en if meta.title_en and meta.title_en != title else None
    tiny = [m.id for m in doc.provenance.models.values() if m.tiny]
    return NoteView(title, title_en, check_text(checks.title), ", ".join(tiny) or None, metadata_rows(doc),
                    doc.summary_en, check_text(checks.summaries.get("letter", [])), headline_points(doc),
                    commitments_and_dates(doc), key_point_groups(doc), sections, footnotes, provenance_view(doc),
                    checks.rest)
