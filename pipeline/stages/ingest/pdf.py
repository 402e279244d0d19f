"""PDF reading with pypdf: text of all pages joined by form feeds, plus what the layout says.

Two readings come from one pass of pypdf's text visitor over each page:

- the **plain text**: pypdf's lines with a blank line where a paragraph ends, as the lines'
  places show it (`pdf_paragraphs`: a vertical gap, a first-line indent, a line ended short of
  the column; pypdf's `extract_text()` emits no blank lines, so paragraphs would run together).
  The cleaning rules in `clean.py` then work on the same shape of text as for plain-text exports;
- the **layout**: every piece of text with its position, size, font face and text rise
  (`pdf_layout.Span`), from which `pdf_layout.read_layout` tells headings, footnotes, footnote
  markers and page furniture apart by their type and place. When the PDF has such evidence its
  text (same shape) and `LayoutHints` are used; a PDF set in one font and size throughout keeps
  the plain text exactly.

Why pypdf's visitor and not pdfplumber/pdfminer.six: pypdf is already the dependency that reads,
decrypts and bounds the PDF (its decompression limits are set below), and `visitor_text` hands over
each piece's text, matrices, font dictionary and size, which is all the layout needs (the face
comes from the font's name or descriptor flags, the text rise from the `Ts` operator).
pdfplumber/pdfminer.six give per-character font names, sizes and boxes, but they would be a
second PDF parser with its own limits to configure, and pdfminer is slower: on a 13-page test
letter (tests/ingest/pdf_layouts.py) its `extract_pages` took 1.24 s against 0.31-0.46 s for this
whole reader, on the same 2-core machine.

Limits (`ingest.*`): the page count is checked before any page is read, the extracted text is
counted page by page, the letter's time budget is checked between pages, and pypdf's
decompression limits are lowered to `max_decompressed_mb` for the whole extraction, so a
decompression bomb is refused after at most that many bytes, never decompressed whole.
"""

from __future__ import annotations

import io
import logging
import math
import re
import struct
import zlib
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pypdf
from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError, PyPdfError

from pipeline.errors import InputError, LimitError
from pipeline.stages.ingest.furniture import compile_patterns
from pipeline.stages.ingest.pdf_layout import LayoutHints, PageSpans, Span, read_layout
from pipeline.stages.ingest.pdf_paragraphs import Column, PlainLine, page_text

if TYPE_CHECKING:
    from pipeline.config import IngestConfig
    from pipeline.models.deadline import Deadline

logger = logging.getLogger(__name__)

_STAGE = "ingest"
try:  # pypdf's font metrics (text widths); a module of its own, so its absence only costs line ends
    from pypdf.generic._font import Font as _Font
except ImportError:  # pragma: no cover - other pypdf versions
    _Font = None
# What a damaged file makes pypdf raise besides its own errors.
_CORRUPT = (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError,
            NotImplementedError, zlib.error, struct.error)


@dataclass
class PdfText:
    """What ingest needs of a PDF: its text (pages joined by form feeds), page count, warnings, and
    the layout hints (None when the PDF has no typographic evidence and the plain text is used)."""

    text: str
    pages: int
    warnings: list[str]
    hints: LayoutHints | None = None


@dataclass
class _PageLines:
    lines: list[PlainLine] = field(default_factory=list)

    def add(self, text: str, y: float) -> None:
        """Append a piece of text; a newline in it starts a new line, placed by its first text."""
        parts = text.split("\n")
        for i, part in enumerate(parts):
            if i:
                self.lines.append(PlainLine())
            if not self.lines:
                self.lines.append(PlainLine())
            line = self.lines[-1]
            line.text += part
            if part.strip() and line.y is None:
                line.y = y


# pypdf limits on decompressed output, lowered to ingest.max_decompressed_mb (those this pypdf has).
_OUTPUT_LIMITS = ("zlib_maximum_output_length", "lzw_maximum_output_length", "run_length_maximum_output_length",
                  "brotli_maximum_output_length", "jbig2_maximum_output_length",
                  "array_based_stream_maximum_output_length", "maximum_declared_stream_length",
                  "image_maximum_buffer_size")


def _limits(cfg: IngestConfig | None) -> Any:
    """A context in which pypdf decompresses no stream beyond `cfg.max_decompressed_mb`."""
    apply = getattr(pypdf, "apply_configuration", None)
    if cfg is None or apply is None:  # older pypdf: its own fixed 75 MB limits apply
        return nullcontext()
    limit = max(1, int(cfg.max_decompressed_mb * 1024 * 1024))
    fields = set(getattr(pypdf.get_configuration(), "__dataclass_fields__", ()))
    return apply(**{name: limit for name in _OUTPUT_LIMITS if name in fields})


