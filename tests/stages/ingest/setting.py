"""Justified setting for hand-made test inputs: one helper for every test module that needs it."""

from __future__ import annotations


def justify(line: str, width: int) -> str:
    """`line` stretched to `width` columns as a text export sets a justified line: the spare spaces
    spread over the gaps between words, the first gaps taking one more. A single word stays as it is."""
    words = line.split()
    gaps, spare = len(words) - 1, width - len(" ".join(words))
    if gaps <= 0:
        return " ".join(words)
    return "".join(w + " " * (1 + spare // gaps + (k < spare % gaps)) for k, w in enumerate(words[:-1])) + words[-1]
