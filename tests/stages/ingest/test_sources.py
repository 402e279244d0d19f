"""Real document types and sources as plain text: page copies with site chrome, letter heads after the
chrome, one-line signatures, address and date on one line, answers to written questions, the
`Noot` footnote block of a page copy.

Each input is built from the opening of a real public page (its URL is given with it); the page
chrome around it is the kind these sites print (buttons, page title, metadata table, data block).
The tests assert behaviour (what is metadata, what is body, what is a section), not one sample's
lines.
"""

from __future__ import annotations

import pytest

from pipeline.stages.classify import ANSWER_ROLE, classify, load_taxonomy
from pipeline.config import load_config, resolve_path
from pipeline.stages.ingest import ingest
from pipeline.stages.ingest.metadata import kamerstuk_citation
from pipeline.stages.ingest.questions import answering_office, question_labels, split_names
from pipeline.stages.ingest.webpage import page_title_subject, remove_markers
from pipeline.render.markdown import render_markdown
from pipeline.render.html import render_html
from pipeline.stages.segment import segment

CFG = load_config()
CHROME = ("Preview document", "Naar boven", "Kerngegevens", "Direct naar de inhoud", "Datum publicatie",
          "Dossier- en ondernummer", "Brief regering :", "Antwoord schriftelijke vragen :", "Nummer: 20")


