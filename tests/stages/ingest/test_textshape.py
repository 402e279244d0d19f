"""pipeline.stages.ingest.textshape: what a line of letter text shows at its ends."""

from __future__ import annotations

import re

import pytest

from pipeline.stages.ingest.textshape import LETTER, URLISH, ends_on_abbreviation, ends_on_initials, ends_sentence, url_goes_on


@pytest.mark.parametrize("text", ["Dat is zo.", "Is dat zo?", "Nee!", "Als volgt:", "(zie bijlage.)",
                                  "Hij zei: „klaar.”", "Einde.’  "])
def test_sentence_ends_are_found_behind_closing_brackets_and_quotes(text):
    assert ends_sentence(text)


@pytest.mark.parametrize("text", ["", "   ", "de Raad heeft besloten", "zie (bijlage)", "defensie-", "1,5"])
def test_no_sentence_end(text):
    assert not ends_sentence(text)


def test_a_letter_is_any_script_but_never_a_digit_or_underscore():
    assert all(re.fullmatch(LETTER, c) for c in "aZéïßøΩж")
    assert not any(re.fullmatch(LETTER, c) for c in "1_-. ")


@pytest.mark.parametrize("line, url", [
    ("zie https://www.rijksoverheid.nl/a/b voor meer", "https://www.rijksoverheid.nl/a/b"),
    ("zie www.consilium.europa.eu.", "www.consilium.europa.eu."),
    ("mail naar info@minbuza.nl", "info@minbuza.nl"),
    ("(HTTP://EXAMPLE.ORG)", "(HTTP://EXAMPLE.ORG)"),
])
def test_url_like_tokens_are_whole_whitespace_separated_words(line, url):
    assert URLISH.findall(line) == [url]


def test_ordinary_words_are_not_url_like():
    assert URLISH.findall("De Minister van Buitenlandse Zaken, e.g. o.a. nr. 12") == []


@pytest.mark.parametrize("text, expected", [
    ("de motie Van Dijk c.s.", True), ("Zo wordt m.i.v.", True), ("op 28 maart jl.", True),
    ("en dat is het einde.", False), ("De Kamer.", False), ("", False)])
def test_an_abbreviations_period_is_told_from_a_sentences(text, expected):
    assert ends_on_abbreviation(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("De Staatssecretaris van Financiën, H.G.J.", True), ("mr. Th.C. de", False), ("ondertekend door Th.C.", True),
    ("in bijlage A.", False), ("de VS.", False), ("zie Nr.", False), ("", False)])
def test_a_persons_initials_at_the_end_are_told_from_a_sentence_end(text, expected):
    assert ends_on_initials(text) is expected


@pytest.mark.parametrize("text, line, goes_on", [
    ("Zie https://home-", "affairs.ec.europa.eu/a_en", True),          # an address ends in no hyphen
    ("https://x.nl/zoek?q=", "kamerbrief", True),                       # nor in a query's sign
    ("Zie https://www.rijksoverheid.nl/documenten/", "rapporten/2024/a.pdf", True),
    ("https://www.noordzeeoverleg.nl/", "werkagenda-2024", True),
    ("https://www.noordzeeoverleg.nl/", "werkagenda", True),            # a path's rest alone on its line
    ("https://www.noordzeeoverleg.nl/", "werkagenda-2024 (geraadpleegd op 22 januari 2024)", True),
    ("https://www.noordzeeoverleg.nl/", "(geraadpleegd op 22 januari 2024)", False),
    ("https://www.noordzeeoverleg.nl/", "Kamerstuk 21 501-20, nr. 3", False),
    ("https://www.noordzeeoverleg.nl/", "en de werkagenda", False),
    ("https://www.noordzeeoverleg.nl", "werkagenda-2024", False),       # a complete host
    ("Kamerstuk 21 501-", "20, nr. 3", False),                          # no address
])
def test_a_url_goes_on_only_with_the_rest_of_an_address(text, line, goes_on):
    assert url_goes_on(text, line) is goes_on


def test_common_words_are_written_in_lower_case_and_never_capitalised_after_another_word():
    from pipeline.stages.ingest.textshape import common_words

    common = common_words(["De beste bescherming van de kabels.      Bescherming vraagt samenwerking",  # padded
                           "met de Raad Buitenlandse Zaken over buitenlandse steun.",
                           "29 023 Leveringszekerheid gas", "de leveringszekerheid van gas"])
    assert "bescherming" in common  # capitalised only where a sentence opens
    assert "buitenlandse" not in common  # capitalised inside a line: a name's word too
    assert "raad" not in common
    assert "leveringszekerheid" not in common  # capitalised after a dossier number: a title's word


@pytest.mark.parametrize("text, above, opens", [
    ("In 334 gemeenten", "", True),                                          # a function word
    ("Bescherming van deze infrastructuur", "Samenwerking in EU- en NAVO-verband", True),
    ("Bescherming van deze infrastructuur", "Het kabinet heeft gezorgd voor", False),  # under a clause
    ("Bescherming van 4 oktober jl.", "Daarmee geef ik invulling aan het debat", False),
    ("Bescherming van de kabels", "Om de kabels te beschermen, benadert de Dienst", False),  # a name runs on
    ("Bescherming van de kabels", "In het kader van het programma", False),               # a clause's opening
    ("Buitenlandse Zaken heeft", "Nederland in de Raad", False),             # no common word
    ("Kustwacht en Marine", "Samenwerking op zee", False),
])
def test_a_sentence_opens_with_a_capitalised_function_word_or_common_word(text, above, opens):
    from pipeline.stages.ingest.textshape import opens_sentence

    assert opens_sentence(text, above, frozenset({"bescherming", "zaken"})) is opens
