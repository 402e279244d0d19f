"""Official publication links built from Kamerstuk citations (pipeline.render.links)."""

import pytest

from pipeline.document import Document, Metadata, OfficialRecord, Provenance
from pipeline.render.links import dossier_id, dossier_of, kamerstuk_url, letter_dossier, official_url, web_url


@pytest.mark.parametrize("citation, url", [
    ("36 512, nr. 7", "https://zoek.officielebekendmakingen.nl/kst-36512-7.html"),
    ("21 501-02, nr. 2602", "https://zoek.officielebekendmakingen.nl/kst-21501-02-2602.html"),
    ("31 444 XVI, nr. 6", "https://zoek.officielebekendmakingen.nl/kst-31444-XVI-6.html"),
    ("35 261, B", "https://zoek.officielebekendmakingen.nl/kst-35261-B.html"),
    ("21 501-20, 36 045, nr. 12", "https://zoek.officielebekendmakingen.nl/kst-21501-20-12.html"),
])
def test_kamerstuk_url_follows_the_publication_identifier(citation, url):
    assert kamerstuk_url(citation) == url


@pytest.mark.parametrize("citation", [None, "", "nr. 7", "36 512", "geen kamerstuk, nr. 3"])
def test_no_url_without_a_dossier_and_a_number(citation):
    assert kamerstuk_url(citation) is None


def test_dossier_forms():
    assert dossier_of("21 501-02, nr. 2891") == "21 501-02"
    assert dossier_id("36 200 VI") == "36200-VI"
    assert dossier_of(None) is None


def _doc(**meta):
    return Document(source="x.txt", metadata=Metadata(**meta), provenance=Provenance(pipeline_version="0"))


def test_official_url_prefers_a_known_address_and_refuses_scripts():
    assert official_url(_doc(url="https://example.org/a", kamerstuk="36 512, nr. 7")) == "https://example.org/a"
    assert official_url(_doc(url="javascript:alert(1)", kamerstuk="36 512, nr. 7")).endswith("kst-36512-7.html")
    assert official_url(_doc()) is None
    assert not web_url('https://x.org/"onmouseover=alert(1)')


def test_letter_dossier_falls_back_to_the_official_record():
    doc = _doc()
    doc.official = OfficialRecord(id="kst-1", url="https://zoek.officielebekendmakingen.nl/kst-29023-473.html",
                                  dossier="29 023", source="officielebekendmakingen", fetched_at="t", sha256="0")
    assert letter_dossier(doc) == "29 023"
    assert official_url(doc) == doc.official.url
    assert letter_dossier(_doc(kamerstuk="32 317, nr. 874")) == "32 317"
