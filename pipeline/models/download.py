"""`make models`: every configured hub model fetched into ``models_dir`` for offline use, and
converted to CTranslate2 beside it (the ``ctranslate2`` backend's model)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from pipeline.config import Config, resolve_path
from pipeline.errors import ModelUnavailableError
from pipeline.models.conversion import convert_ctranslate2, ctranslate2_folder
from pipeline.models.hub import snapshot
from pipeline.models.resolution import is_checkpoint, local_folder, model_specs

log = logging.getLogger(__name__)


def _fetch(purpose: str, spec: Any, models_dir: Path) -> Path:
    """One configured model for offline use: a local folder as is, a hub id into models_dir."""
    if is_checkpoint(resolve_path(spec.model)):
        log.info("%s model is a local folder already: %s", purpose, spec.model)
        return resolve_path(spec.model)
    target = local_folder(spec.model, models_dir)
    try:
        return snapshot(spec.model, spec.revision, local_dir=target)
    except Exception as exc:  # network, auth, missing repo: all mean "cannot download here"
        if is_checkpoint(target):  # a copied models/ folder: keep it, convert it
            log.warning("cannot refresh %s model (%s); using the copy in %s", purpose, type(exc).__name__, target)
            return target
        raise ModelUnavailableError(
            f"cannot download {purpose} model '{spec.model}': {type(exc).__name__}: "
            f"{str(exc).splitlines()[0][:200]}",
            stage="models",
            fix="run `make models` on a machine that can reach huggingface.co, then copy models/ "
                "here; or set HF_ENDPOINT to a reachable mirror") from None


def download(cfg: Config, convert: bool = True) -> list[Path]:
    """Fetch each configured hub model into models_dir, and convert each seq2seq model to
    CTranslate2 format beside it; returns the folders written (checkpoints, then conversions)."""
    models_dir = Path(cfg.models_dir)
    written = []
    convertible = []
    for purpose, spec in model_specs(cfg):
        path = _fetch(purpose, spec, models_dir)
        written.append(path)
        if purpose != "classify":  # the NLI classifier runs on transformers only
            convertible.append(path)
    if convert:
        for path in convertible:
            written.append(convert_ctranslate2(path, ctranslate2_folder(path, models_dir)))
    return written
