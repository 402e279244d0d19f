"""The publication XML of a Kamerstuk as officielebekendmakingen.nl serves it (`kst-<dossier>-<nr>.xml`):
`officiele-publicatie` with an optional `metadata` block of `meta` elements, then `kamerstuk` →
`kamerstukkop`, `dossier` (`dossiernummer/dossiernr`, `titel`), `stuk` (`stuknr` with `ondernummer`,
`titel` naming the kind and the sender) → `algemeen/brief` → `adres`, `dagtekening`, `tekst` with the
body, `ondertekening` (`functie`, `naam`).

The body: paragraphs are `al`; sections are `divisie` elements nested by level, each headed by
`kop/titel` (numbered headings may carry their number in `kop/nr`), or, drawn, the deepest level as a
`tussenkop` line inside its parent's `divisie`, as the schema allows; footnotes are `noot` elements
inline at their marker (`noot.nr`, `noot.al`). Element names from the op-xsd schema the publication
platform documents (technische-documentatie.oep.overheid.nl) and the kst pages' XML downloads, e.g.
https://zoek.officielebekendmakingen.nl/kst-34700-6.xml. No hyphenation: XML is not laid out in lines.
Drawn: metadata block or none, `tussenkop` or `divisie` for the deepest level, number in `kop/nr` or in
the title, pretty-printed with wrapped `al` text or on long lines, the signature's name split or not.
"""

from __future__ import annotations

import random
import re
import textwrap
from xml.sax.saxutils import escape, quoteattr

from pipeline.evaluate.layouts.flow import Block
from pipeline.evaluate.layouts.letter import dutch_date, parse_kamerstuk, signatories, vergaderjaar

_NUMBER = re.compile(r"^(\d+(?:\.\d+)*\.?)\s+(.+)$")


def _al(block: Block, wrap: int, indent: str) -> str:
    words = []
    for w in block.words:
        text = escape(w.text)
        for n in w.markers:
            text += (f'<noot id="n{n}" type="voet"><noot.nr>{n}</noot.nr>'
                     f'<noot.al>{{note{n}}}</noot.al></noot>')
        words.append(text)
    text = " ".join(words)
    if wrap:
        text = ("\n" + indent + "  ").join(textwrap.wrap(text, wrap, break_long_words=False,
                                                          break_on_hyphens=False))
    return f"{indent}<al>{text}</al>"


def _kop(heading: str, number_apart: bool) -> str:
    m = _NUMBER.match(heading)
    if number_apart and m:
        return f"<kop><nr>{escape(m.group(1))}</nr><titel>{escape(m.group(2))}</titel></kop>"
    return f"<kop><titel>{escape(heading)}</titel></kop>"


def render(gold: dict, blocks: list[Block], p: dict, rng: random.Random) -> bytes:
    meta = gold["metadata"]
    dossier, nr = parse_kamerstuk(meta["kamerstuk"])
    deepest = max((b.level for b in blocks if b.kind == "heading"), default=0)
    tussenkop = deepest > 1 and rng.random() < 0.5
    number_apart = rng.random() < 0.5
    wrap = rng.choice([0, rng.randint(70, 110)])
    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<officiele-publicatie xml:lang="nl">']
    if rng.random() < 0.6:
        metas = {"DC.title": meta["title"], "DC.type": "Kamerstuk", "DCTERMS.issued": meta["date"],
                 "OVERHEIDop.dossiernummer": dossier.replace(" ", ""), "OVERHEIDop.ondernummer": nr}
        out.append("  <metadata>")
        out += [f"    <meta name={quoteattr(k)} content={quoteattr(v)}/>" for k, v in metas.items()]
        out.append("  </metadata>")
    issuer = " EN ".join(f"DE {s.upper()}" for s in signatories(meta["sender"]))
    out += ["  <kamerstuk>", "    <kamerstukkop>",
            '      <tekstregel inhoud="kamer">Tweede Kamer der Staten-Generaal</tekstregel>',
            f'      <tekstregel inhoud="vergaderjaar">Vergaderjaar {vergaderjaar(meta["date"], rng)}</tekstregel>',
            "    </kamerstukkop>",
            f"    <dossier><dossiernummer><dossiernr>{escape(dossier)}</dossiernr></dossiernummer>"
            f"<titel>{escape(meta['title'])}</titel></dossier>",
            f"    <stuk><stuknr>Nr. <ondernummer>{escape(nr)}</ondernummer></stuknr>"
            f"<titel>BRIEF VAN {escape(issuer)}</titel>",
            "      <algemeen><brief>",
            "        <adres><adreslijn>Aan de Voorzitter van de Tweede Kamer der Staten-Generaal</adreslijn></adres>",
            f"        <dagtekening>Den Haag, {dutch_date(meta['date'])}</dagtekening>",
            "        <tekst>"]
    open_levels: list[int] = []
    for block in blocks:
        indent = "          " + "  " * len(open_levels)
        words = " ".join(w.text for w in block.words)
        if block.kind == "heading" and tussenkop and block.level == deepest:
            out.append(f"{indent}<tussenkop>{escape(words)}</tussenkop>")
        elif block.kind == "heading":
            while open_levels and open_levels[-1] >= block.level:
                open_levels.pop()
                out.append("          " + "  " * len(open_levels) + "</divisie>")
            indent = "          " + "  " * len(open_levels)
            out.append(f"{indent}<divisie>{_kop(words, number_apart)}")
            open_levels.append(block.level)
        elif block.kind == "label":
            out.append(f"{indent}<al><nadruk type=\"vet\">{escape(words)}</nadruk></al>")
        else:
            out.append(_al(block, wrap, indent))
    while open_levels:
        open_levels.pop()
        out.append("          " + "  " * len(open_levels) + "</divisie>")
    out.append("        </tekst>")
    for office in signatories(meta["sender"]):
        name = rng.choice(["A.G. de Vries", "M.C. Jansen", "E.M. van Dijk", "K.H. Bakker"])
        initials, _, surname = name.partition(" ")
        out.append(f"        <ondertekening><functie>De {escape(office)},</functie>"
                   f"<naam><voornaam>{initials}</voornaam> <achternaam>{escape(surname)}</achternaam></naam>"
                   "</ondertekening>")
    out += ["      </brief></algemeen>", "    </stuk>", "  </kamerstuk>", "</officiele-publicatie>"]
    text = "\n".join(out) + "\n"
    for note in gold["footnotes"]:  # the note texts, escaped, where their markers stand
        text = text.replace(f"{{note{note['n']}}}", escape(note["text"]))
    return text.encode("utf-8")
