"""Tiny local stand-ins for the real checkpoints, for tests and pipeline plumbing.

Our machines cannot reach a model hub, so tests run the real code path (real model and tokenizer
classes, ``from_pretrained`` on a folder, ``generate``) on TINY checkpoints built here: real
architectures with tiny configs and random weights, and tokenizers trained on our own sample text.
Their output is nonsense by design.

* ``opus-mt-nl-en-tiny``  — MarianMTModel + MarianTokenizer (one SentencePiece unigram model saved
  as both ``source.spm`` and ``target.spm``; ``vocab.json`` laid out as the real one: ``</s>`` 0,
  ``<unk>`` 1, the pieces, ``<pad>`` last = ``decoder_start_token_id``).
* ``distilbart-cnn-tiny`` — BartForConditionalGeneration + byte-level BPE tokenizer (loads as the
  BART tokenizer, which in transformers 5 is ``RobertaTokenizer``), ``model_max_length`` 256 and
  ``max_position_embeddings`` 256 so that the pipeline's chunking of long sections is exercised.

Every folder holds :data:`TINY_MARKER` so code (and people) can tell a tiny checkpoint from a real
one, and its CTranslate2 conversion in ``ctranslate2/`` (the ``ctranslate2`` backend's model). Build with ``python -m pipeline.testing.tiny_models [--out DIR] [--corpus FILE ...]``.

torch / transformers / sentencepiece / tokenizers are imported lazily inside functions.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import random
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from pipeline.config import PROJECT_ROOT
from pipeline.models.conversion import CT2_SUBDIR, convert_ctranslate2
from pipeline.models.resolution import TINY_MARKER  # in every tiny folder

log = logging.getLogger(__name__)

TRANSLATE_DIRNAME = "opus-mt-nl-en-tiny"
SUMMARIZE_DIRNAME = "distilbart-cnn-tiny"
CLASSIFY_DIRNAME = "nli-classifier-tiny"
CLASSIFY_BASE = "MoritzLaurer/mDeBERTa-v3-base-xnli-multilingual-nli-2mil7"
NLI_MAX_POSITIONS = 256
TRANSLATE_BASE = "Helsinki-NLP/opus-mt-nl-en"
SUMMARIZE_BASE = "sshleifer/distilbart-cnn-12-6"
_NOTE = "random weights; output is nonsense by design; for tests and pipeline plumbing only"

# Sizes. Vocabularies are requested sizes; the SentencePiece one is a soft limit (small corpora stop
# short of it), the BPE one a maximum.
SPM_VOCAB_SIZE = 1000
BPE_VOCAB_SIZE = 1000
MARIAN_MAX_POSITIONS = 512  # as the real model
BART_MAX_POSITIONS = 256  # deliberately small (real: 1024) so long sections must be chunked

# Characters the SentencePiece model always covers even when the corpus lacks them, so that any
# ordinary Dutch/English text round-trips instead of turning into <unk>.
_REQUIRED_CHARS = (
    "".join(chr(c) for c in range(0x21, 0x7F))  # printable ASCII
    + "".join(chr(c) for c in range(0xC0, 0x180) if chr(c).isalpha())  # Latin-1 + Latin Extended-A letters
    + "€£§°±²³µ·×÷«»¿¡‘’‚“”„–—…•′″"
)



class Shape(NamedTuple):
    """Transformer size: d_model, encoder layers, decoder layers, attention heads, FFN width."""

    d_model: int
    encoder_layers: int
    decoder_layers: int
    heads: int
    ffn: int

    def config_kwargs(self) -> dict[str, int]:
        """The shape as the keyword arguments of MarianConfig and BartConfig (same names in both)."""
        return {"d_model": self.d_model, "encoder_layers": self.encoder_layers,
                "decoder_layers": self.decoder_layers, "encoder_attention_heads": self.heads,
                "decoder_attention_heads": self.heads, "encoder_ffn_dim": self.ffn, "decoder_ffn_dim": self.ffn}


# Tiny transformer shape shared by both models (benchmarks/bench.py builds full-size ones).
TINY_SHAPE = Shape(32, 2, 2, 2, 64)


# --------------------------------------------------------------------------------------- corpus


def _json_strings(obj: Any) -> Iterator[str]:
    """All string values (not keys) in a JSON document, depth first."""
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for value in obj.values():
            yield from _json_strings(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from _json_strings(value)


def read_corpus(corpus_files: Iterable[Path]) -> list[str]:
    """Non-empty text lines from ``corpus_files``, in order (sorted input gives a stable corpus).

    ``.json`` files contribute every string value, recursively; anything else is read as UTF-8
    text. Unreadable files are skipped with a warning.
    """
    lines: list[str] = []
    for path in corpus_files:
        path = Path(path)
        try:
            raw = path.read_text(encoding="utf-8")
            if path.suffix.lower() == ".json":
                texts = list(_json_strings(json.loads(raw)))
            else:
                texts = [raw]
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            log.warning("skipping unreadable corpus file %s: %s", path, exc)
            continue
        for text in texts:
            lines.extend(line.strip() for line in text.splitlines() if line.strip())
    return lines


# ---------------------------------------------------------------------------------- translation


def _train_sentencepiece(lines: list[str], seed: int) -> bytes:
    """Train one SentencePiece unigram model in memory; returns the serialized model."""
    import sentencepiece as spm

    if hasattr(spm, "set_random_generator_seed"):
        spm.set_random_generator_seed(seed)
    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=buf,
        model_type="unigram",
        vocab_size=SPM_VOCAB_SIZE,
        hard_vocab_limit=False,
        character_coverage=1.0,
        required_chars=_REQUIRED_CHARS,
        # Marian-style ids: no <s>, no pad piece (the pad lives only in vocab.json, last).
        unk_id=0,
        eos_id=1,
        bos_id=-1,
        pad_id=-1,
        max_sentence_length=1 << 16,
        num_threads=1,  # deterministic and plenty fast for a few hundred KB
        minloglevel=2,
    )
    return buf.getvalue()


def _marian_vocab(spm_model: bytes) -> dict[str, int]:
    """vocab.json as the real model lays it out: </s> 0, <unk> 1, every piece, <pad> last."""
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_proto=spm_model)
    vocab: dict[str, int] = {"</s>": 0, "<unk>": 1}
    for i in range(sp.get_piece_size()):
        piece = sp.id_to_piece(i)
        if piece not in vocab:
            vocab[piece] = len(vocab)
    vocab["<pad>"] = len(vocab)
    return vocab


def build_translate(folder: Path, lines: list[str], seed: int, shape: Shape = TINY_SHAPE,
                     vocab_size: int | None = None, note: str = _NOTE) -> None:
    """A MarianMT checkpoint of `shape`; `vocab_size` pads vocab.json with dummy tokens up to the
    real model's size (the pieces the tokenizer produces stay the same)."""
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer

    folder.mkdir(parents=True)
    spm_model = _train_sentencepiece(lines, seed)
    vocab = _marian_vocab(spm_model)
    if vocab_size is not None and vocab_size > len(vocab):
        del vocab["<pad>"]
        for i in range(vocab_size - 1 - len(vocab)):
            vocab[f"<dummy_{i}>"] = len(vocab)
        vocab["<pad>"] = len(vocab)
    tok_src = folder / "_src"
    tok_src.mkdir()
    for name in ("source.spm", "target.spm"):
        (tok_src / name).write_bytes(spm_model)
    (tok_src / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=1), "utf-8")

    tokenizer = MarianTokenizer(
        source_spm=str(tok_src / "source.spm"),
        target_spm=str(tok_src / "target.spm"),
        vocab=str(tok_src / "vocab.json"),
        source_lang="nl",
        target_lang="en",
        model_max_length=MARIAN_MAX_POSITIONS,
    )
    tokenizer.save_pretrained(folder)
    shutil.rmtree(tok_src)

    pad_id, eos_id = vocab["<pad>"], vocab["</s>"]
    config = MarianConfig(
        vocab_size=len(vocab),
        decoder_vocab_size=len(vocab),
        **shape.config_kwargs(),
        activation_function="swish",
        scale_embedding=True,
        max_position_embeddings=MARIAN_MAX_POSITIONS,  # Marian positions are always sinusoidal
        pad_token_id=pad_id,
        decoder_start_token_id=pad_id,
        eos_token_id=eos_id,
        forced_eos_token_id=eos_id,
        bos_token_id=None,
        share_encoder_decoder_embeddings=True,
        tie_word_embeddings=True,
        # Legacy keys carried by the real config.json, kept for fidelity (ignored by the code).
        static_position_embeddings=True,
        normalize_embedding=False,
        normalize_before=False,
        add_final_layer_norm=False,
        architectures=["MarianMTModel"],
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config).eval()
    _suppress_dummies(model, [i for tok, i in vocab.items() if tok.startswith("<dummy_")])
    model.generation_config = GenerationConfig(
        bad_words_ids=[[pad_id]],
        num_beams=1,
        max_length=MARIAN_MAX_POSITIONS,
        pad_token_id=pad_id,
        decoder_start_token_id=pad_id,
        eos_token_id=eos_id,
        forced_eos_token_id=eos_id,
    )
    model.save_pretrained(folder, safe_serialization=True)
    _write_marker(folder, TRANSLATE_BASE, note)


