"""Ingest: one input file (text, PDF, HTML/XML) → a Document with metadata, footnotes and blocks.

Plain text and PDF share the cleaning rules in `clean.py` and the letter-head rules in
`metadata.py`; HTML/XML is read by `markup.py`, with the date, furniture and sender rules of
`metadata.py`. The checks every format shares (the `ingest.max_*` limits, empty file) and the
provenance are done here, once. Every input problem is an `InputError` (a `LimitError` for a limit)
that says what is wrong with the file and how to fix it.

Text decoding rules (`decode_text`): a UTF-16 byte-order mark → strict UTF-16; NUL bytes without
one → binary, refused; valid UTF-8 (with or without BOM) → as is; otherwise, when the file holds
valid UTF-8 multi-byte characters it is UTF-8 with a few damaged bytes: each invalid byte becomes
U+FFFD (�) and the note warns how many (refused when more than 1% of the text); with no UTF-8
characters at all it is read as Windows-1252 (old Windows exports).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.config import IngestConfig
from pipeline.document import Block, Document, Footnote, Metadata, Provenance
from pipeline.errors import InputError, LimitError
from pipeline.stages.ingest.clean import MAX_HEADING_WORDS, clean_text, is_heading, merge_page_breaks
from pipeline.stages.ingest.hyphenation import join_lines
from pipeline.stages.ingest.language import NAMES, guess_language
from pipeline.stages.ingest.markup import read_markup
from pipeline.stages.ingest.metadata import normalise_space
from pipeline.stages.ingest.pdf import read_pdf
from pipeline.stages.ingest.pdf_layout import LayoutHints, normalise, rank_heading_blocks
from pipeline.stages.ingest.provenance import STAGE, ingest_provenance
from pipeline.stages.ingest.questions import ANSWERS_TYPE, answer_blocks
from pipeline.stages.ingest.sources import extract_letter_head
from pipeline.stages.ingest.webpage import take_note_block

if TYPE_CHECKING:
    from pipeline.models.deadline import Deadline

logger = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".txt", ".pdf", ".html", ".htm", ".xml")
_MARKUP_SUFFIXES = (".html", ".htm", ".xml")
# A valid UTF-8 multi-byte character (2, 3 or 4 bytes): evidence that a file is UTF-8.
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
                             rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}"
                             rb"|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}")


def ingest(path: Path, cfg: IngestConfig, deadline: Deadline | None = None) -> Document:
    """Read one letter into a Document (metadata, footnotes, body blocks, provenance).

    Raises InputError for anything that is not a readable Dutch letter, naming the file and the fix;
    LimitError when it exceeds an `ingest.max_*` limit (`deadline` carries the time budget).
    """
    doc = _read_document(Path(path), cfg, deadline)
    _check_language(doc, Path(path))
    return doc


def _check_language(doc: Document, path: Path) -> None:
    """Record the body's language; refuse a letter that is clearly not Dutch."""
    language, shares = guess_language(" ".join(b.text for b in doc.blocks))
    if language not in (None, "nl"):
        raise InputError(
            f"the letter is not in Dutch: it reads as {NAMES[language]} "
            f"({shares[language]:.0%} {NAMES[language]} function words, {shares['nl']:.0%} Dutch)",
            path=path, stage=STAGE, fix="this pipeline translates Dutch letters; leave this file out of the batch")
    doc.metadata.language = language or doc.metadata.language


def _read_document(path: Path, cfg: IngestConfig, deadline: Deadline | None = None) -> Document:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise InputError(f"unsupported file type {path.suffix or '(no suffix)'!r}", path=path, stage=STAGE,
                         fix=f"convert the letter to one of {', '.join(SUPPORTED_SUFFIXES)}")
    data = _read_bytes(path, cfg)
    if suffix in _MARKUP_SUFFIXES:
        doc = _ingest_markup(path, data, cfg)
        _check_chars(sum(len(b.text) for b in doc.blocks) + sum(len(f.text) for f in doc.footnotes), path, cfg)
        return doc
    pages = None
    hints = None
    warnings: list[str] = []
    if suffix == ".pdf":
        pdf = read_pdf(data, path, cfg, deadline)
        text, pages, warnings, hints = pdf.text, pdf.pages, pdf.warnings, pdf.hints
    else:
        text = decode_text(data, path, warnings, cfg.max_chars)
    _check_chars(len(text), path, cfg)
    if deadline is not None:
        deadline.check(STAGE)
    doc = document_from_text(text, source=path.name, provenance=ingest_provenance(data), cfg=cfg, pages=pages,
                             path=path, hints=hints, proportional=suffix == ".pdf")
    doc.warnings = warnings + doc.warnings
    return doc


