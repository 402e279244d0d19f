"""The note's view model: what every format shows, built once from the Document."""

from __future__ import annotations

from pipeline.document import (Document, Flag, Footnote, KeyFact, Metadata, ModelInfo, OfficialRecord, Paragraph,
                               Provenance, Section)
from pipeline.render.view import EXTRACTED_TAG, LEGEND, MACHINE_TAG, UNKNOWN, note_view, one_line, paragraph_view


def _doc(**metadata) -> Document:
    aligned = Paragraph(text="Een. Twee.", sentences=["Een.", "Twee."], sentences_en=["One.", "Two."],
                        text_en="One. Two.", footnote_refs=[1],
                        flags=[Flag(sentence=1, kind="number", detail="lost 5"),
                               Flag(sentence=1, kind="glossary", detail="'Kamer' should read 'House'")])
    return Document(
        source="brief.txt", metadata=Metadata(**metadata),
        sections=[Section(id="s1", heading=None, level=1, topic="Defense", paragraphs=[aligned]),
                  Section(id="s2", heading="Oekraïne", heading_en="Ukraine", level=2, topic="Defense",
                          role="decision_or_outcome", summary_en="S.", summary_chunks=1)],
        footnotes=[Footnote(n=1, text="Zie noot.", text_en="See note.")],
        key_facts=[KeyFact(kind="money", text_nl="Twee.", section_id="s1", paragraph=0, sentence=1, value="€ 5"),
                   KeyFact(kind="money", text_nl="Twee.", section_id="s1", paragraph=0, sentence=1, value="€ 6"),
                   KeyFact(kind="decision", text_nl="Een.", text_en="One.", section_id="gone", paragraph=0,
                           sentence=0)],
        provenance=Provenance(pipeline_version="t", models={"translate": ModelInfo(id="tiny-mt", tiny=True),
                                                            "summarize": ModelInfo(id="real", revision="abc")}))


def _facts(n: int, kind: str = "decision") -> list[KeyFact]:
    return [KeyFact(kind=kind, text_nl=f"Zin {i}.", text_en=f"Sentence {i}.", section_id="s2", paragraph=0, sentence=i,
                    importance=float(i), headline=i % 2 == 1) for i in range(n)]


def test_metadata_rows_say_not_stated_and_place_questions_after_the_kamerstuk():
    note = note_view(_doc(title="Brief", questioners=["A. Lid", "B. Lid"]))
    assert [(r.label, r.value) for r in note.rows] == [
        ("Date", UNKNOWN), ("Sender", UNKNOWN), ("Kamerstuk", UNKNOWN), ("Questions by", "A. Lid, B. Lid"),
        ("Questions sent in", UNKNOWN), ("Document type", UNKNOWN), ("Topics", "Defense"), ("Source file", "brief.txt")]
    assert note.title == "Brief" and note.title_en is None  # the Dutch title leads; no English made
    assert note_view(_doc(title="Brief", title_en="Letter")).title_en == "Letter"
    assert note_view(_doc()).title == "brief.txt"


def test_legend_names_what_is_extracted_and_what_is_machine_made():
    note = note_view(_doc())
    assert [name for name, _ in note.legend] == [EXTRACTED_TAG, MACHINE_TAG] and note.legend == LEGEND
    extracted, machine = (meaning for _, meaning in LEGEND)
    assert "Dutch" in extracted and "translation" in machine and "summar" in machine


def test_official_publication_row_links_the_letter_or_its_kamerstuk():
    rows = note_view(_doc(kamerstuk="36 512, nr. 7")).rows
    assert rows[-1].label == "Official publication" and rows[-1].link
    assert rows[-1].value.startswith("https://zoek.officielebekendmakingen.nl/kst-36512-7")
    assert note_view(_doc(url="https://www.tweedekamer.nl/x")).rows[-1].value == "https://www.tweedekamer.nl/x"
    assert note_view(_doc(kamerstuk="2023Z12345")).rows[-1].label == "Source file"  # no number, no link


def test_a_field_the_official_record_contradicts_carries_what_the_record_says():
    doc = _doc(date="2024-01-02", kamerstuk="36 512, nr. 7")
    doc.official = OfficialRecord(id="x", url="https://example.org/x", date="2024-01-03", source="tweedekamer",
                                  fetched_at="now", sha256="0", mismatches=["date"])
    rows = {r.label: r for r in note_view(doc).rows}
    assert rows["Date"].value == "2024-01-02" and "2024-01-03" in rows["Date"].check
    assert rows["Kamerstuk"].check is None


def test_sections_are_named_by_number_and_dutch_heading():
    opening, ukraine = note_view(_doc()).sections
    assert opening.ref.startswith("§1 ") and opening.heading_en is None and opening.depth == 3
    assert (ukraine.ref, ukraine.heading_en, ukraine.depth, ukraine.summary_chunks) == ("§2 Oekraïne", "Ukraine", 4, None)
    assert [(b.name, b.label) for b in ukraine.badges] == [("Topic", "Defense"), ("Role", "Decision / outcome")]


