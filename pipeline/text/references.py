"""References that are copied verbatim, never translated: URLs and Kamerstuk numbers.

A Kamerstuk (parliamentary paper) is cited by its dossier number, written with a space after the
second digit and an optional part suffix, then "nr." or "nrs." and the paper's number(s):
"Kamerstuk 21 501-20, nr. 2003", "36 410-V nr. 5", "Kamerstukken II 2023/24, 21 501-02, nrs. 2768 en
2770".
"""

from __future__ import annotations

import re

URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+[^\s<>\".,;:!?)\]]")
KAMERSTUK = re.compile(r"(?<!\d)\d{2}\s?\d{3}(?:-[A-Z0-9]{1,5})?,?\s+nrs?\.\s*\d+(?:\s*(?:,|en)\s*\d+)*")

def reference_spans(text: str) -> list[tuple[int, int]]:
    """Spans of URLs and Kamerstuk references in `text`, in order (a Kamerstuk inside a URL is part of
    the URL)."""
    spans = [m.span() for m in URL.finditer(text)]
    spans += [m.span() for m in KAMERSTUK.finditer(text) if not any(s <= m.start() < e for s, e in spans)]
    return sorted(spans)

