"""The batch's HTML pages: index.html (every letter, with filters and full-text search), commitments.html
(what was promised and when) and dossiers.html (letters by Kamerstuk dossier), from Jinja2 templates
(pipeline/render/templates/batch_*.j2, commitments.html.j2, dossiers.html.j2) in the note's environment
(pipeline.render.html: autoescape, every printed value through html_text).

Each page is self-contained and works from file://: one stylesheet inline, no external resources, and a
Content Security Policy that admits only the index's own inline script, by its hash (batch_index.js),
and no script at all on the other pages.
With JS off the index shows every letter in a plain table.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from importlib import resources

from markupsafe import Markup

from pipeline.render.batch_view import (LetterEntry, Letters, agenda, choices, dossier_groups, newest_first,
                                       tiny_models)
from pipeline.render.html import content_security_policy, environment, stylesheet
from pipeline.render.view import UNKNOWN


@functools.cache
def index_script() -> str:
    """The index's filter and search script, shipped with the package."""
    return (resources.files("pipeline.render") / "templates" / "batch_index.js").read_text(encoding="utf-8")


def _policy(script: str) -> Markup:
    """The page's CSP: the index admits its own script by hash; a page without a script admits none."""
    policy = content_security_policy(script)
    # Markup: the same constant policy with one constant directive swapped.
    return policy if script else Markup(re.sub(r"script-src '[^']+'", "script-src 'none'", str(policy)))


def _page(template: str, page_title: str, current: str, letters: Letters, script: str,
          **context) -> Iterator[str]:
    return environment().get_template(template).generate(
        page_title=page_title, current=current, tiny=tiny_models(letters),
        tiny_notes=sum(1 for e in letters if e.tiny_models), letters=len(letters), unknown=UNKNOWN,
        css=stylesheet("batch.css"), csp=_policy(script), script=Markup(script), **context)  # Markup: our own script


# Each page comes piece by piece (Jinja's Template.generate), for pipeline.render.files.atomic_write:
# a batch's index is never one string. The render_* functions make the whole page of entries in memory.

def index_html(letters: Letters, failures: dict[str, str]) -> Iterator[str]:
    return _page("batch_index.html.j2", "Kamerbrieven — the letters", "index", letters, index_script(),
                 entries=newest_first(letters), failures=sorted(failures.items()),
                 topics=choices(t for e in letters for t in e.topics),
                 ministries=choices(e.sender for e in letters),
                 types=choices(e.document_type for e in letters if e.document_type))


def commitments_html(letters: Letters) -> Iterator[str]:
    return _page("commitments.html.j2", "Kamerbrieven — commitments and dates", "commitments", letters, "",
                 agenda=agenda(letters))


def dossiers_html(letters: Letters) -> Iterator[str]:
    return _page("dossiers.html.j2", "Kamerbrieven — dossiers", "dossiers", letters, "",
                 groups=dossier_groups(letters))


def render_batch_index_html(entries: list[LetterEntry], failures: dict[str, str]) -> str:
    return "".join(index_html(Letters.of(entries), failures))


def render_commitments_html(entries: list[LetterEntry]) -> str:
    return "".join(commitments_html(Letters.of(entries)))


def render_dossiers_html(entries: list[LetterEntry]) -> str:
    return "".join(dossiers_html(Letters.of(entries)))
