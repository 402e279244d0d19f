"""Loading backends (pipeline/models/loading.py): the engine named by the config, recorded in provenance;
unusable devices and compute types are clear errors."""

from __future__ import annotations

import pytest

from pipeline.config import resolve_path
from pipeline.errors import ModelUnavailableError
from pipeline.models.loading import BACKEND_LOADERS, load_backend, pick_device
from pipeline.models.resolution import resolve


def test_every_configurable_backend_has_a_loader():
    from typing import get_args

    from pipeline.config import Backend

    assert set(BACKEND_LOADERS) == set(get_args(Backend))


def test_cuda_request_without_gpu_is_an_error():
    import torch

    if torch.cuda.is_available():
        pytest.skip("a GPU is present")
    with pytest.raises(ModelUnavailableError, match="cuda"):
        pick_device("cuda")
    assert pick_device("auto") == "cpu"


@pytest.mark.parametrize("backend", ["transformers", "ctranslate2"])
def test_load_backend_records_engine_in_provenance(tiny_config, backend):
    spec = tiny_config.translate.model_copy(update={"backend": backend, "device": "cpu"})
    models_dir = resolve_path(tiny_config.models_dir)
    loaded = load_backend(resolve("translate", spec, models_dir), spec, 2, models_dir)
    assert loaded.name == backend
    assert loaded.info.backend == backend and loaded.info.device == "cpu"
    assert loaded.info.compute_type == {"transformers": "float32", "ctranslate2": "int8"}[backend]
    assert loaded.info.tiny
    out = loaded.translate_batch(["Een.", "Twee zinnen hier."], max_new_tokens=6)
    assert len(out) == 2 and all(isinstance(t, str) for t in out)
    assert loaded.token_counts(["Een.", ""]) [1] == 0


def test_backend_compute_type_errors(tiny_config):
    models_dir = resolve_path(tiny_config.models_dir)
    spec = tiny_config.translate.model_copy(update={"backend": "transformers", "compute_type": "int8",
                                                    "device": "cpu"})
    with pytest.raises(ModelUnavailableError, match="int8"):
        load_backend(resolve("translate", spec, models_dir), spec, 2, models_dir)
    import ctranslate2

    if ctranslate2.get_cuda_device_count() == 0:
        spec = tiny_config.translate.model_copy(update={"backend": "ctranslate2", "device": "cuda"})
        with pytest.raises(ModelUnavailableError, match="cuda"):
            load_backend(resolve("translate", spec, models_dir), spec, 2, models_dir)


@pytest.mark.parametrize("backend", ["transformers", "ctranslate2"])
def test_a_backend_decodes_otherwise_without_changing_itself(tiny_config, backend):
    spec = tiny_config.translate.model_copy(update={"backend": backend, "device": "cpu"})
    models_dir = resolve_path(tiny_config.models_dir)
    loaded = load_backend(resolve("translate", spec, models_dir), spec, 2, models_dir)
    before = loaded.settings()
    greedy = loaded.with_decoding(num_beams=1, no_repeat_ngram_size=3)
    assert greedy.decoding.num_beams == 1 and greedy.decoding.no_repeat_ngram_size == 3
    assert loaded.settings() == before  # the original decodes as before
    assert greedy.settings() != before and greedy.info == loaded.info  # same model, other cache namespace
    assert len(greedy.translate_batch(["Een.", "Twee zinnen hier."], max_new_tokens=6)) == 2
