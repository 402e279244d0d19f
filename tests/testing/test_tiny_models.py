"""Tiny local checkpoints: built from the sample letter, loadable and usable like the real ones."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

import pytest

from pipeline.models.resolution import TINY_MARKER
from pipeline.testing.tiny_models import (
    SUMMARIZE_BASE,
    TRANSLATE_BASE,
    build_tiny_models,
    main,
    read_corpus,
)

from tests.conftest import PROJECT_ROOT
SAMPLE_LETTER = PROJECT_ROOT / "data" / "kamerbrieven" / "000_124582cb5ba853ae.txt"

DUTCH = [
    "De minister-president heeft de Europese Raad van 14 en 15 december 2023 bijgewoond.",
    "Oekraïne en Moldavië kunnen toetredingsonderhandelingen openen.",
    "Het kabinet zet zich in voor een ambitieus en realistisch MFK.",
]
ENGLISH = [
    "The European Council decided to open accession negotiations with Ukraine and Moldova.",
    "The Prime Minister insisted that enlargement remain merit-based.",
]

pytestmark = pytest.mark.filterwarnings("ignore:Recommended. pip install sacremoses")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("tiny")
    paths = build_tiny_models(out, [SAMPLE_LETTER], seed=0)
    return paths


def _tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha1(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_layout_and_markers(built):
    assert set(built) == {"translate", "summarize", "classify"}
    assert (built["classify"] / TINY_MARKER).is_file() and (built["classify"] / "model.safetensors").is_file()
    assert built["translate"].name == "opus-mt-nl-en-tiny"
    assert built["summarize"].name == "distilbart-cnn-tiny"
    assert built["translate"].parent == built["summarize"].parent
    for key, base in (("translate", TRANSLATE_BASE), ("summarize", SUMMARIZE_BASE)):
        folder = built[key]
        marker = json.loads((folder / TINY_MARKER).read_text("utf-8"))
        assert marker["tiny"] is True
        assert marker["base_architecture"] == base
        assert "nonsense" in marker["note"]
        assert (folder / "model.safetensors").is_file()
        assert not list(folder.glob("*.bin")), "weights must be safetensors only"
        assert (folder / "config.json").is_file()
        assert (folder / "generation_config.json").is_file()
    for name in ("source.spm", "target.spm", "vocab.json"):
        assert (built["translate"] / name).is_file()
    assert (built["translate"] / "source.spm").read_bytes() == (built["translate"] / "target.spm").read_bytes()


def test_translate_checkpoint(built):
    import torch
    from transformers import AutoTokenizer, MarianMTModel, MarianTokenizer

    folder = built["translate"]
    tok = AutoTokenizer.from_pretrained(folder, local_files_only=True)
    assert isinstance(tok, MarianTokenizer)
    assert tok.model_max_length == 512

    vocab = json.loads((folder / "vocab.json").read_text("utf-8"))
    assert vocab["</s>"] == 0 and vocab["<unk>"] == 1
    assert vocab["<pad>"] == len(vocab) - 1 == max(vocab.values())
    assert sorted(vocab.values()) == list(range(len(vocab)))
    assert 500 <= len(vocab) <= 1100

    model = MarianMTModel.from_pretrained(folder, local_files_only=True).eval()
    cfg = model.config
    assert cfg.vocab_size == cfg.decoder_vocab_size == len(vocab) == len(tok)
    assert cfg.pad_token_id == cfg.decoder_start_token_id == len(vocab) - 1 == tok.pad_token_id
    assert cfg.eos_token_id == tok.eos_token_id == vocab["</s>"]
    assert cfg.max_position_embeddings == 512
    assert (cfg.d_model, cfg.encoder_layers, cfg.decoder_layers) == (32, 2, 2)
    assert (cfg.encoder_attention_heads, cfg.encoder_ffn_dim) == (2, 64)
    assert cfg.activation_function == "swish" and cfg.scale_embedding
    assert cfg.share_encoder_decoder_embeddings
    gen = model.generation_config
    assert gen.bad_words_ids == [[cfg.pad_token_id]]
    assert gen.num_beams == 1 and gen.max_length == 512

    # Dutch text from the corpus round-trips through the tokenizer.
    enc = tok(DUTCH, return_tensors="pt", padding=True)
    assert tok.unk_token_id not in enc.input_ids[0].tolist()
    assert tok.batch_decode(enc.input_ids, skip_special_tokens=True) == DUTCH

    with torch.no_grad():
        out = model.generate(**enc, max_new_tokens=20)
    assert out.shape[0] == 3 and out.shape[1] <= 21
    texts = tok.batch_decode(out, skip_special_tokens=True)
    assert len(texts) == 3 and all(isinstance(t, str) for t in texts)


def test_summarize_checkpoint(built):
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer, BartForConditionalGeneration, BartTokenizer

    folder = built["summarize"]
    tok = AutoTokenizer.from_pretrained(folder, local_files_only=True)
    assert isinstance(tok, BartTokenizer)  # transformers 5: an alias of RobertaTokenizer
    assert tok.model_max_length == 256
    assert (tok.bos_token_id, tok.pad_token_id, tok.eos_token_id, tok.unk_token_id) == (0, 1, 2, 3)
    assert tok.mask_token == "<mask>"

    model = AutoModelForSeq2SeqLM.from_pretrained(folder, local_files_only=True).eval()
    assert isinstance(model, BartForConditionalGeneration)
    cfg, gen = model.config, model.generation_config
    assert cfg.max_position_embeddings == 256
    assert (cfg.d_model, cfg.encoder_layers, cfg.decoder_layers) == (32, 2, 2)
    assert (cfg.encoder_attention_heads, cfg.encoder_ffn_dim) == (2, 64)
    assert cfg.vocab_size == len(tok)
    assert cfg.bos_token_id == gen.bos_token_id == tok.bos_token_id
    assert cfg.eos_token_id == gen.eos_token_id == tok.eos_token_id
    assert cfg.pad_token_id == gen.pad_token_id == tok.pad_token_id
    assert cfg.decoder_start_token_id == gen.decoder_start_token_id == tok.eos_token_id
    assert gen.forced_bos_token_id == tok.bos_token_id
    assert gen.forced_eos_token_id == tok.eos_token_id

    enc = tok(ENGLISH, return_tensors="pt", padding=True)
    assert enc.input_ids[0, 0].item() == tok.bos_token_id
    assert tok.batch_decode(enc.input_ids, skip_special_tokens=True) == ENGLISH
    # Truncation honours the deliberately small window.
    long = tok(" ".join(ENGLISH * 100), truncation=True)
    assert len(long.input_ids) == 256

    with torch.no_grad():
        out = model.generate(**enc, max_new_tokens=20)
    assert out.shape[0] == 2 and out.shape[1] <= 22
    texts = tok.batch_decode(out, skip_special_tokens=True)
    assert len(texts) == 2 and all(isinstance(t, str) for t in texts)


@pytest.mark.slow
def test_rebuild_same_folder_is_idempotent(built):
    out_dir = built["translate"].parent
    before = {key: _tree_digest(folder) for key, folder in built.items()}
    again = build_tiny_models(out_dir, [SAMPLE_LETTER], seed=0)
    assert again == built
    assert {key: _tree_digest(folder) for key, folder in again.items()} == before
    # No staging or backup folders are left behind.
    assert sorted(p.name for p in out_dir.iterdir()) == ["distilbart-cnn-tiny", "nli-classifier-tiny",
                                                         "opus-mt-nl-en-tiny"]


@pytest.mark.slow
def test_main_cli(tmp_path, capsys):
    assert main(["--out", str(tmp_path / "m"), "--corpus", str(SAMPLE_LETTER)]) == 0
    printed = capsys.readouterr().out
    assert str(tmp_path / "m" / "opus-mt-nl-en-tiny") in printed
    for name in ("opus-mt-nl-en-tiny", "distilbart-cnn-tiny"):
        assert (tmp_path / "m" / name / TINY_MARKER).is_file()


def test_read_corpus_json_and_unreadable(tmp_path, caplog):
    doc = tmp_path / "ref.json"
    doc.write_text(json.dumps({"a": "Eerste regel.\nTweede regel.", "b": [{"c": "Derde."}, 7, None], "key": ""}))
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\xfa not utf-8")
    missing = tmp_path / "missing.txt"
    with caplog.at_level(logging.WARNING, logger="pipeline.testing.tiny_models"):
        lines = read_corpus([doc, bad, missing])
    assert lines == ["Eerste regel.", "Tweede regel.", "Derde."]
    assert sum("skipping unreadable" in r.getMessage() for r in caplog.records) == 2


# The CLI's `tiny-models` command is how `make tiny-models` reaches the builder; it is the only way in.
_COMMAND_LAYER = {"cli.py", "commands.py", "__main__.py"}


def test_code_that_makes_notes_never_imports_the_test_model_builders():
    """pipeline/testing builds test checkpoints; stages, models, engines, render and evaluate must
    run without it (and never pick up a test helper by accident)."""
    import ast

    package = PROJECT_ROOT / "pipeline"
    offenders = []
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package)
        if relative.parts[0] == "testing" or str(relative) in _COMMAND_LAYER:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = ([node.module or ""] + [f"{node.module}.{a.name}" for a in node.names]
                     if isinstance(node, ast.ImportFrom) else
                     [a.name for a in node.names] if isinstance(node, ast.Import) else [])
            if any(n == "pipeline.testing" or n.startswith("pipeline.testing.") for n in names):
                offenders.append(f"{relative}:{node.lineno}")
    assert not offenders, offenders
