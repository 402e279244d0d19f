"""Summary guards (pipeline.stages.summarize): faithfulness (numbers, amounts, dates, names traceable to the
source translation) and degeneration (repetition, runaway length), through summarize_document with a
scripted backend, plus the render line."""

from __future__ import annotations

import copy
from dataclasses import replace

from pipeline.models.backends import Decoding
from pipeline.config import load_config
from pipeline.document import Document, ModelInfo, Paragraph, Provenance, Section
from pipeline.render.markdown import render_markdown
from pipeline.stages.summarize import Summarizer, summarize_document, untraceable

SOURCE = ("The Netherlands will invest 5 billion euros in defence from 1 January 2025, 3.5 percent more "
          "than planned. Minister Brekelmans informed the House of Representatives on 12 March. "
          "The European Council will discuss the plan in June.")


class ScriptedBackend:
    """A backend whose output is `reply(text, decoding)`; `decoding` is None when it cannot change."""

    name = "scripted"
    position_limit = 1024

    def __init__(self, reply, decoding: Decoding | None = Decoding(4, 1.0, 0)) -> None:
        self.reply = reply
        self.decoding = decoding
        self.info = ModelInfo(id="scripted")
        self.calls: list[Decoding | None] = []

    def token_counts(self, texts):
        return [len(t.split()) for t in texts]

    def with_decoding(self, **settings):
        clone = copy.copy(self)  # the same reply and call record
        clone.decoding = replace(self.decoding, **settings)
        return clone

    def translate_batch(self, texts, *, min_new_tokens=0, max_new_tokens=256):
        decoding = self.decoding
        self.calls.append(decoding)
        return [self.reply(t, decoding) for t in texts]


def run(reply, decoding=Decoding(4, 1.0, 0), source=SOURCE) -> tuple[Document, ScriptedBackend]:
    backend = ScriptedBackend(reply, decoding)
    paragraph = Paragraph(text="nl", sentences=["nl"], sentences_en=[source], text_en=source)
    doc = Document(source="x.txt", provenance=Provenance(pipeline_version="t"),
                   sections=[Section(id="s1", heading="A", level=1, paragraphs=[paragraph])])
    return summarize_document(doc, Summarizer(backend, load_config(None, []).summarize)), backend


def test_number_not_in_source_is_dropped():
    doc, _ = run(lambda t, d: "The Netherlands will invest 5 billion euros in defence. "
                              "It will also spend 7 billion euros on housing.")
    section = doc.sections[0]
    assert section.summary_en == "The Netherlands will invest 5 billion euros in defence."
    assert section.summary_guard.dropped == 1 and not section.summary_guard.fallback
    assert doc.provenance.summary_guard.dropped >= 1


def test_amounts_percentages_and_dates_are_normalised():
    kept = "The cabinet invests EUR 5 billion (3.5% more) from January 1, 2025, reporting to the House of Representatives."
    assert untraceable(kept, SOURCE) == []
    assert untraceable("Defence gets €5bn.", SOURCE) == []
    assert untraceable("Defence gets EUR 5 million.", SOURCE) == ["number '5 million.'"]
    assert untraceable("The House met on 13 March.", SOURCE) == ["date '13 March'"]
    assert untraceable("The plan is discussed in July.", SOURCE) == ["month 'July'"]
    doc, _ = run(lambda t, d: kept)
    assert doc.sections[0].summary_en == kept and doc.sections[0].summary_guard.dropped == 0


def test_name_not_in_source_is_dropped():
    assert untraceable("The plan was criticised by Minister Rutte.", SOURCE) == ["name 'Minister Rutte'"]
    assert untraceable("In Brussels the plan was discussed.", SOURCE) == ["name 'In Brussels'"]
    assert untraceable("Minister Brekelmans informed the European Council.", SOURCE) == []
    doc, _ = run(lambda t, d: "Minister Brekelmans informed the House. The plan was welcomed by NATO.")
    assert doc.sections[0].summary_en == "Minister Brekelmans informed the House."
    assert doc.sections[0].summary_guard.dropped == 1


def test_repetition_triggers_regeneration_with_repetition_controls():
    def reply(text, decoding):
        if decoding.no_repeat_ngram_size:
            return "The Netherlands will invest in defence."
        return "The Netherlands will invest invest invest invest invest in defence."

    doc, backend = run(reply)
    guard = doc.sections[0].summary_guard
    assert doc.sections[0].summary_en == "The Netherlands will invest in defence."
    assert guard.regenerated and not guard.fallback and guard.flag is None
    assert any(d.no_repeat_ngram_size == 3 and d.num_beams >= 4 for d in backend.calls)
    assert doc.provenance.summary_guard.regenerated >= 1


def test_repetition_left_after_regeneration_is_flagged_not_silent():
    doc, _ = run(lambda t, d: "The Netherlands will invest invest invest invest invest in defence.")
    guard = doc.sections[0].summary_guard
    assert guard.regenerated and guard.flag and guard.flag.startswith("repetition")
    assert any("section s1 summary: degenerate" in w for w in doc.warnings)
    assert doc.provenance.summary_guard.flagged >= 1


def test_all_sentences_unfaithful_regenerates_then_falls_back_to_extractive():
    doc, backend = run(lambda t, d: "NATO will spend 9 billion dollars.")
    guard = doc.sections[0].summary_guard
    assert guard.regenerated and guard.fallback
    assert doc.sections[0].summary_en == SOURCE.split(". ")[0] + ". " + SOURCE.split(". ")[1] + "."
    assert any(d.num_beams == 1 for d in backend.calls)  # stricter (greedy) decoding was tried
    # Without a changeable decoding: straight to the extractive fallback, no regeneration.
    doc, _ = run(lambda t, d: "NATO will spend 9 billion dollars.", decoding=None)
    assert doc.sections[0].summary_guard.fallback and not doc.sections[0].summary_guard.regenerated


def test_runaway_length_falls_back():
    short = "The plan costs 5 billion euros."
    doc, _ = run(lambda t, d: short + " " + short.replace(".", " in total."), source=short)
    guard = doc.sections[0].summary_guard
    assert guard.regenerated and guard.fallback and doc.sections[0].summary_en == short


def test_letter_summary_is_guarded_and_render_reports_counts():
    doc, _ = run(lambda t, d: "The Netherlands will invest 5 billion euros. Poland pays 2 billion.")
    totals = doc.provenance.summary_guard
    assert totals.letter is not None and totals.letter.dropped == 1
    assert "Poland" not in doc.summary_en
    assert totals.dropped == 2
    assert "summary guard: 2 sentences dropped, 0 regenerated, 0 extractive, 0 flagged" in render_markdown(doc)
