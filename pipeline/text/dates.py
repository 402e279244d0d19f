"""Day + month dates and years as Dutch and English write them.

Dutch puts the day first and the month in lower case: "15 december", "op 3 maart". English writes
"15 December", "15th December", "15th of December" (British) or "December 15", "Dec. 15" (American);
a month name alone ("in March") is a month. Years of interest are 1900–2099.
"""

from __future__ import annotations

import re

from pipeline.text.months import DUTCH_MONTHS, ENGLISH_MONTH_NUMBERS

# A year as Dutch and English letters write it ("2024"), as a regex fragment to build patterns with.
YEAR = r"(?:19|20)\d{2}"
YEAR_IN_TEXT = re.compile(rf"(?<!\d){YEAR}(?!\d)")

# "15 december": group 1 the day, group 2 the month.
DUTCH_DAY_MONTH = re.compile(r"(?<!\d)(\d{1,2})\s+(" + "|".join(DUTCH_MONTHS) + r")\b", re.IGNORECASE)
# A Dutch month name on its own: group 1.
DUTCH_MONTH_NAME = re.compile(r"\b(" + "|".join(DUTCH_MONTHS) + r")\b", re.IGNORECASE)

# "15 December", "15th of December": group 1 the day, group 2 a word that may be a month (check it
# against ENGLISH_MONTH_NUMBERS: the pattern also matches "15 members").
ENGLISH_DAY_MONTH = re.compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([A-Za-z]+)")
# "December 15", "Dec. 15": group 1 a word that may be a month, group 2 the day.
ENGLISH_MONTH_DAY = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2})(?!\d)")
# A capitalised English month name on its own, written out ("March", "Sept"; not "May", which may be
# the verb at a sentence start, nor three-letter abbreviations): group 1.
ENGLISH_MONTH_NAME = re.compile(
    r"\b(" + "|".join(m.capitalize() for m in ENGLISH_MONTH_NUMBERS if len(m) > 3) + r")\b")


def english_month(word: str) -> int | None:
    """The number of an English month name or abbreviation, in any case ("Dec" → 12); else None."""
    return ENGLISH_MONTH_NUMBERS.get(word.lower())
