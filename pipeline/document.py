"""The one typed Document that flows through every stage.

Shape (the JSON written to OUT/<stem>.json and printed by `kamerbrief segment`) is a stable
interface; fields a command did not compute are null.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# `answer`: a `Vraag n` / `Antwoord n` pair of an answer to written questions (set from the document's
# structure, not voted by cues: pipeline.stages.classify).
SectionRole = Literal["introduction", "report_of_discussion", "decision_or_outcome", "dutch_position",
                      "follow_up_commitment", "mixed", "answer"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Block(_Model):
    """A cleaned unit of body text produced by ingest, before segmentation.

    `kind` is "heading" or "paragraph". `level` is a heading level when the source format says
    it (HTML h1-h4, XML kop nesting); None for plain text, where segment infers it. `type_rank`
    is a PDF heading's rank among the letter's distinct heading types (1 = the most prominent),
    None where the source sets all its headings alike or shows no type; segment reads levels from it.
    """

    kind: Literal["heading", "paragraph"]
    text: str
    level: int | None = None
    type_rank: int | None = None
    footnote_refs: list[int] = Field(default_factory=list)


FlagKind = Literal["glossary", "number", "degenerate"]


class Flag(_Model):
    """A fidelity problem in one translated sentence that could not be fixed (pipeline.stages.translate.fidelity):
    `sentence` indexes the paragraph's sentences / sentences_en."""

    sentence: int
    kind: FlagKind
    detail: str


class Paragraph(_Model):
    text: str
    sentences: list[str] = Field(default_factory=list)
    footnote_refs: list[int] = Field(default_factory=list)
    sentences_en: list[str] | None = None
    text_en: str | None = None
    flags: list[Flag] | None = None  # set by translate when fidelity checks ran ([]: none)


class SummaryGuard(_Model):
    """What the summary guards (pipeline.stages.summarize) did to one summary: sentences dropped for a
    number/date/name not in the source translation, one regeneration with stricter decoding, the
    extractive fallback (first sentences of the translation), and a degeneration left unfixed."""

    dropped: int = 0
    regenerated: bool = False
    fallback: bool = False  # the summary is extractive: the translation's first sentences
    flag: str | None = None  # degenerate output (repetition loop / runaway length) still present


class Section(_Model):
    id: str
    heading: str | None
    heading_en: str | None = None
    level: int
    parent: str | None = None
    topic: str | None = None
    topic_scores: dict[str, float] | None = None
    role: SectionRole | None = None
    role_scores: dict[str, float] | None = None
    paragraphs: list[Paragraph] = Field(default_factory=list)
    summary_en: str | None = None
    summary_chunks: int | None = None
    summary_guard: SummaryGuard | None = None  # set by summarize (None: not run)

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs)

    @property
    def text_en(self) -> str | None:
        if any(p.text_en is None for p in self.paragraphs):
            return None
        return "\n\n".join(p.text_en or "" for p in self.paragraphs)


class Footnote(_Model):
    n: int
    text: str
    text_en: str | None = None


KeyFactKind = Literal["decision", "dutch_position", "commitment", "money", "date", "reference"]


class KeyFact(_Model):
    """A fact the note must get right (pipeline.stages.keyfacts), pointing at its Dutch source sentence:
    doc.sections[id == section_id].paragraphs[paragraph].sentences[sentence] == text_nl."""

    kind: KeyFactKind
    text_nl: str
    text_en: str | None = None
    section_id: str
    paragraph: int
    sentence: int
    value: str | None = None  # money/date/reference: the amount, date or reference, verbatim
    # Date facts (and commitments that name a date): that date as ISO 8601, `YYYY-MM-DD`, or `YYYY-MM`
    # when the letter names only a month; None when the letter names no calendar date.
    iso_date: str | None = None
    footnote: int | None = None  # reference taken from this footnote
    # How much a reader needs this fact first: a configured, transparent score (pipeline.stages.keyfacts);
    # the highest-scoring few are `headline` (shown first in the note). None: not scored.
    importance: float | None = None
    headline: bool = False


