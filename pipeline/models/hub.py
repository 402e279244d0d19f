"""The Hugging Face hub client — the only code that downloads.

A snapshot of a hub repository holds its config, tokenizer and weights in safetensors; an old
repository with only ``pytorch_model.bin`` is converted to ``model.safetensors`` once, at download,
because the pipeline loads safetensors only. huggingface_hub and torch are imported inside functions.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# Weights in safetensors only are fetched when a repo has them; .bin is the fallback for old repos.
_FILES = ["*.json", "*.spm", "*.model", "*.txt", "vocab*", "merges*"]


def snapshot(model_id: str, revision: str | None, local_dir: Path | None = None) -> Path:
    """The folder of `model_id` at `revision`: in the Hugging Face cache, or copied into `local_dir`.

    Raises whatever the hub client raises (network, auth, missing repo); callers say what it means."""
    from huggingface_hub import snapshot_download

    kwargs: dict[str, Any] = {"repo_id": model_id, "revision": revision}
    if local_dir is not None:
        kwargs["local_dir"] = str(local_dir)
    path = Path(snapshot_download(allow_patterns=_FILES + ["*.safetensors"], **kwargs))
    if not any(path.glob("*.safetensors")):
        path = Path(snapshot_download(allow_patterns=_FILES + ["pytorch_model.bin"], **kwargs))
        bin_to_safetensors(path)
    return path


def bin_to_safetensors(folder: Path) -> None:
    """Convert an old repo's pytorch_model.bin to model.safetensors once, at download.

    torch.load with weights_only=True reads tensors without running any pickled code; tied weights
    are cloned because safetensors refuses shared storage (transformers ties them again at load).
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
