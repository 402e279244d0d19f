"""Unit tests of the cleaning rules in pipeline/stages/ingest/clean.py, on constructed text."""

from __future__ import annotations

import textwrap

import pytest

from pipeline.config import load_config
from pipeline.stages.ingest.clean import build_paragraphs, clean_text, is_heading, is_wrapped_heading, normalise_text, split_pages
from pipeline.stages.ingest.footnotes import find_marker, separate_footnotes, strip_markers
from pipeline.stages.ingest.furniture import required_repeats, running_key
from pipeline.stages.ingest.hyphenation import hyphenated_words, join_lines, join_pair
from pipeline.stages.ingest.linewidth import LineWidth
from pipeline.stages.ingest.textshape import BLANK, PAGE, ends_sentence
from tests.stages.ingest.setting import justify

PATTERNS = load_config().ingest.furniture_patterns


def _clean(text: str, min_pages: int = 3):
    return clean_text(text, PATTERNS, min_pages)


def _texts(result) -> list[str]:
    return [join_lines(p.lines, result.hyphenated_words) for p in result.paragraphs]


# --- rule 6: line-break hyphenation -------------------------------------------------------------

@pytest.mark.parametrize("left, right, joined", [
    ("aange-", "kondigd", "aangekondigd"),
    ("ministe-", "rie", "ministerie"),
    ("Oekra-", "ïense", "Oekraïense"),          # diaeresis: no clash, join
    ("financi-", "ële steun", "financiële steun"),
    ("sociaalecono-", "mische", "sociaaleconomische"),
    ("be-", "oordelen", "beoordelen"),          # e+o is no clash in Dutch spelling
    ("onder-", "zoek.", "onderzoek."),
])
def test_hyphen_is_removed_when_the_word_was_only_broken(left, right, joined):
    assert join_pair(left, right) == joined


@pytest.mark.parametrize("left, right, joined", [
    ("zee-", "egel", "zee-egel"),                          # vowel clash e+e
    ("defensie-", "uitgaven", "defensie-uitgaven"),        # e+u
    ("defensie-", "industrie", "defensie-industrie"),      # e+i
    ("zo-", "even", "zo-even"),                            # o+e
    ("NAVO-", "top", "NAVO-top"),                          # capital before
    ("EU-", "verband", "EU-verband"),
    ("2021-", "2027", "2021-2027"),                        # digits
    ("Noord-", "Korea", "Noord-Korea"),                    # capital after
    ("bouw- ", "en woningmarkt", "bouw- en woningmarkt"),  # coordination keeps the space
    ("veiligheids-", "en defensiebeleid", "veiligheids- en defensiebeleid"),
    ("lees-", "of schrijfrechten", "lees- of schrijfrechten"),
    ("EU- ", "en NAVO-verband", "EU- en NAVO-verband"),
    ("privacy-", "instellingen", "privacy-instellingen"),  # a loanword's final y is a vowel
    ("politie-", "eenheden", "politie-eenheden"),
])
def test_hyphen_is_kept_when_the_compound_needs_it(left, right, joined):
    assert join_pair(left, right) == joined


@pytest.mark.parametrize("left, right, joined", [
    ("ge-", "uit", "geuit"),                      # e+u, but "geuit" is an established word
    ("be-", "eindigd", "beëindigd"),              # the break dropped the diaeresis: restore it
    ("ge-", "informeerd.", "geïnformeerd."),
    ("ide-", "eën", "ideeën"),
])
def test_vowel_clash_yields_to_an_established_closed_word(left, right, joined):
    assert join_pair(left, right) == joined


def test_coordinator_at_a_sentence_end_is_no_coordination():
    assert join_pair("gelijk-", "tot.") == "gelijktot."  # "X- tot" needs a second part after it
    assert join_pair("begin-", "tot eindpunt") == "begin- tot eindpunt"


def test_compound_written_with_hyphen_elsewhere_keeps_it():
    assert join_pair("kandidaat-", "lidstaten") == "kandidaatlidstaten"
    assert join_pair("kandidaat-", "lidstaten", frozenset({"kandidaat-lidstaten"})) == "kandidaat-lidstaten"


def test_lines_without_line_end_hyphen_join_with_one_space():
    assert join_pair("een zin die  ", "  doorloopt") == "een zin die doorloopt"
    assert join_pair("een gedachte -", "met streepje") == "een gedachte - met streepje"
    assert join_lines(["Ook gaat het om de hervormings-inspanningen en ", "informatiemanipulatie en -inmenging. "]) \
        == "Ook gaat het om de hervormings-inspanningen en informatiemanipulatie en -inmenging."


def test_soft_hyphen_at_line_end_always_joins():
    assert normalise_text("zee\u00ad\negel en cyber\u00adaanval\r\n") == "zeeegel en cyberaanval\n"


# --- rule 3: footnote markers -------------------------------------------------------------------

