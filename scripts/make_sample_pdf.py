"""Generate data/kamerbrieven/001_sample_letter.pdf: a short letter in the official Kamerbrief style.

The letter is written for this project (its content is illustrative, not an actual letter). It
has what real Kamerstuk PDFs have and what ingest must handle: a running header on every page, page
numbers, the letter head (`Nr. 7 BRIEF VAN ...`, salutation, `Den Haag, <date>`), headed
sections, paragraphs that cross a page break, superscript footnote markers with footnotes at the
page bottoms, line-end hyphenation (words to join, compounds that keep their hyphen) and a
signature. Lines are broken here, by hand, so the hyphenation is exactly what the text says.

Deterministic: same fpdf2 version → same bytes.

    .venv/bin/python scripts/make_sample_pdf.py [OUT.pdf]
"""

from __future__ import annotations

import logging
import re
import sys
from datetime import datetime, timezone
from pathlib import Path

from fpdf import FPDF

OUT = Path(__file__).resolve().parent.parent / "data" / "kamerbrieven" / "001_sample_letter.pdf"

LEFT, RIGHT = 25.0, 25.0  # mm
TEXT_WIDTH = 210.0 - LEFT - RIGHT
BODY_TOP = 32.0
BODY_SIZE, LINE = 11.0, 5.4  # pt, mm between baselines
GAP = 3.6  # extra space between paragraphs (mm)
MARKER_SIZE, MARKER_RISE = 7.0, 1.6
NOTE_SIZE, NOTE_LINE = 8.0, 3.7
NOTE_BOTTOM = 276.0  # baseline of the last footnote line
PAGE_NUMBER_Y = 287.0
HEADER = "Tweede Kamer der Staten-Generaal"

