"""File names and messages as text that is safe wherever it is shown.

A POSIX file name is any bytes but `/` and NUL: it may be invalid UTF-8 (Python hands such bytes
over as lone surrogates, PEP 383 "surrogateescape"), and may hold newlines, ESC or BEL. Such a name
must neither crash a writer (UTF-8 cannot encode a lone surrogate) nor act on the console (ESC
sequences), nor break a Markdown line or table (a newline starts a new block).

  * `name_text` keeps the name recoverable: undecodable bytes become `\\xNN`, everything else stays
    (errors.json escapes control characters itself, so the real name can be read back from it);
  * `printable` is for the console and index.md: on top of that, control, format and line/paragraph
    separator characters become `\\xNN` / `\\uNNNN` escapes, so a name is always one inert line.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from pathlib import Path

# Unicode categories that never print as themselves: controls (C0/C1, newline, ESC, BEL), format
# characters (bidi overrides that reverse how a name reads, zero-width characters), line and
# paragraph separators, unassigned and private-use code points, lone surrogates.
_INERT_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Cn", "Co", "Cs"}


def is_undecodable(name: str) -> bool:
    """Whether a file name came from bytes that are not valid UTF-8 (it holds escaped surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def name_text(name: str | Path) -> str:
    """The name as valid text, undecodable bytes written `\\xNN` (recoverable, never raises)."""
    try:
        raw = os.fsencode(name)  # undoes surrogateescape: the bytes as they are on disk
    except UnicodeEncodeError:  # a surrogate that no file system produced
        return str(name).encode("utf-8", errors="backslashreplace").decode("utf-8")
    return raw.decode("utf-8", errors="backslashreplace")


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def printable(text: str | Path) -> str:
    """One inert line: `name_text`, then every non-printing character escaped."""
    text = name_text(text) if isinstance(text, Path) or is_undecodable(text) else text
    return "".join(_escape(c) if unicodedata.category(c) in _INERT_CATEGORIES else c for c in text)



_WHITESPACE = set(" \t\n\r")


def inert(text: str | None) -> str | None:
    """Text from a letter or a file name with its non-printing characters escaped as `printable`
    does, but ordinary whitespace kept (the index folds it into one line itself)."""
    if text is None:
        return None
    return "".join(c if c in _WHITESPACE else printable(c) for c in text)


# OUT/index.md and OUT/errors.json belong to the batch; Windows device names are no file names.
_RESERVED_STEMS = {"index", "errors", "con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                   *(f"lpt{i}" for i in range(10))}
_MAX_STEM_BYTES = 150  # file names are limited to 255 bytes; leave room for suffixes


def safe_stem(stem: str) -> str:
    """An output file name stem from an input stem: letters, digits, `.`, `_` and `-` only (spaces
    and other characters become `_`), no `..`, no leading dot or dash, not empty or reserved."""
    stem = unicodedata.normalize("NFC", stem)
    stem = "".join(c if c.isalnum() or c in "._-" else "_" for c in stem)
    stem = re.sub(r"\.{2,}", ".", stem)
    stem = re.sub(r"_{2,}", "_", stem).strip("._-")
    if len(stem.encode()) > _MAX_STEM_BYTES:
        stem = stem.encode()[:_MAX_STEM_BYTES].decode("utf-8", errors="ignore").rstrip("._-")
    if not stem:
        stem = "letter"
    if stem.split(".")[0].lower() in _RESERVED_STEMS:
        stem = f"{stem}-letter"
    return stem


def distinct_stem(name: str) -> str:
    """`safe_stem`, and where that changed the name a short hash of the original after it, so two
    identifiers never share a stem (a fetched file is named after its source's identifier, and two
    identifiers that differ only in characters a file name cannot hold must stay two files)."""
    stem = safe_stem(name)
    if stem == name:
        return stem
    return f"{stem}-{hashlib.sha256(name.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"
