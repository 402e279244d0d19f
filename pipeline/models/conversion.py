"""The CTranslate2 conversion of a checkpoint (the ``ctranslate2`` backend's model).

Kept beside the checkpoint in ``<checkpoint>/ctranslate2/`` (for a Hugging Face cache snapshot:
``models_dir/<org>--<name>@<rev>-ctranslate2``), made by ``make models`` / ``make tiny-models`` or
once on first use, and remade when the checkpoint changes (its fingerprint is stamped in
``SOURCE.json``). Weights are stored float16 and converted to the compute type (int8 on CPU) at
load. ctranslate2 and transformers are imported inside functions only.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from pathlib import Path
from typing import Any

from pipeline.errors import ModelUnavailableError
from pipeline.models.resolution import fingerprint

log = logging.getLogger(__name__)

CT2_SUBDIR = "ctranslate2"
CT2_STORAGE = "float16"  # converted weights on disk; the compute type is chosen at load
_CT2_STAMP = "SOURCE.json"


def ctranslate2_folder(checkpoint: Path, models_dir: Path) -> Path:
    """Where the CTranslate2 conversion of `checkpoint` lives."""
    if checkpoint.parent.name == "snapshots":  # hub cache: models--org--name/snapshots/<rev>
        repo = checkpoint.parent.parent.name.removeprefix("models--")
        return models_dir / f"{repo}@{checkpoint.name[:12]}-{CT2_SUBDIR}"
    return checkpoint / CT2_SUBDIR


def conversion_is_current(folder: Path, source_fingerprint: str) -> bool:
    """Whether `folder` holds a complete conversion of the checkpoint with this fingerprint."""
    try:
        stamp = json.loads((folder / _CT2_STAMP).read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return stamp.get("source_fingerprint") == source_fingerprint and (folder / "model.bin").is_file()


def convert_ctranslate2(checkpoint: Path, target: Path, force: bool = False) -> Path:
    """Convert a transformers checkpoint to CTranslate2 format at `target` (idempotent).

    Skipped when `target` already holds a conversion of this exact checkpoint (fingerprint in
    SOURCE.json). Written to a temporary folder and renamed into place, so concurrent runs never
    see half a model. Needs torch + transformers (the converter loads the checkpoint).
    """
    checkpoint, target = Path(checkpoint), Path(target)
    source_fp = fingerprint(checkpoint)
    if not force and conversion_is_current(target, source_fp):
        return target
    try:
        import ctranslate2
        from ctranslate2.converters import TransformersConverter
        from transformers.utils import logging as hf_logging
    except ImportError as exc:
        raise ModelUnavailableError(f"cannot convert {checkpoint} to CTranslate2: {exc}", stage="models",
                                    fix="install ctranslate2 (`pip install ctranslate2`, a dependency of "
                                        "this project), or set translate.backend / summarize.backend "
                                        "to transformers") from None

    class _Converter(TransformersConverter):
        def load_model(self, model_class: Any, path: str, **kwargs: Any) -> Any:
            # safetensors only, never a checkpoint's own code (see pipeline/models/loading.py)
            model = super().load_model(model_class, path, **{**kwargs, "use_safetensors": True,
                                                             "trust_remote_code": False})
            # BART configs written by recent transformers drop this legacy key (BART is post-norm).
            if model.config.model_type == "bart" and not hasattr(model.config, "normalize_before"):
                model.config.normalize_before = False
            return model

    log.info("converting %s to CTranslate2 (%s) in %s", checkpoint, CT2_STORAGE, target)
    started = time.perf_counter()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".{target.name}.tmp-{os.getpid()}-{time.monotonic_ns()}")
    bars = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        _Converter(str(checkpoint)).convert(str(staging), quantization=CT2_STORAGE, force=True)
        stamp = {"source_fingerprint": source_fp, "storage": CT2_STORAGE,
                 "ctranslate2": ctranslate2.__version__}
        (staging / _CT2_STAMP).write_text(json.dumps(stamp, indent=2) + "\n", "utf-8")
        swap_into_place(staging, target)
    except Exception as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, ModelUnavailableError):
            raise
        raise ModelUnavailableError(f"cannot convert {checkpoint} to CTranslate2: {type(exc).__name__}: {exc}",
                                    stage="models",
                                    fix="check the checkpoint loads with transformers, or set the "
                                        "stage's backend to transformers") from None
    finally:
        if bars:
            hf_logging.enable_progress_bar()
    log.info("converted in %.1f s", time.perf_counter() - started)
    return target


def swap_into_place(new: Path, target: Path) -> None:
    """Rename `new` to `target`, replacing an old `target` (moved aside first, then deleted)."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}-{time.monotonic_ns()}")
        os.replace(target, old)
    os.replace(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
