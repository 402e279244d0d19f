"""Inference backends: one small interface over two engines, for the translate and summarize stages.

A backend turns a batch of strings into a batch of strings with one loaded seq2seq model and the
checkpoint's own tokenizer; the stages (pipeline/stages/translate/translator.py, pipeline/stages/summarize.py) own
everything else — splitting, dedupe, caching, batching. Two implementations:

* :class:`TransformersBackend` — the checkpoint on torch (``model.generate``), GPU when present.
* :class:`CTranslate2Backend` — a CTranslate2 conversion of the same checkpoint (int8 on CPU,
  float16 on GPU). Tokenizes with the checkpoint's tokenizer; imports no torch.

Backends are built by :func:`pipeline.models.loading.load_backend` (the registry of engines keyed by
the config value). This module imports neither torch nor ctranslate2.
"""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass, replace
from typing import Any

from pipeline.config import SummarizeConfig
from pipeline.document import ModelInfo


@dataclass(frozen=True)
class Decoding:
    """Decoding settings a backend applies to every call (part of the translation cache key)."""

    num_beams: int
    length_penalty: float | None = None  # None: the checkpoint's default (1.0)
    no_repeat_ngram_size: int = 0
    early_stopping: bool | None = None  # transformers only; CTranslate2 stops when the best beam ends

    @classmethod
    def of(cls, cfg: Any) -> Decoding:
        """Settings from a TranslateConfig or SummarizeConfig."""
        if isinstance(cfg, SummarizeConfig):
            return cls(cfg.num_beams, cfg.length_penalty, cfg.no_repeat_ngram_size, early_stopping=True)
        return cls(cfg.num_beams)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class Backend:
    """What a stage needs from an engine.

    ``translate_batch(texts, min_new_tokens=, max_new_tokens=)`` returns one output per input, in
    order; the length limits apply to the whole call (a batch decodes at most as long as its
    longest row needs). ``token_counts`` uses the checkpoint's tokenizer (no special tokens).
    ``info`` is the provenance; ``settings()`` identifies everything that changes the output.
    ``decoding`` is what every call applies (None for an engine whose decoding cannot be changed);
    ``with_decoding(**settings)`` is this backend decoding otherwise (the stages' retries), and a
    wrapper (pipeline/models/deadline.py) forwards it.
    """

    name = "abstract"

    def __init__(self, tokenizer: Any, decoding: Decoding, info: ModelInfo, position_limit: int) -> None:
        self.tokenizer = tokenizer
        self.decoding = decoding
        self.info = info
        # The model attends to at most this many positions (special tokens included).
        self.position_limit = position_limit
        self.calls = 0  # model calls made
        self.generated_tokens = 0  # decoder steps taken, summed over rows (benchmarks)

    def token_counts(self, texts: list[str]) -> list[int]:
        if not texts:
            return []
        return [len(ids) for ids in self.tokenizer(list(texts), add_special_tokens=False)["input_ids"]]

    def settings(self) -> dict[str, Any]:
        return {"backend": self.name, "compute_type": self.info.compute_type, "device": self.info.device,
                "decoding": self.decoding.as_dict()}

    def with_decoding(self, **settings: Any) -> Backend:
        """A copy of this backend decoding with `settings` (fields of :class:`Decoding`) changed; the
        loaded model and tokenizer are shared, this backend is left as it is."""
        clone = copy.copy(self)
        clone.decoding = replace(self.decoding, **settings)
        return clone

    def translate_batch(self, texts: list[str], *, min_new_tokens: int = 0,
                        max_new_tokens: int = 256) -> list[str]:
        raise NotImplementedError

    def new_token_limits(self, min_new_tokens: int, max_new_tokens: int) -> tuple[int, int]:
        """The decoding budget cut to what the decoder can place: its first position holds the start
        token, so at most `position_limit - 1` new tokens fit (Marian and BART have 512 positions; a
        long sentence times `max_length_ratio` would ask for more and crash the model)."""
        upper = max(1, min(max_new_tokens, self.position_limit - 1))
        return min(min_new_tokens, upper), upper

    def _decode(self, ids: list[list[int]]) -> list[str]:
        return [" ".join(t.split()) for t in self.tokenizer.batch_decode(ids, skip_special_tokens=True)]


