"""The batch's HTML pages (pipeline.render.batch_html): every letter's facts on the index, the filter
bar hidden without JS, a strict CSP with only the index's own script, hostile text inert everywhere."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

import pytest

from pipeline.render.batch_html import (index_script, render_batch_index_html, render_commitments_html,
                                        render_dossiers_html)
from pipeline.render.batch_view import letter_entry
from tests.batch_letters import HOSTILE, batch, letter


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._script = tag == "script"

    def handle_endtag(self, tag):
        self._script = False

    def handle_data(self, data):
        if self._script:
            self.scripts.append(data)


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    return parser


def assert_inert(page: str, own_script: str | None) -> _Page:
    parsed = _parse(page)
    assert parsed.scripts == ([own_script] if own_script else []), "a script other than the page's own"
    csp = next(a["content"] for t, a in parsed.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "base-uri 'none'" in csp and "form-action 'none'" in csp
    if own_script:
        digest = base64.b64encode(hashlib.sha256(own_script.encode()).digest()).decode()
        assert f"script-src 'sha256-{digest}'" in csp
    else:
        assert "script-src 'none'" in csp
    for tag, attrs in parsed.tags:
        assert tag not in {"img", "iframe", "object", "embed", "form", "base", "link", "frame", "math", "svg"}, tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, value)
            if name in {"href", "src", "action", "formaction"}:
                # the official publication (https), a note or batch page (with a section), the calendar
                assert re.match(r"(?:https://|[\w.-]+\.html(?:#[\w-]+)?$|dates\.ics$)", value), (tag, name, value)
    return parsed


@pytest.fixture(scope="module")
def entries():
    return [letter_entry(stem, doc) for stem, doc in batch()]


def test_index_lists_every_letter_newest_first_with_its_facts(entries):
    page = render_batch_index_html(entries, {"kapot.pdf": "unreadable <pdf>"})
    parsed = assert_inert(page, index_script())
    rows = [a for t, a in parsed.tags if t == "tr" and "data-search" in a]
    assert [r["data-date"] for r in rows] == ["2024-02-09", "2024-01-25", "2023-11-14", ""]
    assert rows[0]["data-topics"] == "International Affairs" and rows[0]["data-type"] == "geannoteerde agenda"
    assert "Oekraïne" in rows[0]["data-search"] and "Annotated agenda" in rows[0]["data-search"]
    assert 'href="https://zoek.officielebekendmakingen.nl/kst-21501-02-2891.html"' in page
    assert "2 fidelity, 1 official-record mismatch" in page and "Geannoteerde agenda Raad" in page
    assert 'id="tiny-banner"' in page and "tiny-marian" in page and "1 of 4 note(s)" in page
    assert "kapot.pdf" in page and "unreadable &lt;pdf&gt;" in page
    # JS off: the filter bar is hidden and no row is
    assert re.search(r'<div id="filters"[^>]*\shidden>', page) and not re.search(r"<tr[^>]*\shidden", page)


def test_no_banner_when_every_note_is_real_output():
    entries = [letter_entry("a", letter("A", "A", "2024-01-01"))]
    for page in (render_batch_index_html(entries, {}), render_commitments_html(entries), render_dossiers_html(entries)):
        assert "tiny-banner" not in page and "Test output" not in page


def test_every_page_is_inert_with_hostile_text(entries):
    assert_inert(render_batch_index_html(entries, {HOSTILE: HOSTILE}), index_script())
    for page in (render_commitments_html(entries), render_dossiers_html(entries)):
        assert_inert(page, None)
        assert "</script><b>" not in page and '"onmouseover' not in page and "\u202e" not in page
        assert "&lt;/script&gt;&lt;b&gt;x&lt;/b&gt; &quot;onmouseover=alert(1)" in page


def test_commitments_page_in_date_order_each_with_letter_section_dutch_english(entries):
    page = render_commitments_html(entries)
    dated, undated = page.split('id="undated"')
    dates = re.findall(r'<span class="when">([\d-]+)', dated)
    assert dates == sorted(dates) and "2024-06 (month)" in dated
    assert 'href="001_agenda.html#sec-s1"' in dated and "§1 Vervolg" in dated
    assert "De Raad vindt plaats op 19 februari 2024." in dated and "The Council meets on 19 February 2024." in dated
    assert "Het kabinet zal de Kamer nader informeren." in undated


def test_dossiers_page_groups_letters_with_their_headline_points(entries):
    page = render_dossiers_html(entries)
    headings = re.findall(r"<h2>(.*?) <span", page)
    assert headings == ["Dossier 21 501-02", "Dossier 29 023", "No dossier number"]
    first = page.split("<h2>")[1]
    assert first.index("2024-01-25") < first.index("2024-02-09")  # oldest first
    assert "€ 5 miljoen" in first and "EUR 5 million is available." in first
