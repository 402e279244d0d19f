"""Hostile inputs (issue #6): each is read or refused with a clear, named error (file, stage, reason,
fix); limits hold before memory or time run out; nothing is written outside OUT; a batch mixing
good and bad files completes the good ones and exits 1.

The small inputs are committed in tests/data/bad/ (made by scripts/make_bad_inputs.py); big ones
(50 MB text, decompression bomb, 200,000-character line, odd names, symlink) are made here in
tmp_path with the same script's functions.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import tracemalloc
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from pipeline.cli import main
from pipeline.config import load_config
from pipeline.engines.local import analyse, collect_inputs
from pipeline.engines.plan import output_stems
from pipeline.engines.report import BATCH_FILES
from pipeline.errors import ConfigError, InputError, LimitError
from pipeline.models.deadline import Deadline
from pipeline.stages.ingest import ingest
from pipeline.stages.resources import Resources
from tests.conftest import PROJECT_ROOT, SAMPLES

pytestmark = pytest.mark.filterwarnings("ignore:Recommended. pip install sacremoses")

BAD = PROJECT_ROOT / "tests" / "data" / "bad"
_spec = importlib.util.spec_from_file_location("make_bad_inputs", PROJECT_ROOT / "scripts" / "make_bad_inputs.py")
bad_inputs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bad_inputs)

CFG = load_config()
RESOURCES = Resources.load(CFG)


def _all_text(doc) -> str:
    parts = [doc.metadata.title or ""] + [s.heading or "" for s in doc.sections]
    parts += [p.text for s in doc.sections for p in s.paragraphs] + [f.text for f in doc.footnotes]
    return "\n".join(parts)


def _committed(name: str) -> Callable[[Path], Path]:
    return lambda tmp_path: BAD / name


def _bomb(tmp_path: Path) -> Path:
    path = tmp_path / "bomb.pdf"
    path.write_bytes(bad_inputs.bomb_pdf(256))
    return path


def _check_utf16(doc, path: Path) -> None:
    plain = path.parent / "plain-utf8.txt"
    plain.write_text(bad_inputs.GOOD_LETTER, encoding="utf-8")
    assert _all_text(doc) == _all_text(analyse(plain, CFG, RESOURCES)) and not doc.warnings


def _copy_committed(name: str) -> Callable[[Path], Path]:
    def make(tmp_path: Path) -> Path:
        return Path(shutil.copy(BAD / name, tmp_path / name))
    return make


def _check_html(doc, path: Path) -> None:
    text = _all_text(doc)
    assert "kustwachten" in text and "Vervolg" in text  # the letter, out of eight nested tables
    for leaked in ("SCRIPTTEKST", "NOSCRIPTTEKST", "window.location", "document.write", "color: red"):
        assert leaked not in text


def _check_one_line(doc, path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert "\n" not in source and len(source) == 200_000
    sentences = [s for sec in doc.sections for p in sec.paragraphs for s in p.sentences]
    assert len(sentences) > 1000
    assert " ".join(sentences).split() == source.split()  # no word lost, none made up


@dataclass
class Case:
    id: str
    make: Callable[[Path], Path]
    error: type[Exception] | None = None  # None: the input must be read
    message: str = ""  # regex the error message must match (or a warning, for readable inputs)
    check: Callable | None = None


CASES = [
    Case("empty-file", _committed("empty.txt"), InputError, r"file is empty \(0 bytes\)"),
    Case("whitespace-only", _committed("whitespace.txt"), InputError, r"file is empty \(no text\)"),
    Case("zero-byte-pdf", _committed("zero-bytes.pdf"), InputError, r"file is empty \(0 bytes\)"),
    Case("truncated-pdf", _committed("truncated.pdf"), InputError, r"PDF is truncated: it has no end-of-file marker"),
    Case("pdf-header-then-text", _committed("not-a-pdf.pdf"), InputError, r"PDF is corrupt or not a PDF"),
    Case("encrypted-pdf", _committed("encrypted.pdf"), InputError, r"PDF is encrypted \(password protected\)"),
    Case("pdf-without-text-layer", _committed("no-text-layer.pdf"), InputError,
         r"PDF has no text layer.*OCR is needed"),
    Case("decompression-bomb-pdf", _bomb, LimitError,
         r"decompresses beyond ingest\.max_decompressed_mb = 32 .*decompression bomb"),
    Case("binary-with-txt-name", _committed("binary.txt"), InputError, r"NUL bytes: binary data, not text$"),
    Case("invalid-utf8-bytes", _committed("invalid-utf8.txt"), None,
         r"^2 invalid UTF-8 byte sequence\(s\) in the file were replaced by U\+FFFD"),
    Case("undecodable-text", _committed("undecodable.txt"), InputError,
         r"valid neither as utf-8 \(30 invalid byte sequences\) nor as cp1252"),
    Case("utf16-with-bom", _copy_committed("utf16-bom.txt"), None, check=_check_utf16),
    Case("utf16-invalid", _committed("utf16-invalid.txt"), InputError,
         r"UTF-16 byte-order mark but is not valid UTF-16 \(illegal UTF-16 surrogate"),
    Case("utf16-without-bom", _committed("utf16-no-bom.txt"), InputError,
         r"binary data, not text \(it looks like UTF-16 without a byte-order mark\)"),
    Case("html-scripts-nested-tables", _committed("scripts-and-tables.html"), None, check=_check_html),
    Case("english-letter", _committed("english.txt"), InputError, r"not in Dutch: it reads as English"),
    Case("text-50mb", lambda tmp_path: bad_inputs.big_text(tmp_path / "big-50mb.txt", 50), LimitError,
         r"letter has 52,\d{3},\d{3} characters of text, more than ingest\.max_chars = 2,000,000"),
    Case("file-over-size-limit", lambda tmp_path: bad_inputs.oversized_file(tmp_path / "groot.txt", 60), LimitError,
         r"file is 60\.0 MB, larger than ingest\.max_file_mb = 50"),
    Case("one-200000-char-line", lambda tmp_path: bad_inputs.one_line_letter(tmp_path / "one-line.txt"), None,
         check=_check_one_line),
]


def test_committed_corpus_matches_the_script():
    """tests/data/bad is what scripts/make_bad_inputs.py writes (encrypted.pdf has a random ID)."""
    for name, data in bad_inputs.small_corpus().items():
        path = BAD / name
        assert path.is_file(), f"{name} missing: run scripts/make_bad_inputs.py"
        if name != "encrypted.pdf":
            assert path.read_bytes() == data, f"{name} is stale: run scripts/make_bad_inputs.py"
        assert path.stat().st_size < 10_000  # commit-friendly


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_input(case: Case, tmp_path):
    path = case.make(tmp_path)
    if case.error is None:
        doc = analyse(path, CFG, RESOURCES)
        assert doc.sections and any(p.sentences for s in doc.sections for p in s.paragraphs)
        if case.message:
            assert any(re.search(case.message, w) for w in doc.warnings), doc.warnings
        if case.check:
            case.check(doc, path)
        return
    with pytest.raises(case.error) as info:
        analyse(path, CFG, RESOURCES)
    err = info.value
    assert re.search(case.message, err.message), err.message
    assert err.stage == "ingest" and err.path == str(path) and err.fix
    shown = str(err)  # what the console and errors.json show: file, stage, reason, what to do
    assert shown.startswith(f"[{path}, stage ingest] ") and "\n  fix: " in shown
    assert set(err.as_dict()) == {"error", "path", "stage", "message", "fix"}


@pytest.mark.slow
def test_decompression_bomb_is_refused_before_memory_blows_up(tmp_path):
    path = _bomb(tmp_path)  # 256 MiB when inflated, under 1 MB on disk
    tracemalloc.start()
    try:
        with pytest.raises(LimitError):
            ingest(path, CFG.ingest)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 3 * CFG.ingest.max_decompressed_mb * 1024 * 1024  # bounded by the limit, not by the bomb
    small = CFG.ingest.model_copy(update={"max_decompressed_mb": 1})
    with pytest.raises(LimitError, match="max_decompressed_mb = 1 "):
        ingest(path, small)
    assert ingest(SAMPLES / "001_sample_letter.pdf", small).blocks  # real letters fit easily


def test_page_and_character_limits(tmp_path):
    pdf = SAMPLES / "001_sample_letter.pdf"
    with pytest.raises(LimitError, match=r"PDF has 3 pages, more than ingest\.max_pages = 2") as info:
        ingest(pdf, CFG.ingest.model_copy(update={"max_pages": 2}))
    assert "--set ingest.max_pages=" in info.value.fix
    with pytest.raises(LimitError, match=r"PDF text exceeds ingest\.max_chars = 1,000 characters by page 1 of 3"):
        ingest(pdf, CFG.ingest.model_copy(update={"max_chars": 1000}))
    with pytest.raises(LimitError, match=r"more than ingest\.max_chars = 1,000"):
        ingest(SAMPLES / "002_sample_letter.html", CFG.ingest.model_copy(update={"max_chars": 1000}))


def test_time_limit_is_checked_between_pages_and_stages():
    ticks = iter(range(1000))
    deadline = Deadline(2.5, "brief.pdf", clock=lambda: next(ticks))  # every check is one "second" later
    expected = r"longer than ingest\.max_seconds_per_letter = 2\.5 s .*during ingest"
    with pytest.raises(LimitError, match=expected) as info:
        ingest(SAMPLES / "001_sample_letter.pdf", CFG.ingest, deadline)  # 3 pages: stopped before page 3
    assert info.value.stage == "ingest" and "max_seconds_per_letter" in info.value.fix
    ticks = iter(range(1000))
    deadline = Deadline(2.5, "brief.txt", clock=lambda: next(ticks))
    # the runner's check before ingest and ingest's own check pass, the runner's before segment does not
    with pytest.raises(LimitError, match="during segment"):
        analyse(SAMPLES / "004_verslag_formele_raad.txt", CFG, RESOURCES, deadline)
    assert analyse(SAMPLES / "004_verslag_formele_raad.txt", CFG, RESOURCES, Deadline(None)).sections  # null: no limit


CONFIG_CASES = [  # (file, regexes its error message must match)
    ("unknown-key.yaml", [r"unknown key 'translate\.beam_size' \(in .*unknown-key\.yaml\)",
                          r"unknown key 'ingest\.max_page' \(in .*unknown-key\.yaml\)"]),
    ("wrong-type.yaml", [r"key 'translate\.num_beams' \(in .*wrong-type\.yaml\): Input should be a valid integer, "
                         r"got 'four'", r"key 'ingest\.max_pages' \(in .*\): Input should be a valid integer",
                         r"key 'ingest\.max_chars' \(in .*\): Input should be a valid integer, got \[1, 2\]"]),
    ("python-tag.yaml", [r"not valid YAML: could not determine a constructor for the tag "
                         r"'tag:yaml\.org,2002:python/object/apply:os\.getcwd'"]),
]


@pytest.mark.parametrize("name, messages", CONFIG_CASES, ids=[c[0] for c in CONFIG_CASES])
def test_hostile_config(name, messages, capsys):
    path = BAD / "configs" / name
    with pytest.raises(ConfigError) as info:
        load_config(path)
    for message in messages:
        assert re.search(message, info.value.message), info.value.message
    assert info.value.fix and info.value.path == str(path)
    assert main(["-q", "segment", str(SAMPLES / "004_verslag_formele_raad.txt"), "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert all(re.search(message, err) for message in messages) and "fix: " in err


def test_yaml_alias_bomb_is_reported_briefly(tmp_path):
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    path = tmp_path / "laughs.yaml"
    path.write_text("\n".join(levels) + "\nsegment:\n  language: *a8\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert "key 'segment.language'" in info.value.message and len(info.value.message) < 2000


def test_output_names_stay_unique(tmp_path):
    files = bad_inputs.odd_names(tmp_path)
    stems = output_stems(files)
    assert len({s.lower() for s in stems.values()}) == len(files)
    assert stems[tmp_path / "index.txt"] == "index-letter"
    assert re.fullmatch(r"a_b-txt-[0-9a-f]{8}", stems[tmp_path / "a b.txt"])
    assert stems == output_stems(files)  # the same names on every run (restarts rely on it)


def test_symlink_pointing_outside_the_folder_is_refused(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "brief.txt").write_text(bad_inputs.GOOD_LETTER, encoding="utf-8")
    link = bad_inputs.escaping_symlink(folder, tmp_path / "elders")
    (folder / "binnen.txt").symlink_to(folder / "brief.txt")  # inside the folder: fine
    refused: dict[str, dict] = {}
    assert collect_inputs([folder], refused) == [folder / "binnen.txt", folder / "brief.txt"]
    record = refused[link.name]
    assert record["stage"] == "collect" and "symlink points outside the input folder" in record["message"]
    assert record["fix"]


def _tree(root: Path) -> set[Path]:
    return {p for p in root.rglob("*")}


@pytest.mark.slow
def test_batch_of_good_and_hostile_files(tmp_path, tiny_overrides, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    good = [SAMPLES / "004_verslag_formele_raad.txt"]
    for letter in good:
        shutil.copy(letter, inputs / letter.name)
    readable = ["invalid-utf8.txt", "utf16-bom.txt", "scripts-and-tables.html"]
    refused = ["empty.txt", "zero-bytes.pdf", "truncated.pdf", "encrypted.pdf", "no-text-layer.pdf", "binary.txt",
               "undecodable.txt", "utf16-invalid.txt", "english.txt"]
    for name in readable + refused:
        shutil.copy(BAD / name, inputs / name)
    (inputs / "bomb.pdf").write_bytes(bad_inputs.bomb_pdf(64))
    bad_inputs.big_text(inputs / "big-50mb.txt", 50)
    odd = bad_inputs.odd_names(inputs)
    bad_inputs.escaping_symlink(inputs, tmp_path / "elders")
    refused += ["bomb.pdf", "big-50mb.txt", "link-naar-buiten.txt"]
    before = _tree(tmp_path)
    out = tmp_path / "out"

    code = main(["-q", "translate", str(inputs), "--out", str(out), "--set", "cache.enabled=false",
                 *[a for o in tiny_overrides for a in ("--set", o)]])

    assert code == 1
    err = capsys.readouterr().err
    errors = json.loads((out / "errors.json").read_text(encoding="utf-8"))
    assert sorted(errors) == sorted(refused)
    for name, record in errors.items():
        assert record["stage"] in ("ingest", "collect") and record["message"] and record["fix"], record
        assert f"failed: {name} [stage {record['stage']}, {record['error']}] {record['message']}" in err
    assert errors["bomb.pdf"]["error"] == "LimitError" and errors["big-50mb.txt"]["error"] == "LimitError"
    assert f"{len(good) + len(readable) + len(odd)} note(s) written" in err and "fix: " in err
    # every written file is directly in OUT, under a sanitised name; nothing was written elsewhere
    assert _tree(tmp_path) - before == _tree(out) | {out}
    names = sorted(p.name for p in out.iterdir())
    assert all(re.fullmatch(r"[^\s./\\-][^\s/\\]*\.(md|json|html|docx)", n) for n in names
               if n not in BATCH_FILES), names
    assert {"index-letter.md", "index-letter.json", "brief_met_spaties.md", "brief.met.punten.json",
            "rf_--help.md", "brief-ëïü-中文-ελληνικά.json"} <= set(names)
    stems = {n.rsplit(".", 1)[0] for n in names if n not in BATCH_FILES}
    assert len(stems) == len(good) + len(readable) + len(odd)
    for stem in stems:
        note = json.loads((out / f"{stem}.json").read_text(encoding="utf-8"))
        assert note["provenance"]["run_key"] and (out / f"{stem}.md").is_file()
    index = (out / "index.md").read_text(encoding="utf-8")
    assert all(name in index for name in refused) and "(index-letter.md)" in index
    assert not os.path.exists(tmp_path / "elders" / "geheim.json")
