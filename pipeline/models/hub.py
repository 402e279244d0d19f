"""The Hugging Face hub client — the only code that downloads.

A snapshot of a hub repository holds its config, tokenizer and weights in safetensors; an old
repository with only ``pytorch_model.bin`` is converted to ``model.safetensors`` once, at download,
because the pipeline loads safetensors only. Nothing else is fetched: never a repository's ``*.py``
(the pipeline never runs a checkpoint's own code), nor TF/Flax/Rust weights.

``make models`` (:func:`fetch`) downloads into ``models/<org>--<name>``: the revision asked for is
first resolved to its commit, the files are fetched at that commit, checked against the hub's
checksums, and the commit is written to ``REVISION`` beside them. That file is written last, so it
also marks a complete download; provenance reads it (pipeline/models/resolution.py).

The hub's address comes from ``HF_ENDPOINT`` (read once, when huggingface_hub is imported);
``HF_HUB_OFFLINE=1`` forbids every request. huggingface_hub and torch are imported inside functions.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from typing import Any

from pipeline.errors import ModelUnavailableError
from pipeline.render.files import atomic_write

log = logging.getLogger(__name__)

# Config, tokenizer and vocabulary files; weights are asked for separately (safetensors first).
_FILES = ["*.json", "*.spm", "*.model", "*.txt", "vocab*", "merges*"]
_SAFETENSORS = ["*.safetensors"]
_PYTORCH_BIN = ["pytorch_model.bin"]

REVISION_FILE = "REVISION"  # the commit a models/ folder was downloaded at; written last
_COMMIT = re.compile(r"[0-9a-f]{40}")  # a git commit id, as the hub names revisions


def endpoint() -> str:
    """The hub address the client uses (HF_ENDPOINT, or huggingface.co)."""
    from huggingface_hub import constants

    return constants.ENDPOINT


def is_commit(revision: str | None) -> bool:
    return revision is not None and _COMMIT.fullmatch(revision) is not None


def snapshot(model_id: str, revision: str | None) -> Path:
    """The folder of `model_id` at `revision` in the Hugging Face cache (downloaded there if needed).

    Raises whatever the hub client raises (network, auth, missing repo); callers say what it means."""
    from huggingface_hub import snapshot_download

    path = Path(snapshot_download(model_id, revision=revision, allow_patterns=_FILES + _SAFETENSORS))
    if not any(path.glob("*.safetensors")):
        path = Path(snapshot_download(model_id, revision=revision, allow_patterns=_FILES + _PYTORCH_BIN))
        bin_to_safetensors(path)
    return path


def recorded_revision(folder: Path) -> str | None:
    """The commit a `make models` folder holds (None: not a complete `make models` download)."""
    try:
        text = (folder / REVISION_FILE).read_text("utf-8").strip()
    except OSError:
        return None
    return text if is_commit(text) else None


def fetch(model_id: str, revision: str | None, local_dir: Path) -> str:
    """Download `model_id` at `revision` (None: the default branch) into `local_dir`, verified;
    returns the commit. A second call at the same commit downloads nothing.

    Requests: one model-info GET to resolve the revision to a commit, one tree GET (the file list
    at that commit, cached in ``local_dir/.cache/huggingface``), then per file not yet present a
    HEAD and a GET; finally one tree GET for the checksums. Raises what the hub client raises, or
    ModelUnavailableError when a downloaded file does not match the hub's checksum.
    """
    from huggingface_hub import HfApi, snapshot_download

    api = HfApi()
    # GET {endpoint}/api/models/{id}/revision/{revision}: its "sha" is the commit (hf_api.py model_info).
    commit = api.model_info(model_id, revision=revision or "main").sha
    if not is_commit(commit):
        raise ModelUnavailableError(f"{endpoint()} answered no commit id for {model_id} at {revision or 'main'}",
                                    stage="models", fix="check that HF_ENDPOINT points to a Hugging Face hub")
    if recorded_revision(local_dir) != commit:  # a new commit: the folder is incomplete until verified
        (local_dir / REVISION_FILE).unlink(missing_ok=True)
    # Passing the commit (not the branch) makes every file come from that one commit, and lets
    # snapshot_download skip files whose local metadata already names it (file_download.py
    # _hf_hub_download_to_local_dir: "Local file exists + metadata exists + commit_hash matches").
    kwargs: dict[str, Any] = {"revision": commit, "local_dir": str(local_dir)}
    snapshot_download(model_id, allow_patterns=_FILES + _SAFETENSORS, **kwargs)
    if not any(local_dir.glob("*.safetensors")):
        snapshot_download(model_id, allow_patterns=_FILES + _PYTORCH_BIN, **kwargs)
    verify(api, model_id, commit, local_dir)
    if bin_to_safetensors(local_dir):
        (local_dir / "pytorch_model.bin").unlink()  # converted; the folder keeps one copy of the weights
    atomic_write(local_dir / REVISION_FILE, commit + "\n")
    return commit


def verify(api: Any, model_id: str, commit: str, local_dir: Path) -> None:
    """Every downloaded file against the hub's checksum at `commit` (sha256 for LFS files, the git
    blob id for the rest: huggingface_hub verify_repo_checksums). A file that differs is deleted,
    so the next `make models` fetches it again."""
    result = api.verify_repo_checksums(model_id, revision=commit, local_dir=str(local_dir))
    if not result.mismatches:
        log.info("%s: %d files match the hub's checksums at %s", model_id, result.checked_count, commit)
        return
    for bad in result.mismatches:
        (local_dir / bad["path"]).unlink(missing_ok=True)
    names = ", ".join(bad["path"] for bad in result.mismatches)
    raise ModelUnavailableError(
        f"{model_id} at {commit} from {endpoint()}: downloaded files do not match the hub's checksums, "
        f"deleted: {names}",
        path=local_dir, stage="models",
        fix="run `make models` again; if it repeats, the mirror at HF_ENDPOINT serves damaged files")


def bin_to_safetensors(folder: Path) -> bool:
    """Convert an old repo's pytorch_model.bin to model.safetensors once, at download; True when
    it converted.

    torch.load with weights_only=True reads tensors without running any pickled code; tied weights
    are cloned because safetensors refuses shared storage (transformers ties them again at load).
    """
    weights = folder / "pytorch_model.bin"
    target = folder / "model.safetensors"
    if not weights.is_file() or target.is_file():
        return False
    import torch
    from safetensors.torch import save_file

    state = torch.load(weights, map_location="cpu", weights_only=True)
    tmp = folder / f".model.safetensors.tmp-{os.getpid()}"
    save_file({k: v.detach().clone().contiguous() for k, v in state.items()}, str(tmp), metadata={"format": "pt"})
    tmp.replace(target)
    log.info("converted %s to %s", weights, target)
    return True