@pytest.mark.parametrize("line, n, cleaned", [
    ("de financiële steun aan Oekraïne.1", 1, "de financiële steun aan Oekraïne."),
    ("Raad van 11 december 2023.2 De Nederlandse inbreng", 2, "Raad van 11 december 2023. De Nederlandse inbreng"),
    ("Kerem Shalom grensovergang3 (ook in lijn", 3, "Kerem Shalom grensovergang (ook in lijn"),
    ("kwetsbare minderheden4), en het", 4, "kwetsbare minderheden), en het"),
    ("(in lijn met de motie Paternotte).5", 5, "(in lijn met de motie Paternotte)."),
    ("motie Piri c.s.15 heeft hij", 15, "motie Piri c.s. heeft hij"),
    ("“zoals toegezegd”6 en verder", 6, "“zoals toegezegd” en verder"),
])
def test_glued_marker_is_removed_and_recorded(line, n, cleaned):
    assert strip_markers(line, n) == (cleaned, [n], n + 1)


@pytest.mark.parametrize("line, n", [
    ("de afronding van COP28 werd verwelkomd", 28),
    ("de G7 en de G20", 7),
    ("de aanschaf van F35 toestellen", 35),
    ("uitkomen op circa 1,2 miljard euro", 2),
    ("volgens paragraaf 3.2 van de wet", 2),
    ("zie https://www.consilium.europa.eu/media/68901/st00023-en23.pdf", 23),
    ("in 2030 en 60% in 2035", 60),
    ("de 28e Conference of Parties", 28),
])
def test_digits_that_are_not_markers_stay(line, n):
    assert find_marker(line, n) is None
    assert strip_markers(line, n) == (line, [], n)


def test_markers_are_found_in_sequence_only():
    # marker 2 before marker 1 is not a marker; two markers in one line are both found
    assert strip_markers("eerste2 en tweede1 zin", 1) == ("eerste2 en tweede zin", [1], 2)
    assert strip_markers("Versailles10 en het Strategisch Kompas11 en", 10) == \
        ("Versailles en het Strategisch Kompas en", [10, 11], 12)
    assert strip_markers("zie de studies1,2 hierover", 1) == ("zie de studies hierover", [1, 2], 3)


def _stream_texts(stream):
    return [item[1] for item in stream if item[0] == "line"]


def test_footnotes_across_form_feed_pages_and_body_line_starting_with_a_number():
    text = ("Het overleg vond plaats op 12 januari.1 Daarna volgde een tweede\n"
            "ronde van gesprekken.\n"
            "\n"
            "1 Kamerstuk 21 501-20, nr. 1\n"
            "\f"
            "De Commissie doet een voorstel.2 Zij spreekt daarover met\n"
            "2 partijen en met de lidstaten op\n"
            "12 december over het pakket.\n"
            "\n"
            "2 Zie de brief van 3 maart 2023 over dit\n"
            "onderwerp (bijlage).\n")
    pages, exact = split_pages(text)
    stream, footnotes, warnings = separate_footnotes(pages, exact)
    assert footnotes == [(1, "Kamerstuk 21 501-20, nr. 1"),
                         (2, "Zie de brief van 3 maart 2023 over dit onderwerp (bijlage).")]
    body = _stream_texts(stream)
    assert "2 partijen en met de lidstaten op" in body   # number at line start, marker 2 seen, mid-sentence
    assert "12 december over het pakket." in body
    assert body[0] == "Het overleg vond plaats op 12 januari. Daarna volgde een tweede"
    assert not warnings


def test_footnotes_without_form_feeds_page_break_after_footnote_block():
    # No form feeds: the page break shows as a footnote block followed by a line with one
    # leading space; a footnote may wrap onto a line after a blank line.
    text = ("Het pakket omvat\n"
            "\n"
            "1 Special European Council – Consilium (europa.eu)\n"
            " onder meer een uitbreiding van de verboden.2 De ER sprak\n"
            "daarover.3\n"
            "\n"
            "2 JOINT COMMUNICATION on the state of play of relations,\n"
            "\n"
            "economic and trade relations 2023\n"
            "3 Kamerstuk 23 987 nr. 395\n"
            " Volgende pagina.\n")
    with_marker_1 = text.replace("omvat\n", "omvat1\n", 1)
    result = _clean(with_marker_1)
    assert result.footnotes == [
        (1, "Special European Council – Consilium (europa.eu)"),
        (2, "JOINT COMMUNICATION on the state of play of relations, economic and trade relations 2023"),
        (3, "Kamerstuk 23 987 nr. 395"),
    ]
    texts = _texts(result)
    assert texts == ["Het pakket omvat onder meer een uitbreiding van de verboden. De ER sprak daarover.",
                     "Volgende pagina."]
    assert result.paragraphs[0].footnote_refs == [1, 2, 3]


def test_marker_missing_from_body_is_reported_not_silently_lost():
    text = "Een zin zonder marker.\n\n1 Een voetnoot\n"
    result = _clean(text)
    assert result.footnotes == []  # no marker seen: the numbered line is body text
    assert _texts(result) == ["Een zin zonder marker.", "1 Een voetnoot"]
    text = "Een zin met marker.1 En meer.\n"
    assert any("without a footnote text" in w for w in _clean(text).warnings)


# --- rule 2: page furniture ---------------------------------------------------------------------

def _page(n: int, body: str, note: str | None = None) -> str:
    lines = [f"Tweede Kamer, vergaderjaar 2023–2024, 36 512, nr. 7 {n}", "", body]
    if note:
        lines += ["", note]
    lines += ["", str(n)]
    return "\n".join(lines) + "\n"


