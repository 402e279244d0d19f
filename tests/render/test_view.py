"""The note's view model: what every format shows, built once from the Document."""

from __future__ import annotations

from pipeline.document import Document, Flag, KeyFact, Metadata, ModelInfo, Paragraph, Provenance, Section
from pipeline.render.view import IndexEntry, note_view, one_line, paragraph_view


def _doc(**metadata) -> Document:
    aligned = Paragraph(text="Een. Twee.", sentences=["Een.", "Twee."], sentences_en=["One.", "Two."],
                        text_en="One. Two.", footnote_refs=[1],
                        flags=[Flag(sentence=1, kind="number", detail="lost 5")])
    return Document(
        source="brief.txt", metadata=Metadata(**metadata),
        sections=[Section(id="s1", heading=None, level=1, topic="Defense", paragraphs=[aligned]),
                  Section(id="s2", heading="Oekraïne", heading_en="Ukraine", level=2, topic="Defense",
                          role="decision_or_outcome", summary_en="S.", summary_chunks=1)],
        key_facts=[KeyFact(kind="money", text_nl="Twee.", section_id="s1", paragraph=0, sentence=1, value="€ 5"),
                   KeyFact(kind="money", text_nl="Twee.", section_id="s1", paragraph=0, sentence=1, value="€ 6"),
                   KeyFact(kind="decision", text_nl="Een.", text_en="One.", section_id="gone", paragraph=0,
                           sentence=0)],
        provenance=Provenance(pipeline_version="t", models={"translate": ModelInfo(id="tiny-mt", tiny=True),
                                                            "summarize": ModelInfo(id="real", revision="abc")}))


def test_metadata_rows_fill_gaps_and_place_questions_after_the_kamerstuk():
    note = note_view(_doc(title="Brief", questioners=["A. Lid", "B. Lid"]))
    assert [(r.label, r.value) for r in note.rows] == [
        ("Date", "unknown"), ("Sender", "unknown"), ("Kamerstuk", "—"), ("Questions by", "A. Lid, B. Lid"),
        ("Questions sent in", "unknown"), ("Document type", "unknown"), ("Topics", "Defense"), ("Source", "brief.txt")]
    assert note.fields["Dutch title"] == "Brief" and note.dutch_title is None  # the title is the Dutch one
    assert note_view(_doc(title="Brief", title_en="Letter")).dutch_title == "Brief"
    assert note_view(_doc()).question_rows == [] and note_view(_doc()).fields["Dutch title"] == "—"


def test_sections_carry_headings_badges_and_only_chunk_counts_above_one():
    opening, ukraine = note_view(_doc()).sections
    assert (opening.heading, opening.dutch_heading, opening.depth) == ("Opening", None, 3)
    assert (ukraine.heading, ukraine.dutch_heading, ukraine.depth, ukraine.summary_chunks) == \
        ("Ukraine", "Oekraïne", 4, None)
    assert [(b.name, b.label) for b in ukraine.badges] == [("Topic", "Defense"), ("Role", "Decision / outcome")]


def test_aligned_sentences_pair_up_with_their_own_flags_and_refs_on_the_last():
    paragraph = paragraph_view(_doc().sections[0].paragraphs[0])
    assert [(p.dutch, p.english, [f.kind for f in p.flags], p.last) for p in paragraph.pairs] == [
        ("Een.", "One.", [], False), ("Twee.", "Two.", ["number"], True)]
    assert paragraph.flags_text == "sentence 2, number: lost 5" and paragraph.footnote_refs == [1]


def test_unaligned_sentences_are_one_row_with_every_flag():
    source = _doc().sections[0].paragraphs[0].model_copy(update={"sentences_en": ["One. Two."]})
    (pair,) = paragraph_view(source).pairs
    assert (pair.dutch, pair.english, len(pair.flags), pair.last) == ("Een. Twee.", "One. Two.", 1, True)


def test_key_points_group_by_kind_in_a_fixed_order_one_point_per_sentence():
    groups = note_view(_doc()).key_points
    assert [g.kind for g in groups] == ["decision", "money"]
    (decision,), (money,) = groups[0].points, groups[1].points
    assert money.values == ["€ 5", "€ 6"] and money.section_heading == "Opening" and groups[1].with_values
    assert decision.section_heading is None and decision.section_id == "gone" and not groups[0].with_values


def test_provenance_and_the_tiny_models_banner():
    note = note_view(_doc())
    assert note.tiny_models == "tiny-mt"
    assert note.provenance.models == "translate: tiny-mt (tiny); summarize: real@abc"
    assert note.provenance.fidelity_flags == "none" and note.provenance.long_sentence_splits == 0


def test_index_entry_keeps_one_line_of_the_summary():
    doc = _doc(title="Brief", date="2024-01-02")
    doc.summary_en = "Word " * 100
    entry = IndexEntry.of("brief", doc)
    assert entry.title == "Brief" and entry.topics == ["Defense"] and len(entry.summary) <= 200
    assert entry.summary.endswith("…") and one_line(" a\n b ") == "a b"
