"""Written numbers in Dutch and English notation, with their scale words.

Dutch groups thousands with a full stop and writes decimals with a comma ("1.000,5"); English does
the opposite ("1,000.5"). A number on its own ("2.300", "1,5") is therefore read both ways where
both are well-formed (thousands groups of three digits). A scale word after it multiplies it: Dutch
"miljard"/"mld"/"mrd" (10⁹), "miljoen"/"mln" (10⁶), "duizend"; English "billion"/"bn", "million"/
"mn", "thousand" — also after a currency word ("5 euro miljard" is rare, "EUR 5 billion" common).
Note the false friend: Dutch "miljard" is English "billion", Dutch "biljoen" (10¹²) is not handled.
"""

from __future__ import annotations

import re

NUMBER = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+)*")
SCALES = {"miljard": 1e9, "mld": 1e9, "mrd": 1e9, "miljoen": 1e6, "mln": 1e6, "duizend": 1e3,
          "billion": 1e9, "bn": 1e9, "billions": 1e9, "million": 1e6, "mn": 1e6, "millions": 1e6,
          "thousand": 1e3}
_SCALE_AFTER = re.compile(r"\s*(?:euro\s+|eur\s+)?(" + "|".join(SCALES) + r")\b\.?", re.IGNORECASE)

# An amount in Dutch notation as a regex fragment: "1.250.000", "1.250,50", "45", "1,2".
DUTCH_AMOUNT = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"

# Numbers English writes as words (cardinals 0–20, ordinals 1st–10th), by value.
ENGLISH_NUMBER_WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten "
                                                   "eleven twelve thirteen fourteen fifteen sixteen "
                                                   "seventeen eighteen nineteen twenty".split())} \
    | {w: i for i, w in enumerate("first second third fourth fifth sixth seventh eighth ninth tenth".split(), 1)}


def readings(token: str) -> set[float]:
    """Values a written number can have, in Dutch (1.000,5) or English (1,000.5) notation."""
    values = set()
    for thousands, decimal in ((".", ","), (",", ".")):
        groups = token.split(decimal)
        if len(groups) > 2:
            continue
        whole = groups[0].split(thousands)
        if len(whole) > 1 and not all(len(g) == 3 for g in whole[1:]):
            continue
        try:
            values.add(float("".join(whole) + ("." + groups[1] if len(groups) == 2 else "")))
        except ValueError:
            continue
    return values


def comparable(value: float) -> float:
    """`value` rounded to six significant digits, so 1.2 × 10⁹ from either notation compares equal."""
    return float(f"{value:.6g}")


def find_numbers(text: str) -> list[tuple[str, set[float]]]:
    """(written form, possible absolute values) of every number in `text`, with its scale word:
    "1,5 miljoen" → ("1,5 miljoen", {1500000.0})."""
    out = []
    for m in NUMBER.finditer(text):
        scale = _SCALE_AFTER.match(text, m.end())
        factor = SCALES[scale.group(1).lower()] if scale else 1.0
        written = text[m.start():scale.end()].strip() if scale else m.group()
        out.append((written, {comparable(v * factor) for v in readings(m.group())}))
    return out


def english_number_words(text: str) -> set[float]:
    """Values of the numbers written as words in English `text` ("three", "second")."""
    low = text.lower()
    return {float(n) for w, n in ENGLISH_NUMBER_WORDS.items() if re.search(rf"\b{w}\b", low)}
