"""pipeline.stages.ingest.questions: the conventions of answers to written questions — strictly
sequential Vraag/Antwoord labels, the intro's facts, and one section per question and its answer."""

from __future__ import annotations

import pytest

from pipeline.stages.ingest.metadata import parse_dutch_date
from pipeline.stages.ingest.questions import (answer_blocks, answering_office, label_rest, question_labels,
                                              read_intro, split_names)


def test_labels_count_only_in_their_strict_sequence():
    lines = ["Vraag 1", "Waarom?", "Antwoord 1", "Daarom.", "Vraag 2", "Hoe?", "Antwoord op vraag 2", "Zo."]
    assert question_labels(lines) == [0, 2, 4, 6]


@pytest.mark.parametrize("lines", [
    ["Vraag 2", "x", "Antwoord 2", "y"],                # does not start at 1
    ["Vraag 1", "x"],                                    # a question without its answer
    ["Vraag 1 is een goede vraag, vindt de Minister."],  # a sentence, not a label
    ["Antwoord 1", "y", "Vraag 1", "x"],                 # the answer before the question
])
def test_anything_else_is_no_answer_document(lines):
    assert question_labels(lines) == []


def test_text_after_a_label_on_its_line():
    assert label_rest("Antwoord 1: Ja.") == "Ja."
    assert label_rest("Vraag 3. Klopt het dat …?") == "Klopt het dat …?"
    assert label_rest("Vraag 3") is None and label_rest("Gewone zin.") is None


def test_the_intro_gives_questioners_dates_and_the_answering_office_and_is_not_body():
    intro = ("Vragen van de leden Bouchallikh, Bromet en Kröger (allen GroenLinks) aan de Minister van "
             "Financiën over de toeslagen (ingezonden 20 december 2024). Antwoord van Staatssecretaris "
             "Van Oostenbruggen (Financiën) (ontvangen 4 februari 2025). Zie ook Aanhangsel Handelingen, "
             "vergaderjaar 2024–2025, nr. 1028.")
    head, rest = read_intro(intro, parse_dutch_date)
    assert head.questioners == ["Bouchallikh", "Bromet", "Kröger"]
    assert (head.questions_date, head.answers_date) == ("2024-12-20", "2025-02-04")
    assert head.sender == "Staatssecretaris van Financiën"
    assert rest == ""


def test_a_title_above_the_intro_is_the_documents_title_not_body():
    intro = ("Antwoord op vragen van de leden Van Dijk en Bouali over nachtvluchten Vragen van de leden Van Dijk "
             "(SP) en Bouali (D66) aan de Minister van Infrastructuur en Waterstaat over nachtvluchten "
             "(ingezonden 27 februari 2024). Antwoord van Minister Jansen (Infrastructuur en Waterstaat) "
             "(ontvangen 21 maart 2024).")
    head, rest = read_intro(intro, parse_dutch_date)
    assert head.title == "Antwoord op vragen van de leden Van Dijk en Bouali over nachtvluchten"
    assert head.questioners == ["Van Dijk", "Bouali"] and rest == ""


def test_names_without_parties():
    assert split_names("Erkens (VVD)") == ["Erkens"]
    assert split_names("Van der Lee,  Thijssen en Kuik (CDA)") == ["Van der Lee", "Thijssen", "Kuik"]


@pytest.mark.parametrize("who, office", [
    ("Minister Uitermark (Binnenlandse Zaken en Koninkrijksrelaties)",
     "Minister van Binnenlandse Zaken en Koninkrijksrelaties"),
    ("Minister Hermans (Klimaat en Energie)", "Minister voor Klimaat en Energie"),  # no ministry of its own
    ("Minister-President Schoof (Algemene Zaken)", "Minister-President"),
    ("de heer Jansen", None),
])
def test_the_sender_is_the_office_not_the_person(who, office):
    assert answering_office(who) == office


def test_each_question_and_its_answer_make_one_section():
    paragraphs = [(["Vraag 1"], []), (["Waarom?"], []), (["Antwoord 1"], []), (["Daarom."], [1]),
                  (["Antwoord 1: niet los"], [])]
    blocks = answer_blocks(paragraphs, " ".join)
    assert [(b.kind, b.text, b.level) for b in blocks] == [
        ("heading", "Vraag 1", 1), ("paragraph", "Waarom?", None), ("paragraph", "Daarom.", None),
        ("paragraph", "Antwoord 1: niet los", None)]
    assert blocks[2].footnote_refs == [1]


def test_a_ministry_name_left_between_the_labels_is_furniture_not_an_answer():
    paragraphs = [(["Vraag 1"], []), (["Waarom?"], []), (["Ministerie van Financiën"], []), (["Antwoord 1"], []),
                  (["Daarom."], []), (["Ministerie van Financiën betaalt, zegt de Minister."], [])]
    blocks = answer_blocks(paragraphs, " ".join)
    assert [b.text for b in blocks] == ["Vraag 1", "Waarom?", "Daarom.",
                                        "Ministerie van Financiën betaalt, zegt de Minister."]
