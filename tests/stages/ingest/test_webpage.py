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
