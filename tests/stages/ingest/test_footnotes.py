"""Footnote blocks in text (`footnotes.separate_footnotes`): where a note's wrapped lines end and
where the rest of a note the page could not hold goes on. The older marker and block rules are
tested with the cleaning in test_clean.py."""

from __future__ import annotations

from pipeline.stages.ingest.footnotes import separate_footnotes
from pipeline.stages.ingest.linewidth import LineWidth
from pipeline.stages.ingest.textshape import BLANK, PAGE

# A 40-column text export: a line the layout wrapped would have reached column 41 with the next word.
WIDTH = LineWidth(threshold=41, column=40)
# The same column, set justified: a body line that goes on is stretched to it.
JUSTIFIED = LineWidth(threshold=41, column=40, justified=True)


def _body(stream: list[tuple]) -> str:
    return " ".join(item[1] for item in stream if item not in (BLANK, PAGE))


def _notes(pages: list[list[str]], exact: bool = False, width: LineWidth = WIDTH) -> tuple[dict[int, str], str]:
    stream, notes, _ = separate_footnotes(pages, exact, width)
    return dict(notes), _body(stream)


def _first_page(*note_2: str, gap: str = " ") -> list[str]:
    """Page 1 of a two-page case: body with markers 1 and 2, note 1 whole, note 2's `note_2` lines
    at the page foot (its rest is the next page's to find); `gap` sets the notes' number gap."""
    return ["Het kabinet steunt de richtlijnen.1 Het", "kabinet voert de motie uit.2 Dat gebeurt", "",
            f"1{gap}Kamerstuk 21 501-02, nr. 2812", *note_2]


def test_the_setting_is_forty_columns():
    # the inputs below are written for WIDTH: their full lines reach (nearly) 40 columns
    assert WIDTH.wrapped("1  Kamerstuk 21 501-20, nr. 1234 over", "   het") is True
    assert WIDTH.wrapped("Het kabinet deelt die zorg.", "Daarom") is False


# --- a note's wrapped lines stand in its own column -------------------------------------------

def test_a_flush_line_under_a_hanging_note_line_is_the_next_pages_body():
    page = ["Het kabinet steunt het voorstel van de",
            "Commissie.1 Ook de lidstaten zijn het",
            "",
            "1  Kamerstuk 21 501-20, nr. 1234 over",
            "   het voorstel van de Europese Commissie",
            "eens met de aanpak van dit probleem."]
    notes, body = _notes([page])
    assert notes[1] == "Kamerstuk 21 501-20, nr. 1234 over het voorstel van de Europese Commissie"
    assert body.endswith("zijn het eens met de aanpak van dit probleem.")


def test_notes_that_hang_under_their_text_never_wrap_flush():
    # the first note shows how the letter sets its notes (hanging); a flush line under the second
    # note, one line long, is the next page's body although it would not have fitted on it
    page = ["De Raad besprak het voorstel.1 Daarna",
            "volgde de evaluatie van het fonds.2 Het",
            "",
            "1  Kamerstuk 21 501-20, nr. 1234 over",
            "   het voorstel van de Commissie",
            "2  Evaluatie van het Europese fonds 2024",
            "kabinet steunt de aanbevelingen daarvan."]
    notes, body = _notes([page])
    assert notes[2] == "Evaluatie van het Europese fonds 2024"
    assert body.endswith("Het kabinet steunt de aanbevelingen daarvan.")


def test_a_hanging_line_is_the_notes_even_when_the_next_pages_body_carries_a_marker():
    # the body's paragraphs start five columns in, the note hangs at three: the hanging line is
    # the note's, and the flush line under it (carrying marker 2) the next page's body
    page = ["     Het kabinet heeft in 2023 een nieuw",
            "meldpunt1 ingericht voor de beheerders",
            "1  Kamerstuk 21 501-02, nr. 2812 (verslag",
            "   van het commissiedebat van 12 maart)",
            "waar zij verdachte activiteiten melden.2",
            "",
            "2  Zie de website van het meldpunt."]
    notes, body = _notes([page])
    assert notes == {1: "Kamerstuk 21 501-02, nr. 2812 (verslag van het commissiedebat van 12 maart)",
                     2: "Zie de website van het meldpunt."}
    assert "verdachte activiteiten melden." in body


def test_a_note_ending_in_a_bracketed_host_is_finished():
    # a web citation as a link's text gives it ends with the site's host, as a URL ends its note
    page = ["Het pakket sancties werd besproken.1 De",
            "EU blijft nauw samenwerken met haar",
            "1 Special European Council (europa.eu)",
            "bondgenoten in de regio en daarbuiten."]
    notes, body = _notes([page])
    assert notes[1] == "Special European Council (europa.eu)"
    assert body.endswith("samenwerken met haar bondgenoten in de regio en daarbuiten.")


def test_a_capitalised_line_after_a_reference_number_is_not_the_notes():
    # "… nr. 1615" completes the citation: a capitalised line under it (a heading at the next
    # page's top) does not continue the note; a lower-case one may
    page = ["De Commissie presenteerde het voorstel.1",
            "",
            "1 Zie het verslag van de Raad, Kamerstuk",
            "21 501-32, nr. 1615",
            "Niet-wetgevingsonderwerpen",
            "",
            "De Commissie informeert de Raad."]
    notes, body = _notes([page])
    assert notes[1] == "Zie het verslag van de Raad, Kamerstuk 21 501-32, nr. 1615"
    assert body.startswith("De Commissie presenteerde het voorstel. Niet-wetgevingsonderwerpen")
    # nor after a remark in brackets closing the reference
    page[2:4] = ["1 Kamerstuk 32 317, nr. 872 (verslag van", "het commissiedebat van 28 februari 2024)"]
    notes, body = _notes([page])
    assert notes[1] == "Kamerstuk 32 317, nr. 872 (verslag van het commissiedebat van 28 februari 2024)"
    assert "Niet-wetgevingsonderwerpen" in body


# --- a wrapped date is no second start of the note ------------------------------------------

def test_a_day_number_the_layout_wrapped_onto_the_next_line_is_no_note_start():
    page = ["Het verslag volgt.1 De Raad kwam bijeen.",
            "",
            "1 Kamerstuk 32 317, nr. 865 (verslag van",
            "1 december 2023)"]
    notes, _ = _notes([page], exact=True)
    assert notes[1] == "Kamerstuk 32 317, nr. 865 (verslag van 1 december 2023)"


