"""Rebuild docs/screenshots/batch-index.png and batch-commitments.png (the README's pictures of the batch
pages) with headless chromium driven by playwright. The batch is the hand-built one of the tests
(tests/batch_letters.py: four letters, one of them hostile, one made with tiny test models), so it
needs no models. Run: .venv/bin/python scripts/make_batch_screenshots.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.render.test_browser import ARGS, CHROMIUM, batch_screenshots, write_batch_pages  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def main() -> int:
    if CHROMIUM is None:
        print("chromium not found: apt-get install chromium", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        shots = batch_screenshots(browser, write_batch_pages(Path(tmp)), OUT)
        browser.close()
    for png in shots:
        print(f"{png.relative_to(ROOT)} ({png.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
