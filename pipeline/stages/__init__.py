"""The pipeline's stages, in order: `PIPELINE` names them, `STAGES` builds them.

    ingest     a letter's file (PDF, HTML/XML, text) → Document (metadata, blocks, footnotes)
    segment    blocks → sections → paragraphs → Dutch sentences
    classify   each section's CAP topic and role (cue scorer, or a zero-shot NLI model)
    keyfacts   decisions, Dutch position, commitments, money, dates, references
    translate  every sentence into English, with the fidelity checks (glossary, numbers, degenerate
               output) and the key facts' English
    summarize  section summaries and the letter's summary

A stage is built from its own config section (and the side files in `Resources`, and the model
the run resolved for it) by `from_config`, and called Document → Document with the letter's
`Deadline`; the first one reads the letter's path. `pipeline.stages.runner.run_stages` runs a
list of them; both engines (`pipeline.engines.local`, `pipeline.engines.ray_cluster`) run this one
list. To add a stage: write its module, add a class here with `name`, `needs` and `from_config`,
register it in `STAGES` and put its name in `PIPELINE`.
"""

from __future__ import annotations

import logging
import sqlite3
from itertools import takewhile
from pathlib import Path
from typing import Any, ClassVar, Literal, Protocol

from pipeline.config import (ClassifyConfig, Config, IngestConfig, SegmentConfig, SummarizeConfig,
                             TranslateConfig)
from pipeline.document import Document
from pipeline.models.cache import TranslationCache
from pipeline.models.deadline import Deadline, DeadlineBackend
from pipeline.models.loading import load_backend
from pipeline.stages.classify import Taxonomy, ZeroShotScorer, zero_shot_scorer
from pipeline.stages.classify import classify as classify_document
from pipeline.stages.ingest import ingest as ingest_file
from pipeline.stages.ingest.official import apply_official_record
from pipeline.stages.keyfacts import KeyFactCues, extract_key_facts, fill_key_fact_translations
from pipeline.stages.resources import Resources
from pipeline.stages.segment import segment as segment_document
from pipeline.stages.summarize import Summarizer, summarize_document
from pipeline.stages.translate.fidelity import CheckedTranslator, Term, translate_document_checked
from pipeline.stages.translate.translator import Translator

__all__ = ["PIPELINE", "STAGES", "BaseStage", "Needs", "Stage", "Resources", "build_stages", "model_free_prefix"]

log = logging.getLogger(__name__)

# The model a stage cannot run without: "none" for the text stages (which a task per letter can run),
# else the model's purpose (the Ray engine gives each such stage a pool of actors, one model load each).
Needs = Literal["none", "translate", "summarize"]


class Stage(Protocol):
    name: ClassVar[str]  # recorded in provenance.stages, and names the stage in a failure
    needs: ClassVar[Needs]
    # Writes nothing outside the Document, so the deadline may stop it anywhere (Deadline.enforced);
    # a stage that writes (the translation cache) is only stopped between model calls.
    stoppable: ClassVar[bool]

    def __call__(self, doc: Any, deadline: Deadline) -> Document: ...  # the first stage gets a Path

    def close(self) -> None: ...


class BaseStage:
    """What a stage is unless it says otherwise: it needs no model, writes nothing (so the deadline
    may stop it anywhere) and holds nothing to release."""

    name: ClassVar[str]
    needs: ClassVar[Needs] = "none"
    stoppable: ClassVar[bool] = True

    @classmethod
    def from_config(cls, cfg: Config, resources: Resources, resolved: dict[str, Any], progress: bool) -> BaseStage:
        """The stage built from its own config section, the run's side files and (a model stage) the
        model the run resolved for it; `progress`: show a progress bar inside the stage."""
        raise NotImplementedError(f"{cls.__name__} must define from_config")

    def __call__(self, doc: Any, deadline: Deadline) -> Document:
        raise NotImplementedError(f"{type(self).__name__} must define __call__")

    @classmethod
    def loads_model(cls, cfg: Config) -> bool:
        """Whether, configured so, the stage loads a model anyway (zero-shot classify)."""
        return False

    def close(self) -> None:
        """Release what the stage holds (a cache, a model); called once when the run ends."""


class Ingest(BaseStage):
    name = "ingest"

    def __init__(self, cfg: IngestConfig) -> None:
        self.cfg = cfg

    @classmethod
    def from_config(cls, cfg: Config, resources: Resources, resolved: dict[str, Any], progress: bool) -> Ingest:
        return cls(cfg.ingest)

    def __call__(self, path: Path, deadline: Deadline) -> Document:
        # the official record fetched with the letter (`<stem>.source.json`), when there is one
        return apply_official_record(ingest_file(path, self.cfg, deadline), path)


class Segment(BaseStage):
    name = "segment"

    def __init__(self, cfg: SegmentConfig) -> None:
        self.cfg = cfg

    @classmethod
    def from_config(cls, cfg: Config, resources: Resources, resolved: dict[str, Any], progress: bool) -> Segment:
        return cls(cfg.segment)

    def __call__(self, doc: Document, deadline: Deadline) -> Document:
        return segment_document(doc, self.cfg)


