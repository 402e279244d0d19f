"""Render the self-contained, printable HTML note of a letter and the batch's index.html from Jinja2
templates (pipeline/render/templates/*.html.j2, their CSS beside them).

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
from collections import Counter
from dataclasses import dataclass
from importlib import resources

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from pipeline.document import Document
from pipeline.render.escape import html_text, linkify
from pipeline.render.view import IndexEntry, newest_first, note_view, one_line

# Opens every collapsed translation before printing (browsers without ::details-content).
PRINT_SCRIPT = ("addEventListener('beforeprint',function(){document.querySelectorAll('details')"
                ".forEach(function(d){d.open=true})});")

# Sorts the rows by their data-date on a click on the Date header; without JS they stay newest first.
SORT_SCRIPT = ("(function(){var b=document.getElementById('sort-date');if(!b)return;var t=document"
               ".getElementById('letters').tBodies[0],th=b.parentNode;b.addEventListener('click',function(){"
               "var asc=th.getAttribute('aria-sort')!=='ascending';var r=Array.prototype.slice.call(t.rows);"
               "r.sort(function(x,y){var a=x.dataset.date,c=y.dataset.date;return (a<c?-1:a>c?1:0)*(asc?1:-1)});"
               "r.forEach(function(row){t.appendChild(row)});th.setAttribute('aria-sort',asc?'ascending':"
               "'descending')})})();")


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


@dataclass(frozen=True)
class TopicBar:
    topic: str
    letters: int
    y: int
    width: int


@dataclass(frozen=True)
class TopicChart:
    """An inline SVG bar chart of how many letters touch each topic."""

    bars: list[TopicBar]
    label_width: int = 260
    row_height: int = 22
    width: int = 700

    @property
    def height(self) -> int:
        return self.row_height * len(self.bars) + 8


def topic_chart(entries: list[IndexEntry], bar_width: int = 380) -> TopicChart | None:
    """The chart's bars, most letters first; None when no letter has a topic."""
    counts = Counter(t for e in entries for t in e.topics)
    if not counts:
        return None
    most = max(counts.values())
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return TopicChart([TopicBar(topic, n, 4 + i * TopicChart.row_height, max(2, round(bar_width * n / most)))
                       for i, (topic, n) in enumerate(items)])


def render_index_html(entries: list[IndexEntry], failures: dict[str, str], link_ext: str = "html") -> str:
    return environment().get_template("index.html.j2").render(
        entries=newest_first(entries), failures=sorted(failures.items()), link_ext=link_ext,
        chart=topic_chart(entries), css=stylesheet("index.css"), csp=content_security_policy(SORT_SCRIPT),
        script=Markup(SORT_SCRIPT))  # Markup: our own script
