"""Rebuild docs/screenshots/note-screen.png and note-print.png (the README's pictures of an HTML note:
the top of the note on screen, and page one of its print view) with headless chromium driven by playwright.

The note is the sample letter with its hand-written reference English (tests/sample_note.py), so it
needs no models. Run: .venv/bin/python scripts/make_note_screenshot.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.render.html import render_html  # noqa: E402
from tests.render.conftest import ARGS, CHROMIUM  # noqa: E402
from tests.render.test_browser_note import sample_with_headline, screenshots  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def main() -> int:
    if CHROMIUM is None:
        print("chromium not found: apt-get install chromium", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        shots = screenshots(browser, render_html(sample_with_headline()), OUT)
        browser.close()
    for png in shots:
        try:  # a palette PNG is a fraction of the size
            from PIL import Image

            Image.open(png).convert("RGB").quantize(colors=64).save(png, optimize=True)
        except ImportError:
            pass
        print(f"{png.relative_to(ROOT)} ({png.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
