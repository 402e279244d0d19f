"""Model resolution (pipeline/models/resolution.py): local folders, models/ storage, and one clear
message when nothing is found."""

from __future__ import annotations

import pytest

from pipeline.config import load_config
from pipeline.errors import ModelUnavailableError
from pipeline.models.resolution import resolve, resolve_all


def test_missing_real_models_fail_with_one_actionable_message(tmp_path):
    cfg = load_config(None, [f"models_dir={tmp_path}"])
    with pytest.raises(ModelUnavailableError) as err:
        resolve_all(cfg)
    message = str(err.value)
    for needle in ("Helsinki-NLP/opus-mt-nl-en", "sshleifer/distilbart-cnn-12-6", "make models",
                   "translate.model", "configs/tiny.yaml", str(tmp_path)):
        assert needle in message


def test_tiny_checkpoint_resolves_as_folder_and_from_models_dir(tiny_models, tmp_path):
    cfg = load_config(None, [f"translate.model={tiny_models['translate']}"])
    found = resolve("translate", cfg.translate, tmp_path)
    assert found.path == tiny_models["translate"] and found.tiny
    # A hub id is looked up in models_dir/<org>--<name>, where `make models` stores it.
    stored = tmp_path / "Helsinki-NLP--opus-mt-nl-en"
    stored.symlink_to(tiny_models["translate"], target_is_directory=True)
    found = resolve("translate", load_config().translate, tmp_path)
    assert found.path == stored and found.id == "Helsinki-NLP/opus-mt-nl-en"
    assert found.info().tiny