def _too_many_chars(n: int, path: Path, max_chars: int) -> LimitError:
    return LimitError(f"letter has {n:,} characters of text, more than ingest.max_chars = {max_chars:,}",
                      path=path, stage=STAGE, fix="split the file, or raise the limit with --set ingest.max_chars=<n>")


def _check_chars(n: int, path: Path, cfg: IngestConfig) -> None:
    if n > cfg.max_chars:
        raise _too_many_chars(n, path, cfg.max_chars)


def _read_bytes(path: Path, cfg: IngestConfig) -> bytes:
    """The file's bytes after the checks every format shares: exists, not too large, not empty."""
    if not path.is_file():
        raise InputError("file not found (or not a regular file)", path=path, stage=STAGE,
                         fix="check the path; pass a file or a folder of letters")
    size = path.stat().st_size
    if size > cfg.max_file_mb * 1024 * 1024:
        raise LimitError(f"file is {size / 1024 / 1024:.1f} MB, larger than ingest.max_file_mb = {cfg.max_file_mb:g}",
                         path=path, stage=STAGE,
                         fix="split the file, or raise the limit with --set ingest.max_file_mb=<MB>")
    try:
        with path.open("rb") as handle:  # never more than the limit, even if the file grows meanwhile
            data = handle.read(int(cfg.max_file_mb * 1024 * 1024) + 1)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=path, stage=STAGE,
                         fix="check the file's permissions") from None
    if len(data) > cfg.max_file_mb * 1024 * 1024:
        raise LimitError(f"file grew beyond ingest.max_file_mb = {cfg.max_file_mb:g} while being read",
                         path=path, stage=STAGE, fix="pass a finished file, not one still being written")
    if not data:
        raise InputError("file is empty (0 bytes)", path=path, stage=STAGE,
                         fix="check that the right file was exported or downloaded completely; "
                             "an empty file cannot be processed")
    if not data.strip():
        raise InputError("file is empty (no text)", path=path, stage=STAGE,
                         fix="check that the right file was exported; an empty letter cannot be processed")
    return data


