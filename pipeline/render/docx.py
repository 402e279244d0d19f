"""Render: the Word (.docx) note per letter, with python-docx: the content of the HTML note as headings,
a key-points list and Dutch | English tables for the full translation."""

from __future__ import annotations

import io

from pipeline.document import Document, Section
from pipeline.render.markdown import key_fact_groups, question_rows, section_badges, sentence_pairs
from pipeline.render.html import clean, tiny_models


def _heading_text(section: Section) -> str:
    return section.heading_en or ("Opening" if section.heading is None else section.heading)


def render_docx(doc: Document) -> bytes:
    import docx
    from docx.shared import Pt, RGBColor

    meta = doc.metadata
    word = docx.Document()
    word.core_properties.title = clean(meta.title_en or meta.title or doc.source)[:255]
    word.core_properties.author = "kamerbrief-pipeline"
    word.add_heading(clean(meta.title_en or meta.title or doc.source), level=0)
    if meta.title and meta.title != (meta.title_en or meta.title):
        word.add_paragraph().add_run(clean(meta.title)).italic = True
    tiny = tiny_models(doc)
    if tiny:
        run = word.add_paragraph().add_run(
            "Test output — not a translation. This note was made with tiny random-weight test models ("
            + clean(", ".join(tiny)) + "); its English is nonsense by design. Configure the real models "
            "(make models) for real notes.")
        run.bold = True
        run.font.color.rgb = RGBColor(0x8A, 0x1C, 0x1C)
    topics = sorted({s.topic for s in doc.sections if s.topic})
    rows = [("Date", meta.date or "unknown"), ("Sender", meta.sender or "unknown"),
            ("Kamerstuk", meta.kamerstuk or "—"), ("Document type", meta.document_type or "unknown"),
            ("Topics", ", ".join(topics) or "—"), ("Source", doc.source)]
    rows[3:3] = question_rows(meta)
    table = word.add_table(rows=len(rows), cols=2)
    table.style = "Light List Accent 1"
    for (key, value), row in zip(rows, table.rows):
        row.cells[0].text = key
        row.cells[1].text = clean(value)

    word.add_heading("Summary", level=1)
    word.add_paragraph(clean(doc.summary_en) or "No summary (no body text).")

    if doc.key_facts:
        headings = {s.id: _heading_text(s) for s in doc.sections}
        word.add_heading("Key points", level=1)
        for _, label, sentences in key_fact_groups(doc):
            word.add_heading(label, level=2)
            for facts in sentences:
                section_id = facts[0].section_id
                item = word.add_paragraph(style="List Bullet")
                values = "; ".join(clean(f.value) for f in facts if f.value)
                if values:
                    item.add_run(values + ": ").bold = True
                item.add_run(clean(facts[0].text_en) or "(not translated)")
                item.add_run(" — ")
                item.add_run(clean(facts[0].text_nl)).italic = True
                item.add_run(f" (§ {clean(headings.get(section_id, section_id))})")

    word.add_heading("The letter, section by section", level=1)
    for section in doc.sections:
        word.add_heading(clean(_heading_text(section)), level=min(9, 1 + section.level))
        if section.heading:
            word.add_paragraph().add_run("Dutch heading: " + clean(section.heading)).italic = True
        badges = [f"{name}: {label}" + (f" ({shares})" if shares else "")
                  for name, label, shares in section_badges(section)]
        if badges:
            run = word.add_paragraph().add_run(clean(" · ".join(badges)))
            run.font.size = Pt(9)
        if not section.paragraphs:
            continue
        if section.summary_en:
            summary = word.add_paragraph()
            summary.add_run("Summary. ").bold = True
            summary.add_run(clean(section.summary_en))
        parallel = word.add_table(rows=1, cols=2)
        parallel.style = "Table Grid"
        parallel.rows[0].cells[0].text = "Dutch original"
        parallel.rows[0].cells[1].text = "English translation"
        for cell in parallel.rows[0].cells:
            cell.paragraphs[0].runs[0].bold = True
        for paragraph in section.paragraphs:
            pairs = sentence_pairs(paragraph)
            refs = "".join(f" [{n}]" for n in paragraph.footnote_refs)
            for i, (nl, english, flags) in enumerate(pairs):
                cells = parallel.add_row().cells
                cells[0].text = clean(nl)
                check = "".join(f" ⚠ Check ({f.kind}: {clean(f.detail)})" for f in flags)
                cells[1].text = clean(english or "(not translated)") + check + (refs if i == len(pairs) - 1 else "")

    if doc.footnotes:
        word.add_heading("Footnotes", level=1)
        for fn in doc.footnotes:
            item = word.add_paragraph()
            item.add_run(f"{fn.n}. ").bold = True
            item.add_run(clean(fn.text_en or fn.text))
            if fn.text_en and fn.text_en != fn.text:
                item.add_run(" (Dutch: " + clean(fn.text) + ")").italic = True

    prov = doc.provenance
    models = "; ".join(f"{k}: {m.id}" + (f"@{m.revision}" if m.revision else "") + (" (tiny)" if m.tiny else "")
                       for k, m in prov.models.items())
    footer = word.add_paragraph()
    run = footer.add_run(clean(
        f"Provenance: kamerbrief-pipeline {prov.pipeline_version} | models: {models or 'none'} | "
        f"config {prov.config_hash} | input sha256 {(prov.input_sha256 or '')[:12]} | "
        f"created {prov.created or 'unknown'}"))
    run.font.size = Pt(8)
    for warning in doc.warnings:
        word.add_paragraph(clean(warning), style="List Bullet")
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()
