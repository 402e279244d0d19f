"""Fidelity: glossary terms, numbers and references, and degenerate output, checked per sentence.

:class:`CheckedTranslator` wraps a :class:`pipeline.stages.translate.translator.Translator` (same ``translate`` and
``info`` interface, so :func:`pipeline.stages.translate.translator.translate_document` runs with either) and around
each string it translates:

1. **prepares** the model input: URLs and Kamerstuk references become placeholders (``ZX1QZ``, a
   token Marian copies), and in glossary mode ``protect`` so do the glossary's Dutch terms;
2. **finishes** the output: placeholders are restored (references verbatim, terms as their
   established English form, capitalised at sentence start); a lost placeholder sends the sentence
   back untouched (no placeholders) and it is repaired instead, with a glossary flag. Known wrong
   English variants of the source's terms are replaced (``repair``, both modes);
3. **verifies**: every source term's English form is present; every number, amount (``1,2
   miljard`` ↔ ``1.2 billion``), percentage, year, day+month date (``15 december`` ↔ ``15 December``
   / ``December 15``), month and reference is in the output; no repetition loop, and the length
   ratio (characters) is within ``translate.length_ratio_bounds``;
4. **retries once** a sentence with a lost number or degenerate output: with other decoding when
   the backend has a :class:`~pipeline.models.backends.Decoding` (greedy ↔ beam for numbers, beam with
   ``no_repeat_ngram_size=3`` for loops; cached under that decoding's own namespace), else split at
   the clause boundary nearest the middle. The retry is kept when it has fewer problems;
5. **flags** what is still wrong: ``Paragraph.flags`` in the Document, counts in
   ``provenance.fidelity`` (:func:`translate_document_checked`).

No model is needed here: everything is string work around the Translator's model calls.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from pipeline.config import TranslateConfig, read_side_file, resolve_path
from pipeline.document import Document, FidelitySummary, Flag
from pipeline.errors import ConfigError
from pipeline.stages.translate.translator import Translator, translate_document
from pipeline.text.facts import Fact, dutch_facts, missing_facts
from pipeline.text.references import reference_spans
from pipeline.text.repetition import repetition_loop
from pipeline.text.sentences import clause_cut

log = logging.getLogger(__name__)

# ---------------------------------------------------------------------------------------- glossary


@dataclass(frozen=True)
class Term:
    nl: str
    en: str
    variants: tuple[str, ...] = ()


class _GlossaryEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    nl: str
    en: str
    variants: list[str] | None = None


class _GlossaryFile(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    terms: list[_GlossaryEntry] | None = None


def load_glossary(path: str | Path | None) -> list[Term]:
    """Terms from a glossary YAML (``terms: [{nl, en, variants}]``); [] for None."""
    if path is None:
        return []
    data = read_side_file(resolve_path(str(path)), _GlossaryFile, key="translate.glossary", what="glossary",
                          stage="translate")
    return [Term(t.nl.strip(), t.en.strip(), tuple(t.variants or ())) for t in data.terms or []]


def _alternation(words: list[str]) -> str:
    """Regex matching any of `words` as whole words, longest first; inner spaces match any space."""
    parts = [r"\s+".join(re.escape(w) for w in word.split()) for word in sorted(set(words), key=len, reverse=True)]
    return r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])"


def _at_sentence_start(text: str, pos: int) -> bool:
    return not text[:pos].strip(" \"'“‘([")


def _cased(replacement: str, text: str, pos: int) -> str:
    return replacement[:1].upper() + replacement[1:] if _at_sentence_start(text, pos) else replacement


class Glossary:
    def __init__(self, terms: list[Term]) -> None:
        self.terms = terms
        self._by_nl = {t.nl.lower(): t for t in terms}
        self._source = re.compile(_alternation([t.nl for t in terms]), re.IGNORECASE) if terms else None

    def find(self, source: str) -> list[tuple[int, int, Term]]:
        """Spans of glossary terms in the Dutch `source`."""
        if self._source is None:
            return []
        return [(m.start(), m.end(), self._by_nl[" ".join(m.group().split()).lower()])
                for m in self._source.finditer(source)]

    @staticmethod
    def repair(text: str, terms: list[Term]) -> tuple[str, int]:
        """Replace the known wrong variants of `terms` in `text` by their established English form."""
        variants = {v.lower(): t for t in terms for v in t.variants if v.lower() != t.en.lower()}
        if not variants:
            return text, 0
        pattern = re.compile(_alternation(list(variants)), re.IGNORECASE)
        count = 0

        def sub(m: re.Match) -> str:
            nonlocal count
            count += 1
            return _cased(variants[" ".join(m.group().split()).lower()].en, m.string, m.start())

        return pattern.sub(sub, text), count

    @staticmethod
    def missing(text: str, terms: list[Term]) -> list[Term]:
        """Terms whose established English form is not in `text` (case-insensitive)."""
        low = " ".join(text.split()).lower()
        return [t for t in dict.fromkeys(terms) if not re.search(r"(?<!\w)" + re.escape(t.en.lower()), low)]


# ------------------------------------------------------------------------------- degenerate output


def length_problem(text: str, source: str, bounds: list[float], min_chars: int = 20) -> str | None:
    if len(source.strip()) < min_chars:
        return None
    ratio = len(text.strip()) / len(source.strip())
    if ratio < bounds[0] or ratio > bounds[-1]:
        return f"length ratio {ratio:.2f} outside {bounds[0]}–{bounds[-1]}"
    return None


# ------------------------------------------------------------------------------------ the checker

_PLACEHOLDER = re.compile(r"z\s?x\s?(\d+)\s?q\s?z", re.IGNORECASE)


def placeholder(n: int) -> str:
    return f"ZX{n}QZ"


@dataclass
class Prepared:
    source: str
    model_input: str
    slots: dict[int, tuple[str, str]]  # n -> (kind "reference" | "term", text to insert)
    terms: list[Term]  # glossary terms in the source
    facts: list[Fact]


@dataclass
class Checked:
    """One string's final translation and what the checks found."""

    text: str
    problems: list[tuple[str, str]] = field(default_factory=list)  # (kind, detail)
    repairs: int = 0
    inserted: int = 0
    fallback: bool = False
    retried: bool = False
    retry_fixed: bool = False


