"""How a footnote's text so far ends: finished (a stop, a complete reference, a link) or calling for
more (a reference label, an unfinished Kamerstuk number, a URL broken at its own hyphen, a comma).
`footnotes.py` asks this wherever a line might go on a note, on the same page or the next."""

from __future__ import annotations

import re

from pipeline.stages.ingest.textshape import ADDRESS_GOES_ON, URLISH, url_goes_on

# A reference that ends on its number's label: its number follows (`Kamerstuk 29 023, nr.` | `460`).
# The official journals are cited by name, year and number (`Stcrt.` | `2024, 10432`, `Stb. 2023,
# 45`, `Trb.`): their abbreviation calls for the year as much as `nr.` for its number. A label is a
# word of its own: `J.P.` ends on a name's initials.
REFERENCE_LABEL_END = re.compile(r"(?<![\w.])(?:nr|nrs|blz|p|pp|art|stcrt|stb|trb)\.$", re.IGNORECASE)
# A Kamerstuk citation that broke off before its number was complete: `Kamerstuk` alone, with the
# first digit group of a dossier number (Dutch digit grouping: `22 112`), or with the number and
# the hyphen of a sub-dossier (`21 501-` | `20`). A citation names its dossier and number, so the
# rest of the number follows.
CITATION_OPEN = re.compile(r"\bKamerstuk(?:ken)?(?:\s+\d{1,3}(?:\s\d{3}-)?)?$", re.IGNORECASE)
# A reference that ends on its number, with or without a remark in brackets after it: the citation
# is complete (`Kamerstuk 21 501-32, nr. 1615`, `nr. 872 (verslag van … 28 februari 2024)`).
REFERENCE_COMPLETE = re.compile(r"\bnrs?\.\s?\d+[a-z]?(?:\s\([^()]*\))?$", re.IGNORECASE)


# A web citation's host in brackets, as a link's text gives it ("… – Consilium (europa.eu)"): like
# a URL, the last element of its note.
LINK_HOST = re.compile(r"\((?:www\.)?(?:[a-z0-9-]+\.)+[a-z]{2,}\)$", re.IGNORECASE)


# The dash a link's text sets between a page's title and its site ("Special European Council –
# Consilium (europa.eu)").
TITLE_DASHES = frozenset({"–", "—", "-"})


def ends_in_link(text: str) -> bool:
    """Whether a note's text so far ends in a URL or a bracketed host: then the note is finished
    (unless the URL broke at its own hyphen, `url_broken`)."""
    words = text.split()
    return (bool(words) and not url_broken(text)
            and (URLISH.fullmatch(words[-1]) is not None or LINK_HOST.search(words[-1]) is not None))


def url_broken(text: str) -> bool:
    """Whether `text` ends inside a URL broken at a sign it never ends on (`https://home-`,
    `textshape.ADDRESS_GOES_ON`); typesetters break a long URL there without adding a hyphen (one
    would change the address): its rest follows on the next line."""
    words = text.split()
    return bool(words) and words[-1][-1] in ADDRESS_GOES_ON and URLISH.fullmatch(words[-1]) is not None


def broken_off(text: str) -> bool:
    """Whether a note's text so far stops where no text ends: on a comma, or on a hyphen after a
    letter (a word broken at the line end, or an elision whose other part follows)."""
    text = text.rstrip()
    return text.endswith(",") or len(text) > 1 and text.endswith("-") and text[-2].isalpha()


def open_brackets(text: str) -> int:
    """How many round brackets `text` leaves open (negative: closes more than it opens)."""
    return text.count("(") - text.count(")")


def closes(note: list[str], line: str) -> bool:
    """Whether `line`, read on from the note's lines `note`, visibly closes what the note left open.

    Brackets pair: a line that closes the bracket the note opened ("(verslag van … van 12" |
    "december 2023)"). A web citation's site after the dash a link's text sets before it, ending on
    its host ("Verklaring van Versailles –" | "Consilium (europa.eu)", "… 2023 – European" |
    "Commission (europa.eu)"). The rest of a URL broken at its own hyphen or after a slash
    (`https://home-` | `affairs.ec.europa.eu/…`, `textshape.url_goes_on`), and the remark in
    brackets a web citation closes with after its link (`(geraadpleegd op 22 januari 2024)`)."""
    last = note[-1]
    return (open_brackets(" ".join(note)) > 0 > open_brackets(line)
            or bool(TITLE_DASHES.intersection(last.split())) and ends_in_link(line)
            or url_goes_on(last, line)
            or ends_in_link(last) and line.startswith("(") and open_brackets(line) == 0 and line.endswith(")"))
