"""data/ as a `datasets` dataset: the card in data/README.md is current, every config loads with
`datasets.load_dataset` and gives back the files as they are, and a letter added the same way loads."""

from __future__ import annotations

import importlib.util
import json
import shutil
from datetime import date

import pytest

from tests.conftest import PROJECT_ROOT

DATA = PROJECT_ROOT / "data"
_spec = importlib.util.spec_from_file_location("make_dataset_card", PROJECT_ROOT / "scripts" / "make_dataset_card.py")
card = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(card)


def _load(folder, config, cache):
    import datasets

    return datasets.load_dataset(str(folder), config, cache_dir=str(cache))


def test_card_is_current():
    text = (DATA / "README.md").read_text("utf-8")
    assert text.startswith(card.header()), "data/README.md is out of date: run python scripts/make_dataset_card.py"


@pytest.mark.parametrize("config", list(card.CONFIGS))
def test_every_config_loads_the_files_as_they_are(config, tmp_path):
    loaded = _load(DATA, config, tmp_path)
    for split, pattern in card.CONFIGS[config].items():
        files = sorted(DATA.glob(pattern))
        assert files and loaded[split].num_rows == len(files)
        # ISO dates are declared as dates (see the script); compare them as the files write them. The
        # card's features give every row every field, nested ones too (a section's question_paragraphs,
        # only in answers to questions): fields a file lacks come back as None, so nulls are left out.
        rows = {json.dumps(_without_nulls(row), sort_keys=True, default=date.isoformat) for row in loaded[split]}
        for path in files:
            data = json.loads(path.read_text("utf-8"))
            row = {name: data.get(name) for name in loaded[split].column_names}
            assert json.dumps(_without_nulls(row), sort_keys=True) in rows, f"{path.name} does not round-trip"


def _without_nulls(value):
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def test_a_letter_added_the_same_way_loads(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA / "references", data / "references")
    shutil.copy(DATA / "README.md", data / "README.md")
    mine = json.loads((DATA / "references" / "000_124582cb5ba853ae.json").read_text("utf-8"))
    mine |= {"source": "mine.pdf", "letter_summary": "A short letter.",
             "sections": [{"heading_nl": None, "heading_en": None, "translation_en": "One line.",
                           "summary_en": "One."}], "footnotes": []}
    (data / "references" / "mine.json").write_text(json.dumps(mine), encoding="utf-8")
    loaded = _load(data, "references", tmp_path / "cache")["test"]
    assert loaded.num_rows == len(list((DATA / "references").glob("*.json"))) + 1
    assert "mine.pdf" in loaded["source"]
