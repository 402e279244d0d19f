"""Answers to written questions (`Antwoord op vragen van het lid …`): metadata and Vraag/Antwoord pairs.

A member's written questions and the government's answers are published as an appendix to the
Handelingen (`Aanhangsel Handelingen`), not as a Kamerstuk, and are laid out by a fixed convention:

    Vragen van het lid Erkens (VVD) aan de Minister van … over … (ingezonden 20 december 2024).
    Antwoord van Minister Uitermark (Binnenlandse Zaken en Koninkrijksrelaties) (ontvangen 4 februari 2025).
    Zie ook Aanhangsel Handelingen, vergaderjaar 2024–2025, nr. 1028.
    Vraag 1
    <the question>
    Antwoord 1
    <the answer>
    …

The intro lines are furniture: they give the questioners, the date of the questions, the answering
office and the date the answers were received (the document's date). Each `Vraag n` + `Antwoord n`
pair is one section headed `Vraag n`: the question's paragraphs, then the answer's; the label
`Antwoord n` is not body. The numbering is strictly sequential from 1, which is what tells the
labels from a sentence that happens to start with "Vraag" or "Antwoord".
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.document import Block

logger = logging.getLogger(__name__)

ANSWERS_TYPE = "antwoord op kamervragen"

# "Vraag 1", "Vraag 1:", "Vraag 12." — the label alone on its line (a question may follow after a colon).
QUESTION_LABEL = re.compile(r"^Vraag\s+(?P<n>\d{1,3})\s*(?:[:.]\s*(?P<rest>\S.*))?$")
# "Antwoord 1", "Antwoord op vraag 1:", "Antwoord 1: Ja."
ANSWER_LABEL = re.compile(r"^Antwoord(?:\s+op\s+vraag)?\s+(?P<n>\d{1,3})\s*(?:[:.]\s*(?P<rest>\S.*))?$",
                          re.IGNORECASE)

_DATE_WORDS = r"\d{1,2}\s+[a-z]+\.?\s+\d{4}"
# "Vragen van het lid Erkens (VVD) aan de Minister van … over … (ingezonden 20 december 2024)."
QUESTIONS_INTRO = re.compile(
    r"Vragen\s+van\s+(?:het\s+lid|de\s+leden)\s+(?P<names>.+?)(?:\s+aan\s+(?:de|het)\s+(?P<addressees>.+?))?"
    rf"(?:\s+over\s+(?P<subject>.+?))?\s*\(ingezonden\s+(?P<date>{_DATE_WORDS})\)\.?", re.IGNORECASE | re.DOTALL)
# "Antwoord van Minister Uitermark (Binnenlandse Zaken en Koninkrijksrelaties) (ontvangen 4 februari 2025)."
ANSWER_INTRO = re.compile(
    r"Antwoord\s+van\s+(?P<who>.+?)\s*\(ontvangen\s+(?P<date>" + _DATE_WORDS + r")\)\.?", re.IGNORECASE | re.DOTALL)
# The document's title as tweedekamer.nl and officielebekendmakingen.nl name answers ("Antwoord op vragen
# van het lid Erkens over …"), printed above the intro when a copy keeps it.
ANSWERS_TITLE = re.compile(r"^Antwoord\s+op\s+vragen\s+van\s+(?:het\s+lid|de\s+leden)\s+\S.*$", re.IGNORECASE | re.DOTALL)
# "Zie ook Aanhangsel Handelingen, vergaderjaar 2024–2025, nr. 1028."
SEE_ALSO = re.compile(r"Zie\s+ook\s+Aanhangsel\s+Handelingen\b[^.]*?nr\.\s*\d+\.?", re.IGNORECASE)
# "Mededeling van Minister X (ontvangen …)": the answers come later; a note, not body.
NOTICE = re.compile(r"Mededeling\s+van\s+.+?\(ontvangen\s+" + _DATE_WORDS + r"\)\.?", re.IGNORECASE | re.DOTALL)
# The office in "Antwoord van Minister Uitermark (Binnenlandse Zaken …)": the role, a surname, the portfolio.
_ANSWERING_OFFICE = re.compile(
    r"^(?P<role>Minister-President|Minister|Staatssecretaris)\s+(?P<name>[^(,]+?)\s*\((?P<portfolio>[^)]+)\)")
# Ministries (departments): their minister is "Minister van …"; a minister without a department
# ("Minister voor Klimaat en Energie") is "Minister voor …". A state secretary always serves a ministry.
MINISTRIES = ("Algemene Zaken", "Binnenlandse Zaken en Koninkrijksrelaties", "Buitenlandse Zaken", "Defensie",
              "Economische Zaken", "Economische Zaken en Klimaat", "Financiën", "Infrastructuur en Waterstaat",
              "Justitie en Veiligheid", "Landbouw, Natuur en Voedselkwaliteit",
              "Landbouw, Visserij, Voedselzekerheid en Natuur", "Onderwijs, Cultuur en Wetenschap",
              "Sociale Zaken en Werkgelegenheid", "Volksgezondheid, Welzijn en Sport", "Klimaat en Groene Groei",
              "Asiel en Migratie", "Volkshuisvesting en Ruimtelijke Ordening",
              # earlier cabinets' ministries, as older answers name them
              "Veiligheid en Justitie", "Justitie", "Infrastructuur en Milieu", "Verkeer en Waterstaat",
              "Economische Zaken, Landbouw en Innovatie", "Landbouw, Natuur en Voedselkwaliteit",
              "Volkshuisvesting, Ruimtelijke Ordening en Milieubeheer", "Onderwijs, Cultuur en Wetenschappen")


@dataclass
class AnswersHead:
    """What the intro of an answer to written questions says."""

    questioners: list[str] = field(default_factory=list)
    questions_date: str | None = None
    answers_date: str | None = None
    sender: str | None = None
    title: str | None = None


def question_labels(lines: list[str]) -> list[int]:
    """Indexes of the `Vraag n` / `Antwoord n` label lines when they form the sequence of an answer
    document (Vraag 1, Antwoord 1, Vraag 2, …: each number once, strictly in order); [] otherwise."""
    found: list[int] = []
    expected, expect_question = 1, True
    for i, line in enumerate(lines):
        text = line.strip()
        label = QUESTION_LABEL.match(text) if expect_question else ANSWER_LABEL.match(text)
        if label is None or int(label["n"]) != expected:
            continue
        found.append(i)
        if not expect_question:
            expected += 1
        expect_question = not expect_question
    # At least one complete pair, and no question left without its answer label.
    return found if len(found) >= 2 and len(found) % 2 == 0 else []


_HELD = "\x00"  # stands in for a held label: no letters, so no running line's or furniture's text


def keeping_question_labels(pages: list[list[str]],
                            drop: Callable[[list[list[str]]], list[list[str]]]) -> list[list[str]]:
    """`drop` (a page-furniture rule) applied to `pages` with the `Vraag n` / `Antwoord n` labels of
    an answer document held back. The labels are numbered 1, 2, 3 … down the text, so a label at
    the top of two pages looks like a running line whose number grows with the page; a label of
    the complete Vraag/Antwoord sequence (`question_labels`) is body structure, never furniture."""
    held = dict.fromkeys(question_labels([line for page in pages for line in page]))
    if not held:
        return drop(pages)
    k, masked = 0, []
    for page in pages:
        masked.append([])
        for line in page:
            if k in held:
                held[k], line = line, f"{_HELD}{k}"
            masked[-1].append(line)
            k += 1
    return [[held.get(int(line[1:]), line) if line[:1] == _HELD and line[1:].isdigit() else line for line in page]
            for page in drop(masked)]


def label_rest(text: str) -> str | None:
    """Text standing after a label on its line ("Antwoord 1: Ja." → "Ja."), or None."""
    m = QUESTION_LABEL.match(text.strip()) or ANSWER_LABEL.match(text.strip())
    return m["rest"] if m else None


def read_intro(text: str, parse_date: Callable[[str], str | None]) -> tuple[AnswersHead, str]:
    """Metadata from the intro before `Vraag 1`, and what is left of it (body text, rarely any).

    `parse_date` turns a Dutch date into ISO (metadata.py's, passed in: metadata imports this module)."""
    head = AnswersHead()
    # The intro's own `Vragen van` starts a sentence (capital V); the title's `vragen van` does not.
    for start in (x.start() for x in re.finditer(r"\bVragen\s+van\b", text)):
        if start and ANSWERS_TITLE.match(text[:start].strip()) and QUESTIONS_INTRO.match(text[start:]):
            head.title = " ".join(text[:start].split())
            text = text[start:]
            break
    m = QUESTIONS_INTRO.search(text)
    if m:
        head.questioners = split_names(m["names"])
        head.questions_date = parse_date(m["date"])
        text = text.replace(m[0], " ")
    m = ANSWER_INTRO.search(text)
    if m:
        head.answers_date = parse_date(m["date"])
        head.sender = answering_office(" ".join(m["who"].split()))
        text = text.replace(m[0], " ")
    for pattern in (SEE_ALSO, NOTICE):
        text = pattern.sub(" ", text)
    return head, " ".join(text.split())


def split_names(names: str) -> list[str]:
    """'Bouchallikh, Bromet en Kröger (allen GroenLinks)' → ['Bouchallikh', 'Bromet', 'Kröger']:
    the names as printed, the parties in brackets left out."""
    names = re.sub(r"\([^)]*\)", " ", " ".join(names.split()))
    parts = re.split(r"\s*,\s*|\s+en\s+", names)
    return [p.strip() for p in parts if p.strip()]


def answering_office(who: str) -> str | None:
    """'Minister Uitermark (Binnenlandse Zaken en Koninkrijksrelaties)' → 'Minister van Binnenlandse
    Zaken en Koninkrijksrelaties': the intro names the person and the portfolio; the sender is the office."""
    m = _ANSWERING_OFFICE.match(who)
    if m is None:
        return None
    portfolio = " ".join(m["portfolio"].split())
    if m["role"] == "Minister-President":
        return "Minister-President"
    joiner = "van" if m["role"] == "Staatssecretaris" or portfolio in MINISTRIES else "voor"
    return f"{m['role']} {joiner} {portfolio}"


def is_ministry_line(text: str) -> bool:
    """Whether a line is a ministry's bare name ("Ministerie van Infrastructuur en Waterstaat"): the
    running header/footer of the Rijkshuisstijl; a question or an answer is a sentence, never that."""
    name = " ".join(text.split())
    return name.startswith("Ministerie van ") and name.removeprefix("Ministerie van ") in MINISTRIES


def answer_blocks(paragraphs: list[tuple[list[str], list[int]]], join: Callable[[list[str]], str]) -> list[Block]:
    """Blocks of an answer document from its body paragraphs (lines and footnote refs, each label on
    a paragraph of its own): `Vraag n` is a level-1 heading, `Antwoord n` is dropped, everything
    else is a paragraph, so each pair becomes one section (question, then answer). A line that is
    only a ministry's name is the Rijkshuisstijl running header or footer left at a page's edge
    (`is_ministry_line`), never part of a question or an answer."""
    blocks: list[Block] = []
    for lines, refs in paragraphs:
        text = join(lines)
        if not text or (len(lines) == 1 and is_ministry_line(text)):
            continue
        label = len(lines) == 1 and label_rest(text) is None
        if label and QUESTION_LABEL.match(text):
            blocks.append(Block(kind="heading", text=text, level=1))
        elif not (label and ANSWER_LABEL.match(text)):
            blocks.append(Block(kind="paragraph", text=text, footnote_refs=list(refs)))
    return blocks