# ------------------------------------------------------------------------------------ summarizer


def build_summarize(folder: Path, lines: list[str], seed: int, shape: Shape = TINY_SHAPE,
                     vocab_size: int | None = None, max_positions: int = BART_MAX_POSITIONS,
                     note: str = _NOTE) -> None:
    """A BART checkpoint of `shape`; `vocab_size` pads the BPE vocabulary with dummy tokens (never
    produced by the merges) up to the real model's size."""
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers
    from transformers import (
        BartConfig,
        BartForConditionalGeneration,
        GenerationConfig,
        PreTrainedTokenizerFast,
    )

    folder.mkdir(parents=True)
    specials = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]  # ids 0..4 (BART: <s> 0, <pad> 1, </s> 2, <unk> 3)
    bpe = Tokenizer(models.BPE(unk_token=None, continuing_subword_prefix="", end_of_word_suffix="", fuse_unk=False))
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=BPE_VOCAB_SIZE,
        min_frequency=2,
        special_tokens=specials,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    bpe.train_from_iterator(lines, trainer=trainer)
    if vocab_size is not None and vocab_size > bpe.get_vocab_size():
        # Dummy vocabulary entries no merge ever produces: the model gets the real vocabulary size.
        data = json.loads(bpe.to_str())
        vocab = data["model"]["vocab"]
        for i in range(vocab_size - len(vocab)):
            vocab[f"<dummy_{i}>"] = len(vocab)
        bpe = Tokenizer.from_str(json.dumps(data))
    ids = {tok: bpe.token_to_id(tok) for tok in specials}
    bpe.post_processor = processors.RobertaProcessing(
        ("</s>", ids["</s>"]), ("<s>", ids["<s>"]), trim_offsets=True, add_prefix_space=False
    )

    # Wrap the trained tokenizers.Tokenizer and save it in the transformers layout (tokenizer.json +
    # tokenizer_config.json). With model_type "bart" in config.json, AutoTokenizer resolves it to the
    # BART tokenizer class (RobertaTokenizer in transformers 5), which loads tokenizer.json.
    wrapped = PreTrainedTokenizerFast(
        tokenizer_object=bpe,
        bos_token="<s>",
        eos_token="</s>",
        sep_token="</s>",
        cls_token="<s>",
        unk_token="<unk>",
        pad_token="<pad>",
        mask_token="<mask>",
        model_max_length=max_positions,
    )
    wrapped.save_pretrained(folder)
    _patch_json(
        folder / "tokenizer_config.json",
        tokenizer_class="BartTokenizer",
        add_prefix_space=False,
        trim_offsets=True,
        errors="replace",
        model_max_length=max_positions,
    )

    config = BartConfig(
        vocab_size=bpe.get_vocab_size(),
        **shape.config_kwargs(),
        activation_function="gelu",
        max_position_embeddings=max_positions,
        scale_embedding=False,
        bos_token_id=ids["<s>"],
        pad_token_id=ids["<pad>"],
        eos_token_id=ids["</s>"],
        decoder_start_token_id=ids["</s>"],
        forced_bos_token_id=ids["<s>"],
        forced_eos_token_id=ids["</s>"],
        tie_word_embeddings=True,
        architectures=["BartForConditionalGeneration"],
    )
    torch.manual_seed(seed)
    model = BartForConditionalGeneration(config).eval()
    _suppress_dummies(model, [i for tok, i in bpe.get_vocab().items() if tok.startswith("<dummy_")])
    model.generation_config = GenerationConfig(
        num_beams=1,  # real: 4 (with length_penalty 2.0, no_repeat_ngram_size 3, min_length 56)
        max_length=142,  # as the real summarization default
        bos_token_id=ids["<s>"],
        pad_token_id=ids["<pad>"],
        eos_token_id=ids["</s>"],
        decoder_start_token_id=ids["</s>"],
        forced_bos_token_id=ids["<s>"],
        forced_eos_token_id=ids["</s>"],
    )
    model.save_pretrained(folder, safe_serialization=True)
    _write_marker(folder, SUMMARIZE_BASE, note)