class Metadata(_Model):
    title: str | None = None
    title_en: str | None = None
    date: str | None = None  # ISO 8601
    date_source: Literal["letter", "title"] | None = None
    document_type: str | None = None
    sender: str | None = None  # the sending office
    signatory: str | None = None  # who signed, when the signature names them
    kamerstuk: str | None = None
    # Answers to written questions: who asked (names as printed, party left out) and when the
    # questions were sent in (`(ingezonden <date>)`, ISO); None for other documents.
    questioners: list[str] | None = None
    questions_date: str | None = None
    language: str | None = None
    pages: int | None = None
    # The official publication's address: from the fetch sidecar (OfficialRecord.url) or the page the
    # letter was copied from; None when unknown (renderers may build one from the Kamerstuk number).
    url: str | None = None


class OfficialRecord(_Model):
    """What the official open data says about the letter: the `<stem>.source.json` sidecar written by
    `kamerbrief fetch` (pipeline.fetch). `mismatches` names the fields (date, kamerstuk, ministry)
    where the letter's own text disagrees with this record; the note warns about each."""

    id: str
    url: str
    title: str | None = None
    date: str | None = None  # ISO 8601
    document_type: str | None = None
    ministry: str | None = None
    dossier: str | None = None
    kamerstuk: str | None = None
    source: Literal["tweedekamer", "officielebekendmakingen"]
    fetched_at: str
    sha256: str
    mismatches: list[str] = Field(default_factory=list)


class ModelInfo(_Model):
    id: str
    path: str | None = None
    revision: str | None = None
    tiny: bool = False
    backend: str | None = None  # "transformers" | "ctranslate2"
    compute_type: str | None = None  # e.g. "int8", "float32", "float16"
    device: str | None = None


class FidelitySummary(_Model):
    """What the fidelity checks did to this letter's translation (pipeline.stages.translate.fidelity)."""

    glossary_mode: Literal["repair", "protect"] | None = None
    glossary_repairs: int = 0  # wrong English variants replaced by the established form
    glossary_inserted: int = 0  # protect mode: placeholders replaced by the established form
    placeholder_fallbacks: int = 0  # protect mode: a placeholder was lost, sentence repaired instead
    retries: int = 0  # sentences translated again (lost number, repetition loop, length ratio)
    retries_fixed: int = 0  # of which the retry passed the checks
    flags: dict[str, int] = Field(default_factory=dict)  # kind -> flagged sentences left


class SummaryGuardTotals(_Model):
    """The summary guards over a letter's section summaries and its letter summary (pipeline.stages.summarize)."""

    dropped: int = 0  # summary sentences dropped (a number, date or name not in the source)
    regenerated: int = 0  # summaries generated again with stricter decoding
    fallbacks: int = 0  # summaries replaced by the translation's first sentences (extractive)
    flagged: int = 0  # summaries still degenerate after the regeneration
    letter: SummaryGuard | None = None  # the letter summary's own record


class Provenance(_Model):
    pipeline_version: str
    models: dict[str, ModelInfo] = Field(default_factory=dict)
    config_hash: str | None = None  # Config.hash() of the run that made the note (or the segment output)
    input_sha256: str | None = None
    # The stages the letter went through, in pipeline.stages.PIPELINE order; each name is recorded
    # once, by the runner (pipeline.stages.runner.run_stages), after its stage returns.
    stages: list[str] = Field(default_factory=list)
    created: str | None = None
    long_sentence_splits: int | None = None
    summary_chunked_sections: int | None = None
    fidelity: FidelitySummary | None = None
    summary_guard: SummaryGuardTotals | None = None  # set by summarize (None: not run)
    # Hash of everything a note depends on (input sha256, output-relevant config, models with their
    # revisions and checkpoint fingerprints, pipeline version): a re-run skips a letter whose note
    # carries the key it would compute now (pipeline.engines.plan.run_key).
    run_key: str | None = None


class Document(_Model):
    source: str
    metadata: Metadata = Field(default_factory=Metadata)
    sections: list[Section] = Field(default_factory=list)
    footnotes: list[Footnote] = Field(default_factory=list)
    key_facts: list[KeyFact] = Field(default_factory=list)
    summary_en: str | None = None
    official: OfficialRecord | None = None  # from the fetch sidecar, when the letter has one
    provenance: Provenance
    warnings: list[str] = Field(default_factory=list)
    # Ingest output consumed by segment; never serialised.
    blocks: list[Block] = Field(default_factory=list, exclude=True)

    def to_json(self) -> str:
        return self.model_dump_json(indent=2)

    def content_sections(self) -> list[Section]:
        """Sections that carry body text of their own."""
        return [s for s in self.sections if s.paragraphs]

    def iter_sentences(self):
        for s in self.sections:
            for p in s.paragraphs:
                yield from p.sentences