class Classify(BaseStage):
    name = "classify"

    def __init__(self, cfg: ClassifyConfig, taxonomy: Taxonomy, scorer: ZeroShotScorer | None = None) -> None:
        self.cfg, self.taxonomy, self.scorer = cfg, taxonomy, scorer

    @classmethod
    def from_config(cls, cfg: Config, resources: Resources, resolved: dict[str, Any], progress: bool) -> Classify:
        # The NLI model loads when the run resolved one (classify.method zero_shot), else cues score.
        return cls(cfg.classify, resources.taxonomy, zero_shot_scorer(cfg) if "classify" in resolved else None)

    @classmethod
    def loads_model(cls, cfg: Config) -> bool:
        return cfg.classify.method == "zero_shot"

    def __call__(self, doc: Document, deadline: Deadline) -> Document:
        return classify_document(doc, self.taxonomy, self.scorer, deadline)


class KeyFacts(BaseStage):
    name = "keyfacts"

    def __init__(self, cues: KeyFactCues) -> None:
        self.cues = cues

    @classmethod
    def from_config(cls, cfg: Config, resources: Resources, resolved: dict[str, Any], progress: bool) -> KeyFacts:
        return cls(resources.key_fact_cues)

    def __call__(self, doc: Document, deadline: Deadline) -> Document:
        return extract_key_facts(doc, self.cues)


class Translate(BaseStage):
    """Translation with the fidelity checks, then the key facts' English; the model loads once (per
    process, or per Ray actor) and checks the letter's deadline before every model call."""

    name = "translate"
    needs: ClassVar[Needs] = "translate"
    stoppable: ClassVar[bool] = False  # writes the translation cache

    def __init__(self, backend: DeadlineBackend, cfg: TranslateConfig, glossary: tuple[Term, ...],
                 cache: TranslationCache | None, progress: bool = False) -> None:
        self.backend, self.cache, self.progress = backend, cache, progress
        self.translator = Translator(backend, cfg, cache)
        self.checker = CheckedTranslator(self.translator, cfg, list(glossary))

    @classmethod
    def from_config(cls, cfg: Config, resources: Resources, resolved: dict[str, Any], progress: bool) -> Translate:
        backend = load_backend(resolved["translate"], cfg.translate, cfg.threads, Path(cfg.models_dir))
        cache = TranslationCache(Path(cfg.cache.path), cfg.cache.max_entries) if cfg.cache.enabled else None
        return cls(DeadlineBackend(backend, "translate"), cfg.translate, resources.glossary, cache, progress)

    def __call__(self, doc: Document, deadline: Deadline) -> Document:
        with self.backend.checking(deadline):
            doc = translate_document_checked(doc, self.checker, progress=self.progress)
        return fill_key_fact_translations(doc)

    def close(self) -> None:
        if self.cache is not None:
            try:
                self.cache.close()
            except sqlite3.Error as exc:  # what was stored is committed already; the run is done
                log.warning("closing the translation cache failed: %s", exc)
        log.info("translation: %s", self.translator.stats)


class Summarize(BaseStage):
    name = "summarize"
    needs: ClassVar[Needs] = "summarize"
    stoppable: ClassVar[bool] = False  # a model call is never interrupted (a GPU's state)

    def __init__(self, backend: DeadlineBackend, cfg: SummarizeConfig) -> None:
        self.backend = backend
        self.summarizer = Summarizer(backend, cfg)

    @classmethod
    def from_config(cls, cfg: Config, resources: Resources, resolved: dict[str, Any], progress: bool) -> Summarize:
        backend = load_backend(resolved["summarize"], cfg.summarize, cfg.threads, Path(cfg.models_dir))
        return cls(DeadlineBackend(backend, "summarize"), cfg.summarize)

    def __call__(self, doc: Document, deadline: Deadline) -> Document:
        with self.backend.checking(deadline):
            return summarize_document(doc, self.summarizer)


# The registry: stage name → the class that builds it from the config.
STAGES: dict[str, type[BaseStage]] = {stage.name: stage for stage in (Ingest, Segment, Classify, KeyFacts, Translate, Summarize)}

# The pipeline, in order. provenance.stages lists the names in this order.
PIPELINE: tuple[str, ...] = ("ingest", "segment", "classify", "keyfacts", "translate", "summarize")


def model_free_prefix(names: tuple[str, ...] = PIPELINE) -> tuple[str, ...]:
    """The stages before the first that needs a model (`kamerbrief segment`, the evaluations)."""
    return tuple(takewhile(lambda name: STAGES[name].needs == "none", names))


def build_stages(cfg: Config, resources: Resources, resolved: dict[str, Any] | None = None,
                 names: tuple[str, ...] = PIPELINE, progress: bool = False) -> list[Stage]:
    """The stages `names`, each built from its config section; model stages load their model
    (`resolved`: purpose → the run's resolved model, pipeline.models.resolution.resolve_all)."""
    return [STAGES[name].from_config(cfg, resources, resolved or {}, progress) for name in names]
