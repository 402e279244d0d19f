"""`make models`: every configured hub model fetched into ``models_dir`` for offline use, and
converted to CTranslate2 beside it (the ``ctranslate2`` backend's model)."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from pipeline.config import Config, resolve_path
from pipeline.errors import ModelUnavailableError
from pipeline.models.conversion import convert_ctranslate2, ctranslate2_folder
from pipeline.models.hub import endpoint, fetch, is_commit, recorded_revision
from pipeline.models.resolution import is_checkpoint, local_folder, model_specs

log = logging.getLogger(__name__)


def _fetch(purpose: str, spec: Any, models_dir: Path) -> Path:
    """One configured model for offline use: a local folder as is, a hub id into models_dir."""
    if is_checkpoint(resolve_path(spec.model)):
        log.info("%s model is a local folder already: %s", purpose, spec.model)
        return resolve_path(spec.model)
    target = local_folder(spec.model, models_dir)
    try:
        commit = fetch(spec.model, spec.revision, target)
    except ModelUnavailableError:
        raise
    except Exception as exc:  # the hub client raises many types (network, HTTP, disk): all named below
        kept = recorded_revision(target)
        # A complete copy (e.g. a copied models/) of what the config asks for: use it as it is.
        if kept is not None and (kept == spec.revision or not is_commit(spec.revision)):
            log.warning("cannot refresh %s model (%s); using the copy in %s at %s", purpose,
                        type(exc).__name__, target, kept)
            return target
        raise _download_failed(purpose, spec, exc) from None
    log.info("%s model %s at %s in %s", purpose, spec.model, commit, target)
    return target


def _download_failed(purpose: str, spec: Any, exc: Exception) -> ModelUnavailableError:
    """One message for every way a download fails: what the hub said, for which model, where, and
    what to do about it (huggingface_hub's error classes, utils/_http.py hf_raise_for_status)."""
    from huggingface_hub.errors import (
        HfHubHTTPError,
        OfflineModeIsEnabled,
        RepositoryNotFoundError,
        RevisionNotFoundError,
    )

    revision = spec.revision or "main"
    what = f"{purpose} model '{spec.model}' (revision {revision}) from {endpoint()}"
    retry = "run `make models` again (nothing half-downloaded is kept)"
    if isinstance(exc, RevisionNotFoundError):
        reason, fix = "the repository has no such revision", f"check `{purpose}.revision` in your config"
    elif isinstance(exc, RepositoryNotFoundError):
        reason = "no such repository (or it is private)"
        fix = f"check `{purpose}.model` in your config, and HF_ENDPOINT if you use a mirror"
    elif isinstance(exc, HfHubHTTPError) and exc.response is not None:
        reason = f"the hub answered HTTP {exc.response.status_code}"
        fix = "the hub (or the mirror in HF_ENDPOINT) is failing: run `make models` again later"
    elif isinstance(exc, OfflineModeIsEnabled) or os.environ.get("HF_HUB_OFFLINE", "") not in ("", "0"):
        reason, fix = "HF_HUB_OFFLINE is set", "unset HF_HUB_OFFLINE to download, or copy models/ here"
    else:  # connection refused, reset or cut short: the download never completed
        first = str(exc).splitlines()[0][:200] if str(exc) else ""
        reason = f"the download failed ({type(exc).__name__}: {first})"
        fix = (f"check the connection to {endpoint()} and {retry}; or run `make models` on a machine "
               "that can reach it and copy models/ here")
    return ModelUnavailableError(f"cannot download {what}: {reason}", stage="models", fix=fix)


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
