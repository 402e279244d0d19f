"""Downloading (pipeline/models/download.py, pipeline/models/hub.py): offline is a clear error, old
.bin weights become safetensors. Never touches the network: the hub is unreachable here by design."""

from __future__ import annotations

import pytest

from pipeline.config import load_config
from pipeline.errors import ModelUnavailableError
from pipeline.models.download import download
from pipeline.models.hub import bin_to_safetensors


def test_download_offline_is_a_clear_error(tmp_path):
    cfg = load_config(None, [f"models_dir={tmp_path}"])
    with pytest.raises(ModelUnavailableError, match="cannot download translate model"):
        download(cfg)


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
    bin_to_safetensors(tmp_path)
    loaded = AutoModelForSeq2SeqLM.from_pretrained(tmp_path, use_safetensors=True)
    assert torch.equal(loaded.model.shared.weight, model.model.shared.weight)
    assert not list(tmp_path.glob(".*.tmp"))
