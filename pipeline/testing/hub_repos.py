"""Hub repositories laid out like the real ones, with tiny weights, for a local model hub in tests.

``make models`` downloads ``Helsinki-NLP/opus-mt-nl-en`` and ``sshleifer/distilbart-cnn-12-6`` from
the Hugging Face hub. Our machines reach no hub, so tests serve these repositories from a local
server (pipeline/testing/hub_server.py) and run the real client against it. The repositories here carry
the real file names and the real configs' settings (generation defaults, special token ids,
``bad_words_ids``, forced BOS, ``task_specific_params``: ../shared/MODEL-FACTS.md, from the public
config.json files); only the dimensions are tiny (the checkpoints of pipeline/testing/tiny_models.py,
whose ``TINY_MODEL.json`` marker a real repository does not have).

* Marian: safetensors and the old ``pytorch_model.bin`` side by side, as converted repositories have.
* distilBART: ``pytorch_model.bin`` only (an old repository), the tokenizer as ``vocab.json`` +
  ``merges.txt``, and an unexpected ``modeling_distilbart.py`` that must never be fetched or run.
* the zero-shot NLI classifier (fetched only with ``classify.method: zero_shot``): the tiny BERT
  stand-in's files under the real id, labels entailment/neutral/contradiction as the real config
  has them; not its DeBERTa architecture or SentencePiece tokenizer (no tiny one is built).

A repository's commit id is the git-style sha1 of its file list and blob ids: stable per content
(a rebuilt ``pytorch_model.bin`` is new content: torch.save stamps every archive with a fresh id).
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from pipeline.models.resolution import TINY_MARKER
from pipeline.testing.tiny_models import CLASSIFY_BASE, SUMMARIZE_BASE, TRANSLATE_BASE

# What an unexpected Python file in a repository would do if anything ever ran it.
CANARY = "EXECUTED_REPOSITORY_CODE"
UNEXPECTED_CODE = "modeling_distilbart.py"
# Files stored with git LFS on the hub (weights): served by redirect to a CDN, named by sha256.
_LFS_SUFFIXES = (".bin", ".safetensors", ".h5", ".ot", ".msgpack")


def git_blob_id(data: bytes) -> str:
    """The id git gives a file's content (what the hub reports as a non-LFS file's oid and ETag)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@dataclass(frozen=True)
class HubRepo:
    repo_id: str
    files: dict[str, bytes]
    lfs: frozenset[str] = field(default_factory=frozenset)

    @cached_property
    def blob_ids(self) -> dict[str, str]:
        return {name: git_blob_id(data) for name, data in self.files.items()}

    @cached_property
    def commit(self) -> str:
        listing = "".join(f"{name}\0{blob}\n" for name, blob in sorted(self.blob_ids.items()))
        return hashlib.sha1(listing.encode()).hexdigest()


def _json(obj: dict) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode()


def _checkpoint_files(folder: Path) -> dict[str, bytes]:
    """A tiny checkpoint's own files, without its marker and its CTranslate2 conversion."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())
            if p.is_file() and p.name != TINY_MARKER}


def _bin_weights(safetensors_file: bytes) -> bytes:
    """The same weights as a pickled torch state dict, as old repositories publish them."""
    import torch
    from safetensors.torch import load

    buffer = io.BytesIO()
    torch.save(load(safetensors_file), buffer)
    return buffer.getvalue()


def _lfs(files: dict[str, bytes]) -> frozenset[str]:
    return frozenset(name for name in files if name.endswith(_LFS_SUFFIXES))


def marian_repo(tiny_translate: Path) -> HubRepo:
    """Helsinki-NLP/opus-mt-nl-en: generation defaults of the real config.json (num_beams 6,
    max_length 512, pad = decoder start = last id, also in bad_words_ids)."""
    files = _checkpoint_files(tiny_translate)
    config = json.loads(files["config.json"])
    pad = config["pad_token_id"]
    real = {"num_beams": 6, "max_length": 512, "bad_words_ids": [[pad]], "decoder_start_token_id": pad,
            "pad_token_id": pad, "eos_token_id": config["eos_token_id"]}
    files["config.json"] = _json({**config, **real, "_name_or_path": TRANSLATE_BASE})
    generation = json.loads(files["generation_config.json"])
    files["generation_config.json"] = _json({**generation, **real, "forced_eos_token_id": config["eos_token_id"]})
    files["pytorch_model.bin"] = _bin_weights(files["model.safetensors"])
    files["README.md"] = b"---\ntags:\n- translation\nlicense: apache-2.0\n---\n\n### opus-mt-nl-en\n"
    files[".gitattributes"] = b"*.bin filter=lfs diff=lfs merge=lfs -text\n"
    return HubRepo(TRANSLATE_BASE, files, _lfs(files))


def bart_repo(tiny_summarize: Path) -> HubRepo:
    """sshleifer/distilbart-cnn-12-6: pytorch_model.bin only; token ids <s> 0, <pad> 1, </s> 2 with
    </s> the decoder start and <s> forced first; task_specific_params.summarization as the real one."""
    checkpoint = _checkpoint_files(tiny_summarize)
    config = json.loads(checkpoint["config.json"])
    summarization = {"num_beams": 4, "length_penalty": 2.0, "max_length": 142, "min_length": 56,
                     "no_repeat_ngram_size": 3, "early_stopping": True}
    config.update(summarization, task_specific_params={"summarization": summarization},
                  _name_or_path=SUMMARIZE_BASE, extra_pos_embeddings=2, normalize_before=False,
                  bos_token_id=0, pad_token_id=1, eos_token_id=2, decoder_start_token_id=2,
                  forced_bos_token_id=0, forced_eos_token_id=2)
    tokenizer = json.loads(checkpoint["tokenizer.json"])["model"]
    merges = [m if isinstance(m, str) else " ".join(m) for m in tokenizer["merges"]]
    tokenizer_config = json.loads(checkpoint["tokenizer_config.json"])
    files = {
        "config.json": _json(config),
        "vocab.json": _json(tokenizer["vocab"]),
        "merges.txt": ("#version: 0.2\n" + "\n".join(merges) + "\n").encode(),
        "tokenizer_config.json": _json({"model_max_length": tokenizer_config["model_max_length"]}),
        "pytorch_model.bin": _bin_weights(checkpoint["model.safetensors"]),
        UNEXPECTED_CODE: (f"from pathlib import Path\nPath(__file__).with_name({CANARY!r}).touch()\n").encode(),
        "README.md": b"---\nlanguage: en\ntags:\n- summarization\nlicense: apache-2.0\n---\n",
        ".gitattributes": b"*.bin filter=lfs diff=lfs merge=lfs -text\n",
    }
    return HubRepo(SUMMARIZE_BASE, files, _lfs(files))


def nli_repo(tiny_classify: Path) -> HubRepo:
    """MoritzLaurer/mDeBERTa-v3-base-xnli-multilingual-nli-2mil7, as far as the tiny BERT allows."""
    files = _checkpoint_files(tiny_classify)
    files["README.md"] = b"---\npipeline_tag: zero-shot-classification\nlicense: mit\n---\n"
    return HubRepo(CLASSIFY_BASE, files, _lfs(files))