def test_running_header_and_page_numbers_are_removed_over_pages():
    pages = [
        _page(1, "Eerste alinea van de brief.1", "1 Kamerstuk 21 501-20, nr. 1001"),
        _page(2, "Tweede alinea van de brief.2", "2 Kamerstuk 21 501-20, nr. 1002"),
        _page(3, "Derde alinea van de brief.3", "3 Kamerstuk 21 501-20, nr. 1003"),
        _page(4, "Laatste alinea.\n\n- 4 -\nPagina 4 van 4"),
    ]
    result = _clean("\f".join(pages))
    assert _texts(result) == ["Eerste alinea van de brief.", "Tweede alinea van de brief.",
                              "Derde alinea van de brief.", "Laatste alinea."]
    # footnotes of one shape on several page bottoms are not mistaken for a running footer
    assert [n for n, _ in result.footnotes] == [1, 2, 3]
    assert result.footnotes[2][1] == "Kamerstuk 21 501-20, nr. 1003"


def test_repeated_short_line_needs_enough_pages():
    pages = ["Koptekst\n\nEen zin.\n", "Koptekst\n\nNog een zin.\n", "Andere kop\n\nSlot.\n"]
    texts = _texts(_clean("\f".join(pages)))
    assert texts.count("Koptekst") == 2  # on 2 pages only: kept with min_pages 3
    assert "Koptekst" not in _texts(_clean("\f".join(pages), min_pages=2))


# --- rules 1, 4, 5: paragraphs and headings -----------------------------------------------------

def test_paragraph_is_rebuilt_across_a_page_break():
    text = ("Kop van de sectie\n\nDe ER sprak over het pakket. Het omvat\n\f"
            "onder meer een uitbreiding van verboden.\n\nNieuwe alinea die eindigt met een punt.\n\f"
            "Een alinea op de volgende pagina.\n\nSlot van de onder-\n\fzoeken.\n")
    texts = _texts(_clean(text))
    assert texts == ["Kop van de sectie",
                     "De ER sprak over het pakket. Het omvat onder meer een uitbreiding van verboden.",
                     "Nieuwe alinea die eindigt met een punt.",
                     "Een alinea op de volgende pagina.",
                     "Slot van de onderzoeken."]


def test_heading_at_page_bottom_is_not_glued_to_next_page():
    stream = [("line", "Migratie", []), ("page",), ("line", "De ER stond kort stil.", [])]
    paragraphs = build_paragraphs(stream)
    assert [p.lines for p in paragraphs] == [["Migratie"], ["De ER stond kort stil."]]


def test_lines_of_a_paragraph_join_with_single_spaces():
    result = _clean("Een regel   \nmet nog een   regel \n\nTweede alinea.\n")
    assert _texts(result) == ["Een regel met nog een regel", "Tweede alinea."]


@pytest.mark.parametrize("text, heading", [
    ("Europese Raad", True),
    ("COP28", True),
    ("Strijd tegen antisemitisme, racisme en xenofobie", True),
    ("EU-Westelijke Balkan Top", True),
    ("3. Vervolgstappen", True),
    ("De ER sprak over het pakket.", False),
    ("Hierover het volgende:", False),
    ("kleine letter aan het begin", False),
    ("2023", False),
    ("Een heel lange regel met veel meer woorden dan een kop ooit zou hebben in een brief", False),
])
def test_heading_rule(text, heading):
    assert is_heading(text, 1) is heading


def test_multi_line_paragraph_is_never_a_heading():
    assert not is_heading("Europese Raad", 2)


def test_ends_sentence_ignores_closing_brackets():
    assert ends_sentence("(in lijn met de motie).")
    assert ends_sentence("als volgt:")
    assert not ends_sentence("het fonds (EPF)")
    assert not ends_sentence("Het omvat")


def test_text_with_one_paragraph_per_line_is_not_run_together():
    long = "Dit is een lange alinea die op één regel staat, zoals een tekstverwerker die opslaat, " * 3
    text = f"Titel van de brief\n{long.strip()}\nKop\n{long.strip()}\n"
    assert _texts(_clean(text)) == ["Titel van de brief", long.strip(), "Kop", long.strip()]


# --- page boundaries without form feeds (furniture marks the page edge) -------------------------

def test_page_number_without_form_feed_ends_the_footnote_block():
    # A bare page number between pages: the lower-case line after it starts the next page and
    # continues the body paragraph, it does not wrap the footnote above it.
    text = ("Het kabinet steunt het voorstel.1 Het is van mening\n"
            "\n"
            "1 Kamerstuk 12 345, nr. 6\n"
            "\n"
            "                         1\n"
            "dat de regels verder moeten worden aangescherpt.\n"
            "\n"
            "Een tweede alinea om\n"
            "\n"
            "                         2\n"
            "af te sluiten.\n")
    result = _clean(text)
    assert result.footnotes == [(1, "Kamerstuk 12 345, nr. 6")]
    assert _texts(result) == ["Het kabinet steunt het voorstel. Het is van mening dat de regels verder moeten "
                              "worden aangescherpt.", "Een tweede alinea om af te sluiten."]
    assert result.furniture == ["1", "2"]


