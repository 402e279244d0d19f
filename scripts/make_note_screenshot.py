"""Rebuild docs/note-screenshot.png (the README's picture of an HTML note) with headless chromium.

The note is the sample letter with its hand-written reference English (tests/sample_note.py), so it
needs no models. Run: .venv/bin/python scripts/make_note_screenshot.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.render.html import render_html  # noqa: E402
from tests.sample_note import sample_note  # noqa: E402

OUT = ROOT / "docs" / "note-screenshot.png"


def main() -> int:
    chromium = shutil.which("chromium")
    if chromium is None:
        print("chromium not found: apt-get install chromium", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        note = tmp_path / "note.html"
        html = render_html(sample_note())
        # open the first full translation so the picture shows the side-by-side view
        note.write_text(html.replace("<details>", "<details open>", 1),
                        "utf-8")
        png = tmp_path / "note.png"
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={png}",
                        "--window-size=1000,1700", note.as_uri()], check=True, capture_output=True, timeout=120)
        OUT.parent.mkdir(exist_ok=True)
        try:  # a palette PNG is a fraction of the size
            from PIL import Image

            Image.open(png).convert("RGB").quantize(colors=64).save(OUT, optimize=True)
        except ImportError:
            shutil.copyfile(png, OUT)
    print(f"{OUT} ({OUT.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
