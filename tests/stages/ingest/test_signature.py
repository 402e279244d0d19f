"""Signatures at a letter's end (pipeline.stages.ingest.signature): the signer's office becomes the
sender, the name the signatory, and the signature lines leave the body — whatever the office and name."""

from __future__ import annotations

import pytest

from pipeline.stages.ingest.clean import Line
from pipeline.stages.ingest.letterhead import LetterHead
from pipeline.stages.ingest.signature import take_one_line_signatures, take_signature

OFFICES = ["De Minister van Buitenlandse Zaken,", "De Staatssecretaris van Financiën,",
           "de minister van Onderwijs, Cultuur en Wetenschap,"]
NAMES = ["A.G. Koenders", "M.L.A. van Rij", "R.H. Dijkgraaf"]
BODY = ["Ik vertrouw erop u hiermee voldoende te hebben geïnformeerd.", "Hoogachtend,"]


@pytest.mark.parametrize("office,name", list(zip(OFFICES, NAMES)))
def test_a_two_line_signature_names_sender_and_signatory(office, name):
    lines = [Line(0, BODY[0]), Line(1, BODY[1]), Line(2, office), Line(2, name)]
    head = LetterHead()
    kept = take_signature(lines, head)
    assert [line.text for line in kept] == [BODY[0]]
    assert head.sender and head.sender.lower() in office.lower()
    assert head.signatory == name


@pytest.mark.parametrize("office,name", list(zip(OFFICES, NAMES)))
def test_a_one_line_signature_leaves_the_body(office, name):
    lines = [Line(0, BODY[0]), Line(1, f"{office} {name}")]
    head = LetterHead()
    kept = take_one_line_signatures(lines, head)
    assert [line.text for line in kept] == [BODY[0]]
    assert head.sender and head.sender.lower() in office.lower()


def test_body_text_that_mentions_a_minister_is_no_signature():
    text = "De Minister van Buitenlandse Zaken heeft de Raad op 3 maart geïnformeerd over de stand van zaken."
    lines = [Line(0, text)]
    head = LetterHead()
    assert [line.text for line in take_signature(take_one_line_signatures(lines, head), head)] == [text]
    assert head.sender is None


@pytest.mark.parametrize("office,name", list(zip(OFFICES, NAMES)))
@pytest.mark.parametrize("same_paragraph", [True, False])
def test_a_one_line_signature_wrapped_after_the_initials_is_read_whole(office, name, same_paragraph):
    # The column broke the signature between the initials and the surname; a reader of justified
    # text may even have ended the paragraph there (the closing lines are not padded).
    initials, surname = name.split(" ", 1)
    lines = [Line(0, BODY[0]), Line(1, f"{office} {initials}"), Line(1 if same_paragraph else 2, surname)]
    head = LetterHead()
    kept = take_one_line_signatures(lines, head)
    assert [line.text for line in kept] == [BODY[0]]
    assert head.sender and head.sender.lower() in office.lower()
    assert head.signatory == name