def test_running_kamerstuk_header_between_soft_pages_is_not_glued_into_the_paragraph():
    # No form feeds, pages joined by a blank line; the running header on one page only.
    text = ("Eerste alinea die doorloopt op de\n"
            "\n"
            "2 Tweede Kamer, vergaderjaar 2023–2024, 12 345, nr. 6\n"
            "\n"
            "volgende pagina en daar eindigt.\n")
    result = _clean(text)
    assert _texts(result) == ["Eerste alinea die doorloopt op de volgende pagina en daar eindigt."]
    assert result.paragraphs[0].furniture == ["2 Tweede Kamer, vergaderjaar 2023–2024, 12 345, nr. 6"]


def test_running_line_on_every_page_but_the_first_counts_in_a_short_letter():
    pages = ["Briefhoofd\n\nEen zin.\n",
             "Voortgang klimaatbeleid\n\nNog een zin.\n",
             "Voortgang klimaatbeleid\n\nSlot.\n"]
    assert _texts(_clean("\f".join(pages))) == ["Briefhoofd", "Een zin.", "Nog een zin.", "Slot."]


def test_reference_field_at_the_top_of_a_later_page_is_furniture():
    pages = ["Ons kenmerk ABC-2024-17\n\nEen zin die loopt tot de\n", "Ons kenmerk ABC-2024-17\n\nvolgende pagina.\n"]
    texts = _texts(_clean("\f".join(pages), min_pages=5))
    # page 1: the letter head keeps it (metadata reads it there); page 2: a running sidebar
    assert texts == ["Ons kenmerk ABC-2024-17", "Een zin die loopt tot de volgende pagina."]


def test_page_number_may_move_between_the_ends_of_a_running_line():
    assert running_key("2 Stand van zaken klimaatbeleid")[:2] == ("Stand van zaken klimaatbeleid", 2)
    assert running_key("Stand van zaken klimaatbeleid 3")[:2] == ("Stand van zaken klimaatbeleid", 3)
    pages = ["Stand van zaken klimaatbeleid 1\n\nEerste alinea.\n",
             "2 Stand van zaken klimaatbeleid\n\nTweede alinea.\n",
             "Stand van zaken klimaatbeleid 3\n\nDerde alinea.\n"]
    assert _texts(_clean("\f".join(pages))) == ["Eerste alinea.", "Tweede alinea.", "Derde alinea."]


def test_required_repeats():
    assert required_repeats(10, 3, {0, 4, 7})
    assert required_repeats(3, 3, {1, 2})         # every page but the first
    assert not required_repeats(3, 3, {0, 1})     # first two pages only
    assert not required_repeats(2, 3, {1})        # one page is no repeat


# --- wrapped headings ---------------------------------------------------------------------------

_WIDE = ("Dit is de eerste alinea van de brief, met een aantal\n"
         "woorden die de regel vullen tot aan de rechtermarge\n"
         "van de tekst en daarna nog een regel vol met woorden\n"
         "die ook weer eindigt bij de rechtermarge van de tekst.\n")


def test_heading_wrapped_over_two_lines_is_one_heading():
    text = (_WIDE + "\nSamenwerking tussen de lidstaten en derde landen bij\n"
            "grenscontroles\n\nDe Raad spreekt over het voorstel.\n")
    texts = _texts(_clean(text))
    assert texts[1] == "Samenwerking tussen de lidstaten en derde landen bij grenscontroles"
    paragraph = _clean(text).paragraphs[1]
    assert len(paragraph.lines) == 1 and is_heading(texts[1], len(paragraph.lines))


@pytest.mark.parametrize("lines", [
    ["Postbus 20018", "2500 EA DEN HAAG"],                                    # the author broke the line
    ["Tweede Kamer der Staten-Generaal", "Vergaderjaar 2023–2024"],
    ["Samenwerking tussen de lidstaten en derde landen bij,", "grenscontroles"],  # comma
    ["Samenwerking tussen de lidstaten. En derde landen bij", "grenscontroles"],  # a sentence end inside
    ["Samenwerking tussen de lidstaten en derde landen bij de", "grenscontroles."],  # a sentence
    ["kleine letter tussen de lidstaten en derde landen bij", "grenscontroles"],
    ["Er was in de Raad  brede  steun  voor  het voorstel", "financiële"],  # stretched: justified body
    ["Betreft Voortgang aanpak lerarentekort in de regio's", "Onze referentie 2023-7740266329"],  # head fields
    ["Betreft Voortgang aanpak lerarentekort in de regio's", "Ons kenmerk 12345"],
])
def test_two_line_paragraphs_that_are_no_wrapped_heading(lines):
    assert not is_wrapped_heading(lines, 54)


def test_wrapped_heading_at_a_page_bottom_is_not_glued_to_the_next_page():
    text = (_WIDE + "\nSamenwerking tussen de lidstaten en derde landen bij\ngrenscontroles\n"
            "\fDe Raad spreekt over het voorstel.\n")
    assert _texts(_clean(text))[1:] == ["Samenwerking tussen de lidstaten en derde landen bij grenscontroles",
                                        "De Raad spreekt over het voorstel."]