def extract_pdf_text(data: bytes, path: Path, cfg: IngestConfig | None = None,
                     deadline: Deadline | None = None) -> tuple[str, int, list[str]]:
    """Text of all pages joined by form feeds, the page count, and warnings (see `read_pdf`)."""
    result = read_pdf(data, path, cfg, deadline)
    return result.text, result.pages, result.warnings


def read_pdf(data: bytes, path: Path, cfg: IngestConfig | None = None, deadline: Deadline | None = None,
             use_layout: bool = True) -> PdfText:
    """The PDF's text and layout hints; `use_layout=False` gives the plain (gap-only) text.

    Raises InputError for a corrupt, encrypted or image-only PDF; LimitError for one over the
    `cfg` limits (pages, characters, decompressed stream size) or the `deadline`.
    """
    try:
        with _limits(cfg):
            return _extract(data, path, cfg, deadline, use_layout)
    except LimitReachedError as exc:
        raise _bomb(path, exc, cfg) from None
    except InputError as exc:
        if "corrupt" in exc.message and b"%%EOF" not in data[-2048:] and re.search(rb"\d+ \d+ obj\b", data):
            raise InputError(f"PDF is truncated: it has no end-of-file marker (%%EOF), so the download or export "
                             f"was cut off, and it cannot be read ({exc.message})", path=path, stage=_STAGE,
                             fix="download or export the PDF again, completely") from None
        raise


def _bomb(path: Path, exc: Exception, cfg: IngestConfig | None) -> LimitError:
    """The error for a PDF that hit one of pypdf's safety limits (decompressed size, cycles, counts)."""
    if not re.search(r"decompress|length|size|buffer", str(exc), re.IGNORECASE):
        return LimitError(f"PDF exceeds a safety limit of the PDF reader ({exc}): it is malformed or malicious",
                          path=path, stage=_STAGE, fix="re-export the PDF from its source; do not process this file")
    limit = f"ingest.max_decompressed_mb = {cfg.max_decompressed_mb:g}" if cfg else "pypdf's own limit"
    return LimitError(f"PDF exceeds a safety limit while being read: a stream decompresses beyond {limit} "
                      f"(a decompression bomb, or a damaged file) [{exc}]; refused before it was decompressed whole",
                      path=path, stage=_STAGE,
                      fix="do not process this file; if you trust it and it is a genuine letter, raise "
                          "--set ingest.max_decompressed_mb=<MB>, or re-export it as a plain PDF")


def _extract(data: bytes, path: Path, cfg: IngestConfig | None, deadline: Deadline | None,
             use_layout: bool) -> PdfText:
    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
    except LimitReachedError:
        raise
    except _CORRUPT as exc:
        raise _corrupt(path, exc) from None
    if encrypted:
        _decrypt_or_fail(reader, path)
    try:
        page_count = len(reader.pages)
    except LimitReachedError:
        raise
    except _CORRUPT as exc:
        raise _corrupt(path, exc) from None
    if page_count == 0:
        raise InputError("PDF has no pages", path=path, stage=_STAGE, fix="check that the PDF was exported completely")
    if cfg is not None and page_count > cfg.max_pages:
        raise LimitError(f"PDF has {page_count} pages, more than ingest.max_pages = {cfg.max_pages}",
                         path=path, stage=_STAGE,
                         fix="split the PDF, or raise the limit with --set ingest.max_pages=<n>")
    warnings: list[str] = []
    pages: list[list[PlainLine]] = []
    layout: list[PageSpans] | None = [] if use_layout else None
    chars = 0
    for number, page in enumerate(reader.pages, start=1):
        if deadline is not None:
            deadline.check(_STAGE)
        try:
            lines, spans = _page_lines(page)
        except LimitReachedError:
            raise
        except _CORRUPT as exc:
            warnings.append(f"page {number}: text could not be extracted ({type(exc).__name__}: {exc})")
            logger.warning("%s: page %d: %s", path, number, exc)
            lines, spans = [], None
        pages.append(lines)
        if layout is not None:
            layout = None if spans is None else layout + [spans]
        chars += sum(len(line.text) + 1 for line in pages[-1])
        if cfg is not None and chars > cfg.max_chars:
            raise LimitError(f"PDF text exceeds ingest.max_chars = {cfg.max_chars:,} characters "
                             f"by page {number} of {page_count}", path=path, stage=_STAGE,
                             fix="split the PDF, or raise the limit with --set ingest.max_chars=<n>")
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
    patterns = compile_patterns(cfg.furniture_patterns) if cfg else ()
    read = read_layout(layout, cfg.repeated_line_min_pages if cfg else 3, patterns) if layout else None
    if read is not None:
        text, hints = read
        logger.debug("%s: read with layout evidence (%d headings)", path, len(hints.headings))
    else:
        column = Column.measure(pages)
        text, hints = "\f".join(page_text(lines, column) for lines in pages), None
    logger.debug("%s: %d pages, %d characters", path, page_count, len(text))
    return PdfText(text=text, pages=page_count, warnings=warnings, hints=hints)


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


