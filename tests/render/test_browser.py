"""The batch index in a real headless browser (Debian's chromium): the Date header sorts its rows and
nothing overflows. The note's own browser tests are in test_browser_note.py."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.render.html import render_index_html
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


# The note's own browser tests (collapsed translation, print view, widths, screenshots): test_browser_note.py.


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
