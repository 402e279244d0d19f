"""Config loading: defaults in one file, overlays, and errors that name the key and the file."""

from __future__ import annotations

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
    cfg = load_config(user, ["summarize.batch_size=8"])
    assert cfg.translate.num_beams == 2
    assert cfg.translate.batch_size == load_config().translate.batch_size  # untouched keys keep defaults
    assert cfg.summarize.batch_size == 8
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
            from pipeline.keyfacts import load_key_fact_cues

            load_key_fact_cues(path)
            continue
        if path.name == "glossary.yaml":  # terms, not a config: validated by their own loader
            from pipeline.fidelity import load_glossary

            assert len(load_glossary(path)) >= 20
            continue
        load_config(path)
    assert DEFAULT_CONFIG.is_file()