class CheckedTranslator:
    """A Translator with glossary, number and degeneration checks (see the module docstring)."""

    def __init__(self, translator: Any, cfg: TranslateConfig, glossary: list[Term] | None = None) -> None:
        self.translator = translator
        self.cfg = cfg
        self.mode = cfg.glossary_mode
        self.glossary = Glossary(load_glossary(cfg.glossary) if glossary is None else glossary)
        self.bounds = list(cfg.length_ratio_bounds)
        if len(self.bounds) != 2 or not 0 <= self.bounds[0] < self.bounds[1]:
            raise ConfigError(f"translate.length_ratio_bounds must be [low, high] with 0 <= low < high, "
                              f"got {self.bounds}", path="translate.length_ratio_bounds")
        self.results: dict[str, Checked] = {}  # the last call's results, by source string
        self._retry_translators: dict[Any, Any] = {}

    # Translator's interface, for translate_document
    @property
    def info(self) -> Any:
        return self.translator.info

    @property
    def long_sentence_splits(self) -> int:
        return self.translator.long_sentence_splits

    @property
    def stats(self) -> dict[str, int]:
        return self.translator.stats

    def prepare(self, source: str, protect_terms: bool) -> Prepared:
        spans: list[tuple[int, int, str, str]] = [(s, e, "reference", source[s:e]) for s, e in reference_spans(source)]
        found = self.glossary.find(source)
        if protect_terms:
            spans += [(s, e, "term", t.en) for s, e, t in found
                      if not any(a < e and s < b for a, b, *_ in spans)]
        spans.sort()
        slots: dict[int, tuple[str, str]] = {}
        pieces, last = [], 0
        for n, (s, e, kind, text) in enumerate(spans, 1):
            pieces += [source[last:s], placeholder(n)]
            slots[n] = (kind, text)
            last = e
        model_input = "".join(pieces) + source[last:]
        return Prepared(source, model_input, slots, [t for _, _, t in found], dutch_facts(source))

    def finish(self, prep: Prepared, output: str) -> Checked | None:
        """The checked translation from the model's `output`; None when a placeholder was lost."""
        found = [(m, int(m[1])) for m in _PLACEHOLDER.finditer(output)]
        if {n for _, n in found} != set(prep.slots):
            return None
        inserted = 0
        text = output
        for m, n in reversed(found):
            kind, value = prep.slots[n]
            if kind == "term":
                value = _cased(value, text, m.start())
                inserted += 1
            text = text[:m.start()] + value + text[m.end():]
        text, repairs = Glossary.repair(text, prep.terms)
        result = Checked(text, repairs=repairs, inserted=inserted)
        result.problems = self.problems(prep, text)
        return result

    def problems(self, prep: Prepared, text: str) -> list[tuple[str, str]]:
        out = [("glossary", f"'{t.nl}' should read '{t.en}'") for t in Glossary.missing(text, prep.terms)]
        out += [("number", f"{f.kind} '{f.text}' not found in the translation")
                for f in missing_facts(prep.facts, text)]
        for problem in (repetition_loop(text, prep.source), length_problem(text, prep.source, self.bounds)):
            if problem:
                out.append(("degenerate", problem))
        return out

    def translate(self, texts: list[str], progress: bool = False) -> list[str]:
        """Checked translations of `texts` (output order = input order); details in self.results."""
        unique = list(dict.fromkeys(t for t in texts if t.strip()))
        protect = self.mode == "protect"
        preps = {t: self.prepare(t, protect) for t in unique}
        # Nothing but placeholders (a bare URL or reference): nothing for the model to translate.
        to_model = [t for t in unique if re.search(r"[^\W\d_]", _PLACEHOLDER.sub("", preps[t].model_input))]
        raw = {t: preps[t].model_input for t in unique}
        raw.update(zip(to_model, self.translator.translate([preps[t].model_input for t in to_model], progress)))
        results: dict[str, Checked] = {}
        lost = []
        for t in unique:
            checked = self.finish(preps[t], raw[t])
            if checked is None:
                lost.append(t)
            else:
                results[t] = checked
        if lost:  # placeholders lost: translate the plain sentence, repair, flag
            plain = {t: Prepared(t, t, {}, preps[t].terms, preps[t].facts) for t in lost}
            outs = self.translator.translate(lost, progress)
            for t, out in zip(lost, outs):
                had_terms = any(kind == "term" for kind, _ in preps[t].slots.values())
                preps[t] = plain[t]
                checked = self.finish(plain[t], out) or Checked(out)
                if had_terms:  # a lost reference placeholder needs no flag: the reference is verified
                    checked.fallback = True
                    checked.problems.insert(0, ("glossary", "placeholder lost: translated without "
                                                            "placeholders and repaired"))
                results[t] = checked
        self._retry({t: preps[t] for t in unique}, results)
        self.results = results
        return [results[t].text if t in results else t for t in texts]

    # ------------------------------------------------------------------------------------ retries

    def _retry(self, preps: dict[str, Prepared], results: dict[str, Checked]) -> None:
        def serious(c: Checked) -> int:
            return sum(kind in ("number", "degenerate") for kind, _ in c.problems)

        todo = [t for t, c in results.items() if serious(c)]
        if not todo:
            return
        groups: dict[Any, list[str]] = {}
        for t in todo:
            loop = any(kind == "degenerate" for kind, _ in results[t].problems)
            groups.setdefault(self._retry_decoding(loop), []).append(t)
        for decoding, group in groups.items():
            inputs = [preps[t].model_input for t in group]
            translator = self._retry_translator(decoding) if decoding is not None else None
            outs = translator.translate(inputs) if translator is not None else self._split_translate(inputs)
            for t, out in zip(group, outs):
                before = results[t]
                before.retried = True
                again = self.finish(preps[t], out)
                if again is not None and serious(again) < serious(before):
                    again.retried = True
                    again.retry_fixed = serious(again) == 0
                    again.fallback = before.fallback
                    again.problems = [p for p in before.problems if p[1].startswith("placeholder lost")] + again.problems
                    results[t] = again

    def _retry_decoding(self, loop: bool) -> Any:
        """Decoding for a retry (hashable), or None when the backend's decoding cannot be changed."""
        decoding = self.translator.backend.decoding
        if decoding is None:
            return None
        if loop:
            return replace(decoding, num_beams=max(decoding.num_beams, 4), no_repeat_ngram_size=3)
        return replace(decoding, num_beams=1 if decoding.num_beams > 1 else 4)

    def _retry_translator(self, decoding: Any) -> Any:
        # A fresh backend each time: a wrapper's deadline moves from letter to letter.
        backend = self.translator.backend.with_decoding(**decoding.as_dict())
        rt = self._retry_translators.get(decoding)
        if rt is None:
            rt = Translator(backend, self.translator.cfg, self.translator.cache)
            self._retry_translators[decoding] = rt
        rt.backend = backend
        return rt

    def _split_translate(self, inputs: list[str]) -> list[str]:
        """Translate each input as two halves cut at the clause boundary nearest the middle."""
        halves = []
        for text in inputs:
            cut = clause_cut(text)
            left, right = (text[:cut].strip(), text[cut:].strip()) if cut else (text, "")
            halves.append((left, right) if left and right else (text, ""))
        flat = [h for pair in halves for h in pair if h]
        english = dict(zip(flat, self.translator.translate(flat)))
        return [" ".join(english[h] for h in pair if h) for pair in halves]


