"""Letter-head lines that a narrow text column wrapped (pipeline.stages.ingest.sources / letterhead).

A Kamerstuk's head printed in a narrow column breaks its lines anywhere: the dossier title, the
`Nr.` line and its stuk title in capitals, the addressee joined to the place/date line. The head
must read the same as when each line fits. Constructed text files in tmp_path; no network.
"""

from __future__ import annotations

import pytest

from pipeline.config import load_config
from pipeline.stages.ingest import ingest

CFG = load_config()

BODY = ("Hierbij informeer ik uw Kamer over de stand van zaken van de toeslagen in 2024. Het kabinet\n"
        "neemt maatregelen om de problemen in het huidige stelsel te verkleinen.\n\n"
        "Ik zal uw Kamer voor de zomer opnieuw informeren.\n\n"
        "De Staatssecretaris van Financiën,\n\nM.C. de Vries\n")

HEADS = [
    # every head line on a line of its own
    "Tweede Kamer der Staten-Generaal\nVergaderjaar 2023–2024\n\n31 066 Toeslagen en de aanpak van\n"
    "terugvorderingen\n\nNr. 1402 BRIEF VAN DE STAATSSECRETARIS VAN\nFINANCIËN\n\n"
    "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\nDen Haag, 14 mei 2024\n\n",
    # the Nr. apart from its stuk title; place and date broken after the comma
    "Tweede Kamer der Staten-Generaal\nVergaderjaar 2023–2024\n\n31 066 Toeslagen en de aanpak van\n"
    "terugvorderingen\n\nNr. 1402\nBRIEF VAN DE STAATSSECRETARIS VAN FINANCIËN\n\n"
    "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\nDen Haag,\n14 mei 2024\n\n",
    # the addressee and the place/date on one line, broken inside "Den Haag"
    "Tweede Kamer der Staten-Generaal\nVergaderjaar 2023–2024\n\n31 066 Toeslagen en de aanpak van\n"
    "terugvorderingen\n\nNr. 1402 BRIEF VAN DE STAATSSECRETARIS VAN FINANCIËN\n\n"
    "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal Den\nHaag, 14 mei 2024\n\n",
    # no blank lines: a bare dossier number, its title over two lines, the Nr. apart from its stuk title
    "Tweede Kamer der Staten-Generaal\nVergaderjaar 2023–2024\n31 066\nToeslagen en de aanpak van\n"
    "terugvorderingen\nNr. 1402\nBRIEF VAN DE STAATSSECRETARIS VAN FINANCIËN\n"
    "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\nDen Haag, 14 mei 2024\n\n",
    # every head line a paragraph of its own, the stuk title wrapped after a word no title ends in ("VAN")
    "Tweede Kamer der Staten-Generaal\n\nVergaderjaar 2023–2024\n\n31 066\n\nToeslagen en de aanpak van "
    "terugvorderingen\n\nNr. 1402\n\nBRIEF VAN DE STAATSSECRETARIS VAN\n\nFINANCIËN\n\n"
    "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\nDen Haag, 14 mei 2024\n\n",
]


@pytest.mark.parametrize("head", HEADS)
def test_wrapped_kamerstuk_head_reads_as_unwrapped(tmp_path, head):
    path = tmp_path / "brief.txt"
    path.write_text(head + BODY, encoding="utf-8")
    doc = ingest(path, CFG.ingest)
    meta = doc.metadata
    assert (meta.title, meta.kamerstuk, meta.date, meta.document_type) == (
        "Toeslagen en de aanpak van terugvorderingen", "31 066, nr. 1402", "2024-05-14", "brief")
    assert meta.sender == "Staatssecretaris van Financiën"
    assert doc.blocks[0].kind == "paragraph" and doc.blocks[0].text.startswith("Hierbij informeer ik")
    assert not any(b.kind == "heading" for b in doc.blocks)


