"""Finding the checkpoint a config names, before any work starts.

A model in the config is a hub id (``Helsinki-NLP/opus-mt-nl-en``) or a local folder. It is looked
up, in order: as a folder; in ``models_dir/<org>--<name>`` (where ``make models`` puts it); in the
Hugging Face cache, downloading it there when the hub is reachable. A model found nowhere fails the
run at once with every place looked in and how to get the model (ModelUnavailableError).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.config import ClassifyConfig, Config, ModelConfig, resolve_path
from pipeline.document import ModelInfo
from pipeline.errors import ModelUnavailableError
from pipeline.models.hub import is_commit, recorded_revision, snapshot

# A file in every tiny test checkpoint (pipeline/testing/tiny_models.py): tells it from a real one.
TINY_MARKER = "TINY_MODEL.json"


@dataclass(frozen=True)
class ResolvedModel:
    purpose: str  # "translate" | "summarize" | "classify"
    id: str
    path: Path
    revision: str | None
    tiny: bool

    def info(self) -> ModelInfo:
        return ModelInfo(id=self.id, path=str(self.path), revision=self.revision, tiny=self.tiny)

    def fingerprint(self) -> str:
        return fingerprint(self.path)


_FINGERPRINT_SUFFIXES = {".json", ".safetensors", ".bin", ".spm", ".model", ".txt"}
_EDGE = 1 << 20


def fingerprint(path: Path) -> str:
    """Short content hash of a checkpoint folder: every config/tokenizer file whole, and for weight
    files their size and first and last MiB. Identical rebuilds hash the same; any real change differs."""
    h = hashlib.sha256()
    for f in sorted(path.iterdir()):
        if not f.is_file() or f.suffix not in _FINGERPRINT_SUFFIXES:
            continue
        size = f.stat().st_size
        h.update(f"{f.name}\0{size}\0".encode())
        with f.open("rb") as fh:
            if size <= 2 * _EDGE:
                h.update(fh.read())
            else:
                h.update(fh.read(_EDGE))
                fh.seek(-_EDGE, os.SEEK_END)
                h.update(fh.read(_EDGE))
    return h.hexdigest()[:16]


def local_folder(model_id: str, models_dir: Path) -> Path:
    """Where `make models` stores a hub id: models/Helsinki-NLP--opus-mt-nl-en."""
    return models_dir / model_id.replace("/", "--")


def is_checkpoint(path: Path) -> bool:
    return path.is_dir() and (path / "config.json").is_file()


def _revision_of(path: Path) -> str | None:
    """The commit a checkpoint folder holds, when known: a hub cache folder is named by it, and
    `make models` writes it to REVISION (pipeline/models/hub.py). Any other folder: unknown (None),
    whatever the config's revision says, so a note never claims weights it was not made with."""
    if path.parent.name == "snapshots":
        return path.name
    return recorded_revision(path)


def resolve(purpose: str, spec: ModelConfig | ClassifyConfig, models_dir: Path) -> ResolvedModel:
    """Find a checkpoint for `spec` or raise ModelUnavailableError saying where we looked."""
    looked: list[str] = []
    candidate = resolve_path(spec.model)
    if is_checkpoint(candidate):
        path = candidate
    else:
        looked.append(f"folder {candidate}")
        stored = local_folder(spec.model, models_dir)
        if is_checkpoint(stored):
            path = stored
            _check_pin(purpose, spec, stored)
        else:
            looked.append(f"folder {stored}")
            try:
                path = snapshot(spec.model, spec.revision)
            except Exception as exc:  # hub client raises many types (network, auth, not found)
                looked.append(f"Hugging Face cache / hub ({type(exc).__name__}: {str(exc).splitlines()[0][:160]})")
                raise _unavailable(purpose, spec, looked) from None
    tiny = (path / TINY_MARKER).is_file()
    return ResolvedModel(purpose, spec.model, path, _revision_of(path), tiny)


def _check_pin(purpose: str, spec: ModelConfig | ClassifyConfig, stored: Path) -> None:
    """A config that pins a commit runs only on that commit's weights."""
    held = recorded_revision(stored)
    if is_commit(spec.revision) and held is not None and held != spec.revision:
        raise ModelUnavailableError(
            f"{purpose} model '{spec.model}' in {stored} is revision {held}, but `{purpose}.revision` pins "
            f"{spec.revision}", stage="models",
            fix=f"run `make models` to download the pinned revision, or set `{purpose}.revision` to {held}")


def _unavailable(purpose: str, spec: ModelConfig | ClassifyConfig, looked: list[str]) -> ModelUnavailableError:
    return ModelUnavailableError(
        f"{purpose} model '{spec.model}' is not available; looked in: " + "; ".join(looked),
        stage="models",
        fix=("(1) on a machine with internet run `make models` (downloads into models/), then copy "
             "models/ here; (2) or set `translate.model` / `summarize.model` in your config to a local checkpoint "
             "folder; (3) or exercise the pipeline with tiny random models: `make tiny-models && "
             "make translate CONFIG=configs/tiny.yaml` (their English is nonsense by design)"))


def model_specs(cfg: Config) -> list[tuple[str, Any]]:
    """The (purpose, config section) of every model the configured run needs."""
    specs: list[tuple[str, Any]] = [("translate", cfg.translate), ("summarize", cfg.summarize)]
    if cfg.classify.method == "zero_shot":
        specs.append(("classify", cfg.classify))
    return specs


def resolve_all(cfg: Config) -> dict[str, ResolvedModel]:
    """Resolve every model a translate run needs, failing once with all missing models named."""
    models_dir = Path(cfg.models_dir)
    found: dict[str, ResolvedModel] = {}
    errors: list[ModelUnavailableError] = []
    for purpose, spec in model_specs(cfg):
        try:
            found[purpose] = resolve(purpose, spec, models_dir)
        except ModelUnavailableError as exc:
            errors.append(exc)
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ModelUnavailableError("\n  ".join(e.message for e in errors), stage="models", fix=errors[0].fix)
    return found