# --------------------------------------------------------------------------------------- helpers


def _build_classify(folder: Path, lines: list[str], seed: int) -> None:
    """A tiny NLI sequence classifier (BERT architecture, labels entailment/neutral/contradiction)
    with a WordPiece tokenizer built from the corpus: the zero-shot classifier's test double."""
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
    from transformers import BertConfig, BertForSequenceClassification, PreTrainedTokenizerFast

    folder.mkdir(parents=True)
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    # A deterministic WordPiece vocabulary (the trainer orders ties by hash): every character, as a
    # word start and as a continuation, plus the corpus's most frequent words (ties alphabetical).
    words = Counter(w for line in lines for w in re.findall(r"\w+|[^\w\s]", line.lower()))
    chars = sorted({c for w in words for c in w})
    frequent = [w for w, _ in sorted(words.items(), key=lambda item: (-item[1], item[0])) if len(w) > 1]
    vocab_list = specials + chars + [f"##{c}" for c in chars]
    vocab_list += frequent[: max(0, BPE_VOCAB_SIZE - len(vocab_list))]
    wordpiece = Tokenizer(models.WordPiece({tok: i for i, tok in enumerate(vocab_list)}, unk_token="[UNK]"))
    wordpiece.normalizer = normalizers.BertNormalizer(lowercase=True)
    wordpiece.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    wordpiece.decoder = decoders.WordPiece()
    cls, sep = wordpiece.token_to_id("[CLS]"), wordpiece.token_to_id("[SEP]")
    wordpiece.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1", special_tokens=[("[CLS]", cls), ("[SEP]", sep)])
    PreTrainedTokenizerFast(tokenizer_object=wordpiece, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]",
                            sep_token="[SEP]", mask_token="[MASK]",
                            model_max_length=NLI_MAX_POSITIONS).save_pretrained(folder)
    labels = {0: "entailment", 1: "neutral", 2: "contradiction"}
    config = BertConfig(vocab_size=wordpiece.get_vocab_size(), hidden_size=32, num_hidden_layers=2,
                        num_attention_heads=2, intermediate_size=64, max_position_embeddings=NLI_MAX_POSITIONS,
                        pad_token_id=wordpiece.token_to_id("[PAD]"), id2label=labels,
                        label2id={v: k for k, v in labels.items()})
    BertForSequenceClassification(config).save_pretrained(folder)
    _write_marker(folder, CLASSIFY_BASE)


