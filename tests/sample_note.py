"""A realistic note without models: the sample letter run through ingest → segment → classify → key facts,
its English taken from the hand-written references (data/references/). Used by the HTML/.docx/browser
tests and by scripts/make_note_screenshot.py (the README's screenshot)."""

from __future__ import annotations

import json
import re

from pipeline.document import Document
from tests.conftest import PROJECT_ROOT, SAMPLE_TXT

REFERENCE = PROJECT_ROOT / "data" / "references" / f"{SAMPLE_TXT.stem}.json"
TITLE_EN = "Report of the EU–Western Balkans Summit and the European Council of 13, 14 and 15 December 2023"


def _sentences_en(text: str) -> list[str]:
    import pysbd

    return [s.strip() for s in pysbd.Segmenter(language="en", clean=False).segment(text) if s.strip()]


def sample_note() -> Document:
    from pipeline.engines.local import analyse
    from pipeline.config import load_config
    from pipeline.stages.keyfacts import fill_key_fact_translations

    cfg = load_config(None, [])
    doc = analyse(SAMPLE_TXT, cfg)
    ref = json.loads(REFERENCE.read_text("utf-8"))
    by_heading = {r["heading_nl"]: r for r in ref["sections"]}
    for section in doc.sections:
        r = by_heading.get(section.heading)
        if r is None:
            continue
        section.heading_en = r["heading_en"]
        if not section.paragraphs:
            continue
        section.summary_en = r["summary_en"] or None
        english = [p.strip() for p in re.split(r"\n\s*\n", r["translation_en"]) if p.strip()]
        for i, paragraph in enumerate(section.paragraphs):
            if i >= len(english):
                break
            paragraph.text_en = english[i]
            sentences = _sentences_en(english[i])
            # sentence-aligned where the counts agree (as the translator's output always is)
            paragraph.sentences_en = sentences if len(sentences) == len(paragraph.sentences) else None
    footnotes_en = {f["n"]: f["text_en"] for f in ref["footnotes"]}
    for footnote in doc.footnotes:
        footnote.text_en = footnotes_en.get(footnote.n)
    doc.summary_en = ref["letter_summary"]
    doc.metadata.title_en = TITLE_EN
    doc.provenance.created = "2024-01-05T12:00:00+00:00"
    return fill_key_fact_translations(doc)
