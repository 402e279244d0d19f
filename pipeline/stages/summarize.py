"""Summarize: an abstractive English summary per section and one for the whole letter.

BART-style summarizers attend to at most ~1024 tokens and silently truncate beyond that, so text
is never handed over whole when it is longer: it is cut into chunks at paragraph (then sentence,
then word) boundaries, each chunk is summarized, and the chunk summaries are summarized again
until one summary remains. `Section.summary_chunks` records how many chunks a section needed.
The letter summary is made the same way from the section summaries.

Every summary then passes two guards against the source translation (the section's, or the whole
letter's for the letter summary), with the number/date normalisation and repetition detection of
pipeline.text (the same the translation's fidelity checks use):

- **faithfulness**: each summary sentence's numbers, amounts (``EUR 5 billion`` = ``5 billion
  euros``), percentages, dates, references and capitalised names must occur in the source; a
  sentence that fails is dropped (``SummaryGuard.dropped``);
- **degeneration**: a repetition loop, or a summary longer than its source.

A degenerate summary, or one whose every sentence was dropped, is generated once more with stricter
decoding (beams with ``no_repeat_ngram_size=3`` for a loop; greedy ↔ beams for unfaithfulness) when
the backend's decoding can be changed. If nothing faithful remains, the summary falls back to the
translation's first sentences (``fallback``: extractive); a repetition loop still left is shipped
with ``flag`` set and a warning. Per summary: ``Section.summary_guard`` and
``provenance.summary_guard.letter``; totals in ``provenance.summary_guard``.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from typing import Any

from pipeline.config import SummarizeConfig
from pipeline.document import Document, SummaryGuard, SummaryGuardTotals
from pipeline.text.facts import english_facts, missing_facts
from pipeline.text.months import ENGLISH_MONTH_NUMBERS, ENGLISH_WEEKDAYS
from pipeline.text.repetition import repetition_loop
from pipeline.text.sentences import ENGLISH_SENTENCE_END, english_sentences

log = logging.getLogger(__name__)


class Summarizer:
    """Batched abstractive summaries with a backend (pipeline/models/backends.py); long inputs are chunked,
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
        parts = ENGLISH_SENTENCE_END.split(text) if level == 0 else text.split()
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
        for start in range(0, len(order), self.cfg.texts_per_call):
            batch = order[start:start + self.cfg.texts_per_call]
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


# ---------------------------------------------------------------------------------------- guards

_NAME_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_CONNECTORS = {"of", "for", "and", "van", "der", "den", "de", "von"}
# Capitalised words that are not names: months, weekdays, currencies and "I".
_NOT_NAMES = ({m.capitalize() for m in ENGLISH_MONTH_NUMBERS if len(m) > 3} | {d.capitalize() for d in ENGLISH_WEEKDAYS}
              | {"May", "I", "EUR", "USD", "GBP", "Euro", "Euros"})
_EXTRACTIVE_SENTENCES = 2


def _word(w: str) -> str:
    return re.sub(r"['’]s?$", "", w)


def _is_name(w: str) -> bool:
    return w[:1].isupper() and _word(w) not in _NOT_NAMES


def summary_names(sentence: str) -> list[list[str]]:
    """Capitalised names in an English sentence, each as alternatives of which one must be in the
    source: the whole name with its connectors ("House of Representatives"), or each of its runs of
    capitalised words (joined by NUL: all must be present). The sentence's first word is not taken
    as a name on its own ("In Brussels" needs "Brussels")."""
    tokens = [(m.start(), m.end(), m.group()) for m in _NAME_WORD.finditer(sentence)]

    def joined(j: int) -> bool:  # only whitespace between token j - 1 and token j
        return not sentence[tokens[j - 1][1]:tokens[j][0]].strip()

    names: list[list[str]] = []
    i = 0
    while i < len(tokens):
        if not _is_name(tokens[i][2]):
            i += 1
            continue
        runs, j = [[_word(tokens[i][2])]], i + 1
        while j < len(tokens) and joined(j) and _word(tokens[j - 1][2]) == tokens[j - 1][2]:  # possessive ends it
            w = tokens[j][2]
            if _is_name(w):
                runs[-1].append(_word(w))
            elif w in _CONNECTORS and j + 1 < len(tokens) and joined(j + 1) and _is_name(tokens[j + 1][2]):
                runs.append([])
            else:
                break
            j += 1
        whole = _word(sentence[tokens[i][0]:tokens[j - 1][1]])
        if i == 0:
            runs[0] = runs[0][1:]
            runs = [r for r in runs if r]
            if runs:
                names.append([whole, "\0".join(" ".join(r) for r in runs)])
        else:
            names.append([whole] + (["\0".join(" ".join(r) for r in runs)] if len(runs) > 1 else []))
        i = j
    return names


def _present(phrase: str, source_low: str) -> bool:
    if "\0" in phrase:  # each run must be present
        return all(_present(p, source_low) for p in phrase.split("\0"))
    pattern = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in phrase.lower().split()) + r"(?!\w)"
    if re.search(pattern, source_low):
        return True
    parts = phrase.split("-")
    return len(parts) > 1 and all(p and _present(p, source_low) for p in parts)


