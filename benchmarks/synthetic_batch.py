"""The synthetic batch of ``make bench-batch`` (benchmarks/bench_batch.py): plain-text letters generated
deterministically from the sample letters, each with its own letter head, section mix and varied
sentences (see bench_batch's docstring for why they look the way they do)."""

from __future__ import annotations

import random
import re
import textwrap
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from pipeline.config import Config
from pipeline.engines.local import analyse
from pipeline.errors import InputError
from pipeline.stages.resources import Resources
from pipeline.text.months import DUTCH_MONTHS

# The PDF-extracted samples: a report without letter head (many sections) and a letter with one.
SOURCE_LETTERS = ("000_124582cb5ba853ae.txt", "004_verslag_formele_raad.txt")

# Letter-head variety: (office as in the Nr. line, sender line over the signature, signatory).
_SENDERS = (
    ("MINISTER VAN JUSTITIE EN VEILIGHEID", "De Minister van Justitie en Veiligheid", "A.J. Brouwer-Kempen"),
    ("MINISTER VAN BUITENLANDSE ZAKEN", "De Minister van Buitenlandse Zaken", "H.M. de Vries-Jansen"),
    ("STAATSSECRETARIS VAN JUSTITIE EN VEILIGHEID", "De Staatssecretaris van Justitie en Veiligheid",
     "E.L. Smit"),
    ("MINISTER VAN FINANCIËN", "De Minister van Financiën", "J.K. Visser"),
    ("MINISTER VAN DEFENSIE", "De Minister van Defensie", "M.C. Bakker"),
)
_DOSSIERS = ("32 317 JBZ-Raad", "21 501-20 Europese Raad",
             "21 501-02 Raad Algemene Zaken en Raad Buitenlandse Zaken", "21 501-28 Defensieraad",
             "21 501-07 Raad voor Economische en Financiële Zaken")
# Sections per letter: mostly short letters (relative weights); _LONG_SHARE of the letters are long.
_SECTION_COUNTS = (1, 2, 3, 4, 5, 6, 8)
_SECTION_WEIGHTS = (18, 22, 18, 14, 10, 8, 5)
_LONG_SECTIONS = (10, 16)  # the remaining 5 %: long letters
_LONG_SHARE = 0.05
_WRAP = 64  # line width, like the PDF-extracted samples (no hyphenation at the breaks)
# Words swapped per sentence, so no sentence repeats across letters (see _vary).
_SWAPS = 2
_SWAPPABLE = re.compile(r"(?<![\w.-])[a-zà-ÿ]{4,}(?![\w-])")  # lower-case words of 4+ letters
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(])")


@dataclass(frozen=True)
class SourceSection:
    """One section of a sample letter: its heading and its paragraphs' clean text."""

    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Pool:
    """What synthetic letters are made of: opening paragraphs and headed sections of the samples,
    and the samples' lower-case words (for _vary)."""

    openings: tuple[str, ...]
    sections: tuple[SourceSection, ...]
    words: tuple[str, ...]


def load_pool(letters_dir: Path, cfg: Config) -> Pool:
    """Read the sample letters with the pipeline's own ingest/segment and keep their clean text.

    Reading through ``analyse`` (rather than the raw files) drops page furniture, footnote markers
    and line-break hyphens, so the synthetic letters are clean text that ingest reads back as is.
    """
    resources = Resources.load(cfg)
    openings: list[str] = []
    sections: list[SourceSection] = []
    for name in SOURCE_LETTERS:
        path = letters_dir / name
        if not path.is_file():
            raise InputError("sample letter for the synthetic batch is missing", path=path, stage="bench-batch",
                             fix=f"pass --letters-dir pointing at a folder holding {', '.join(SOURCE_LETTERS)}")
        doc = analyse(path, cfg, resources)
        for section in doc.sections:
            paragraphs = tuple(p.text for p in section.paragraphs if p.text.strip())
            if not paragraphs:
                continue  # a parent heading without text of its own
            if section.heading is None:
                openings.extend(paragraphs)
            else:
                sections.append(SourceSection(section.heading, paragraphs))
    if not openings or len(sections) < max(_LONG_SECTIONS):
        raise InputError(f"the sample letters yield {len(openings)} opening paragraphs and {len(sections)} "
                         f"sections; the generator needs at least 1 and {max(_LONG_SECTIONS)}",
                         path=letters_dir, stage="bench-batch",
                         fix="use the project's data/kamerbrieven samples (--letters-dir)")
    texts = [*openings, *(p for section in sections for p in section.paragraphs)]
    words = tuple(sorted({m.group() for text in texts for m in _SWAPPABLE.finditer(text)}))
    return Pool(tuple(openings), tuple(sections), words)


