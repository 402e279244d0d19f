"""Render the Markdown note of a letter from Jinja2 templates (pipeline/render/templates/note.md.j2);
the batch pages share this environment (pipeline.render.batch_markdown).

The templates' environment escapes every value it prints with md_text (pipeline.render.escape), so
text from a letter, its file name or a model cannot be left raw by mistake: a note stays inert in
any Markdown viewer. Only `InertMarkdown` passes as it is.
"""

from __future__ import annotations

import functools

from jinja2 import Environment, PackageLoader, StrictUndefined

from pipeline.document import Document
from pipeline.render.escape import InertMarkdown, md_link_target, md_text, md_url
from pipeline.render.view import note_view, one_line


def _inert(value: object) -> str:
    """Every value a Markdown template prints: escaped unless it is inert already."""
    if value is None:
        return ""
    if isinstance(value, InertMarkdown):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return md_text(value)
    raise TypeError(f"a Markdown template printed a {type(value).__name__}, not text or a number")


def _md(text: str | None) -> InertMarkdown:
    """Escape in the template, where the escaped text decides a choice (`|md or "—"`)."""
    return InertMarkdown(md_text(text))


def _autolink(url: str) -> InertMarkdown | None:
    link = md_url(url)
    return InertMarkdown(link) if link else None


def _heading_marks(depth: int) -> InertMarkdown:
    return InertMarkdown("#" * depth)


def _pipeline_text(text: str) -> InertMarkdown:
    """Text the pipeline wrote itself (its version), shown verbatim: md_text would escape `0.1` as
    an ordered-list number."""
    return InertMarkdown(text)


def _assembled(text: str) -> InertMarkdown:
    """A macro's output in a template: every value in it was escaped as the macro printed it (the
    environment's finalize), so printing it again must not escape the Markdown the macro wrote."""
    return InertMarkdown(text)


@functools.cache
def environment() -> Environment:
    env = Environment(loader=PackageLoader("pipeline.render", "templates"), autoescape=False, finalize=_inert,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, undefined=StrictUndefined)
    env.filters.update(md=_md, autolink=_autolink, link_target=lambda t: InertMarkdown(md_link_target(t)),
                       one_line=one_line, heading_marks=_heading_marks, pipeline_text=_pipeline_text,
                       assembled=_assembled)
    return env


def render_markdown(doc: Document) -> str:
    return environment().get_template("note.md.j2").render(note=note_view(doc))
