"""Key facts: the sentences a briefing note must get right even when a model is weak (issue #5).

Model-free and transparent: every rule is a cue in `configs/keyfacts.yaml` (the cue syntax of
`configs/taxonomy.yaml`, compiled by `pipeline.text.cues`). Runs after classify, on the Dutch
sentences; each fact points at its source sentence (`section_id`, `paragraph`, `sentence` index into
the Document), so the note can put the Dutch original beside the English, which
`fill_key_fact_translations` copies from the paragraph's `sentences_en` once the letter is translated.

Kinds (a sentence may yield facts of several kinds):

| kind | a sentence is one when |
|---|---|
| decision | it hits a decision cue (stemde in met, besloot, nam … aan, verwelkomde, keurde goed, …) |
| dutch_position | it names a Dutch actor (Nederland, het kabinet, de Minister-President, …) and a stance cue (steunt, pleit voor, zet in op, heeft … gewezen op, …), or a standalone cue (de Nederlandse inzet, in lijn met de motie …) |
| commitment | it promises parliament something (Uw Kamer zal … ontvangen, wordt … geïnformeerd, toezegging, …) and is not this letter describing itself (hierbij, in deze brief) |
| money | one fact per amount with a currency; `value` = the amount verbatim, with its year if one follows ("5 miljard euro voor 2024") |
| date | one fact per date or period after the letter's date; `value` = the expression verbatim ("uiterlijk in maart 2024", "voor het zomerreces") |
| reference | one fact per Kamerstuk number, motion, URL or official document number, in the sentence itself or in a footnote it carries; `value` = the reference verbatim, `footnote` = its footnote number |

List items (paragraphs starting in lower case or with "a.", "1.", "-", "•") that follow a sentence
ending in ":" inherit that sentence's decision / Dutch position / commitment kinds. A sentence right
after a commitment in the same paragraph that continues it (`commitment.continues`: "Daarbij zal ik
ook ingaan op …") is a commitment too.

**What a reader sees first.** Every fact gets an `importance` score and the highest few are `headline`
(pipeline.stages.importance; weights in the cues file's `importance:` block). A date fact, and a
commitment whose sentence names an upcoming calendar date (its first), gets `iso_date` ("2024-02-01",
"2024-03"; None for "voor de zomer"): pipeline.text.iso_dates, with the year rule below.

**Upcoming dates.** A date is upcoming when it ends after `metadata.date`. A date without a year takes
the year nearest to it in the same sentence; with none, it is the next occurrence after the letter's
date when the sentence speaks of the future (zal, ontvangt, uiterlijk, …) and otherwise the occurrence
nearest to the letter's date ("Op woensdag 13 december vond … plaats" in a letter of 15 December is
past). "jl." after a date and "sinds"/"afgelopen" before it mark it as past. Without a letter date, a
date counts when its sentence speaks of the future. A year on its own ("voor 2024") is not a date.

**Which sentence carries a footnote.** Ingest keeps each paragraph's footnote markers in reading order
but not their places. The marker is put on the sentence that names the cited document: each sentence
of the paragraph scores 3 per word of the footnote's URL host, 2 per other word of the footnote text
(5+ letters, not in `ignore_words`; a word longer than 7 letters without its last 3, so inflections and
compounds match) that occurs in it, and 1 when it hits an `anchors` cue (verslag,
motie, commissiedebat, kabinetsappreciatie, …). The best score wins, ties go to the earliest sentence,
and a footnote that scores nowhere goes to the paragraph's last sentence. A later marker never points
before the sentence of an earlier one. Footnotes without a reference pattern (e.g. "Zie bijlage.")
yield no fact but still take part in that ordering.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal, NamedTuple
from urllib.parse import urlparse

from pydantic import BaseModel, ConfigDict, Field, field_validator

from pipeline.config import read_side_file
from pipeline.document import Document, KeyFact, KeyFactKind, Paragraph, Section
from pipeline.errors import ConfigError
from pipeline.stages.importance import Evidence, ImportanceWeights, importance, mark_headlines
from pipeline.text.cues import alternation, compile_cues
from pipeline.text.dates import (YEAR, YEAR_IN_TEXT, DutchDatePatterns, compile_dutch_dates, date_expressions,
                                 date_range)
from pipeline.text.iso_dates import iso_date, start_year
from pipeline.text.numbers import DUTCH_AMOUNT
from pipeline.text.sentences import strip_sentence_punctuation

KINDS = ("decision", "dutch_position", "commitment", "money", "date", "reference")
STANCE_KINDS = ("decision", "dutch_position", "commitment")


# ---------------------------------------------------------------------------------------------------
# The cues file


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class _CueBlock(_Strict):
    cues: list[str]
    exclude: list[str] = Field(default_factory=list)
    continues: list[str] = Field(default_factory=list)


class _PositionBlock(_Strict):
    actors: list[str]
    cues: list[str]
    standalone: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)


class _MoneyBlock(_Strict):
    qualifiers: list[str]
    multipliers: list[str]
    currency_before: list[str]
    currency_after: list[str]


def _check_months(value: dict[str, list[int]]) -> dict[str, list[int]]:
    for name, span in value.items():
        if len(span) != 2 or not all(1 <= m <= 12 for m in span) or span[0] > span[1]:
            raise ValueError(f"{name!r}: expected [first month, last month] within 1..12, got {span}")
    return value


class _DatesBlock(_Strict):
    months: list[str]
    weekdays: list[str]
    periods: dict[str, list[int]]
    year_parts: dict[str, list[int]]
    prepositions: list[str]
    past_after: list[str]
    past_before: list[str]
    future_cues: list[str]
    meetings: list[str]

    _periods = field_validator("periods", "year_parts")(_check_months)

    @field_validator("months")
    @classmethod
    def _twelve(cls, value: list[str]) -> list[str]:
        if len(value) != 12:
            raise ValueError(f"expected the 12 month names, got {len(value)}")
        return value


class _ReferencesBlock(_Strict):
    patterns: list[str]
    anchors: list[str]
    ignore_words: list[str]


class _CueFile(_Strict):
    decision: _CueBlock
    dutch_position: _PositionBlock
    commitment: _CueBlock
    list_items_inherit: list[Literal["decision", "dutch_position", "commitment"]]
    money: _MoneyBlock
    dates: _DatesBlock
    references: _ReferencesBlock
    importance: ImportanceWeights


@dataclass(frozen=True)
class KeyFactCues:
    """Compiled cues (see configs/keyfacts.yaml). A pattern is None when its list is empty."""

    decision: re.Pattern[str] | None
    decision_exclude: re.Pattern[str] | None
    actors: re.Pattern[str] | None
    stance: re.Pattern[str] | None
    standalone: re.Pattern[str] | None
    position_exclude: re.Pattern[str] | None
    commitment: re.Pattern[str] | None
    commitment_exclude: re.Pattern[str] | None
    commitment_continues: re.Pattern[str] | None
    list_items_inherit: frozenset[str]
    money: re.Pattern[str]
    dates: "_DateCues"
    references: list[re.Pattern[str]]
    anchors: re.Pattern[str] | None
    ignore_words: frozenset[str]
    importance: ImportanceWeights
    summary_headings: re.Pattern[str] | None


@dataclass(frozen=True)
class _DateCues:
    patterns: DutchDatePatterns
    past_after: re.Pattern[str] | None
    past_before: re.Pattern[str] | None
    future: re.Pattern[str] | None
    meetings: re.Pattern[str] | None


def _compile(data: _CueFile) -> KeyFactCues:
    m = data.money
    qual = rf"(?:(?:{alternation(m.qualifiers)})\s+)?"
    mult = rf"(?:\s+(?:{alternation(m.multipliers)})(?!\w))?"
    years = (r"(?:\s+(?:voor|in|per|vanaf|over)\s+(?:de\s+periode\s+(?:van\s+)?|het\s+jaar\s+)?"
             rf"{YEAR}(?:\s*(?:tot\s+en\s+met|t/m|tot|-|–)\s*{YEAR})?(?!\d))?")
    before = rf"(?:{alternation(m.currency_before)})\s?(?:{DUTCH_AMOUNT}){mult}"
    after = rf"(?:{DUTCH_AMOUNT}){mult}\s+(?:{alternation(m.currency_after)})(?!\w)"
    money = re.compile(rf"(?<![\w.,]){qual}(?:{before}|{after}){years}", re.IGNORECASE)

    d = data.dates
    dates = _DateCues(
        patterns=compile_dutch_dates(d.months, d.weekdays, d.periods, d.year_parts, d.prepositions),
        past_after=re.compile(rf"^\s*(?:{alternation(d.past_after)})", re.IGNORECASE) if d.past_after else None,
        past_before=(re.compile(rf"(?<!\w)(?:{alternation(d.past_before)})\s+(?:\w+\s+){{0,2}}$", re.IGNORECASE)
                     if d.past_before else None),
        future=compile_cues(d.future_cues),
        meetings=compile_cues(d.meetings),
    )
    p = data.dutch_position
    return KeyFactCues(
        decision=compile_cues(data.decision.cues), decision_exclude=compile_cues(data.decision.exclude),
        actors=compile_cues(p.actors), stance=compile_cues(p.cues), standalone=compile_cues(p.standalone),
        position_exclude=compile_cues(p.exclude),
        commitment=compile_cues(data.commitment.cues), commitment_exclude=compile_cues(data.commitment.exclude),
        commitment_continues=compile_cues(data.commitment.continues),
        list_items_inherit=frozenset(data.list_items_inherit), money=money, dates=dates,
        references=[re.compile(p) for p in data.references.patterns],
        anchors=compile_cues(data.references.anchors),
        ignore_words=frozenset(w.casefold() for w in data.references.ignore_words),
        importance=data.importance, summary_headings=compile_cues(data.importance.summary_headings),
    )


@lru_cache(maxsize=4)
def load_key_fact_cues(path: Path) -> KeyFactCues:
    """Read and validate the cues file; every problem is a ConfigError naming the file."""
    path = Path(path)
    data = read_side_file(path, _CueFile, key="keyfacts.cues", what="key-fact cues", stage="keyfacts")
    try:
        return _compile(data)
    except re.error as exc:
        bad = f" in {exc.pattern!r}" if exc.pattern else ""
        raise ConfigError(f"invalid key-fact cues: bad regular expression{bad}: {exc}", path=path,
                          stage="keyfacts", fix="fix the 're:' cue or pattern") from None


# ---------------------------------------------------------------------------------------------------
# Sentence kinds


def _hits(pattern: re.Pattern[str] | None, text: str) -> bool:
    return pattern is not None and pattern.search(text) is not None


def stance_kinds(sentence: str, cues: KeyFactCues) -> list[str]:
    """Which of decision / dutch_position / commitment a Dutch sentence is."""
    low = sentence.casefold()
    kinds = []
    if _hits(cues.decision, low) and not _hits(cues.decision_exclude, low):
        kinds.append("decision")
    if ((_hits(cues.standalone, low) or (_hits(cues.actors, low) and _hits(cues.stance, low)))
            and not _hits(cues.position_exclude, low)):
        kinds.append("dutch_position")
    if _hits(cues.commitment, low) and not _hits(cues.commitment_exclude, low):
        kinds.append("commitment")
    return kinds


def money_values(sentence: str, cues: KeyFactCues) -> list[str]:
    """Every amount with a currency, verbatim ("circa 1,2 miljard euro", "EUR 45 mln.")."""
    return [m.group(0).strip() for m in cues.money.finditer(sentence)]


def reference_values(text: str, cues: KeyFactCues) -> list[str]:
    """Every reference in `text`, verbatim, in order of appearance, without duplicates."""
    found: list[tuple[int, int, str]] = []
    for pattern in cues.references:
        for m in pattern.finditer(text):
            value = strip_sentence_punctuation(m.group(0))
            if value:
                found.append((m.start(), m.start() + len(value), value))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    values: list[str] = []
    end = -1
    for start, stop, value in found:
        if start < end:  # inside a reference already taken (a URL inside a longer match)
            continue
        end = stop
        if value.casefold() not in {v.casefold() for v in values}:
            values.append(value)
    return values


# ---------------------------------------------------------------------------------------------------
# Dates


class UpcomingDate(NamedTuple):
    value: str  # the expression verbatim, with its prepositions ("uiterlijk in maart 2024")
    iso: str | None  # the calendar date it names, YYYY-MM-DD or YYYY-MM (pipeline.text.iso_dates); None: vague


def date_values(sentence: str, letter: date | None, cues: KeyFactCues) -> list[UpcomingDate]:
    """The upcoming date expressions of a sentence, verbatim with their prepositions, and their ISO dates."""
    dc = cues.dates
    future = _hits(dc.future, sentence.casefold())
    years = [(m.start(), int(m.group(0))) for m in YEAR_IN_TEXT.finditer(sentence)]
    values: list[UpcomingDate] = []
    for expr in date_expressions(sentence, dc.patterns):
        prefix = dc.patterns.prefix.search(sentence[:expr.start])
        start = prefix.start() if prefix else expr.start
        if dc.past_after is not None and dc.past_after.search(sentence[expr.end:]):
            continue
        if dc.past_before is not None and dc.past_before.search(sentence[:start]):
            continue
        year = start_year(expr, years, letter, future)
        if letter is None:  # without the letter's date, the sentence's tense decides
            upcoming = future
        else:
            upcoming = year is not None and date_range(expr, year, expr.last[0])[1] > letter
        if upcoming:
            values.append(UpcomingDate(strip_sentence_punctuation(sentence[start:expr.end]),
                                       iso_date(expr, sentence, dc.patterns, year)))
    if dc.meetings is not None:  # "tijdens een aankomende ER": an upcoming meeting without a date
        for m in re.finditer(dc.meetings.pattern, sentence, re.IGNORECASE):
            values.append(UpcomingDate(m.group(0), None))
    return values


def _letter_date(doc: Document) -> date | None:
    try:
        return date.fromisoformat(doc.metadata.date) if doc.metadata.date else None
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------------
# Footnotes → sentences


def _stem(word: str) -> str:
    """A long word without its last three letters, so "voorschotten" finds "voorschot" and
    "automatische" finds "automatisch"; words of up to 7 letters are kept whole."""
    return word if len(word) <= 7 else word[:max(7, len(word) - 3)]


def _footnote_words(text: str, ignore: frozenset[str]) -> dict[str, int]:
    """Distinctive words of a footnote (stemmed) and their weight (URL host words 3, other words 2)."""
    weights: dict[str, int] = {}
    for url in re.findall(r"https?://[^\s<>()\"]+|www\.[^\s<>()\"]+", text):
        host = urlparse(url if "://" in url else "http://" + url).hostname or ""
        for part in re.split(r"[.\-]", host.casefold())[:-1]:  # drop the top-level domain
            if len(part) >= 5 and part not in ignore:
                weights[_stem(part)] = 3
    for word in re.findall(r"[^\W\d_]{5,}", text.casefold()):
        if word not in ignore:
            weights.setdefault(_stem(word), 2)
    return weights


def attach_footnotes(sentences: list[str], refs: list[int], texts: dict[int, str],
                     cues: KeyFactCues) -> dict[int, int]:
    """Footnote number → index of the sentence in `sentences` that carries its marker (rule above)."""
    attached: dict[int, int] = {}
    lowest = 0
    lows = [s.casefold() for s in sentences]
    for n in refs:
        words = _footnote_words(texts.get(n, ""), cues.ignore_words)
        best, best_score = len(sentences) - 1, 0
        for i in range(lowest, len(sentences)):
            score = sum(w for word, w in words.items() if word in lows[i])
            score += 1 if _hits(cues.anchors, lows[i]) else 0
            if score > best_score:
                best, best_score = i, score
        best = max(best, lowest)
        attached[n] = best
        lowest = best
    return attached


# ---------------------------------------------------------------------------------------------------
# Extraction


_LIST_ITEM = re.compile(r"^\s*(?:[a-z]\.|\d+[.)]|[-•–*])\s|^\s*[a-zà-ÿ]")


def _is_list_item(paragraph: Paragraph) -> bool:
    return bool(_LIST_ITEM.match(paragraph.text))


def summary_sections(doc: Document, headings: re.Pattern[str] | None) -> set[str]:
    """Ids of the letter's summary-like sections: the opening text before its first heading, and each
    section whose heading, or a parent's, hits `headings` (importance.summary_headings)."""
    by_id = {s.id: s for s in doc.sections}
    found: set[str] = set()
    opening = True
    for section in doc.sections:
        opening = opening and section.heading is None
        ancestor: Section | None = section
        while ancestor is not None and section.id not in found:
            if opening or (ancestor.heading and _hits(headings, ancestor.heading.casefold())):
                found.add(section.id)
            ancestor = by_id.get(ancestor.parent) if ancestor.parent else None
    return found


