"""PDF text extraction with pypdf: pages joined by form feeds, paragraph gaps kept as blank lines.

pypdf's `page.extract_text()` emits one text line per PDF line but no blank lines, so paragraphs
would run together. A visitor records where each line sits on the page; a vertical gap clearly
larger than the usual line spacing (or a jump upwards) becomes a blank line. The cleaning rules in
`clean.py` then work on the same shape of text as for plain-text exports.
"""

from __future__ import annotations

import io
import logging
import statistics
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

from pipeline.errors import InputError

logger = logging.getLogger(__name__)

_STAGE = "ingest"
PARAGRAPH_GAP = 1.35  # a gap this many times the usual line spacing separates paragraphs
# What a damaged file makes pypdf raise besides its own errors.
_CORRUPT = (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError,
            NotImplementedError, zlib.error, struct.error)


@dataclass
class _Line:
    text: str = ""
    y: float | None = None


@dataclass
class _PageLines:
    lines: list[_Line] = field(default_factory=list)

    def add(self, text: str, y: float) -> None:
        """Append a piece of text; a newline in it starts a new line, placed by its first text."""
        parts = text.split("\n")
        for i, part in enumerate(parts):
            if i:
                self.lines.append(_Line())
            if not self.lines:
                self.lines.append(_Line())
            line = self.lines[-1]
            line.text += part
            if part.strip() and line.y is None:
                line.y = y


def extract_pdf_text(data: bytes, path: Path) -> tuple[str, int, list[str]]:
    """Text of all pages joined by form feeds, the page count, and warnings.

    Raises InputError for a corrupt, encrypted or image-only PDF.
    """
    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
    except _CORRUPT as exc:
        raise _corrupt(path, exc) from None
    if encrypted:
        _decrypt_or_fail(reader, path)
    try:
        page_count = len(reader.pages)
    except _CORRUPT as exc:
        raise _corrupt(path, exc) from None
    if page_count == 0:
        raise InputError("PDF has no pages", path=path, stage=_STAGE, fix="check that the PDF was exported completely")
    warnings: list[str] = []
    pages: list[list[_Line]] = []
    for number, page in enumerate(reader.pages, start=1):
        try:
            pages.append(_page_lines(page))
        except _CORRUPT as exc:
            warnings.append(f"page {number}: text could not be extracted ({type(exc).__name__}: {exc})")
            logger.warning("%s: page %d: %s", path, number, exc)
            pages.append([])
    if not any(ch.isalnum() for lines in pages for line in lines for ch in line.text):
        if len(warnings) == page_count:
            raise _corrupt(path, warnings[0])
        if any(_has_fonts(page) for page in reader.pages):
            raise InputError("PDF declares fonts but no text could be extracted: its text layer is damaged or "
                             "has no Unicode mapping, so OCR is needed", path=path, stage=_STAGE,
                             fix="re-export the PDF from its source, or run OCR, e.g. "
                                 "`ocrmypdf --force-ocr in.pdf out.pdf`")
        raise InputError("PDF has no text layer (no page has extractable text, e.g. a scan): OCR is needed",
                         path=path, stage=_STAGE,
                         fix="run OCR first, e.g. `ocrmypdf in.pdf out.pdf`, and pass the OCR'd PDF")
    spacing = _usual_spacing(pages)
    text = "\f".join(_page_text(lines, spacing) for lines in pages)
    logger.debug("%s: %d pages, %d characters", path, page_count, len(text))
    return text, page_count, warnings


def _decrypt_or_fail(reader: PdfReader, path: Path) -> None:
    """Open a PDF encrypted with an empty user password (permissions only); fail otherwise."""
    fix = "decrypt it first, e.g. `qpdf --decrypt --password=<password> in.pdf out.pdf`"
    try:
        opened = reader.decrypt("")
    except (DependencyError, FileNotDecryptedError, NotImplementedError, *_CORRUPT) as exc:
        logger.debug("%s: decrypting with the empty password failed: %s", path, exc)
        opened = 0
    if not opened:
        raise InputError("PDF is encrypted (password protected) and needs decrypting", path=path,
                         stage=_STAGE, fix=fix)
    logger.info("%s: encrypted PDF opened with the empty user password", path)


def _has_fonts(page) -> bool:
    """Whether a page declares fonts (text was meant to be there), as opposed to a scan."""
    try:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources is not None else None
        return bool(fonts and fonts.get_object())
    except _CORRUPT:
        return False


def _corrupt(path: Path, exc: object) -> InputError:
    """The error for a PDF that pypdf cannot parse."""
    return InputError(f"PDF is corrupt or not a PDF ({exc})", path=path, stage=_STAGE,
                      fix="re-download or re-export the PDF; `qpdf --check file.pdf` shows what is damaged")


def _page_lines(page) -> list[_Line]:
    """The page's lines as pypdf extracts them, each with the height it sits at.

    If the visitor's pieces do not add up to pypdf's own text (an odd content stream), pypdf's
    text is used without positions: then no blank lines are added for that page.
    """
    collected = _PageLines()

    def visitor(text, cm, tm, font_dict, font_size):  # pypdf's visitor_text signature
        """Record each piece of text with its baseline height on the page."""
        if not text:
            return
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        collected.add(text, y)

    plain = page.extract_text(visitor_text=visitor)
    rebuilt = "\n".join(line.text for line in collected.lines)
    if "".join(rebuilt.split()) != "".join(plain.split()):
        logger.debug("visitor text differs from extract_text(); using it without positions")
        return [_Line(text=line) for line in plain.split("\n")]
    return collected.lines


def _usual_spacing(pages: list[list[_Line]]) -> float | None:
    """Median distance between consecutive text lines over the whole document."""
    gaps = []
    for lines in pages:
        placed = [line for line in lines if line.y is not None and line.text.strip()]
        gaps.extend(a.y - b.y for a, b in zip(placed, placed[1:]) if a.y - b.y > 0.5)
    return statistics.median(gaps) if gaps else None


def _page_text(lines: list[_Line], spacing: float | None) -> str:
    """Lines of one page; a blank line where the gap above a line marks a new paragraph."""
    out: list[str] = []
    previous: _Line | None = None
    for line in lines:
        if not line.text.strip():
            continue
        if previous is not None and spacing and line.y is not None and previous.y is not None:
            gap = previous.y - line.y
            if gap > PARAGRAPH_GAP * spacing or gap < -0.5 * spacing:
                out.append("")
        out.append(line.text)
        previous = line
    return "\n".join(out)