# --- the rest of a note on the next page -------------------------------------------------------

PAGE1 = _first_page("2 Richtlijn (EU) 2022/2557 over de", "weerbaarheid van kritieke entiteiten en")


def test_the_rest_of_a_note_under_the_next_pages_rule_runs_over_several_lines():
    # no form feeds: the gap after page 1's notes closed their block; the body above page 2's
    # rule breaks off mid-sentence
    page2 = ["",
             "in de Raad. Ook steunt het kabinet een",
             "nieuw plan.3 Daarover meer in de",
             "",
             "--------------------",
             "Richtlijn (EU) 2022/2555 over een hoge",
             "gemeenschappelijke cyberbeveiliging",
             "3 Motie Van der Berg c.s."]
    notes, body = _notes([PAGE1 + page2])
    assert notes[2].endswith("entiteiten en Richtlijn (EU) 2022/2555 over een hoge gemeenschappelijke cyberbeveiliging")
    assert notes[3] == "Motie Van der Berg c.s."
    assert "cyberbeveiliging" not in body


def test_under_the_rule_a_number_no_note_can_carry_is_a_word_of_the_rest():
    page1 = ["Het kabinet verwijst naar het verslag.1",
             "",
             "1 Zie het verslag van de Europese Raad van"]
    page2 = ["Meer tekst van de brief.",
             "",
             "--------------------",
             "14 en 15 december 2023, Kamerstuk 21",
             "501-20, nr. 2010."]
    notes, body = _notes([page1, page2], exact=True)
    assert notes[1] == "Zie het verslag van de Europese Raad van 14 en 15 december 2023, Kamerstuk 21 501-20, nr. 2010."
    assert body.endswith("Meer tekst van de brief.")


def test_the_rest_of_a_note_after_the_gap_under_the_next_pages_body():
    # no form feeds, no running lines: the page break shows as the gap under the note block
    page = PAGE1 + ["", "gebeurt in de Raad. Het kabinet steunt",
                    "ook de andere voorstellen van de",
                    "Commissie en wacht de uitwerking af. De",
                    "lidstaten delen die opvatting en zullen",
                    "de Commissie daarover informeren. Ook",
                    "de Raad zelf zal zich daarover buigen",
                    "en een besluit nemen over het plan.3",
                    "",
                    "gemeenschappelijke cyberbeveiliging",
                    "3 Motie Van der Berg c.s."]
    notes, body = _notes([page])
    assert notes[2].endswith("entiteiten en gemeenschappelijke cyberbeveiliging")
    assert notes[3] == "Motie Van der Berg c.s."
    # flush and opening with a number (a reference's year), as a wrapped note goes on
    page = PAGE1 + ["", "gebeurt in de Raad. De lidstaten delen", "die opvatting.3", "", "2002/58/EG, PbEU 2021, L 274",
                    "3 Motie Van der Berg c.s."]
    notes, _ = _notes([page])
    assert notes[2].endswith("entiteiten en 2002/58/EG, PbEU 2021, L 274")


def test_the_rest_of_a_hanging_note_right_under_a_finished_body_line():
    # no gap between body and notes: the hanging rest follows a body line the author ended
    page1 = ["Het kabinet heeft de gemeenten gevraagd.1",
             "1  Autoriteit Persoonsgegevens, advies",
             "   over de gegevensuitwisseling met de"]
    page2 = ["Daarna volgt de uitwerking.2",
             "   gemeenten, 6 maart 2024",
             "2  Kamerstuk 31 322, nr. 517"]
    notes, body = _notes([page1, page2])
    assert notes == {1: "Autoriteit Persoonsgegevens, advies over de gegevensuitwisseling met de gemeenten, 6 maart 2024",
                     2: "Kamerstuk 31 322, nr. 517"}
    assert body.endswith("Daarna volgt de uitwerking.")


def test_the_rest_of_a_note_alone_at_the_next_pages_foot():
    page2 = ["gebeurt in de Raad. Het kabinet steunt",
             "dat.",
             "",
             "gemeenschappelijke cyberbeveiliging"]
    notes, body = _notes([PAGE1, page2], exact=True)
    assert notes[2].endswith("entiteiten en gemeenschappelijke cyberbeveiliging")
    assert body.endswith("Het kabinet steunt dat.")


def test_what_is_not_the_rest_of_a_note():
    # a line the body wrapped into (no gap above it), a signature, and the body at the very top of
    # the next page stay the letter's own
    wrapped = ["gebeurt in de Raad. Het kabinet steunt de",
               "gemeenschappelijke cyberbeveiliging.3",
               "3 Motie Van der Berg c.s."]
    signature = ["gebeurt in de Raad.3", "", "de minister van Justitie, E.M. de Vries", "3 Motie Van der Berg c.s."]
    top = ["gebeurt in de Raad.", "", "Het kabinet steunt het plan."]
    for page2, own in ((wrapped, "steunt de gemeenschappelijke cyberbeveiliging."),
                       (signature, "de minister van Justitie, E.M. de Vries"), (top, "Het kabinet steunt het plan.")):
        notes, body = _notes([PAGE1, page2], exact=True)
        assert notes[2] == "Richtlijn (EU) 2022/2557 over de weerbaarheid van kritieke entiteiten en"
        assert body.endswith(own)


def test_notes_hang_alike_before_any_of_them_showed_it():
    # note 1 comes first, one line long, at a page foot; the letter's later notes hang under their
    # text, so the flush line under note 1 is the next page's body, not the note's rest
    page = ["De Raad besprak de steun aan de regio.1",
            "",
            "1  Kamerstuk 21 501-20, nr. 2003 over de",
            "luchtverdediging van de regio en de steun.",
            "Daarna volgde de evaluatie van het fonds.2",
            "Ook de Commissie gaf haar oordeel.3",
            "",
            "2  Evaluatie van het Europese fonds voor",
            "   de vrede 2024",
            "3  Mededeling van de Commissie over de",
            "   evaluatie van het fonds"]
    notes, body = _notes([page])
    assert notes == {1: "Kamerstuk 21 501-20, nr. 2003 over de",
                     2: "Evaluatie van het Europese fonds voor de vrede 2024",
                     3: "Mededeling van de Commissie over de evaluatie van het fonds"}
    assert "regio. luchtverdediging van de regio en de steun." in body