def _vary(paragraph: str, rng: random.Random, words: tuple[str, ...]) -> str:
    """The paragraph with `_SWAPS` lower-case words of every sentence replaced by other words of the
    samples.

    The pipeline remembers every sentence it translated (the Translator's in-process memo, besides
    the persistent cache), so sentences repeated across letters would cost nothing after their first
    letter and the benchmark would time lookups. Swapping a few words keeps the text Dutch (function
    words, numbers, names and punctuation stay; sentence boundaries do not move) and makes each
    sentence practically unique: translation costs what it costs on a real letter.
    """
    out = []
    for sentence in _SENTENCE_BREAK.split(paragraph):
        spans = [m.span() for m in _SWAPPABLE.finditer(sentence)]
        for start, end in sorted(rng.sample(spans, min(_SWAPS, len(spans))), reverse=True):
            sentence = sentence[:start] + rng.choice(words) + sentence[end:]
        out.append(sentence)
    return " ".join(out)


def _wrap(text: str) -> str:
    return textwrap.fill(text, _WRAP, break_long_words=False, break_on_hyphens=False)


def synthetic_letter(pool: Pool, index: int, seed: int = 0) -> str:
    """Letter number `index` of the synthetic batch: the same text for the same pool, index and seed.

    Each letter has its own generator (seeded from `seed` and `index`), so letter *i* does not
    depend on how many letters are generated.
    """
    rng = random.Random(seed * 1_000_003 + index)
    office, sender, signatory = rng.choice(_SENDERS)
    day = date(2023, 1, 2) + timedelta(days=rng.randrange(700))
    session = f"{day.year - 1}–{day.year}" if day.month < 9 else f"{day.year}–{day.year + 1}"
    blocks = ["Tweede Kamer der Staten-Generaal\nVergaderjaar " + session, rng.choice(_DOSSIERS),
              f"Nr. {100 + index} BRIEF VAN DE {office}",
              "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal",
              f"Den Haag, {day.day} {DUTCH_MONTHS[day.month - 1]} {day.year}"]

    def add(paragraphs: tuple[str, ...]) -> None:
        blocks.extend(_wrap(_vary(p, rng, pool.words)) for p in paragraphs)

    if index == 0:  # the longest letter: every opening, every section in full (see generate_batch)
        add(pool.openings)
        for section in rng.sample(pool.sections, len(pool.sections)):
            blocks.append(section.heading)
            add(section.paragraphs)
    else:
        add((rng.choice(pool.openings),))
        if rng.random() < _LONG_SHARE:
            n_sections = rng.randint(*_LONG_SECTIONS)
        else:
            n_sections = rng.choices(_SECTION_COUNTS, weights=_SECTION_WEIGHTS)[0]
        for section in rng.sample(pool.sections, n_sections):
            count = rng.randint(1, len(section.paragraphs))
            start = rng.randrange(len(section.paragraphs) - count + 1)
            blocks.append(section.heading)
            add(section.paragraphs[start:start + count])
    blocks.append(f"{sender},\n\n\n{signatory}")
    return "\n\n".join(blocks) + "\n"


def letter_name(index: int) -> str:
    return f"synthetic_{index:05d}.txt"


def generate_batch(pool: Pool, folder: Path, n: int, seed: int = 0) -> list[Path]:
    """Write letters 0..n-1 into `folder` (emptied of earlier synthetic letters first).

    Letter 0 is the longest letter the generator makes (every paragraph of the pool), so every
    batch size holds it: memory that depends on the largest letter is then the same in each batch,
    and a difference in peak RSS between sizes can only come from the number of letters.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("synthetic_*.txt"):
        old.unlink()
    paths = []
    for i in range(n):
        path = folder / letter_name(i)
        path.write_text(synthetic_letter(pool, i, seed), encoding="utf-8")
        paths.append(path)
    return paths