def decode_text(data: bytes, path: Path, warnings: list[str] | None = None, max_chars: int | None = None) -> str:
    """Decode a text file by the rules in this module's docstring; binary data is an InputError.

    Problems that were repaired (invalid UTF-8 bytes replaced) are appended to `warnings`. A text
    longer than `max_chars` is a LimitError.
    """
    warnings = warnings if warnings is not None else []
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"file starts with a UTF-16 byte-order mark but is not valid UTF-16 ({exc.reason} "
                             f"at byte {exc.start})", path=path, stage=STAGE,
                             fix="re-save the file as UTF-8 (e.g. `iconv -f utf-16 -t utf-8`)") from None
    elif b"\x00" in data:
        even, odd = data[0::2].count(0), data[1::2].count(0)  # UTF-16 text: NULs in every other byte
        looks_utf16 = max(even, odd) > len(data) / 4 and min(even, odd) < len(data) / 50
        utf16_hint = " (it looks like UTF-16 without a byte-order mark)" if looks_utf16 else ""
        raise InputError(f"file contains NUL bytes: binary data, not text{utf16_hint}", path=path, stage=STAGE,
                         fix="pass the letter as plain text (.txt, preferably UTF-8), PDF or HTML/XML; a binary "
                             "file renamed to .txt cannot be read")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_damaged(data, path, warnings)
    text = text.lstrip("\ufeff")
    if max_chars is not None and len(text) > max_chars:  # refused before the slower checks scan it
        raise _too_many_chars(len(text), path, max_chars)
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > max(3, len(text) // 100):
        raise InputError(f"file has {controls} control characters: binary data, not text", path=path,
                         stage=STAGE, fix="pass the letter as plain text (.txt), PDF or HTML/XML")
    if not text.strip():
        raise InputError("file has only whitespace", path=path, stage=STAGE,
                         fix="check that the right file was exported")
    return text


def _decode_damaged(data: bytes, path: Path, warnings: list[str]) -> str:
    """Text that is not valid UTF-8: UTF-8 with a few bad bytes, or a Windows-1252 file."""
    if _UTF8_MULTIBYTE.search(data) is None:
        try:
            text = data.decode("cp1252")
            logger.info("%s: not UTF-8; read as Windows-1252", path)
            return text
        except UnicodeDecodeError:
            pass
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    if bad > max(3, len(text) // 100):
        raise InputError(f"text is valid neither as utf-8 ({bad} invalid byte sequences) nor as cp1252 (Windows-1252)",
                         path=path, stage=STAGE,
                         fix="re-save the file as UTF-8 (e.g. `iconv -f <encoding> -t utf-8`)")
    warnings.append(f"{bad} invalid UTF-8 byte sequence(s) in the file were replaced by U+FFFD (\ufffd)")
    logger.warning("%s: %s", path, warnings[-1])
    return text


def document_from_text(text: str, *, source: str, provenance: Provenance, cfg: IngestConfig,
                       pages: int | None = None, path: Path | None = None,
                       max_heading_words: int = MAX_HEADING_WORDS, hints: LayoutHints | None = None,
                       proportional: bool = False) -> Document:
    """Clean extracted text and build the Document: letter head → metadata, body → blocks.

    `hints` (from a PDF's layout) decide heading or paragraph where the type does: a block whose
    text the PDF set apart as a heading is one; when the PDF styles its headings, a block it did
    not style is body text however short. The page furniture the PDF reader removed goes to the
    letter-head reader with the furniture the cleaning removed. `proportional`: a PDF's text, whose
    line lengths in characters show no column.
    """
    text, page_notes = take_note_block(text)  # a web page's `Noot` block, before its numbers read as page numbers
    cleaned = clean_text(text, cfg.furniture_patterns, cfg.repeated_line_min_pages, max_heading_words, proportional)
    if hints is not None and hints.furniture and cleaned.paragraphs:
        cleaned.paragraphs[0].furniture = list(hints.furniture) + cleaned.paragraphs[0].furniture
    head, body = extract_letter_head(cleaned.paragraphs, cleaned.hyphenated_words, page_notes)
    if head.document_type == ANSWERS_TYPE:  # Vraag/Antwoord pairs: questions.py knows the headings
        blocks = answer_blocks([(p.lines, p.footnote_refs) for p in body],
                               lambda lines: join_lines(lines, cleaned.hyphenated_words))
    else:
        # again: furniture removed with the letter head may have stood between the halves of a paragraph
        body = merge_page_breaks(body, max_heading_words)
        blocks = []
        for paragraph in body:
            block_text = join_lines(paragraph.lines, cleaned.hyphenated_words)
            if not block_text:
                continue
            if normalise_space(block_text) in head.attached_titles:  # the covered document's title: its top
                blocks.append(Block(kind="heading", text=block_text, level=1))
                continue
            kind = _block_kind(block_text, len(paragraph.lines), max_heading_words, hints)
            blocks.append(Block(kind=kind, text=block_text, footnote_refs=list(paragraph.footnote_refs)))
    if hints is not None:
        rank_heading_blocks(blocks, hints)
    if len(blocks) > 1 and blocks[-1].kind == "heading":
        # A heading introduces text: one with nothing after it ends a copy cut off mid-sentence.
        blocks[-1].kind = "paragraph"
    if not blocks:
        raise InputError("no body text found after removing the letter head and page furniture",
                         path=path or source, stage=STAGE,
                         fix="check that the file holds the letter's text (not only a title or a cover page)")
    metadata = Metadata(title=head.title, date=head.date, date_source=head.date_source,
                        document_type=head.document_type, sender=head.sender, signatory=head.signatory,
                        kamerstuk=head.kamerstuk, questioners=head.questioners, questions_date=head.questions_date,
                        pages=pages)
    footnotes = dict(cleaned.footnotes) | head.footnotes  # the page's `Noot` blocks (webpage.py)
    warnings = [w for w in cleaned.warnings if not (head.footnotes and w.startswith("footnote markers without"))]
    logger.info("%s: %d blocks (%d headings), %d footnotes", source, len(blocks),
                sum(b.kind == "heading" for b in blocks), len(footnotes))
    for warning in warnings:
        logger.warning("%s: %s", source, warning)
    return Document(source=source, metadata=metadata,
                    footnotes=[Footnote(n=n, text=t) for n, t in sorted(footnotes.items())],
                    blocks=blocks, warnings=warnings, provenance=provenance)


def _block_kind(text: str, n_lines: int, max_heading_words: int, hints: LayoutHints | None) -> str:
    """"heading" or "paragraph": by the PDF's type where it says, else by the text rules."""
    if hints is not None:
        if normalise(text) in hints.headings:
            return "heading"
        if hints.styled_headings:
            return "paragraph"
    return "heading" if is_heading(text, n_lines, max_heading_words) else "paragraph"


def _ingest_markup(path: Path, data: bytes, cfg: IngestConfig) -> Document:
    """HTML/XML via markup.py."""
    return read_markup(path, data, cfg)
