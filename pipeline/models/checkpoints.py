"""Finding, downloading and loading model checkpoints — the only module that touches the hub.

A model in the config is a hub id (``Helsinki-NLP/opus-mt-nl-en``) or a local folder. It is looked
up, in order: as a folder; in ``models_dir/<org>--<name>`` (where ``make models`` puts it); in the
Hugging Face cache, downloading it there when the hub is reachable. Stages never load models
themselves: they receive loaded backends (pipeline/models/backends.py), so tests can hand them tiny
checkpoints.

The ``ctranslate2`` backend runs a CTranslate2 conversion of the checkpoint, kept beside it in
``<checkpoint>/ctranslate2/`` (for a Hugging Face cache snapshot: ``models_dir/<org>--<name>@<rev>-ctranslate2``),
made by ``make models`` / ``make tiny-models`` or once on first use, and remade when the checkpoint
changes. Weights are stored float16 and converted to the compute type (int8 on CPU) at load.
torch, transformers and ctranslate2 are imported inside functions only.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.config import ClassifyConfig, Config, ModelConfig, resolve_path
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
        _bin_to_safetensors(path)
    return path


def _bin_to_safetensors(folder: Path) -> None:
    """Convert an old repo's pytorch_model.bin to model.safetensors once, at download.

    The pipeline loads safetensors only. torch.load with weights_only=True reads tensors without
    running any pickled code; tied weights are cloned because safetensors refuses shared storage
    (transformers ties them again at load).
    """
    import torch
    from safetensors.torch import save_file

    weights = folder / "pytorch_model.bin"
    if not weights.is_file():
        return
    state = torch.load(weights, map_location="cpu", weights_only=True)
    target = folder / "model.safetensors"
    tmp = folder / ".model.safetensors.tmp"
    save_file({k: v.detach().clone().contiguous() for k, v in state.items()}, str(tmp), metadata={"format": "pt"})
    tmp.replace(target)
    log.info("converted %s to %s", weights, target)


def _revision_of(path: Path, configured: str | None) -> str | None:
    # Hub cache folders are named by commit hash: the exact revision a note was made with.
    if path.parent.name == "snapshots":
        return path.name
    return configured


def resolve(purpose: str, spec: ModelConfig | ClassifyConfig, models_dir: Path) -> ResolvedModel:
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
             "models/ here; (2) or set `translate.model` / `summarize.model` in your config to a local checkpoint "
             "folder; (3) or exercise the pipeline with tiny random models: `make tiny-models && "
             "make translate CONFIG=configs/tiny.yaml` (their English is nonsense by design)"))


def _model_specs(cfg: Config) -> list[tuple[str, Any]]:
    """The (purpose, config section) of every model the configured run needs."""
    specs: list[tuple[str, Any]] = [("translate", cfg.translate), ("summarize", cfg.summarize)]
    if cfg.classify.method == "zero_shot":
        specs.append(("classify", cfg.classify))
    return specs


def resolve_all(cfg: Config) -> dict[str, ResolvedModel]:
    """Resolve every model a translate run needs, failing once with all missing models named."""
    models_dir = resolve_path(cfg.models_dir)
    found: dict[str, ResolvedModel] = {}
    errors: list[ModelUnavailableError] = []
    for purpose, spec in _model_specs(cfg):
        try:
            found[purpose] = resolve(purpose, spec, models_dir)
        except ModelUnavailableError as exc:
            errors.append(exc)
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ModelUnavailableError("\n  ".join(e.message for e in errors), stage="models", fix=errors[0].fix)
    return found


def _fetch(purpose: str, spec: Any, models_dir: Path) -> Path:
    """One configured model for offline use: a local folder as is, a hub id into models_dir."""
    if _is_checkpoint(resolve_path(spec.model)):
        log.info("%s model is a local folder already: %s", purpose, spec.model)
        return resolve_path(spec.model)
    target = local_folder(spec.model, models_dir)
    try:
        return _snapshot(spec.model, spec.revision, local_dir=target)
    except Exception as exc:  # network, auth, missing repo: all mean "cannot download here"
        if _is_checkpoint(target):  # a copied models/ folder: keep it, convert it
            log.warning("cannot refresh %s model (%s); using the copy in %s", purpose, type(exc).__name__, target)
            return target
        raise ModelUnavailableError(
            f"cannot download {purpose} model '{spec.model}': {type(exc).__name__}: "
            f"{str(exc).splitlines()[0][:200]}",
            stage="models",
            fix="run `make models` on a machine that can reach huggingface.co, then copy models/ "
                "here; or set HF_ENDPOINT to a reachable mirror") from None


def download(cfg: Config, convert: bool = True) -> list[Path]:
    """`make models`: fetch each configured hub model into models_dir for offline use, and convert
    each to CTranslate2 format beside it (the `ctranslate2` backend's model)."""
    models_dir = resolve_path(cfg.models_dir)
    written = []
    convertible = []
    for purpose, spec in _model_specs(cfg):
        path = _fetch(purpose, spec, models_dir)
        written.append(path)
        if purpose != "classify":  # the NLI classifier runs on transformers only
            convertible.append(path)
    if convert:
        for path in convertible:
            written.append(convert_ctranslate2(path, ctranslate2_folder(path, models_dir)))
    return written


# ------------------------------------------------------------------------------- CTranslate2


CT2_SUBDIR = "ctranslate2"
CT2_STORAGE = "float16"  # converted weights on disk; the compute type is chosen at load
_CT2_STAMP = "SOURCE.json"


def ctranslate2_folder(checkpoint: Path, models_dir: Path) -> Path:
    """Where the CTranslate2 conversion of `checkpoint` lives."""
    if checkpoint.parent.name == "snapshots":  # hub cache: models--org--name/snapshots/<rev>
        repo = checkpoint.parent.parent.name.removeprefix("models--")
        return models_dir / f"{repo}@{checkpoint.name[:12]}-{CT2_SUBDIR}"
    return checkpoint / CT2_SUBDIR


def _ct2_current(folder: Path, source_fp: str) -> bool:
    try:
        stamp = json.loads((folder / _CT2_STAMP).read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return stamp.get("source_fingerprint") == source_fp and (folder / "model.bin").is_file()


def convert_ctranslate2(checkpoint: Path, target: Path, force: bool = False) -> Path:
    """Convert a transformers checkpoint to CTranslate2 format at `target` (idempotent).

    Skipped when `target` already holds a conversion of this exact checkpoint (fingerprint in
    SOURCE.json). Written to a temporary folder and renamed into place, so concurrent runs never
    see half a model. Needs torch + transformers (the converter loads the checkpoint).
    """
    checkpoint, target = Path(checkpoint), Path(target)
    source_fp = fingerprint(checkpoint)
    if not force and _ct2_current(target, source_fp):
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
            # safetensors only, never a checkpoint's own code (see load_seq2seq)
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
        _swap_into_place(staging, target)
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


def _swap_into_place(new: Path, target: Path) -> None:
    """Rename `new` to `target`, replacing an old `target` (moved aside first, then deleted)."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}-{time.monotonic_ns()}")
        os.replace(target, old)
    os.replace(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


_TOKENIZER_CLASSES = {"marian": "MarianTokenizer", "bart": "BartTokenizer"}


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
    if not _ct2_current(folder, resolved.fingerprint()):
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


def _torch_dtype_name(requested: str, device: str) -> str:
    if requested == "auto":
        return "float16" if device == "cuda" else "float32"
    if requested not in ("float32", "float16", "bfloat16"):
        raise ModelUnavailableError(f"compute type '{requested}' is not available with the transformers "
                                    "backend", stage="models",
                                    fix="use auto, float32, float16 or bfloat16, or the ctranslate2 backend "
                                        "for int8")
    return requested


def load_backend(resolved: ResolvedModel, spec: ModelConfig, threads: int | None = None,
                 models_dir: Path | None = None) -> Any:
    """The configured backend (pipeline.models.backends) for a resolved model, loaded once per process."""
    from pipeline.models.backends import CTranslate2Backend, Decoding, TransformersBackend

    decoding = Decoding.of(spec)
    models_dir = models_dir if models_dir is not None else resolve_path("models")
    if spec.backend == "ctranslate2":
        translator, tokenizer, device, compute_type, folder = load_ctranslate2(resolved, spec, threads,
                                                                               models_dir)
        info = resolved.info().model_copy(update={"backend": "ctranslate2", "compute_type": compute_type,
                                                  "device": device})
        config = json.loads((resolved.path / "config.json").read_text("utf-8"))
        limit = min(config.get("max_position_embeddings") or 10**9,
                    getattr(tokenizer, "model_max_length", None) or 10**9)
        prefix = None
        if config.get("forced_bos_token_id") is not None or _generation_forces_bos(resolved.path):
            prefix = [tokenizer.bos_token]
        return CTranslate2Backend(translator, tokenizer, decoding, info, limit, prefix)
    device = pick_device(spec.device)
    dtype = _torch_dtype_name(spec.compute_type, device)
    model, tokenizer = load_seq2seq(resolved, device, threads, dtype)
    info = resolved.info().model_copy(update={"backend": "transformers", "compute_type": dtype,
                                              "device": device})
    return TransformersBackend(model, tokenizer, decoding, info)


def _generation_forces_bos(path: Path) -> bool:
    try:
        gen = json.loads((path / "generation_config.json").read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return gen.get("forced_bos_token_id") is not None


def pick_device(preference: str) -> str:
    import torch

    if preference == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if preference == "cuda" and not torch.cuda.is_available():
        raise ModelUnavailableError("device 'cuda' requested but torch sees no GPU", stage="models",
                                    fix="set translate.device / summarize.device to auto or cpu")
    return preference


_LOADED: dict[tuple, tuple[Any, Any]] = {}


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


def tiny_note(path: Path) -> str | None:
    marker = path / TINY_MARKER
    if not marker.is_file():
        return None
    try:
        return json.loads(marker.read_text(encoding="utf-8")).get("note")
    except (OSError, ValueError):
        return "tiny random model"