def _ingest(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return ingest(path, CFG.ingest)


def _sections(doc):
    return segment(doc, CFG.segment) if not doc.sections else doc


def _body(doc) -> str:
    return "\n".join(b.text for b in doc.blocks)


def _blank_lines(text: str) -> str:
    """The same page copied with a blank line after every line (how some browsers copy block elements)."""
    return "\n\n".join(text.split("\n"))


# https://www.tweedekamer.nl/kamerstukken/brieven_regering/detail?did=2024D18036&id=2024D18036
# (opening of the letter; the signature, footnote texts and the page's buttons and data block are of
# the kind the page prints under it; the third marker stands after capitals on purpose: `EPF3`).
TK_LETTER = """Direct naar de inhoud
Kamerstukken
Brief regering : Periodieke update Europese Vredesfaciliteit (EPF)
Preview document
21 501-02 Raad Algemene Zaken en Raad Buitenlandse Zaken
Nr. 2893 BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN
Aan de Voorzitter van de Tweede Kamer der Staten-Generaal
Den Haag, 3 mei 2024
Middels deze brief informeer ik uw Kamer, mede namens de Minister van Defensie, over
de stand van zaken met betrekking tot de Europese Vredesfaciliteit (EPF).1 Hiermee wordt
tevens opvolging gegeven aan de moties Van Dijk.2
Achtergrond
Op 22 maart 2021 werd het Raadsbesluit tot oprichting van de EPF3 aangenomen. Het
klimaatakkoord van de COP28 staat hier los van.
Transparantie
Nederland zet zich in voor meer transparantie over de leveringen.
De Minister van Buitenlandse Zaken, H.G.J. Bruins Slot
Noot
1
Kamerstuk 21 501-02, nr. 2593.
Noot
2
Kamerstuk 21 501-02, nr. 2750 en nr. 2751.
Noot
3
Besluit (GBVB) 2021/509 van de Raad van 22 maart 2021.
Naar boven
Kerngegevens
Nummer: 2024D18036
Datum: 3 mei 2024"""


@pytest.mark.parametrize("layout", ["single line breaks", "blank lines"])
def test_page_copy_metadata_from_the_letter_head_after_site_chrome(tmp_path, layout):
    text = TK_LETTER if layout == "single line breaks" else _blank_lines(TK_LETTER)
    meta = _ingest(tmp_path, "tk.txt", text).metadata
    assert meta.title == "Periodieke update Europese Vredesfaciliteit (EPF)"  # the page's own title
    assert meta.kamerstuk == "21 501-02, nr. 2893"
    assert (meta.date, meta.date_source) == ("2024-05-03", "letter")
    assert meta.document_type == "brief"
    assert meta.sender == "Minister van Buitenlandse Zaken" and meta.signatory == "H.G.J. Bruins Slot"


@pytest.mark.parametrize("layout", ["single line breaks", "blank lines"])
def test_page_copy_footnote_block_is_read_and_markers_leave_the_body(tmp_path, layout):
    text = TK_LETTER if layout == "single line breaks" else _blank_lines(TK_LETTER)
    doc = _ingest(tmp_path, "tk.txt", text)
    assert [(f.n, f.text) for f in doc.footnotes] == [
        (1, "Kamerstuk 21 501-02, nr. 2593."), (2, "Kamerstuk 21 501-02, nr. 2750 en nr. 2751."),
        (3, "Besluit (GBVB) 2021/509 van de Raad van 22 maart 2021.")]
    body = _body(doc)
    assert "EPF aangenomen" in body and "EPF3" not in body  # a marker after capitals, confirmed by note 3
    assert "COP28" in body  # a name with a number: no footnote 28 on the page
    assert not any(w.startswith("footnote markers without") for w in doc.warnings)
    assert sorted(n for b in doc.blocks for n in b.footnote_refs) == [1, 2, 3]


def test_page_copy_has_no_site_chrome_in_body_and_headings_are_siblings(tmp_path):
    doc = _sections(_ingest(tmp_path, "tk.txt", _blank_lines(TK_LETTER)))
    body = _body(doc)
    for chrome in CHROME + ("Bruins Slot", "Noot"):
        assert chrome not in body, chrome
    # The signature is no heading, so nothing after it is nested under it.
    assert [(s.heading, s.level) for s in doc.sections if s.heading] == [("Achtergrond", 1), ("Transparantie", 1)]


# https://zoek.officielebekendmakingen.nl/kst-34700-19.html (the page's metadata table as a copy glues
# its cells; the letter head after it)
OB_INFORMATEUR = """Kamerstuk

Datum publicatieOrganisatieVergaderjaarDossier- en ondernummer
Tweede Kamer der Staten-Generaal2016-201734700 nr. 19

34 700 Kabinetsformatie 2017

Nr. 19 BRIEF VAN DE INFORMATEUR

Aan de Voorzitter van de Tweede Kamer der Staten-Generaal

Den Haag, 29 mei 2017

Op woensdag 17 mei jongstleden startte ik als informateur een verkennend onderzoek naar de mogelijkheden
voor een coalitie die kan rekenen op een vruchtbare samenwerking met het parlement. Dit onderzoek rond ik
vandaag af.

Dit is de feitelijke situatie.
"""


def test_metadata_table_of_an_officielebekendmakingen_page_is_not_body(tmp_path):
    doc = _ingest(tmp_path, "ob.txt", OB_INFORMATEUR)
    meta = doc.metadata
    assert meta.kamerstuk == "34 700, nr. 19" and meta.date == "2017-05-29"
    assert meta.sender == "Informateur" and meta.title == "Kabinetsformatie 2017"
    assert "Datum publicatie" not in _body(doc) and "Kamerstuk" not in _body(doc)
    assert doc.blocks[0].text.startswith("Op woensdag 17 mei")


def test_table_alone_gives_the_kamerstuk(tmp_path):
    """Without a dossier line in the copy, the page's table still names the Kamerstuk."""
    text = OB_INFORMATEUR.replace("34 700 Kabinetsformatie 2017\n\n", "")
    assert _ingest(tmp_path, "ob.txt", text).metadata.kamerstuk == "34 700, nr. 19"


# https://www.tweedekamer.nl/kamerstukken/brieven_regering/detail?did=2022D06725&id=2022Z03223
# (addressee and place/date joined on one line, as a copy of the page's head can give them)
def test_addressee_and_date_on_one_line(tmp_path):
    text = ("35 165 Verkiezingen\n\nNr. 46 BRIEF VAN DE MINISTER VAN BINNENLANDSE ZAKEN EN KONINKRIJKSRELATIES\n\n"
            "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal Den Haag, 21 februari 2022\n\n"
            "In deze brief informeer ik u over een aantal kiesrechtzaken.\n\n"
            "Voorbereiding gemeenteraadsverkiezingen\n\n"
            "In 334 gemeenten vinden gemeenteraadsverkiezingen plaats op 14, 15 en 16 maart aanstaande.\n")
    doc = _ingest(tmp_path, "bzk.txt", text)
    assert (doc.metadata.date, doc.metadata.date_source) == ("2022-02-21", "letter")
    assert doc.metadata.kamerstuk == "35 165, nr. 46"
    assert doc.metadata.sender == "Minister van Binnenlandse Zaken en Koninkrijksrelaties"
    assert "Aan de Voorzitter" not in _body(doc)


# https://www.tweedekamer.nl/kamerstukken/brieven_regering/detail?did=2020D10801&id=2020D10801
# (two dossiers, two ministers; the one-line signatures are of the kind the page prints)
def test_two_dossiers_and_several_one_line_signatures(tmp_path):
    text = ("29 521 Nederlandse deelname aan vredesmissies\n"
            "34 952 Investeren in Perspectief – Goed voor de Wereld, Goed voor Nederland\n"
            "Nr. 403 BRIEF VAN DE MINISTERS VAN BUITENLANDSE ZAKEN EN VOOR BUITENLANDSE HANDEL EN "
            "ONTWIKKELINGSSAMENWERKING\n"
            "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\nDen Haag, 17 maart 2020\n\n"
            "Hierbij ontvangt u, mede namens de Minister van Defensie, de brief die aan dat verzoek tegemoetkomt.\n\n"
            "De Sahel\n\nDe Sahelregio illustreert de toenemende mondiale vervlechting van armoede en fragiliteit.\n\n"
            "De Minister van Buitenlandse Zaken, S.A. Blok\n"
            "De Minister voor Buitenlandse Handel en Ontwikkelingssamenwerking, S.A.M. Kaag\n")
    doc = _ingest(tmp_path, "bz.txt", text)
    meta = doc.metadata
    assert meta.kamerstuk == "29 521, nr. 403"  # the nr. belongs to the first dossier
    assert meta.sender == "Minister van Buitenlandse Zaken en Minister voor Buitenlandse Handel en " \
                          "Ontwikkelingssamenwerking"
    assert meta.signatory == "S.A. Blok; S.A.M. Kaag"
    assert "Blok" not in _body(doc) and "Kaag" not in _body(doc)


# https://zoek.officielebekendmakingen.nl/kst-21501-02-2602.html (a covering letter signed on one line,
# then the report it covers)
def test_signature_of_a_covering_letter_before_its_report(tmp_path):
    text = ("21 501-02 Raad Algemene Zaken en Raad Buitenlandse Zaken\n\n"
            "Nr. 2602 BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN\n\n"
            "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\nDen Haag, 31 januari 2023\n\n"
            "Hierbij bied ik u het verslag aan van de Raad Buitenlandse Zaken van 23 januari 2023.\n\n"
            "De Minister van Buitenlandse Zaken, W.B. Hoekstra\n\n"
            "VERSLAG RAAD BUITENLANDSE ZAKEN VAN 23 JANUARI 2023\n\n"
            "Op maandag 23 januari vond de Raad Buitenlandse Zaken (RBZ) plaats.\n\n"
            "Russische agressie jegens Oekraïne\n\n"
            "De Raad sprak over de Russische agressie jegens Oekraïne.\n\n"
            "Sahel\n\nDe Raad sprak over de Sahel en de West-Afrikaanse kuststaten.\n")
    doc = _sections(_ingest(tmp_path, "rbz.txt", text))
    assert doc.metadata.sender == "Minister van Buitenlandse Zaken" and doc.metadata.signatory == "W.B. Hoekstra"
    assert doc.metadata.date == "2023-01-31"
    headings = [s.heading for s in doc.sections if s.heading]
    assert not any("Hoekstra" in h for h in headings)
    levels = {s.heading: s.level for s in doc.sections if s.heading}
    assert levels["Russische agressie jegens Oekraïne"] == levels["Sahel"]


# https://zoek.officielebekendmakingen.nl/kst-35165-9.html (the kamerstukkop set over two lines each, as
# the publication's print layout sets it)
def test_number_and_type_on_separate_lines(tmp_path):
    text = ("Tweede Kamer der Staten-Generaal\nVergaderjaar 2018–2019\n\n35 165\n\nVerkiezingen\n\nNr. 9\n\n"
            "BRIEF VAN DE MINISTER VAN BINNENLANDSE ZAKEN EN KONINKRIJKSRELATIES\n\n"
            "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\nDen Haag, 14 juni 2019\n\n"
            "In 2019 wordt de verworvenheid van 100 jaar algemeen kiesrecht voor mannen en vrouwen herdacht.\n")
    meta = _ingest(tmp_path, "kst.txt", text).metadata
    assert meta.kamerstuk == "35 165, nr. 9" and meta.title == "Verkiezingen" and meta.date == "2019-06-14"
    assert meta.sender == "Minister van Binnenlandse Zaken en Koninkrijksrelaties"


# https://zoek.officielebekendmakingen.nl/kst-35510-130.html (a committee's report: `Vastgesteld <date>`,
# signed by the committee's chair and clerk by surname)
def test_report_of_a_committee(tmp_path):
    text = ("35 510 Parlementaire ondervraging kinderopvangtoeslag\n\n"
            "Nr. 130 VERSLAG VAN EEN SCHRIFTELIJK OVERLEG\n\nVastgesteld 25 mei 2023\n\n"
            "De vaste commissie voor Financiën heeft een aantal vragen en opmerkingen voorgelegd aan de "
            "Staatssecretaris van Financiën.\n\n"
            "De voorzitter van de commissie, Tielen\n\nDe adjunct-griffier van de commissie, Kruithof\n\n"
            "Inleiding\n\nBijgaand treft u de reactie op de gezonden vragen.\n")
    doc = _ingest(tmp_path, "vso.txt", text)
    assert doc.metadata.document_type == "verslag van een schriftelijk overleg"
    assert (doc.metadata.date, doc.metadata.kamerstuk) == ("2023-05-25", "35 510, nr. 130")
    assert doc.metadata.sender is None  # a committee's report: its chair and clerk are no sending office
    assert "Tielen" not in _body(doc) and "Kruithof" not in _body(doc)


# https://tweedekamer.nl/kamerstukken/kamervragen/detail?did=2025D04328&id=2025D04328
ANSWERS_ONE_MEMBER = """Antwoord schriftelijke vragen : Antwoord op vragen van het lid Erkens over overbodige functies, adviesorganen en doublures bij de Rijksoverheid in relatie tot voorgenomen besparingen op het overheidsapparaat
Preview document
Vragen van het lid Erkens (VVD) aan de Minister van Binnenlandse Zaken en Koninkrijksrelaties over overbodige functies, adviesorganen en doublures bij de Rijksoverheid in relatie tot voorgenomen besparingen op het overheidsapparaat (ingezonden 20 december 2024).
Antwoord van Minister Uitermark (Binnenlandse Zaken en Koninkrijksrelaties) (ontvangen
4 februari 2025). Zie ook Aanhangsel Handelingen, vergaderjaar 2024–2025, nr. 1028.
Vraag 1
Deelt u de mening dat de Rijksoverheid significant is gegroeid de laatste jaren terwijl
de slagvaardigheid niet evenredig is toegenomen? Zo nee, waarom niet?
Antwoord 1
De Rijksoverheid is inderdaad significant gegroeid. De cijfers opgenomen in de Jaarrapportage
Bedrijfsvoering Rijk (JBR) laten dit zien.
Vraag 2
Kunt u aangeven hoeveel jaar groei van de Rijksoverheid wordt teruggedraaid?
Antwoord 2
Uit de budgettaire bijlage bij het hoofdlijnenakkoord volgt dat de apparaatsuitgaven
structureel met circa 1 mld. worden verminderd.
Naar boven"""

# https://www.tweedekamer.nl/kamerstukken/kamervragen/detail?did=2022D31072&id=2022Z10576
ANSWERS_THREE_MEMBERS = """Vragen van de leden Bouchallikh, Bromet en Kröger (allen GroenLinks) aan de Staatssecretaris van Infrastructuur en Waterstaat en de Ministers van Infrastructuur en Waterstaat, voor Volkshuisvesting en Ruimtelijke Ordening en voor Landbouw, Natuur en Voedselkwaliteit over het bericht dat Nederland geen gezonde leefomgeving biedt aan kinderen (ingezonden 30 mei 2022).

Antwoord van Staatssecretaris Heijnen (Infrastructuur en Waterstaat), mede namens de Ministers voor Volkshuisvesting en Ruimtelijke Ordening, van Landbouw, Natuur en Voedselkwaliteit (ontvangen 14 juli 2022).

Vraag 1

Bent u bekend met het bericht «Unicef: Nederland biedt kinderen geen gezonde leefomgeving»?

Antwoord 1

Ja.

Vraag 2

Deelt u de mening dat het zeer zorgelijk is dat een welvarend land als Nederland er niet in slaagt om kinderen een gezonde leefomgeving te bieden? Zo nee, waarom niet?

Antwoord 2

Inwoners van Nederland vertrouwen erop dat hun leefomgeving in orde is: gezond, schoon en veilig.

Om die reden zou ik de situatie in Nederland niet zeer zorgelijk willen noemen.
"""


def test_answers_to_written_questions_metadata(tmp_path):
    meta = _ingest(tmp_path, "vragen.txt", ANSWERS_ONE_MEMBER).metadata
    assert meta.document_type == "antwoord op kamervragen"
    assert meta.title.startswith("Antwoord op vragen van het lid Erkens over overbodige functies")
    assert meta.questioners == ["Erkens"] and meta.questions_date == "2024-12-20"
    assert (meta.date, meta.date_source) == ("2025-02-04", "letter")  # the answers were received
    assert meta.sender == "Minister van Binnenlandse Zaken en Koninkrijksrelaties"
    assert meta.kamerstuk is None  # an Aanhangsel number is not a Kamerstuk

    meta = _ingest(tmp_path, "vragen3.txt", ANSWERS_THREE_MEMBERS).metadata
    assert meta.questioners == ["Bouchallikh", "Bromet", "Kröger"] and meta.questions_date == "2022-05-30"
    assert meta.sender == "Staatssecretaris van Infrastructuur en Waterstaat" and meta.date == "2022-07-14"
    assert meta.title is None  # no page title in this copy, and the intro states none


@pytest.mark.parametrize("text", [ANSWERS_ONE_MEMBER, ANSWERS_THREE_MEMBERS])
def test_each_question_and_its_answer_is_one_section_with_role_answer(tmp_path, text):
    doc = _sections(_ingest(tmp_path, "vragen.txt", text))
    classify(doc, load_taxonomy(resolve_path(CFG.classify.taxonomy)))
    assert [(s.heading, s.level) for s in doc.sections] == [("Vraag 1", 1), ("Vraag 2", 1)]
    assert all(s.role == ANSWER_ROLE for s in doc.sections)
    body = _body(doc)
    for furniture in ("Antwoord 1", "Antwoord 2", "ingezonden", "ontvangen", "Aanhangsel", "Preview document",
                      "Naar boven"):
        assert furniture not in body, furniture
    second = doc.sections[1]
    assert second.paragraphs[0].text.startswith(("Kunt u", "Deelt u"))  # the question first, then the answer
    assert len(second.paragraphs) >= 2


def test_question_labels_need_their_sequence():
    assert question_labels(["Vraag 1", "x", "Antwoord 1", "y", "Vraag 2", "z", "Antwoord 2"]) == [0, 2, 4, 6]
    # A sentence starting with the word is no label; numbers out of order are no answer document.
    assert question_labels(["Vraag 2", "x", "Antwoord 2"]) == []
    assert question_labels(["Vraag 1 is beantwoord in de vorige brief.", "Antwoord 1"]) == []


def test_answer_intro_helpers():
    assert split_names("Omtzigt (CDA), Gesthuizen (SP) en Schouw (D66)") == ["Omtzigt", "Gesthuizen", "Schouw"]
    assert answering_office("Minister Uitermark (Binnenlandse Zaken en Koninkrijksrelaties)") == \
        "Minister van Binnenlandse Zaken en Koninkrijksrelaties"
    assert answering_office("Minister Jetten (Klimaat en Energie)") == "Minister voor Klimaat en Energie"
    assert answering_office("Staatssecretaris Teeven (Veiligheid en Justitie) mede namens") == \
        "Staatssecretaris van Veiligheid en Justitie"


def test_page_titles_give_their_subject():
    assert page_title_subject("Brief regering : Fraude in de sociale zekerheid") == "Fraude in de sociale zekerheid"
    assert page_title_subject("Evaluatie Wet op de Inlichtingen- en Veiligheidsdiensten 2002; Brief regering; "
                              "Kabinetsreactie op het rapport") == "Kabinetsreactie op het rapport"
    plain = "Geannoteerde agenda Raad Buitenlandse Zaken"
    assert page_title_subject(plain) == plain


def test_markers_are_taken_in_sequence_only_for_notes_the_page_prints():
    text, taken, nxt = remove_markers("via EMSA1 en de COP28 en de JBR2.", [1, 2], 1)
    assert (text, taken, nxt) == ("via EMSA en de COP28 en de JBR.", [1, 2], 3)
    # "COVID-19" is a name: no marker after a hyphen; a number that is not next stays.
    assert remove_markers("COVID-19 en F-35", [19, 35], 19)[1] == []
    assert remove_markers("het EMSA2 en", [1, 2], 1)[1] == []


def test_notes_show_who_asked_and_when(tmp_path):
    doc = _sections(_ingest(tmp_path, "vragen.txt", ANSWERS_ONE_MEMBER))
    for note in (render_markdown(doc), render_html(doc)):
        assert "Questions by" in note and "Erkens" in note and "2024-12-20" in note


# https://berthub.eu/tkconv/document.html?nummer=2025D34162 (a mirror of the tweedekamer.nl page: its
# navigation, the document's title, dossier and kind, the mirror's metadata lines, then the letter)
MIRROR_PAGE = """[overzicht] [activiteiten] [besluiten] [commissies] [kamerleden] [kamerstukdossiers]
[toezeggingen] [stemmingen] [verslagen] [wat is dit?]

PFAS verzamelbrief

Problematiek rondom stikstof en PFAS

Brief regering

Nummer: 2025D34162, datum: 2025-07-21, bijgewerkt: 2025-07-21 14:17, versie: 1

Directe link naar document (.docx), link naar pagina op de Tweede Kamer site.

Onderdeel van kamerstukdossier 35334 -407 Problematiek rondom stikstof en PFAS.

Preview document (🔗 origineel)


Geachte voorzitter,

Met deze brief ontvangt u een overzicht van ontwikkelingen rondom PFAS.

Inleiding

PFAS-verbindingen vormen een groep van chemische stoffen die schadelijk kunnen zijn voor de gezondheid.
"""


def test_mirror_page_head_gives_title_date_and_kamerstuk(tmp_path):
    doc = _sections(_ingest(tmp_path, "mirror.txt", MIRROR_PAGE))
    meta = doc.metadata
    assert (meta.title, meta.date, meta.kamerstuk) == ("PFAS verzamelbrief", "2025-07-21", "35 334, nr. 407")
    assert meta.document_type == "brief"
    body = _body(doc)
    for chrome in ("[overzicht]", "Nummer:", "kamerstukdossier", "Preview document", "Geachte voorzitter"):
        assert chrome not in body, chrome
    assert [s.heading for s in doc.sections if s.heading] == ["Inleiding"]


def test_budget_chapter_is_cited_after_a_space():
    assert kamerstuk_citation(["34300-VII"], "60") == "34 300 VII, nr. 60"
    assert kamerstuk_citation(["21501-32"], "1691") == "21 501-32, nr. 1691"


# https://www.tweedekamer.nl/kamerstukken/kamervragen/detail?did=2024D18841&id=2024Z06427 (a marker after
# the question mark; the copy stops before the footnotes)
def test_marker_after_a_question_mark_leaves_the_body(tmp_path):
    text = ("Vragen van het lid Sneller (D66) aan de Minister en Staatssecretaris van Binnenlandse Zaken en "
            "Koninkrijksrelaties over het onderzoek naar het toekomstbestendig maken van uitvoeringsorganisaties "
            "(ingezonden 12 april 2024).\n\nAntwoord van Staatssecretaris Van Huffelen (Binnenlandse Zaken en "
            "Koninkrijksrelaties)\n(ontvangen 14 mei 2024).\n\nVraag 1\n\nKunt u een beleidsreactie geven op de "
            "aanbevelingen in het artikel «Uitvoeringsorganisaties moeten aanbevelingen uit evaluaties opvolgen» "
            "in Economische Statistische Berichten (ESB) van 29 maart 2024?1\n\nAntwoord 1\n\nDe in het "
            "ESB-artikel genoemde correlatie is een goed voorstelbaar inzicht.\n")
    doc = _ingest(tmp_path, "sneller.txt", text)
    assert doc.blocks[1].text.endswith("29 maart 2024?") and doc.blocks[1].footnote_refs == [1]
    assert doc.metadata.sender == "Staatssecretaris van Binnenlandse Zaken en Koninkrijksrelaties"
    assert doc.metadata.questioners == ["Sneller"] and doc.metadata.date == "2024-05-14"


# https://zoek.officielebekendmakingen.nl/kst-35010-C.html (an Eerste Kamer stuk: lettered, `Ontvangen <date>`)
def test_eerste_kamer_stuk_is_cited_by_its_letter(tmp_path):
    text = ("35 010 Wijziging van de Wet op het kindgebonden budget in verband met het verhogen van de "
            "inkomensgrens van het kindgebonden budget voor paren\n\nC MEMORIE VAN ANTWOORD\n\n"
            "Ontvangen 26 april 2019\n\nInleiding\n\nDe regering heeft met belangstelling kennisgenomen van de "
            "vragen die de leden van de fracties hebben gesteld.\n\nVoorgestelde regeling\n\nDe leden van de "
            "VVD-fractie constateren dat het inkomensbeleid gericht is geweest op de laagste inkomens.\n")
    doc = _ingest(tmp_path, "ek.txt", text)
    meta = doc.metadata
    assert (meta.kamerstuk, meta.document_type, meta.date) == ("35 010, C", "memorie van antwoord", "2019-04-26")
    assert meta.title.startswith("Wijziging van de Wet op het kindgebonden budget")  # the dossier title
    assert "MEMORIE VAN ANTWOORD" not in _body(doc)


def test_title_of_the_covered_document_after_the_signature_is_a_top_heading(tmp_path):
    """A covering letter, signed, then the document it covers, whose first line (naming a document
    type) is that document's title, however long (text of the 002 sample's kind)."""
    text = ("21 501-02 Raad Algemene Zaken en Raad Buitenlandse Zaken\n\n"
            "Nr. 2891 BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN\n\n"
            "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\nDen Haag, 9 februari 2024\n\n"
            "Hierbij bied ik u de geannoteerde agenda aan voor de Raad Buitenlandse Zaken van 19 februari 2024.\n\n"
            "De Minister van Buitenlandse Zaken\n\n"
            "Geannoteerde agenda van de Raad Buitenlandse Zaken van 19 februari 2024 in Brussel en de Raad "
            "Algemene Zaken\n\nRussische agressie tegen Oekraïne\n\n"
            "De Raad zal spreken over de voortdurende Russische agressie tegen Oekraïne.\n")
    doc = _ingest(tmp_path, "gea.txt", text)
    assert doc.metadata.sender == "Minister van Buitenlandse Zaken"
    assert doc.blocks[1].kind == "heading" and doc.blocks[1].level == 1
    assert doc.blocks[1].text.startswith("Geannoteerde agenda van de Raad Buitenlandse Zaken")
    assert "De Minister van Buitenlandse Zaken" not in _body(doc)


def test_a_nr_line_run_onto_the_dossier_line_is_the_stuks_number(tmp_path):
    text = ("Tweede Kamer der Staten-Generaal\n\nVergaderjaar 2023–2024\n\n"
            "36 512 Bescherming van kritieke onderzeese infrastructuur Nr. 7\n\n"
            "BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN\n\n"
            "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\nDen Haag, 31 januari 2024\n\n"
            "Hierbij informeer ik uw Kamer over de bescherming van de infrastructuur in de Noordzee.\n")
    doc = _ingest(tmp_path, "brief.txt", text)
    assert doc.metadata.kamerstuk == "36 512, nr. 7"
    assert doc.metadata.title == "Bescherming van kritieke onderzeese infrastructuur"


def test_a_date_wrapped_before_its_year_in_the_head_still_dates_the_letter(tmp_path):
    text = ("Tweede Kamer der Staten-Generaal\nVergaderjaar 2023–2024\n29 023 Leveringszekerheid gas\n"
            "Nr. 473 BRIEF VAN DE MINISTER VAN\nECONOMISCHE ZAKEN EN KLIMAAT\n"
            "Aan de Voorzitter van de Tweede Kamer der\nStaten-Generaal Den Haag, 14 november\n2023\n\n"
            "In deze brief informeer ik uw Kamer over de leveringszekerheid van gas.\n")
    assert _ingest(tmp_path, "brief.txt", text).metadata.date == "2023-11-14"


def test_a_stuk_title_wrapped_in_the_office_name_is_rejoined(tmp_path):
    text = ("Tweede Kamer der Staten-Generaal\n\nVergaderjaar 2023–2024\n\n"
            "21 501-02 Geannoteerde agenda Raad Buitenlandse Zaken van 19 februari 2024\n\n"
            "Nr. 2891 BRIEF VAN DE MINISTER VAN BUITENLANDSE\n\nZAKEN\n\n"
            "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\nDen Haag, 9 februari 2024\n\n"
            "Hierbij bied ik u de geannoteerde agenda aan voor de Raad Buitenlandse Zaken.\n")
    doc = _ingest(tmp_path, "brief.txt", text)
    assert doc.metadata.title == "Geannoteerde agenda Raad Buitenlandse Zaken van 19 februari 2024"
    assert doc.metadata.sender == "Minister van Buitenlandse Zaken"


@pytest.mark.parametrize("split", ["ZAKEN\n\nEN KLIMAAT", "ZAKEN EN\n\nKLIMAAT"])
def test_a_stuk_title_wrapped_around_its_conjunction_is_read_whole(tmp_path, split):
    # A title line neither ends nor starts in a conjunction: the capitals line after the Nr. line
    # goes on with it even where a gap (a PDF's spacing) set it apart.
    text = ("29 023 Leveringszekerheid gas winter 2023-2024\n\n"
            f"Nr. 473 BRIEF VAN DE MINISTER VAN ECONOMISCHE {split}\n\n"
            "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\nDen Haag, 14 november 2023\n\n"
            "In deze brief informeer ik uw Kamer over de leveringszekerheid van gas voor de komende winter.\n")
    doc = _ingest(tmp_path, "ezk.txt", text)
    assert doc.metadata.title == "Leveringszekerheid gas winter 2023-2024"
    assert doc.metadata.sender == "Minister van Economische Zaken en Klimaat"
    assert "KLIMAAT" not in _body(doc)
