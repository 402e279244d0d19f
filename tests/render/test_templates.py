"""The templates' environments escape every value by default, and the templates and their CSS are
package data (an installed package has them)."""

from __future__ import annotations

import fnmatch
from html import escape
from importlib import resources
from pathlib import Path

import pytest
from markupsafe import Markup

from pipeline.render import html, markdown
from pipeline.render.batch_html import render_batch_index_html
from pipeline.render.escape import InertMarkdown, md_text

HOSTILE = "<script>x</script> | [a](javascript:y) 'q' \"d\" \x1b\n# h"


def test_markdown_templates_escape_what_they_print_unless_it_is_inert():
    env = markdown.environment()
    assert env.from_string("{{ x }}").render(x=HOSTILE) == md_text(HOSTILE)
    assert env.from_string("{{ x }}").render(x=InertMarkdown("**b**")) == "**b**"
    assert env.from_string("{{ n }}|{{ none }}").render(n=3, none=None) == "3|"
    with pytest.raises(TypeError):
        env.from_string("{{ x }}").render(x=["a list"])


def test_html_templates_escape_what_they_print_unless_it_is_markup():
    env = html.environment()
    assert env.autoescape
    assert env.from_string("{{ x }}").render(x=HOSTILE) == escape(HOSTILE.replace("\x1b", ""), quote=True)
    assert env.from_string('<a title="{{ x }}">').render(x='"><b>') == '<a title="&quot;&gt;&lt;b&gt;">'
    assert env.from_string("{{ x }}").render(x=Markup("<b>ok</b>")) == "<b>ok</b>"
    with pytest.raises(TypeError):
        env.from_string("{{ x }}").render(x=object())


def test_templates_and_css_are_package_data():
    shipped = sorted(p.name for p in (resources.files("pipeline.render") / "templates").iterdir()
                     if p.name.endswith((".j2", ".css")))
    assert shipped == ["batch.css", "batch_head.html.j2", "batch_index.html.j2", "batch_index.md.j2",
                       "commitments.html.j2", "commitments.md.j2", "dossiers.html.j2", "note.css", "note.html.j2",
                       "note.md.j2"]
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text(encoding="utf-8"))
    globs = pyproject["tool"]["setuptools"]["package-data"]["pipeline.render"]
    assert all(any(fnmatch.fnmatch(f"templates/{name}", g) for g in globs) for name in shipped)
    assert "<style>\n" + str(html.stylesheet("batch.css")) + "</style>" in render_batch_index_html([], {})
