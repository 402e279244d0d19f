"""What a physical line of letter text shows at its ends, shared by the text readers: the stream
sentinels between footnote separation and paragraph building, letters, URLs, and sentence ends."""

from __future__ import annotations

import re

LETTER = r"[^\W\d_]"
URLISH = re.compile(r"(?<!\S)(?=\S*(?:https?://|www\.|\S@\S))\S+", re.IGNORECASE)
SENTENCE_END_CHARS = ".?!:"
CLOSERS = ")]\"'’”»"


# Sentinels in the line stream between footnote separation and paragraph building.
BLANK = ("blank",)
PAGE = ("page",)


def ends_sentence(text: str) -> bool:
    """Whether text ends a sentence (. ? ! :), ignoring closing brackets and quotes."""
    stripped = text.rstrip().rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in SENTENCE_END_CHARS