def test_report_title_in_capitals_run_on_into_the_body(tmp_path):
    """A report's title in capitals with its first paragraph directly under it (no blank line)."""
    path = tmp_path / "verslag.txt"
    path.write_text("VERSLAG VAN DE RAAD BUITENLANDSE ZAKEN VAN\n22 JANUARI 2024\n"
                    "Op 22 januari vond de Raad Buitenlandse Zaken plaats in Brussel. De Raad sprak\n"
                    "over de situatie in het Midden-Oosten.\n\nDe Raad sprak ook over Oekraïne.\n", encoding="utf-8")
    doc = ingest(path, CFG.ingest)
    meta = doc.metadata
    assert (meta.title, meta.date, meta.date_source, meta.document_type) == (
        "VERSLAG VAN DE RAAD BUITENLANDSE ZAKEN VAN 22 JANUARI 2024", "2024-01-22", "title", "verslag")
    assert doc.blocks[0].text.startswith("Op 22 januari vond de Raad")


@pytest.mark.parametrize("separator", ["\n", "\n\n"])
def test_report_title_ending_in_a_conjunction_goes_on_on_the_next_capitals_line(tmp_path, separator):
    """A title line in capitals that ends in `EN`/`VAN`/`DE` was wrapped, even where the text rules
    set its next line apart (a head line short of a justified column, or a blank line)."""
    path = tmp_path / "verslag.txt"
    path.write_text(f"VERSLAG VAN DE RAAD LANDBOUW EN{separator}VISSERIJ VAN 22 JANUARI 2024\n\n"
                    "  Op 22 januari vond de Raad Landbouw en Visserij plaats in Brussel. De Raad\n"
                    "sprak over de situatie op de landbouwmarkten.\n\nDe Raad sprak ook over Oekraïne.\n",
                    encoding="utf-8")
    doc = ingest(path, CFG.ingest)
    assert (doc.metadata.title, doc.metadata.date) == (
        "VERSLAG VAN DE RAAD LANDBOUW EN VISSERIJ VAN 22 JANUARI 2024", "2024-01-22")
    assert not any(b.kind == "heading" for b in doc.blocks)


MINISTRY_BODY = ("Met deze brief informeer ik uw Kamer over de voortgang van de aanpak van het lerarentekort.\n"
                 "Ik ga in op de meest recente cijfers en op de maatregelen die in gang zijn gezet.\n\n"
                 "Ik zal uw Kamer voor de zomer opnieuw informeren over de regionale aanpak.\n\n"
                 "Hoogachtend,\n\n")


@pytest.mark.parametrize("return_address, signature", [
    ("> Retouradres Postbus 20201 2500 EE Den Haag", "de minister van Onderwijs, Cultuur en Wetenschap,\nC.A. de Jong"),
    # a narrow column wraps the return address and the office of the signer
    ("> Retouradres Postbus 20201 2500 EE Den\nHaag", "de minister van Onderwijs, Cultuur en\nWetenschap,\nC.A. de Jong"),
    # a one-line signature wrapped inside the name, or inside the office
    ("> Retouradres Postbus 20201 2500 EE Den Haag", "de minister van Onderwijs, Cultuur en Wetenschap, C.A.\nde Jong"),
    ("> Retouradres Postbus 20201 2500 EE Den Haag", "de minister van Onderwijs, Cultuur\nen Wetenschap, C.A. de Jong"),
])
def test_ministry_head_and_signature_read_the_same_when_wrapped(tmp_path, return_address, signature):
    path = tmp_path / "brief.txt"
    path.write_text(f"{return_address}\n\nDe Voorzitter van de Tweede Kamer\nder Staten-Generaal\nPostbus 20018\n"
                    "2500 EA DEN HAAG\n\nDatum 5 april 2024\nBetreft Voortgang aanpak lerarentekort\n\n"
                    f"Geachte voorzitter,\n\n{MINISTRY_BODY}{signature}\n", encoding="utf-8")
    doc = ingest(path, CFG.ingest)
    assert (doc.metadata.title, doc.metadata.date) == ("Voortgang aanpak lerarentekort", "2024-04-05")
    assert (doc.metadata.sender, doc.metadata.signatory) == ("Minister van Onderwijs, Cultuur en Wetenschap",
                                                             "C.A. de Jong")
    body = " ".join(b.text for b in doc.blocks)
    assert "Haag" not in body and "Wetenschap" not in body and "Jong" not in body
