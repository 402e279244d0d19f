"""Config loading: defaults in one file, overlays, and errors that name the key and the file."""

from __future__ import annotations

import re

import pytest

from pipeline.config import DEFAULT_CONFIG, PROJECT_ROOT, load_config
from pipeline.errors import ConfigError


def test_defaults_load_and_hash_is_stable():
    a, b = load_config(), load_config()
    assert a.translate.model == "Helsinki-NLP/opus-mt-nl-en"
    assert a.summarize.model == "sshleifer/distilbart-cnn-12-6"
    assert a.hash() == b.hash() and len(a.hash()) == 16


def test_overlay_and_set_override(tmp_path):
    user = tmp_path / "mine.yaml"
    user.write_text("translate:\n  num_beams: 2\n", encoding="utf-8")
    cfg = load_config(user, ["summarize.texts_per_call=8"])
    assert cfg.translate.num_beams == 2
    assert cfg.translate.sentences_per_call == load_config().translate.sentences_per_call  # untouched keys keep defaults
    assert cfg.summarize.texts_per_call == 8
    assert cfg.hash() != load_config().hash()


def test_unknown_key_names_key_and_file(tmp_path):
    user = tmp_path / "bad.yaml"
    user.write_text("translate:\n  beams: 2\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(user)
    assert "translate.beams" in str(err.value) and str(user) in str(err.value)


def test_wrong_type_names_key_and_file(tmp_path):
    user = tmp_path / "bad.yaml"
    user.write_text("translate:\n  num_beams: four\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(user)
    assert "translate.num_beams" in str(err.value) and str(user) in str(err.value)


def test_bad_override_and_python_tags_rejected(tmp_path):
    with pytest.raises(ConfigError, match="translate.device"):
        load_config(None, ["translate.device=gpu9"])
    with pytest.raises(ConfigError, match="key.path=value"):
        load_config(None, ["translate.num_beams"])
    evil = tmp_path / "evil.yaml"
    evil.write_text("threads: !!python/object/apply:os.system ['true']\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="YAML"):
        load_config(evil)


def test_missing_file():
    with pytest.raises(ConfigError, match="not found"):
        load_config(PROJECT_ROOT / "configs" / "nope.yaml")


def test_shipped_configs_are_valid():
    for path in sorted((PROJECT_ROOT / "configs").glob("*.yaml")):
        if path.name == "taxonomy.yaml":
            continue
        if path.name == "keyfacts.yaml":  # cues, not a config: validated by their own loader
            from pipeline.stages.keyfacts import load_key_fact_cues

            load_key_fact_cues(path)
            continue
        if path.name == "glossary.yaml":  # terms, not a config: validated by their own loader
            from pipeline.stages.translate.fidelity import load_glossary

            assert len(load_glossary(path)) >= 20
            continue
        load_config(path)
    assert DEFAULT_CONFIG.is_file()


# Every numeric key with a value out of its range (counts ≥ 1, sizes/ratios/times > 0, no inf/NaN).
OUT_OF_RANGE = [
    ("translate.num_beams", -3), ("translate.num_beams", 0), ("summarize.num_beams", 0),
    ("translate.sentences_per_call", 0), ("summarize.texts_per_call", -1), ("classify.hypotheses_per_call", 0),
    ("translate.max_batch_tokens", 0), ("translate.max_input_tokens", 0), ("translate.max_length_ratio", 0),
    ("translate.max_length_ratio", -1.5), ("translate.length_ratio_bounds", [2.5, 0.5]),
    ("translate.length_ratio_bounds", [-1, 2]), ("translate.length_ratio_bounds", [0.5]),
    ("summarize.section_max_tokens", 0), ("summarize.letter_max_tokens", 0), ("summarize.section_min_tokens", -1),
    ("summarize.letter_min_tokens", -1), ("summarize.no_repeat_ngram_size", -1), ("summarize.length_penalty", ".nan"),
    ("ingest.max_file_mb", 0), ("ingest.max_file_mb", ".inf"), ("ingest.max_pages", 0), ("ingest.max_chars", -5),
    ("ingest.max_decompressed_mb", 0), ("ingest.max_seconds_per_letter", 0),
    ("ingest.max_seconds_per_letter", -30), ("ingest.repeated_line_min_pages", 1),
    ("segment.max_heading_words", 0), ("cache.max_entries", 0), ("threads", 0),
]


@pytest.mark.parametrize("key, value", OUT_OF_RANGE, ids=[f"{k}={v}" for k, v in OUT_OF_RANGE])
def test_numeric_keys_out_of_range_name_key_and_source(key, value, tmp_path):
    with pytest.raises(ConfigError) as err:
        load_config(None, [f"{key}={value}"])
    assert f"key '{key}" in err.value.message and "(in --set)" in err.value.message
    # the same value from a file names the file
    section, _, leaf = key.rpartition(".")
    text = f"{section}:\n  {leaf}: {value}\n" if section else f"{leaf}: {value}\n"
    user = tmp_path / "mine.yaml"
    user.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(user)
    assert f"key '{key}" in err.value.message and f"(in {user})" in err.value.message


def test_every_numeric_key_has_bounds():
    """A new int/float key must say its range (or be listed here with the reason it has none)."""
    from pydantic import BaseModel

    from pipeline.config import Config

    unbounded_by_design = {"summarize.length_penalty"}  # beam search: negative favours shorter outputs

    def walk(model: type[BaseModel], prefix: str = ""):
        for name, info in model.model_fields.items():
            annotation = info.annotation
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                yield from walk(annotation, f"{prefix}{name}.")
            else:
                yield f"{prefix}{name}", info

    numeric = 0
    for key, info in walk(Config):
        text = str(info.annotation)
        if not re.search(r"\b(int|float)\b", text) or key in unbounded_by_design:
            continue
        numeric += 1
        described = repr(info.annotation) + repr(info.metadata)  # bounds of `X | None` sit inside
        assert "Ge(ge=" in described or "Gt(gt=" in described, f"{key} has no bounds"
    assert numeric >= 20


def test_bounds_accept_the_shipped_values_and_null_limits():
    cfg = load_config(None, ["ingest.max_seconds_per_letter=null", "threads=null",
                             "summarize.no_repeat_ngram_size=0", "summarize.length_penalty=-0.5"])
    assert cfg.ingest.max_seconds_per_letter is None and cfg.threads is None


@pytest.mark.parametrize("key, loader", [("classify.taxonomy", "pipeline.stages.classify:load_taxonomy"),
                                         ("keyfacts.cues", "pipeline.stages.keyfacts:load_key_fact_cues"),
                                         ("translate.glossary", "pipeline.stages.translate.fidelity:load_glossary")])
def test_every_side_file_is_validated_by_one_helper(tmp_path, key, loader):
    import importlib

    module, name = loader.split(":")
    load = getattr(importlib.import_module(module), name)
    bad = tmp_path / "side.yaml"
    bad.write_text("no_such_key: 1\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load(bad)
    assert "unknown key 'no_such_key'" in str(err.value) and str(bad) in str(err.value) and key in err.value.fix
    with pytest.raises(ConfigError, match="not found") as err:
        load(tmp_path / "missing.yaml")
    assert key in err.value.fix


def test_resources_load_every_side_file_once_frozen():
    import dataclasses

    from pipeline.stages import Resources

    resources = Resources.load(load_config())
    assert resources.taxonomy.topics and resources.key_fact_cues.references and resources.glossary
    with pytest.raises(dataclasses.FrozenInstanceError):
        resources.glossary = ()


def test_hashes_do_not_depend_on_where_the_project_is(monkeypatch, tmp_path):
    import pipeline.config as config

    here = load_config()
    assert here.settings()["classify"]["taxonomy"] == "configs/taxonomy.yaml"  # as the config writes it
    here_hash = here.hash()
    monkeypatch.setattr(config, "PROJECT_ROOT", tmp_path / "elsewhere")
    moved = load_config()
    assert moved.classify.taxonomy != here.classify.taxonomy and moved.hash() == here_hash


def test_error_header_names_the_set_argument_or_the_file(tmp_path):
    # The header says where to look: the --set argument as typed, or the file, never default.yaml.
    with pytest.raises(ConfigError) as err:
        load_config(None, ["translate.num_beams=-3"])
    assert err.value.path == "--set translate.num_beams=-3"
    user = tmp_path / "mine.yaml"
    user.write_text("translate:\n  num_beams: 0\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(user, ["segment.max_heading_words=0"])
    assert sorted(err.value.path.split(", ")) == sorted([str(user), "--set segment.max_heading_words=0"])