def test_wrapped_heading_before_a_paragraph_split_by_a_page_break():
    # The body after the heading starts with a short page-bottom fragment that looks like a heading
    # until the paragraph is rebuilt across the page break.
    text = (_WIDE + "\nSamenwerking tussen de lidstaten en derde landen bij\ngrenscontroles\n\n"
            "In het voorjaar heeft de Raad\n\fover het voorstel gesproken.\n")
    assert _texts(_clean(text))[1:] == ["Samenwerking tussen de lidstaten en derde landen bij grenscontroles",
                                        "In het voorjaar heeft de Raad over het voorstel gesproken."]


def test_page_bottom_line_with_a_sentence_end_inside_is_no_heading():
    assert not is_heading("De Raad steunt het voorstel. Het kabinet vindt", 1)
    assert is_heading("Gesprek met Prof. Jansen en dr. De Vries", 1)  # abbreviations are no sentence end
    text = "De Raad steunt het voorstel. Het kabinet vindt\n\fEuropese samenwerking belangrijk.\n"
    assert _texts(_clean(text)) == ["De Raad steunt het voorstel. Het kabinet vindt Europese samenwerking belangrijk."]


def test_wrapped_heading_needs_body_text_after_it():
    text = _WIDE + "\nSamenwerking tussen de lidstaten en derde landen bij\ngrenscontroles\n"
    assert _texts(_clean(text))[-1] == "Samenwerking tussen de lidstaten en derde landen bij grenscontroles"
    assert len(_clean(text).paragraphs[-1].lines) == 2  # nothing follows: not unwrapped


# --- lists --------------------------------------------------------------------------------------

def test_bullets_start_list_items_without_blank_lines():
    text = ("Sinds de vorige brief zijn de volgende maatregelen genomen:\n"
            "•  de regeling is verlengd tot en met het jaar\n"
            "   2026;\n"
            "•  het budget is structureel verhoogd;\n"
            "▪ de uitvoering is vereenvoudigd.\n"
            "\n"
            "Een nieuwe alinea.\n")
    result = _clean(text)
    assert _texts(result) == ["Sinds de vorige brief zijn de volgende maatregelen genomen:",
                              "de regeling is verlengd tot en met het jaar 2026;",
                              "het budget is structureel verhoogd;", "de uitvoering is vereenvoudigd.",
                              "Een nieuwe alinea."]
    assert [p.list_item for p in result.paragraphs] == [False, True, True, True, False]


def test_dashes_and_enumerators_start_items_only_after_a_closer():
    text = ("Het kabinet heeft de volgende punten ingebracht:\n"
            "a. de termijnen worden korter;\n"
            "b) de kosten worden gedeeld;\n"
            "- de Commissie doet een voorstel.\n"
            "\n"
            "Het kabinet heeft\n"
            "– zoals toegezegd – het overleg gevoerd.\n")
    assert _texts(_clean(text)) == ["Het kabinet heeft de volgende punten ingebracht:",
                                    "a. de termijnen worden korter;", "b) de kosten worden gedeeld;",
                                    "de Commissie doet een voorstel.",
                                    "Het kabinet heeft – zoals toegezegd – het overleg gevoerd."]


def test_list_ends_at_the_margin_after_indented_continuation_lines():
    text = ("De maatregelen:\n"
            "•  de eerste maatregel loopt door op de\n"
            "   volgende regel;\n"
            "•  de tweede maatregel loopt ook door op\n"
            "   een volgende regel.\n"
            "Daarna volgt gewone tekst.\n")
    assert _texts(_clean(text))[-2:] == ["de tweede maatregel loopt ook door op een volgende regel.",
                                         "Daarna volgt gewone tekst."]


def test_list_item_at_a_page_top_does_not_continue_the_item_before():
    text = "De punten:\n•  de eerste maatregel;\n\f•  de tweede maatregel.\n"
    assert _texts(_clean(text)) == ["De punten:", "de eerste maatregel;", "de tweede maatregel."]


# --- hyphenation: diaeresis forms and short prefixes ----------------------------------------------

@pytest.mark.parametrize("left, right, joined", [
    ("ge-", "escaleerd", "geëscaleerd"),            # known (zipf 2.0), the plain form is not
    ("ge-", "intensiveerd.", "geïntensiveerd."),
    ("ge-", "initieerd", "geïnitieerd"),
    ("ge-", "expliciteerd", "ge-expliciteerd"),     # too rare a word to trust: the clash keeps the hyphen
])
def test_diaeresis_form_wins_when_it_is_a_known_word(left, right, joined):
    assert join_pair(left, right) == joined


@pytest.mark.parametrize("left, right, joined", [
    ("vo-", "scholen", "vo-scholen"),               # initialism spoken letter by letter
    ("mbo-", "studenten", "mbo-studenten"),
    ("ggz-", "instellingen", "ggz-instellingen"),   # no vowel: an initialism
    ("ex-", "minister", "ex-minister"),             # a prefix that takes a hyphen
    ("zij-", "ingang", "zij-ingang"),               # the digraph ij before a vowel: a vowel clash
    ("bij-", "eenkomst", "bijeenkomst"),            # ... unless the closed form is an established word
    ("po-", "litiek", "politiek"),                  # a syllable break: the closed word is known
    ("ex-", "tra", "extra"),
    ("wo-", "ningen", "woningen"),
])
def test_short_prefix_keeps_its_hyphen_unless_the_word_was_only_broken(left, right, joined):
    assert join_pair(left, right) == joined


