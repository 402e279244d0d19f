"""Links to a letter's official publication and its Kamerstuk dossier.

The official publication of a Kamerstuk lives on officielebekendmakingen.nl under an identifier built
from the dossier number (digits without their thin-space grouping, a budget chapter or sub-dossier
joined with a hyphen) and the ondernummer, e.g.
  36 512, nr. 7          -> https://zoek.officielebekendmakingen.nl/kst-36512-7.html
  21 501-02, nr. 2602    -> https://zoek.officielebekendmakingen.nl/kst-21501-02-2602.html
  31 444 XVI, nr. 6      -> https://zoek.officielebekendmakingen.nl/kst-31444-XVI-6.html
  35 261, B (Eerste Kamer) -> https://zoek.officielebekendmakingen.nl/kst-35261-B.html
(pages seen: zoek.officielebekendmakingen.nl/kst-34700-19.html, kst-21501-02-2602.html,
dossier/kst-31444-XVI-6.html, dossier/kst-36360-I-1.html, kst-35261-B.html).
"""

from __future__ import annotations

import re

from pipeline.document import Document

OFFICIAL_BASE = "https://zoek.officielebekendmakingen.nl/"

# A Kamerstuk citation as metadata writes it (pipeline.stages.ingest.metadata.kamerstuk_citation):
# "<dossier>[, <dossier> …], nr. <n>" or, for an Eerste Kamer stuk, "<dossier>, <LETTER>".
_NUMBER = re.compile(r",\s*(?:nr\.\s*(?P<nr>[0-9]+[A-Za-z]?)|(?P<letter>[A-Z]{1,3}))\s*$")
_DOSSIER = re.compile(r"^(?P<digits>\d[\d\s]*\d|\d)(?P<rest>(?:[\s-]+[0-9A-Z]+)*)$")


def dossier_of(kamerstuk: str | None) -> str | None:
    """The (first) dossier number of a Kamerstuk citation, as printed: '21 501-02, nr. 2891' -> '21 501-02'."""
    if not kamerstuk:
        return None
    head = _NUMBER.sub("", kamerstuk.strip())
    first = head.split(",")[0].strip()
    return first if _DOSSIER.match(first) else None


def dossier_id(dossier: str) -> str | None:
    """The dossier in publication-identifier form: '31 444 XVI' -> '31444-XVI', '21 501-02' -> '21501-02'."""
    m = _DOSSIER.match(dossier.strip())
    if not m:
        return None
    parts = [p for p in re.split(r"[\s-]+", m["rest"]) if p]
    return "-".join([re.sub(r"\s", "", m["digits"]), *parts])


def kamerstuk_url(kamerstuk: str | None) -> str | None:
    """The officielebekendmakingen.nl address of a Kamerstuk citation; None when it names no number."""
    if not kamerstuk:
        return None
    number = _NUMBER.search(kamerstuk.strip())
    dossier = dossier_of(kamerstuk)
    ident = dossier_id(dossier) if dossier else None
    if not number or not ident:
        return None
    return f"{OFFICIAL_BASE}kst-{ident}-{number['nr'] or number['letter']}.html"


def web_url(url: str | None) -> bool:
    """Whether an address read from a letter or a sidecar is a plain web address a page may link to
    (http/https only: a javascript: or data: address from a hostile page never becomes a link)."""
    return bool(url) and re.match(r"^https?://[^\s\"'<>`]+$", url, re.IGNORECASE) is not None


def official_url(doc: Document) -> str | None:
    """Where the letter is published: its known source address, the fetch record's, or one built from
    the Kamerstuk number (the letter's own, else the official record's). None when nothing says."""
    for known in (doc.metadata.url, doc.official.url if doc.official else None):
        if web_url(known):
            return known
    return kamerstuk_url(doc.metadata.kamerstuk) or (kamerstuk_url(doc.official.kamerstuk) if doc.official else None)


def letter_dossier(doc: Document) -> str | None:
    """The letter's Kamerstuk dossier number, as printed: from its own citation, else the official record."""
    own = dossier_of(doc.metadata.kamerstuk)
    if own:
        return own
    if doc.official is not None:
        return doc.official.dossier or dossier_of(doc.official.kamerstuk)
    return None
