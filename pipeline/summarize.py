"""Summarize: an abstractive English summary per section and one for the whole letter.

BART-style summarizers attend to at most ~1024 tokens and silently truncate beyond that, so text
is never handed over whole when it is longer: it is cut into chunks at paragraph (then sentence,
then word) boundaries, each chunk is summarized, and the chunk summaries are summarized again
until one summary remains. `Section.summary_chunks` records how many chunks a section needed.
The letter summary is made the same way from the section summaries.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from typing import Any

from pipeline.config import SummarizeConfig
from pipeline.document import Document

log = logging.getLogger(__name__)

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


class Summarizer:
    """Batched abstractive summaries with a backend (pipeline/backends.py); long inputs are chunked,
    never truncated."""

    def __init__(self, backend: Any, cfg: SummarizeConfig) -> None:
        self.backend = backend
        self.cfg = cfg
        self.info = backend.info
        self.max_input_tokens = backend.position_limit - 4  # room for <s> and </s>

    def _length(self, text: str) -> int:
        """Tokens in `text`, without special tokens."""
        return self.backend.token_counts([text])[0]

    def chunk(self, paragraphs: list[str]) -> list[str]:
        """Group paragraphs into chunks that each fit the model, splitting finer only when needed."""
        units: list[str] = []
        for paragraph in paragraphs:
            units.extend(self._fit(paragraph, level=0))
        chunks: list[str] = []
        current: list[str] = []
        for unit in units:
            candidate = " ".join(current + [unit])
            if current and self._length(candidate) > self.max_input_tokens:
                chunks.append(" ".join(current))
                current = [unit]
            else:
                current.append(unit)
        if current:
            chunks.append(" ".join(current))
        return chunks

    def _fit(self, text: str, level: int) -> list[str]:
        if self._length(text) <= self.max_input_tokens:
            return [text]
        parts = _SENTENCE_END.split(text) if level == 0 else text.split()
        if len(parts) <= 1:
            words = text.split()
            if len(words) <= 1:  # one unbreakable token run: let the tokenizer cut it
                return [text]
            parts = [" ".join(words[: len(words) // 2]), " ".join(words[len(words) // 2:])]
            return [piece for part in parts for piece in self._fit(part, level + 1)]
        if level == 0:
            return [piece for part in parts for piece in self._fit(part, 1)]
        half = len(parts) // 2
        return self._fit(" ".join(parts[:half]), level + 1) + self._fit(" ".join(parts[half:]), level + 1)

    def generate(self, texts: list[str], min_tokens: int, max_tokens: int) -> list[str]:
        """Summaries of `texts` (each must fit the model), batched, order preserved."""
        lengths = self.backend.token_counts(texts)
        order = sorted(range(len(texts)), key=lambda i: lengths[i])
        out: list[str] = [""] * len(texts)
        for start in range(0, len(order), self.cfg.batch_size):
            batch = order[start:start + self.cfg.batch_size]
            shortest = min(lengths[i] for i in batch) + 2  # with <s> and </s>
            # A summary never needs to be longer than its input.
            max_new = max(4, min(max_tokens, shortest, self.max_input_tokens // 3))
            summaries = self.backend.translate_batch([texts[i] for i in batch], max_new_tokens=max_new,
                                                     min_new_tokens=min(min_tokens, max_new // 2))
            for i, text in zip(batch, summaries):
                out[i] = " ".join(text.split())
        return out

    def summarize_many(self, documents: list[list[str]], min_tokens: int, max_tokens: int
                       ) -> list[tuple[str, int]]:
        """Summary and first-round chunk count for each document (a list of paragraphs).

        Round by round, every pending chunk of every document is summarized in one batched pass;
        a document with several chunk summaries is re-chunked and goes round again. Summaries are
        at most a third of the model's input, so each round at least halves the chunk count.
        """
        pending = {d: self.chunk(p) for d, p in enumerate(documents) if any(x.strip() for x in p)}
        counts = {d: len(chunks) for d, chunks in pending.items()}
        done: dict[int, str] = {}
        while pending:
            flat = [(d, text) for d, chunks in pending.items() for text in chunks]
            summaries = self.generate([text for _, text in flat], min_tokens, max_tokens)
            grouped: dict[int, list[str]] = defaultdict(list)
            for (d, _), summary in zip(flat, summaries):
                grouped[d].append(summary)
            pending = {}
            for d, parts in grouped.items():
                if len(parts) == 1:
                    done[d] = parts[0]
                else:
                    pending[d] = self.chunk(parts)
        return [(done.get(d, ""), counts.get(d, 0)) for d in range(len(documents))]


def summarize_document(doc: Document, summarizer: Summarizer) -> Document:
    """Fill section summaries (from the English translation) and the letter summary."""
    cfg = summarizer.cfg
    sections = [s for s in doc.sections if s.paragraphs and s.text_en and s.text_en.strip()]
    results = summarizer.summarize_many([[p.text_en or "" for p in s.paragraphs] for s in sections],
                                        cfg.section_min_tokens, cfg.section_max_tokens)
    for section, (summary, chunks) in zip(sections, results):
        section.summary_en = summary
        section.summary_chunks = chunks
    section_summaries = [s.summary_en for s in sections if s.summary_en]
    if section_summaries:
        [(doc.summary_en, _)] = summarizer.summarize_many([section_summaries], cfg.letter_min_tokens,
                                                          cfg.letter_max_tokens)
    doc.provenance.models["summarize"] = summarizer.info
    doc.provenance.summary_chunked_sections = sum(1 for s in sections if (s.summary_chunks or 0) > 1)
    if "summarize" not in doc.provenance.stages:
        doc.provenance.stages.append("summarize")
    return doc
