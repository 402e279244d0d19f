"""pipeline.stages.ingest.official: the fetch sidecar read, validated, applied and cross-checked.

Sidecars are generated from each sample letter's own metadata, written the way the open data writes
it (the publication identifier `kst-<dossier>-<nr>`, `Ministerie van …`, a date-time): agreeing
records give no warning; each checked field perturbed gives exactly that mismatch; a broken sidecar
is one warning naming it, never a failure."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.document import Document
from pipeline.models.deadline import Deadline
from pipeline.stages import Ingest
from pipeline.stages.ingest import ingest
from pipeline.stages.ingest.official import (CHECKED_FIELDS, apply_official_record, check_summary,
                                             kamerstuk_key, read_official_record,
                                             same_kamerstuk, same_ministry, sidecar_path)

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = sorted((ROOT / "data" / "kamerbrieven").iterdir())


@pytest.fixture(scope="module")
def cfg():
    return load_config(None, [])


@pytest.fixture(scope="module")
def ingested(cfg) -> dict[str, Document]:
    return {p.name: ingest(p, cfg.ingest) for p in SAMPLES}


def _identifier(kamerstuk: str) -> str:
    """'21 501-02, nr. 2891' -> 'kst-21501-02-2891' (officielebekendmakingen.nl's identifier form)."""
    dossier, nr = re.match(r"^(.+?),\s*nr\.\s*(\d+)$", kamerstuk).groups()
    return "kst-" + re.sub(r"\s+(?=[IVXLC])", "-", dossier).replace(" ", "") + f"-{nr}"


def _agreeing_record(doc: Document) -> dict:
    meta = doc.metadata
    ministry = f"Ministerie van {meta.sender.split(' van ', 1)[1]}" if meta.sender and " van " in meta.sender else None
    return {"id": "kst-1", "url": "https://zoek.officielebekendmakingen.nl/kst-1.html", "title": "Officiële titel",
            "date": f"{meta.date}T00:00:00+01:00" if meta.date else None, "document_type": "Brief regering",
            "ministry": ministry, "dossier": None,
            "kamerstuk": _identifier(meta.kamerstuk) if meta.kamerstuk else None,
            "source": "officielebekendmakingen", "fetched_at": "2024-06-08T10:00:00+00:00",
            "sha256": doc.provenance.input_sha256}


def _letter(tmp_path: Path, name: str, record: dict | str | None) -> Path:
    letter = tmp_path / name
    letter.write_bytes((ROOT / "data" / "kamerbrieven" / name).read_bytes())
    if record is not None:
        sidecar_path(letter).write_text(record if isinstance(record, str) else json.dumps(record), "utf-8")
    return letter


def _applied(ingested, tmp_path, name, record) -> Document:
    return apply_official_record(ingested[name].model_copy(deep=True), _letter(tmp_path, name, record))


@pytest.mark.parametrize("name", [p.name for p in SAMPLES])
def test_an_agreeing_record_is_attached_without_a_warning(ingested, tmp_path, name):
    before = ingested[name]
    record = _agreeing_record(before)
    doc = _applied(ingested, tmp_path, name, record)
    assert doc.official is not None and doc.official.mismatches == []
    assert doc.warnings == before.warnings
    assert doc.metadata.url == record["url"]
    for field in ("title", "document_type", "kamerstuk", "sender"):  # the letter's own values are kept
        own = getattr(before.metadata, field)
        assert getattr(doc.metadata, field) == (own or getattr(doc.official, {"sender": "ministry"}.get(field, field)))


@pytest.mark.parametrize("name", [p.name for p in SAMPLES])
@pytest.mark.parametrize("field", CHECKED_FIELDS)
def test_a_perturbed_field_is_exactly_that_mismatch_and_warns_with_both_values(ingested, tmp_path, name, field):
    before = ingested[name]
    record = _agreeing_record(before)
    own = {"date": before.metadata.date if before.metadata.date_source == "letter" else None,
           "kamerstuk": before.metadata.kamerstuk, "ministry": before.metadata.sender}[field]
    if own is None or record[field] is None:
        pytest.skip(f"{name} has no {field} of its own to check")
    record[field] = {"date": "1999-01-01", "kamerstuk": "kst-12345-9", "ministry": "Ministerie van Defensie"}[field]
    doc = _applied(ingested, tmp_path, name, record)
    assert doc.official.mismatches == [field]
    new = [w for w in doc.warnings if w not in before.warnings]
    assert len(new) == 1 and own in new[0] and record[field] in new[0] and sidecar_path(Path(name)).name in new[0]
    assert getattr(doc.metadata, "sender" if field == "ministry" else field) == own  # the letter's value kept


def test_a_record_fills_what_the_letter_does_not_say(ingested, tmp_path):
    name = "000_124582cb5ba853ae.txt"  # a report: no sender, no Kamerstuk, its date from the title
    before = ingested[name]
    assert before.metadata.sender is None and before.metadata.kamerstuk is None
    assert before.metadata.date_source == "title"
    record = _agreeing_record(before) | {"ministry": "Ministerie van Buitenlandse Zaken",
                                         "kamerstuk": "21 501-20, nr. 2100", "date": "2023-12-20"}
    doc = _applied(ingested, tmp_path, name, record)
    assert doc.official.mismatches == []
    assert doc.metadata.sender == "Ministerie van Buitenlandse Zaken"
    assert doc.metadata.kamerstuk == "21 501-20, nr. 2100"
    # the title's date is the meeting's, not the letter's: the record's date is the letter's
    assert (doc.metadata.date, doc.metadata.date_source) == ("2023-12-20", None)
    assert doc.metadata.title == before.metadata.title


BROKEN = {
    "not JSON": "{\"id\": ",
    "not an object": "[1, 2]",
    "wrong type": {"id": 5},
    "missing field": {"url": "https://x.nl/a"},
    "unknown key": {"extra": 1},
    "mismatches from outside": {"mismatches": ["date"]},
    "javascript url": {"url": "javascript:alert(1)"},
    "bad date": {"date": "31 januari 2024"},
    "bad fetched_at": {"fetched_at": "yesterday"},
    "bad sha256": {"sha256": "abc"},
    "bad source": {"source": "wikipedia"},
    "not UTF-8": "\udcff",
}


@pytest.mark.parametrize("problem", list(BROKEN))
def test_a_broken_sidecar_is_one_warning_naming_it_never_a_failure(ingested, tmp_path, problem):
    name = "003_sample_letter.xml"
    before = ingested[name]
    change = BROKEN[problem]
    if isinstance(change, dict):
        record = {k: v for k, v in _agreeing_record(before).items() if k not in ("id", "sha256", "source")
                  or problem != "missing field"} | change
        text = json.dumps(record)
    else:
        text = change
    letter = _letter(tmp_path, name, None)
    sidecar_path(letter).write_bytes(text.encode("utf-8", errors="surrogateescape"))
    doc = apply_official_record(before.model_copy(deep=True), letter)
    assert doc.official is None
    assert doc.metadata == before.metadata
    new = [w for w in doc.warnings if w not in before.warnings]
    assert len(new) == 1 and sidecar_path(letter).name in new[0] and "fetch" in new[0]


def test_no_sidecar_no_record_no_warning(ingested, tmp_path):
    name = "002_sample_letter.html"
    doc = _applied(ingested, tmp_path, name, None)
    assert doc.official is None and doc.warnings == ingested[name].warnings and doc.metadata.url is None
    assert read_official_record(tmp_path / name) == (None, None)


def test_a_sidecar_that_is_a_folder_is_a_warning(ingested, tmp_path):
    name = "002_sample_letter.html"
    letter = _letter(tmp_path, name, None)
    sidecar_path(letter).mkdir()
    record, problem = read_official_record(letter)
    assert record is None and "cannot be read" in problem


def test_a_letter_changed_since_fetching_is_warned_about_and_still_checked(ingested, tmp_path):
    name = "001_sample_letter.pdf"
    record = _agreeing_record(ingested[name]) | {"sha256": "0" * 64}
    doc = _applied(ingested, tmp_path, name, record)
    assert doc.official is not None and doc.official.mismatches == []
    new = [w for w in doc.warnings if w not in ingested[name].warnings]
    assert len(new) == 1 and "changed since it was fetched" in new[0]


def test_the_ingest_stage_reads_the_sidecar_beside_the_letter(ingested, tmp_path, cfg):
    name = "004_verslag_formele_raad.txt"
    letter = _letter(tmp_path, name, _agreeing_record(ingested[name]))
    doc = Ingest(cfg.ingest)(letter, Deadline(None, source=name))
    assert doc.official is not None and doc.official.id == "kst-1"
    assert doc.provenance.input_sha256 == hashlib.sha256(letter.read_bytes()).hexdigest() == doc.official.sha256


@pytest.mark.parametrize("a, b", [
    ("21 501-20, nr. 2003", "kst-21501-20-2003"),
    ("21 501-20, nr. 2003", "21501-20 nr. 2003"),
    ("36 512, nr. 7", "Kamerstuk 36512, nr. 7"),
    ("31 444 XVI, nr. 6", "kst-31444-XVI-6"),
    ("35 261, B", "kst-35261-B"),
    ("21 501-02, 21 501-20, nr. 2891", "kst-21501-20-2891"),  # a letter citing two dossiers
    ("36 410 XIII, nr. 5", "kst-36410-XIII-5"),
    ("nr. 7", "36 512, nr. 7"),  # a letter that prints only its number
    ("21 501-20", "21 501-20, nr. 2003"),  # only its dossier
])
def test_kamerstuk_numbers_compare_by_dossier_and_number(a, b):
    assert same_kamerstuk(a, b) and same_kamerstuk(b, a)


@pytest.mark.parametrize("a, b", [
    ("21 501-20, nr. 2003", "kst-21501-20-2004"),
    ("21 501-20, nr. 2003", "kst-21501-02-2003"),
    ("36 512, nr. 7", "kst-36512-70"),
    ("35 261, B", "kst-35261-C"),
    ("nr. 8", "36 512, nr. 7"),
])
def test_different_kamerstukken_differ(a, b):
    assert not same_kamerstuk(a, b)


def test_kamerstuk_key_reads_the_identifier_form():
    assert kamerstuk_key("kst-21501-20-2003") == (frozenset({"21501-20"}), "2003")
    assert kamerstuk_key("nothing here") is None


@pytest.mark.parametrize("sender, ministry, same", [
    ("Minister van Financiën", "Ministerie van Financiën", True),
    ("Minister van Financien", "Financiën", True),
    ("De Staatssecretaris van Financiën – Fiscaliteit en Belastingdienst", "Ministerie van Financiën", True),
    ("Minister van Onderwijs, Cultuur en Wetenschap", "Ministerie van Onderwijs, Cultuur en Wetenschap", True),
    ("Minister van Buitenlandse Zaken, Minister voor Buitenlandse Handel en Ontwikkelingssamenwerking",
     "Ministerie van Buitenlandse Zaken", True),
    ("Minister van Justitie en Veiligheid en Staatssecretaris van Justitie en Veiligheid",
     "Ministerie van Justitie en Veiligheid", True),
    ("Minister van Defensie", "Ministerie van Financiën", False),
    ("Minister van Economische Zaken en Klimaat", "Ministerie van Economische Zaken", False),
    ("Minister voor Klimaat en Energie", "Ministerie van Economische Zaken en Klimaat", None),  # hosted, not told
    ("Minister-President", "Ministerie van Algemene Zaken", None),
    ("Minister van Financiën", "BZK", None),
    ("Vaste commissie voor Financiën", "Ministerie van Defensie", None),  # not a minister's letter
])
def test_the_sender_is_compared_with_the_ministry_by_the_ministry_name(sender, ministry, same):
    assert same_ministry(sender, ministry) is same


def test_the_batch_summary_words_the_counts_by_field():
    line = check_summary(3, {"date": 2, "ministry": 2})
    assert line.startswith("3 letter(s) checked against official metadata")
    assert "date 2" in line and "ministry 2" in line and "kamerstuk" not in line
    assert check_summary(1, {}).endswith("no mismatches")
    assert check_summary(0, {}) is None