def extract_key_facts(doc: Document, cues: KeyFactCues) -> Document:
    """Fill `doc.key_facts` from the Dutch sentences (replacing any earlier facts), each with its
    importance, the headline few marked (pipeline.stages.importance)."""
    letter = _letter_date(doc)
    footnote_texts = {f.n: f.text for f in doc.footnotes}
    summary = summary_sections(doc, cues.summary_headings)
    last_sentence = max(1, sum(len(p.sentences or [p.text]) for s in doc.sections for p in s.paragraphs) - 1)
    ordinal = 0
    facts: list[KeyFact] = []
    evidence: list[Evidence] = []
    for section in doc.sections:
        inherit: set[str] = set()
        for p_index, paragraph in enumerate(section.paragraphs):
            sentences = paragraph.sentences or [paragraph.text]
            item = _is_list_item(paragraph)
            if not item:
                inherit = set()
            by_sentence: dict[int, list[int]] = {}
            for n, s_index in attach_footnotes(sentences, paragraph.footnote_refs, footnote_texts, cues).items():
                by_sentence.setdefault(s_index, []).append(n)
            kinds: list[str] = []
            previous: list[str] = []
            for s_index, sentence in enumerate(sentences):
                position, ordinal = ordinal / last_sentence, ordinal + 1
                seen: set[tuple[str, str]] = set()
                own = stance_kinds(sentence, cues)
                money = money_values(sentence, cues)
                dates = date_values(sentence, letter, cues)

                def add(kind: KeyFactKind, value: str | None = None, footnote: int | None = None,
                        iso: str | None = None, inherited: bool = False) -> None:
                    key = (kind, (value or "").casefold())
                    if key in seen:
                        return
                    seen.add(key)
                    facts.append(KeyFact(kind=kind, text_nl=sentence, section_id=section.id, paragraph=p_index,
                                         sentence=s_index, value=value, footnote=footnote, iso_date=iso))
                    evidence.append(Evidence(kind=kind, inherited=inherited, vague_date=kind == "date" and iso is None,
                                             position=position, summary_section=section.id in summary,
                                             from_footnote=footnote is not None, money_in_sentence=bool(money),
                                             date_in_sentence=bool(dates)))

                kinds = list(own)
                if ("commitment" in previous and "commitment" not in kinds
                        and _hits(cues.commitment_continues, sentence.casefold())):
                    kinds.append("commitment")
                previous = kinds
                # a commitment's date: the first calendar date its sentence names
                promised = next((d.iso for d in dates if d.iso), None)
                for kind in STANCE_KINDS:
                    if kind in kinds or (item and kind in inherit):
                        add(kind, iso=promised if kind == "commitment" else None, inherited=kind not in own)
                for value in money:
                    add("money", value)
                for value, iso in dates:
                    add("date", value, iso=iso)
                for value in reference_values(sentence, cues):
                    add("reference", value)
                for n in by_sentence.get(s_index, []):
                    for value in reference_values(footnote_texts.get(n, ""), cues):
                        add("reference", value, footnote=n)
            last = sentences[-1].rstrip() if sentences else ""
            if last.endswith(":"):
                inherit = set(kinds) & cues.list_items_inherit
    for fact, ev in zip(facts, evidence):
        fact.importance = importance(ev, cues.importance)
    mark_headlines(facts, cues.importance.headline)
    doc.key_facts = facts
    return doc


def fill_key_fact_translations(doc: Document) -> Document:
    """Copy each fact's English from its paragraph's `sentences_en` (None where not translated)."""
    sections = {s.id: s for s in doc.sections}
    for fact in doc.key_facts:
        section = sections.get(fact.section_id)
        english = None
        if section is not None and fact.paragraph < len(section.paragraphs):
            sentences_en = section.paragraphs[fact.paragraph].sentences_en
            if sentences_en is not None and fact.sentence < len(sentences_en):
                english = sentences_en[fact.sentence]
        fact.text_en = english
    return doc
