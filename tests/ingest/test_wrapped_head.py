"""Letter-head lines that a narrow text column wrapped (pipeline.ingest.sources / letterhead).

A Kamerstuk's head printed in a narrow column breaks its lines anywhere: the dossier title, the
`Nr.` line and its stuk title in capitals, the addressee joined to the place/date line. The head
must read the same as when each line fits. Constructed text files in tmp_path; no network.
"""

from __future__ import annotations

import pytest

from pipeline.config import load_config
from pipeline.ingest import ingest

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