def _suppress_dummies(model: Any, ids: list[int]) -> None:
    """Padding tokens of a full-size vocabulary are never generated (a large negative output bias,
    which both engines apply), so outputs are real pieces; the projection still spans the vocabulary."""
    if ids:
        import torch

        with torch.no_grad():
            model.final_logits_bias[0, torch.tensor(ids)] = -100.0


def _patch_json(path: Path, **updates: Any) -> None:
    data = json.loads(path.read_text("utf-8"))
    data.update(updates)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", "utf-8")


def _write_marker(folder: Path, base: str, note: str = _NOTE) -> None:
    marker = {"tiny": True, "note": note, "base_architecture": base}
    (folder / TINY_MARKER).write_text(json.dumps(marker, indent=2) + "\n", "utf-8")


def _replace_dir(new: Path, target: Path) -> None:
    """Move ``new`` to ``target``, replacing any old ``target``.

    POSIX cannot rename over a non-empty directory, so the old folder is first renamed aside (a
    rename within one filesystem is atomic), then the new one renamed into place, then the old one
    deleted: ``target`` is never a half-written build, only briefly absent.
    """
    old = None
    if target.exists() or target.is_symlink():
        old = target.with_name(f".{target.name}.old-{os.getpid()}-{time.monotonic_ns()}")
        os.replace(target, old)
    os.replace(new, target)
    if old is not None:
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink(missing_ok=True)


