"""Translate: Dutch → English with a MarianMT checkpoint, sentence by sentence, batched.

OPUS-MT models are trained on single sentences and drop text from multi-sentence input, so every
sentence, heading and footnote is translated on its own. Nothing is truncated: a sentence longer
than `max_input_tokens` is split at clause boundaries (; : , – and finally the middle space), the
parts are translated and rejoined, and the number of such splits is recorded in the provenance.

:class:`Translator` owns the work around the model: splitting, dedupe (a string repeated within or
across letters is translated once per process), the persistent cache (pipeline/models/cache.py),
length-sorted batching under a token budget, and restoring the input order. The model call itself is
a backend's `translate_batch` (pipeline/models/backends.py: transformers or CTranslate2).
"""

from __future__ import annotations

import logging
import re
from collections import OrderedDict
from pathlib import Path
from typing import Any

from pipeline.models.cache import TranslationCache, namespace
from pipeline.models.resolution import fingerprint
from pipeline.config import TranslateConfig
from pipeline.document import Document
from pipeline.text.sentences import clause_cut

log = logging.getLogger(__name__)

_URL_ONLY = re.compile(r"^\s*(https?://|www\.)\S+\s*$")
# Translations kept in memory: repeats within a letter and across the letters just before it
# (salutations, boilerplate). Small on purpose: memory must not grow with the batch (make
# bench-batch), and the SQLite cache serves repeats from further back.
_MEMO_SIZE = 2_000


class Translator:
    """Translate independent strings with a backend; output order is input order."""

    def __init__(self, backend: Any, cfg: TranslateConfig, cache: TranslationCache | None = None) -> None:
        self.backend = backend
        self.cfg = cfg
        self.info = backend.info
        self.cache = cache
        # Leave room for </s>; never exceed what the model can attend to.
        self.max_input_tokens = max(8, min(cfg.max_input_tokens, backend.position_limit - 2))
        self.long_sentence_splits = 0
        self.stats = {"pieces": 0, "memo_hits": 0, "cache_hits": 0, "translated": 0, "batches": 0}
        self._memo: OrderedDict[str, str] = OrderedDict()
        self.namespace = self._namespace()

    def _namespace(self) -> str:
        """Cache namespace: model identity + backend + compute type + decoding settings."""
        path = Path(self.info.path) if self.info.path else None
        return namespace(model=self.info.id, revision=self.info.revision,
                         checkpoint=fingerprint(path) if path and path.is_dir() else None,
                         max_length_ratio=self.cfg.max_length_ratio, **self.backend.settings())

    def _length(self, text: str) -> int:
        """Tokens in `text`, without special tokens."""
        return self.backend.token_counts([text])[0]

    def _split_long(self, text: str) -> list[str]:
        """Split `text` into pieces that each fit the model, preferring clause boundaries."""
        if self._length(text) <= self.max_input_tokens:
            return [text]
        cut = clause_cut(text)
        if cut is None:  # a single enormous "word": split by characters
            cut = len(text) // 2
        left, right = text[:cut].strip(), text[cut:].strip()
        if not left or not right:
            return [text]
        return self._split_long(left) + self._split_long(right)

    def translate(self, texts: list[str], progress: bool = False) -> list[str]:
        unique = list(dict.fromkeys(t for t in texts if t.strip()))
        parts_of: dict[str, list[str]] = {}
        for text, n in zip(unique, self.backend.token_counts(unique)):
            if _URL_ONLY.match(text) or n <= self.max_input_tokens:
                parts_of[text] = [text]
                continue
            parts = self._split_long(text)
            if len(parts) > 1:
                self.long_sentence_splits += 1
                log.info("split a %d-piece long sentence: %.60s…", len(parts), text)
            parts_of[text] = parts
        pieces = list(dict.fromkeys(p for parts in parts_of.values() for p in parts))
        english = self.translate_pieces(pieces, progress)
        result = {text: " ".join(english[p] for p in parts).strip() for text, parts in parts_of.items()}
        return [result.get(t, t) for t in texts]

    def translate_pieces(self, pieces: list[str], progress: bool = False) -> dict[str, str]:
        """Translations of distinct pieces that each fit the model: memo, then cache, then backend."""
        self.stats["pieces"] += len(pieces)
        done: dict[str, str] = {}
        for p in pieces:
            if _URL_ONLY.match(p):
                done[p] = p  # a bare URL has nothing to translate
            elif p in self._memo:
                self._memo.move_to_end(p)
                done[p] = self._memo[p]
                self.stats["memo_hits"] += 1
        todo = [p for p in pieces if p not in done]
        if todo and self.cache is not None:
            cached = self.cache.get_many(self.namespace, todo)
            self.stats["cache_hits"] += len(cached)
            self._remember(cached)
            done.update(cached)
            todo = [p for p in todo if p not in cached]
        if todo:
            done.update(self._run_backend(todo, progress))
        return done

    def plan_batches(self, lengths: list[int]) -> list[list[int]]:
        return plan_batches(lengths, self.cfg.sentences_per_call, self.cfg.max_batch_tokens)

    def max_new_tokens(self, longest: int) -> int:
        """Decoding budget of a call whose longest input has `longest` tokens (</s> included)."""
        return int(self.cfg.max_length_ratio * longest) + 10

    def _run_backend(self, todo: list[str], progress: bool) -> dict[str, str]:
        from tqdm.auto import tqdm

        lengths = self.backend.token_counts(todo)
        out: dict[str, str] = {}
        bar = tqdm(total=len(todo), desc="translate", unit="sent", disable=not progress, leave=False)
        for batch in self.plan_batches(lengths):
            texts = [todo[i] for i in batch]
            longest = max(lengths[i] for i in batch) + 1
            english = self.backend.translate_batch(texts, max_new_tokens=self.max_new_tokens(longest))
            new = {src: tgt.strip() for src, tgt in zip(texts, english)}
            out.update(new)
            self._remember(new)
            if self.cache is not None:  # per call: an interrupted run keeps what it did
                self.cache.put_many(self.namespace, new)
            self.stats["translated"] += len(batch)
            self.stats["batches"] += 1
            bar.update(len(batch))
        bar.close()
        return out

    def _remember(self, pairs: dict[str, str]) -> None:
        self._memo.update(pairs)
        while len(self._memo) > _MEMO_SIZE:
            self._memo.popitem(last=False)