def untraceable(sentence: str, source: str) -> list[str]:
    """What in a summary `sentence` cannot be traced to the English `source`: numbers, amounts,
    percentages, dates, months and references (pipeline.text.facts), and names."""
    out = [f"{f.kind} '{f.text}'" for f in missing_facts(english_facts(sentence), source)]
    low = source.lower()
    out += [f"name '{alts[0]}'" for alts in summary_names(sentence) if not any(_present(a, low) for a in alts)]
    return out


def degenerate(summary: str, source: str) -> str | None:
    """'repetition: …' (pipeline.text.repetition.repetition_loop) or 'runaway length: …' (longer than the
    source), else None."""
    loop = repetition_loop(summary, source)
    if loop:
        return f"repetition: {loop}"
    if len(summary.strip()) > len(" ".join(source.split())):
        return f"runaway length: {len(summary.strip())} characters for a {len(' '.join(source.split()))}-character source"
    return None


def extractive(source: str) -> str:
    return " ".join(english_sentences(source)[:_EXTRACTIVE_SENTENCES])


def _faithful(summary: str, source: str) -> tuple[str, int]:
    """The summary without its untraceable sentences, and how many were dropped."""
    parts = english_sentences(summary)
    kept = [x for x in parts if not untraceable(x, source)]
    return " ".join(kept), len(parts) - len(kept)


def guard_summaries(summarizer: Summarizer, items: list[tuple[list[str], str, str]], min_tokens: int,
                    max_tokens: int) -> list[tuple[str, SummaryGuard]]:
    """Guarded summaries of `items` ((model input paragraphs, source translation, summary)): see the
    module docstring."""
    first = []
    retry: dict[str, list[int]] = {"loop": [], "strict": []}
    guards = [SummaryGuard() for _ in items]
    for n, (_, source, summary) in enumerate(items):
        problem = degenerate(summary, source)
        kept, dropped = _faithful(summary, source)
        first.append(kept)
        if problem:
            retry["loop"].append(n)
        else:
            guards[n].dropped = dropped
            if not kept:
                retry["strict"].append(n)
    final = dict(enumerate(first))
    # summarize.regenerate false: no second generation pass; a failing summary goes straight to the
    # extractive fallback (faster, e.g. for large batches; the benchmark's random weights fail always).
    decoding = summarizer.backend.decoding if summarizer.cfg.regenerate else None
    for kind, todo in retry.items():
        if not todo or decoding is None:
            continue
        stricter = ({"num_beams": max(decoding.num_beams, 4), "no_repeat_ngram_size": 3} if kind == "loop"
                    else {"num_beams": 1 if decoding.num_beams > 1 else 4,
                          "no_repeat_ngram_size": max(decoding.no_repeat_ngram_size, 3)})
        again = Summarizer(summarizer.backend.with_decoding(**stricter), summarizer.cfg)
        outs = again.summarize_many([items[n][0] for n in todo], min_tokens, max_tokens)
        for n, (summary, _) in zip(todo, outs):
            kept, dropped = _faithful(summary, items[n][1])
            guards[n].regenerated = True
            guards[n].dropped += dropped
            final[n] = kept
    out = []
    for n, (_, source, _) in enumerate(items):
        text = final[n]
        problem = degenerate(text, source) if text else None
        if not text or (problem and problem.startswith("runaway")):
            text, guards[n].fallback = extractive(source), True
        elif problem:
            guards[n].flag = problem
        out.append((text, guards[n]))
    return out


def summarize_document(doc: Document, summarizer: Summarizer) -> Document:
    """Fill section summaries (from the English translation) and the letter summary."""
    cfg = summarizer.cfg
    sections = [s for s in doc.sections if s.paragraphs and s.text_en and s.text_en.strip()]
    inputs = [[p.text_en or "" for p in s.paragraphs] for s in sections]
    results = summarizer.summarize_many(inputs, cfg.section_min_tokens, cfg.section_max_tokens)
    guarded = guard_summaries(summarizer, [(par, s.text_en or "", summary) for par, s, (summary, _)
                                           in zip(inputs, sections, results)],
                              cfg.section_min_tokens, cfg.section_max_tokens)
    totals = SummaryGuardTotals()
    for section, (_, chunks), (summary, guard) in zip(sections, results, guarded):
        section.summary_en = summary
        section.summary_chunks = chunks
        section.summary_guard = guard
        _tally(doc, totals, guard, f"section {section.id}")
    section_summaries = [s.summary_en for s in sections if s.summary_en]
    if section_summaries:
        [(summary, _)] = summarizer.summarize_many([section_summaries], cfg.letter_min_tokens,
                                                   cfg.letter_max_tokens)
        letter_source = "\n\n".join(s.text_en or "" for s in sections)
        [(doc.summary_en, totals.letter)] = guard_summaries(
            summarizer, [(section_summaries, letter_source, summary)], cfg.letter_min_tokens, cfg.letter_max_tokens)
        _tally(doc, totals, totals.letter, "letter")
    doc.provenance.summary_guard = totals
    doc.provenance.models["summarize"] = summarizer.info
    doc.provenance.summary_chunked_sections = sum(1 for s in sections if (s.summary_chunks or 0) > 1)
    return doc


def _tally(doc: Document, totals: SummaryGuardTotals, guard: SummaryGuard, label: str) -> None:
    totals.dropped += guard.dropped
    totals.regenerated += guard.regenerated
    totals.fallbacks += guard.fallback
    totals.flagged += guard.flag is not None
    if guard.flag:
        doc.warnings.append(f"Check the {label} summary: degenerate: {guard.flag}")