# ------------------------------------------------------------------------------------------ API


def build_tiny_models(out_dir: Path, corpus_files: list[Path], seed: int = 0,
                      ctranslate2: bool = True) -> dict[str, Path]:
    """Build the tiny checkpoints under ``out_dir``; returns {"translate", "summarize", "classify": path}.

    Each folder also gets its CTranslate2 conversion in ``ctranslate2/`` (unless ``ctranslate2`` is
    False), so both backends can be tested. Idempotent: each folder is built in a temporary folder
    inside ``out_dir`` and then renamed over the previous build. Deterministic for a given corpus
    and ``seed``.
    """
    import torch

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    lines = read_corpus(corpus_files)
    if not lines:
        raise ValueError(f"no readable text in corpus files: {[str(p) for p in corpus_files]}")
    log.info("tiny models: corpus of %d lines, %d chars", len(lines), sum(map(len, lines)))

    random.seed(seed)
    torch.manual_seed(seed)
    targets = {"translate": out_dir / TRANSLATE_DIRNAME, "summarize": out_dir / SUMMARIZE_DIRNAME,
               "classify": out_dir / CLASSIFY_DIRNAME}
    builders = {"translate": build_translate, "summarize": build_summarize, "classify": _build_classify}
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".tiny-build-") as tmp:
        staged = {key: Path(tmp) / target.name for key, target in targets.items()}
        for key in targets:  # build everything first: a failed build leaves the old folders alone
            builders[key](staged[key], lines, seed)
            if ctranslate2 and key != "classify":  # the classifier runs on transformers only
                convert_ctranslate2(staged[key], staged[key] / CT2_SUBDIR)
        for key, target in targets.items():
            _replace_dir(staged[key], target)
            log.info("tiny models: wrote %s", target)
    log.info("tiny models: built in %.1f s", time.perf_counter() - t0)
    return targets


def default_corpus(root: Path = PROJECT_ROOT) -> list[Path]:
    return sorted((root / "data" / "kamerbrieven").glob("*.txt")) + sorted(
        (root / "data" / "references").glob("*.json")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.testing.tiny_models",
        description="Build tiny random-weight checkpoints (Marian nl-en, distilBART) for tests.",
    )
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "models" / "tiny", help="output folder")
    parser.add_argument(
        "--corpus",
        type=Path,
        nargs="+",
        default=None,
        help="text/JSON files to train the tokenizers on "
        "(default: data/kamerbrieven/*.txt and data/references/*.json)",
    )
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")

    corpus = args.corpus if args.corpus is not None else default_corpus()
    if not corpus:
        log.error("no corpus files found")
        return 2
    paths = build_tiny_models(args.out, corpus, seed=args.seed)
    print(f"tiny models written: translate={paths['translate']} summarize={paths['summarize']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