def test_a_note_carried_whole_to_the_next_page_starts_under_its_body():
    # form feeds, no gap before the notes: marker 2 fell on page 1's last body line, so note 2 stands
    # whole at page 2's foot, right under a body line that breaks off mid-sentence; the block runs
    # on to the page's end (each note wrapped over a few lines, one of them longer than the column)
    page1 = ["Het kabinet steunt het plan van de Raad.1",
             "De richtlijn is van groot belang.2 Het",
             "1 Kamerstuk 21 501-02, nr. 2812"]
    page2 = ["kabinet voert de motie uit3 door het",
             "onderwerp te agenderen in de Raad",
             "2 Richtlijn (EU) 2022/2557 over de",
             "weerbaarheid van kritieke entiteiten en",
             "Richtlijn (EU) 2022/2555 over een hoge",
             "gemeenschappelijke cyberbeveiliging",
             "3 Zie",
             "https://eur-lex.europa.eu/eli/dir/2022/2557/oj",
             "(geraadpleegd op 22 januari 2024)"]
    notes, body = _notes([page1, page2], exact=True)
    assert notes[2] == ("Richtlijn (EU) 2022/2557 over de weerbaarheid van kritieke entiteiten en Richtlijn (EU) "
                        "2022/2555 over een hoge gemeenschappelijke cyberbeveiliging")
    assert notes[3] == "Zie https://eur-lex.europa.eu/eli/dir/2022/2557/oj (geraadpleegd op 22 januari 2024)"
    assert body.endswith("te agenderen in de Raad")


def test_a_bare_number_under_a_finished_sentence_completes_a_reference_label():
    # no gap between body and notes: note 1 broke off on "nr."; on the next page the number it
    # calls for stands right under a body sentence that ended, above note 2
    page1 = ["Het kabinet steunt het voorstel.1 Het", "1 COM(2023) 411; BNC-fiche, Kamerstuk 22 112, nr."]
    page2 = ["kabinet dient een verklaring in.2 Die",
             "wordt besproken met de andere lidstaten.",
             "3778",
             "2 COM(2023) 770"]
    notes, body = _notes([page1, page2], exact=True)
    assert notes == {1: "COM(2023) 411; BNC-fiche, Kamerstuk 22 112, nr. 3778", 2: "COM(2023) 770"}
    assert body.endswith("besproken met de andere lidstaten.")


def test_an_enumeration_or_a_line_under_a_complete_reference_at_the_page_end_is_the_letters():
    # alone at the next page's foot, after a gap: a list item (Dutch items end in ";") and, under a
    # note that reached its reference's number, a lower-case line stay body text
    page1 = ["Het kabinet steunt de motie.1 Het", "1 Motie Van den Berg c.s., Kamerstuk 27 923, nr. 478"]
    page2 = ["kabinet neemt de volgende maatregelen:",
             "",
             "de regionale aanpak wordt verlengd tot",
             "en met het schooljaar 2025-2026;"]
    for first in (PAGE1, page1):
        notes, body = _notes([first, page2], exact=True)
        assert "schooljaar 2025-2026;" in body
        assert "schooljaar" not in " ".join(notes.values())


def test_a_note_ending_in_a_url_is_finished_before_a_capitalised_line():
    # no form feeds, no gap: the capitalised line under the URL would not have fitted on its line,
    # yet a URL is a note's last element (only a remark in brackets follows it): the next page's body
    page = ["De Commissie deed een aanbeveling.1 De",
            "stappen zijn in de",
            "",
            "1 https://www.consilium.europa.eu/a.pdf",
            "Commissie-aanbeveling uiteen gezet.",
            "",
            "Daarna sprak de Raad over het budget."]
    notes, body = _notes([page])
    assert notes[1] == "https://www.consilium.europa.eu/a.pdf"
    assert "in de Commissie-aanbeveling uiteen gezet." in body
    page[4] = "(geraadpleegd op 22 januari 2024)"
    notes, _ = _notes([page])
    assert notes[1] == "https://www.consilium.europa.eu/a.pdf (geraadpleegd op 22 januari 2024)"


def test_a_closing_formula_under_the_notes_is_the_letters():
    # no form feeds, no gap: "Hoogachtend," would not have fitted on the note's last line, yet a
    # letter's closing formula and signer line are never a note's words
    page = ["Het kabinet steunt de motie.1",
            "1 Regeling subsidie 2024, Stcrt. 2024, 81",
            "Hoogachtend,",
            "",
            "de minister van Onderwijs, Cultuur en",
            "Wetenschap,"]
    notes, body = _notes([page])
    assert notes[1] == "Regeling subsidie 2024, Stcrt. 2024, 81"
    assert "Hoogachtend," in body


def test_an_official_journal_calls_for_its_year_on_the_next_page():
    # the note broke off on "Stcrt." (the Staatscourant is cited by year and number): the year
    # alone at the next page's foot, after a gap, is its rest
    page1 = ["Het kabinet wijst de beheerder aan.1 Het", "1 Besluit van 28 maart 2023, Stcrt."]
    page2 = ["kabinet neemt de volgende maatregelen:",
             "",
             "2023, nr. 9123."]
    notes, body = _notes([page1, page2], exact=True)
    assert notes[1] == "Besluit van 28 maart 2023, Stcrt. 2023, nr. 9123."
    assert body.endswith("maatregelen:")


def test_a_rest_that_closes_the_notes_bracket_under_a_body_broken_off_mid_sentence():
    # no gap: the body above broke off mid-sentence at the page's foot (its next word would not
    # have fitted), yet the line closes the bracket the note left open, above the next note
    page1 = ["Het verslag is gepubliceerd.1",
             "1 Kamerstuk 21 501, nr. 2812 (verslag van",
             "",
             "Uw Kamer heeft het kabinet verzocht om in",
             "Europees2 verband te pleiten voor een",
             "december 2023)",
             "2 Motie Van der Berg c.s."]
    notes, body = _notes([page1])
    assert notes == {1: "Kamerstuk 21 501, nr. 2812 (verslag van december 2023)", 2: "Motie Van der Berg c.s."}
    assert body.endswith("te pleiten voor een")


