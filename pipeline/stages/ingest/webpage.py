"""Text copied or saved from a web page: find the letter, drop the site around it, read the page's facts.

A browser copy of a tweedekamer.nl, zoek.officielebekendmakingen.nl or rijksoverheid.nl page holds
the letter between the site's own text: its navigation, the page title, buttons (`Preview
document`, `Naar boven`), its data blocks (`Kerngegevens`) and, on officielebekendmakingen, a metadata
table (`Datum publicatie | Organisatie | Vergaderjaar | Dossier- en ondernummer`) and the footnotes
in `Noot` blocks under the text. The rules, each from a convention of the sources:

* A published document starts at its own head: a Kamerstuk at its dossier line and `Nr. … BRIEF
  VAN …` line (the kamerstukkop opens every Kamerstuk), an answer to written questions at its
  `Vragen van het lid …` line. What stands before that is the page's, never the letter's; it may
  give the page title and the metadata table.
* tweedekamer.nl titles a page `<document kind> : <subject>` (`Brief regering : Voorbereiding …`),
  with a space before the colon, which Dutch typography never writes in running text.
* The site's buttons and labels are lines of their own with fixed wording (`SITE_LABELS`).
* Mirrors of these pages (berthub.eu/tkconv, opentk.nl, openkamer.org) head the document with its
  title, `Nummer: …, datum: <ISO date>`, `Onderdeel van kamerstukdossier <dossier> -<nr>` or
  `ID: <dossier>-<nr>`, and tweedekamer.nl's `Preview document` button stands right above the
  document where it has no head of its own.
* officielebekendmakingen numbers its footnotes 1, 2, 3 … under the text, each after a `Noot` label
  or its number alone on a line; a footnote block is only taken when its numbers run in sequence.

No boilerplate-removal library is used. trafilatura (2.3.1) was judged on officielebekendmakingen
page shapes (the 002 sample page, a kst page with its `div#noten` notes, an Aanhangsel page): it
keeps the running text and drops the navigation, but it drops every footnote text, leaves the
markers glued to their words (`gedaan.1`, `EPF1`), flattens h2/h3 and tussenkop levels to plain
lines and on the kst page drops the dossier and `Nr.` title lines (so the Kamerstuk and sender are
lost). The markup reader's own rules (content root, chrome classes and roles, note containers) keep
all of these, and a text copy has no HTML tree left for such a library to work on.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from pipeline.stages.ingest.questions import ANSWERS_TITLE, QUESTIONS_INTRO

logger = logging.getLogger(__name__)

# `<document kind> : <subject>`: tweedekamer.nl's page title (see the module docstring).
PAGE_TITLE = re.compile(r"^(?P<kind>[A-Z][\w'’()-]*(?:\s[\w'’()-]+){0,6})\s:\s+(?P<title>\S.*)$")
# Document kinds as tweedekamer.nl and officielebekendmakingen name them in a page title
# ("Brief regering; <subject>", "<dossier title>; Brief regering; <subject>").
PAGE_KINDS = ("Brief regering", "Brief commissie", "Brief Kamer", "Antwoord schriftelijke vragen",
              "Schriftelijke vragen", "Lijst van vragen en antwoorden", "Verslag van een schriftelijk overleg", "Verslag", "Motie",
              "Amendement", "Nota", "Brief", "Mededeling")
_KIND_TITLE = re.compile(
    rf"^(?:(?:Officiële titel\s+)?[^;]*;\s*)?(?P<kind>{'|'.join(PAGE_KINDS)})\s*;\s*(?P<title>\S.*)$")
# Labels of the officielebekendmakingen metadata table, in any order, glued, tab- or pipe-separated.
TABLE_LABELS = ("Datum publicatie", "Organisatie", "Vergaderjaar", "Dossier- en ondernummer", "Datum ontvangst",
                "Vergadernummer", "Datum vergadering", "Aanhangselnummer", "Datum indiening")
_TABLE_KAMERSTUK = re.compile(  # "2016-201734700 nr. 19", "| 2011-2012 | 28676 nr. 142 |"
    r"(?:\d{4}\s*[-–]\s*\d{4})?\s*\|?\s*(?P<dossier>\d{4,6}(?:-[A-Z0-9]+)?(?:\s+[IVXLC]{1,4})?)"
    r"\s*,?\s*nr\.\s*(?P<nr>\d+)")
# Lines that are the sites' own buttons, labels and taglines, whatever page they stand on.
SITE_LABELS = frozenset(label.casefold() for label in (
    "Preview document", "Naar boven", "Terug naar boven", "Kerngegevens", "Direct naar de inhoud",
    "Naar de inhoud", "Download", "Downloaden", "Download PDF", "Printen", "Print", "Delen", "Deel deze pagina",
    "Menu", "Zoeken", "Sluiten", "Terug", "U bent hier:", "U bent hier", "Home", "Inhoudsopgave",
    "Meer informatie", "Gerelateerde documenten", "Vergelijk documenten", "Permanente link", "Toon relaties",
    "Open document", "Bekijk document", "Volg dit dossier", "Abonneren", "Adressen en contactpersonen van "
    "overheidsorganisaties.", "Zoals vergunningen, bouwplannen en lokale regelgeving.",
    "Officiële bekendmakingen", "Overheid.nl", "Tweede Kamer der Staten-Generaal — Home",
    # the footer links of tweedekamer.nl, officielebekendmakingen.nl and rijksoverheid.nl
    "Over deze website", "Over deze site", "Privacy", "Privacyverklaring", "Cookies", "Toegankelijkheid",
    "Sitemap", "Copyright", "Contact", "Colofon", "Kwetsbaarheid melden", "Archief"))
# A copyright notice (`© Tweede Kamer der Staten-Generaal`) is the site's, never the letter's.
COPYRIGHT_LINE = re.compile(r"^(?:©|\(c\)|Copyright\b)", re.IGNORECASE)
# A page's link from a note back to its marker, printed after the note's text.
_BACKLINK = re.compile(r"\s*[↩↑⤴]\s*$")
# A tweedekamer.nl `Kerngegevens` block (document number, date, zaak) is the page's data about the
# document, printed after it: from that label on nothing is the letter's.
DATA_BLOCK_START = frozenset({"kerngegevens"})
# "Noot" above each note; "X Noot" where the copy keeps the close button of the page's note pop-up.
NOTE_LABEL = re.compile(r"^(?:X\s+)?(?:Noot|Noten|Voetnoten)$", re.IGNORECASE)
NOTE_NUMBER = re.compile(r"^(?:Noot\s+)?(?P<n>\d{1,3})$", re.IGNORECASE)
NOTE_INLINE = re.compile(r"^(?:Noot\s+)?(?P<n>\d{1,3})[.)]?\s+(?P<text>\S.*)$", re.IGNORECASE)
_NR_HEAD = re.compile(r"^Nr\.?\s*\d+\s+(?P<rest>\S.*)$", re.IGNORECASE)


@dataclass
class PageFacts:
    """What the page around the letter says about it."""

    title: str | None = None  # the page's own title ("Brief regering : <subject>" → "<subject>")
    kind: str | None = None  # the page's document kind ("Brief regering")
    dossier: str | None = None  # from the metadata table ("34700")
    nr: str | None = None
    date: str | None = None  # ISO; the document's date as a mirror page's metadata gives it
    footnotes: dict[int, str] = field(default_factory=dict)  # from the `Noot` blocks
    removed: list[str] = field(default_factory=list)


def _upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def letter_start(lines: list[str], is_head_line) -> int | None:
    """Index of the first line of the published document, or None when no document head is found.

    A Kamerstuk starts at its `Nr. <n> <TYPE IN CAPITALS>` line, or at the dossier and chamber lines
    directly above it (`is_head_line` tells those); an answer at `Vragen van het lid …`.
    """
    for i, line in enumerate(lines):
        text = line.strip()
        nr = _NR_HEAD.match(text)
        if nr and _upper(nr["rest"]):
            start = i
            while start > 0 and (not lines[start - 1].strip() or is_head_line(lines[start - 1].strip())):
                start -= 1
            while start < i and not lines[start].strip():
                start += 1
            return start
        if QUESTIONS_INTRO.match(text) or re.match(r"^Vragen\s+van\s+(?:het\s+lid|de\s+leden)\s", text):
            return i
    # Without a document head: tweedekamer.nl shows the document right under its `Preview document` button.
    preview = next((i for i, line in enumerate(lines) if line.strip().casefold().startswith("preview document")), None)
    if preview is not None:
        return preview + 1
    return _after_site_head(lines)


# A breadcrumb trail copied from a page: `Home > Kamerstukken > …` on one line, or one line per step
# numbered as the ordered list it is (`1. Home`, `2. Kamerstukken`, …); unnumbered steps cannot be
# told from the site's menu, and are left to the site labels.
_CRUMB_LINE = re.compile(r"^Home\s*[>›»/|]\s*\S", re.IGNORECASE)
_CRUMB_STEP = re.compile(r"^(?P<n>\d{1,2})[.)]?\s+\S")
_CRUMB_HOME = re.compile(r"^(?:1[.)]?\s+)?Home$", re.IGNORECASE)
# The first printed line of a ministry letter (Rijkshuisstijl): the return address above the addressee.
_RETURN_ADDRESS = re.compile(r"^>?\s*Retouradres\b")


def _after_site_head(lines: list[str]) -> int | None:
    """Where the document starts under a site's head in a page copy without a Kamerstuk or answers
    head: after the breadcrumb trail (its last step names the document itself), or at a ministry
    letter's return address when site lines stand above it. None when neither is there."""
    for i, line in enumerate(lines[:len(lines) // 2 + 1]):
        text = " ".join(line.split())
        if _RETURN_ADDRESS.match(text) and any(is_site_label(x) for x in lines[:i]):
            return i
        if _CRUMB_LINE.match(text):
            return i + 1
        if _CRUMB_HOME.match(text) and text[0].isdigit():
            end, expected = i + 1, 2
            while end < len(lines):
                step = _CRUMB_STEP.match(lines[end].strip())
                if step and int(step["n"]) == expected:
                    expected += 1
                elif lines[end].strip():
                    break
                end += 1
            if expected > 2:  # Home and at least one step under it
                return end
    return None


def is_site_label(text: str) -> bool:
    """A line that is one of the sites' buttons or labels (`SITE_LABELS`) or its copyright notice,
    wherever it stands."""
    text = " ".join(text.split())
    return text.casefold() in SITE_LABELS or bool(COPYRIGHT_LINE.match(text))


def read_table(lines: list[str], facts: PageFacts) -> set[int]:
    """Read the officielebekendmakingen metadata table (labels, then a row of values) among the
    page lines; return the indexes of its lines."""
    used: set[int] = set()
    i = 0
    while i < len(lines):
        text = lines[i]
        labels = sum(label.casefold() in text.casefold() for label in TABLE_LABELS)
        if labels == 0:
            i += 1
            continue
        # The labels: on one line (glued, tabs, pipes) or one per line.
        j = i
        while j + 1 < len(lines) and any(lines[j + 1].strip().casefold() == lab.casefold() for lab in TABLE_LABELS):
            j += 1
        if labels < 2 and j == i:
            i += 1
            continue
        used.update(range(i, j + 1))
        # The values: the short lines that follow (cells or one row), markdown rule lines included.
        k = j + 1
        while k < len(lines) and k <= j + 6 and len(lines[k].split()) <= 12:
            value = lines[k].strip()
            if not value or re.fullmatch(r"[-|:\s]+", value):
                used.add(k)
                k += 1
                continue
            m = _TABLE_KAMERSTUK.search(value)
            if m and facts.dossier is None:
                facts.dossier, facts.nr = " ".join(m["dossier"].split()), m["nr"]
            if not (m or re.search(r"\d|Kamer|Staten-Generaal|Ministerie", value)):
                break
            used.add(k)
            k += 1
        i = k
    return used


def page_title_subject(title: str) -> str:
    """A page or publication title's subject: 'Brief regering : X' and '<dossier>; Brief regering; X'
    give X; any other title is returned as it is."""
    text = " ".join(title.split())
    m = PAGE_TITLE.match(text) or _KIND_TITLE.match(text)
    return m["title"] if m else text


def read_page_head(lines: list[str], facts: PageFacts) -> None:
    """Page title and metadata table from the lines before the letter.

    The publication's official title (`Officiële titel <dossier>; <kind>; <subject>`) wins over the
    site's own page title, which may carry more (parlementairemonitor.nl appends ` - <dossier title>`).
    """
    used = read_table(lines, facts)
    official = False
    for i, line in enumerate(lines):
        text = " ".join(line.split())
        m = PAGE_TITLE.match(text) or _KIND_TITLE.match(text)
        if i in used or m is None:
            continue
        is_official = text.startswith("Officiële titel") and _KIND_TITLE.match(text) is not None
        if facts.title is None or (is_official and not official):
            facts.kind, facts.title, official = m["kind"], m["title"], is_official
    if facts.title is None:
        facts.title = _answers_title(lines)
    _read_mirror_head(lines, facts)
    facts.removed.extend(line for line in lines if line.strip())


def _answers_title(lines: list[str]) -> str | None:
    """The title of answers to written questions as the document or its page prints it above the
    intro (`Antwoord op vragen van het lid … over …`, questions.ANSWERS_TITLE), wrapped or not: the
    last such line and the lines after it up to a blank line."""
    starts = [i for i, line in enumerate(lines) if ANSWERS_TITLE.match(" ".join(line.split()))]
    if not starts:
        return None
    taken = []
    for line in lines[starts[-1]:starts[-1] + 3]:
        if not line.strip():
            break
        taken.append(line.strip())
    return " ".join(" ".join(taken).split())


# The head of a tkconv mirror page (berthub.eu/tkconv, opentk.nl): navigation links in brackets, the
# document's title, its dossier and kind, then "Nummer: 2024D51302, datum: 2024-12-19, …" and
# "Onderdeel van kamerstukdossier 21501 32-1691 …" (dossier with a space for its hyphen, then -nr).
_MIRROR_NAVIGATION = re.compile(r"^(?:\[[^\]]+\]\s*)+$")
_MIRROR_NUMBER = re.compile(r"^Nummer:\s*\d{4}D\d+,\s*datum:\s*(?P<date>\d{4}-\d{2}-\d{2})\b")
_MIRROR_DOSSIER = re.compile(
    r"^Onderdeel van kamerstukdossier\s+(?P<dossier>\d{5})(?:\s(?P<sub>[\dA-Z]+))?\s?-(?P<nr>\d+)\b")


# A mirror's document id above the letter: "Kamerstuk 34300-VII-60", "ID: 34300-VII-60" (openkamer.org).
_MIRROR_ID = re.compile(r"^(?:Kamerstuk|ID:)\s+(?P<dossier>\d{5}(?:-(?:[A-Z]+|\d{1,3}))?)-(?P<nr>\d+)$")


def _read_mirror_head(lines: list[str], facts: PageFacts) -> None:
    texts = [" ".join(line.split()) for line in lines]
    for text in texts:
        m = _MIRROR_ID.match(text)
        if m and facts.dossier is None:
            facts.dossier, facts.nr = m["dossier"], m["nr"]
    number = next((i for i, t in enumerate(texts) if _MIRROR_NUMBER.match(t)), None)
    if number is None:
        return
    facts.date = _MIRROR_NUMBER.match(texts[number])["date"]
    if facts.title is None:
        facts.title = next((t for t in texts[:number] if t and not _MIRROR_NAVIGATION.match(t)
                            and not is_site_label(t)), None)
    for text in texts[number:]:
        m = _MIRROR_DOSSIER.match(text)
        if m and facts.dossier is None:
            facts.dossier = m["dossier"] + (f"-{m['sub']}" if m["sub"] else "")
            facts.nr = m["nr"]


def read_note_block(lines: list[str], facts: PageFacts) -> int | None:
    """The footnotes printed under the text (`Noot` / number / text): read them into facts and
    return the index where the block starts, or None when there is no such block.

    The block is taken from its first note only when the notes are numbered 1, 2, 3 … in order.
    """
    for start in range(len(lines)):
        text = lines[start].strip()
        first = NOTE_NUMBER.match(text) or NOTE_INLINE.match(text)
        opens = NOTE_LABEL.match(text) or (first and text.lower().startswith("noot"))
        if not opens:
            continue
        notes = _read_notes(lines[start:])
        if notes:
            facts.footnotes = notes
            return start
    return None


def read_unlabelled_notes(lines: list[str], facts: PageFacts) -> int | None:
    """The notes a browser copy of a page prints under the letter without a `Noot` label: lines
    `1 …`, `1. …`, `1<tab>…` or a number line and a text line, numbered 1, 2, 3 … in order, and
    nothing after them but the site's own lines. Taken only when every note's marker stands in the
    text above, glued to a word as markers are (`Oekraïne.1`): a numbered list of the letter has none.
    Returns the block's first line, or None."""
    total = sum(len(line) + 1 for line in lines)
    for start in range(len(lines) - 1, 0, -1):
        if sum(len(line) + 1 for line in lines[:start]) < total / 2:
            break  # the notes follow the letter: in the text's second half (by characters)
        text = " ".join(lines[start].split())
        first = NOTE_NUMBER.match(text) or NOTE_INLINE.match(text)
        if first is None or int(first["n"]) != 1:
            continue
        notes = _read_notes(lines[start:])
        # In a copy each note is one line, or its number's line and one text line; a line more would
        # be the page's or the letter's, read into the last note.
        block = []
        for line in lines[start:]:
            t = " ".join(line.split())
            if t and (is_site_label(t) or t.casefold() in DATA_BLOCK_START):
                break
            block += [t] if t else []
        above = "\n".join(lines[:start])
        if not notes or len(block) not in (len(notes), 2 * len(notes)) or not all(
                re.search(rf"(?<=[^\s\d]){n}(?=[\s.,;:!?)»”’]|$)", above, re.MULTILINE) for n in notes):
            continue
        facts.footnotes = notes
        return start
    return None


def take_note_block(text: str) -> tuple[str, dict[int, str]]:
    """Cut a page's footnote block (`Noot` / number / text, under the letter) off raw text: the text
    before it and the notes. Done before the cleaning, which would read the bare note numbers as
    page numbers and the repeated `Noot` labels as running headers. Only in the text's second half
    (the notes follow the letter); everything after the notes is the page's."""
    lines = text.split("\n")
    facts = PageFacts()
    start = read_note_block(lines, facts)
    if start is None or start < len(lines) / 2:
        facts = PageFacts()
        start = read_unlabelled_notes(lines, facts) if _one_block_a_line(lines) else None
        if start is None:
            return text, {}
    logger.info("footnote block of a web page: %d notes", len(facts.footnotes))
    return "\n".join(lines[:start]), facts.footnotes


def _read_notes(lines: list[str]) -> dict[int, str]:
    """Notes numbered 1, 2, 3 … from the start of a note block. A `Noot` label opens the next note
    even when its number line is gone (a bare number line reads as a page number to the cleaning)."""
    notes: dict[int, list[str]] = {}
    expected = 1
    current: int | None = None
    fresh_label = False  # a `Noot` label just opened note `current`; its number line may follow
    for line in lines:
        text = " ".join(line.split())
        if not text:
            continue
        number = NOTE_NUMBER.match(text)
        inline = NOTE_INLINE.match(text)
        if NOTE_LABEL.match(text):
            current, expected, fresh_label = expected, expected + 1, True
            notes[current] = []
            continue
        if number and fresh_label and int(number["n"]) == current:
            fresh_label = False
            continue
        fresh_label = False
        if number and int(number["n"]) == expected:
            current, expected = expected, expected + 1
            notes[current] = []
            continue
        if inline and int(inline["n"]) == expected:
            current, expected = expected, expected + 1
            notes[current] = [inline["text"]]
            continue
        if current is None or is_site_label(text) or text.casefold() in DATA_BLOCK_START:
            break
        notes[current].append(text)
    if any(not parts for parts in notes.values()):
        return {}
    return {n: _BACKLINK.sub("", " ".join(parts)) for n, parts in notes.items()}


def _one_block_a_line(lines: list[str]) -> bool:
    """A page copied as text: no line wrapped (several lines longer than any printed column, 150
    characters), so a line is a block of the page, a note a line of its own."""
    return sum(len(line) > 150 for line in lines) >= 2


def remove_markers(text: str, numbers: list[int], start: int) -> tuple[str, list[int], int]:
    """Take footnote markers out of a line, strictly in sequence from `start`.

    A marker is the next expected number glued to the end of a word or to punctuation (`EMSA1`,
    `bericht»1?`, `leefomgeving.2`). Capitals do not protect it here (`COP28` stays only because 28
    is not the next footnote): the number must be the next of a footnote block read from the page.
    Returns the new text, the numbers taken and the next expected number.
    """
    taken: list[int] = []
    expected, pos = start, 0
    while expected in numbers:
        # Not after a hyphen: "COVID-19" and "F-35" are names with numbers.
        pattern = re.compile(rf"(?<=[^\s\d-]){expected}(?=[\s.,;:!?)»”’]|$)")
        m = pattern.search(text, pos)
        if m is None:
            break
        text = text[:m.start()] + text[m.end():]
        pos = m.start()
        taken.append(expected)
        expected += 1
    return text, taken, expected
