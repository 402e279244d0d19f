"""Generate the held-out structure-extraction set: data/gold/heldout/<name>.txt + <name>.gold.json.

Three letters written for this project (content, numbers, motions, references and signatories
are illustrative, not actual letters), each laid out as PDF-extracted text in a style that none
of the five development letters (data/gold/) uses, so that the set measures how the structure
rules carry over to layouts the pipeline has never seen:

* `ocw_lerarentekort` — a ministry letter (Minister of Education) on the teacher shortage:
  ministry letter head (`> Retouradres …`, addressee block, `Datum`, `Betreft`, `Onze referentie`,
  `Geachte voorzitter,`), numbered headings `1. Aanleiding` / `2.1 …` on two levels, a bulleted
  list without blank lines, 78-character lines, form feeds, the footer `Pagina N van M` on every
  page and `Onze referentie …` at the top of pages 2+, closing `Hoogachtend,` and a lower-case
  signer line whose office contains a comma (`de minister van Onderwijs, Cultuur en Wetenschap,`).
* `fin_toeslagen` — a Kamerstuk letter of the State Secretary for Finance on benefits
  (toeslagen) with NO headings and ten footnotes (one wrapping over two lines, numbering running
  across pages, a double marker `opnemen.7,8`, a marker after `c.s.`), 88-character lines, NO form
  feeds (pages joined by a blank line), a running Kamerstuk header whose page number stands at the
  START of the line on even pages and at the END on odd pages, sentence traps `m.i.v.` and a
  sentence-final `etc.`.
* `lnv_geannoteerde_agenda` — an annotated agenda for an Agriculture and Fisheries Council without
  any letter head (a two-line title with the meeting date), level-1 headings with a level-2 list of
  agenda items (one item heading long enough to wrap over two lines), 58-character lines, NO form
  feeds and a bare centred page number as the only page furniture.

Line ends are hyphenated by a simple Dutch syllable rule (split a consonant cluster before its last
consonant, or before `ch`/`sch` or an onset such as `pr`/`tr`/`kl`; vowel groups such as `ie`,
`ij`, `eu`, `oe` are never split), corrected for compounds by BREAKS (the word's own syllable
breaks). A vowel written with a diaeresis starts a syllable: at a line end the diaeresis is dropped
(`be-` / `eindigd` for beëindigd, `ge-` / `inventariseerd`, `financi-` / `ele`). A word with a real
hyphen breaks only after that hyphen (`EU-` / `lidstaten`, `po-` / `scholen`, `ex-` /
`toeslagpartner`, `gemeente-` / `initiatieven`); a coordination (`land-` / `en tuinbouw`) can end
a line. In the content `^n` is footnote marker n (`^7,8`: two markers), `~` a space at which a line
never breaks (`€~20.000`), and `¦` marks a preferred
line break (inside a word: break it there; at the end of a word: break after it) that is taken
when it falls near the right margin, so that the cases the set must contain actually occur; the
self-checks fail when one does not.

The gold annotation is written from the same content, so text and gold cannot drift apart; the
section levels, CAP topics, roles and metadata are the annotator's judgement, written down per
letter (NOTES).

    python3 scripts/make_heldout_letters.py           # writes the three .txt and .gold.json files
    python3 scripts/make_heldout_letters.py --stats   # also prints counts and hyphenation cases

Deterministic, standard library only.
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "data" / "gold" / "heldout"

# --------------------------------------------------------------------------------------------
# Hyphenation
# --------------------------------------------------------------------------------------------

VOWELS = set("aeiouyáéíóúàèëïöüâêîôû")
DIAERESIS = {"ë": "e", "ï": "i", "ö": "o", "ü": "u", "ä": "a"}
ONSETS = {"bl", "br", "dr", "fl", "fr", "gl", "gr", "kl", "kr", "pl", "pr", "tr", "vl", "vr", "wr"}
# A word's syllable breaks where the simple rule goes against the morphology (compounds,
# prefixes), written with "-" between the syllables.
BREAKS = {w.replace("-", ""): w for w in """
    le-ra-ren-op-lei-ding le-ra-ren-op-lei-din-gen le-ra-ren-te-kort ach-ter-stands-sco-re
    on-der-wijs-ach-ter-stand werk-ge-le-gen-heid over-we-gen be-ëin-digd ge-ïn-ven-ta-ri-seerd
    voort-gangs-brief voort-gangs-rap-por-ta-ge school-be-stu-ren school-lei-ders on-be-voeg-den
    on-der-wijs-as-sis-ten-ten werk-druk-mid-de-len mede-zeg-gen-schap ver-wor-ven arbeids-markt
    be-ge-lei-den be-ge-lei-ding ge-meen-ten in-ge-zet op-dracht
    toe-slagen-stel-sel huur-toe-slag zorg-toe-slag kin-der-op-vang-toe-slag toe-slag-part-ner
    te-rug-vor-de-ring te-rug-vor-de-rin-gen te-rug-vor-de-rings-grens be-ta-lings-pro-ble-men
    recht-heb-ben-den huis-hou-dens on-ver-wach-te op-vang-uren voor-schot loon-aan-gif-te
    in-ko-mens-af-han-ke-lij-ke ge-ëf-fec-tu-eerd ge-ge-vens-uit-wis-se-ling per-soons-ge-ge-vens
    fi-nan-cie-rings-stel-sel kin-der-op-vang-or-ga-ni-sa-ties uit-voe-rings-toet-sen ge-ïn-for-meerd
    af-schaf-fing be-re-ke-ning on-der-zoek uit-slui-tend na-druk-ke-lijk ge-con-sul-teerd
    ge-no-mi-sche tech-nie-ken on-der-han-de-lin-gen ge-kwa-li-fi-ceer-de eti-ket-te-ring
    die-ren-wel-zijn land-bouw-mark-ten land-bouw-be-drij-ven con-di-ti-o-na-li-teits-voor-waar-den
    brak-leg-ging ge-was-ro-ta-tie han-dels-maat-re-ge-len in-voer-rech-ten vangst-mo-ge-lijk-he-den
    vac-ci-na-tie-cam-pag-nes vec-tor-sei-zoen ad-mi-nis-tra-tie-ve ver-een-vou-di-ging
    ver-een-vou-di-gen voor-zit-ter-schap ori-ën-ta-tie com-pro-mis-tekst aan-vul-len-de
    steun-maat-re-ge-len vee-hou-de-rij kunst-mest be-spre-kin-gen slacht-die-ren ver-ede-laars
    land-bouw-be-leid vis-se-rij-raad vis-se-rij-ak-koor-den con-sul-ta-ties ge-ïn-for-meerd
    co-ör-di-na-tie fi-nan-ci-ë-le ver-slag ge-za-men-lijk uit-ein-de-lijk voor-stel-len voor-stan-der
    be-lang-rij-ke ver-ster-ken ver-schil-len-de