def test_a_web_citations_site_after_the_title_dash_is_the_notes():
    # a link's text sets "title – site (host)": a note broken off on the dash goes on with its
    # site, flush and capitalised, under a body broken off mid-sentence
    page1 = ["De Raad nam een verklaring aan.1",
             "1 Verklaring van Versailles, 2022 –",
             "",
             "Ook zal de Unie2 een bredere benadering",
             "Consilium (europa.eu)",
             "2 Kamerstuk 21 501-20 nr. 1796"]
    notes, body = _notes([page1])
    assert notes[1] == "Verklaring van Versailles, 2022 – Consilium (europa.eu)"
    assert body.endswith("Unie een bredere benadering")


def test_lower_case_text_under_a_complete_reference_is_the_body_broken_off_above_the_notes():
    # no form feeds, no gap: the body broke off mid-sentence above the note, which reached its
    # reference's number; the lower-case line under it (too long for the note's last line) is the
    # body going on at the next page's top
    page = ["De prijzen zijn gedaald.1 De kosten voor",
            "energie en",
            "1 Kamerstuk 22 112, nr. 3778",
            "kunstmestprijzen blijven hoog. Veel",
            "boeren zien hun inkomen dalen."]
    notes, body = _notes([page])
    assert notes[1] == "Kamerstuk 22 112, nr. 3778"
    assert body.endswith("energie en kunstmestprijzen blijven hoog. Veel boeren zien hun inkomen dalen.")


def test_a_capitalised_rest_after_a_gap_under_a_body_broken_off_mid_sentence():
    # form feeds: the page's body broke off mid-sentence (it goes on at the next page's top), so
    # the flush capitalised line after the gap, right above the next note, is no paragraph of its
    # own but the rest of the note the page before could not hold
    page1 = ["Het besluit is genomen.1", "1 Besluit tot wijziging van de Regeling"]
    page2 = ["Voor de toeslag geldt het stelsel,2",
             "",
             "Awir, Stcrt. 2024, 10432",
             "2 Motie Van Dijk c.s."]
    notes, body = _notes([page1, page2], exact=True)
    assert notes == {1: "Besluit tot wijziging van de Regeling Awir, Stcrt. 2024, 10432", 2: "Motie Van Dijk c.s."}
    assert body.endswith("geldt het stelsel,")
    # under a body sentence that ended, the same line may be the letter's own
    page2[0] = "Voor de toeslag geldt het stelsel.2"
    notes, body = _notes([page1, page2], exact=True)
    assert notes[1] == "Besluit tot wijziging van de Regeling"
    # a signer line ends on a comma, not mid-sentence: the name under it is the letter's
    page2[0] = "De Minister van Financiën,2"
    page2[2] = "M.C. van der Linden"
    notes, body = _notes([page1, page2], exact=True)
    assert notes[1] == "Besluit tot wijziging van de Regeling"
    assert body.endswith("M.C. van der Linden")


# --- a wrapped date is no note start ------------------------------------------------------------

def test_a_day_and_month_under_an_unfinished_body_line_is_the_sentences_date():
    page = ["Het kabinet steunt het voorstel.1 De",
            "voorzitter heeft aangekondigd dat op",
            "1 februari 2024 een extra Raad zal",
            "plaatsvinden.",
            "1  Kamerstuk 21 501-20, nr. 1234."]  # notes set directly under the text
    notes, body = _notes([page])
    assert notes == {1: "Kamerstuk 21 501-20, nr. 1234."}
    assert "dat op 1 februari 2024 een extra Raad" in body


def test_a_notes_line_break_hyphens_are_undone_like_the_bodys():
    page = ["Het kabinet steunt het voorstel.1 Ook de",
            "lidstaten zijn het eens.",
            "",
            "1  Kamerstuk 21 501-20, nr. 1234 over het",
            "   militair-industrieel com-",
            "   plex en het Landbouw-",
            "   en Visserijbeleid."]
    notes, _ = _notes([page])
    assert notes[1] == ("Kamerstuk 21 501-20, nr. 1234 over het militair-industrieel complex en het "
                        "Landbouw- en Visserijbeleid.")


def test_a_url_broken_at_its_own_hyphen_goes_on_on_the_next_line():
    # A typesetter breaks a long URL at one of its hyphens and adds none: the address does not end
    # there, so the next line in the note's column is its rest, joined with no space, whether or
    # not it would have fitted on the line above (nothing of the URL's rest is a word).
    for rest in ("affairs.ec.europa.eu/schengen-barometer_en", "Documents/a.pdf"):
        page = ["De Raad sprak over Schengen.1 Daarna",
                "kwam de Commissie aan het woord.",
                "",
                "1  Zie https://home-",
                f"   {rest}",
                "",
                "Het kabinet deelt die zorg."]
        notes, body = _notes([page])
        assert notes[1] == f"Zie https://home-{rest}"
        assert rest not in body and body.endswith("Het kabinet deelt die zorg.")


def test_a_url_broken_at_its_hyphen_at_the_page_end_goes_on_at_the_next_pages_foot():
    # With form feeds: the note's rest stands under the next page's body, above its own notes.
    page1 = ["De Raad sprak over Schengen.1 Daarna",
             "",
             "1  Zie https://home-"]
    page2 = ["kwam de Commissie aan het woord.",
             "",
             "   affairs.ec.europa.eu/barometer_en"]
    notes, body = _notes([page1, page2], exact=True)
    assert notes[1] == "Zie https://home-affairs.ec.europa.eu/barometer_en"
    assert "barometer" not in body


def test_a_run_that_reaches_the_separator_rule_is_the_bodys():
    # With form feeds; note 2 broke off at page 1's foot. On page 2 a heading without a stop
    # stands above a gap and more body, which runs into the rule over the page's own notes: the rule
    # separates the body from the notes, so nothing above it is the rest of a note.
    page2 = ["gebeurt in de Raad.3 Het kabinet steunt",
             "dat.",
             "",
             "Overige onderwerpen",
             "",
             "Migratie",
             "De Raad sprak kort over het dossier.",
             "_" * 15,
             "3 Motie Van der Berg c.s."]
    notes, body = _notes([PAGE1, page2], exact=True)
    assert notes[2] == "Richtlijn (EU) 2022/2557 over de weerbaarheid van kritieke entiteiten en"
    assert notes[3] == "Motie Van der Berg c.s."
    assert body.endswith("Migratie De Raad sprak kort over het dossier.")