def _page_lines(page) -> tuple[list[PlainLine], PageSpans | None]:
    """The page's lines as pypdf extracts them, each with the height it sits at, and its spans.

    If the visitor's pieces do not add up to pypdf's own text (an odd content stream), pypdf's
    text is used without positions: then no blank lines are added for that page, and there are no
    spans (the layout is not read for the document). Neither are there for a rotated page or text
    that is not upright: lines are told apart by their height on the page.
    """
    collected = _PageLines()
    spans: list[Span] = []
    rise = _TextRise()
    upright = [_rotation(page) == 0]
    fonts: dict[int, tuple[tuple[str, bool, bool], _Widths | None]] = {}
    # baseline → the pieces on it: left, right, text, where the piece's first word ends and where
    # the text after it starts (None: the piece is one word), and the width of a space
    edges: dict[float, list[_Piece]] = {}

    def visitor(text, cm, tm, font_dict, font_size):  # pypdf's visitor_text signature
        """Record each piece of text with its baseline height on the page, and as a span."""
        if not text:
            return
        m = _multiply(tm, cm)
        y = m[5]
        collected.add(text, y)
        if text.strip():
            scale = math.hypot(m[2], m[3]) or 1.0
            if m[3] <= 0 or abs(m[1]) > 0.01 * scale or abs(m[2]) > 0.01 * scale:
                upright[0] = False
            if id(font_dict) not in fonts:  # one look-up per font and page
                fonts[id(font_dict)] = (_font_face(font_dict), _Widths.of(font_dict))
            (name, bold, italic), measure = fonts[id(font_dict)]
            scale_x = float(font_size or 0) * math.hypot(m[0], m[1])
            width = measure.width(text.strip()) * scale_x if measure else None
            first = re.match(r"(\s*\S+)\s+(?=\S)", text) if measure else None
            ends = (m[4] + measure.width(first.group(1)) * scale_x,
                    m[4] + measure.width(first.group()) * scale_x) if first else (None, None)
            spans.append(Span(text=text, x=m[4], y=y + rise.shown * scale, size=float(font_size or 0) * scale,
                              font=name, bold=bold, italic=italic, rise=rise.shown * scale, width=width,
                              word_end=ends[0]))
            if width is not None:
                edges.setdefault(round(y, 1), []).append(
                    _Piece(m[4], m[4] + width, text, *ends, measure.width(" ") * scale_x))

    plain = page.extract_text(visitor_text=visitor, visitor_operand_before=rise.visit)
    rebuilt = "\n".join(line.text for line in collected.lines)
    if "".join(rebuilt.split()) != "".join(plain.split()):
        logger.debug("visitor text differs from extract_text(); using it without positions")
        return [PlainLine(text=line) for line in plain.split("\n")], None
    if not upright[0]:
        return collected.lines, None
    for line in collected.lines:
        placed = edges.get(round(line.y, 1)) if line.y is not None else None
        if placed:
            placed.sort(key=lambda piece: piece.x)
            line.x0, line.x1 = placed[0].x, max(piece.end for piece in placed)
            word_end, line.second = _first_word(placed)
            line.lead = word_end - line.x0 + placed[0].space
    bottom, top = _page_extent(page)
    return collected.lines, PageSpans(spans=spans, bottom=bottom, top=top)


@dataclass
class _Piece:
    """A piece of text on a line, placed (points): see `_page_lines`."""

    x: float
    end: float
    text: str
    word_end: float | None  # where the piece's first word ends, where the piece holds more
    next_word: float | None  # where the text after that word starts
    space: float  # the width of a space in the piece's font


def _first_word(pieces: list[_Piece]) -> tuple[float, float | None]:
    """Where a line's first word ends and where the text after it starts (None: one word), from its
    pieces left to right. Pieces set without a space between them are one word: a footnote marker
    is its own piece, glued to the word before it (`Westelijke` + `13`)."""
    for k, piece in enumerate(pieces):
        if piece.word_end is not None:
            return piece.word_end, piece.next_word
        following = pieces[k + 1] if k + 1 < len(pieces) else None
        if following is None:
            return piece.end, None
        if following.text[:1].isspace() or piece.text[-1:].isspace() or following.x > piece.end + 0.5 * piece.space:
            leading = len(following.text) - len(following.text.lstrip())
            return piece.end, following.x + leading * following.space
    return pieces[-1].end, None


