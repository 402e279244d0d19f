"""The batch's view model: what the batch pages (index, commitments, dossiers, dates.ics) show of each
letter, built once per note from its Document. The report is written only when the last letter is done,
so a batch keeps its entries out of memory (pipeline.engines.spool) and the pages read them through
`Letters`: only the small keys that order them stay in memory, each entry is loaded when a page reaches it.

Every string here is still raw text from a letter, a model or a file name, with its non-printing
characters made visible (names.inert: a bidi override cannot reverse how a title reads); each page
escapes it its own way on the way out (pipeline.render.batch_html, batch_markdown, calendar).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pipeline.document import Document, KeyFact
from pipeline.names import inert
from pipeline.render.links import dossier_id, letter_dossier, official_url
from pipeline.render.view import UNKNOWN, one_line, section_anchor, section_ref

# The full-text search of index.html reads a compact text per letter from the page itself: the titles,
# metadata, summary and key facts first, then the letter's Dutch and English section by section, cut
# at this many characters. It bounds the page (100 letters ≈ 1 MB) and means a word that only occurs
# late in a long letter is not found by the index's search (the note itself holds the whole text).
SEARCH_TEXT_LIMIT = 8000

KIND_LABELS = {"commitment": "Commitment", "date": "Date or meeting"}


@dataclass(frozen=True)
class Point:
    """One key sentence of a letter as a batch page shows it: extracted values, the Dutch source
    sentence (extracted), the English (machine translation), and where it is in the letter."""

    values: list[str]
    dutch: str
    english: str | None
    section: str  # '§2 Dreigingsbeeld': number and Dutch heading
    anchor: str  # the section's id in the HTML note


@dataclass(frozen=True)
class AgendaItem:
    """A commitment to parliament or an upcoming date from one source sentence of one letter."""

    uid: str  # stable: the letter's input sha256 and the index of the sentence's first key fact
    kinds: list[str]  # 'commitment', 'date'
    iso_date: str | None  # YYYY-MM-DD, YYYY-MM (the letter names only a month), or None
    point: Point
    stem: str
    letter_title: str
    letter_date: str | None
    official_url: str | None

    @property
    def label(self) -> str:
        return " · ".join(KIND_LABELS.get(k, k) for k in self.kinds)

    @property
    def anchor(self) -> str:
        """The item's id in commitments.html (letters, digits, `_` and `-` only)."""
        return "item-" + re.sub(r"[^A-Za-z0-9_-]", "_", self.uid.split("@")[0])

    @property
    def month_only(self) -> bool:
        return self.iso_date is not None and len(self.iso_date) == 7


@dataclass(frozen=True)
class Flags:
    """What a reader should check in a note: fidelity flags left on translated sentences, the note's
    warnings, and the fields where the letter disagrees with the official record."""

    fidelity: int = 0
    warnings: int = 0
    mismatches: int = 0

    @property
    def total(self) -> int:
        return self.fidelity + self.warnings + self.mismatches

    @property
    def text(self) -> str:
        """'2 fidelity, 1 warning': the count's parts, in words; '' when there are none."""
        parts = [(self.fidelity, "fidelity", "fidelity"), (self.warnings, "warning", "warnings"),
                 (self.mismatches, "official-record mismatch", "official-record mismatches")]
        return ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in parts if n)


@dataclass(frozen=True)
class LetterEntry:
    """One letter in the batch pages."""

    stem: str
    date: str | None
    title: str  # the English title, else the Dutch one, else the file name
    dutch_title: str | None  # the Dutch title, when the title shown is another one
    sender: str  # the ministry (sending office), or UNKNOWN
    document_type: str | None
    kamerstuk: str | None
    dossier: str | None
    topics: list[str]
    summary: str | None  # one line
    flags: Flags
    official_url: str | None
    tiny_models: list[str]
    created: str | None = None  # when the note was made (provenance.created)
    headlines: list[Point] = field(default_factory=list)
    agenda: list[AgendaItem] = field(default_factory=list)
    search: str = ""

    @property
    def headline_count(self) -> int:
        return len(self.headlines)


def _text(value: str | None) -> str | None:
    return None if value is None else inert(value)