def test_a_kamerstuk_number_broken_off_is_completed_under_a_finished_body_line():
    # Note 2 broke off inside the dossier number (`Kamerstuk 22` | `112, nr. 3453`): a citation
    # names its dossier and number, so the digits right under page 2's finished last body line
    # (which they would not have fitted on) are the note's, above page 2's own first note.
    page1 = _first_page("2 Zie ook het BNC-fiche, Kamerstuk 22")
    page2 = ["in de Raad. Het kabinet steunt dat.3 Zo",
             "komt er een centrum dat meldingen toetst.",
             "112, nr. 3453",
             "3 Motie Van der Berg c.s."]
    notes, body = _notes([page1, page2], exact=True)
    assert notes[2] == "Zie ook het BNC-fiche, Kamerstuk 22 112, nr. 3453"
    assert body.endswith("meldingen toetst.")
    page1[4] = "2 Zie ook het BNC-fiche, Kamerstuk 22 112"  # complete but for `nr.`: no call for digits
    notes, body = _notes([page1, page2], exact=True)
    assert notes[2] == "Zie ook het BNC-fiche, Kamerstuk 22 112"


def test_a_capitalised_rest_after_a_gap_where_the_note_broke_off_on_a_comma():
    # A note ends on a stop, a reference's number or a link, never on a comma: after a gap under a
    # finished body, the flush capitalised line right above page 2's first note is its rest.
    page1 = _first_page("2 Besluit van 28 maart 2023 tot de EBN,")  # `Stcrt.` would not have fitted
    page2 = ["in de Raad. Het kabinet steunt dat.3",
             "",
             "Stcrt. 2023, nr. 9123.",
             "3 Motie Van der Berg c.s."]
    notes, body = _notes([page1, page2], exact=True)
    assert notes[2] == "Besluit van 28 maart 2023 tot de EBN, Stcrt. 2023, nr. 9123."
    assert body.endswith("steunt dat.")
    page1[4] = "2 Besluit van 28 maart 2023 tot de EBN."  # finished: the line is the letter's own
    notes, body = _notes([page1, page2], exact=True)
    assert notes[2] == "Besluit van 28 maart 2023 tot de EBN." and body.endswith("Stcrt. 2023, nr. 9123.")


def test_the_rest_of_a_url_broken_at_its_hyphen_right_under_the_next_pages_last_line():
    # No gap between page 2's last line (a signature's name) and the URL's rest, which would not
    # have fitted on that line: the address goes on, so the line in the note's column is its rest.
    page1 = _first_page("2  https://home-", gap="  ")
    page2 = ["in de Raad.3",
             "",
             "De Minister van Justitie,",
             "",
             "E.M. Jansen",
             "   affairs.ec.europa.eu/schengen-barometer_en",
             "3  Kamerstuk 32 317, nr. 865"]
    notes, body = _notes([page1, page2], exact=True)
    assert notes[2] == "https://home-affairs.ec.europa.eu/schengen-barometer_en"
    assert body.endswith("E.M. Jansen")


def test_a_url_broken_after_a_slash_goes_on_with_the_rest_of_its_path():
    # No form feeds, notes hanging: the URL broke after a slash of its path; the path's rest is the
    # note's and joins with no space, the next page's body under it is not.
    page = ["De Raad sprak over Schengen.1 Daarna",
            "kwam de Commissie aan het woord.",
            "",
            "1  Zie https://www.rijksoverheid.nl/",
            "   documenten/rapporten/2024/a.pdf",
            "",
            "Het kabinet deelt die zorg."]
    notes, body = _notes([page])
    assert notes[1] == "Zie https://www.rijksoverheid.nl/documenten/rapporten/2024/a.pdf"
    assert body.endswith("aan het woord. Het kabinet deelt die zorg.")


def test_an_address_moved_whole_to_the_next_line_goes_on_the_note():
    # `Zie` had room for the URL's head, but a typesetter moves a URL that does not fit whole to the
    # next line and breaks it there: the head's fit says nothing, the note goes on.
    page = ["De Raad sprak over Schengen.1 Daarna",
            "kwam de Commissie aan het woord.",
            "",
            "1 Zie",
            "https://www.noordzeeoverleg.nl/",
            "werkagenda-2024 (geraadpleegd op 22",
            "januari 2024)",
            "",
            "Het kabinet deelt die zorg."]
    notes, body = _notes([page])
    assert notes[1] == "Zie https://www.noordzeeoverleg.nl/werkagenda-2024 (geraadpleegd op 22 januari 2024)"
    assert body.endswith("aan het woord. Het kabinet deelt die zorg.")


def test_a_signature_the_column_wrapped_is_never_the_rest_of_a_note():
    # Note 2 broke off on a comma at page 1's foot; page 2 holds only the closing and a one-line
    # signature wrapped inside the name (`…, D. van` | `Dijk`): the letter's own lines.
    page1 = ["Het kabinet steunt de richtlijnen.1 Het",
             "kabinet voert de motie uit.2 Dat gebeurt",
             "in de Raad.",
             "",
             "1 Kamerstuk 21 501-02, nr. 2812",
             "2 Regeling subsidies voor zij-instroom,"]  # `De` would not have fitted
    page2 = ["Met vriendelijke groet,",
             "",
             "De Minister van Financiën, D. van",
             "Dijk"]
    notes, body = _notes([page1, page2], exact=True)
    assert notes[2] == "Regeling subsidies voor zij-instroom,"
    assert body.endswith("Met vriendelijke groet, De Minister van Financiën, D. van Dijk")


def test_the_rest_of_a_url_broken_after_a_slash_at_the_next_pages_foot_ends_its_note():
    # The address broke after a slash at page 1's foot; its rest stands at page 2's foot right above
    # note 3, on a line that `3` would not have fitted on: an address ends its note, so the next
    # line is no wrap of it.
    page1 = _first_page("2  https://www.rijksoverheid.nl/", gap="  ")
    page2 = ["in de Raad. Het kabinet steunt dat.3",
             "",
             "   documenten/rapporten/2024/evaluaties",
             "3  Kamerstuk 31 066, nr. 1381"]
    notes, body = _notes([page1, page2], exact=True)
    assert notes[2] == "https://www.rijksoverheid.nl/documenten/rapporten/2024/evaluaties"
    assert notes[3] == "Kamerstuk 31 066, nr. 1381" and body.endswith("steunt dat.")


