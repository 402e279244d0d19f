"""Run the stages over a batch of letters: one bad file is reported and the batch goes on."""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from pipeline.classify import Taxonomy, classify, load_taxonomy
from pipeline.config import Config, resolve_path
from pipeline.document import Document
from pipeline.errors import InputError, PipelineError
from pipeline.ingest import SUPPORTED_SUFFIXES, ingest
from pipeline.render import IndexEntry, atomic_write, render_index, write_note
from pipeline.segment import segment

log = logging.getLogger(__name__)


@dataclass
class BatchResult:
    written: dict[str, list[Path]] = field(default_factory=dict)  # input name → files
    failed: dict[str, dict] = field(default_factory=dict)  # input name → error record
    seconds: float = 0.0


def collect_inputs(paths: list[Path]) -> list[Path]:
    """Expand folders (sorted, supported suffixes only, hidden files skipped); keep files as given."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir()
                                if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                                and not p.name.startswith(".")))
        elif path.is_file():
            files.append(path)
        else:
            raise InputError("input path does not exist", path=path, stage="collect",
                             fix="pass existing files or folders of .txt/.pdf/.html/.xml letters")
    if not files:
        raise InputError("no letters found (supported: " + ", ".join(SUPPORTED_SUFFIXES) + ")",
                         path=", ".join(map(str, paths)), stage="collect",
                         fix="point IN= at a folder that holds Kamerbrieven")
    return files


def analyse(path: Path, cfg: Config, taxonomy: Taxonomy) -> Document:
    """The model-free part of the pipeline: ingest → segment → classify."""
    doc = ingest(path, cfg.ingest)
    doc = segment(doc, cfg.segment)
    doc = classify(doc, taxonomy)
    doc.provenance.config_hash = cfg.hash()
    return doc


def _output_stems(files: list[Path]) -> dict[Path, str]:
    """Output name per input: its stem, or stem-ext when two inputs share a stem."""
    counts: dict[str, int] = {}
    for f in files:
        counts[f.stem] = counts.get(f.stem, 0) + 1
    return {f: f.stem if counts[f.stem] == 1 else f"{f.stem}-{f.suffix.lstrip('.').lower()}" for f in files}


def run_translate(inputs: list[Path], out_dir: Path, cfg: Config, progress: bool = True) -> BatchResult:
    """Translate and summarize every letter under `inputs` into notes in `out_dir`."""
    from tqdm.auto import tqdm

    from pipeline import models
    from pipeline.cache import TranslationCache
    from pipeline.summarize import Summarizer, summarize_document
    from pipeline.translate import Translator, translate_document

    started = time.perf_counter()
    files = collect_inputs(inputs)
    resolved = models.resolve_all(cfg)  # fail before any work when a model is missing
    taxonomy = load_taxonomy(resolve_path(cfg.classify.taxonomy))
    models_dir = resolve_path(cfg.models_dir)
    t_backend = models.load_backend(resolved["translate"], cfg.translate, cfg.threads, models_dir)
    s_backend = models.load_backend(resolved["summarize"], cfg.summarize, cfg.threads, models_dir)
    cache = TranslationCache(resolve_path(cfg.cache.path), cfg.cache.max_entries) if cfg.cache.enabled else None
    translator = Translator(t_backend, cfg.translate, cache)
    summarizer = Summarizer(s_backend, cfg.summarize)

    out_dir.mkdir(parents=True, exist_ok=True)
    result = BatchResult()
    entries: list[IndexEntry] = []
    stems = _output_stems(files)
    for path in tqdm(files, desc="letters", unit="letter", disable=not progress):
        try:
            doc = analyse(path, cfg, taxonomy)
            n_sentences = sum(len(p.sentences) for s in doc.sections for p in s.paragraphs)
            log.info("%s: %d sections, %d sentences", path.name, len(doc.sections), n_sentences)
            doc = translate_document(doc, translator, progress=progress)
            doc = summarize_document(doc, summarizer)
            doc.provenance.created = datetime.now(timezone.utc).isoformat(timespec="seconds")
            result.written[path.name] = write_note(doc, out_dir, stems[path], cfg.render.formats)
            entries.append(IndexEntry.of(stems[path], doc))
        except PipelineError as exc:
            log.error("%s", exc)
            result.failed[path.name] = exc.as_dict() | {"path": str(path)}
        except Exception as exc:  # a bug on one letter must not cost the rest of the batch
            log.exception("%s: unexpected error", path)
            result.failed[path.name] = {"error": type(exc).__name__, "path": str(path), "stage": None,
                                        "message": str(exc),
                                        "fix": "this is a bug: please report it with the input file"}
    atomic_write(out_dir / "index.md",
                 render_index(entries, {k: v["message"] for k, v in result.failed.items()}))
    errors_path = out_dir / "errors.json"
    if result.failed:
        atomic_write(errors_path, json.dumps(result.failed, indent=2, ensure_ascii=False) + "\n")
    else:
        errors_path.unlink(missing_ok=True)
    if cache is not None:
        cache.close()
    log.info("translation: %s", translator.stats)
    result.seconds = time.perf_counter() - started
    return result
