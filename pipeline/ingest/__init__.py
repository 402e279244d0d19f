"""Ingest: one input file (text, PDF, HTML/XML) → a Document with metadata, footnotes and blocks.

Plain text and PDF share the cleaning rules in `clean.py` and the letter-head rules in
`metadata.py`; HTML/XML is read by `markup.py`, with the date, furniture and sender rules of
`metadata.py`. The checks every format shares (size limit, empty file) and the provenance are
done here, once. Every input problem is an `InputError` that says what is wrong with the file
and how to fix it.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import pipeline
from pipeline.config import IngestConfig
from pipeline.document import Block, Document, Footnote, Metadata, Provenance
from pipeline.errors import InputError
from pipeline.ingest.clean import MAX_HEADING_WORDS, clean_text, is_heading, join_lines, merge_page_breaks
from pipeline.ingest.metadata import extract_letter_head

logger = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".txt", ".pdf", ".html", ".htm", ".xml")
_MARKUP_SUFFIXES = (".html", ".htm", ".xml")
_TEXT_ENCODINGS = ("utf-8", "utf-8-sig", "cp1252")
STAGE = "ingest"  # the stage named in InputErrors and in provenance, for every reader


def ingest(path: Path, cfg: IngestConfig) -> Document:
    """Read one letter into a Document (metadata, footnotes, body blocks, provenance).

    Raises InputError for anything that is not a readable Dutch letter, naming the file and the fix.
    """
    doc = _read_document(Path(path), cfg)
    _check_language(doc, Path(path))
    return doc


def _check_language(doc: Document, path: Path) -> None:
    """Record the body's language; refuse a letter that is clearly not Dutch."""
    from pipeline.ingest.language import NAMES, guess_language

    language, shares = guess_language(" ".join(b.text for b in doc.blocks))
    if language not in (None, "nl"):
        raise InputError(
            f"the letter is not in Dutch: it reads as {NAMES[language]} "
            f"({shares[language]:.0%} {NAMES[language]} function words, {shares['nl']:.0%} Dutch)",
            path=path, stage=STAGE, fix="this pipeline translates Dutch letters; leave this file out of the batch")
    doc.metadata.language = language or doc.metadata.language


def _read_document(path: Path, cfg: IngestConfig) -> Document:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise InputError(f"unsupported file type {path.suffix or '(no suffix)'!r}", path=path, stage=STAGE,
                         fix=f"convert the letter to one of {', '.join(SUPPORTED_SUFFIXES)}")
    data = _read_bytes(path, cfg)
    if suffix in _MARKUP_SUFFIXES:
        return _ingest_markup(path, data, cfg)
    pages = None
    warnings: list[str] = []
    if suffix == ".pdf":
        from pipeline.ingest.pdf import extract_pdf_text

        text, pages, warnings = extract_pdf_text(data, path)
    else:
        text = decode_text(data, path)
    doc = document_from_text(text, source=path.name, provenance=ingest_provenance(data), cfg=cfg, pages=pages,
                             path=path)
    doc.warnings = warnings + doc.warnings
    return doc


def ingest_provenance(data: bytes) -> Provenance:
    """Provenance of a freshly ingested letter: pipeline version, the input's sha256, stage ingest."""
    return Provenance(pipeline_version=pipeline.__version__, input_sha256=hashlib.sha256(data).hexdigest(),
                      stages=[STAGE])


def _read_bytes(path: Path, cfg: IngestConfig) -> bytes:
    """The file's bytes after the checks every format shares: exists, not too large, not empty."""
    if not path.is_file():
        raise InputError("file not found (or not a regular file)", path=path, stage=STAGE,
                         fix="check the path; pass a file or a folder of letters")
    size = path.stat().st_size
    if size > cfg.max_file_mb * 1024 * 1024:
        raise InputError(f"file is {size / 1024 / 1024:.1f} MB, larger than ingest.max_file_mb = {cfg.max_file_mb}",
                         path=path, stage=STAGE,
                         fix="split the file, or raise the limit with --set ingest.max_file_mb=<MB>")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=path, stage=STAGE,
                         fix="check the file's permissions") from None
    if not data.strip():
        raise InputError("file is empty (no text)", path=path, stage=STAGE,
                         fix="check that the right file was exported; an empty letter cannot be processed")
    return data