# A page is a list of items: ("bold", text), ("line", text), ("gap",), plus its footnotes.
# "^n" after a word is the footnote marker n, set as a raised small digit glued to the word.
PAGES: list[dict] = [
    {
        "items": [
            ("bold", "36 512 Bescherming van kritieke onderzeese infrastructuur"),
            ("gap",),
            ("bold", "Nr. 7 BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN"),
            ("gap",),
            ("line", "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal"),
            ("gap",),
            ("line", "Den Haag, 31 januari 2024"),
            ("gap",), ("gap",),
            ("line", "Hierbij informeer ik uw Kamer, mede namens de Minister van Defensie en de Minister"),
            ("line", "van Economische Zaken en Klimaat, over de stand van zaken rond de bescherming van"),
            ("line", "kritieke onderzeese infrastructuur in de Noordzee. Met deze brief geef ik invulling"),
            ("line", "aan de toezegging die ik deed tijdens het commissiedebat van 12 december 2023.^1"),
            ("gap",),
            ("bold", "Dreigingsbeeld"),
            ("gap",),
            ("line", "Onder de Noordzee liggen pijpleidingen, stroomkabels en datakabels die van groot"),
            ("line", "belang zijn voor de energievoorziening en de digitale verbindingen van Nederland en"),
            ("line", "zijn buurlanden. De sabotage van de Nord Stream-pijpleidingen in september 2022 en"),
            ("line", "de schade aan een gasleiding en een datakabel in de Oostzee in oktober 2023 laten"),
            ("line", "zien dat deze infrastructuur kwetsbaar is. Het kabinet houdt er rekening mee dat"),
            ("line", "statelijke actoren bereid zijn deze verbindingen in een conflict te verstoren."),
            ("gap",),
            ("line", "De inlichtingen- en veiligheidsdiensten delen hun analyses met het ministe-"),
            ("line", "rie van Infrastructuur en Waterstaat en met de netbeheerders. Een snelle informatie-"),
            ("line", "uitwisseling tussen overheid en bedrijfsleven blijkt daarbij de beste bescherming"),
            ("line", "te bieden. Het kabinet heeft daarom in 2023 een gezamenlijk meldpunt ingericht,"),
            ("line", "waar netbeheerders verdachte activiteiten bij hun kabels en leidingen melden."),
            ("gap",),
            ("line", "Het kabinet ziet ook risico\u2019s bij de bouw van nieuwe windparken op zee. De kabels"),
            ("line", "die deze parken met het land verbinden, worden de komende jaren steeds belangrijker"),
            ("line", "voor de energievoorziening. Netbeheerder TenneT werkt daarom samen met de"),
            ("line", "Kustwacht en de Koninklijke Marine aan een beter beeld van de activiteiten op zee."),
            ("gap",),
            ("bold", "Samenwerking in EU- en NAVO-verband"),
            ("gap",),
            ("line", "Bescherming van deze infrastructuur vraagt om nauwe samenwerking met de buurlanden"),
            ("line", "en met de Europese partners. Nederland heeft zich in de Raad Buitenlandse Zaken"),
            ("line", "ingezet voor een snelle uitvoering van de richtlijn over de weerbaarheid van"),
        ],
        "notes": [(1, ["Kamerstuk 21 501-02, nr. 2812 (verslag van het commissiedebat van 12 december 2023)"])],
    },
    {
        "items": [
            ("line", "kritieke entiteiten en van de NIS2 richtlijn, die de lidstaten verplichten om risico\u2019s"),
            ("line", "voor vitale aanbieders in kaart te brengen en passende maatregelen te nemen.^2"),
            ("gap",),
            ("line", "Met Belgi\u00eb, Denemarken, Duitsland, Noorwegen en het Verenigd Koninkrijk is in"),
            ("line", "2023 afgesproken om gegevens over verdachte schepen sneller met elkaar te delen."),
            ("line", "Deze landen werken ook samen bij het in kaart brengen van de ligging van kabels en"),
            ("line", "leidingen op de zeebodem, zodat afwijkingen eerder kunnen worden opgemerkt."),
            ("gap",),
            ("line", "Binnen de NAVO heeft Nederland zich samen met Noorwegen en de andere NAVO-"),
            ("line", "bondgenoten ingezet voor een co\u00f6rdinatiecel voor onderzeese infrastructuur. Deze cel"),
            ("line", "is in 2023 op het militaire hoofdkwartier ingesteld en brengt militaire en civiele"),
            ("line", "kennis samen. Nederland levert een verbindingsofficier aan de staf van de Noord-"),
            ("line", "Atlantische Verdragsorganisatie in Mons, die zich richt op de bescherming van energie-"),
            ("line", "en telecomkabels op de bodem van de Noordzee en de Oostzee."),
            ("gap",),
            ("line", "Uw Kamer heeft het kabinet met de motie-Van der Berg c.s. verzocht om in Europees"),
            ("line", "verband te pleiten voor een gezamenlijke aanpak van de bescherming van kabels en"),
            ("line", "leidingen.^3 Het kabinet voert deze motie uit door het onderwerp te agenderen in de"),
            ("line", "Raad en door met de Europese Commissie te werken aan een overzicht van de meest"),
            ("line", "kwetsbare verbindingen in Europa."),
            ("gap",),
            ("bold", "Zee-ecosystemen en duurzaam gebruik van de Noordzee"),
            ("gap",),
            ("line", "De bescherming van infrastructuur op zee staat niet los van de bescherming van de"),
            ("line", "natuur. Bij de aanleg van kabels en windparken houdt het kabinet daarom rekening met"),
            ("line", "de gevolgen voor de bodemdieren, de vissen en de vogels in de kwetsbare zee-"),
            ("line", "ecosystemen van de Noordzee. Nederland pleit er in internationale organisaties voor"),
            ("line", "om bij het monitoren van de zeebodem ook gegevens over de natuur te verzamelen,"),
            ("line", "zodat schade aan kabels en schade aan de natuur met dezelfde middelen kan worden"),
            ("line", "gevolgd. Zo kan ook het effect van nieuwe kabels op de natuur beter worden onder-"),
        ],
        "notes": [
            (2, ["Richtlijn (EU) 2022/2557 betreffende de weerbaarheid van kritieke entiteiten en Richtlijn",
                 "(EU) 2022/2555 (NIS2) over maatregelen voor een hoge gemeenschappelijke cyberbeveiliging"]),
            (3, ["Motie van het lid Van der Berg c.s. over onderzeese kabels, Kamerstuk 36 512, nr. 4"]),
        ],
    },
    {
        "items": [
            ("line", "zocht. Het Noordzeeoverleg heeft dit onderwerp opgenomen in zijn werkagenda voor"),
            ("line", "2024.^4 De Staatssecretaris van Infrastructuur en Waterstaat informeert uw Kamer"),
            ("line", "hierover voor de zomer in een afzonderlijke brief."),
            ("gap",),
            ("line", "Het kabinet organiseert samen met de netbeheerders, de Kustwacht en de Marine op"),
            ("line", "4 april 2024 een oefening waarin een storing aan een stroomkabel naar een windpark"),
            ("line", "op zee wordt nagespeeld. De uitkomsten worden met de buurlanden gedeeld."),
            ("gap",),
            ("bold", "Vervolg"),
            ("gap",),
            ("line", "Het kabinet blijft de dreiging tegen onderzeese infrastructuur nauwlettend volgen en"),
            ("line", "zal uw Kamer jaarlijks informeren over de voortgang van de maatregelen die in deze"),
            ("line", "brief zijn beschreven. De eerstvolgende voortgangsbrief ontvangt uw Kamer in het"),
            ("line", "eerste kwartaal van 2025."),
            ("gap",), ("gap",),
            ("line", "De Minister van Buitenlandse Zaken,"),
            ("gap",), ("gap",), ("gap",),
            ("line", "M.C. van der Linden"),
        ],
        "notes": [(4, ["Zie https://www.noordzeeoverleg.nl/werkagenda-2024 (geraadpleegd op 22 januari 2024)"])],
    },
]


