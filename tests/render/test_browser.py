"""The batch pages used in a real headless browser (playwright driving Debian's chromium, never a
downloaded browser), opened from file:// as a reader would: typing a query filters the index's rows,
so do the topic, ministry and date-range filters; with JS off the index shows every letter and no
filter bar; nothing overflows at phone or desktop width on index, commitments and dossiers.
(The note's own browser tests are in test_browser_note.py.)

The README's pictures of the batch pages (docs/screenshots/batch-index.png, batch-commitments.png) are
rebuilt by this module's screenshot test:
    KAMERBRIEF_UPDATE_SCREENSHOTS=1 .venv/bin/python -m pytest tests/render/test_browser.py -k screenshots"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.render.batch_html import render_batch_index_html, render_commitments_html, render_dossiers_html
from pipeline.render.batch_view import letter_entry
from tests.batch_letters import batch
from tests.render.conftest import CHROMIUM

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None, reason="chromium not found: apt-get install chromium")]
PAGES = ("index", "commitments", "dossiers")
DOCS_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def write_batch_pages(out: Path) -> Path:
    """The three HTML pages of the hand-built batch (tests/batch_letters.py) in `out`."""
    entries = [letter_entry(stem, doc) for stem, doc in batch()]
    out.mkdir(parents=True, exist_ok=True)
    (out / "index.html").write_text(render_batch_index_html(entries, {}), "utf-8")
    (out / "commitments.html").write_text(render_commitments_html(entries), "utf-8")
    (out / "dossiers.html").write_text(render_dossiers_html(entries), "utf-8")
    return out


def batch_screenshots(browser, folder: Path, out: Path) -> list[Path]:
    """index.png and commitments.png of the pages in `folder`: the top of each at desktop width."""
    page = browser.new_page(viewport={"width": 1280, "height": 760})
    shots = []
    for name in ("index", "commitments"):
        page.goto((folder / f"{name}.html").as_uri())
        shots.append(out / f"batch-{name}.png")
        page.screenshot(path=str(shots[-1]))
    page.close()
    return shots


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return write_batch_pages(tmp_path_factory.mktemp("batch"))


@pytest.fixture
def index(browser, folder):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)  # a CSP refusal
    page.goto((folder / "index.html").as_uri())
    yield page
    page.close()
    assert not errors, errors


def _shown(page) -> list[str]:
    """The data-date of every row the reader sees."""
    return page.eval_on_selector_all("#letters tbody tr", "rs => rs.filter(r => !r.hidden).map(r => r.dataset.date)")


def test_typing_a_query_filters_the_rows(index):
    assert index.is_visible("#filters") and len(_shown(index)) == 4
    index.fill("#q", "oekraine")  # case and accents folded: finds 'Oekraïne' in the Dutch
    assert _shown(index) == ["2024-02-09"]
    index.fill("#q", "gas supply")  # every word, anywhere in the English
    assert _shown(index) == ["2023-11-14"]
    assert index.text_content("#shown") == "1 of 4 letters shown"
    index.fill("#q", "geen-zulk-woord")
    assert _shown(index) == [] and index.is_visible("#no-match")


def test_topic_ministry_and_date_range_filter_the_rows(index):
    index.select_option("#f-topic", "Energy")
    assert _shown(index) == ["2023-11-14", ""]
    index.select_option("#f-topic", "")
    index.select_option("#f-ministry", "Minister van Buitenlandse Zaken")
    assert _shown(index) == ["2024-02-09", "2024-01-25"]
    index.fill("#f-from", "2024-01-01")
    index.fill("#f-to", "2024-01-31")
    assert _shown(index) == ["2024-01-25"]
    index.click("#f-clear")
    assert len(_shown(index)) == 4


def test_without_javascript_every_row_shows_and_no_filter_bar(browser, folder):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((folder / "index.html").as_uri())
    assert not page.is_visible("#filters")
    assert page.locator("#letters tbody tr:visible").count() == 4
    context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_no_horizontal_overflow(browser, folder, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    for name in PAGES:
        page.goto((folder / f"{name}.html").as_uri())
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll <= inner, f"{name}.html overflows at {width}px: {scroll} > {inner}"
    page.close()


def test_screenshots_are_written(browser, folder, tmp_path):
    update = os.environ.get("KAMERBRIEF_UPDATE_SCREENSHOTS") == "1"
    for png in batch_screenshots(browser, folder, DOCS_SCREENSHOTS if update else tmp_path):
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000  # a page of text, not a blank image
