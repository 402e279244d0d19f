"""Ministries from titles, and the payload checks."""

from __future__ import annotations

import pytest

from pipeline.errors import FetchError
from pipeline.fetch.sidecar import check_payload, ministry_from_title


def test_a_bewindspersoon_title_names_the_ministry():
    assert ministry_from_title("minister van Financiën") == "Ministerie van Financiën"
    assert ministry_from_title("Staatssecretaris van Justitie en Veiligheid") == "Ministerie van Justitie en Veiligheid"
    assert ministry_from_title("minister voor Klimaat en Energie") == "minister voor Klimaat en Energie"
    assert ministry_from_title(None) is None and ministry_from_title("  ") is None


def test_payloads_must_be_what_they_claim(tmp_path):
    pdf, xml = tmp_path / "a.pdf", tmp_path / "a.xml"
    pdf.write_bytes(b"<html>not a pdf</html>")
    with pytest.raises(FetchError, match="not one"):
        check_payload(pdf, ".pdf", "a.pdf", "http://x/a.pdf")
    xml.write_bytes(b"<a><b></a>")
    with pytest.raises(FetchError, match="malformed XML"):
        check_payload(xml, ".xml", "a.xml", "http://x/a.xml")
    xml.write_bytes(b'<!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>')
    check_payload(xml, ".xml", "a.xml", "http://x/a.xml")  # parsed without resolving the entity
