"""The command line end to end: `translate` on tiny models, `segment`, errors and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import main
from tests.conftest import PROJECT_ROOT, SAMPLES, SAMPLE_TXT

pytestmark = pytest.mark.filterwarnings("ignore:Recommended. pip install sacremoses")


def _set_args(overrides: list[str]) -> list[str]:
    return [arg for o in overrides for arg in ("--set", o)]


@pytest.mark.slow
def test_help_does_not_import_torch():
    code = ("import sys; from pipeline.cli import build_parser\n"
            "try:\n    build_parser().parse_args(['--help'])\nexcept SystemExit:\n    pass\n"
            "assert 'torch' not in sys.modules and 'transformers' not in sys.modules, 'heavy import at --help'")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert proc.returncode == 0, proc.stderr
    assert "translate" in proc.stdout and "segment" in proc.stdout


def test_segment_prints_document_json_without_models(capsys):
    assert main(["-q", "segment", str(SAMPLE_TXT)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert set(doc) >= {"source", "metadata", "sections", "footnotes", "summary_en", "provenance"}
    assert set(doc["metadata"]) >= {"title", "date", "document_type", "sender", "kamerstuk"}
    assert doc["summary_en"] is None and doc["provenance"]["models"] == {}
    assert doc["sections"] and doc["footnotes"]
    for section in doc["sections"]:
        assert set(section) >= {"id", "heading", "heading_en", "level", "parent", "topic", "role",
                                "paragraphs", "summary_en"}
        assert section["heading_en"] is None and section["summary_en"] is None
        for paragraph in section["paragraphs"]:
            assert paragraph["sentences"] and paragraph["text_en"] is None


@pytest.mark.slow
def test_translate_whole_sample_folder_with_a_bad_file(tmp_path, tiny_overrides, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    letters = sorted(p for p in SAMPLES.iterdir() if p.suffix in {".txt", ".pdf", ".html", ".xml"})
    for letter in letters:
        (inputs / letter.name).write_bytes(letter.read_bytes())
    (inputs / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    out = tmp_path / "out"
    code = main(["-q", "translate", str(inputs), "--out", str(out), *_set_args(tiny_overrides)])
    assert code == 1  # one letter failed → non-zero exit, the rest done
    errors = json.loads((out / "errors.json").read_text())
    assert list(errors) == ["broken.pdf"] and errors["broken.pdf"]["stage"] == "ingest"
    assert errors["broken.pdf"]["fix"]
    for letter in letters:
        note = json.loads((out / f"{letter.stem}.json").read_text())
        md = (out / f"{letter.stem}.md").read_text()
        assert "nonsense by design" in (out / f"{letter.stem}.html").read_text("utf-8")
        assert (out / f"{letter.stem}.docx").read_bytes()[:2] == b"PK"  # a zip: the Word note
        assert note["source"] == letter.name
        assert note["summary_en"] and "nonsense by design" in md
        assert note["provenance"]["config_hash"] and note["provenance"]["models"]["translate"]["tiny"]
        content = [s for s in note["sections"] if s["paragraphs"]]
        assert content
        for section in note["sections"]:
            if section["heading"]:
                assert section["heading_en"]
            assert (section["summary_en"] is not None) == bool(section["paragraphs"])
            for paragraph in section["paragraphs"]:
                assert len(paragraph["sentences_en"]) == len(paragraph["sentences"])
                assert paragraph["text_en"]
        assert all(f["text_en"] for f in note["footnotes"])
    index = (out / "index.md").read_text()
    assert all(f"({letter.stem}.md)" in index for letter in letters) and "broken.pdf" in index
    index_html = (out / "index.html").read_text("utf-8")
    assert all(f'href="{letter.stem}.html"' in index_html for letter in letters) and "broken.pdf" in index_html
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temp files left
    assert "failed" in capsys.readouterr().err

    # `translate --help` names every file the run wrote: each note's suffix, each batch file by name.
    with pytest.raises(SystemExit):
        main(["translate", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    stems = {letter.stem for letter in letters}
    unnamed = [p.name for p in out.iterdir()
               if (p.suffix if p.stem in stems else p.name) not in shown and not p.name.startswith(".")]
    assert not unnamed, f"translate --help does not name {unnamed}"


def test_missing_models_fail_fast_before_any_work(tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["translate", str(SAMPLE_TXT), "--out", str(out), "--set", f"models_dir={tmp_path}"])
    assert code == 2
    err = capsys.readouterr().err
    assert "Helsinki-NLP/opus-mt-nl-en" in err and "make models" in err and "configs/tiny.yaml" in err
    assert not out.exists()


def test_missing_input_and_bad_config_exit_2(tmp_path, capsys):
    assert main(["translate", str(tmp_path / "nothing"), "--out", str(tmp_path / "o")]) == 2
    assert "does not exist" in capsys.readouterr().err
    bad = tmp_path / "bad.yaml"
    bad.write_text("translat: {}\n", encoding="utf-8")
    assert main(["segment", str(SAMPLE_TXT), "--config", str(bad)]) == 2
    assert "unknown key 'translat'" in capsys.readouterr().err


@pytest.mark.slow
def test_module_entry_point_runs():
    proc = subprocess.run([sys.executable, "-m", "pipeline", "--version"], capture_output=True, text=True,
                          cwd=PROJECT_ROOT, env={**os.environ})
    assert proc.returncode == 0 and "kamerbrief" in proc.stdout


def test_segment_folder_prints_one_document_per_letter(tmp_path, capsys):
    folder = tmp_path / "letters"
    folder.mkdir()
    letters = sorted(p for p in SAMPLES.iterdir() if p.suffix in {".xml", ".html"})
    for letter in letters:
        (folder / letter.name).write_bytes(letter.read_bytes())
    (folder / "notes.docx").write_bytes(b"PK")  # not a letter: counted, not read
    assert main(["-q", "segment", str(folder)]) == 0
    captured = capsys.readouterr()
    docs = [json.loads(line) for line in captured.out.splitlines()]  # JSON Lines: one Document a line
    assert [d["source"] for d in docs] == [p.name for p in letters]
    assert all(d["sections"] and d["provenance"]["models"] == {} for d in docs)
    assert "1 entry skipped as not letters: 1 unsupported type .docx" in captured.err

    (folder / "empty.txt").write_bytes(b"")  # a letter that fails: said, and the others still come
    assert main(["-q", "segment", str(folder)]) == 1
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == len(letters)
    assert "empty.txt" in captured.err and "fix:" in captured.err and "no suffix" not in captured.err
