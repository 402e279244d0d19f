"""Finding, downloading and loading model checkpoints — the only module that touches the hub.

A model in the config is a hub id (``Helsinki-NLP/opus-mt-nl-en``) or a local folder. It is looked
up, in order: as a folder; in ``models_dir/<org>--<name>`` (where ``make models`` puts it); in the
Hugging Face cache, downloading it there when the hub is reachable. Stages never load models
themselves: they receive loaded ones, so tests can hand them tiny checkpoints.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.config import Config, ModelConfig, resolve_path
from pipeline.document import ModelInfo
from pipeline.errors import ModelUnavailableError

log = logging.getLogger(__name__)

TINY_MARKER = "TINY_MODEL.json"
# Weights in safetensors only are fetched when a repo has them; .bin is the fallback for old repos.
_FILES = ["*.json", "*.spm", "*.model", "*.txt", "vocab*", "merges*"]


@dataclass(frozen=True)
class ResolvedModel:
    purpose: str  # "translate" | "summarize"
    id: str
    path: Path
    revision: str | None
    tiny: bool

    def info(self) -> ModelInfo:
        return ModelInfo(id=self.id, path=str(self.path), revision=self.revision, tiny=self.tiny)


def local_folder(model_id: str, models_dir: Path) -> Path:
    """Where `make models` stores a hub id: models/Helsinki-NLP--opus-mt-nl-en."""
    return models_dir / model_id.replace("/", "--")


def _is_checkpoint(path: Path) -> bool:
    return path.is_dir() and (path / "config.json").is_file()


def _snapshot(model_id: str, revision: str | None, local_dir: Path | None = None) -> Path:
    from huggingface_hub import snapshot_download

    kwargs: dict[str, Any] = {"repo_id": model_id, "revision": revision}
    if local_dir is not None:
        kwargs["local_dir"] = str(local_dir)
    path = Path(snapshot_download(allow_patterns=_FILES + ["*.safetensors"], **kwargs))
    if not any(path.glob("*.safetensors")):
        path = Path(snapshot_download(allow_patterns=_FILES + ["pytorch_model.bin"], **kwargs))
    return path


def _revision_of(path: Path, configured: str | None) -> str | None:
    # Hub cache folders are named by commit hash: the exact revision a note was made with.
    if path.parent.name == "snapshots":
        return path.name
    return configured


def resolve(purpose: str, spec: ModelConfig, models_dir: Path) -> ResolvedModel:
    """Find a checkpoint for `spec` or raise ModelUnavailableError saying where we looked."""
    looked: list[str] = []
    candidate = resolve_path(spec.model)
    if _is_checkpoint(candidate):
        path = candidate
    else:
        looked.append(f"folder {candidate}")
        stored = local_folder(spec.model, models_dir)
        if _is_checkpoint(stored):
            path = stored
        else:
            looked.append(f"folder {stored}")
            try:
                path = _snapshot(spec.model, spec.revision)
            except Exception as exc:  # hub client raises many types (network, auth, not found)
                looked.append(f"Hugging Face cache / hub ({type(exc).__name__}: {str(exc).splitlines()[0][:160]})")
                raise _unavailable(purpose, spec, looked) from None
    tiny = (path / TINY_MARKER).is_file()
    return ResolvedModel(purpose, spec.model, path, _revision_of(path, spec.revision), tiny)


def _unavailable(purpose: str, spec: ModelConfig, looked: list[str]) -> ModelUnavailableError:
    return ModelUnavailableError(
        f"{purpose} model '{spec.model}' is not available; looked in: " + "; ".join(looked),
        stage="models",
        fix=("(1) on a machine with internet run `make models` (downloads into models/), then copy "
             "models/ here; (2) or set `" + purpose + ".model` in your config to a local checkpoint "
             "folder; (3) or exercise the pipeline with tiny random models: `make tiny-models && "
             "make translate CONFIG=configs/tiny.yaml` (their English is nonsense by design)"))


def resolve_all(cfg: Config) -> dict[str, ResolvedModel]:
    """Resolve every model a translate run needs, failing once with all missing models named."""
    models_dir = resolve_path(cfg.models_dir)
    found: dict[str, ResolvedModel] = {}
    errors: list[ModelUnavailableError] = []
    for purpose, spec in (("translate", cfg.translate), ("summarize", cfg.summarize)):
        try:
            found[purpose] = resolve(purpose, spec, models_dir)
        except ModelUnavailableError as exc:
            errors.append(exc)
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ModelUnavailableError("\n  ".join(e.message for e in errors), stage="models", fix=errors[0].fix)
    return found


def download(cfg: Config) -> list[Path]:
    """`make models`: fetch each configured hub model into models_dir for offline use."""
    models_dir = resolve_path(cfg.models_dir)
    written = []
    for purpose, spec in (("translate", cfg.translate), ("summarize", cfg.summarize)):
        if _is_checkpoint(resolve_path(spec.model)):
            log.info("%s model is a local folder already: %s", purpose, spec.model)
            continue
        target = local_folder(spec.model, models_dir)
        try:
            written.append(_snapshot(spec.model, spec.revision, local_dir=target))
        except Exception as exc:  # network, auth, missing repo: all mean "cannot download here"
            raise ModelUnavailableError(
                f"cannot download {purpose} model '{spec.model}': {type(exc).__name__}: "
                f"{str(exc).splitlines()[0][:200]}",
                stage="models",
                fix="run `make models` on a machine that can reach huggingface.co, then copy models/ "
                    "here; or set HF_ENDPOINT to a reachable mirror") from None
    return written


def pick_device(preference: str) -> str:
    import torch

    if preference == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if preference == "cuda" and not torch.cuda.is_available():
        raise ModelUnavailableError("device 'cuda' requested but torch sees no GPU", stage="models",
                                    fix="set translate.device / summarize.device to auto or cpu")
    return preference


class Seq2SeqModel:
    """A loaded seq2seq model with its tokenizer, config and provenance: what a model stage gets."""

    def __init__(self, model: Any, tokenizer: Any, cfg: Any, info: ModelInfo) -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.cfg = cfg
        self.info = info
        # The model attends to at most this many positions; the tokenizer may say fewer.
        self.position_limit = min(getattr(model.config, "max_position_embeddings", None) or 10**9,
                                  getattr(tokenizer, "model_max_length", None) or 10**9)

    def _length(self, text: str) -> int:
        """Tokens in `text`, without special tokens."""
        return len(self.tokenizer(text, add_special_tokens=False)["input_ids"])


_LOADED: dict[tuple[str, str], tuple[Any, Any]] = {}


def load_seq2seq(resolved: ResolvedModel, device: str = "auto", threads: int | None = None):
    """Load (model, tokenizer) once per process; eval mode, on the chosen device."""
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    if threads:
        torch.set_num_threads(threads)
    dev = pick_device(device)
    key = (str(resolved.path), dev)
    if key not in _LOADED:
        log.info("loading %s model from %s on %s", resolved.purpose, resolved.path, dev)
        try:
            tokenizer = AutoTokenizer.from_pretrained(resolved.path, local_files_only=True)
            model = AutoModelForSeq2SeqLM.from_pretrained(resolved.path, local_files_only=True)
        except (OSError, ValueError) as exc:
            raise ModelUnavailableError(f"cannot load {resolved.purpose} checkpoint at {resolved.path}: {exc}",
                                        stage="models",
                                        fix="the folder is incomplete or corrupt: delete it and run "
                                            "`make models` (or `make tiny-models`) again") from None
        model.to(dev).eval()
        _LOADED[key] = (model, tokenizer)
    return _LOADED[key]


def tiny_note(path: Path) -> str | None:
    marker = path / TINY_MARKER
    if not marker.is_file():
        return None
    try:
        return json.loads(marker.read_text(encoding="utf-8")).get("note")
    except (OSError, ValueError):
        return "tiny random model"
