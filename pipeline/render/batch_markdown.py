"""The batch's Markdown pages: index.md (every letter, the same facts as index.html without its filters)
and commitments.md (what was promised and when), from Jinja2 templates in the note's environment
(pipeline.render.markdown: every printed value through md_text, so nothing from a letter is live
Markdown)."""

from __future__ import annotations

from pipeline.render.batch_view import LetterEntry, agenda, newest_first, tiny_models
from pipeline.render.markdown import environment
from pipeline.render.view import UNKNOWN


def _page(template: str, letters: list[LetterEntry], **context) -> str:
    return environment().get_template(template).render(
        tiny=tiny_models(letters), tiny_notes=sum(1 for e in letters if e.tiny_models), letters=len(letters),
        unknown=UNKNOWN, **context)


def render_batch_index_md(entries: list[LetterEntry], failures: dict[str, str], html: bool = False) -> str:
    """`html`: the batch has HTML pages too (index.md then links dossiers.html)."""
    also = [("commitments.md", "commitments and dates")]
    also += [("dates.ics", "those dates for a calendar")] if agenda(entries).dated else []
    also += [("dossiers.html", "letters by dossier")] if html else []
    return _page("batch_index.md.j2", entries, entries=newest_first(entries), failures=sorted(failures.items()),
                 also=also)


def render_commitments_md(entries: list[LetterEntry]) -> str:
    return _page("commitments.md.j2", entries, agenda=agenda(entries))
