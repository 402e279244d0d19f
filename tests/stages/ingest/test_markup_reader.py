"""pipeline.stages.ingest.markup_reader: the part the HTML and XML readers share — metadata dates,
tag names, and letter furniture recognised by its text whatever element carries it."""

from __future__ import annotations

import pytest
from lxml import etree

from pipeline.stages.ingest.markup_reader import (class_tokens, furniture_kind, is_chamber_line, is_signature_line,
                                                  local_name, parse_iso_date, place_date, stuk_document_type)


@pytest.mark.parametrize("text, iso", [("2024-02-12", "2024-02-12"), ("2024-02-12T10:00:00", "2024-02-12"),
                                       ("12 februari 2024", "2024-02-12"), ("2024-02-30", None), ("geen", None)])
def test_metadata_dates_iso_or_dutch(text, iso):
    assert parse_iso_date(text) == iso


def test_local_names_ignore_namespaces_and_case_and_non_elements():
    root = etree.fromstring('<a xmlns="urn:x"><B class="Noot  Voet"/><!-- c --><?pi x?></a>')
    element, comment, pi = list(root)
    assert local_name(root) == "a" and local_name(element) == "b"
    assert local_name(comment) == "" and local_name(pi) == ""
    assert class_tokens(element) == {"noot", "voet"} and class_tokens(root) == set()


def test_place_date_lines_alone_or_joined_to_the_addressee():
    assert place_date("Den Haag, 9 februari 2024") == "2024-02-09"
    assert place_date("Aan de Voorzitter van de Tweede Kamer der Staten-Generaal Den Haag, 14 mei 2024") == "2024-05-14"
    assert place_date("In Den Haag is op 9 februari 2024 overlegd.") is None


@pytest.mark.parametrize("text, kind", [
    ("Den Haag, 9 februari 2024", "place_date"),
    ("Tweede Kamer der Staten-Generaal", "closing"),
    ("Nr. 2891 BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN", "stuk_line"),
    ("De Raad sprak over Oekraïne.", None),
])
def test_furniture_wherever_it_stands(text, kind):
    assert furniture_kind(text, before_body=True) == kind
    assert furniture_kind(text, before_body=False) == kind


def test_dossier_lines_count_only_before_the_body():
    assert furniture_kind("21 501-02 Raad Buitenlandse Zaken", before_body=True) == "dossier_line"
    assert furniture_kind("21 501-02 Raad Buitenlandse Zaken", before_body=False) is None
    assert furniture_kind("Nr. 7", before_body=True) == "stuk_number"


def test_chamber_and_signature_lines():
    assert is_chamber_line("Vergaderjaar 2023–2024") and not is_chamber_line("De Kamer vergaderde.")
    assert is_signature_line("H.G.J. Bruins Slot")
    assert not is_signature_line("De Minister heeft dit jaar drie keer met de Raad over Oekraïne gesproken.")


def test_stuk_title_names_the_type_or_its_first_word():
    assert stuk_document_type("BRIEF VAN DE MINISTER VAN FINANCIËN") == "brief"
    assert stuk_document_type("AMENDEMENT VAN HET LID X") == "amendement"
    assert stuk_document_type(None) is None
