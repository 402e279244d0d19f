"""Loading a resolved checkpoint: the backend a stage runs (by config value), or the NLI classifier.

Stages never load models themselves: they receive loaded backends (pipeline/models/backends.py), so
tests can hand them tiny checkpoints. `BACKEND_LOADERS` maps the config value (`translate.backend`,
`summarize.backend`) to the function that builds that backend. Everything loaded is kept once per
process. torch, transformers and ctranslate2 are imported inside functions only.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipeline.config import ModelConfig, resolve_path
from pipeline.errors import ModelUnavailableError
from pipeline.models.backends import Backend, CTranslate2Backend, Decoding, TransformersBackend
from pipeline.models.conversion import conversion_is_current, convert_ctranslate2, ctranslate2_folder
from pipeline.models.resolution import ResolvedModel

log = logging.getLogger(__name__)

_LOADED: dict[tuple, tuple[Any, Any]] = {}
_TOKENIZER_CLASSES = {"marian": "MarianTokenizer", "bart": "BartTokenizer"}


def load_backend(resolved: ResolvedModel, spec: ModelConfig, threads: int | None = None,
                 models_dir: Path | None = None) -> Backend:
    """The configured backend for a resolved model, loaded once per process."""
    models_dir = models_dir if models_dir is not None else resolve_path("models")
    return BACKEND_LOADERS[spec.backend](resolved, spec, Decoding.of(spec), threads, models_dir)


def _transformers_backend(resolved: ResolvedModel, spec: ModelConfig, decoding: Decoding, threads: int | None,
                          models_dir: Path) -> Backend:
    device = pick_device(spec.device)
    dtype = _torch_dtype_name(spec.compute_type, device)
    model, tokenizer = load_seq2seq(resolved, device, threads, dtype)
    info = resolved.info().model_copy(update={"backend": "transformers", "compute_type": dtype,
                                              "device": device})
    return TransformersBackend(model, tokenizer, decoding, info)


def _ctranslate2_backend(resolved: ResolvedModel, spec: ModelConfig, decoding: Decoding, threads: int | None,
                         models_dir: Path) -> Backend:
    translator, tokenizer, device, compute_type, folder = load_ctranslate2(resolved, spec, threads, models_dir)
    info = resolved.info().model_copy(update={"backend": "ctranslate2", "compute_type": compute_type,
                                              "device": device})
    config = json.loads((resolved.path / "config.json").read_text("utf-8"))
    limit = min(config.get("max_position_embeddings") or 10**9,
                getattr(tokenizer, "model_max_length", None) or 10**9)
    prefix = None
    if config.get("forced_bos_token_id") is not None or _generation_forces_bos(resolved.path):
        prefix = [tokenizer.bos_token]
    return CTranslate2Backend(translator, tokenizer, decoding, info, limit, prefix)


# config value (ModelConfig.backend) → the function that loads it
BACKEND_LOADERS: dict[str, Callable[[ResolvedModel, ModelConfig, Decoding, int | None, Path], Backend]] = {
    "transformers": _transformers_backend,
    "ctranslate2": _ctranslate2_backend,
}


def _generation_forces_bos(path: Path) -> bool:
    try:
        gen = json.loads((path / "generation_config.json").read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return gen.get("forced_bos_token_id") is not None


# ------------------------------------------------------------------------------- CTranslate2


def load_tokenizer(path: Path) -> Any:
    """The checkpoint's own tokenizer, without importing torch.

    (transformers' AutoTokenizer imports torch; the concrete class named by the checkpoint does not.)
    """
    import transformers

    def _read(name: str) -> dict[str, Any]:
        try:
            return json.loads((path / name).read_text("utf-8"))
        except (OSError, ValueError):
            return {}

    name = _read("tokenizer_config.json").get("tokenizer_class") or \
        _TOKENIZER_CLASSES.get(_read("config.json").get("model_type", ""))
    cls = getattr(transformers, name, None) if name else None
    if cls is None:
        cls = transformers.AutoTokenizer
    return cls.from_pretrained(path, local_files_only=True, trust_remote_code=False)


def _ct2_device(preference: str) -> str:
    import ctranslate2

    gpus = ctranslate2.get_cuda_device_count()
    if preference == "cuda" and not gpus:
        raise ModelUnavailableError("device 'cuda' requested but CTranslate2 sees no GPU", stage="models",
                                    fix="set translate.device / summarize.device to auto or cpu")
    if preference == "auto":
        return "cuda" if gpus else "cpu"
    return preference


def _ct2_compute_type(requested: str, device: str) -> str:
    import ctranslate2

    compute_type = requested if requested != "auto" else ("float16" if device == "cuda" else "int8")
    supported = ctranslate2.get_supported_compute_types(device)
    if compute_type not in supported:
        raise ModelUnavailableError(
            f"compute type '{compute_type}' is not supported by CTranslate2 on {device} "
            f"(supported here: {', '.join(sorted(supported))})", stage="models",
            fix="set translate.compute_type / summarize.compute_type to auto or one of those")
    return compute_type


def load_ctranslate2(resolved: ResolvedModel, spec: ModelConfig, threads: int | None,
                     models_dir: Path) -> tuple[Any, Any, str, str, Path]:
    """(ctranslate2.Translator, tokenizer, device, compute_type, folder); converts on first use.

    With `device: auto` a GPU that CTranslate2 sees but cannot use (its CUDA libraries missing, say)
    means CPU, with a warning; an explicit `device: cuda` fails with the reason instead."""
    folder = ctranslate2_folder(resolved.path, models_dir)
    if not conversion_is_current(folder, resolved.fingerprint()):
        log.warning("%s model has no current CTranslate2 conversion; converting once into %s",
                    resolved.purpose, folder)
        convert_ctranslate2(resolved.path, folder)
    device = _ct2_device(spec.device)
    try:
        translator, tokenizer, compute_type = _open_ct2(resolved, folder, device, spec.compute_type, threads)
    except Exception as exc:  # the engine raises RuntimeError/ValueError/OSError; all mean "cannot load"
        if device == "cuda" and spec.device == "auto":
            log.warning("CTranslate2 sees a GPU but cannot use it (%s); running the %s model on CPU",
                        str(exc).splitlines()[0][:200], resolved.purpose)
            device = "cpu"
            translator, tokenizer, compute_type = _open_ct2(resolved, folder, device, spec.compute_type, threads)
        else:
            raise ModelUnavailableError(f"cannot load {resolved.purpose} model at {folder} on {device}: {exc}",
                                        stage="models",
                                        fix="delete the folder and run `make models` (or `make tiny-models`) "
                                            "again; for a GPU, CTranslate2 needs CUDA 12 cuBLAS; or set the "
                                            "stage's device to cpu or its backend to transformers") from None
    return translator, tokenizer, device, compute_type, folder


def _open_ct2(resolved: ResolvedModel, folder: Path, device: str, requested: str,
              threads: int | None) -> tuple[Any, Any, str]:
    import ctranslate2

    compute_type = _ct2_compute_type(requested, device)
    key = (str(folder), device, compute_type, threads)
    if key not in _LOADED:
        log.info("loading %s model (CTranslate2, %s, %s) from %s", resolved.purpose, device, compute_type, folder)
        translator = ctranslate2.Translator(str(folder), device=device, compute_type=compute_type,
                                            inter_threads=1, intra_threads=threads or 0)
        tokenizer = load_tokenizer(resolved.path)
        if device == "cuda":  # GPU libraries (cuBLAS) load lazily: fail here, not in the middle of a batch
            source = tokenizer.convert_ids_to_tokens(tokenizer("warm up the engine")["input_ids"])
            translator.translate_batch([source, source], beam_size=2, min_decoding_length=2,
                                       max_decoding_length=4)
        _LOADED[key] = (translator, tokenizer)
    translator, tokenizer = _LOADED[key]
    return translator, tokenizer, compute_type


# ------------------------------------------------------------------------------ transformers


def _torch_dtype_name(requested: str, device: str) -> str:
    if requested == "auto":
        return "float16" if device == "cuda" else "float32"
    if requested not in ("float32", "float16", "bfloat16"):
        raise ModelUnavailableError(f"compute type '{requested}' is not available with the transformers "
                                    "backend", stage="models",
                                    fix="use auto, float32, float16 or bfloat16, or the ctranslate2 backend "
                                        "for int8")
    return requested


def pick_device(preference: str) -> str:
    import torch

    if preference == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if preference == "cuda" and not torch.cuda.is_available():
        raise ModelUnavailableError("device 'cuda' requested but torch sees no GPU", stage="models",
                                    fix="set translate.device / summarize.device to auto or cpu")
    return preference


def load_seq2seq(resolved: ResolvedModel, device: str = "auto", threads: int | None = None,
                 dtype: str = "float32"):
    """Load a translation/summarization (model, tokenizer) once per process."""
    return _load_transformers(resolved, "AutoModelForSeq2SeqLM", device, threads, dtype)


def load_sequence_classifier(resolved: ResolvedModel, device: str = "auto", threads: int | None = None):
    """Load an NLI classifier (model, tokenizer) once per process (classify.method zero_shot)."""
    return _load_transformers(resolved, "AutoModelForSequenceClassification", device, threads, "float32")


def _load_transformers(resolved: ResolvedModel, auto_class: str, device: str, threads: int | None, dtype: str):
    """(model, tokenizer) through transformers' `auto_class`: eval mode, on the chosen device, in `dtype`."""
    import torch
    import transformers
    from transformers import AutoTokenizer

    if threads:
        torch.set_num_threads(threads)
    dev = pick_device(device)
    key = (str(resolved.path), auto_class, dev, dtype)
    if key not in _LOADED:
        log.info("loading %s model from %s on %s (%s)", resolved.purpose, resolved.path, dev, dtype)
        try:
            # Weights from safetensors only (a pickle can run code) and never a checkpoint's own code.
            tokenizer = AutoTokenizer.from_pretrained(resolved.path, local_files_only=True, trust_remote_code=False)
            model = getattr(transformers, auto_class).from_pretrained(
                resolved.path, local_files_only=True, use_safetensors=True, trust_remote_code=False,
                dtype=getattr(torch, dtype))
        except (OSError, ValueError) as exc:
            raise ModelUnavailableError(f"cannot load {resolved.purpose} checkpoint at {resolved.path}: {exc}",
                                        stage="models",
                                        fix="the folder is incomplete or corrupt: delete it and run "
                                            "`make models` (or `make tiny-models`) again") from None
        model.to(dev).eval()
        _LOADED[key] = (model, tokenizer)
    return _LOADED[key]
