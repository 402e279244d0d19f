"""pipeline.stages.ingest.webpage: the conventions of a page copied or saved from the chamber's and
the government's sites — where the letter starts, the site's own labels, the page title's subject,
the `Noot` block under the text and the markers that point into it."""

from __future__ import annotations

import pytest

from pipeline.stages.ingest.webpage import (PageFacts, is_site_label, letter_start, page_title_subject,
                                            read_page_head, remove_markers, take_note_block)


def _head_line(text: str) -> bool:
    return text.startswith("Tweede Kamer") or text[:2].isdigit()


def test_a_kamerstuk_starts_at_its_dossier_lines_above_the_nr_line():
    lines = ["Menu", "Zoeken", "Brief regering : Onderwerp", "", "Tweede Kamer der Staten-Generaal",
             "36 512 Onderzeese infrastructuur", "", "Nr. 7 BRIEF VAN DE MINISTER VAN DEFENSIE", "Tekst."]
    assert letter_start(lines, _head_line) == 4


def test_an_answer_starts_at_its_questions_intro_and_a_bare_page_after_preview():
    assert letter_start(["Home", "Vragen van het lid Erkens (VVD) aan de Minister"], _head_line) == 1
    assert letter_start(["Home", "Preview document", "Geachte voorzitter,"], _head_line) == 2
    assert letter_start(["Nr. 7 in de lijst staat hier", "tekst"], _head_line) is None  # not in capitals


@pytest.mark.parametrize("text", ["Naar boven", "  preview   document ", "Download PDF"])
def test_site_buttons_are_labels_however_spaced_or_cased(text):
    assert is_site_label(text)


def test_a_sentence_is_no_site_label():
    assert not is_site_label("Naar boven toe is de lijn gestegen.")


@pytest.mark.parametrize("title, subject", [
    ("Brief regering : Voorbereiding Europese Raad", "Voorbereiding Europese Raad"),
    ("Gewone titel: met dubbele punt", "Gewone titel: met dubbele punt"),  # no space before the colon
])
def test_page_title_subject(title, subject):
    assert page_title_subject(title) == subject


def test_page_head_gives_the_page_title_and_kind():
    facts = PageFacts()
    read_page_head(["Menu", "Brief regering : Voorbereiding Europese Raad", ""], facts)
    assert (facts.kind, facts.title) == ("Brief regering", "Voorbereiding Europese Raad")
    assert facts.removed == ["Menu", "Brief regering : Voorbereiding Europese Raad"]


def _page(notes: str) -> str:
    return "\n".join(["Regel van de brief."] * 8) + "\n" + notes


def test_the_note_block_under_the_letter_is_cut_off_and_read():
    text, notes = take_note_block(_page("Noot\n1\nKamerstuk 21 501-20, nr. 2.\nNoot\n2\nZie bijlage.\nNaar boven"))
    assert notes == {1: "Kamerstuk 21 501-20, nr. 2.", 2: "Zie bijlage."}
    assert "Noot" not in text and text.endswith("Regel van de brief.")


def test_notes_out_of_sequence_or_in_the_first_half_are_no_note_block():
    assert take_note_block(_page("Noot\n2\nTekst."))[1] == {}
    early = "Noot\n1\nTekst.\n" + "\n".join(["Regel van de brief."] * 8)
    assert take_note_block(early) == (early, {})


def test_markers_are_taken_strictly_in_sequence():
    text, taken, following = remove_markers("bij EMSA1 en COP28, zie ook bericht»2?", [1, 2, 3], 1)
    assert (text, taken, following) == ("bij EMSA en COP28, zie ook bericht»?", [1, 2], 3)
    assert remove_markers("artikel 12 lid 2", [1, 2], 1) == ("artikel 12 lid 2", [], 1)


LONG = ("De Raad sprak over de voortgang van de onderhandelingen en over de inzet van het kabinet, die "
        "uitgaat van een evenwichtig pakket dat recht doet aan de belangen van alle lidstaten.")


def test_a_browser_copys_notes_without_a_noot_label_are_read_when_their_markers_stand_above():
    lines = ["Tweede Kamer der Staten-Generaal", "Den Haag, 9 februari 2024", LONG + "1", "Tussenkop",
             LONG.replace("lidstaten.", "lidstaten.2"), "De Minister van Financiën,", "A.B. de Vries",
             "1. Kamerstuk 21 501-02, nr. 2880 ↩", "2. Zie het verslag van de Europese Raad. ↩", "Privacy",
             "© Tweede Kamer der Staten-Generaal"]
    text, notes = take_note_block("\n".join(lines))
    assert notes == {1: "Kamerstuk 21 501-02, nr. 2880", 2: "Zie het verslag van de Europese Raad."}
    assert text.endswith("A.B. de Vries")
    # a number line and a text line per note (a table copied cell by cell)
    cells = lines[:7] + ["1", "Kamerstuk 21 501-02, nr. 2880", "2", "Zie het verslag."]
    assert take_note_block("\n".join(cells))[1] == {1: "Kamerstuk 21 501-02, nr. 2880", 2: "Zie het verslag."}


def test_a_numbered_list_of_the_letter_is_no_note_block():
    # no markers glued to words above, or wrapped text (no line longer than a printed column)
    lines = ["Den Haag, 9 februari 2024", LONG, LONG, "Het kabinet zet in op:", "1. meer controle", "2. minder lasten"]
    assert take_note_block("\n".join(lines))[1] == {}
    wrapped = ["Een regel van de brief met een marker1", "1 Kamerstuk 21 501-02, nr. 2880"]
    assert take_note_block("\n".join(wrapped))[1] == {}


def test_footer_links_and_copyright_notices_are_the_sites():
    assert is_site_label("Toegankelijkheid") and is_site_label("© Rijksoverheid.nl")
    assert not is_site_label("Toegankelijkheid van het stemlokaal is geregeld.")


def test_a_page_copy_starts_under_its_numbered_breadcrumb_or_at_a_return_address_under_site_lines():
    page = ["Rijksoverheid.nl", "Zoeken", "Home", "Nieuws", "1. Home", "2. Kamerstukken", "3. Voortgang aanpak",
            "Voortgang aanpak lerarentekort", LONG, LONG]
    assert letter_start(page, _head_line) == 7
    assert letter_start(["Home > Kamerstukken > Brief", "Titel", LONG, LONG], _head_line) == 1
    ministry = ["Rijksoverheid.nl", "Zoeken", "> Retouradres Postbus 20018 2500 EA Den Haag", LONG, LONG]
    assert letter_start(ministry, _head_line) == 2
    assert letter_start(["> Retouradres Postbus 20018", LONG, LONG], _head_line) is None  # no site above it
