"""Write a letter's note in the configured formats: one renderer per format (output.formats)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipeline.document import Document
from pipeline.render.docx import render_docx
from pipeline.render.files import atomic_write, atomic_write_bytes
from pipeline.render.html import render_html
from pipeline.render.markdown import render_markdown


def _json(doc: Document) -> str:
    return doc.to_json() + "\n"


# format -> renderer (text or bytes); the file is <stem>.<format>. Written in this order: JSON last.
RENDERERS: dict[str, Callable[[Document], str | bytes]] = {
    "md": render_markdown, "html": render_html, "docx": render_docx, "json": _json,
}


def write_note(doc: Document, out_dir: Path, stem: str, formats: list[str]) -> list[Path]:
    """Write the note's files, the JSON last: it records the note as complete
    (pipeline.engines.local.run_key)."""
    written = []
    for fmt, render in RENDERERS.items():
        if fmt not in formats:
            continue
        path = out_dir / f"{stem}.{fmt}"
        content = render(doc)
        if isinstance(content, bytes):
            atomic_write_bytes(path, content)
        else:
            atomic_write(path, content)
        written.append(path)
    return written
