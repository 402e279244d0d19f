"""Month and weekday names, Dutch and English, and their numbers (January = 1).

Dutch writes month names in lower case ("31 januari 2024"); letter heads and markup dagtekeningen
also abbreviate them, with or without a full stop ("1 mrt. 2023", "5 sept 2023"). English text
capitalises them and abbreviates to three letters ("Jan", "Dec") or "Sept".
"""

from __future__ import annotations

DUTCH_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
                "oktober", "november", "december")
DUTCH_MONTH_NUMBERS = {name: number for number, name in enumerate(DUTCH_MONTHS, 1)}
# The abbreviations Dutch letter heads use; "mei" has none (it is short already).
DUTCH_MONTH_ABBREVIATIONS = {"jan": 1, "feb": 2, "mrt": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
                             "sept": 9, "sep": 9, "okt": 10, "nov": 11, "dec": 12}

ENGLISH_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
                  "october", "november", "december")
# Full names, three-letter abbreviations and "sept", lower case. Note that "may" is both a month and a
# verb, and "mar"/"jan"/"dec" are words or names too: callers decide when a match is a month.
ENGLISH_MONTH_NUMBERS = ({name: number for number, name in enumerate(ENGLISH_MONTHS, 1)}
                         | {name[:3]: number for number, name in enumerate(ENGLISH_MONTHS, 1)} | {"sept": 9})

ENGLISH_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def dutch_month_number(word: str) -> int | None:
    """The number of a Dutch month name, written out or abbreviated, in any case and with or without
    a full stop ("Maart" → 3, "mrt." → 3); None for anything else."""
    word = word.strip().rstrip(".").lower()
    return DUTCH_MONTH_NUMBERS.get(word) or DUTCH_MONTH_ABBREVIATIONS.get(word)
