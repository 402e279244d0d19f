"""The sample batch's notes, pinned: a refactor must leave every note byte-identical.

The sample folder is run with the tiny test models; each .md, .html and .json note, the batch index
and the text of each .docx are compared with tests/data/pinned_notes/. Only what legitimately varies
between runs is normalised: the temporary folder the tiny models were built in, the creation time, and
the config hash / run key (they hash the model paths, and change when a dead config key is removed).

A deliberate change to the notes is made visible by regenerating the pins and reviewing the diff:
    KAMERBRIEF_UPDATE_PINNED=1 .venv/bin/python -m pytest tests/test_pinned_notes.py
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

import pytest

from tests.conftest import SAMPLES

PINNED = Path(__file__).parent / "data" / "pinned_notes"
TEXT_SUFFIXES = (".md", ".html", ".json")


def normalise(text: str, tiny_dir: Path) -> str:
    text = text.replace(str(tiny_dir), "<TINY>")
    text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:[+-]\d\d:\d\d|Z)", "<TIME>", text)
    text = re.sub(r"\bconfig [0-9a-f]{16}\b", "config <HASH>", text)
    return re.sub(r'"(config_hash|run_key)": "[0-9a-f]+"', r'"\1": "<HASH>"', text)


def docx_text(path: Path) -> str:
    from docx import Document as WordDocument

    word = WordDocument(str(path))
    lines = [p.text for p in word.paragraphs]
    for table in word.tables:
        lines.extend(" | ".join(cell.text for cell in row.cells) for row in table.rows)
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def sample_notes(tiny_models, tiny_overrides, tmp_path_factory) -> dict[str, str]:
    from pipeline.engines.local import run_translate
    from pipeline.config import load_config

    out = tmp_path_factory.mktemp("pinned-notes")
    # A cache of its own: a sentence's tiny-model English depends a little on the batch it was
    # decoded in (padding), so a cache that earlier tests filled would make the notes order-dependent.
    cache = tmp_path_factory.mktemp("pinned-cache") / "cache.sqlite"
    run_translate([SAMPLES], out, load_config(None, [*tiny_overrides, f"cache.path={cache}"]), progress=False)
    tiny_dir = Path(tiny_models["translate"]).parent
    notes = {}
    for path in sorted(out.iterdir()):
        if path.suffix in TEXT_SUFFIXES and path.name != "errors.json":
            notes[path.name] = normalise(path.read_text(encoding="utf-8"), tiny_dir)
        elif path.suffix == ".docx":
            notes[path.name + ".txt"] = normalise(docx_text(path), tiny_dir)
    return notes


@pytest.mark.slow
def test_sample_notes_are_unchanged(sample_notes):
    if os.environ.get("KAMERBRIEF_UPDATE_PINNED") == "1":
        for old in PINNED.glob("*"):
            old.unlink()
        for name, text in sample_notes.items():
            (PINNED / name).write_text(text, encoding="utf-8")
    assert sorted(sample_notes) == sorted(p.name for p in PINNED.iterdir()), "other files than pinned"
    changed = [name for name, text in sample_notes.items()
               if (PINNED / name).read_text(encoding="utf-8") != text]
    first = changed[0] if changed else None
    diff = "" if first is None else "".join(list(difflib.unified_diff(
        (PINNED / first).read_text(encoding="utf-8").splitlines(keepends=True),
        sample_notes[first].splitlines(keepends=True), "pinned/" + first, "now/" + first, n=1))[:40])
    assert not changed, f"notes differ from tests/data/pinned_notes/: {changed}\n{diff}"
