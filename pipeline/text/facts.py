"""What in a sentence must come through a translation or a summary: numbers, dates, months, references.

A fact is found in one language and looked for in the other, normalised so that the notations
compare: "1,2 miljard" = "1.2 billion" (:mod:`pipeline.text.numbers`), "15 december" = "15 December"
= "December 15" (:mod:`pipeline.text.dates`), "maart" = "March"; a reference (URL, Kamerstuk) must
come through verbatim (:mod:`pipeline.text.references`). English may write small numbers as words
("three", "second").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.text.dates import (DUTCH_DAY_MONTH, DUTCH_MONTH_NAME, ENGLISH_DAY_MONTH, ENGLISH_MONTH_DAY,
                                 ENGLISH_MONTH_NAME)
from pipeline.text.months import DUTCH_MONTH_NUMBERS, ENGLISH_MONTH_NUMBERS
from pipeline.text.numbers import english_number_words, find_numbers
from pipeline.text.references import reference_spans


@dataclass(frozen=True)
class Fact:
    """Something in a sentence that must come through: a number (its possible values), a date
    (day, month), a month, or a reference (verbatim)."""

    kind: str  # "number" | "date" | "month" | "reference"
    text: str  # as written
    values: frozenset = frozenset()


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with the `spans` overwritten by spaces (offsets stay valid), so they are not found twice."""
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def dutch_facts(text: str) -> list[Fact]:
    """The numbers, amounts, dates, months and references of a Dutch sentence."""
    refs = reference_spans(text)
    facts = [Fact("reference", text[s:e]) for s, e in refs]
    rest = _blank(text, refs)
    dates = list(DUTCH_DAY_MONTH.finditer(rest))
    facts += [Fact("date", m.group(), frozenset({(int(m[1]), DUTCH_MONTH_NUMBERS[m[2].lower()])})) for m in dates]
    rest = _blank(rest, [m.span() for m in dates])
    facts += [Fact("month", m.group(), frozenset({DUTCH_MONTH_NUMBERS[m[1].lower()]}))
              for m in DUTCH_MONTH_NAME.finditer(rest)]
    facts += [Fact("number", w, frozenset(v)) for w, v in find_numbers(rest) if v]
    return list(dict.fromkeys(facts))


def english_facts(text: str) -> list[Fact]:
    """The numbers, amounts, percentages, dates, months and references of an English sentence. A month
    before a day counts only when capitalised ("May 5", not "may 5"); a month alone only when written
    out and capitalised (ENGLISH_MONTH_NAME)."""
    refs = reference_spans(text)
    facts = [Fact("reference", text[a:b]) for a, b in refs]
    rest = _blank(text, refs)
    dated: list[tuple[int, int]] = []
    for m in ENGLISH_DAY_MONTH.finditer(rest):
        if m[2].lower() in ENGLISH_MONTH_NUMBERS:
            facts.append(Fact("date", m.group(), frozenset({(int(m[1]), ENGLISH_MONTH_NUMBERS[m[2].lower()])})))
            dated.append(m.span())
    for m in ENGLISH_MONTH_DAY.finditer(rest):
        if m[1][:1].isupper() and m[1].lower() in ENGLISH_MONTH_NUMBERS:
            facts.append(Fact("date", m.group(), frozenset({(int(m[2]), ENGLISH_MONTH_NUMBERS[m[1].lower()])})))
            dated.append(m.span())
    rest = _blank(rest, dated)
    facts += [Fact("month", m.group(), frozenset({ENGLISH_MONTH_NUMBERS[m[1].lower()]}))
              for m in ENGLISH_MONTH_NAME.finditer(rest)]
    facts += [Fact("number", w, frozenset(v)) for w, v in find_numbers(rest) if v]
    return list(dict.fromkeys(facts))


def missing_facts(facts: list[Fact], english: str) -> list[Fact]:
    """The `facts` not found in the English text `english`."""
    values: set[float] = set()
    for _, vs in find_numbers(english):
        values |= vs
    low = english.lower()
    values |= english_number_words(english)
    pairs = [(m[1], m[2]) for m in ENGLISH_DAY_MONTH.finditer(english)]
    pairs += [(m[2], m[1]) for m in ENGLISH_MONTH_DAY.finditer(english)]
    dates = {(int(day), ENGLISH_MONTH_NUMBERS[month.lower()]) for day, month in pairs
             if month.lower() in ENGLISH_MONTH_NUMBERS}
    # A month alone: a name of more than three letters ("march", "june", not "mar"), or "may".
    months = {ENGLISH_MONTH_NUMBERS[w] for w in re.findall(r"[a-z]+", low)
              if w in ENGLISH_MONTH_NUMBERS and len(w) > 3 or w == "may"}
    lost = []
    for f in facts:
        if f.kind == "reference":
            ok = " ".join(f.text.split()) in " ".join(english.split())
        elif f.kind == "date":
            ok = bool(f.values & dates)
        elif f.kind == "month":
            ok = bool(f.values & months)
        else:
            ok = bool(f.values & values)
        if not ok:
            lost.append(f)
    return lost
