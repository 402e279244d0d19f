"""Generate data/kamerbrieven/004_verslag_formele_raad.txt and its gold annotation.

The letter is written for this project: a report of a formal Justice and Home Affairs Council
(JBZ-Raad) in the official Kamerstuk style. Its content, numbers, motion and signatory are
illustrative, not an actual letter. The script lays the clean content out the way PDF-to-text
extraction returns it, deliberately different from the real sample (000_…): a 62-character
measure, pages separated by form feeds (45 lines each), the running header
`Tweede Kamer, vergaderjaar 2023–2024, 32 317, nr. 874 <page>` on every page after the first, the
first-page letter head and the `kst-…`/ISSN/place block at the bottom of page 1, footnote markers
glued to the word or punctuation before them (`e-privacyrichtlijn4`, `kinderen.2`) with the notes at the bottom
of the page where the marker is, one paragraph that runs over a page break mid-sentence, and a
body line that starts with a number that is not a footnote (`2024 een nieuw voorstel`).

Line ends are hyphenated by a simple Dutch syllable rule (split a consonant cluster before its last
consonant, or before `ch`/`sch` or a muta-cum-liquida onset such as `pr`/`tr`/`kl`; vowel groups
such as `ie`, `ij`, `eu` are never split), with a few corrections where the rule goes against the
morphology (`ver-slag`, not `vers-lag`). A word with a real hyphen is broken only after that hyphen
(`privacy-` / `instellingen`, `NAVO-` / `landen`); a coordination (`asiel-` / `en`) can end a line.
In the content below `^n` is footnote marker n and `¦` forces a line break (inside a word: break
it there; at the start or end of a word: break before or after it), used to make sure the cases
the evaluation needs actually occur.

The gold annotation is written from the same clean content, so text and gold cannot drift apart:
sentences, footnotes and the line-break hyphenation cases come from the data and the layout; the
section levels, CAP topics and roles are the annotator's judgement, written down here.

    python3 scripts/make_sample_text.py            # writes the .txt
    python3 scripts/make_sample_text.py --gold     # also writes data/gold/004_verslag_formele_raad.gold.json

Deterministic, standard library only.
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEXT_OUT = ROOT / "data" / "kamerbrieven" / "004_verslag_formele_raad.txt"
GOLD_OUT = ROOT / "data" / "gold" / "004_verslag_formele_raad.gold.json"

WIDTH = 62  # characters per body line
NOTE_WIDTH = 84  # footnotes are set smaller: more characters per line
PAGE_LINES = 45  # lines per page, header and footnotes included
HYPHENATE_IF_SHORTER = 54  # only hyphenate when the line would otherwise end this short

DOSSIER, NR = "32 317", "874"
RUNNING = f"Tweede Kamer, vergaderjaar 2023–2024, {DOSSIER}, nr. {NR}"
HEAD = [
    "Tweede Kamer der Staten-Generaal",
    "Vergaderjaar 2023–2024",
    "",
    f"{DOSSIER} JBZ-Raad",
    "",
    f"Nr. {NR} BRIEF VAN DE MINISTER VAN JUSTITIE EN VEILIGHEID",
    "",
    "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal",
    "",
    "Den Haag, 12 maart 2024",
    "",
]
FIRST_PAGE_FOOT = ["kst-32317-874", "ISSN 0921 - 7371", "’s-Gravenhage 2024"]
CLOSING = [
    "De Minister van Justitie en Veiligheid,",
    "",
    "",
    "A.J. Brouwer-Kempen",
    "",
    "Bijlage: overzicht van de door de Raad aangenomen conclusies",
]

METADATA = {"title": "JBZ-Raad", "date": "2024-03-12", "document_type": "brief",
            "sender": "Minister van Justitie en Veiligheid", "kamerstuk": "32 317, nr. 874"}

FOOTNOTES = {
    1: "Kamerstuk 32 317, nr. 872 (verslag van het commissiedebat JBZ-Raad van 28 februari 2024)",
    2: "COM(2022) 209; zie ook het BNC-fiche, Kamerstuk 22 112, nr. 3453",
    3: "Motie Van der Meulen c.s., Kamerstuk 32 317, nr. 812",
    4: "Verordening (EU) 2021/1232 van het Europees Parlement en de Raad van 14 juli 2021 betreffende "
       "een tijdelijke afwijking van bepaalde bepalingen van Richtlijn 2002/58/EG, PbEU 2021, L 274",
    5: "https://www.eurojust.europa.eu/core-international-crimes-evidence-database",
    6: "Kamerstuk 22 112, nr. 3302",
    7: "https://home-affairs.ec.europa.eu/schengen-barometer-2024_en",
    8: "Kamerstuk 32 317, nr. 865 (verslag van de JBZ-Raad van 8 december 2023)",
}

# Sections in reading order: (heading, level, CAP topic, role, paragraphs); a paragraph is a list of
# sentences. Topics and roles are judgement calls (see NOTES).
SECTIONS: list[tuple[str | None, int, str | None, str | None, list[list[str]]]] = [
    (None, 1, "International Affairs", "introduction", [
        ["Hierbij bied ik u, mede namens de Staatssecretaris van Justitie en Veiligheid, het verslag aan van "
         "de formele Raad Justitie en Binnenlandse Zaken (JBZ-Raad) van 4 en 5 maart 2024 in Brussel.",
         "Op de eerste dag kwamen de ministers van Justitie bijeen, op de tweede dag de ministers van "
         "Binnenlandse Zaken en Migratie.",
         "Nederland werd vertegenwoordigd door ondergetekende en door de Staatssecretaris van Justitie en "
         "Veiligheid."],
        ["Het Belgisch voorzitterschap had de agenda toegespitst op dossiers die nog voor het einde van de "
         "zittingsperiode van het Europees Parlement moeten worden afgerond.",
         "Over de onderwerpen die uw Kamer tijdens het commissiedebat van 28 februari 2024 aan de orde "
         "stelde, wordt u hieronder per agendapunt geïnformeerd.^1"],
    ]),
    ("Justitie", 1, "Law and Crime", None, []),
    ("Verordening bestrijding seksueel kindermisbruik", 2, "Law and Crime", "mixed", [
        ["Het voorzitterschap gaf een toelichting op de stand van de onderhandelingen over de verordening "
         "ter voorkoming en bestrijding van seksueel misbruik van kinderen.^2",
         "De lidstaten zijn het nog altijd niet eens over de reikwijdte van de detectiebevelen die aanbieders "
         "van communicatiediensten kunnen krijgen.",
         "Het voorzitterschap stelde voor detectie in eerste instantie te beperken tot bekend en nieuw "
         "beeldmateriaal, en de detectie van grooming voorlopig buiten het voorstel te laten."],
        ["Nederland steunt het doel van de verordening volledig, maar heeft opnieuw benadrukt dat het "
         "voorstel geen afbreuk mag doen aan de vertrouwelijkheid van communicatie.",
         "In lijn met de motie Van der Meulen c.s.^3 kan het kabinet niet instemmen met detectie in diensten "
         "die end-to-end zijn versleuteld.",
         "Ook vroeg Nederland aandacht voor de standaard privacy-¦instellingen van gebruikers en voor de rol "
         "van het EU-centrum, dat meldingen moet beoordelen voordat zij bij de politie-¦eenheden "
         "terechtkomen."],
        ["Het voorzitterschap concludeerde dat verder technisch werk nodig is.",
         "De tijdelijke uitzondering op de e-privacyrichtlijn^4 die vrijwillige detectie door aanbieders "
         "mogelijk maakt, loopt op 3 augustus 2024 af.",
         "De Commissie heeft aangekondigd op korte termijn een voorstel te doen om deze uitzondering met "
         "twee jaar te verlengen, zodat er geen juridisch vacuüm ontstaat."],
    ]),
    ("Aansprakelijkheid voor misdrijven in Oekraïne", 2, "International Affairs",
     "report_of_discussion", [
        ["Tijdens de lunch spraken de ministers met de Oekraïense minister van Justitie over de vervolging "
         "van internationale misdrijven die sinds de Russische inval zijn gepleegd.",
         "Eurojust ondersteunt het gemeenschappelijk onderzoeksteam en beheert een databank met "
         "bewijsmateriaal over kerndelicten.^5",
         "Het internationaal centrum voor de vervolging van het misdrijf agressie, dat sinds juli 2023 bij "
         "Eurojust in Den Haag is gevestigd, is inmiddels volledig operationeel."],
        ["Nederland heeft het belang onderstreept van een speciaal tribunaal voor het misdrijf agressie en "
         "herhaald dat Nederland bereid is dit tribunaal te huisvesten.",
         "Verschillende lidstaten steunden deze inzet.",
         "De Commissie zegde toe de bijdrage van de EU-agentschappen aan het bewijsonderzoek te blijven "
         "financieren en de data-analyse door Eurojust verder te versterken."],
    ]),
    ("Digitalisering van de justitiële samenwerking", 2, "Law and Crime", "decision_or_outcome", [
        ["De Raad heeft zonder discussie ingestemd met het akkoord dat met het Europees Parlement is bereikt "
         "over de verordening inzake de digitalisering van de justitiële samenwerking in "
         "grensoverschrijdende zaken.^6",
         "Met deze verordening worden rechtbanken, parketten en justitie-experts verplicht om voor de "
         "onderlinge communicatie een beveiligd digitaal systeem te gebruiken.",
         "Nederland kon met het akkoord instemmen, omdat het voorziet in een overgangstermijn van vijf jaar, "
         "zodat de rechtspraak, het Openbaar Ministerie en het ministe¦rie voldoende tijd hebben om hun "
         "systemen aan te sluiten."],
    ]),
    ("Binnenlandse Zaken", 1, "Immigration", None, []),
    ("Situatie in het Schengengebied", 2, "Immigration", "report_of_discussion", [
        ["De ministers bespraken aan de hand van de Schengenbarometer van de Commissie de situatie aan de "
         "buitengrenzen en de tijdelijke controles aan de binnengrenzen.^7",
         "Op dit moment hebben acht lidstaten binnengrenscontroles ingesteld.",
         "De Commissie riep de lidstaten op deze controles zo kort mogelijk te houden en te zoeken naar "
         "alternatieven, zoals gezamenlijke politiepatrouilles in de grensregio's."],
        ["Verschillende lidstaten aan de oostgrens wezen op de aanhoudende instrumentalisering van migranten "
         "door Belarus en Rusland.",
         "Zij vroegen om meer steun van Frontex en om nauwe afstemming over de bewaking van de landgrens "
         "met de NAVO-¦landen in de regio.",
         "Nederland steunt de versterking van de buitengrenzen en draagt bij met extra grenswachters van de "
         "Koninklijke Marechaussee.",
         "Ook verwelkomde de Raad de toetreding van Bulgarije en Roemenië tot het Schengengebied voor de "
         "lucht- en zeegrenzen per 31 maart 2024."],
    ]),
    ("Uitvoering van het Asiel- en Migratiepact", 2, "Immigration", "dutch_position", [
        ["De Raad sprak over de uitvoering van het Asiel- en Migratiepact, waarover het Europees Parlement en "
         "de Raad in december 2023 een politiek akkoord hebben bereikt.^8",
         "De Commissie zal in juni een gemeenschappelijk uitvoeringsplan presenteren, waarna iedere lidstaat "
         "uiterlijk in december 2024 een nationaal uitvoeringsplan moet opstellen."],
        ["De Staatssecretaris heeft benadrukt dat de uitvoering van het pact voor Nederland een grote opgave "
         "is, die gevolgen heeft voor de gemeenten, de uitvoeringsorganisaties en het asiel-¦ en "
         "migratiebeleid als geheel.",
         "Zo moet de grensprocedure worden ingericht en moeten de opvang en de terugkeer daarop worden "
         "afgestemd.",
         "Nederland pleitte daarom voor voldoende financiële steun uit de EU-begroting en voor een "
         "realistische planning.",
         "De Staatssecretaris zal uw Kamer voor de zomer per brief informeren over de nationale uitvoering."],
    ]),
    ("Tijdelijke bescherming voor ontheemden uit Oekraïne", 2, "Immigration", "report_of_discussion", [
        ["De ministers spraken over de toekomst van de tijdelijke bescherming voor ontheemden uit Oekraïne, "
         "die eerder is verlengd tot 4 maart 2025.",
         "Een ruime meerderheid van de lidstaten, waaronder Nederland, steunde een verdere verlenging met "
         "een jaar.",
         "De Commissie kondigde aan uiterlijk in juni ¦2024 een nieuw voorstel te presenteren, waarin ook de "
         "overgang naar andere verblijfsvormen wordt uitgewerkt."],
        ["Nederland heeft gewezen op de druk op de gemeentelijke opvang en heeft gevraagd tijdig afspraken "
         "te maken over een gezamenlijke aanpak na afloop van de tijdelijke bescherming.",
         "Het kabinet zal uw Kamer over het voorstel informeren met een BNC-fiche."],
    ]),
    ("Bestrijding van drugscriminaliteit", 2, "Law and Crime", "decision_or_outcome", [
        ["De Raad nam conclusies aan over de aanpak van georganiseerde drugscriminaliteit en de weerbaarheid "
         "van de Europese havens.",
         "In de conclusies spreken de lidstaten af in de grootste havens gezamenlijke controles uit te voeren "
         "en de Europese havenalliantie, die in januari 2024 in Antwerpen van start ging, structureel te "
         "financieren.",
         "Nederland heeft samen met België, Frankrijk, Duitsland, Italië en Spanje aangedrongen op een "
         "steviger aanpak van corruptie in de logistieke keten en op betere informatie-uitwisseling tussen "
         "douane en politie."],
    ]),
]

NOTES = (
    "Written for this project by scripts/make_sample_text.py, which also writes this gold from the same "
    "clean content (sentences, footnotes, hyphenation cases come from the data and the layout; levels, topics "
    "and roles are the annotator's judgement). Layout differs from the real sample on purpose: 62-character "
    "lines, form-feed page breaks, running header with the page number at its end, first-page letter head "
    "and 'kst-…'/ISSN/'’s-Gravenhage 2024' block, closing, signature and 'Bijlage:' line (all furniture, not "
    "body). Metadata: the letter says of itself 'Nr. 874 BRIEF VAN DE MINISTER …', so document_type is "
    "'brief' although its content is the report of a Council meeting; the title is the dossier title "
    "'JBZ-Raad' from the line '32 317 JBZ-Raad' (the letter has no title of its own); kamerstuk in the form "
    "'32 317, nr. 874'. Sections: 'Justitie' and 'Binnenlandse Zaken' are level-1 parents directly followed "
    "by a level-2 heading, with paragraphs []; their topic is the one most of their children have (Law and "
    "Crime 2 of 3; Immigration 3 of 4). Topics: the intro (which only frames the EU Council meeting) and the "
    "Ukraine accountability section (international tribunal, Eurojust, crimes of aggression) are "
    "International Affairs; Schengen border controls, the migration pact and temporary protection are "
    "Immigration; drugs crime and the child-abuse regulation and judicial digitalisation are Law and Crime. "
    "Roles: the child-abuse section balances discussion, Dutch position and outcome/next steps = mixed; the "
    "pact section is mostly the Dutch (Staatssecretaris) position with one follow-up = dutch_position; "
    "digitalisation (Council approved the agreement) and drugs (Council adopted conclusions) = "
    "decision_or_outcome. Paragraphs follow the blank lines of the clean content; every paragraph that runs "
    "over a page break is one paragraph (pages 2, 3 and 5 start mid-sentence). Traps: 'in juni / 2024 een "
    "nieuw voorstel', '2024 in Brussel' and '2023 een politiek akkoord' are body lines starting with a "
    "number, not footnotes; 'c.s.3' is an abbreviation followed by a marker, not a sentence end; markers "
    "glued to a word or full stop ('geïnformeerd.1', 'kinderen.2', 'e-privacyrichtlijn4') are removed; "
    "'Openbaar Ministerie' and 'ministerie' both occur. In-line real hyphens ('justitie-experts', "
    "'data-analyse', 'informatie-uitwisseling', 'end-to-end', 'EU-agentschappen') stay."
)


# --- hyphenation ------------------------------------------------------------------------------

VOWELS = set("aeiouyáéíóúàèëïöüâêîôû")
ONSETS = {"bl", "br", "dr", "fl", "fr", "gl", "gr", "kl", "kr", "pl", "pr", "tr", "vl", "vr", "wr"}
# Where the simple rule breaks against the morphology, the break points of the word (lower case).
EXCEPTIONS = {
    "verslag": ["ver"],
    "bestrijding": ["be", "bestrij"],
    "overgangstermijn": ["over", "overgangs", "overgangster"],
    "verblijfsvormen": ["ver", "verblijfs", "verblijfsvor"],
    "uitvoeringsplan": ["uit", "uitvoe", "uitvoerings"],
    "binnengrenscontroles": ["bin", "binnen", "binnengrens", "binnengrenscon", "binnengrenscontro"],
    "grensoverschrijdende": ["grens", "grensover", "grensoverschrij"],
    "commissiedebat": ["com", "commis", "commissie", "commissiede"],
    "ondergetekende": ["onder", "onderge", "ondergete", "ondergeteken"],
    "instrumentalisering": ["instru", "instrumen", "instrumenta", "instrumentali", "instrumentalise"],
    "bewijsmateriaal": ["bewijs", "bewijsma", "bewijsmate"],
    "drugscriminaliteit": ["drugs", "drugscri", "drugscrimi", "drugscrimina", "drugscriminali"],
    "zittingsperiode": ["zittings", "zittingspe", "zittingsperi"],
    "gezamenlijke": ["ge", "geza", "gezamen"],
    "gemeenschappelijk": ["gemeen", "gemeenschap", "gemeenschappe"],
    "onderzoeksteam": ["onder", "onderzoeks"],
    "bewijsonderzoek": ["bewijs", "bewijsonder"],
}

if any(not word.startswith(p) for word, parts in EXCEPTIONS.items() for p in parts):
    raise ValueError("EXCEPTIONS: a break point is not a prefix of its word")


def _breaks(word: str) -> list[int]:
    """Syllable break points inside a plain word (offsets where the second part starts)."""
    lower = word.lower()
    if lower in EXCEPTIONS:
        return [len(p) for p in EXCEPTIONS[lower]]
    vowel = [c in VOWELS for c in lower]
    for k in range(1, len(lower)):
        if lower[k] == "j" and lower[k - 1] == "i":  # ij is one vowel
            vowel[k] = True
    points = []
    k = 0
    while k < len(lower):
        if vowel[k]:
            k += 1
            continue
        start = k
        while k < len(lower) and not vowel[k]:
            k += 1
        if start == 0 or k == len(lower):
            continue  # leading or trailing consonants
        run = lower[start:k]
        if len(run) == 1:
            cut = start
        elif run.endswith("sch"):
            cut = k - 3
        elif run.endswith("ch") or run[-2:] in ONSETS:
            cut = k - 2
        else:
            cut = k - 1
        points.append(max(cut, start))
    return [p for p in points if 3 <= p <= len(word) - 3]


_CORE = re.compile(r"^(?P<lead>[(\"']*)(?P<core>.*?)(?P<trail>[.,;:)\"'?!]*)$")


def _split_options(token: str) -> list[int]:
    """Where a rendered token may be split at a line end: offsets into the token of the second part."""
    if re.search(r"\d|/|@|\^", token):
        return []
    m = _CORE.match(token)
    lead, core = m.group("lead"), m.group("core")
    if "-" in core.strip("-"):  # a word with a real hyphen breaks only after it
        return [len(lead) + i + 1 for i, c in enumerate(core) if c == "-" and 3 <= i < len(core) - 3]
    if len(core) < 8 or not core.isalpha() or core.isupper():
        return []
    return [len(lead) + p for p in _breaks(core)]


# --- layout -----------------------------------------------------------------------------------

@dataclass
class Case:
    line_end: str
    next: str
    expected: str


@dataclass
class Line:
    text: str
    kind: str  # "furniture", "heading", "body", "blank"
    markers: list[int] = field(default_factory=list)
    paragraph: int | None = None
    case: Case | None = None  # the hyphenation case when the line ends in "-"
    forced: bool = False  # ended by a `¦` hint


def _render(token: str) -> str:
    """The token as printed: markers glued as digits, hints dropped."""
    return re.sub(r"\^(\d+)", r"\1", token).replace("¦", "")


def _clean(text: str) -> str:
    """The text as the gold has it: markers and hints dropped."""
    return re.sub(r"\^\d+", "", text).replace("¦", "")


def _core(text: str) -> str:
    return _CORE.match(text).group("core")


def layout_paragraph(text: str, paragraph: int) -> list[Line]:
    """Greedy line filling with hyphenation; every line that ends in "-" gets its Case."""
    lines: list[Line] = []
    cur, cur_markers = "", []

    def close(forced: bool = False) -> None:
        nonlocal cur, cur_markers
        lines.append(Line(cur, "body", cur_markers, paragraph, forced=forced))
        cur, cur_markers = "", []

    for token in text.split():
        force_before = token.startswith("¦")
        force_after = token.endswith("¦") and not force_before
        inner = token.strip("¦")
        split_at = None
        if "¦" in inner:
            split_at = inner.index("¦")
            inner = inner.replace("¦", "")
        word, markers = _render(inner), [int(m) for m in re.findall(r"\^(\d+)", inner)]
        if force_before and cur:
            close(forced=True)
        too_long = bool(cur) and len(cur) + 1 + len(word) > WIDTH
        if split_at is not None or (too_long and len(cur) < HYPHENATE_IF_SHORTER):
            room = WIDTH - len(cur) - (1 if cur else 0)
            options = [split_at] if split_at is not None else _split_options(word)
            fitting = [p for p in options if p + (0 if word[p - 1] == "-" else 1) <= room]
            if fitting:
                p = max(fitting)
                first = word[:p] if word[p - 1] == "-" else word[:p] + "-"
                lead = len(_CORE.match(word).group("lead"))
                core = _core(word)
                cur = f"{cur} {first}".strip()
                close(forced=split_at is not None)
                lines[-1].case = Case(first[lead:], core[p - lead:], core)
                cur = word[p:]
                continue
            if split_at is not None:
                raise ValueError(f"forced break in {token!r} does not fit after {cur!r}")
        if too_long:
            close()
        cur = f"{cur} {word}".strip()
        cur_markers += markers
        if force_after:
            close(forced=True)
    if cur:
        close()
    # A line ending in a coordination ("asiel-" / "en migratiebeleid").
    for k, line in enumerate(lines[:-1]):
        if line.case is None and line.text.endswith("-"):
            last, nxt = line.text.split()[-1], _core(lines[k + 1].text.split()[0])
            line.case = Case(last, nxt, f"{last} {nxt}")
    return lines


def _note_lines(n: int, text: str) -> list[str]:
    """A footnote wrapped at NOTE_WIDTH; no continuation line may start with a digit."""
    lines, cur = [], ""
    for w in f"{n} {text}".split():
        if cur and len(cur) + 1 + len(w) > NOTE_WIDTH:
            head, _, last = cur.rpartition(" ")
            if w[0].isdigit() and head:  # a line starting with a digit would read as a new footnote
                lines.append(head)
                cur = f"{last} {w}"
            else:
                lines.append(cur)
                cur = w
        else:
            cur = f"{cur} {w}".strip()
    lines.append(cur)
    return lines


def _note_block(lines: list[Line]) -> list[str]:
    notes = [n for line in lines for n in line.markers]
    return [""] + [x for n in notes for x in _note_lines(n, FOOTNOTES[n])] if notes else []


@dataclass
class Layout:
    text: str
    pages: list[list[Line]]  # the body lines of each page (furniture included, header excluded)

    def body(self) -> list[tuple[int, Line]]:
        return [(i + 1, line) for i, page in enumerate(self.pages) for line in page if line.kind == "body"]


def build() -> Layout:
    """Lay the letter out and check that it shows what it must."""
    stream: list[Line] = [Line(t, "furniture" if t else "blank") for t in HEAD]
    paragraph = 0
    for heading, _level, _topic, _role, paragraphs in SECTIONS:
        if heading:
            if len(heading) > WIDTH:
                raise ValueError(f"heading too long: {heading!r}")
            stream += [Line(heading, "heading"), Line("", "blank")]
        for sentences in paragraphs:
            stream += layout_paragraph(" ".join(sentences), paragraph) + [Line("", "blank")]
            paragraph += 1
    stream += [Line("", "blank")] + [Line(t, "furniture" if t else "blank") for t in CLOSING]

    pages: list[list[Line]] = []
    texts: list[str] = []
    i = 0
    while i < len(stream):
        number = len(pages) + 1
        header = [] if number == 1 else [f"{RUNNING} {number}", ""]
        foot = [""] + FIRST_PAGE_FOOT if number == 1 else []
        page: list[Line] = []
        while i < len(stream):
            if not page and stream[i].kind == "blank" and number > 1:
                i += 1  # no blank line at the top of a page
                continue
            if len(header) + len(page) + 1 + len(_note_block(page + [stream[i]])) + len(foot) > PAGE_LINES:
                break
            page.append(stream[i])
            i += 1
        # Keep a heading with its text, and do not end a page on a hyphenated word.
        while i < len(stream) and page and (page[-1].kind in ("blank", "heading") or page[-1].case):
            page.pop()
            i -= 1
        if not page:
            raise ValueError(f"page {number}: nothing fits")
        pages.append(page)
        texts.append("\n".join(header + [line.text for line in page] + _note_block(page) + foot))
    layout = Layout("\n\f".join(texts) + "\n", pages)

    # Self-checks.
    ending = [x for x in layout.text.replace("\f", "\n").split("\n") if x.endswith("-")]
    cases = [line.case for page in pages for line in page if line.case]
    if len(ending) != len(cases):
        raise ValueError(f"{len(ending)} lines end in '-', but {len(cases)} hyphenation cases")
    order = [int(m) for _, _, _, _, ps in SECTIONS for s in ps for m in re.findall(r"\^(\d+)", " ".join(s))]
    if order != sorted(FOOTNOTES):
        raise ValueError(f"footnote markers out of order: {order}")
    body = layout.body()
    for line in [x for _, x in body if x.forced]:
        if len(line.text) < 45:
            raise ValueError(f"forced break leaves a short line: {line.text!r}")
    if not any(pa != pb and a.paragraph == b.paragraph and not a.text.endswith(".")
               for (pa, a), (pb, b) in zip(body, body[1:])):
        raise ValueError("no paragraph continues over a page break mid-sentence")
    if not any(x.text.startswith("2024 een nieuw voorstel") for _, x in body):
        raise ValueError("no body line starts with '2024 een nieuw voorstel'")
    return layout


def gold(layout: Layout) -> dict:
    cases = [line.case for page in layout.pages for line in page if line.case]
    return {
        "input": str(TEXT_OUT.relative_to(ROOT)),
        "origin": "written for this project",
        "format": "pdf-text",
        "annotator_notes": NOTES + " Line-end hyphenation (" + "; ".join(
            f"{c.line_end}/{c.next} → {c.expected}" for c in cases) + "): a real hyphen at the line end is kept "
            "(vowel clash 'privacy-instellingen', 'politie-eenheden'; capital compound 'NAVO-landen'), "
            "'asiel- / en' is a coordination, the others are syllable breaks to join.",
        "metadata": METADATA,
        "footnotes": [{"n": n, "text": t} for n, t in sorted(FOOTNOTES.items())],
        "sections": [{"heading": h, "level": level, "topic": topic, "role": role,
                      "paragraphs": [{"sentences": [_clean(s) for s in p]} for p in ps]}
                     for h, level, topic, role, ps in SECTIONS],
        "hyphenation": [{"line_end": c.line_end, "next": c.next, "expected": c.expected} for c in cases],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", action="store_true", help=f"also write {GOLD_OUT.relative_to(ROOT)}")
    parser.add_argument("--stats", action="store_true", help="print counts and the hyphenation cases")
    args = parser.parse_args()
    layout = build()
    TEXT_OUT.write_text(layout.text, encoding="utf-8")
    print(f"wrote {TEXT_OUT.relative_to(ROOT)} ({len(layout.pages)} pages)")
    g = gold(layout)
    if args.gold:
        GOLD_OUT.write_text(json.dumps(g, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {GOLD_OUT.relative_to(ROOT)}")
    if args.stats:
        paragraphs = [p for s in g["sections"] for p in s["paragraphs"]]
        words = sum(len(x.split()) for s in g["sections"] for x in [s["heading"] or ""] +
                    [t for p in s["paragraphs"] for t in p["sentences"]])
        print(f"sections {len(g['sections'])}, paragraphs {len(paragraphs)}, "
              f"sentences {sum(len(p['sentences']) for p in paragraphs)}, footnotes {len(g['footnotes'])}, "
              f"hyphenation {len(g['hyphenation'])}, body words {words}")
        for c in g["hyphenation"]:
            print(f"  {c['line_end']} | {c['next']} -> {c['expected']}")


if __name__ == "__main__":
    main()