""".split()}
if any(w.replace("-", "") != k for k, w in BREAKS.items()):
    raise ValueError("BREAKS: key mismatch")


def _breaks(word: str) -> list[int]:
    """Syllable break points inside a plain word (offsets where the second part starts)."""
    lower = word.lower()
    if lower in BREAKS:
        points, k = [], 0
        for part in BREAKS[lower].split("-")[:-1]:
            k += len(part)
            points.append(k)
        return [p for p in points if 2 <= p <= len(word) - 3]
    vowel = [c in VOWELS for c in lower]
    for k in range(1, len(lower)):
        if lower[k] == "j" and lower[k - 1] == "i":  # ij is one vowel
            vowel[k] = True
    points = []
    for k in range(1, len(lower)):  # a diaeresis starts a syllable: be-ëindigd, financi-ële
        if lower[k] in DIAERESIS and vowel[k - 1]:
            points.append(k)
    k = 0
    while k < len(lower):
        if vowel[k]:
            k += 1
            continue
        start = k
        while k < len(lower) and not vowel[k]:
            k += 1
        if start == 0 or k == len(lower):
            continue
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
    return sorted(p for p in set(points) if 3 <= p <= len(word) - 3)


_CORE = re.compile(r"^(?P<lead>[(\"'‘]*)(?P<core>.*?)(?P<trail>[.,;:)\"'’?!]*)$")


def _split_options(token: str) -> list[int]:
    """Where a printed token may be split at a line end: offsets into the token of the second part."""
    m = _CORE.match(token)
    lead, core = m.group("lead"), m.group("core")
    if re.search(r"\d|/|@|€", core):
        return []
    if "-" in core.strip("-"):  # a word with a real hyphen breaks only after it
        return [len(lead) + i + 1 for i, c in enumerate(core) if c == "-" and 2 <= i < len(core) - 3]
    if len(core) < 7 or not core.isalpha() or core.isupper():
        return []
    return [len(lead) + p for p in _breaks(core)]


# --------------------------------------------------------------------------------------------
# Layout
# --------------------------------------------------------------------------------------------

MARKER = re.compile(r"\^(\d+(?:,\d+)*)")


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
    case: Case | None = None


def _render(token: str) -> str:
    return MARKER.sub(lambda m: m.group(1), token).replace("¦", "").replace("~", " ")


def _clean(text: str) -> str:
    """The text as the gold has it: markers and hints dropped, `~` (a space that never breaks) a space."""
    return MARKER.sub("", text).replace("¦", "").replace("~", " ")


def _markers(token: str) -> list[int]:
    return [int(n) for m in MARKER.finditer(token) for n in m.group(1).split(",")]


@dataclass
class Style:
    width: int
    note_width: int
    page_lines: int
    hyphenate_if_shorter: int  # hyphenate by rule only when the line would otherwise end this short
    slack: int  # a `¦` break is taken when the line then is at least width - slack long


def layout_paragraph(text: str, paragraph: int, style: Style, first_prefix: str = "",
                     next_prefix: str = "") -> tuple[list[Line], list[str]]:
    """Greedy line filling with hyphenation. Returns the lines and the `¦` hints not taken."""
    lines: list[Line] = []
    missed: list[str] = []
    cur, cur_markers = first_prefix, []
    prefix = first_prefix

    def close() -> None:
        nonlocal cur, cur_markers, prefix
        lines.append(Line(cur.rstrip(), "body", cur_markers, paragraph))
        cur, cur_markers, prefix = next_prefix, [], next_prefix

    def join(a: str, b: str) -> str:
        return a + b if not a.strip() else f"{a} {b}"

    for token in text.split():
        hint_after = token.endswith("¦")
        inner = token.rstrip("¦")
        hint_at = inner.index("¦") if "¦" in inner else None
        word = _render(inner)
        markers = _markers(inner)
        if hint_at is not None:
            p = len(_render(inner[:hint_at]))
            first = word[:p] if word[p - 1] == "-" else word[:p] + "-"
            candidate = join(cur, first)
            if style.width - style.slack <= len(candidate) <= style.width:
                cur = candidate
                close()
                lines[-1].case = _case(word, p)
                cur = join(cur, _undiaeresis(word[p:]))
                cur_markers += markers
                continue
            missed.append(f"{token} (line {len(cur)}: ...{cur[-30:]!r})")
        too_long = cur.strip() and len(join(cur, word)) > style.width
        if too_long and len(cur) < style.hyphenate_if_shorter:
            room = style.width - len(cur) - 1
            fitting = [p for p in _split_options(word) if p + (0 if word[p - 1] == "-" else 1) <= room]
            if fitting:
                p = max(fitting)
                first = word[:p] if word[p - 1] == "-" else word[:p] + "-"
                cur = join(cur, first)
                close()
                lines[-1].case = _case(word, p)
                cur = join(cur, _undiaeresis(word[p:]))
                cur_markers += markers
                continue
        if too_long:
            close()
        cur = join(cur, word)
        cur_markers += markers
        if hint_after:
            if len(cur) >= style.width - style.slack:
                close()
            else:
                missed.append(f"{token} (line {len(cur)}: ...{cur[-30:]!r})")
    if cur.strip():
        close()
    for k, line in enumerate(lines[:-1]):  # a line ending in a coordination ("land-" / "en tuinbouw")
        if line.case is None and line.text.endswith("-"):
            last = line.text.split()[-1]
            nxt = _CORE.match(lines[k + 1].text.split()[0]).group("core")
            line.case = Case(last, nxt, f"{last} {nxt}")
    return lines, missed


def _undiaeresis(rest: str) -> str:
    """At a line break Dutch drops the diaeresis of the syllable that starts the next line."""
    return DIAERESIS[rest[0]] + rest[1:] if rest[:1] in DIAERESIS else rest


def _case(word: str, p: int) -> Case:
    """The hyphenation case of `word` printed as word[:p] + "-" / word[p:] (diaeresis dropped)."""
    m = _CORE.match(word)
    lead, core = len(m.group("lead")), m.group("core")
    if re.search(r"\d", core):
        raise ValueError(f"a split word carries a footnote marker: {word!r}")
    first = word[:p] if word[p - 1] == "-" else word[:p] + "-"
    return Case(first[lead:], _undiaeresis(core[p - lead:]), core)


def wrap_words(text: str, width: int) -> list[str]:
    """Plain word wrap (footnotes, headings): no hyphenation; no continuation line starts with a digit."""
    lines, cur = [], ""
    for w in text.split():
        if cur and len(cur) + 1 + len(w) > width:
            head, _, last = cur.rpartition(" ")
            if w[0].isdigit() and head:
                lines.append(head)
                cur = f"{last} {w}"
            else:
                lines.append(cur)
                cur = w
        else:
            cur = f"{cur} {w}".strip()
    lines.append(cur)
    return lines


# --------------------------------------------------------------------------------------------
# A letter: content, furniture, layout
# --------------------------------------------------------------------------------------------

# A paragraph is a list of sentences; a bullet item is ("•", [sentences]).
Para = list[str] | tuple[str, list[str]]
SectionSpec = tuple[str | None, int, str | None, str | None, list[Para]]


@dataclass
class Letter:
    name: str
    style: Style
    head: list[str]  # top of page 1
    first_page_foot: list[str]  # bottom of page 1, under the footnotes
    closing: list[str]
    header: Callable[[int, int], list[str]]  # (page, pages) -> lines at the top of the page
    footer: Callable[[int, int], list[str]]  # (page, pages) -> lines at the bottom of the page
    page_join: str  # what separates two pages in the text
    metadata: dict
    footnotes: dict[int, str]
    sections: list[SectionSpec]
    notes: str
    must_break: list[str]  # (parts of) line ends the layout must show, e.g. "po-"
    allow_page_end_hyphen: bool = False
    layout_text: str = ""
    pages: list[list[Line]] = field(default_factory=list)

    # --- layout ---
    def stream(self) -> tuple[list[Line], list[str]]:
        stream = [Line(t, "furniture" if t else "blank") for t in self.head]
        missed: list[str] = []
        paragraph = 0
        for heading, _level, _topic, _role, paragraphs in self.sections:
            if heading:
                for text in wrap_words(heading, self.style.width):
                    stream.append(Line(text, "heading"))
                stream.append(Line("", "blank"))
            for k, para in enumerate(paragraphs):
                if isinstance(para, tuple):
                    glyph, sentences = para
                    lines, miss = layout_paragraph(" ".join(sentences), paragraph, self.style,
                                                   first_prefix=f"{glyph} ", next_prefix="  ")
                    stream += lines  # list items: no blank line between them
                    nxt = paragraphs[k + 1] if k + 1 < len(paragraphs) else None
                    if not isinstance(nxt, tuple):
                        stream.append(Line("", "blank"))
                else:
                    lines, miss = layout_paragraph(" ".join(para), paragraph, self.style)
                    stream += lines
                    nxt = paragraphs[k + 1] if k + 1 < len(paragraphs) else None
                    if not isinstance(nxt, tuple):  # a lead-in sentence runs straight into its list
                        stream.append(Line("", "blank"))
                missed += miss
                paragraph += 1
        stream += [Line("", "blank")] + [Line(t, "furniture" if t else "blank") for t in self.closing]
        while stream and stream[-1].kind == "blank":
            stream.pop()
        return stream, missed

    def note_block(self, page: list[Line]) -> list[str]:
        notes = [n for line in page for n in line.markers]
        out = [x for n in notes for x in wrap_words(f"{n} {self.footnotes[n]}", self.style.note_width)]
        return [""] + out if out else []

    def build(self) -> None:
        stream, missed = self.stream()
        if missed:
            raise ValueError(f"{self.name}: preferred breaks not taken: {missed}")
        # Pass 1: fill pages (the header/footer length does not depend on the page count).
        pages: list[list[Line]] = []
        i = 0
        while i < len(stream):
            number = len(pages) + 1
            furniture = len(self.header(number, 9)) + len(self.footer(number, 9)) + (
                len(self.first_page_foot) + 1 if number == 1 else 0)
            page: list[Line] = []
            while i < len(stream):
                if not page and stream[i].kind == "blank" and number > 1:
                    i += 1
                    continue
                if furniture + len(page) + 1 + len(self.note_block(page + [stream[i]])) > self.style.page_lines:
                    break
                page.append(stream[i])
                i += 1
            while i < len(stream) and page and (page[-1].kind in ("blank", "heading") or (
                    page[-1].case and not self.allow_page_end_hyphen)):
                page.pop()
                i -= 1
            if not page:
                raise ValueError(f"{self.name}: page {number}: nothing fits")
            pages.append(page)
        total = len(pages)
        texts = []
        for k, page in enumerate(pages, start=1):
            foot = ([""] + self.first_page_foot) if k == 1 and self.first_page_foot else []
            texts.append("\n".join(self.header(k, total) + [line.text for line in page] + self.note_block(page)
                                   + foot + self.footer(k, total)))
        self.pages = pages
        self.layout_text = self.page_join.join(texts) + "\n"
        self.check()

    def body(self) -> list[tuple[int, Line]]:
        return [(i + 1, line) for i, page in enumerate(self.pages) for line in page if line.kind == "body"]

    def cases(self) -> list[Case]:
        return [line.case for page in self.pages for line in page if line.case]

    def check(self) -> None:
        ending = [x for x in self.layout_text.replace("\f", "\n").split("\n") if x.endswith("-")]
        cases = self.cases()
        if len(ending) != len(cases):
            raise ValueError(f"{self.name}: {len(ending)} lines end in '-', but {len(cases)} cases")
        order = [n for _, _, _, _, ps in self.sections for p in ps
                 for s in (p[1] if isinstance(p, tuple) else p) for n in _markers(s)]
        if order != sorted(self.footnotes) or order != list(range(1, len(order) + 1)):
            raise ValueError(f"{self.name}: footnote markers out of order: {order}")
        for want in self.must_break:
            if not any(c.line_end.endswith(want) for c in cases):
                raise ValueError(f"{self.name}: no line ends in {want!r}")
        long = [x for x in self.layout_text.split("\n") if len(x) > max(self.style.width, self.style.note_width)]
        if long:
            raise ValueError(f"{self.name}: lines too long: {long}")
        words = sum(len(_clean(x).split()) for h, _, _, _, ps in self.sections for x in [h or ""] +
                    [s for p in ps for s in (p[1] if isinstance(p, tuple) else p)])
        if not 600 <= words <= 1200:
            raise ValueError(f"{self.name}: {words} body words, want 600-1200")
        if len(self.pages) < 3:
            raise ValueError(f"{self.name}: only {len(self.pages)} pages")

    # --- gold ---
    def gold(self) -> dict:
        cases = self.cases()
        return {
            "input": f"data/gold/heldout/{self.name}.txt",
            "origin": "written for this project (scripts/make_heldout_letters.py), held out",
            "format": "pdf-text",
            "annotator_notes": self.notes + " Line-end hyphenation (" + "; ".join(
                f"{c.line_end}/{c.next} → {c.expected}" for c in cases) + ").",
            "metadata": self.metadata,
            "footnotes": [{"n": n, "text": t} for n, t in sorted(self.footnotes.items())],
            "sections": [{"heading": h, "level": level, "topic": topic, "role": role,
                          "paragraphs": [{"sentences": [_clean(s) for s in (p[1] if isinstance(p, tuple) else p)]}
                                         for p in ps]}
                         for h, level, topic, role, ps in self.sections],
            "hyphenation": [{"line_end": c.line_end, "next": c.next, "expected": c.expected} for c in cases],
        }


# --------------------------------------------------------------------------------------------
# Letter 1: Minister of Education, ministry letter head, numbered headings, form feeds
# --------------------------------------------------------------------------------------------

OCW_REF = "45238761"
OCW = Letter(
    name="ocw_lerarentekort",
    style=Style(width=78, note_width=96, page_lines=50, hyphenate_if_shorter=70, slack=16),
    head=[
        "> Retouradres Postbus 16375 2500 BJ Den Haag",
        "",
        "De Voorzitter van de Tweede Kamer",
        "der Staten-Generaal",
        "Postbus 20018",
        "2500 EA  DEN HAAG",
        "",
        "Datum 5 april 2024",
        "Betreft Voortgang aanpak lerarentekort",
        "",
        f"Onze referentie {OCW_REF}",
        "",
        "Geachte voorzitter,",
        "",
    ],
    first_page_foot=[],
    closing=[
        "Hoogachtend,",
        "",
        "de minister van Onderwijs, Cultuur en Wetenschap,",
        "",
        "",
        "",
        "E.M. Verhoeven",
    ],
    header=lambda page, pages: [] if page == 1 else [f"Onze referentie {OCW_REF}", ""],
    footer=lambda page, pages: ["", f"Pagina {page} van {pages}"],
    page_join="\n\f",
    metadata={"title": "Voortgang aanpak lerarentekort", "date": "2024-04-05", "document_type": "brief",
              "sender": "Minister van Onderwijs, Cultuur en Wetenschap", "kamerstuk": None},
    footnotes={
        1: "Kamerstuk 27 923, nr. 470",
        2: "Motie Van den Berg c.s. over gerichte steun voor scholen met de grootste tekorten, Kamerstuk 27 923, "
           "nr. 478",
        3: "CentERdata, Trendrapportage arbeidsmarkt leraren po, vo en mbo 2023, bijlage bij Kamerstuk 27 923, nr. 471",
        4: "Regeling subsidie zij-instroom 2024, Stcrt. 2024, 8123",
    },
    sections=[
        (None, 1, "Education", "introduction", [
            ["Met deze brief informeer ik uw Kamer over de voortgang van de aanpak van het lerarentekort.",
             "Ik ga in op de meest recente cijfers, op de gesprekken die ik de afgelopen maanden in de regio's "
             "heb gevoerd en op de maatregelen die sinds mijn vorige brief^1 in gang zijn gezet."],
        ]),
        ("1. Aanleiding", 1, "Education", "introduction", [
            ["Het lerarentekort is een van de grootste opgaven in het onderwijs.",
             "Vooral in het primair onderwijs in de grote steden en op scholen met veel leerlingen met een "
             "onderwijsachterstand staan klassen regelmatig zonder bevoegde leraar.",
             "Dat raakt de kwaliteit van het onderwijs en de kansengelijkheid van leerlingen direct."],
            ["In het commissiedebat van 7 februari 2024 heb ik toegezegd uw Kamer voor de meivakantie te "
             "informeren over de stand van zaken.",
             "Daarnaast vraagt de motie Van den Berg c.s.^2 om gerichte steun voor scholen waar het tekort het "
             "grootst is.",
             "Deze brief geeft invulling aan beide verzoeken."],
        ]),
        ("2. Stand van zaken", 1, "Education", None, []),
        ("2.1 Het tekort in cijfers", 2, "Education", None, [
            ["Volgens de meest recente trendrapportage^3 bedroeg het totale tekort in het primair onderwijs in "
             "2023 ongeveer 9.700 fte, ofwel 9,2 procent van de totale werkgelegenheid.",
             "Dat is iets minder dan een jaar eerder, toen het tekort op ruim 9.800 fte werd geraamd.",
             "In het voortgezet onderwijs is het tekort kleiner, maar in vakken als Duits, natuurkunde en "
             "informatica blijven veel vacatures langdurig open."],
            ["De verschillen tussen de regio's zijn groot.",
             "In de vijf grote steden is het tekort in het primair onderwijs ruim twee keer zo hoog als "
             "landelijk gemiddeld.",
             "Binnen die steden is het tekort weer het grootst op de po-¦scholen met de hoogste "
             "achterstandsscore, waar het oploopt tot meer dan 15 procent van de formatie.",
             "In een deel van het oosten en noorden van het land is het tekort daarentegen vrijwel verdwenen."],
        ]),
        ("2.2 Gesprekken in de regio", 2, "Education", "report_of_discussion", [
            ["In januari en februari heb ik gesproken met schoolbesturen, lerarenopleidingen en gemeenten in "
             "alle tien regio's met de grootste tekorten.",
             "Daarin zijn de knelpunten per regio samen met de besturen en de gemeenten zorgvuldig "
             "ge¦ïnventariseerd.",
             "Schoolleiders gaven aan dat zij steeds vaker onbevoegden voor de klas moeten zetten en dat de "
             "werkdruk voor het zittende personeel daardoor verder toeneemt."],
            ["Ook werd gewezen op de krappe woningmarkt in de Randstad, waardoor startende leraren moeilijk een "
             "betaalbare woning vinden.",
             "Besturen vroegen om meer ruimte om de middelen voor de aanpak van het tekort flexibel in te zetten, "
             "bijvoorbeeld voor het begeleiden van studenten van de lerarenopleiding en van zij-instromers.",
             "Verschillende gemeenten benadrukten dat zij daarin een rol willen spelen, onder meer bij "
             "huisvesting en kinderopvang voor leraren."],
        ]),
        ("3. Maatregelen", 1, "Education", "decision_or_outcome", [
            ["Sinds mijn vorige brief zijn de volgende maatregelen genomen:"],
            ("•", ["de regionale aanpak lerarentekort is verlengd tot en met het schooljaar 2025-2026;"]),
            ("•", ["het budget voor de begeleiding van zij-instromers is structureel verhoogd met €~12 miljoen "
                   "per jaar;"]),
            ("•", ["scholen met een hoge achterstandsscore ontvangen vanaf 1 augustus 2024 een extra bijdrage "
                   "per leerling om leraren te werven en te behouden."]),
        ]),
        ("3.1 Zij-instroom", 2, "Education", "decision_or_outcome", [
            ["Zij-instromers vormen een steeds belangrijkere bron van nieuwe leraren.",
             "In 2023 startten ruim 3.100 zij-instromers in het primair en voortgezet onderwijs, bijna een kwart "
             "meer dan in 2022.",
             "Om deze groep beter te begeleiden heb ik besloten de subsidie voor zij-instroom^4 te verhogen van "
             "€~20.000 naar €~24.000 per zij-instromer."],
            ["Daarnaast is afgesproken dat de lerarenopleidingen hun programma's voor zij-¦instromers flexibeler "
             "inrichten, zodat eerder verworven kennis en ervaring beter worden erkend.",
             "De opleidingen hebben met de besturen van po-, vo-¦ en mbo-instellingen in alle regio's "
             "concrete afspraken gemaakt, die per 1 september 2024 ingaan."],
        ]),
        ("3.2 Salaris en werkdruk", 2, "Education", "dutch_position", [
            ["Een aantrekkelijk beroep begint bij een goed salaris en een werkdruk die houdbaar is.",
             "Met de cao's voor het primair en het voortgezet onderwijs zijn de salarissen van leraren de "
             "afgelopen twee jaar met ruim 10 procent gestegen.",
             "Ik vind het van belang dat deze stijging ook zichtbaar wordt voor jongeren en werkenden die "
             "overwegen voor het onderwijs te kiezen."],
            ["Het kabinet blijft zich daarnaast inzetten voor het verlagen van de werkdruk.",
             "De werkdrukmiddelen worden vanaf 2025 onderdeel van de lumpsum, zodat besturen die middelen "
             "duurzaam kunnen inzetten.",
             "De tijdelijke subsidie voor onderwijsassistenten is om die reden al met ingang van 1 januari 2024 "
             "be¦ëindigd.",
             "Ik acht het wel noodzakelijk dat de medezeggenschap bij de besteding een stevige rol houdt, zoals "
             "ook in de afspraken met de sociale partners is vastgelegd."],
        ]),
        ("4. Vervolg", 1, "Education", "follow_up_commitment", [
            ["Het lerarentekort is niet op korte termijn opgelost.",
             "Ik zal uw Kamer voor de zomer informeren over de uitkomsten van de evaluatie van de regionale "
             "aanpak, die in opdracht van mijn ministerie wordt uitgevoerd.",
             "Daarbij betrek ik ook de ideeën die leraren en schoolleiders in de regionale gesprekken hebben "
             "aangedragen.",
             "In het najaar ontvangt uw Kamer de volgende voortgangsbrief, met daarin ook de nieuwe ramingen van "
             "het tekort tot 2030."],
        ]),
    ],
    notes=(
        "Ministry letter (not a Kamerstuk): the head is '> Retouradres …', the addressee block (De Voorzitter "
        "van de Tweede Kamer / der Staten-Generaal / Postbus 20018 / 2500 EA DEN HAAG), 'Datum 5 april 2024', "
        "'Betreft …', 'Onze referentie 45238761' and 'Geachte voorzitter,'; none of it is body. METADATA: title "
        "= the Betreft line; date = the Datum line; document_type = 'brief' (a letter on ministry letterhead; "
        "the text calls itself 'deze brief'); sender = the signing office, written like the other gold files "
        "with a capital ('Minister van Onderwijs, Cultuur en Wetenschap'; the signature line is lower case 'de "
        "minister van Onderwijs, Cultuur en Wetenschap,' with a comma inside the office name); kamerstuk = "
        "null (a ministry letter has no Kamerstuk number; the references in the footnotes are other "
        "documents). Page furniture, not body: 'Pagina N van 3' at the bottom of every page and 'Onze "
        "referentie 45238761' at the top of pages 2 and 3 (the ministry letter's running sidebar; it occurs "
        "on two pages only). Closing 'Hoogachtend,' and the signature (office line, name 'E.M. Verhoeven') "
        "are not body. LEVELS: the numbering gives the depth: '1.', '2.', '3.', '4.' = level 1, '2.1', '2.2', "
        "'3.1', '3.2' = level 2; heading texts are kept with their numbers. '2. Stand van zaken' has no text "
        "of its own (paragraphs [], role null); '3. Maatregelen' has its own text (a lead-in and a list) "
        "before '3.1'; '4. Vervolg' follows a level-2 section and is level 1 again. LISTS (as in 002): the "
        "lead-in 'Sinds mijn vorige brief zijn de volgende maatregelen genomen:' is its own paragraph and "
        "each bullet item is its own paragraph with one sentence unit; the bullet glyph '•' is not body. In "
        "the input the list has no blank lines around it (the lead-in runs straight into the items, as Word "
        "lists with contextual spacing come out of pdftotext). TOPICS: all Education (CAP 6: teachers in "
        "primary/secondary/vocational education) — including '3.2 Salaris en werkdruk' (teacher pay and "
        "workload as education policy, although it mentions cao's and social partners) and '2.2' (mentions "
        "the housing market as a cause). ROLES: intro and '1. Aanleiding' frame the letter (introduction); "
        "'2.1 Het tekort in cijfers' is statistics, which none of the role labels describes, so role null "
        "(not scored); '2.2' reports what regions/boards said = report_of_discussion; '3.' (measures taken) "
        "and '3.1' (besloten, afgesproken) = decision_or_outcome; '3.2' is the minister's/cabinet's view "
        "(Ik vind, Het kabinet blijft zich inzetten, Ik acht) = dutch_position; '4. Vervolg' = "
        "follow_up_commitment. Sentence traps: 'c.s.2' (abbreviation plus marker, not a sentence end), "
        "'9.700', '9,2', '€ 20.000', 'schooljaar 2025-2026;'. Hyphenation: 'po-/scholen' keeps its hyphen "
        "(a compound with the lower-case letter acronym po, like vo-/mbo- in the letter); 'vo- / en' is a coordination "
        "('po-, vo- en mbo-instellingen'); 'zij-/instromers' keeps its hyphen (ij+i vowel clash; also written "
        "in-line in the letter); 'ge-/inventariseerd' and 'be-/eindigd' are syllable breaks at a diaeresis, "
        "joined with the diaeresis restored (geïnventariseerd, beëindigd)."
    ),
    must_break=["po-", "ge-", "be-", "vo-", "zij-"],
)

# --------------------------------------------------------------------------------------------
# Letter 2: State Secretary for Finance, Kamerstuk head, no headings, many footnotes, no form feeds
# --------------------------------------------------------------------------------------------

FIN_DOSSIER, FIN_NR = "31 066", "1402"
FIN_RUNNING = f"Tweede Kamer, vergaderjaar 2023–2024, {FIN_DOSSIER}, nr. {FIN_NR}"
FIN = Letter(
    name="fin_toeslagen",
    style=Style(width=88, note_width=100, page_lines=40, hyphenate_if_shorter=80, slack=16),
    head=[
        "Tweede Kamer der Staten-Generaal",
        "Vergaderjaar 2023–2024",
        "",
        f"{FIN_DOSSIER} Belastingdienst",
        "",
        f"Nr. {FIN_NR} BRIEF VAN DE STAATSSECRETARIS VAN FINANCIËN",
        "",
        "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal",
        "",
        "Den Haag, 14 mei 2024",
        "",
    ],
    first_page_foot=["kst-31066-1402", "ISSN 0921 - 7371", "’s-Gravenhage 2024"],
    closing=[
        "De Staatssecretaris van Financiën,",
        "",
        "J.A. Vermeulen",
    ],
    # Book layout: the page number on the outer edge, so at the start of even and the end of odd pages.
    header=lambda page, pages: [] if page == 1 else (
        [f"{page} {FIN_RUNNING}", ""] if page % 2 == 0 else [f"{FIN_RUNNING} {page}", ""]),
    footer=lambda page, pages: [],
    page_join="\n\n",
    metadata={"title": "Belastingdienst", "date": "2024-05-14", "document_type": "brief",
              "sender": "Staatssecretaris van Financiën", "kamerstuk": "31 066, nr. 1402"},
    footnotes={
        1: "Kamerstuk 31 066, nr. 1360",
        2: "Toezegging TZ202403-112, gedaan tijdens het commissiedebat Toeslagen van 28 maart 2024",
        3: "Dienst Toeslagen, Jaarverslag 2023, bijlage 2: kerncijfers over de toekenning, de definitieve "
           "berekening en de terugvordering van toeslagen over het berekeningsjaar 2022",
        4: "CPB Notitie Niet-gebruik van toeslagen, 12 december 2023",
        5: "Besluit van 2 april 2024 tot wijziging van de Uitvoeringsregeling Awir, Stcrt. 2024, 10432",
        6: "Motie Van Dijk c.s., Kamerstuk 31 066, nr. 1376",
        7: "Kamerstuk 31 066, nr. 1381",
        8: "Uitvoeringstoets automatische aanpassing voorschotten, bijlage bij Kamerstuk 31 066, nr. 1381",
        9: "https://www.rijksoverheid.nl/documenten/rapporten/2024/02/15/evaluatie-pilot-toeslagen",
        10: "Autoriteit Persoonsgegevens, advies over de gegevensuitwisseling tussen Dienst Toeslagen en "
            "gemeenten, 6 maart 2024",
        11: "Kamerstuk 31 322, nr. 517",
    },
    sections=[
        (None, 1, "Social Welfare", "mixed", [
            ["Hierbij informeer ik uw Kamer over de stand van zaken van de toeslagen in 2024 en over de "
             "maatregelen die het kabinet neemt om de problemen in het huidige stelsel te verkleinen, in "
             "afwachting van de afschaffing van het stelsel.^1",
             "Ook geef ik invulling aan de toezegging uit het commissiedebat van 28 maart jl. om uw Kamer te "
             "informeren over het niet-gebruik van toeslagen.^2"],
            ["Het toeslagenstelsel is complex.",
             "Huishoudens ontvangen een voorschot op basis van een schatting van hun inkomen en moeten achteraf "
             "terugbetalen als die schatting te laag blijkt.",
             "Over het berekeningsjaar 2022 kregen ruim 1,1 miljoen huishoudens na de definitieve berekening een "
             "terugvordering, met een gemiddeld bedrag van €~640.^3",
             "Voor huishoudens met een laag inkomen kan zo'n terugvordering leiden tot betalingsproblemen en "
             "schulden."],
            ["De problemen raken vooral huishoudens met een wisselend inkomen, zoals zzp'ers, uitzendkrachten en "
             "mensen die na een periode van werkloosheid weer aan het werk gaan.",
             "Zij moeten hun inkomen in de loop van het jaar vaak meerdere keren aanpassen en lopen daardoor een "
             "groter risico op een terugvordering.",
             "Ruim de helft van alle terugvorderingen komt bij deze groepen terecht."],
            ["Tegelijk maakt een aanzienlijk deel van de rechthebbenden geen gebruik van de toeslag waarop zij "
             "recht hebben.",
             "Uit onderzoek van het Centraal Planbureau^4 blijkt dat het niet-gebruik bij de huurtoeslag ongeveer "
             "10 procent bedraagt en bij de zorgtoeslag ongeveer 9 procent.",
             "Bij de kinderopvangtoeslag is het niet-gebruik beperkter, maar daar spelen andere problemen, zoals "
             "onverwachte terugvorderingen bij wisselende opvanguren."],
            ["Het kabinet acht deze situatie onwenselijk en neemt daarom, vooruitlopend op een nieuw stelsel, "
             "een aantal maatregelen binnen het huidige stelsel.",
             "Zo wordt m.i.v. 1 januari 2025 de grens waaronder een terugvordering niet wordt geïnd, verhoogd "
             "van 79 euro naar 150 euro.^5",
             "Deze verhoging wordt via een wijziging van de uitvoeringsregeling ge¦ëffectueerd en leidt naar "
             "verwachting tot ruim 200.000 minder terugvorderingen per jaar."],
            ["In lijn met de motie Van Dijk c.s.^6 wordt het mogelijk het voorschot van de huur-¦ en "
             "zorgtoeslag automatisch aan te passen wanneer gegevens uit de loonaangifte laten zien dat het "
             "inkomen sterk afwijkt van de schatting.",
             "Hiervoor is een wijziging van de Algemene wet inkomensafhankelijke regelingen (Awir) nodig, die ik "
             "in het pakket Belastingplan 2025 zal opnemen.^7,8",
             "De Dienst Toeslagen gebruikt daarvoor uitsluitend gegevens die al bij de overheid bekend zijn, "
             "zoals loon, uitkering, pensioen, etc.",
             "Er worden dus geen nieuwe gegevens verzameld."],
            ["Om het niet-gebruik terug te dringen, benadert de Dienst Toeslagen samen met gemeenten actief "
             "huishoudens die mogelijk recht hebben op een toeslag maar die niet aanvragen.",
             "In een pilot met vijf gemeenten zijn in 2023 ruim 4.000 huishoudens aangeschreven, van wie ongeveer "
             "een derde alsnog een toeslag heeft aangevraagd.^9",
             "Deze gemeente-¦initiatieven worden in 2024 uitgebreid naar twintig gemeenten.",
             "Daarbij is nadrukkelijk aandacht voor de bescherming van persoonsgegevens; de Autoriteit "
             "Persoonsgegevens is over de gegevensuitwisseling geconsulteerd.^10"],
            ["Voor de kinderopvangtoeslag geldt dat het nieuwe financieringsstelsel, waarin de toeslag wordt "
             "vervangen door een directe financiering van kinderopvangorganisaties, naar verwachting in 2027 "
             "ingaat.^11",
             "Tot die tijd blijft de kinderopvangtoeslag bestaan.",
             "Ouders met een terugvordering die betrekking heeft op de tijd van een partnerschap met een "
             "ex-¦toeslagpartner kunnen die vanaf dit jaar in termijnen aflossen, zonder dat de ex-partner "
             "daarvoor toestemming hoeft te geven."],
            ["Ik besef dat deze maatregelen de fundamentele problemen van het stelsel niet oplossen.",
             "Het kabinet werkt daarom verder aan de uitwerking van de varianten voor een nieuw stelsel, zoals "
             "eerder aan uw Kamer is gemeld.",
             "Uw Kamer wordt in het najaar van 2024 geïnformeerd over de uitkomsten van de uitvoeringstoetsen "
             "van de Dienst Toeslagen en de Belastingdienst.",
             "Daarbij zal ik ook ingaan op de gevolgen van de voorgestelde maatregelen voor de uitvoering, de "
             "koopkracht en de administratieve lasten van burgers.",
             "Ook de resultaten van de pilots met gemeenten zal ik daarbij betrekken."],
        ]),
    ],
    notes=(
        "Kamerstuk letter without any section headings: the whole body is one section (heading null) of nine "
        "paragraphs. Pages are NOT separated by form feeds: a page ends with its footnote block and the next "
        "starts, after one blank line, with the running header 'Tweede Kamer, vergaderjaar 2023–2024, "
        "31 066, nr. 1402' whose page number is at the START of the line on even pages ('2 Tweede Kamer, …') "
        "and at the END on odd pages ('… nr. 1402 3'); page 1 ends with the colophon kst-/ISSN/’s-Gravenhage. "
        "None of this is body. METADATA: title = the dossier title 'Belastingdienst' (as 004 takes 'JBZ-Raad'; "
        "the letter has no own title line); date = 'Den Haag, 14 mei 2024'; document_type 'brief' (BRIEF VAN "
        "…); sender 'Staatssecretaris van Financiën' (Nr. line and signature agree); kamerstuk '31 066, nr. "
        "1402'. FOOTNOTES: eleven, numbered across pages; footnote 3 wraps over two lines; footnote 9 is a bare "
        "URL; markers glued to words, full stops and an amount ('stelsel.1', 'Planbureau4', '€ 640.3', "
        "'c.s.6', 'opnemen.7,8' = two markers). Trap: the body line '150 euro.5 Deze verhoging …' starts "
        "with a number that is not a footnote. TOPIC: Social Welfare (CAP 13: income-dependent benefits — "
        "rent, care and childcare allowances; recovery of benefits). ROLE: mixed — the section combines the "
        "introduction, a report of the figures, cabinet positions ('Het kabinet acht'), decisions already "
        "taken (threshold raised by regulation) and follow-up commitments ('Uw Kamer wordt in het najaar … "
        "geïnformeerd'); none dominates. Sentence traps: 'jl.' and 'c.s.' do not end a sentence; 'm.i.v.' "
        "(met ingang van) does not end a sentence; '… pensioen, etc.' DOES end its sentence (the next starts "
        "'Er worden …'); '€ 640.' ends a sentence before a marker. Hyphenation: 'ex-/toeslagpartner' keeps "
        "its hyphen (ex- prefix; 'ex-partner' also occurs in-line), 'gemeente-/initiatieven' keeps it (e+i "
        "vowel clash), 'huur- / en' is a coordination, 'ge-/effectueerd' is a syllable break at a diaeresis "
        "(geëffectueerd)."
    ),
    must_break=["ex-", "gemeente-", "huur-", "ge-"],
    allow_page_end_hyphen=True,
)

# --------------------------------------------------------------------------------------------
# Letter 3: annotated agenda of the Agriculture and Fisheries Council, title only, bare page numbers
# --------------------------------------------------------------------------------------------

LNV = Letter(
    name="lnv_geannoteerde_agenda",
    style=Style(width=58, note_width=74, page_lines=35, hyphenate_if_shorter=52, slack=12),
    head=[
        "Geannoteerde agenda voor de Landbouw- en Visserijraad van",
        "22 april 2024",
        "",
    ],
    first_page_foot=[],
    closing=[],
    header=lambda page, pages: [],
    footer=lambda page, pages: ["", f"{page:>29}"],
    page_join="\n",
    metadata={"title": "Geannoteerde agenda voor de Landbouw- en Visserijraad van 22 april 2024",
              "date": "2024-04-22", "document_type": "geannoteerde agenda", "sender": None, "kamerstuk": None},
    footnotes={
        1: "COM(2023) 411; BNC-fiche, Kamerstuk 22 112, nr. 3778",
        2: "COM(2023) 770; zie ook het verslag van de Landbouw- en Visserijraad van 26 maart 2024, Kamerstuk "
           "21 501-32, nr. 1615",
        3: "COM(2024) 139",
    },
    sections=[
        (None, 1, "Agriculture", "introduction", [
            ["Op 22 april 2024 vindt in Luxemburg de Landbouw- en Visserijraad plaats.",
             "Ik zal namens Nederland aan deze Raad deelnemen.",
             "In deze geannoteerde agenda ga ik in op de onderwerpen die op de agenda staan en op de Nederlandse "
             "inzet daarbij."],
            ["Het Belgisch voorzitterschap wil tijdens deze Raad een algemene oriëntatie bereiken over het "
             "voorstel voor dierenwelzijn tijdens transport.",
             "Daarnaast staan de situatie op de landbouwmarkten, de vereenvoudiging van het gemeenschappelijk "
             "landbouwbeleid (GLB) en de handelsmaatregelen voor Oekraïne op de agenda."],
        ]),
        ("Wetgevingsonderwerpen", 1, "Agriculture", None, []),
        ("Verordening inzake planten verkregen met nieuwe genomische technieken", 2, "Agriculture",
         "dutch_position", [
            ["Het voorzitterschap zal de Raad informeren over de stand van de onderhandelingen over de "
             "verordening inzake planten verkregen met nieuwe genomische technieken (NGT).^1",
             "In februari heeft het Europees Parlement zijn standpunt vastgesteld, maar in de Raad is nog geen "
             "gekwalificeerde meerderheid voor een mandaat."],
            ["Nederland steunt het voorstel.",
             "Het kabinet is van mening dat NGT-planten kunnen bijdragen aan een duurzamere land-¦ en tuinbouw, "
             "omdat gewassen sneller resistent kunnen worden gemaakt tegen ziekten en droogte.",
             "Nederland zet zich er wel voor in dat de etikettering van zaaigoed transparant blijft en dat de "
             "biologische sector NGT-vrij kan blijven telen.",
             "Over het octrooieren van NGT-¦planten pleit Nederland voor een onderzoek door de Commissie naar de "
             "gevolgen voor veredelaars in het mkb."],
        ]),
        ("Verordening dierenwelzijn tijdens transport", 2, "Agriculture", "dutch_position", [
            ["Het voorzitterschap streeft naar een algemene oriëntatie over de herziening van de regels voor het "
             "vervoer van levende dieren.",
             "Het voorstel beperkt onder meer de maximale transportduur voor slachtdieren tot negen uur en stelt "
             "eisen aan de temperatuur tijdens het vervoer.^2"],
            ["Nederland heeft zich altijd ingezet voor een ambitieuze herziening en kan de huidige "
             "compromistekst steunen.",
             "Wel vindt het kabinet dat de regels voor het vervoer van jonge kalveren verder moeten worden "
             "aangescherpt.",
             "Nederland zal daarom samen met een aantal andere gelijkgezinde EU-¦lidstaten een verklaring indienen waarin om "
             "aanvullende maatregelen wordt gevraagd."],
        ]),
        ("Niet-wetgevingsonderwerpen", 1, "Agriculture", None, []),
        ("Situatie op de landbouwmarkten", 2, "Agriculture", "mixed", [
            ["De Commissie zal de Raad informeren over de situatie op de landbouwmarkten.",
             "De prijzen voor granen en zuivel zijn het afgelopen jaar gedaald, terwijl de kosten voor energie "
             "en kunstmest hoog blijven.",
             "Veel boeren in de Unie zien hun inkomen daardoor onder druk staan, wat de afgelopen maanden heeft "
             "geleid tot protesten in verschillende lidstaten."],
            ["Het kabinet heeft begrip voor de zorgen van boeren en neemt deze serieus.",
             "Nederland vindt wel dat eventuele steunmaatregelen tijdelijk en gericht moeten zijn en de interne "
             "markt niet mogen verstoren."],
        ]),
        ("Vereenvoudiging van het gemeenschappelijk landbouwbeleid", 2, "Agriculture", "dutch_position", [
            ["Naar aanleiding van de boerenprotesten heeft de Commissie op 15 maart 2024 voorstellen gedaan om "
             "het GLB te vereenvoudigen.^3",
             "Zo worden kleine landbouwbedrijven tot tien hectare vrijgesteld van controles op de "
             "conditionaliteitsvoorwaarden en worden enkele normen voor braaklegging en gewasrotatie versoepeld.",
             "De Raad zal over deze voorstellen van gedachten wisselen."],
            ["Nederland steunt het verminderen van de administratieve lasten voor boeren, maar vindt dat de "
             "vereenvoudiging niet ten koste mag gaan van de afgesproken klimaat-¦ en milieudoelen van het GLB.",
             "Het kabinet is er geen voorstander van om de normen voor braaklegging geheel te schrappen.",
             "Ik zal uw Kamer over de uitkomst van de besprekingen informeren in het verslag van deze Raad."],
        ]),
        ("Handelsmaatregelen voor Oekraïne", 2, "Foreign Trade", "dutch_position", [
            ["De autonome handelsmaatregelen voor Oekraïne, waarmee de invoerrechten op Oekraïense producten "
             "zijn opgeschort, lopen op 5 juni 2024 af.",
             "Over een verlenging met een jaar, met een noodrem voor gevoelige producten zoals pluimvee, eieren "
             "en suiker, wordt nog onderhandeld met het Europees Parlement."],
            ["Nederland steunt de verlenging, omdat de handel een belangrijke bijdrage levert aan de economie "
             "van Oekraïne.",
             "Het kabinet vindt het wel belangrijk dat de Commissie de effecten op de Europese markt nauwgezet "
             "blijft volgen."],
        ]),
        ("Visserijakkoorden met Noorwegen", 2, "Agriculture", "report_of_discussion", [
            ["De Commissie zal verslag doen van de bilaterale consultaties met Noorwegen over de "
             "vangstmogelijkheden in de Noordzee en het Skagerrak.",
             "Deze consultaties zijn pas in maart afgerond, waardoor de quota voor onder meer haring en "
             "kabeljauw later dan gebruikelijk bekend werden.",
             "Verschillende lidstaten zullen de Commissie naar verwachting vragen de onderhandelingen voor 2025 "
             "eerder te starten, zodat vissers tijdig duidelijkheid hebben."],
        ]),
        ("Diversen", 1, "Agriculture", None, []),
        ("Uitbraak van blauwtong", 2, "Agriculture", "dutch_position", [
            ["Nederland zal de Raad informeren over de uitbraak van blauwtong, die in 2023 tot grote sterfte "
             "onder schapen heeft geleid.",
             "Het kabinet vraagt de Commissie om snelle toelating van vaccins en om coördinatie tussen de "
             "lidstaten bij de vaccinatiecampagnes voor het komende vectorseizoen.",
             "Uw Kamer wordt over de vaccinatiestrategie afzonderlijk geïnformeerd."],
        ]),
    ],
    notes=(
        "Annotated agenda as a stand-alone document: no Kamerstuk head, no letter head, no salutation and no "
        "signature; it opens with a two-line title ('Geannoteerde agenda voor de Landbouw- en Visserijraad "
        "van' / '22 april 2024'), which is not body. The only page furniture is a bare, centred page number "
        "at the bottom of every page; pages are NOT separated by form feeds and the next page starts directly "
        "on the line after the page number. A paragraph that runs over a page break is one paragraph. "
        "METADATA: title = the two title lines joined; date = the meeting date in the title (no letter date); "
        "document_type = 'geannoteerde agenda'; sender and kamerstuk null (the document does not name them; "
        "footnote references are other documents). LEVELS: 'Wetgevingsonderwerpen', "
        "'Niet-wetgevingsonderwerpen' and 'Diversen' are level-1 parents without text (paragraphs [], role "
        "null); the agenda items under them are level 2. The first item's heading ('Verordening inzake "
        "planten verkregen met nieuwe genomische technieken', 9 words) is too long for the 58-character "
        "measure and wraps over two lines; it is one heading. TOPICS: Agriculture for everything (the Council "
        "framing, NGT plant breeding, animal welfare in transport — not Transportation —, agricultural "
        "markets, CAP simplification, fisheries quota (CAP 4: fisheries), bluetongue (animal disease, not "
        "Health)), except the autonomous trade measures for Ukraine = Foreign Trade (tariffs/import duties). "
        "Parents: Agriculture (all or most children). ROLES: intro = introduction; in an annotated agenda "
        "sentences on what the Council will do are a prospective report of discussion and sentences on the "
        "Dutch inzet are dutch_position (as in 002): NGT, animal transport, GLB simplification, Ukraine trade "
        "and bluetongue are dominated by the Dutch position; 'Situatie op de landbouwmarkten' is three "
        "sentences of what the Commission will present and the market facts against two of Dutch position = "
        "mixed; 'Visserijakkoorden' is what the Commission will report and what member states will ask = "
        "report_of_discussion. Hyphenation: 'land- / en', 'klimaat- / en' are coordinations; 'NGT-/planten', "
        "'EU-/lidstaten' keep the hyphen (capital before it)."
    ),
    must_break=["land-", "klimaat-", "NGT-", "EU-"],
)

LETTERS = [OCW, FIN, LNV]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stats", action="store_true", help="print counts and the hyphenation cases")
    args = parser.parse_args()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for letter in LETTERS:
        letter.build()
        (OUT_DIR / f"{letter.name}.txt").write_text(letter.layout_text, encoding="utf-8")
        g = letter.gold()
        (OUT_DIR / f"{letter.name}.gold.json").write_text(json.dumps(g, ensure_ascii=False, indent=2) + "\n",
                                                         encoding="utf-8")
        print(f"wrote {OUT_DIR.relative_to(ROOT)}/{letter.name}.txt + .gold.json ({len(letter.pages)} pages)")
        if args.stats:
            paragraphs = [p for s in g["sections"] for p in s["paragraphs"]]
            words = sum(len(x.split()) for s in g["sections"] for x in [s["heading"] or ""] +
                        [t for p in s["paragraphs"] for t in p["sentences"]])
            print(f"  sections {len(g['sections'])}, paragraphs {len(paragraphs)}, "
                  f"sentences {sum(len(p['sentences']) for p in paragraphs)}, footnotes {len(g['footnotes'])}, "
                  f"hyphenation {len(g['hyphenation'])}, body words {words}")
            for c in g["hyphenation"]:
                print(f"    {c['line_end']} | {c['next']} -> {c['expected']}")


if __name__ == "__main__":
    main()