def test_hyphenated_short_prefix_elsewhere_in_the_letter_is_evidence():
    evidence = hyphenated_words(["de oud-minister sprak met de", "zee-egel en de zee- en luchtvaart"])
    assert "oud-" in evidence and "oud-minister" in evidence
    assert "zee-" not in evidence  # a vowel clash or a coordination explains that hyphen
    assert join_pair("oud-", "staatssecretaris") == "oudstaatssecretaris"
    assert join_pair("oud-", "staatssecretaris", evidence) == "oud-staatssecretaris"


def test_a_child_heading_directly_under_its_parent_heading_stands_apart():
    # Annotated-agenda style without blank lines: a parent heading, its first child heading (nearly
    # as long as the column) and a paragraph that opens with a capitalised function word.
    filler = ("De Raad zal spreken over de stand van zaken en de Commissie zal een toelichting geven op het "
              "voorstel dat in maart is gepubliceerd en dat nu in de werkgroep wordt besproken door de lidstaten "
              "die daarover nog geen overeenstemming hebben bereikt over de uitvoering van de regels.")
    lines, line = [], ""
    for word in filler.split():  # wrapped at 70 columns
        if line and len(line) + 1 + len(word) > 70:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    text = "\n".join(["Inleiding", *lines, "Wetgevingsonderwerpen",
                      "Verordening inzake planten verkregen met nieuwe genomische technieken",
                      "Het voorzitterschap zal de Raad informeren over de stand van de", *lines])
    texts = _texts(_clean(text))
    assert "Wetgevingsonderwerpen" in texts
    assert "Verordening inzake planten verkregen met nieuwe genomische technieken" in texts


def test_a_page_copied_one_block_a_line_keeps_each_line_a_block_among_short_site_lines():
    long = ("De Raad sprak over de voortgang van de onderhandelingen en over de inzet van het kabinet, die "
            "uitgaat van een evenwichtig pakket dat recht doet aan de belangen van alle lidstaten.")
    lines = ["Home", "Zoeken", "Nieuws", "Contact", "Documenten", "Titel van de brief", long, "Tussenkop",
             long.replace("De Raad", "Het kabinet"), long.replace("De Raad", "De Commissie"), "Sitemap", "Privacy"]
    paragraphs = clean_text("\n".join(lines), [], 2).paragraphs
    texts = [" ".join(p.lines) for p in paragraphs]
    assert "Tussenkop" in texts  # a heading's line is not run into the paragraphs around it
    assert sum(t.startswith(("De Raad", "Het kabinet", "De Commissie")) for t in texts) == 3


def test_a_full_line_at_a_page_foot_is_no_heading_however_it_reads():
    from pipeline.stages.ingest.clean import Paragraph, merge_page_breaks
    from pipeline.stages.ingest.linewidth import LineWidth

    width = LineWidth(threshold=70)
    foot = Paragraph(lines=["Er was in de ER brede steun voor het structureler vormgegeven financiële"])
    top = Paragraph(lines=["EU-steun aan Oekraïne. Een groot deel van de lidstaten steunde dat."], after_page_break=True)
    assert len(merge_page_breaks([foot, top], line_width=width)) == 1  # the layout wrapped it: one paragraph
    heading = Paragraph(lines=["Situatie in het Midden-Oosten"])
    assert len(merge_page_breaks([heading, top], line_width=width)) == 2  # room left: a heading may end there


def test_a_note_broken_off_at_a_page_foot_goes_on_above_the_next_pages_first_note():
    page1 = ["Een zin met een marker.1 En nog een.2", "", "1 Besluit van 2 april 2024 tot wijziging van de"]
    page2 = ["Meer tekst van de brief.", "", "  Uitvoeringsregeling Awir, Stcrt. 2024, 10432",
             "2 Motie Van Dijk c.s., Kamerstuk 31 066, nr. 1376"]
    _, notes, _ = separate_footnotes([page1, page2], exact=True)
    assert dict(notes)[1] == "Besluit van 2 april 2024 tot wijziging van de Uitvoeringsregeling Awir, Stcrt. 2024, 10432"
    # a flush-left name above the next note after a note that ended at a URL is not the note's
    page1b = ["Een zin met een marker.1 En nog een.2", "", "1 https://www.rijksoverheid.nl/rapport"]
    page2b = ["Meer tekst van de brief.", "", "P. van Dijk", "2 Motie Van Dijk c.s., Kamerstuk 31 066, nr. 1376"]
    _, notes, _ = separate_footnotes([page1b, page2b], exact=True)
    assert dict(notes)[1] == "https://www.rijksoverheid.nl/rapport"
    # nor is a flush signature line in lower case under a note that broke off
    page2c = ["Hoogachtend,", "", "de minister van Onderwijs, E.M. de Vries", "2 Motie Van Dijk c.s."]
    _, notes, _ = separate_footnotes([page1, page2c], exact=True)
    assert dict(notes)[1] == "Besluit van 2 april 2024 tot wijziging van de"
    # nor a paragraph's indented first line over a line that opens with the next note's number
    page2d = ["Meer tekst.", "", "    Het kabinet organiseert een oefening op", "2 april 2024 in Den Haag."]
    _, notes, _ = separate_footnotes([page1, page2d], exact=True)
    assert dict(notes)[1] == "Besluit van 2 april 2024 tot wijziging van de"


