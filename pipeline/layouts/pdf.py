"""PDF renderer (in progress)."""

from pathlib import Path

IMPLEMENTED = False
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def fonts_available() -> bool:
    return (FONT_DIR / "DejaVuSerif.ttf").is_file()


def render(gold, blocks, head, closing, p, hyphenator, rng):
    raise NotImplementedError("PDF layouts are not written yet")
