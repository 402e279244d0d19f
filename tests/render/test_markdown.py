"""The Markdown note and index.md: content and structure."""

from __future__ import annotations

import json

from pipeline.document import Document, Flag, Footnote, KeyFact, Metadata, ModelInfo, Paragraph, Provenance, Section
from pipeline.render.batch_markdown import render_batch_index_md
from pipeline.render.batch_view import letter_entry
from pipeline.render.markdown import render_markdown
from pipeline.render.notes import write_note


def _doc(tiny: bool) -> Document:
    return Document(
        source="brief.txt",
        metadata=Metadata(title="Verslag van de Europese Raad", date="2023-12-15", document_type="verslag"),
        sections=[
            Section(id="s1", heading=None, level=1, topic="International Affairs", role="introduction",
                    paragraphs=[Paragraph(text="Tekst.", sentences=["Tekst."], sentences_en=["Text."],
                                          text_en="Text.", footnote_refs=[1])], summary_en="Intro summary."),
            Section(id="s2", heading="Migratie", heading_en="Migration", level=1, topic="Immigration",
                    role="decision_or_outcome", summary_en="Migration summary.", summary_chunks=2,
                    paragraphs=[Paragraph(text="Over asiel.", sentences=["Over asiel."], text_en="On asylum.")]),
        ],
        footnotes=[Footnote(n=1, text="Kamerstuk 21 501-20 nr. 2003", text_en="Parliamentary paper 21 501-20 no. 2003")],
        summary_en="Letter summary.",
        provenance=Provenance(pipeline_version="9.9", config_hash="abc",
                              models={"translate": ModelInfo(id="m/t", tiny=tiny, revision="r1")}),
    )


def test_markdown_has_every_part_in_order():
    md = render_markdown(_doc(tiny=False))
    parts = ["# Verslag van de Europese Raad", "**[Letter]** verbatim from the letter", "**[Machine]** made by a model",
             "| Date | 2023-12-15 |", "| Sender | not stated |", "## Summary **[Machine]**", "_Letter summary._",
             "## Headline points", "## Commitments and dates", "## Appendix B", "### §1 (opening",
             "Intro summary.", "**[Letter]** Tekst.", "**[Machine]** _Text._[^1]", "### §2 Migratie",
             "**[Machine]** _Migration_", "**Topic:** Immigration · **Role:** Decision / outcome",
             "summarized in 2 chunks", "_On asylum._", "## Footnotes",
             "[^1]: Kamerstuk 21 501-20 nr. 2003 **[Machine]** _Parliamentary paper", "m/t@r1", "config abc"]
    positions = [md.index(p) for p in parts]
    assert positions == sorted(positions)
    assert "nonsense" not in md


def test_markdown_headline_points_flags_and_title_checks_are_text():
    doc = _doc(tiny=False)
    doc.key_facts = [KeyFact(kind="money", text_nl="Over asiel.", text_en="On asylum.", section_id="s2", paragraph=0,
                             sentence=0, value=f"€ {i} miljoen", importance=1.0, headline=True) for i in range(3)]
    doc.sections[0].paragraphs[0].flags = [Flag(sentence=0, kind="number", detail="'5' lost"),
                                           Flag(sentence=0, kind="glossary", detail="'Kamer' should read 'House'")]
    doc.warnings = ["Check title: degenerate: loop"]
    md = render_markdown(doc)
    headline = md[md.index("## Headline points"):md.index("## Commitments and dates")]
    assert headline.count("1. **Money**: **€ 0 miljoen; € 1 miljoen; € 2 miljoen** (§2 Migratie)") == 1
    assert "**[Letter]** Over asiel." in headline and "**[Machine]** _On asylum._" in headline
    assert "- **⚠ Check sentence 1:** number: '5' lost; glossary: 'Kamer' should read 'House'" in md
    assert md.startswith("# Verslag van de Europese Raad **⚠ Check:** degenerate: loop\n")
    assert "Warnings" not in md  # the title's check stands on the title


def test_tiny_models_are_announced():
    assert "nonsense by design" in render_markdown(_doc(tiny=True))


def test_write_note_and_index(tmp_path):
    doc = _doc(tiny=False)
    written = write_note(doc, tmp_path, "brief", ["md", "json"])
    assert sorted(p.name for p in written) == ["brief.json", "brief.md"]
    data = json.loads((tmp_path / "brief.json").read_text())
    assert set(data) == {"source", "metadata", "sections", "footnotes", "key_facts", "summary_en", "official", "provenance",
                         "warnings"}
    assert "blocks" not in data
    index = render_batch_index_md([letter_entry("brief", doc)], {"bad.pdf": "encrypted"})
    assert "[Verslag van de Europese Raad](brief.md)" in index and "2023-12-15" in index
    assert "- bad.pdf: encrypted" in index and "1 input(s) failed" in index
    assert not list(tmp_path.glob(".*.tmp"))  # no temp files left behind


def test_label_scores_are_shown_so_a_reader_sees_why():
    doc = _doc(tiny=False)
    doc.sections[1].topic_scores = {"Immigration": 0.7, "Defense": 0.3}
    doc.sections[1].role_scores = {"decision_or_outcome": 0.6, "mixed": 0.4}
    md = render_markdown(doc)
    assert "**Topic:** Immigration (cue shares: Immigration 70%, Defense 30%)" in md
    assert "Decision / outcome (cue shares: Decision / outcome 60%, Mixed 40%)" in md