def test_a_body_line_opening_with_a_day_number_right_above_that_note_is_body():
    page = ["Het veld speelt geen rol meer in de leveringszekerheid.1 Sinds",
            "1  oktober 2023 staat  het veld op de waakvlam; alleen  in uitzonderlijke",
            "1 Kamerstuk 29 023, nr. 460."]
    stream, notes, _ = separate_footnotes([page], exact=True)
    assert dict(notes) == {1: "Kamerstuk 29 023, nr. 460."}
    assert any("oktober 2023" in item[1] for item in stream if isinstance(item, tuple) and len(item) > 1)


def test_the_number_a_reference_broke_off_before_goes_on_above_the_next_pages_notes():
    page1 = ["Een zin met een marker.1 En nog een.2", "", "1 Besluit van 28 maart 2023, Stcrt. 2023, nr."]
    page2 = ["Meer tekst van de brief.", "", "9123.", "2 Motie Van Dijk c.s., Kamerstuk 31 066, nr. 1376"]
    _, notes, _ = separate_footnotes([page1, page2], exact=True)
    assert dict(notes)[1] == "Besluit van 28 maart 2023, Stcrt. 2023, nr. 9123."


# --- a page break after a sentence end: the layout decides (pagebreaks.page_evidence) ---------

_SENTENCES = ("Het kabinet steunt het voorstel van de Commissie. De lidstaten spreken in de Raad over de uitvoering "
              "van de nieuwe regels voor de markt. Nederland vraagt daarbij aandacht voor de lasten. "
              "Ook de gevolgen voor de begroting worden besproken in de komende weken. Daarna volgt een besluit.")


def _justified_with_page_break(stretch_page_foot: bool) -> str:
    """One justified paragraph broken by a form feed after a line that ends a sentence; that line is
    set to the column (the paragraph goes on) or left short (its own last line)."""
    width = 36
    lines = textwrap.wrap(_SENTENCES, width)
    foot = next(i for i, line in enumerate(lines[:-1]) if line.endswith("."))
    set_lines = [justify(line, width) if i < len(lines) - 1 and (i != foot or stretch_page_foot) else line
                 for i, line in enumerate(lines)]
    return "\n".join(set_lines[:foot + 1]) + "\n\f" + "\n".join(set_lines[foot + 1:]) + "\n"


def test_a_justified_page_foot_set_to_the_column_goes_on_on_the_next_page():
    assert len(_texts(_clean(_justified_with_page_break(stretch_page_foot=True)))) == 1


def test_a_justified_page_foot_short_of_the_column_ends_its_paragraph():
    assert len(_texts(_clean(_justified_with_page_break(stretch_page_foot=False)))) == 2


def test_with_first_line_indents_a_flush_page_top_goes_on_and_an_indented_one_starts_a_paragraph():
    lines = textwrap.wrap(_SENTENCES, 37, initial_indent="  ")
    foot = next(i for i, line in enumerate(lines[:-1]) if line.endswith("."))
    first = "\n".join(lines[:foot + 1])
    rest = "\n".join(lines[foot + 1:])
    second = "\n".join(lines)
    flush = _clean(f"{first}\n\f{rest}\n{second}\n{second}\n")
    assert len(flush.paragraphs) == 3 and _texts(flush)[0].endswith("besluit.")
    indented = _clean(f"{first}\n\f  {rest}\n{second}\n{second}\n")
    assert len(indented.paragraphs) == 4


@pytest.mark.parametrize("foot, top", [
    ("Uw Kamer heeft het kabinet met de motie-Van der Berg c.s.", "verzocht om een overzicht te sturen."),
    ("De grens wordt verhoogd, en wel m.i.v.", "1 januari 2025 naar 150 euro."),
])
def test_after_an_abbreviations_period_a_page_top_in_lower_case_or_a_number_goes_on(foot, top):
    result = _clean(f"Het kabinet schrijft u hierover.\n\n{foot}\n\f{top}\n")
    assert _texts(result)[-1] == f"{foot} {top}"


def test_after_a_sentence_end_a_lower_case_page_top_is_no_continuation_of_it():
    # a signature may be set in lower case ("de staatssecretaris van Financiën,"): after a full
    # sentence that is no reason to read it as the sentence's rest
    result = _clean("Ook de resultaten zal ik daarbij betrekken.\n\fde staatssecretaris van Financiën,\n")
    assert len(result.paragraphs) == 2


def test_a_question_ending_before_a_label_is_no_heading():
    # ended by its author before `Antwoord 2`, but a heading seen only by line breaks is a noun phrase
    width = LineWidth(61, 60)
    lines = ["Klopt het dat in het jaar 2023 meer dan 32.000 vluchten",
             "zijn uitgevoerd, terwijl het maximum op 29.000 is gesteld?",
             "Zo ja, hoe verklaart u dit verschil?", "Antwoord 2"]
    paragraphs = build_paragraphs([_stream_line(x) for x in lines], line_width=width)
    assert [p.lines for p in paragraphs] == [lines[:3], lines[3:]]


