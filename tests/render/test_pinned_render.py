"""The pinned sample notes (tests/data/pinned_notes/, made by tests/test_pinned_notes.py with tiny
models) rendered again from their pinned JSON: every format and the index come out byte-identical.
The inner-loop guard for the renderers: no models, no batch, a second or two."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.document import Document
from pipeline.names import inert
from pipeline.render.docx import render_docx
from pipeline.render.html import render_html, render_index_html
from pipeline.render.markdown import render_index, render_markdown
from pipeline.render.view import IndexEntry
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


def test_the_index_renders_as_pinned():
    # As the batch report makes them (pipeline.engines.report): text fields inert.
    entries = []
    for stem in STEMS:
        entry = IndexEntry.of(stem, pinned_document(stem))
        entries.append(IndexEntry(entry.stem, entry.date, inert(entry.title), entry.topics, inert(entry.summary),
                                  inert(entry.sender)))
    assert render_index(entries, {}) == pinned("index.md")
    assert render_index_html(entries, {}) == pinned("index.html")
