"""Write the YAML header of data/README.md: the dataset card that makes the references and gold
annotations a `datasets` dataset (`datasets.load_dataset("data", "references")`).

Each config lists its files by glob, so a letter added in the same shape is picked up without
editing the card. The features are declared, inferred from all files of a config at once: without
them `datasets` infers the schema from the first file and fails on a later one whose optional
field (a heading, a date) is null where the first file has a string. Run this after adding a field;
tests/test_dataset.py fails while the card is out of date.

    python scripts/make_dataset_card.py          # rewrite the header of data/README.md
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "data"
CARD = DATA / "README.md"

# config → split → glob under data/
CONFIGS: dict[str, dict[str, str]] = {
    "references": {"test": "references/*.json"},
    "structure": {"gold": "gold/*.gold.json", "heldout": "gold/heldout/*.gold.json"},
    "keyfacts": {"gold": "gold/keyfacts/*.json", "heldout": "gold/keyfacts/heldout/*.json"},
}


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _dates(value: Any) -> Any:
    """ISO date strings as dates, in a row as json.loads returns it. The JSON reader of `datasets`
    (pyarrow's) reads such strings as timestamps, so they are declared as dates (a row then gives
    `datetime.date`); declared as strings they would come back as '2023-12-15 00:00:00'."""
    if isinstance(value, dict):
        return {k: _dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates(v) for v in value]
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return date.fromisoformat(value)
    return value


def features(config: str):
    """The `datasets.Features` of one config: the schemas of all its files, unified."""
    import datasets
    import pyarrow as pa

    rows = [_dates(json.loads(path.read_text("utf-8"))) for pattern in CONFIGS[config].values()
            for path in sorted(DATA.glob(pattern))]
    schema = pa.unify_schemas([pa.Table.from_pylist([row]).schema for row in rows], promote_options="permissive")
    return datasets.Features.from_arrow_schema(schema)


def header() -> str:
    import yaml

    card = {
        "pretty_name": "Kamerbrieven briefing notes: hand-written references and gold annotations",
        "language": ["nl", "en"],
        "configs": [{"config_name": name, "data_files": [{"split": split, "path": pattern}
                                                          for split, pattern in splits.items()]}
                    for name, splits in CONFIGS.items()],
        "dataset_info": [{"config_name": name, "features": features(name)._to_yaml_list()} for name in CONFIGS],
    }
    return "---\n" + yaml.safe_dump(card, sort_keys=False, allow_unicode=True, width=100) + "---\n"


def current_body() -> str:
    """data/README.md without its YAML header."""
    text = CARD.read_text("utf-8") if CARD.is_file() else ""
    match = re.match(r"---\n.*?^---\n", text, re.S | re.M)
    return text[match.end():] if match else text


def main() -> None:
    CARD.write_text(header() + current_body(), encoding="utf-8")
    print(f"wrote {CARD}")


if __name__ == "__main__":
    main()
