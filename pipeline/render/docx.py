"""Render the Word (.docx) note of a letter with python-docx, from the note's view model
(pipeline.render.view): the content of the HTML note as headings, a key-points list and
Dutch | English tables for the full translation. Word's XML forbids control characters, so every
text from the letter goes through `clean`."""

from __future__ import annotations

import io

from pipeline.document import Document
from pipeline.render.escape import clean
from pipeline.render.view import NoteView, note_view


def _key_points(word, note: NoteView) -> None:
    word.add_heading("Key points", level=1)
    for group in note.key_points:
        word.add_heading(group.label, level=2)
        for point in group.points:
            item = word.add_paragraph(style="List Bullet")
            values = "; ".join(clean(v) for v in point.values)
            if values:
                item.add_run(values + ": ").bold = True
            item.add_run(clean(point.english) or "(not translated)")
            item.add_run(" — ")
            item.add_run(clean(point.dutch)).italic = True
            where = point.section_id if point.section_heading is None else point.section_heading
            item.add_run(f" (§ {clean(where)})")


def _sections(word, note: NoteView) -> None:
    from docx.shared import Pt

    word.add_heading("The letter, section by section", level=1)
    for section in note.sections:
        word.add_heading(clean(section.heading), level=min(9, 1 + section.level))
        if section.dutch_heading:
            word.add_paragraph().add_run("Dutch heading: " + clean(section.dutch_heading)).italic = True
        badges = [f"{b.name}: {b.label}" + (f" ({b.shares})" if b.shares else "") for b in section.badges]
        if badges:
            run = word.add_paragraph().add_run(clean(" · ".join(badges)))
            run.font.size = Pt(9)
        if not section.paragraphs:
            continue
        if section.summary:
            summary = word.add_paragraph()
            summary.add_run("Summary. ").bold = True
            summary.add_run(clean(section.summary))
        parallel = word.add_table(rows=1, cols=2)
        parallel.style = "Table Grid"
        parallel.rows[0].cells[0].text = "Dutch original"
        parallel.rows[0].cells[1].text = "English translation"
        for cell in parallel.rows[0].cells:
            cell.paragraphs[0].runs[0].bold = True
        for paragraph in section.paragraphs:
            refs = "".join(f" [{n}]" for n in paragraph.footnote_refs)
            for pair in paragraph.pairs:
                cells = parallel.add_row().cells
                cells[0].text = clean(pair.dutch)
                check = "".join(f" ⚠ Check ({f.kind}: {clean(f.detail)})" for f in pair.flags)
                cells[1].text = clean(pair.english or "(not translated)") + check + (refs if pair.last else "")


def render_docx(doc: Document) -> bytes:
    import docx
    from docx.shared import Pt, RGBColor

    note = note_view(doc)
    word = docx.Document()
    word.core_properties.title = clean(note.title)[:255]
    word.core_properties.author = "kamerbrief-pipeline"
    word.add_heading(clean(note.title), level=0)
    if note.dutch_title:
        word.add_paragraph().add_run(clean(note.dutch_title)).italic = True
    if note.tiny_models:
        run = word.add_paragraph().add_run(
            "Test output — not a translation. This note was made with tiny random-weight test models ("
            + clean(note.tiny_models) + "); its English is nonsense by design. Configure the real models "
            "(make models) for real notes.")
        run.bold = True
        run.font.color.rgb = RGBColor(0x8A, 0x1C, 0x1C)
    rows = note.rows
    table = word.add_table(rows=len(rows), cols=2)
    table.style = "Light List Accent 1"
    for row, cells in zip(rows, table.rows):
        cells.cells[0].text = row.label
        cells.cells[1].text = clean(row.value)

    word.add_heading("Summary", level=1)
    word.add_paragraph(clean(note.summary) or "No summary (no body text).")
    if note.key_points:
        _key_points(word, note)
    _sections(word, note)

    if note.footnotes:
        word.add_heading("Footnotes", level=1)
        for footnote in note.footnotes:
            item = word.add_paragraph()
            item.add_run(f"{footnote.n}. ").bold = True
            item.add_run(clean(footnote.text))
            if footnote.translated:
                item.add_run(" (Dutch: " + clean(footnote.dutch) + ")").italic = True

    prov = note.provenance
    footer = word.add_paragraph()
    run = footer.add_run(clean(
        f"Provenance: kamerbrief-pipeline {prov.version} | models: {prov.models or 'none'} | "
        f"config {prov.config_hash} | input sha256 {prov.input_sha256} | created {prov.created or 'unknown'}"))
    run.font.size = Pt(8)
    for warning in note.warnings:
        word.add_paragraph(clean(warning), style="List Bullet")
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()
