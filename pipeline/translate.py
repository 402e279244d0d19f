"""Translate: Dutch → English with a MarianMT checkpoint, sentence by sentence, batched.

OPUS-MT models are trained on single sentences and drop text from multi-sentence input, so every
sentence, heading and footnote is translated on its own. Identical strings are translated once.
Nothing is truncated: a sentence longer than `max_input_tokens` is split at clause boundaries
(; : , – and finally the middle space), the parts are translated and rejoined, and the number of
such splits is recorded in the provenance.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from pipeline.config import TranslateConfig
from pipeline.document import Document, ModelInfo
from pipeline.models import Seq2SeqModel

log = logging.getLogger(__name__)

_URL_ONLY = re.compile(r"^\s*(https?://|www\.)\S+\s*$")
_CLAUSE_BREAKS = re.compile(r"(?<=[;:,–—)])\s+|\s+(?=[–—(])")


class MarianTranslator(Seq2SeqModel):
    """Batched Marian translation of independent strings; order of the input is preserved."""

    def __init__(self, model: Any, tokenizer: Any, cfg: TranslateConfig, info: ModelInfo) -> None:
        super().__init__(model, tokenizer, cfg, info)
        # Leave room for </s>; never exceed what the model can attend to.
        self.max_input_tokens = max(8, min(cfg.max_input_tokens, self.position_limit - 2))
        self.long_sentence_splits = 0

    def _split_long(self, text: str) -> list[str]:
        """Split `text` into pieces that each fit the model, preferring clause boundaries."""
        if self._length(text) <= self.max_input_tokens:
            return [text]
        cut = _best_cut(text)
        if cut is None:  # a single enormous "word": split by characters
            cut = len(text) // 2
        left, right = text[:cut].strip(), text[cut:].strip()
        if not left or not right:
            return [text]
        return self._split_long(left) + self._split_long(right)

    def translate(self, texts: list[str], progress: bool = False) -> list[str]:
        unique = list(dict.fromkeys(t for t in texts if t.strip()))
        pieces: list[str] = []
        owner: list[int] = []
        for i, text in enumerate(unique):
            parts = [text] if _URL_ONLY.match(text) else self._split_long(text)
            if len(parts) > 1:
                self.long_sentence_splits += 1
                log.info("split a %d-piece long sentence: %.60s…", len(parts), text)
            pieces.extend(parts)
            owner.extend([i] * len(parts))
        translated = self._translate_pieces(pieces, progress)
        joined: list[list[str]] = [[] for _ in unique]
        for i, out in zip(owner, translated):
            joined[i].append(out)
        result = {text: " ".join(parts).strip() for text, parts in zip(unique, joined)}
        return [result.get(t, t) for t in texts]

    def _translate_pieces(self, pieces: list[str], progress: bool) -> list[str]:
        import torch
        from tqdm.auto import tqdm

        outputs: list[str | None] = [None] * len(pieces)
        todo = [i for i, p in enumerate(pieces) if not _URL_ONLY.match(p)]
        for i, p in enumerate(pieces):
            if _URL_ONLY.match(p):
                outputs[i] = p  # a bare URL has nothing to translate
        # Length-sorted batches waste the least padding.
        todo.sort(key=lambda i: len(pieces[i]))
        bar = tqdm(total=len(todo), desc="translate", unit="sent", disable=not progress, leave=False)
        device = self.model.device
        for start in range(0, len(todo), self.cfg.batch_size):
            batch = todo[start:start + self.cfg.batch_size]
            enc = self.tokenizer([pieces[i] for i in batch], return_tensors="pt", padding=True)
            enc = {k: v.to(device) for k, v in enc.items()}
            longest = int(enc["attention_mask"].sum(dim=1).max())
            with torch.inference_mode():
                generated = self.model.generate(
                    **enc, num_beams=self.cfg.num_beams, max_length=None,  # checkpoint's max_length must not cap
                    max_new_tokens=int(self.cfg.max_length_ratio * longest) + 10)
            for i, text in zip(batch, self.tokenizer.batch_decode(generated, skip_special_tokens=True)):
                outputs[i] = text.strip()
            bar.update(len(batch))
        bar.close()
        return [o if o is not None else "" for o in outputs]


def _best_cut(text: str) -> int | None:
    """Character offset of the clause boundary nearest the middle, else the middle space."""
    middle = len(text) / 2
    cuts = [m.start() for m in _CLAUSE_BREAKS.finditer(text)]
    if not cuts:
        cuts = [m.start() for m in re.finditer(r"\s+", text)]
    return min(cuts, key=lambda c: abs(c - middle)) if cuts else None


def translate_document(doc: Document, translator: MarianTranslator, progress: bool = False) -> Document:
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
    if "translate" not in doc.provenance.stages:
        doc.provenance.stages.append("translate")
    return doc
