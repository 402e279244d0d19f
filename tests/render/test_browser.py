"""The HTML note in a real headless browser (Debian's chromium): it renders (screenshot), the key elements
are in the DOM, and nothing overflows horizontally at desktop or phone width."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.render.html import render_html, render_index_html
from pipeline.render.view import IndexEntry

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
pytestmark = [pytest.mark.slow, pytest.mark.skipif(CHROMIUM is None, reason="chromium not found: apt-get install chromium")]

# Written into the DOM by a script injected into a test copy of the note, read back with --dump-dom.
_PROBE = ("<script>document.body.insertAdjacentHTML('beforeend','<p id=\"overflow-probe\" data-fits=\"'+"
          "(document.documentElement.scrollWidth<=window.innerWidth)+'\" data-width=\"'+"
          "document.documentElement.scrollWidth+'/'+window.innerWidth+'\"></p>')</script>")


def _chromium(*args: str, tmp: Path) -> subprocess.CompletedProcess:
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
           "--hide-scrollbars", f"--user-data-dir={tmp / 'profile'}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=90, env={**os.environ, "HOME": str(tmp)})


def _probe_copy(html: str, path: Path) -> Path:
    # the note's CSP admits only its own script (by hash): the test copy drops it to run the probe
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html, count=1)
    path.write_text(html.replace("</body>", _PROBE + "</body>"), "utf-8")
    return path


@pytest.fixture(scope="module")
def sample():
    from tests.sample_note import sample_note

    doc = sample_note()
    return doc, render_html(doc)


def test_note_screenshot_is_rendered(sample, tmp_path):
    _, html = sample
    note = tmp_path / "note.html"
    note.write_text(html, "utf-8")
    png = tmp_path / "note.png"
    proc = _chromium(f"--screenshot={png}", "--window-size=1280,2000", note.as_uri(), tmp=tmp_path)
    assert png.is_file(), proc.stderr[-2000:]
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 30_000  # a page of text, not a blank image


@pytest.mark.parametrize("width", [1280, 390])
def test_note_dom_has_key_elements_and_does_not_overflow(sample, tmp_path, width):
    doc, html = sample
    page = _probe_copy(html, tmp_path / "probe.html")
    proc = _chromium("--dump-dom", f"--window-size={width},1000", page.as_uri(), tmp=tmp_path)
    dom = proc.stdout
    assert "<h1" in dom, proc.stderr[-2000:]
    assert doc.metadata.title_en in dom
    assert 'id="key-points"' in dom and '<h2>Key points</h2>' in dom
    for section in doc.sections:
        assert f">{section.heading_en or 'Opening'}</h" in dom
    assert dom.count("<details>") == len(doc.content_sections())
    probe = re.search(r'<p id="overflow-probe" data-fits="(\w+)" data-width="([^"]+)">', dom)
    assert probe, "the probe script did not run"
    assert probe[1] == "true", f"horizontal overflow at {width}px: scrollWidth/innerWidth = {probe[2]}"


def test_index_sorts_by_date_on_click(tmp_path):
    entries = [IndexEntry("a", "2023-01-05", "A", ["Defense"], "s", None),
               IndexEntry("b", "2024-02-01", "B", ["Immigration"], "s", None),
               IndexEntry("c", "2023-06-01", "C", [], "s", None)]
    html = render_index_html(entries, {})
    click = "<script>document.getElementById('sort-date').click()</script>"
    page = _probe_copy(html.replace("</body>", click + "</body>"), tmp_path / "index.html")
    dom = _chromium("--dump-dom", "--window-size=1280,1000", page.as_uri(), tmp=tmp_path).stdout
    assert re.findall(r'<tr data-date="([^"]*)">', dom) == ["2023-01-05", "2023-06-01", "2024-02-01"]
    assert 'aria-sort="ascending"' in dom and 'data-fits="true"' in dom