def test_lower_case_text_under_a_note_that_ended_its_sentence_is_the_body_going_on():
    # No form feeds; the body above the notes broke off mid-sentence (`met de`). The note ended
    # with its stop, and a Dutch sentence opens with a capital: the lower-case line is the body's.
    page = ["De EU zet haar hulp voort.1 Het kabinet",
            "pleit voor samenwerking met de",
            "",
            "1 Zie het verslag van de Europese Raad",
            "van 14 en 15 december 2023, nr. 2010.",  # `kuststaten` would not have fitted
            "kuststaten in de regio. Zij delen veel."]
    notes, body = _notes([page])
    assert notes[1] == "Zie het verslag van de Europese Raad van 14 en 15 december 2023, nr. 2010."
    assert body.endswith("samenwerking met de kuststaten in de regio. Zij delen veel.")


def test_a_justified_line_short_of_the_column_does_not_run_into_the_next_marker():
    # Justified text: a body line that goes on is padded to the column; the note's last line stops
    # short of it, so the marker in the line under it is the next page's body's, not the note's.
    page = ["Het  kabinet  steunt  de  richtlijnen.1  De",
            "uitvoering  volgt  later.  Daarom  vraagt",
            "",
            "1 Zie het verslag van de Europese Raad",
            "van 14 en 15 december 2023, nr. 2010.",
            "militaire,2  financiële  en  humanitaire",
            "steun die de EU heeft verleend."]
    notes, body = _notes([page], width=JUSTIFIED)
    assert notes[1] == "Zie het verslag van de Europese Raad van 14 en 15 december 2023, nr. 2010."
    assert "vraagt militaire, financiële en" in " ".join(body.split())


def test_a_line_stretched_to_the_column_is_not_the_note_of_a_letter_with_ragged_notes():
    # Justified body, no form feeds: note 1's first line stopped short of the column when it
    # wrapped, so the letter sets its notes ragged; the stretched line under note 1's last line is
    # the next page's body going on (`waarbij de` | `EU haar …`), though `EU` would not have fitted.
    page = ["Het  kabinet  steunt  de  plannen.1   De",
            "aanpak is realistisch, waarbij de",
            "1 Zie ook de Kamerbrief over bevroren",
            "Russische tegoeden van 18 december 2023.",
            "EU  haar  humanitaire  hulp voortzet  en",
            "de samenwerking versterkt."]
    notes, body = _notes([page], width=JUSTIFIED)
    assert notes[1] == "Zie ook de Kamerbrief over bevroren Russische tegoeden van 18 december 2023."
    assert "waarbij de EU haar humanitaire hulp" in " ".join(body.split())


def test_lower_case_text_under_a_note_ending_on_a_colon_is_the_notes():
    # A colon is no stop: the note goes on in lower case under it, whatever the body above did.
    page = ["De EU zet haar hulp voort.1 Het kabinet",
            "pleit voor samenwerking met de",
            "",
            "1 Dienst Toeslagen, Jaarverslag 2023, bijlage 2:",
            "kerncijfers over de toekenning van toeslagen",
            "",
            "kuststaten in de regio. Zij delen veel."]
    notes, body = _notes([page])
    assert notes[1] == "Dienst Toeslagen, Jaarverslag 2023, bijlage 2: kerncijfers over de toekenning van toeslagen"


def test_a_notes_broken_word_and_the_bodys_compete_for_a_line_the_word_decides():
    # Form feeds. Note 2 broke off inside a word (`cy-`) at page 1's foot; page 2's body breaks off
    # inside a word too (`lei-`), right above the note's rest: `cyberbeveiliging` is a word,
    # `leiberbeveiliging` none, so the line is the note's.
    page1 = _first_page("2 Richtlijn over een gemeenschappelijke cy-")
    page2 = ["in de Raad.3 Het kabinet vraagt om een",
             "gezamenlijke aanpak van kabels en lei-",
             "berbeveiliging",
             "3 Motie Van der Berg c.s."]
    notes, body = _notes([page1, page2], exact=True)
    assert notes[2] == "Richtlijn over een gemeenschappelijke cyberbeveiliging"
    assert body.endswith("kabels en lei-")


def test_a_heading_alone_above_a_gap_is_no_body_broken_off():
    # Form feeds. A note broke off at page 1's foot; page 2 ends with a heading and its paragraph
    # right above the page's own note: the heading ends no sentence, so the capitalised paragraph
    # after the gap is the letter's, not the note's rest.
    page1 = _first_page("2 Richtlijn over de gemeenschappelijke")
    page2 = ["in de Raad.3",
             "",
             "Vervolg",
             "",
             "Het kabinet blijft de dreiging volgen.",
             "3 Motie Van der Berg c.s."]
    notes, body = _notes([page1, page2], exact=True)
    assert notes[2] == "Richtlijn over de gemeenschappelijke"
    assert body.endswith("Vervolg Het kabinet blijft de dreiging volgen.") and notes[3] == "Motie Van der Berg c.s."


def test_a_marker_glued_to_a_capital_counts_where_the_page_prints_its_note():
    # `TenneT1`: a name ending in a capital with the next marker glued to it, and note 1 printed at
    # the page's foot: a marker (markers run in sequence, so missing it would lose every note). A
    # name's own number recurs (`NIS2` in the text and in a note): no marker.
    page = ["Netbeheerder TenneT1 werkt samen met de",
            "Kustwacht aan de NIS2 richtlijn.2",
            "",
            "1 Kamerstuk 21 501-02, nr. 2812",
            "2 Richtlijn (NIS2) over cyberbeveiliging"]
    notes, body = _notes([page])
    assert notes == {1: "Kamerstuk 21 501-02, nr. 2812", 2: "Richtlijn (NIS2) over cyberbeveiliging"}
    assert body == "Netbeheerder TenneT werkt samen met de Kustwacht aan de NIS2 richtlijn."
    page[3:] = ["2 Kamerstuk 21 501-02, nr. 2812"]  # note 1 not printed: `TenneT1` is a name
    assert "TenneT1" in _notes([page])[1]


