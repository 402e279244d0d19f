"""CTranslate2 conversions (pipeline/models/conversion.py): where they live, made once, remade when the
checkpoint changes."""

from __future__ import annotations

import shutil

from pipeline.config import load_config
from pipeline.models.conversion import conversion_is_current, convert_ctranslate2, ctranslate2_folder
from pipeline.models.loading import load_backend
from pipeline.models.resolution import fingerprint, resolve


def test_tiny_checkpoints_carry_their_ctranslate2_conversion(tiny_models, tmp_path):
    for folder in (tiny_models["translate"], tiny_models["summarize"]):  # the NLI classifier stays on torch
        ct2 = ctranslate2_folder(folder, tmp_path)
        assert ct2 == folder / "ctranslate2"
        assert (ct2 / "model.bin").is_file() and (ct2 / "SOURCE.json").is_file()
        # Up to date: converting again is a no-op (same folder, untouched).
        stamp = (ct2 / "model.bin").stat().st_mtime_ns
        assert convert_ctranslate2(folder, ct2) == ct2
        assert (ct2 / "model.bin").stat().st_mtime_ns == stamp
    # A hub-cache snapshot is converted into models_dir, never into the cache.
    snap = tmp_path / "models--Helsinki-NLP--opus-mt-nl-en" / "snapshots" / "0123456789abcdef0123"
    assert ctranslate2_folder(snap, tmp_path) == tmp_path / "Helsinki-NLP--opus-mt-nl-en@0123456789ab-ctranslate2"


def test_changed_checkpoint_is_reconverted_on_load(tiny_models, tmp_path):
    copy = tmp_path / "marian"
    shutil.copytree(tiny_models["translate"], copy, ignore=shutil.ignore_patterns("ctranslate2"))
    cfg = load_config(None, [f"translate.model={copy}", "translate.backend=ctranslate2", "translate.device=cpu"])
    resolved = resolve("translate", cfg.translate, tmp_path)
    backend = load_backend(resolved, cfg.translate, 2, tmp_path)  # converts on first use
    assert (copy / "ctranslate2" / "model.bin").is_file()
    assert backend.translate_batch(["De Raad sprak."], max_new_tokens=5)[0]
    before = fingerprint(copy)
    config = copy / "generation_config.json"
    config.write_text(config.read_text().replace('"num_beams": 1', '"num_beams": 2'))
    assert fingerprint(copy) != before
    assert not conversion_is_current(copy / "ctranslate2", fingerprint(copy))
    convert_ctranslate2(copy, copy / "ctranslate2")
    assert conversion_is_current(copy / "ctranslate2", fingerprint(copy))
