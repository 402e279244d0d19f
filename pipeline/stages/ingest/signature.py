"""Signatures at a letter's end: a signer line (`De Minister van Buitenlandse Zaken,`) with the name
under it, on one line, wrapped by a narrow column, or several signatories. Part of the letter-head
reader (`letterhead.py`), which calls `take_one_line_signatures` and then `take_signature`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pipeline.stages.ingest.clean import Line
from pipeline.stages.ingest.metadata import (
    CLOSING, INITIALLED_NAME, SIGNATORY_NAME, SIGNER, SIGNER_BLOCK, document_type_from, is_sending_office,
    normalise_space, office_case, one_line_signature)
from pipeline.stages.ingest.textshape import NAME_PARTICLES, ends_sentence

if TYPE_CHECKING:
    from pipeline.stages.ingest.letterhead import LetterHead


def _is_name(text: str) -> bool:
    """A person's name on a line of its own: initialled ("M.C. van der Linden"), or a few words that
    are all capitalised or name particles ("Eelco Heinen"), unlike a wrapped sentence."""
    words = text.split()
    return bool(INITIALLED_NAME.match(text)) or (
        0 < len(words) <= 5 and all(w[:1].isupper() or w in NAME_PARTICLES for w in words)
        and SIGNATORY_NAME.match(text) is not None)


def _signer_role(lines: list[Line], i: int) -> str | None:
    """The office of the signer line lines[i] (as `office_case` writes it), or None.

    A signer line starts its paragraph or follows a closing formula or an earlier signature line,
    and ends in a comma. It is an office in any case, commas allowed (`SIGNER`: "de minister van
    Onderwijs, Cultuur en Wetenschap,"), or any wording the markup reader accepts (`SIGNER_BLOCK`)
    when an initialled name ("E.M. Verhoeven") follows it.
    """
    text = lines[i].text.strip()
    if not text.endswith(",") or len(text.split()) > 16:
        return None
    if i > 0 and lines[i - 1].paragraph == lines[i].paragraph:
        before = lines[i - 1].text.strip()
        if not (CLOSING.match(before) or _is_name(before) or SIGNER.match(before)):
            return None
    m = SIGNER.match(text)
    if m:
        return office_case(m.group("role"))
    following = lines[i + 1].text.strip() if i + 1 < len(lines) else ""
    if SIGNER_BLOCK.match(text) and INITIALLED_NAME.match(following):
        return office_case(text)
    return None


# A signer line that stops on the name's initials: "De Minister van Buitenlandse Zaken, D." (Dutch
# signatures give initials, then the surname).
_ENDS_IN_INITIALS = re.compile(r",\s+(?:[A-Z][a-z]{0,2}\.\s*)+$")


def _wraps_on(lines: list[Line], i: int) -> bool:
    """Whether lines[i]'s paragraph goes on in the next line."""
    return i + 1 < len(lines) and lines[i + 1].paragraph == lines[i].paragraph


def take_signature(lines: list[Line], head: LetterHead, window: int = 12) -> list[Line]:
    """Remove closing formulas and signatures among the last lines; record the signers as sender.

    A signature is a signer line (`_signer_role`: `De Minister van Buitenlandse Zaken,`)
    optionally followed by a short name line, directly or after a blank line; the offices become
    the sender ("office; office"), the names the signatory.
    """
    start = max(0, len(lines) - window)
    kept = lines[:start]
    signers: list[str] = []
    names: list[str] = []
    i = start
    while i < len(lines):
        text = lines[i].text.strip()
        role, width = _signer_role(lines, i), 1
        if role is None and _wraps_on(lines, i) and not text.endswith(","):
            # A narrow column wraps a long office ("de minister van Onderwijs, Cultuur en" /
            # "Wetenschap,"): the signer line is the two lines read as one.
            joined = Line(lines[i].paragraph, f"{text} {lines[i + 1].text.strip()}")
            role, width = _signer_role([*lines[:i], joined, *lines[i + 2:]], i), 2
            text = joined.text
        if role:
            j = i + width  # where a name line would stand
            following = lines[j].text.strip() if j < len(lines) else ""
            own_line = j + 1 >= len(lines) or lines[j + 1].paragraph != lines[j].paragraph
            named = bool(following) and len(following.split()) <= 6 and _signer_role(lines, j) is None and (
                INITIALLED_NAME.match(following) is not None
                or (SIGNATORY_NAME.match(following) is not None
                    and (lines[j].paragraph == lines[i].paragraph or own_line)))
            signers.append(role)
            if named:
                names.append(normalise_space(following))
            head.removed.extend(line.text for line in lines[i:j + (1 if named else 0)])
            i = j + (1 if named else 0)
            continue
        if CLOSING.match(text):
            head.removed.append(text)
            i += 1
            continue
        kept.append(lines[i])
        i += 1
    if signers:
        # Several signatories: their offices joined as a letter names them ("Minister van X en Minister van Y").
        head.sender = head.sender or " en ".join(signers)
        head.signatory = head.signatory or "; ".join(names) or None
    return kept


def take_one_line_signatures(lines: list[Line], head: LetterHead) -> list[Line]:
    """Remove one-line signatures ("De Minister van X, A.B. Name") wherever they stand: a covering
    letter signed before the report it covers has its signature mid-text. The first run of
    signatures (several signatories sign one under the other) names the sender."""
    kept: list[Line] = []
    offices: list[str] = []
    names: list[str] = []
    group_open = True  # still in the first run of signature lines
    sizes: dict[int, int] = {}
    for line in lines:
        sizes[line.paragraph] = sizes.get(line.paragraph, 0) + 1
    wrapped_on = False  # this line was read with the one before it (a wrapped signature)
    for index, line in enumerate(lines):
        if wrapped_on:
            wrapped_on = False
            continue
        following = lines[index + 1].text.strip() if index + 1 < len(lines) else ""
        # An office alone with a name under it is the two-line signature `take_signature` reads.
        alone = sizes[line.paragraph] == 1 and not _is_name(following)
        signature = one_line_signature(line.text, alone=alone)
        broken_name = _ENDS_IN_INITIALS.search(line.text.strip()) is not None and index + 1 < len(lines)
        if signature is None and (_wraps_on(lines, index) or broken_name):
            # A narrow column wraps a one-line signature inside the office or the name ("de minister
            # van Onderwijs, Cultuur en Wetenschap, R.W." / "de Jong"): read the two lines as one. A
            # signer line ending in initials was wrapped before the surname even where a reader
            # ended the paragraph there (a name is initials and a surname, never initials alone).
            together = sizes[line.paragraph] + (0 if _wraps_on(lines, index) else sizes[lines[index + 1].paragraph])
            signature = one_line_signature(f"{line.text.strip()} {following}", alone=together == 2)
            if signature is not None:
                head.removed.append(line.text.strip())
                line, wrapped_on = lines[index + 1], True
        if signature is None:
            if offices and group_open and sizes[line.paragraph] == 1 and _names_a_document(line.text):
                # The first line after a covering letter's signature, naming a document type, is the
                # title of the document it covers ("Geannoteerde agenda van de Raad …", "VERSLAG …").
                head.attached_titles.append(normalise_space(line.text))
            group_open = group_open and not offices
            kept.append(line)
            continue
        head.removed.append(line.text.strip())
        if group_open and is_sending_office(signature[0]):
            offices.append(signature[0])
            if signature[1]:
                names.append(signature[1])
    if offices:
        head.sender = " en ".join(offices)
        head.signatory = "; ".join(names) or None
    return kept


def _names_a_document(text: str) -> bool:
    """A title line of a document: it starts with a document type, is short and is no sentence."""
    text = normalise_space(text)
    return (document_type_from(text) is not None and len(text.split()) <= 25
            and text[-1:] not in ".,;:" and not ends_sentence(text))