def decode_text(data: bytes, path: Path) -> str:
    """Decode a text file: UTF-8, UTF-8 with BOM, then cp1252; binary data is an InputError."""
    if b"\x00" in data:
        raise InputError("file contains NUL bytes: binary data, not text", path=path, stage=STAGE,
                         fix="pass the letter as plain text (.txt), PDF or HTML/XML; a binary file renamed "
                             "to .txt cannot be read")
    text = None
    for encoding in _TEXT_ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        raise InputError(f"text is not valid in any of {', '.join(_TEXT_ENCODINGS)}", path=path, stage=STAGE,
                         fix="re-save the file as UTF-8 (e.g. `iconv -f <encoding> -t utf-8`)")
    text = text.lstrip("\ufeff")
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > max(3, len(text) // 100):
        raise InputError(f"file has {controls} control characters: binary data, not text", path=path,
                         stage=STAGE, fix="pass the letter as plain text (.txt), PDF or HTML/XML")
    if not text.strip():
        raise InputError("file has only whitespace", path=path, stage=STAGE,
                         fix="check that the right file was exported")
    return text


def document_from_text(text: str, *, source: str, provenance: Provenance, cfg: IngestConfig,
                       pages: int | None = None, path: Path | None = None,
                       max_heading_words: int = MAX_HEADING_WORDS) -> Document:
    """Clean extracted text and build the Document: letter head → metadata, body → blocks."""
    cleaned = clean_text(text, cfg.furniture_patterns, cfg.repeated_line_min_pages, max_heading_words)
    head, body = extract_letter_head(cleaned.paragraphs, cleaned.hyphenated_words)
    # again: furniture removed with the letter head may have stood between the halves of a paragraph
    body = merge_page_breaks(body, max_heading_words)
    blocks = []
    for paragraph in body:
        block_text = join_lines(paragraph.lines, cleaned.hyphenated_words)
        if not block_text:
            continue
        kind = "heading" if is_heading(block_text, len(paragraph.lines), max_heading_words) else "paragraph"
        blocks.append(Block(kind=kind, text=block_text, footnote_refs=list(paragraph.footnote_refs)))
    if not blocks:
        raise InputError("no body text found after removing the letter head and page furniture",
                         path=path or source, stage=STAGE,
                         fix="check that the file holds the letter's text (not only a title or a cover page)")
    metadata = Metadata(title=head.title, date=head.date, date_source=head.date_source,
                        document_type=head.document_type, sender=head.sender, signatory=head.signatory,
                        kamerstuk=head.kamerstuk, pages=pages)
    logger.info("%s: %d blocks (%d headings), %d footnotes", source, len(blocks),
                sum(b.kind == "heading" for b in blocks), len(cleaned.footnotes))
    for warning in cleaned.warnings:
        logger.warning("%s: %s", source, warning)
    return Document(source=source, metadata=metadata,
                    footnotes=[Footnote(n=n, text=t) for n, t in cleaned.footnotes],
                    blocks=blocks, warnings=list(cleaned.warnings), provenance=provenance)


def _ingest_markup(path: Path, data: bytes, cfg: IngestConfig) -> Document:
    """HTML/XML via markup.py, imported only when needed (it needs lxml)."""
    try:
        from pipeline.ingest.markup import read_markup
    except ImportError as exc:
        raise InputError(f"the HTML/XML reader is not available ({exc})", path=path, stage=STAGE,
                         fix="install the project with its dependencies (lxml), "
                             "or convert the letter to .txt/.pdf") from None
    return read_markup(path, data, cfg)