def _rotation(page) -> int:
    try:
        return int(page.get("/Rotate", 0) or 0) % 360
    except (*_CORRUPT, OverflowError):
        return 0


class _TextRise:
    """Follows the text rise (`Ts`, saved and restored with the graphics state by q/Q), so that a
    superscript set with a rise is seen raised although pypdf places it on the baseline."""

    def __init__(self) -> None:
        self.current = 0.0
        self.shown = 0.0  # the rise of the text shown last (what the next visited piece carries)
        self.stack: list[float] = []

    def visit(self, operator, operands, cm, tm) -> None:  # pypdf's visitor_operand_before signature
        if operator == b"Ts" and operands:
            try:
                self.current = float(operands[0])
            except (TypeError, ValueError):
                self.current = 0.0
        elif operator == b"q":
            self.stack.append(self.current)
        elif operator == b"Q" and self.stack:
            self.current = self.stack.pop()
        elif operator in (b"Tj", b"TJ", b"'", b'"'):
            self.shown = self.current


class _Widths:
    """Glyph advance widths of a font (thousandths of the size), looked up by Unicode character
    through the font's own code-to-Unicode map, from pypdf's font metrics."""

    def __init__(self, font) -> None:
        self.widths = font.character_widths
        self.default = float(self.widths.get("default", 500) or 500)
        self.code = {char: code for code, char in (font.character_map or {}).items() if len(char) == 1}

    @classmethod
    def of(cls, font_dict) -> _Widths | None:
        """The widths of a font resource, or None (no font, damaged metrics, or a pypdf without its
        `Font` class: then lines have no right edge and the rules that need one stay off)."""
        if font_dict is None or _Font is None:
            return None
        try:
            return cls(_Font.from_font_resource(font_dict))
        except (*_CORRUPT, OverflowError):
            return None

    def width(self, text: str) -> float:
        """Advance width of `text` at size 1 (the PDF's word and character spacing not counted)."""
        return sum(float(self.widths.get(self.code.get(ch, ch), self.default) or 0) for ch in text) / 1000


def _multiply(a: list[float], b: list[float]) -> list[float]:
    """The PDF matrix product a × b (text matrix × current transformation matrix)."""
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


# The face is in the font's name by the naming conventions of PostScript/TrueType fonts
# ("Arial-BoldMT", "TimesNewRomanPS-ItalicMT", "DejaVuSerif-BoldOblique", "Calibri,Bold"); the
# descriptor flags (ForceBold, Italic), /FontWeight and /ItalicAngle say it for fonts named otherwise.
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi(?!light)", re.IGNORECASE)
_ITALIC_NAME = re.compile(r"italic|oblique|slanted|kursiv", re.IGNORECASE)
_FLAG_ITALIC, _FLAG_FORCE_BOLD = 1 << 6, 1 << 18


def _font_face(font_dict) -> tuple[str, bool, bool]:
    """(name without subset prefix, bold, italic) of a font resource dictionary."""
    if font_dict is None:
        return "", False, False
    try:
        name = str(font_dict.get("/BaseFont", "")).lstrip("/")
        name = name.split("+", 1)[1] if re.match(r"^[A-Z]{6}\+", name) else name
        bold, italic = bool(_BOLD_NAME.search(name)), bool(_ITALIC_NAME.search(name))
        descriptor = font_dict.get("/FontDescriptor")
        if descriptor is None and "/DescendantFonts" in font_dict:
            descriptor = font_dict["/DescendantFonts"][0].get_object().get("/FontDescriptor")
        if descriptor is not None:
            descriptor = descriptor.get_object()
            flags = int(descriptor.get("/Flags", 0))
            bold = bold or bool(flags & _FLAG_FORCE_BOLD) or float(descriptor.get("/FontWeight", 400)) >= 600
            italic = italic or bool(flags & _FLAG_ITALIC) or float(descriptor.get("/ItalicAngle", 0)) != 0
        return name, bold, italic
    except (*_CORRUPT, OverflowError):
        return "", False, False


def _page_extent(page) -> tuple[float, float]:
    """Bottom and top of the page's media box (A4 when it cannot be read: official letters are A4)."""
    try:
        box = page.mediabox
        return float(box.bottom), float(box.top)
    except _CORRUPT:
        return 0.0, 842.0
