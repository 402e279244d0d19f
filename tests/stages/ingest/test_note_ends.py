"""How a footnote's text so far ends (pipeline.stages.ingest.note_ends): finished, or calling for more."""

from __future__ import annotations

import pytest

from pipeline.stages.ingest.note_ends import CITATION_OPEN, REFERENCE_LABEL_END, broken_off, ends_in_link, url_broken


@pytest.mark.parametrize("text", ["Zie https://home-affairs.ec.europa.eu/a_en", "Consilium (europa.eu)",
                                  "via www.rijksoverheid.nl/documenten"])
def test_a_link_ends_its_note(text):
    assert ends_in_link(text) and not url_broken(text)


@pytest.mark.parametrize("text", ["Zie https://home-", "(www.eurojust.europa.eu/core-"])
def test_a_url_broken_at_its_own_hyphen_is_no_end(text):
    assert url_broken(text) and not ends_in_link(text)


@pytest.mark.parametrize("text, calls", [("Kamerstuk", True), ("zie Kamerstuk 22", True), ("Kamerstukken 21", True),
                                         ("Kamerstuk 21 501-", True),
                                         ("Kamerstuk 22 112", False), ("Kamerstuk 22 112, nr. 3453", False)])
def test_an_unfinished_kamerstuk_number_calls_for_its_digits(text, calls):
    assert (CITATION_OPEN.search(text) is not None) is calls


@pytest.mark.parametrize("text", ["Kamerstuk 29 023, nr.", "Stcrt.", "zie blz."])
def test_a_reference_label_calls_for_its_number(text):
    assert REFERENCE_LABEL_END.search(text)


@pytest.mark.parametrize("text", ["Brief van J.P.", "Rapport van de commissie-Van Dijk, p. 3 e.v.", "Stcrt"])
def test_initials_and_other_stops_call_for_no_number(text):
    assert not REFERENCE_LABEL_END.search(text)


@pytest.mark.parametrize("text, off", [("Besluit van 28 maart 2023,", True), ("een hoge gemeenschappelijke cy-", True),
                                       ("Landbouw-", True), ("Kamerstuk 21 501-", False), ("Besluit.", False),
                                       ("Kamerstuk 22 112, nr. 3453", False)])
def test_a_comma_or_a_hyphen_after_a_letter_ends_no_note(text, off):
    assert broken_off(text) is off