def _write_line(pdf: FPDF, y: float, text: str, style: str = "") -> None:
    """Write one line at baseline y; `^n` markers become small raised digits glued to the word."""
    x = LEFT
    for i, part in enumerate(re.split(r"\^(\d+)", text)):
        if i % 2:  # a marker
            pdf.set_font("Helvetica", style, MARKER_SIZE)
            pdf.text(x, y - MARKER_RISE, part)
            x += pdf.get_string_width(part)
        elif part:
            pdf.set_font("Helvetica", style, BODY_SIZE)
            pdf.text(x, y, part)
            x += pdf.get_string_width(part)
    if x - LEFT > TEXT_WIDTH + 0.5:
        raise ValueError(f"line too wide ({x - LEFT:.1f} mm > {TEXT_WIDTH} mm): {text!r}")


def build_pdf() -> bytes:
    """The sample letter as PDF bytes."""
    pdf = FPDF(format="A4", unit="mm")
    pdf.core_fonts_encoding = "windows-1252"  # ’ and – need cp1252, not latin-1
    pdf.set_auto_page_break(False)
    pdf.set_creation_date(datetime(2024, 1, 31, 12, 0, tzinfo=timezone.utc))
    pdf.set_title("Bescherming van kritieke onderzeese infrastructuur")
    pdf.set_author("Ministerie van Buitenlandse Zaken (voorbeeld)")
    for number, page in enumerate(PAGES, start=1):
        pdf.add_page()
        pdf.set_font("Helvetica", "", 9)
        pdf.text(LEFT, 15, HEADER)
        notes = page["notes"]
        note_lines = sum(len(lines) for _, lines in notes)
        notes_top = NOTE_BOTTOM - (note_lines - 1) * NOTE_LINE
        y = BODY_TOP
        for item in page["items"]:
            if item[0] == "gap":
                y += GAP
                continue
            _write_line(pdf, y, item[1], "B" if item[0] == "bold" else "")
            y += LINE
        if y - LINE > notes_top - 8:
            raise ValueError(f"page {number}: body runs into the footnotes")
        pdf.line(LEFT, notes_top - 5, LEFT + 50, notes_top - 5)
        pdf.set_font("Helvetica", "", NOTE_SIZE)
        y = notes_top
        for n, lines in notes:
            for j, line in enumerate(lines):
                text = f"{n}  {line}" if j == 0 else line
                x = LEFT if j == 0 else LEFT + pdf.get_string_width(f"{n}  ")
                pdf.text(x, y, text)
                y += NOTE_LINE
        pdf.set_font("Helvetica", "", 9)
        label = str(number)
        pdf.text(105 - pdf.get_string_width(label) / 2, PAGE_NUMBER_Y, label)
    return bytes(pdf.output())


def main(argv: list[str]) -> int:
    """Write the PDF to argv[0], or to data/kamerbrieven/001_sample_letter.pdf."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    out = Path(argv[0]) if argv else OUT
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(build_pdf())
    logging.getLogger(__name__).info("wrote %s", out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
