"""Render the Word (.docx) note of a letter with python-docx, from the note's view model
(pipeline.render.view), in the HTML note's order: on the first A4 page the header (title, test-model
banner, legend, metadata), the summary, the headline points, the commitments and dates; after a page
break the appendix (every key fact, the letter section by section as Dutch | English tables,
footnotes, provenance).

Extracted text (the letter's own) is set upright; machine text is italic after its [Machine] tag, so
the distinction survives printing in black and white. Word's XML forbids control characters, so every
text from the letter goes through `clean`."""

from __future__ import annotations

import io

from pipeline.document import Document
from pipeline.render.escape import clean
from pipeline.render.view import KeyPoint, NoteView, note_view

# A4 (ISO 216) in millimetres; margins as the note's print stylesheet sets them.
A4_MM = (210, 297)
MARGIN_MM = 18
MACHINE_RGB = (0x5B, 0x4A, 0x8A)
CHECK_RGB = (0x5C, 0x39, 0x00)


def _tag(paragraph, name: str) -> None:
    run = paragraph.add_run(f"[{name}] ")
    run.bold = True
    run.font.small_caps = True


def _machine(paragraph, note: NoteView, text: str | None) -> None:
    """The model's English after its tag, italic."""
    from docx.shared import RGBColor

    _tag(paragraph, note.machine_tag)
    run = paragraph.add_run(clean(text) or "(not translated)")
    run.italic = True
    run.font.color.rgb = RGBColor(*MACHINE_RGB)


def _check(paragraph, reasons: str | None) -> None:
    """A check's reasons as visible text beside what it flags."""
    from docx.shared import RGBColor

    if reasons:
        paragraph.add_run(" ⚠ Check: ").bold = True
        paragraph.add_run(clean(reasons)).font.color.rgb = RGBColor(*CHECK_RGB)


def _point(word, note: NoteView, point: KeyPoint, style: str) -> None:
    head = word.add_paragraph(style=style)
    head.add_run(" · ".join(point.kinds)).bold = True
    if point.values:
        head.add_run(": " + "; ".join(clean(v) for v in point.values)).bold = True
    head.add_run(f" ({clean(point.section_ref) if point.section_ref else 'section not in the note'})")
    dutch = word.add_paragraph()
    _tag(dutch, note.extracted_tag)
    dutch.add_run(clean(point.dutch))
    _machine(word.add_paragraph(), note, point.english)


def _header(word, note: NoteView) -> None:
    from docx.shared import RGBColor

    title = word.add_heading(clean(note.title), level=0)
    _check(title, note.title_checks)
    if note.title_en:
        _machine(word.add_paragraph(), note, note.title_en)
    if note.tiny_models:
        run = word.add_paragraph().add_run(
            "Test output — not a translation. This note was made with tiny random-weight test models ("
            + clean(note.tiny_models) + "); its English is nonsense by design. Configure the real models "
            "(make models) for real notes.")
        run.bold = True
        run.font.color.rgb = RGBColor(0x8A, 0x1C, 0x1C)
    for name, meaning in note.legend:
        line = word.add_paragraph()
        _tag(line, name)
        line.add_run(meaning)
    line = word.add_paragraph()
    line.add_run("⚠ Check: ").bold = True
    line.add_run("an automatic check found a problem in that translation: the reason follows.")
    table = word.add_table(rows=len(note.rows), cols=2)
    table.style = "Light List Accent 1"
    for row, cells in zip(note.rows, table.rows):
        cells.cells[0].text = row.label
        cells.cells[1].text = clean(row.value)
        _check(cells.cells[1].paragraphs[0], row.check)


def _executive(word, note: NoteView) -> None:
    word.add_heading("Summary", level=1)
    summary = word.add_paragraph()
    if note.summary:
        _machine(summary, note, note.summary)
    else:
        summary.add_run("No summary (no body text).")
    _check(summary, note.summary_checks)
    word.add_heading("Headline points", level=1)
    for point in note.headline:
        _point(word, note, point, "List Number")
    if not note.headline:
        word.add_paragraph("No headline points chosen for this letter" +
                           (": see every key fact in the appendix." if note.key_points else "."))
    word.add_heading("Commitments and dates", level=1)
    word.add_paragraph(note.commitments_intro)
    for point in note.commitments_and_dates:
        _point(word, note, point, "List Bullet")


def _sections(word, note: NoteView) -> None:
    from docx.shared import Pt

    word.add_heading("Appendix B: the letter, section by section", level=1)
    for section in note.sections:
        heading = word.add_heading(clean(section.ref), level=min(9, 1 + section.level))
        _check(heading, section.checks)
        if section.heading_en:
            _machine(word.add_paragraph(), note, section.heading_en)
        badges = [f"{b.name}: {b.label}" + (f" ({b.shares})" if b.shares else "") for b in section.badges]
        if badges:
            run = word.add_paragraph().add_run(clean(" · ".join(badges)))
            run.font.size = Pt(9)
        if not section.paragraphs:
            continue
        if section.summary:
            summary = word.add_paragraph()
            summary.add_run("Summary. ").bold = True
            _machine(summary, note, section.summary)
            _check(summary, section.summary_checks)
        parallel = word.add_table(rows=1, cols=2)
        parallel.style = "Table Grid"
        parallel.rows[0].cells[0].text = f"Dutch original [{note.extracted_tag}]"
        parallel.rows[0].cells[1].text = f"English [{note.machine_tag}]"
        for cell in parallel.rows[0].cells:
            cell.paragraphs[0].runs[0].bold = True
        for paragraph in section.paragraphs:
            refs = "".join(f" [{n}]" for n in paragraph.footnote_refs)
            for pair in paragraph.pairs:
                cells = parallel.add_row().cells
                cells[0].text = clean(pair.dutch)
                english = cells[1].paragraphs[0]
                english.add_run(clean(pair.english or "(not translated)") + (refs if pair.last else "")).italic = True
                _check(english, pair.check)


def _appendix(word, note: NoteView) -> None:
    from docx.enum.text import WD_BREAK

    word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    if note.key_points:
        word.add_heading("Appendix A: every key fact", level=1)
        for group in note.key_points:
            word.add_heading(group.label, level=2)
            for point in group.points:
                _point(word, note, point, "List Bullet")
    _sections(word, note)
    if note.footnotes:
        word.add_heading("Footnotes", level=1)
        for footnote in note.footnotes:
            item = word.add_paragraph()
            item.add_run(f"{footnote.n}. ").bold = True
            item.add_run(clean(footnote.dutch) + " ")
            if footnote.translated:
                _machine(item, note, footnote.text)
            _check(item, footnote.checks)


def render_docx(doc: Document) -> bytes:
    import docx
    from docx.shared import Mm, Pt

    note = note_view(doc)
    word = docx.Document()
    for section in word.sections:
        section.page_width, section.page_height = Mm(A4_MM[0]), Mm(A4_MM[1])
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Mm(MARGIN_MM)
    word.core_properties.title = clean(note.title)[:255]
    word.core_properties.author = "kamerbrief-pipeline"
    _header(word, note)
    _executive(word, note)
    _appendix(word, note)

    prov = note.provenance
    footer = word.add_paragraph()
    run = footer.add_run(clean(
        f"Provenance: kamerbrief-pipeline {prov.version} | models: {prov.models or 'none'} | "
        f"config {prov.config_hash} | input sha256 {prov.input_sha256} | created {prov.created or 'unknown'}"))
    run.font.size = Pt(8)
    if note.warnings:
        word.add_heading("Warnings", level=1)
    for warning in note.warnings:
        word.add_paragraph(clean(warning), style="List Bullet")
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()
