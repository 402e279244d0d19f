"""Model resolution: local folders, models/ storage, and one clear message when nothing is found."""

from __future__ import annotations

import pytest

from pipeline.models import checkpoints as models
from pipeline.config import load_config
from pipeline.errors import ModelUnavailableError


def test_missing_real_models_fail_with_one_actionable_message(tmp_path):
    cfg = load_config(None, [f"models_dir={tmp_path}"])
    with pytest.raises(ModelUnavailableError) as err:
        models.resolve_all(cfg)
    message = str(err.value)
    for needle in ("Helsinki-NLP/opus-mt-nl-en", "sshleifer/distilbart-cnn-12-6", "make models",
                   "translate.model", "configs/tiny.yaml", str(tmp_path)):
        assert needle in message


def test_tiny_checkpoint_resolves_as_folder_and_from_models_dir(tiny_models, tmp_path):
    cfg = load_config(None, [f"translate.model={tiny_models['translate']}"])
    found = models.resolve("translate", cfg.translate, tmp_path)
    assert found.path == tiny_models["translate"] and found.tiny
    # A hub id is looked up in models_dir/<org>--<name>, where `make models` stores it.
    stored = tmp_path / "Helsinki-NLP--opus-mt-nl-en"
    stored.symlink_to(tiny_models["translate"], target_is_directory=True)
    found = models.resolve("translate", load_config().translate, tmp_path)
    assert found.path == stored and found.id == "Helsinki-NLP/opus-mt-nl-en"
    assert found.info().tiny


def test_download_offline_is_a_clear_error(tmp_path):
    cfg = load_config(None, [f"models_dir={tmp_path}"])
    with pytest.raises(ModelUnavailableError, match="cannot download translate model"):
        models.download(cfg)


def test_cuda_request_without_gpu_is_an_error():
    import torch

    if torch.cuda.is_available():
        pytest.skip("a GPU is present")
    with pytest.raises(ModelUnavailableError, match="cuda"):
        models.pick_device("cuda")
    assert models.pick_device("auto") == "cpu"


# ------------------------------------------------------------------------------ backends, CTranslate2


def test_tiny_checkpoints_carry_their_ctranslate2_conversion(tiny_models, tmp_path):
    for folder in (tiny_models["translate"], tiny_models["summarize"]):  # the NLI classifier stays on torch
        ct2 = models.ctranslate2_folder(folder, tmp_path)
        assert ct2 == folder / "ctranslate2"
        assert (ct2 / "model.bin").is_file() and (ct2 / "SOURCE.json").is_file()
        # Up to date: converting again is a no-op (same folder, untouched).
        stamp = (ct2 / "model.bin").stat().st_mtime_ns
        assert models.convert_ctranslate2(folder, ct2) == ct2
        assert (ct2 / "model.bin").stat().st_mtime_ns == stamp
    # A hub-cache snapshot is converted into models_dir, never into the cache.
    snap = tmp_path / "models--Helsinki-NLP--opus-mt-nl-en" / "snapshots" / "0123456789abcdef0123"
    assert models.ctranslate2_folder(snap, tmp_path) == tmp_path / "Helsinki-NLP--opus-mt-nl-en@0123456789ab-ctranslate2"


def test_changed_checkpoint_is_reconverted_on_load(tiny_models, tmp_path):
    import shutil

    copy = tmp_path / "marian"
    shutil.copytree(tiny_models["translate"], copy, ignore=shutil.ignore_patterns("ctranslate2"))
    cfg = load_config(None, [f"translate.model={copy}", "translate.backend=ctranslate2", "translate.device=cpu"])
    resolved = models.resolve("translate", cfg.translate, tmp_path)
    backend = models.load_backend(resolved, cfg.translate, 2, tmp_path)  # converts on first use
    assert (copy / "ctranslate2" / "model.bin").is_file()
    assert backend.translate_batch(["De Raad sprak."], max_new_tokens=5)[0]
    before = models.fingerprint(copy)
    config = copy / "generation_config.json"
    config.write_text(config.read_text().replace('"num_beams": 1', '"num_beams": 2'))
    assert models.fingerprint(copy) != before
    assert not models._ct2_current(copy / "ctranslate2", models.fingerprint(copy))
    models.convert_ctranslate2(copy, copy / "ctranslate2")
    assert models._ct2_current(copy / "ctranslate2", models.fingerprint(copy))


@pytest.mark.parametrize("backend", ["transformers", "ctranslate2"])
def test_load_backend_records_engine_in_provenance(tiny_config, backend):
    spec = tiny_config.translate.model_copy(update={"backend": backend, "device": "cpu"})
    models_dir = models.resolve_path(tiny_config.models_dir)
    loaded = models.load_backend(models.resolve("translate", spec, models_dir), spec, 2, models_dir)
    assert loaded.name == backend
    assert loaded.info.backend == backend and loaded.info.device == "cpu"
    assert loaded.info.compute_type == {"transformers": "float32", "ctranslate2": "int8"}[backend]
    assert loaded.info.tiny
    out = loaded.translate_batch(["Een.", "Twee zinnen hier."], max_new_tokens=6)
    assert len(out) == 2 and all(isinstance(t, str) for t in out)
    assert loaded.token_counts(["Een.", ""]) [1] == 0


def test_backend_compute_type_errors(tiny_config):
    models_dir = models.resolve_path(tiny_config.models_dir)
    spec = tiny_config.translate.model_copy(update={"backend": "transformers", "compute_type": "int8",
                                                    "device": "cpu"})
    with pytest.raises(ModelUnavailableError, match="int8"):
        models.load_backend(models.resolve("translate", spec, models_dir), spec, 2, models_dir)
    import ctranslate2

    if ctranslate2.get_cuda_device_count() == 0:
        spec = tiny_config.translate.model_copy(update={"backend": "ctranslate2", "device": "cuda"})
        with pytest.raises(ModelUnavailableError, match="cuda"):
            models.load_backend(models.resolve("translate", spec, models_dir), spec, 2, models_dir)


def test_old_pytorch_bin_is_converted_to_safetensors_at_download(tmp_path):
    """Repos with only pytorch_model.bin are converted once, so loading stays safetensors-only."""
    import torch
    from transformers import AutoModelForSeq2SeqLM, MarianConfig, MarianMTModel

    config = MarianConfig(vocab_size=50, d_model=16, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2,
                          decoder_attention_heads=2, encoder_ffn_dim=16, decoder_ffn_dim=16, pad_token_id=49,
                          decoder_start_token_id=49, max_position_embeddings=32)
    model = MarianMTModel(config)
    config.save_pretrained(tmp_path)
    torch.save(model.state_dict(), tmp_path / "pytorch_model.bin")
    models._bin_to_safetensors(tmp_path)
    loaded = AutoModelForSeq2SeqLM.from_pretrained(tmp_path, use_safetensors=True)
    assert torch.equal(loaded.model.shared.weight, model.model.shared.weight)
    assert not list(tmp_path.glob(".*.tmp"))