def _by_sentence(facts: list[tuple[int, KeyFact]]) -> list[list[tuple[int, KeyFact]]]:
    sentences: dict[tuple[str, int, int], list[tuple[int, KeyFact]]] = {}
    for i, fact in facts:
        sentences.setdefault((fact.section_id, fact.paragraph, fact.sentence), []).append((i, fact))
    return list(sentences.values())


def _point(facts: list[KeyFact], refs: dict[str, tuple[str, str]]) -> Point:
    first = facts[0]
    ref, anchor = refs.get(first.section_id, ("§? " + first.section_id, section_anchor(first.section_id)))
    values = [inert(v) for v in dict.fromkeys(f.value for f in facts if f.value)]
    english = next((f.text_en for f in facts if f.text_en), None)
    return Point(values, inert(first.text_nl), _text(english), inert(ref), anchor)


def _upcoming(fact: KeyFact, letter_date: str | None) -> bool:
    """A date fact belongs on the agenda when it names a calendar date not before the letter's own
    (a date in the past the letter reports on, 'op 22 juni jl.', is no upcoming date)."""
    if fact.iso_date is None:
        return False
    return letter_date is None or fact.iso_date >= letter_date[:len(fact.iso_date)]


def _agenda(doc: Document, stem: str, title: str, url: str | None,
            refs: dict[str, tuple[str, str]]) -> list[AgendaItem]:
    date = doc.metadata.date
    chosen = [(i, f) for i, f in enumerate(doc.key_facts)
              if f.kind == "commitment" or (f.kind == "date" and _upcoming(f, date))]
    sha = (doc.provenance.input_sha256 or re.sub(r"[^A-Za-z0-9]", "-", stem))[:16]
    items = []
    for group in _by_sentence(chosen):
        facts = [f for _, f in group]
        iso = next((f.iso_date for f in facts if f.kind == "date" and f.iso_date), None) \
            or next((f.iso_date for f in facts if f.iso_date), None)
        kinds = list(dict.fromkeys(f.kind for f in facts))
        items.append(AgendaItem(f"{sha}-{group[0][0]}@kamerbrief", kinds, iso, _point(facts, refs), stem, title,
                                date, url))
    return items


def _headlines(doc: Document, refs: dict[str, tuple[str, str]]) -> list[Point]:
    """The headline facts (KeyFact.headline, chosen by the keyfacts stage), one point per sentence,
    the most important first."""
    groups = [[f for _, f in g] for g in _by_sentence([(i, f) for i, f in enumerate(doc.key_facts) if f.headline])]
    groups.sort(key=lambda facts: -max(f.importance or 0.0 for f in facts))  # stable: letter order breaks ties
    return [_point(facts, refs) for facts in groups]


def search_text(doc: Document, limit: int = SEARCH_TEXT_LIMIT) -> str:
    """The letter's English and Dutch in one line for the index's search, most telling text first, cut
    at `limit` characters (SEARCH_TEXT_LIMIT says why)."""
    meta = doc.metadata
    parts = [meta.title_en, meta.title, meta.sender, meta.document_type, meta.kamerstuk, doc.summary_en]
    parts += [t for f in doc.key_facts for t in (f.text_en, f.value)]
    for section in doc.sections:
        parts += [section.heading, section.heading_en, section.summary_en]
        parts += [t for p in section.paragraphs for t in (p.text, p.text_en)]
    out, size = [], 0
    for part in parts:
        if part:
            words = " ".join(inert(part).split())
            out.append(words)
            size += len(words) + 1
            if size >= limit:
                break
    return " ".join(out)[:limit]


def letter_entry(stem: str, doc: Document) -> LetterEntry:
    meta = doc.metadata
    title = inert(meta.title_en or meta.title or doc.source)
    dutch = inert(meta.title) if meta.title and meta.title != (meta.title_en or meta.title) else None
    url = official_url(doc)
    refs = {s.id: (section_ref(i, s), section_anchor(s.id)) for i, s in enumerate(doc.sections, 1)}
    flags = Flags(sum(len(p.flags or []) for s in doc.sections for p in s.paragraphs), len(doc.warnings),
                  len(doc.official.mismatches) if doc.official else 0)
    topics = sorted({inert(s.topic) for s in doc.sections if s.topic})
    return LetterEntry(
        stem=stem, date=_text(meta.date), title=title, dutch_title=dutch, sender=_text(meta.sender) or UNKNOWN,
        document_type=_text(meta.document_type), kamerstuk=_text(meta.kamerstuk), dossier=_text(letter_dossier(doc)),
        topics=topics, summary=_text(one_line(doc.summary_en, 200)) or None, flags=flags, official_url=url,
        tiny_models=[inert(m.id) for m in doc.provenance.models.values() if m.tiny], created=doc.provenance.created,
        headlines=_headlines(doc, refs), agenda=_agenda(doc, stem, title, url, refs), search=search_text(doc))


