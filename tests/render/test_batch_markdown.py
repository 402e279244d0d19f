"""The batch's Markdown pages (pipeline.render.batch_markdown): index.md with every letter's facts in
one table row each, commitments.md in date order; both inert whatever a letter holds."""

from __future__ import annotations

import re

from pipeline.render.batch_markdown import render_batch_index_md, render_commitments_md
from pipeline.render.batch_view import letter_entry
from tests.batch_letters import batch, letter
from tests.render.test_escaping import assert_inert_markdown


def _entries():
    return [letter_entry(stem, doc) for stem, doc in batch()]


def test_index_md_has_one_row_of_nine_cells_per_letter_and_is_inert():
    entries = _entries()
    md = render_batch_index_md(entries, {"kapot.pdf": "unreadable"}, html=True)
    assert_inert_markdown(md, {f"{e.stem}.md" for e in entries})
    rows = [line for line in md.splitlines() if line.startswith("| ") and not line.startswith("| Date |")]
    assert len(rows) == len(entries)
    assert all(len(re.findall(r"(?<!\\)\|", row)) == 10 for row in rows), rows  # nine cells, `|` in text escaped
    assert rows[0].startswith("| 2024-02-09 | [Annotated agenda")
    assert "<https://zoek.officielebekendmakingen.nl/kst-21501-02-2891.html>" in rows[0]
    assert "Test output" in md and "- kapot.pdf: unreadable" in md
    assert "| not stated |" in rows[-1]  # no date, no sender: the note's word


def test_commitments_md_lists_dated_items_in_order_then_undated():
    entries = _entries()
    md = render_commitments_md(entries)
    assert_inert_markdown(md, {f"{e.stem}.md" for e in entries})
    dated, undated = md.split("## Commitments without a date")
    dates = re.findall(r"^- \*\*([\d-]+)", dated, re.MULTILINE)
    assert dates == sorted(dates) and len(dates) == 3
    assert "Dutch (letter): De Raad vindt plaats op 19 februari 2024." in dated
    assert "[Annotated agenda Foreign Affairs Council](001_agenda.md) (2024-02-09), §1 Vervolg" in dated
    assert undated.count("- **no date**") == 2


def test_dates_ics_is_named_only_when_a_letter_names_an_upcoming_date():
    undated = [letter_entry("a", letter("A", "A", "2024-01-01"))]
    assert "dates.ics" not in render_batch_index_md(undated, {}) + render_commitments_md(undated)
    assert "`dates.ics`" in render_batch_index_md(_entries(), {}) and "`dates.ics`" in render_commitments_md(_entries())
