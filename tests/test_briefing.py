"""`make briefing`: fetch what is new into the inbox, translate the inbox into OUT (notes and the batch
index) — the weekly briefing in one command; a re-run adds only the new letters."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import yaml

from tests.fetch.server import Doc, OpenDataServer

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "kamerbrieven"
STAMP = ".venv/.installed"  # the Makefile's set-up stamp: a test never re-installs (-o: treat as up to date)
MAKE = shutil.which("make")

pytestmark = pytest.mark.skipif(MAKE is None, reason="make is not installed")


def make_briefing(*variables: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([MAKE, "--no-print-directory", "-o", STAMP, "briefing", f"PY={sys.executable}", *variables],
                          capture_output=True, text=True, cwd=ROOT, timeout=timeout)


def commands(*variables: str) -> list[str]:
    """The pipeline commands `make briefing` would run (make -n), in order."""
    proc = make_briefing("-n", *variables)
    assert proc.returncode == 0, proc.stderr
    return [part.strip() for part in re.split(r"[;\n]", proc.stdout.replace("\\\n", " ")) if " -m pipeline " in part]


def test_briefing_fetches_into_the_inbox_then_translates_the_inbox():
    fetch, translate = commands("SINCE=2024-06-01")
    assert " fetch " in fetch and '--since "2024-06-01"' in fetch and '--to "data/inbox"' in fetch
    assert "--until" not in fetch and "--dossier" not in fetch and "--api-url" not in fetch
    assert ' translate "data/inbox" --out "out/briefing"' in translate  # OUT's default for the briefing


def test_briefing_passes_the_range_dossier_service_and_folders_on():
    fetch, translate = commands("SINCE=2024-06-01", "UNTIL=2024-06-07", "DOSSIER=21501-20",
                                "API_URL=http://127.0.0.1:1/odata/", "INBOX=/tmp/in", "OUT=/tmp/notes", "CONFIG=my.yaml")
    for part in ('--until "2024-06-07"', '--dossier "21501-20"', '--api-url "http://127.0.0.1:1/odata/"',
                 '--to "/tmp/in"', '--config "my.yaml"'):
        assert part in fetch
    assert ' translate "/tmp/in" --out "/tmp/notes" --config "my.yaml"' in translate


def test_briefing_without_since_says_what_to_give():
    proc = make_briefing()
    assert proc.returncode != 0 and "SINCE=YYYY-MM-DD" in proc.stderr


# ------------------------------------------------------------------ the whole chain, against the test server


@dataclass
class Letter(Doc):
    """A server document whose file is a real letter (the generated ones are placeholders)."""

    body: bytes = b""

    def xml(self) -> bytes:
        return self.body

    def pdf(self) -> bytes:
        return self.body


def _letter(n: int, sample: str, day: date, dossier: tuple[str, str | None], volgnummer: int, ministry: str) -> Letter:
    return Letter(id=str(uuid.UUID(int=n, version=4)), nummer=f"{day.year}D{40000 + n}", soort="Brief regering",
                  onderwerp=f"Brief {n}", datum=day, dossier=dossier, volgnummer=volgnummer,
                  functie=f"minister van {ministry}", changed=f"{day.isoformat()}T10:00:00+01:00",
                  has_xml=sample.endswith(".xml"), body=(SAMPLES / sample).read_bytes())


def _config(path: Path, tiny_overrides: list[str], server: OpenDataServer) -> Path:
    """A config file: the tiny models, and fetch pointed at the local server, fast."""
    settings: dict = {}
    for item in tiny_overrides + [f"fetch.tweedekamer.publication_xml_url={server.base}/pub/{{id}}.xml",
                                  "fetch.requests_per_second=100000", "fetch.retries=1", "fetch.timeout_s=10"]:
        keys, value = item.split("=", 1)
        *parents, last = keys.split(".")
        node = settings
        for key in parents:
            node = node.setdefault(key, {})
        node[last] = yaml.safe_load(value)
    path.write_text(yaml.safe_dump(settings), encoding="utf-8")
    return path


def _summary(proc: subprocess.CompletedProcess) -> str:
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stderr


@pytest.mark.slow
def test_briefing_against_the_open_data_server_adds_only_the_new_letters(tmp_path, tiny_overrides):
    letters = [
        # agreeing with its letter: 29 023, nr. 473 of 14 November 2023, Economische Zaken en Klimaat
        _letter(1, "003_sample_letter.xml", date(2023, 11, 14), ("29023", None), 473, "Economische Zaken en Klimaat"),
        # the PDF (no publication XML: the OData resource), agreeing: 36 512, nr. 7 of 31 January 2024
        _letter(2, "001_sample_letter.pdf", date(2024, 1, 31), ("36512", None), 7, "Buitenlandse Zaken"),
        # the first letter's text under another record: its date and number disagree with the record
        _letter(3, "003_sample_letter.xml", date(2024, 1, 15), ("29023", None), 474, "Economische Zaken en Klimaat"),
    ]
    inbox, out = tmp_path / "inbox", tmp_path / "briefing"
    with OpenDataServer(letters, page_size=2) as server:
        config = _config(tmp_path / "briefing.yaml", tiny_overrides, server)
        run = ("SINCE=2023-11-01", f"API_URL={server.base}/OData/v4/2.0/", f"INBOX={inbox}", f"OUT={out}",
               f"CONFIG={config}")

        first = _summary(make_briefing(*run, "UNTIL=2023-12-31", timeout=600))
        assert "1 note(s) written" in first
        assert "1 letter(s) checked against official metadata: no mismatches" in first
        first_note = out / "2023D40001.json"
        written = first_note.stat().st_mtime_ns
        assert json.loads(first_note.read_text("utf-8"))["official"]["mismatches"] == []
        assert "2023D40001" in (out / "index.md").read_text("utf-8")

        second = _summary(make_briefing(*run, "UNTIL=2024-02-29", timeout=600))
        assert "2 note(s) written" in second and "1 skipped" in second  # only the new letters
        assert "2 letter(s) checked against official metadata: mismatches date 1, kamerstuk 1" in second
        assert first_note.stat().st_mtime_ns == written
        notes = {p.stem: json.loads(p.read_text("utf-8")) for p in out.glob("*.json") if p.stem[:4].isdigit()}
        assert {stem: note["official"]["mismatches"] for stem, note in notes.items()} == {
            "2023D40001": [], "2024D40002": [], "2024D40003": ["date", "kamerstuk"]}
        assert notes["2024D40002"]["metadata"]["url"].startswith("https://")
        index = (out / "index.md").read_text("utf-8")
        assert all(stem in index for stem in notes)

        third = _summary(make_briefing(*run, "UNTIL=2024-02-29", timeout=600))
        assert "0 note(s) written" in third and "3 skipped" in third
        assert "checked against official metadata" not in third