def _itself(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class Lazy:
    """Letters or agenda items in a page's order, each loaded only when the page reaches it: `keys` are
    the small objects that order them, `load` turns one into its LetterEntry or AgendaItem."""

    keys: list[Any]
    load: Callable[[Any], Any]

    def __len__(self) -> int:
        return len(self.keys)

    def __iter__(self) -> Iterator[Any]:
        return map(self.load, self.keys)


@dataclass(frozen=True)
class Letters(Lazy):
    """The batch's letters in the batch's order, as its pages read them. A letter's key has the entry's
    stem, date, dossier and created; an agenda item's key (`items`) the item's uid, iso_date,
    letter_date and stem: all the pages sort by. Entries held in memory are their own keys (`of`)."""

    items: list[Any] = field(default_factory=list)

    @classmethod
    def of(cls, entries: list[LetterEntry]) -> Letters:
        return cls(list(entries), _itself, [item for e in entries for item in e.agenda])


def newest_first(letters: Letters) -> Lazy:
    return Lazy(sorted(letters.keys, key=lambda e: (e.date or "", e.stem), reverse=True), letters.load)


def tiny_models(entries: Iterable[LetterEntry]) -> list[str]:
    """The tiny test models any note of the batch was made with (none: every note is real output)."""
    return sorted({m for e in entries for m in e.tiny_models})


def choices(values: Iterable[str]) -> list[tuple[str, int]]:
    """A filter's options: each value with how many letters have it, alphabetical."""
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return sorted(counts.items(), key=lambda kv: kv[0].casefold())


@dataclass(frozen=True)
class Agenda:
    dated: Lazy  # AgendaItems by date, then letter date
    undated: Lazy  # commitments without a date, by letter date


def agenda(letters: Letters) -> Agenda:
    """Every commitment and upcoming date across the batch, in date order; undated commitments after,
    by their letter's date (undated letters last)."""
    items = letters.items
    dated = sorted((i for i in items if i.iso_date), key=lambda i: (i.iso_date, i.letter_date or "", i.stem, i.uid))
    undated = sorted((i for i in items if not i.iso_date),
                     key=lambda i: (i.letter_date is None, i.letter_date or "", i.stem, i.uid))
    return Agenda(Lazy(dated, letters.load), Lazy(undated, letters.load))


@dataclass(frozen=True)
class DossierGroup:
    dossier: str | None  # None: the letters whose dossier is not known
    letters: Lazy  # LetterEntries, oldest first


def _dossier_key(ident: str) -> tuple:
    """Dossiers in number order: '9 999' before '21 501-02' before '21 501-20' before '36 200-VI'."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in ident.split("-"))


def _oldest_first(keys: list[Any], load: Callable[[Any], Any]) -> Lazy:
    return Lazy(sorted(keys, key=lambda e: (e.date is None, e.date or "", e.stem)), load)


def dossier_groups(letters: Letters) -> list[DossierGroup]:
    """Letters grouped by Kamerstuk dossier (one group however the number is spaced), by dossier
    number, oldest to newest within a dossier; letters without a dossier in a last group."""
    groups: dict[str, list[Any]] = {}
    unfiled: list[Any] = []
    for key in letters.keys:
        if key.dossier is None:
            unfiled.append(key)
        else:
            groups.setdefault(dossier_id(key.dossier) or key.dossier, []).append(key)
    out = [DossierGroup(keys[0].dossier, _oldest_first(keys, letters.load))
           for _, keys in sorted(groups.items(), key=lambda kv: _dossier_key(kv[0]))]
    if unfiled:
        out.append(DossierGroup(None, _oldest_first(unfiled, letters.load)))
    return out