def test_the_rest_of_a_note_hanging_under_its_text_right_under_the_next_pages_body():
    # No gap: page 2's body breaks off mid-word right above the rest, which hangs under the note's
    # text at a column where no paragraph of the letter starts: the note's.
    page1 = _first_page("2  Dienst Toeslagen, Jaarverslag 2023,",
                        "   bijlage 2: kerncijfers en vordering", gap="  ")  # `over` would not have fitted
    page2 = ["in de Raad. Het kabinet wijzigt de Awir,",
             "de Algemene wet inkomensaf-",
             "   over het berekeningsjaar 2022",
             "3  Motie Van der Berg c.s."]
    page2[0] = page2[0].replace("Raad.", "Raad.3")
    notes, body = _notes([page1, page2], exact=True)
    assert notes[2] == ("Dienst Toeslagen, Jaarverslag 2023, bijlage 2: kerncijfers en vordering over het "
                        "berekeningsjaar 2022")
    assert body.endswith("Algemene wet inkomensaf-")


def test_the_rest_of_a_note_short_of_a_justified_column_right_under_the_next_pages_body():
    # Justified body, notes flush and ragged, no gap: a line that stops short of the column without
    # ending its sentence is no body line (a justified line that goes on is stretched), so it is the
    # rest of the note, under a body line that broke off mid-sentence.
    page1 = ["Het  kabinet  steunt  de  plannen.1   Het",
             "kabinet voert de motie uit.2 Dat gebeurt",
             "",
             "1 Kamerstuk 21 501-02, nr. 2812",
             "2 Motie Van den Berg c.s. over gerichte"]
    page2 = ["in  de  Raad.3  Het  kabinet  verhoogt de",
             "subsidie  van  20.000  euro  naar  24.000",
             "steun voor scholen met de grootste",
             "tekorten, Kamerstuk 27 923, nr. 478",
             "3 Motie Van der Berg c.s."]
    notes, body = _notes([page1, page2], exact=True, width=JUSTIFIED)
    assert notes[2] == ("Motie Van den Berg c.s. over gerichte steun voor scholen met de grootste tekorten, "
                        "Kamerstuk 27 923, nr. 478")
    assert body.endswith("naar 24.000") or body.endswith("naar  24.000")


def test_a_word_the_note_broke_off_on_goes_on_in_lower_case_not_with_a_heading():
    # No form feeds, no rule: the note breaks off mid-word (`te-`), and the line right under it,
    # though the column wrapped the note before it, opens with a capital after a fragment that is
    # only a function word: the next page's heading, not the word's rest, which follows at the next
    # page's foot
    page = ["Het kabinet steunt de plannen.1",
            "1 Zie de brief over bevroren Russische te-",
            "Situatie in het Midden-Oosten",
            "De Raad spreekt over de situatie.",
            "",
            "goeden van 18 december 2023."]
    notes, body = _notes([page])
    assert notes[1] == "Zie de brief over bevroren Russische tegoeden van 18 december 2023."
    assert "Situatie in het Midden-Oosten De Raad" in body


def test_a_reference_label_at_the_notes_end_calls_for_a_number_not_for_the_body():
    # No form feeds: `nr.` at the note's end calls for its number, so the lower-case lines under it
    # are the body going on (it broke off mid-sentence above the rule), though the column wrapped
    # the note; the number stands at the next page's foot
    page = ["Het kabinet wil dat de etikettering van",
            "zaaigoed1 en van het plantmateriaal",
            "",
            "____________",
            "1 COM(2023) 411; Kamerstuk 22 112, nr.",
            "helder blijft en dat de sector NGT-vrij",
            "kan blijven telen.",
            "",
            "____________",
            "3778"]
    notes, body = _notes([page])
    assert notes[1] == "COM(2023) 411; Kamerstuk 22 112, nr. 3778"
    assert body.endswith("plantmateriaal helder blijft en dat de sector NGT-vrij kan blijven telen.")


def test_a_web_citations_site_broken_after_the_title_dash_goes_on_right_under_the_next_pages_body():
    # The title dash stands inside the note's last line (`2023 – European`): the site's name broke
    # over the page, and its rest, closing on the host, is the note's even right under a finished
    # body line
    page1 = ["De Raad sprak over Turkije.1 Dat gebeurt",
             "",
             "1 JOINT COMMUNICATION, State of play of",
             "EU-Türkiye relations 2023 – European"]  # `Commission` would not have fitted
    page2 = ["ook in de toekomst.",
             "Commission (europa.eu)",
             "2 Kamerstuk 21 501-20 nr. 1796"]
    page2[0] = page2[0].replace("toekomst.", "toekomst.2")
    notes, body = _notes([page1, page2], exact=True)
    assert notes[1] == "JOINT COMMUNICATION, State of play of EU-Türkiye relations 2023 – European Commission (europa.eu)"
    assert body.endswith("ook in de toekomst.")


def test_a_links_remark_in_brackets_at_the_next_pages_foot_ends_its_note():
    # a web citation closes with its access date in brackets after the link: alone at the next
    # page's foot, it is the rest of the note that ended on the link
    page1 = _first_page("2 Zie https://www.noordzee.nl/werkagenda")  # `(geraadpleegd` would not have fitted
    page2 = ["in de Raad. Het kabinet volgt dit.", "", "", "(geraadpleegd op 22 januari 2024)"]
    notes, body = _notes([page1, page2], exact=True)
    assert notes[2] == "Zie https://www.noordzee.nl/werkagenda (geraadpleegd op 22 januari 2024)"
    assert body.endswith("Het kabinet volgt dit.")


def test_a_capitalised_sentence_opening_is_not_the_rest_of_the_word_the_note_broke_off_on():
    # After a gap at the next page's foot a note broken off on a hyphen may go on with a capital
    # (`EU-` | `Commissie`), but the rest of a word hyphenated after `de-` is lower case: the run
    # from `Met België` is the body's, and the note's rest is the line under it
    page1 = _first_page("2 Kamerstuk 21 501 (verslag van 12 de-")
    page2 = ["in de Raad. Het kabinet volgt dit.", "", "Met België en Noorwegen is afgesproken", "cember 2023)"]
    for exact in (False, True):
        notes, body = _notes([page1, page2], exact=exact)
        assert notes[2] == "Kamerstuk 21 501 (verslag van 12 december 2023)"
        assert body.endswith("Het kabinet volgt dit. Met België en Noorwegen is afgesproken")


