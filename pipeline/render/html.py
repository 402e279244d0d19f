"""Render the self-contained, printable HTML note of a letter from Jinja2 templates
(pipeline/render/templates/note.html.j2, its CSS beside it); the batch pages share this environment
(pipeline.render.batch_html).

Everything that comes from a letter (text, metadata, footnotes, model ids) is untrusted. The
templates' environment autoescapes, and its finalize escapes every printed value with the project's
own html_text (pipeline.render.escape: XML-forbidden characters dropped, quotes escaped too); only
http(s) URLs become links (linkify), and the pages carry a Content Security Policy that allows no
external asset and only their own inline script (by hash).
"""

from __future__ import annotations

import base64
import functools
import hashlib
from importlib import resources

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from pipeline.document import Document
from pipeline.render.escape import html_text, linkify
from pipeline.render.view import note_view, one_line

# Opens every collapsed translation before printing (browsers without ::details-content).
PRINT_SCRIPT = ("addEventListener('beforeprint',function(){document.querySelectorAll('details')"
                ".forEach(function(d){d.open=true})});")

def _escaped(value: object) -> Markup:
    """Every value an HTML template prints: escaped with html_text unless it is Markup already."""
    if value is None:
        return Markup("")
    if isinstance(value, Markup):
        return value
    if isinstance(value, int):
        return Markup(str(value))
    if isinstance(value, str):
        return html_text(value)
    raise TypeError(f"an HTML template printed a {type(value).__name__}, not text or a number")


@functools.cache
def environment() -> Environment:
    env = Environment(loader=PackageLoader("pipeline.render", "templates"), autoescape=True, finalize=_escaped,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, undefined=StrictUndefined)
    env.filters.update(html_text=html_text, linkify=linkify, one_line=one_line)
    return env


@functools.cache
def stylesheet(name: str) -> Markup:
    """A CSS file shipped with the package (pipeline/render/templates/<name>)."""
    # Markup: our own package file, not text from a letter.
    return Markup((resources.files("pipeline.render") / "templates" / name).read_text(encoding="utf-8"))


def content_security_policy(script: str) -> Markup:
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    # Markup: made of constants and our own script's hash; its quotes must stay as they are.
    return Markup(f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{digest}'; "
                  "base-uri 'none'; form-action 'none'")


def render_html(doc: Document) -> str:
    return environment().get_template("note.html.j2").render(
        note=note_view(doc), css=stylesheet("note.css"), csp=content_security_policy(PRINT_SCRIPT),
        script=Markup(PRINT_SCRIPT))  # Markup: our own script