# -------------------------------------------------------------------------------- the document


def translate_document_checked(doc: Document, checker: CheckedTranslator, progress: bool = False) -> Document:
    """translate_document with the checks: Paragraph.flags, provenance.fidelity, and a warning for
    each flagged title, heading or footnote."""
    doc = translate_document(doc, checker, progress=progress)  # type: ignore[arg-type]
    results = checker.results
    summary = FidelitySummary(glossary_mode=checker.mode if checker.glossary.terms else None)
    counts: dict[str, int] = {}

    def tally(text: str) -> list[tuple[str, str]]:
        c = results.get(text)
        if c is None:
            return []
        summary.glossary_repairs += c.repairs
        summary.glossary_inserted += c.inserted
        summary.placeholder_fallbacks += c.fallback
        summary.retries += c.retried
        summary.retries_fixed += c.retry_fixed
        for kind in dict.fromkeys(k for k, _ in c.problems):
            counts[kind] = counts.get(kind, 0) + 1
        return c.problems

    others = [("title", doc.metadata.title)] + [(f"heading '{s.heading}'", s.heading) for s in doc.sections] \
        + [(f"footnote {f.n}", f.text) for f in doc.footnotes]
    for label, text in others:
        for kind, detail in tally(text) if text else []:
            doc.warnings.append(f"Check {label}: {kind}: {detail}")
    for section in doc.sections:
        for paragraph in section.paragraphs:
            paragraph.flags = [Flag(sentence=i, kind=kind, detail=detail)
                               for i, s in enumerate(paragraph.sentences) for kind, detail in tally(s)]
    summary.flags = counts
    doc.provenance.fidelity = summary
    if counts:
        log.info("%s: fidelity flags %s", doc.source, counts)
    return doc
