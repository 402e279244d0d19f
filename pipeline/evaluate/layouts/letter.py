"""The letter's own furniture, rendered from the gold metadata: head, closing/signature, running
headers and footers. Each head style states exactly the metadata it is drawn for, never more.

Models (real pages, read for their conventions; nothing copied):
- Kamerstuk: https://zoek.officielebekendmakingen.nl/kst-34166-23.html (dossier line `34 166 <dossier
  title>`, `Nr. 23 BRIEF VAN DE MINISTER VAN …`, `Aan de Voorzitter …`, `Den Haag, 3 december 2015`);
  https://zoek.officielebekendmakingen.nl/kst-26387-11.html (dossier number and title on separate
  lines, `nr. 11` on its own line); https://zoek.officielebekendmakingen.nl/kst-34700-6.html (signature
  on one line: `De Minister van …, E.I. Schippers`); https://zoek.officielebekendmakingen.nl/kst-32749-6.html
  (`De minister van …,` then the name two lines lower).
- Ministry letter head: `> Retouradres …`, the addressee block, `Datum`, `Betreft`, `Ons kenmerk`,
  `Geachte voorzitter,` … `Hoogachtend,` (the Rijkshuisstijl letter, as in data/gold/heldout/ocw_lerarentekort.txt).
- Report without a letter date: its title line carries the meeting date (data/kamerbrieven/000_…txt).
- Answers to written questions (Aanhangsel van de Handelingen): the intro `Vragen van de leden … aan de
  Minister van … over … (ingezonden <date>).` and `Antwoord van Minister <name> (<portfolio>)
  (ontvangen <date>).`, then `Vraag n` / `Antwoord n` labels, no signature:
  https://zoek.officielebekendmakingen.nl/ah-tk-20142015-1365.html,
  https://www.tweedekamer.nl/kamerstukken/kamervragen/detail?did=2022D31072&id=2022Z10576.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from pipeline.text.months import DUTCH_MONTHS

_DATE_IN_TEXT = re.compile(r"\b(\d{1,2})\s+(" + "|".join(DUTCH_MONTHS) + r")\s+(\d{4})\b", re.I)

# Signatories are drawn: the gold metadata never holds the person, only the office.
_INITIALS = ["A.G.", "M.C.", "J.A.", "E.M.", "H.G.J.", "K.H.", "R.W.", "C.A.", "F.M.", "D.", "L.J.", "P."]
_SURNAMES = ["de Vries", "Jansen", "van der Linden", "Bakker", "Verhoeven", "de Jong", "van Dijk",
             "Koster", "Mulder", "van den Berg", "Smit", "Hoekstra", "Visser", "Meijer"]
_POSTBUS = ["Postbus 20061 2500 EB Den Haag", "Postbus 20201 2500 EE Den Haag",
            "Postbus 16375 2500 BJ Den Haag", "Postbus 20011 2500 EA Den Haag",
            "Postbus 20401 2500 EK Den Haag", "Postbus 90801 2509 LV Den Haag"]


QUESTIONS = "antwoord op kamervragen"
_PARTIES = ["VVD", "D66", "PVV", "CDA", "SP", "GroenLinks-PvdA", "ChristenUnie", "NSC", "BBB", "PvdD", "SGP"]


@dataclass
class HeadLine:
    text: str
    strong: bool = False  # set apart (bold) in styled PDFs and as a heading-like line in HTML


def dutch_date(iso: str) -> str:
    y, m, d = (int(x) for x in iso.split("-"))
    return f"{d} {DUTCH_MONTHS[m - 1]} {y}"


def last_date_in(text: str) -> str | None:
    found = _DATE_IN_TEXT.findall(text or "")
    if not found:
        return None
    d, month, y = found[-1]
    return f"{int(y):04d}-{DUTCH_MONTHS.index(month.lower()) + 1:02d}-{int(d):02d}"


def vergaderjaar(iso: str | None, rng: random.Random) -> str:
    """The parliamentary year runs from the third Tuesday of September (Prinsjesdag)."""
    if iso:
        y, m, _ = (int(x) for x in iso.split("-"))
        start = y if m >= 9 else y - 1
    else:
        start = rng.randint(2015, 2024)
    return f"{start}–{start + 1}"


def parse_kamerstuk(kamerstuk: str | None) -> tuple[str, str] | None:
    m = re.match(r"^(.+?),\s*nr\.\s*(\S+)$", kamerstuk or "")
    return (m.group(1), m.group(2)) if m else None


def drawn_kamerstuk(rng: random.Random) -> tuple[str, str]:
    dossier = f"{rng.randint(21, 36)} {rng.randint(0, 999):03d}"
    if rng.random() < 0.3:
        dossier += f"-{rng.randint(1, 30):02d}"
    return dossier, str(rng.randint(1, 3000))


def _type_named_by_title(meta: dict) -> bool:
    kind = (meta.get("document_type") or "").lower()
    return bool(kind) and kind in (meta.get("title") or "").lower()


def head_styles(meta: dict) -> list[str]:
    """The head styles that express exactly this metadata (README: the type comes from the title
    when it names one, else from the `Nr.` line; a report without a letter date takes its date
    from the title)."""
    kind = meta.get("document_type")
    if kind == QUESTIONS and meta.get("questioners") and meta.get("sender") and meta.get("date"):
        return ["questions"]
    brief_or_titled = kind in (None, "brief") or _type_named_by_title(meta)
    styles = []
    if parse_kamerstuk(meta.get("kamerstuk")) and meta.get("sender") and meta.get("date") and meta.get("title") \
            and brief_or_titled:
        styles.append("kamerstuk")
    if not meta.get("kamerstuk") and meta.get("sender") and meta.get("date") and meta.get("title") and brief_or_titled:
        styles.append("ministry")
    if not meta.get("kamerstuk") and not meta.get("sender") and meta.get("title") \
            and (kind is None or _type_named_by_title(meta)) \
            and (meta.get("date") is None or last_date_in(meta["title"]) == meta["date"]):
        styles.append("report")
    return styles or ["plain"]


def signatories(sender: str) -> list[str]:
    """Offices that sign: `Minister van X en Minister van Y` are two signatures."""
    return re.split(r"\s+en\s+(?=(?:Minister|Staatssecretaris|Informateur)\b)", sender)


def ministry_of(sender: str | None) -> str | None:
    m = re.search(r"\bvan\s+(.+)$", signatories(sender)[0]) if sender else None
    return f"Ministerie van {m.group(1)}" if m else None


def letter_head(meta: dict, style: str, rng: random.Random) -> list[HeadLine]:
    title, date = meta.get("title"), meta.get("date")
    gap = [HeadLine("")] if rng.random() < 0.8 else []
    lines: list[HeadLine] = []
    if style == "kamerstuk":
        dossier, nr = parse_kamerstuk(meta["kamerstuk"])
        lines += [HeadLine("Tweede Kamer der Staten-Generaal", True)]
        lines += [HeadLine(f"Vergaderjaar {vergaderjaar(date, rng)}")] + gap
        if rng.random() < 0.7:
            lines += [HeadLine(f"{dossier} {title}", True)] + gap
        else:  # number and dossier title on lines of their own
            lines += [HeadLine(dossier, True), HeadLine(title, True)] + gap
        sender = meta["sender"]
        issuer = " EN ".join(f"DE {s.upper()}" for s in signatories(sender))
        kind = "BRIEF"
        if rng.random() < 0.75:
            lines += [HeadLine(f"Nr. {nr} {kind} VAN {issuer}", True)] + gap
        else:
            lines += [HeadLine(f"Nr. {nr}", True), HeadLine(f"{kind} VAN {issuer}", True)] + gap
        addressee = "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal"
        if rng.random() < 0.2:  # a browser copy can run addressee and date together
            lines += [HeadLine(f"{addressee} Den Haag, {dutch_date(date)}")] + gap
        else:
            lines += [HeadLine(addressee)] + gap + [HeadLine(f"Den Haag, {dutch_date(date)}")] + gap
    elif style == "ministry":
        lines += [HeadLine(f"> Retouradres {rng.choice(_POSTBUS)}"), HeadLine("")]
        lines += [HeadLine("De Voorzitter van de Tweede Kamer"), HeadLine("der Staten-Generaal"),
                  HeadLine("Postbus 20018"), HeadLine("2500 EA  DEN HAAG"), HeadLine("")]
        lines += [HeadLine(f"Datum {dutch_date(date)}"), HeadLine(f"Betreft {title}")] + gap
        label = rng.choice(["Ons kenmerk", "Onze referentie", "Kenmerk"])
        lines += [HeadLine(f"{label} {rng.randint(2020, 2025)}-{rng.randint(10 ** 9, 10 ** 10 - 1)}")] + gap
        lines += [HeadLine("Geachte voorzitter,")] + gap
    elif style == "questions":
        lines += _questions_head(meta, rng, gap)
    elif style == "report":
        lines += [HeadLine(title, True)] + gap
    else:  # plain: the title, and the date as a dated line when there is one
        lines += [HeadLine(title or "", True)] + gap
        if date:
            lines += [HeadLine(f"Den Haag, {dutch_date(date)}")] + gap
    return lines


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]


def _questions_head(meta: dict, rng: random.Random, gap: list[HeadLine]) -> list[HeadLine]:
    """The Aanhangsel intro: who asked whom about what and when, who answered and when received."""
    title, sender = meta.get("title") or "", meta["sender"]
    subject = title.split(" over ", 1)[1] if " over " in title else "dit onderwerp"
    askers = [f"{name} ({rng.choice(_PARTIES)})" for name in meta["questioners"]]
    members = f"het lid {askers[0]}" if len(askers) == 1 else f"de leden {_names(askers)}"
    asked = f" (ingezonden {dutch_date(meta['questions_date'])})" if meta.get("questions_date") else ""
    office, _, portfolio = signatories(sender)[0].partition(" van ")
    surname = rng.choice(_SURNAMES)  # without initials the prefix is capitalised: Minister Van der Linden
    answer = f"Antwoord van {office} {surname[0].upper() + surname[1:]} ({portfolio or office})"
    if rng.random() < 0.4:
        answer += ", mede namens de Minister van Financiën"
    lines = [HeadLine(title, True)] + gap if title else []
    lines += [HeadLine(f"Vragen van {members} aan de {sender} over {subject}{asked}.")] + gap
    lines += [HeadLine(f"{answer} (ontvangen {dutch_date(meta['date'])}).")]
    if rng.random() < 0.5:
        lines += [HeadLine(f"Zie ook Aanhangsel Handelingen, vergaderjaar {vergaderjaar(meta['date'], rng)}, "
                           f"nr. {rng.randint(100, 3500)}.")]
    return lines + gap


def closing(meta: dict, style: str, rng: random.Random) -> list[HeadLine]:
    sender = meta.get("sender")
    if not sender or style == "questions":  # answers to questions are not signed
        return []
    lines: list[HeadLine] = [HeadLine("")]
    if style == "ministry":
        lines += [HeadLine(rng.choice(["Hoogachtend,", "Met vriendelijke groet,"])), HeadLine("")]
    lower = style == "ministry" or rng.random() < 0.3  # `de minister van …` is as common as capitals
    for office in signatories(sender):
        office_text = ("de " + office[0].lower() + office[1:]) if lower else ("De " + office)
        name = f"{rng.choice(_INITIALS)} {rng.choice(_SURNAMES)}"
        if rng.random() < 0.25:
            lines += [HeadLine(f"{office_text}, {name}")]
        else:
            lines += [HeadLine(f"{office_text},")] + [HeadLine("")] * rng.randint(0, 2) + [HeadLine(name)]
        lines += [HeadLine("")]
    return lines


def colophon(meta: dict) -> list[str]:
    """The printer's colophon at the foot of a Kamerstuk's first page (kst identifier, ISSN, place and
    year of printing), as the Sdu-printed Kamerstukken carry it (data/kamerbrieven/004_…txt)."""
    parsed = parse_kamerstuk(meta.get("kamerstuk"))
    if not parsed or not meta.get("date"):
        return []
    dossier, nr = parsed
    return [f"kst-{dossier.replace(' ', '')}-{nr}", "ISSN 0921 - 7371", f"’s-Gravenhage {meta['date'][:4]}"]


@dataclass
class RunningStyle:
    kind: str  # kamerstuk | pagina | bare | ministry
    position: str  # top | bottom
    on_first_page: bool
    number_at: str  # start | end | alternate (kamerstuk only)
    centred: bool

    def describe(self) -> str:
        return f"{self.kind}@{self.position}" + ("+p1" if self.on_first_page else "")


def draw_running(meta: dict, head_style: str, rng: random.Random) -> list[RunningStyle]:
    """None, one or two running lines; the kinds real letters and Kamerstukken carry."""
    kinds = ["kamerstuk", "pagina", "bare", "ministry"]
    count = rng.choices([0, 1, 2], weights=[2, 5, 3])[0]
    styles: list[RunningStyle] = []
    for position in rng.sample(["top", "bottom"], count):
        kind = rng.choice(kinds)
        if kind == "ministry" and not ministry_of(meta.get("sender")):
            kind = "bare"
        styles.append(RunningStyle(kind, position, rng.random() < 0.2,
                                   rng.choice(["start", "end", "alternate"]), rng.random() < 0.4))
    return styles


def running_text(style: RunningStyle, meta: dict, page: int, pages: int, kst: tuple[str, str], year: str) -> str:
    if style.kind == "kamerstuk":
        text = f"Tweede Kamer, vergaderjaar {year}, {kst[0]}, nr. {kst[1]}"
        at_start = style.number_at == "start" or (style.number_at == "alternate" and page % 2 == 0)
        return f"{page} {text}" if at_start else f"{text} {page}"
    if style.kind == "pagina":
        return f"Pagina {page} van {pages}"
    if style.kind == "ministry":
        return ministry_of(meta.get("sender")) or str(page)
    return str(page)
