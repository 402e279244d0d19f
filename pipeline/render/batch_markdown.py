"""The batch's Markdown pages: index.md (every letter, the same facts as index.html without its filters)
and commitments.md (what was promised and when), from Jinja2 templates in the note's environment
(pipeline.render.markdown: every printed value through md_text, so nothing from a letter is live
Markdown)."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.render.batch_view import LetterEntry, Letters, agenda, newest_first, tiny_models
from pipeline.render.markdown import environment
from pipeline.render.view import UNKNOWN


def _page(template: str, letters: Letters, **context) -> Iterator[str]:
    return environment().get_template(template).generate(
        tiny=tiny_models(letters), tiny_notes=sum(1 for e in letters if e.tiny_models), letters=len(letters),
        unknown=UNKNOWN, **context)


# Piece by piece, like the HTML pages (pipeline.render.batch_html says why); render_* make the whole page.

def index_md(letters: Letters, failures: dict[str, str], html: bool = False) -> Iterator[str]:
    """`html`: the batch has HTML pages too (index.md then links dossiers.html)."""
    also = [("commitments.md", "commitments and dates")]
    also += [("dates.ics", "those dates for a calendar")] if agenda(letters).dated else []
    also += [("dossiers.html", "letters by dossier")] if html else []
    return _page("batch_index.md.j2", letters, entries=newest_first(letters), failures=sorted(failures.items()),
                 also=also)


def commitments_md(letters: Letters) -> Iterator[str]:
    return _page("commitments.md.j2", letters, agenda=agenda(letters))


def render_batch_index_md(entries: list[LetterEntry], failures: dict[str, str], html: bool = False) -> str:
    return "".join(index_md(Letters.of(entries), failures, html))


def render_commitments_md(entries: list[LetterEntry]) -> str:
    return "".join(commitments_md(Letters.of(entries)))
