"""The pinned sample notes (tests/data/pinned_notes/, made by tests/test_pinned_notes.py with tiny
models) rendered again from their pinned JSON: every format and the index come out byte-identical.
The inner-loop guard for the renderers: no models, no batch, a second or two."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.document import Document
from pipeline.render.docx import render_docx
from pipeline.render.batch_html import render_batch_index_html, render_commitments_html, render_dossiers_html
from pipeline.render.batch_markdown import render_batch_index_md, render_commitments_md
from pipeline.render.batch_view import letter_entry
from pipeline.render.html import render_html
from pipeline.render.markdown import render_markdown
from tests.test_pinned_notes import PINNED, docx_text, normalise

# What the pins normalised, put back as values a run could have made.
TINY_DIR = Path("/tmp/pytest-of-x/tiny-models0")
_RUN_VALUES = {"<TINY>": str(TINY_DIR), '"config_hash": "<HASH>"': '"config_hash": "0123456789abcdef"',
               '"created": "<TIME>"': '"created": "2026-01-02T03:04:05+00:00"'}
STEMS = sorted(p.stem for p in PINNED.glob("*.json"))


def pinned_document(stem: str) -> Document:
    text = (PINNED / f"{stem}.json").read_text(encoding="utf-8")
    for placeholder, value in _RUN_VALUES.items():
        text = text.replace(placeholder, value)
    return Document.model_validate_json(text)


def pinned(name: str) -> str:
    return (PINNED / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("stem", STEMS)
def test_each_format_renders_the_pinned_note(stem, tmp_path):
    doc = pinned_document(stem)
    assert normalise(render_markdown(doc), TINY_DIR) == pinned(f"{stem}.md")
    assert normalise(render_html(doc), TINY_DIR) == pinned(f"{stem}.html")
    (tmp_path / "note.docx").write_bytes(render_docx(doc))
    assert normalise(docx_text(tmp_path / "note.docx"), TINY_DIR) == pinned(f"{stem}.docx.txt")


def test_the_batch_pages_render_as_pinned():
    # As the batch report makes them (pipeline.engines.report.BatchCollector.close).
    entries = [letter_entry(stem, pinned_document(stem)) for stem in STEMS]
    assert normalise(render_batch_index_md(entries, {}, html=True), TINY_DIR) == pinned("index.md")
    assert normalise(render_commitments_md(entries), TINY_DIR) == pinned("commitments.md")
    assert normalise(render_batch_index_html(entries, {}), TINY_DIR) == pinned("index.html")
    assert normalise(render_commitments_html(entries), TINY_DIR) == pinned("commitments.html")
    assert normalise(render_dossiers_html(entries), TINY_DIR) == pinned("dossiers.html")