def test_the_number_a_label_called_for_alone_above_the_next_note_right_under_a_broken_off_body():
    # Page 2's body breaks off mid-sentence (`Uw`) on a full line; right under it, above note 3,
    # stands a bare number: the number the note's `nr.` called for (a body line going on would
    # have been filled)
    page1 = _first_page("2 BNC-fiche Herziening MFK, Kamerstuk 22 112, nr.")
    page2 = ["in de Raad.3 Dit wordt besproken. Uw",  # `3757` would not have fitted
             "3757",
             "3 Kamerstuk 21 501-20 nr. 1796"]
    notes, body = _notes([page1, page2], exact=True)
    assert notes[2] == "BNC-fiche Herziening MFK, Kamerstuk 22 112, nr. 3757"
    assert body.endswith("besproken. Uw")


def test_a_rest_that_completes_the_notes_broken_word_ends_right_above_the_next_note():
    # The rest at page 2's foot fills its line, so by width alone it would run into the line under
    # it; but it completes the word the note broke off on (`maat-` | `regelen`), and note 3 starts
    # under it
    page1 = _first_page("2  Richtlijn 2022/2555 (NIS2) over maat-", gap="  ")
    page2 = ["in de Raad.3 Het kabinet volgt dit.", "", "   regelen voor de digitale beveiliging",
             "3  Motie Van der Berg c.s."]
    notes, body = _notes([page1, page2], exact=True)
    assert notes[2] == "Richtlijn 2022/2555 (NIS2) over maatregelen voor de digitale beveiliging"
    assert notes[3] == "Motie Van der Berg c.s."
    assert body.endswith("Het kabinet volgt dit.")


def test_a_recurring_numbered_name_does_not_hide_the_same_marker_on_another_name():
    # `NIS2` recurs (text and note): its 2 is the name's. `TenneT2` stands once, and the page prints
    # note 2: there the 2 is the marker, though a recurring name ends on the same number
    page = ["Het kabinet deelt die zorg.1 Netbeheerder",
            "TenneT2 werkt aan de NIS2 richtlijn.",
            "",
            "1 Kamerstuk 21 501-02, nr. 2812",
            "2 Richtlijn (NIS2) over cyberbeveiliging"]
    notes, body = _notes([page])
    assert notes == {1: "Kamerstuk 21 501-02, nr. 2812", 2: "Richtlijn (NIS2) over cyberbeveiliging"}
    assert body == "Het kabinet deelt die zorg. Netbeheerder TenneT werkt aan de NIS2 richtlijn."


def test_the_signers_name_is_never_a_notes_line():
    # No form feeds: the signature's name, alone with its initials, stands under the last page's
    # notes (the signer line stayed on the page before) or above the rest of a note the page before
    # broke off: it is the letter's, wherever the width would let a note go on
    page = ["Het kabinet deelt die zorg.1", "", "De Minister van Buitenlandse Zaken,", "",
            "1 Zie de Kamerbrief over de Noordzee van",
            "22 januari 2024 over de werkagenda 2024",  # `H.G.J.` would not have fitted
            "H.G.J. Meijer"]
    notes, body = _notes([page])
    assert notes[1] == "Zie de Kamerbrief over de Noordzee van 22 januari 2024 over de werkagenda 2024"
    assert body.endswith("Zaken, H.G.J. Meijer")
    page1 = _first_page("2 Motie Van der Berg c.s. over kabels, Ka-")
    page2 = ["in de Raad. Het kabinet volgt dit.", "", "De Minister van Buitenlandse Zaken,", "", "",
             "L.J. Meijer", "merstuk 36 512, nr. 4"]
    notes, body = _notes([page1, page2])
    assert notes[2] == "Motie Van der Berg c.s. over kabels, Kamerstuk 36 512, nr. 4"
    assert body.endswith("Zaken, L.J. Meijer")


def test_a_note_ending_on_a_colon_goes_on_at_the_next_pages_foot():
    # a colon announces what follows: the note the page ended on it goes on after the gap under the
    # next page's body, which broke off mid-sentence
    page1 = _first_page("2 Toeslagen, Jaarverslag 2023, deel 2:")  # `kerncijfers` would not have fitted
    page2 = ["in de Raad.3 Het kabinet volgt dit, en de", "", "kerncijfers over de toekenning",
             "3 Motie Van der Berg c.s."]
    notes, body = _notes([page1, page2], exact=True)
    assert notes[2] == "Toeslagen, Jaarverslag 2023, deel 2: kerncijfers over de toekenning"
    assert body.endswith("Het kabinet volgt dit, en de")


def test_a_date_wrapped_under_an_abbreviation_is_no_note_start():
    # `m.i.v.` ends like a sentence, and note 1 stands right under the body further down, with no
    # gap or rule to show it: the line opening with a day and a lower-case month is the sentence's
    # date (a note's text opens with a capital)
    page = ["Het kabinet neemt maatregelen.1 Zo wordt m.i.v.",
            "1 januari 2025 de grens verhoogd van 79 euro",
            "naar 150 euro. Dat helpt de huishoudens.",
            "1 Kamerstuk 31 066, nr. 1360"]
    notes, body = _notes([page], width=LineWidth(threshold=49, column=48))
    assert notes == {1: "Kamerstuk 31 066, nr. 1360"}
    assert "m.i.v. 1 januari 2025 de grens" in body


def test_a_capitalised_line_at_the_next_pages_foot_does_not_go_on_a_complete_reference():
    # Paragraphs open with the indent the notes hang at: the next page's last body line stands in
    # the note's column right above note 3, but note 2 reached its reference's number, which goes on
    # only with a remark in brackets or in lower case
    page1 = _first_page("2  Motie Van den Berg c.s. over steun aan", "   scholen, Kamerstuk 27 923, nr. 478", gap="  ")
    page2 = ["in de Raad. Het kabinet volgt dit.3", "", "   Daarnaast is afgesproken dat de",
             "3  CentERdata, Trendrapportage 2023"]
    notes, body = _notes([page1, page2], exact=True)
    assert notes[2] == "Motie Van den Berg c.s. over steun aan scholen, Kamerstuk 27 923, nr. 478"
    assert body.endswith("Daarnaast is afgesproken dat de")