def test_one_check_per_sentence_lists_all_its_reasons():
    paragraph = paragraph_view(_doc().sections[0].paragraphs[0])
    assert [(p.dutch, p.english, p.last, p.check) for p in paragraph.pairs] == [
        ("Een.", "One.", False, None), ("Twee.", "Two.", True, "number: lost 5; glossary: 'Kamer' should read 'House'")]
    assert paragraph.checks == [(2, "number: lost 5; glossary: 'Kamer' should read 'House'")]
    assert paragraph.footnote_refs == [1] and paragraph.dutch == "Een. Twee."


def test_unaligned_sentences_are_one_row_with_every_flag():
    source = _doc().sections[0].paragraphs[0].model_copy(update={"sentences_en": ["One. Two."]})
    (pair,) = paragraph_view(source).pairs
    assert (pair.dutch, pair.english, len(pair.flags), pair.last) == ("Een. Twee.", "One. Two.", 2, True)


def test_title_heading_footnote_and_summary_warnings_go_next_to_what_they_flag():
    doc = _doc(title="Brief")
    doc.warnings = ["Check title: number: '13' not found", "Check title: glossary: 'Raad' should read 'Council'",
                    "Check heading 'Oekraïne': degenerate: repetition", "Check footnote 1: number: '2' lost",
                    "Check the letter summary: degenerate: loop", "Check the section s2 summary: degenerate: long",
                    "no sender found"]
    note = note_view(doc)
    assert note.title_checks == "number: '13' not found; glossary: 'Raad' should read 'Council'"
    assert note.sections[1].checks == "degenerate: repetition" and note.sections[0].checks is None
    assert note.footnotes[0].checks == "number: '2' lost"
    assert note.summary_checks == "degenerate: loop" and note.sections[1].summary_checks == "degenerate: long"
    assert note.warnings == ["no sender found"]  # only what belongs to no one thing stays at the end


def test_key_points_group_by_kind_one_point_per_sentence_with_the_section_by_number():
    note = note_view(_doc())
    groups = note.key_points
    assert [g.kind for g in groups] == ["decision", "money"] and note.key_fact_count == 2
    (decision,), (money,) = groups[0].points, groups[1].points
    assert money.values == ["€ 5", "€ 6"] and money.section_ref.startswith("§1 ") and groups[1].with_values
    assert decision.section_ref is None and decision.section_anchor == "sec-gone" and not groups[0].with_values


def test_headline_shows_only_headline_facts_most_important_first():
    doc = _doc()
    doc.key_facts = _facts(6) + [KeyFact(kind="money", text_nl="Zin 3.", section_id="s2", paragraph=0, sentence=3,
                                         value="€ 7")]
    headline = note_view(doc).headline
    assert [p.dutch for p in headline] == ["Zin 5.", "Zin 3.", "Zin 1."]
    assert headline[1].kinds == ["Decision", "Money"] and headline[1].values == ["€ 7"]  # the sentence's value too
    assert headline[0].section_ref == "§2 Oekraïne" and headline[0].english == "Sentence 5."
    assert note_view(_doc()).headline == []  # nothing chosen: no headline


def test_commitments_and_dates_in_letter_order():
    doc = _doc()
    doc.key_facts = _facts(2, "commitment") + [KeyFact(kind="date", text_nl="Op 1 mei.", section_id="s1", paragraph=0,
                                                       sentence=0, value="1 mei 2024", iso_date="2024-05-01")]
    note = note_view(doc)
    # the commitment of sentence 1 is a headline point already: not repeated
    assert [(p.kinds, p.values, p.dutch) for p in note.commitments_and_dates] == [
        (["Date"], ["1 mei 2024"], "Op 1 mei."), (["Commitment"], [], "Zin 0.")]
    assert [p.dutch for p in note.headline] == ["Zin 1."] and note.commitments_intro.startswith("Besides the headline")
    assert note_view(_doc()).commitments_intro.startswith("The letter makes no commitment")


def test_provenance_and_the_tiny_models_banner():
    note = note_view(_doc())
    assert note.tiny_models == "tiny-mt"
    assert note.provenance.models == "translate: tiny-mt (tiny); summarize: real@abc"
    assert note.provenance.fidelity_flags == "none" and note.provenance.long_sentence_splits == 0


def test_one_line_folds_whitespace_and_cuts_with_an_ellipsis():
    assert one_line(" a\n b ") == "a b"
    cut = one_line("Word " * 100, 200)
    assert len(cut) <= 200 and cut.endswith("…")


def test_every_check_the_stages_wrote_in_the_pinned_notes_finds_its_place():
    """The stages' own warnings (tiny-model sample batch): each title, heading, footnote or summary
    check lands beside what it flags; none is left for the list at the end."""
    from tests.test_pinned_notes import PINNED

    for path in sorted(PINNED.glob("*.json")):
        doc = Document.model_validate_json(path.read_text("utf-8"))
        note = note_view(doc)
        assert not [w for w in note.warnings if w.startswith("Check ")], path.name
        placed = sum(bool(x) for x in [note.title_checks, note.summary_checks]
                     + [s.checks for s in note.sections] + [s.summary_checks for s in note.sections]
                     + [f.checks for f in note.footnotes])
        assert placed or not any(w.startswith("Check ") for w in doc.warnings), path.name