def test_a_heading_as_long_as_the_column_ends_before_a_line_that_opens_a_sentence():
    width = LineWidth(45, 44)
    lines = ["De Commissie heeft aangekondigd op korte", "termijn een voorstel te doen voor het mkb.",
             "Verordening dierenwelzijn tijdens transport", "Tijdens de lunch spraken de ministers met de",
             "Oekraïense minister over de vervolging."]
    paragraphs = build_paragraphs([_stream_line(x) for x in lines], line_width=width)
    assert [p.lines for p in paragraphs] == [lines[:2], lines[2:3], lines[3:]]


def _stream_line(raw: str) -> tuple:
    return ("line", raw.strip(), [], len(raw) - len(raw.lstrip()), raw)


@pytest.mark.parametrize("closing", ["De Minister van Buitenlandse Zaken,", "de staatssecretaris van Financiën,",
                                     "Hoogachtend,"])
def test_a_closing_at_a_page_top_is_no_paragraphs_rest_even_where_the_layout_says_it_goes_on(closing):
    # first-line indents, and the page's last line full: a flush page top would go on
    lines = textwrap.wrap(_SENTENCES, 37, initial_indent="  ")
    foot = next(i for i, line in enumerate(lines[:-1]) if line.endswith("."))
    body, first = "\n".join(lines), "\n".join(lines[:foot + 1])
    result = _clean(f"{body}\n{body}\n{first}\n\f{closing}\n\nA.B. de Vries\n")
    assert _texts(result)[2].endswith("markt.") and _texts(result)[3] == closing


def test_a_signature_wrapped_after_the_initials_keeps_the_surname():
    # a narrow column wraps "De Staatssecretaris van Financiën, H.G.J. Koster" after the initials:
    # the surname is no heading after a sentence end
    lines = ["De Staatssecretaris van Financiën, H.G.J.", "Koster"]
    for width in (LineWidth(45, 44), LineWidth(45, 44, justified=True)):
        paragraphs = build_paragraphs([_stream_line(x) for x in lines], line_width=width)
        assert [p.lines for p in paragraphs] == [lines]


def test_question_labels_at_page_tops_are_no_running_lines():
    # "Vraag n" numbered down the text looks like a header whose number grows with the page
    questions = ["Kent u het bericht?", "Hoe hoog zijn de kosten?", "Wanneer komt de brief?"]
    answers = ["Ja.", "Dat weten wij nog niet.", "Voor de zomer."]
    pages = [f"Vraag {n}\n\n{q}\n\nAntwoord {n}\n\n{a}\n" for n, q, a in zip((1, 2, 3), questions, answers)]
    result = _clean("\f".join(pages), min_pages=2)
    assert [" ".join(p.lines) for p in result.paragraphs] == [
        "Vraag 1", questions[0], "Antwoord 1", answers[0], "Vraag 2", questions[1], "Antwoord 2", answers[1],
        "Vraag 3", questions[2], "Antwoord 3", answers[2]]


def test_a_page_foot_line_stretched_to_the_justified_column_is_body_text_not_a_heading():
    # a heading is never set justified: the stretched line goes on over the page break
    lines = ["Het  kabinet  heeft  een  plan", PAGE, "EU opgesteld voor de regio."]
    paragraphs = build_paragraphs([x if x == PAGE else _stream_line(x) for x in lines],
                                  line_width=LineWidth(31, 30, justified=True))
    assert [p.lines for p in paragraphs] == [["Het  kabinet  heeft  een  plan", "EU opgesteld voor de regio."]]


def test_a_paragraph_with_the_first_line_indent_is_no_wrapped_heading():
    # in a letter that indents its paragraphs a heading is set flush; an indented two-line page foot
    # is the start of a paragraph, even when the page's next line starts with a capital
    lines = ["  Een alinea begint hier en", "loopt door tot het einde.", "  Nog een alinea die",
             "hier eindigt.", "  Binnen de Unie werkt zij met", "de andere", PAGE, "Lidstaten samen aan het plan."]
    paragraphs = build_paragraphs([x if x == PAGE else _stream_line(x) for x in lines],
                                  line_width=LineWidth(31, 30))
    assert paragraphs[-1].lines == ["Binnen de Unie werkt zij met", "de andere", "Lidstaten samen aan het plan."]


def test_a_wrapped_heading_whose_words_fill_the_justified_column_stays_a_heading():
    # filled by its own words, not padded with spaces: no sign of justification
    lines = ["Het plan is klaar en wordt nu  uitgevoerd.", "", "Zee-ecosystemen en duurzaam gebruik van de", "Noordzee",
             "De bescherming van infrastructuur op zee", "staat niet los van de natuur."]
    paragraphs = build_paragraphs([_stream_line(x) if x else BLANK for x in lines],
                                  line_width=LineWidth(43, 42, justified=True))
    assert ["Zee-ecosystemen en duurzaam gebruik van de Noordzee"] in [p.lines for p in paragraphs]
