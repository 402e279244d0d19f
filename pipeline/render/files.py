"""Atomic file writing: a temp file in the same folder, then a rename, so a killed run never leaves a
half-written note, index or report behind (pipeline.engines.outdir removes a stray temp file)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable
from pathlib import Path


def atomic_write(path: Path, text: str | Iterable[str]) -> None:
    """Write `text` to `path` so readers see the old file or the new one, never a partial one. `text`
    may come piece by piece (the batch pages, from Jinja's Template.generate): each piece is written as
    it comes, so the whole text is never in memory at once."""
    pieces = [text] if isinstance(text, str) else text
    _write_atomically(path, (piece.encode("utf-8") for piece in pieces))  # as written: no newline translation


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """`atomic_write` for bytes (the .docx note)."""
    _write_atomically(path, [data])


def _write_atomically(path: Path, pieces: Iterable[bytes]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # The name pipeline.engines.outdir recognises as ours: .<name>.<pid>.<8 hex>.tmp
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with open(tmp, "xb", buffering=1 << 16) as handle:  # "x": umask-respecting mode
            for piece in pieces:
                handle.write(piece)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
