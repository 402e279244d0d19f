"""The HTML note used in a real headless browser (playwright driving Debian's chromium: the `browser`
fixture in conftest.py): a collapsed translation opens, the print view starts the executive view on page
one of an A4 PDF and the appendix on a page of its own, and nothing overflows at phone or desktop width.

`screenshots()` is also what scripts/make_note_screenshot.py uses for the README's pictures."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from pipeline.render.html import render_html

pytestmark = pytest.mark.slow


def sample_with_headline():
    """The sample letter's note (reference English, no models). When the key-fact stage chose no
    headline, eight facts (commitments, money and dates first) stand in, so the view has one to show."""
    from tests.sample_note import sample_note

    doc = sample_note()
    if not any(f.headline for f in doc.key_facts):
        ranked = sorted(doc.key_facts, key=lambda f: f.kind not in ("commitment", "money", "date"))
        for fact in ranked[:8]:
            fact.headline, fact.importance = True, 1.0
    return doc


@pytest.fixture(scope="module")
def note_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("note") / "note.html"
    path.write_text(render_html(sample_with_headline()), "utf-8")
    return path


def _overflow(page) -> tuple[int, int]:
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


def test_a_collapsed_translation_opens_on_a_click(browser, note_file):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(note_file.as_uri())
    translation = page.locator("details.translation").first
    table = translation.locator("table.parallel")
    assert not table.is_visible()
    translation.locator("summary").click()
    assert table.is_visible() and table.locator("td[lang=nl]").first.inner_text().strip()
    page.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_no_horizontal_overflow(browser, note_file, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(note_file.as_uri())
    for details in page.locator("details").all():  # open everything: the widest content counts
        details.evaluate("d => d.open = true")
    scroll, inner = _overflow(page)
    assert scroll <= inner, f"horizontal overflow at {width}px: scrollWidth {scroll} > innerWidth {inner}"
    assert page.locator("#legend").is_visible() and page.locator(".check").count() >= 0
    page.close()


def test_print_view_puts_the_executive_view_on_page_one_and_the_appendix_after(browser, note_file):
    from pypdf import PdfReader

    page = browser.new_page()
    page.goto(note_file.as_uri())
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.getElementById('appendix')).breakBefore") == "page"
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    page.close()
    width_mm, height_mm = (round(float(v) * 25.4 / 72) for v in pdf.pages[0].mediabox[2:])
    assert (width_mm, height_mm) == (210, 297)
    pages = [" ".join(p.extract_text().split()) for p in pdf.pages]
    # Page one: the header and the start of the executive view (a long letter's view runs on).
    for text in ("Kamerstuk", "Letter", "Machine", "Summary", "Headline points", "1. "):
        assert text.lower() in pages[0].lower(), f"{text!r} is not on page one"  # the tags print in capitals
    # The appendix starts a page of its own, after the commitments and dates.
    appendix = next(i for i, text in enumerate(pages) if text.startswith("Appendix A"))
    executive = " ".join(pages[:appendix])
    assert "Commitments and dates" in executive and "Appendix" not in executive
    rest = " ".join(pages[appendix:])
    assert "Appendix B" in rest and "Dutch original" in rest  # the collapsed translation prints, opened


def screenshots(browser, html: str, out: Path) -> list[Path]:
    """note-screen.png (1280 px wide, the top of the note) and note-print.png (page one of the print
    view, A4 at 96 dpi) under `out`."""
    out.mkdir(parents=True, exist_ok=True)
    note = out / ".note.html"
    note.write_text(html, "utf-8")
    shots = []
    for name, media, viewport in (("note-screen.png", "screen", {"width": 1280, "height": 1500}),
                                  ("note-print.png", "print", {"width": 794, "height": 1123})):
        page = browser.new_page(viewport=viewport)
        page.goto(note.as_uri())
        page.emulate_media(media=media)
        path = out / name
        page.screenshot(path=str(path))
        page.close()
        shots.append(path)
    note.unlink()
    return shots


def test_screenshots_are_written(browser, tmp_path):
    for png in screenshots(browser, render_html(sample_with_headline()), tmp_path):
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 30_000  # a page of text, not a blank image