class TransformersBackend(Backend):
    name = "transformers"

    def __init__(self, model: Any, tokenizer: Any, decoding: Decoding, info: ModelInfo) -> None:
        limit = min(getattr(model.config, "max_position_embeddings", None) or 10**9,
                    getattr(tokenizer, "model_max_length", None) or 10**9)
        super().__init__(tokenizer, decoding, info, limit)
        self.model = model

    def translate_batch(self, texts: list[str], *, min_new_tokens: int = 0,
                        max_new_tokens: int = 256) -> list[str]:
        import torch

        if not texts:
            return []
        enc = self.tokenizer(list(texts), return_tensors="pt", padding=True, truncation=True,
                             max_length=self.position_limit)
        enc = {k: v.to(self.model.device) for k, v in enc.items()}
        min_new_tokens, max_new_tokens = self.new_token_limits(min_new_tokens, max_new_tokens)
        d = self.decoding
        kwargs: dict[str, Any] = {"num_beams": d.num_beams, "max_new_tokens": max_new_tokens,
                                  "max_length": None}  # the checkpoint's max_length must not cap
        if min_new_tokens:
            kwargs["min_new_tokens"] = min_new_tokens
        if d.length_penalty is not None:
            kwargs["length_penalty"] = d.length_penalty
        if d.no_repeat_ngram_size:
            kwargs["no_repeat_ngram_size"] = d.no_repeat_ngram_size
        if d.early_stopping is not None:
            kwargs["early_stopping"] = d.early_stopping
        with torch.inference_mode():
            generated = self.model.generate(**enc, **kwargs)
        self.calls += 1
        pad = self.model.generation_config.pad_token_id
        # Column 0 is the decoder start token; padding follows a finished row.
        self.generated_tokens += int((generated[:, 1:] != pad).sum()) if pad is not None else \
            int(generated[:, 1:].numel())
        return self._decode(generated.tolist())


class CTranslate2Backend(Backend):
    name = "ctranslate2"

    def __init__(self, translator: Any, tokenizer: Any, decoding: Decoding, info: ModelInfo,
                 position_limit: int, target_prefix: list[str] | None = None) -> None:
        super().__init__(tokenizer, decoding, info, position_limit)
        self.translator = translator
        # Tokens the checkpoint forces at the start of every output (BART: <s>), as transformers does.
        self.target_prefix = target_prefix

    def tokenize(self, texts: list[str]) -> list[list[str]]:
        """Source tokens as CTranslate2 takes them (special tokens included)."""
        ids = self.tokenizer(list(texts), truncation=True, max_length=self.position_limit)["input_ids"]
        return [self.tokenizer.convert_ids_to_tokens(row) for row in ids]

    def translate_tokens(self, tokens: list[list[str]], *, min_new_tokens: int = 0,
                         max_new_tokens: int = 256) -> list[list[str]]:
        """The raw engine call on pre-tokenized input (also what the benchmark times)."""
        min_new_tokens, max_new_tokens = self.new_token_limits(min_new_tokens, max_new_tokens)
        d = self.decoding
        results = self.translator.translate_batch(
            tokens,
            target_prefix=[list(self.target_prefix) for _ in tokens] if self.target_prefix else None,
            beam_size=d.num_beams,
            length_penalty=1.0 if d.length_penalty is None else d.length_penalty,
            no_repeat_ngram_size=d.no_repeat_ngram_size,
            # Both count a forced first token (BART's <s>) among the new tokens: same limits.
            max_decoding_length=max_new_tokens,
            min_decoding_length=max(1, min_new_tokens),
            max_input_length=0,  # inputs are already cut to the model's limit
            max_batch_size=0,  # the caller batches
        )
        self.calls += 1
        hypotheses = [r.hypotheses[0] for r in results]
        self.generated_tokens += sum(len(h) for h in hypotheses)
        return hypotheses

    def translate_batch(self, texts: list[str], *, min_new_tokens: int = 0,
                        max_new_tokens: int = 256) -> list[str]:
        if not texts:
            return []
        hyps = self.translate_tokens(self.tokenize(texts), min_new_tokens=min_new_tokens,
                                     max_new_tokens=max_new_tokens)
        return self._decode([self.tokenizer.convert_tokens_to_ids(h) for h in hyps])
