"""Repetition loops: the degenerate output of a sequence-to-sequence model stuck on an n-gram.

A model that loops writes the same word or phrase back to back ("the the the the", "of the
Council of the Council of the Council"). Natural text rarely repeats an n-gram (n ≤ 4) three times in
a row, or a single word four times; when the source does (a list, "very very very"), the output may
too.
"""

from __future__ import annotations

import re

WORD = re.compile(r"\w+(?:[-']\w+)*")


def _longest_run(words: list[str]) -> tuple[int, int, int]:
    """(repeats, n, start) of the longest back-to-back run of an n-gram, n ≤ 4; shorter n wins ties."""
    best = (0, 0, 0)
    for n in range(1, 5):
        i = 0
        while i + 2 * n <= len(words):
            k = 1
            while words[i + k * n:i + (k + 1) * n] == words[i:i + n]:
                k += 1
            if k > 1 and (k, -n) > (best[0], -best[1]):
                best = (k, n, i)
            i += max(1, (k - 1) * n) if k > 1 else 1
    return best


def repetition_loop(text: str, source: str = "") -> str | None:
    """'the n-gram "x y" repeated k times' when `text` repeats an n-gram (n ≤ 4) back to back at least
    4 times (unigrams) or 3 times (longer), more often than `source` does; else None."""
    words = [w.lower() for w in WORD.findall(text)]
    k, n, start = _longest_run(words)
    if k < (4 if n == 1 else 3):
        return None
    if n and k <= _longest_run([w.lower() for w in WORD.findall(source)])[0]:
        return None
    return f'"{" ".join(words[start:start + n])}" repeated {k} times'