def plan_batches(lengths: list[int], batch_size: int, max_batch_tokens: int) -> list[list[int]]:
    """Indices (of inputs with `lengths` tokens, </s> not counted) grouped into model calls: sorted
    by length (least padding), each call holding at most `batch_size` inputs and `max_batch_tokens`
    padded source tokens; an input longer than the budget runs alone."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    batches: list[list[int]] = []
    current: list[int] = []
    for i in order:  # ascending: the newcomer is the batch's longest
        if current and (len(current) >= batch_size or (len(current) + 1) * (lengths[i] + 1) > max_batch_tokens):
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches


def translate_document(doc: Document, translator: Translator, progress: bool = False) -> Document:
    """Fill title_en, heading_en, paragraph sentences_en/text_en and footnote text_en."""
    texts: list[str] = [doc.metadata.title] if doc.metadata.title else []
    for section in doc.sections:
        if section.heading:
            texts.append(section.heading)
        for paragraph in section.paragraphs:
            texts.extend(paragraph.sentences)
    texts.extend(f.text for f in doc.footnotes)
    before = translator.long_sentence_splits
    english = dict(zip(texts, translator.translate(texts, progress=progress)))
    if doc.metadata.title:
        doc.metadata.title_en = english[doc.metadata.title]
    for section in doc.sections:
        section.heading_en = english[section.heading] if section.heading else None
        for paragraph in section.paragraphs:
            paragraph.sentences_en = [english[s] for s in paragraph.sentences]
            paragraph.text_en = " ".join(paragraph.sentences_en)
    for footnote in doc.footnotes:
        footnote.text_en = english[footnote.text]
    doc.provenance.models["translate"] = translator.info
    doc.provenance.long_sentence_splits = translator.long_sentence_splits - before
    return doc
