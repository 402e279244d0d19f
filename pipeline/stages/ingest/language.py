"""Is this letter Dutch? The translation model only translates Dutch, so anything else is reported.

Function words are the most reliable short-text signal and need no model: Dutch prose is roughly a
third function words from the list below, English prose the same from its own list. A text is
called Dutch when its Dutch share is clearly ahead of the English, German and French shares.
"""

from __future__ import annotations

import re

_FUNCTION_WORDS = {
    "nl": {"de", "het", "een", "van", "en", "in", "is", "dat", "op", "te", "zijn", "voor", "met", "die",
           "niet", "aan", "er", "om", "ook", "als", "bij", "of", "door", "worden", "wordt", "naar", "kan",
           "zal", "heeft", "hebben", "deze", "dit", "over", "tot", "uit", "nog", "wel", "maar", "werd"},
    "en": {"the", "of", "and", "to", "in", "is", "that", "for", "on", "with", "as", "by", "this", "are",
           "be", "was", "it", "from", "at", "an", "which", "has", "have", "will", "not", "or", "were"},
    "de": {"der", "die", "das", "und", "ist", "nicht", "mit", "von", "zu", "den", "dem", "ein", "eine",
           "auf", "für", "auch", "sich", "wird", "werden", "sind", "bei", "nach", "wie", "oder"},
    "fr": {"le", "la", "les", "et", "des", "du", "un", "une", "est", "que", "qui", "dans", "pour", "pas",
           "sur", "par", "avec", "au", "aux", "sont", "ce", "cette", "il", "elle"},
}
NAMES = {"nl": "Dutch", "en": "English", "de": "German", "fr": "French"}
MIN_WORDS = 30  # below this, any guess is noise: short texts are accepted as they are


def guess_language(text: str) -> tuple[str | None, dict[str, float]]:
    """(language code or None when too short/unclear, share of each language's function words)."""
    words = re.findall(r"[^\W\d_]+", text.casefold())
    if len(words) < MIN_WORDS:
        return None, {}
    shares = {lang: sum(w in vocab for w in words) / len(words) for lang, vocab in _FUNCTION_WORDS.items()}
    best = max(shares, key=shares.get)
    if shares[best] < 0.08:
        return None, shares
    return best, shares
