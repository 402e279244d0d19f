"""Run the stages over a batch of letters: one bad file is reported and the batch goes on.

Batches never lose work:
  * every letter runs under the `ingest.max_*` limits (size, pages, characters, decompressed PDF
    streams, seconds); a letter that breaks one, or any other error, is recorded (console,
    OUT/errors.json, OUT/index.md) and the next letter starts;
  * notes are written atomically, the JSON last: a killed run leaves each letter with either its
    complete note or none (temporary files of dead runs are removed by the next run);
  * a re-run skips letters whose note is current: its JSON carries the `run_key` this run would
    compute (input content, output-relevant config, models and their revisions/fingerprints);
    `force=True` (`--force`) redoes all;
  * output names are sanitised input stems, so nothing is written outside OUT, and symlinks in
    an input folder that point outside it are refused, never followed.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import gc
import hashlib
import json
import logging
import re
import sqlite3
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

import pipeline
from pipeline.stages.classify import Taxonomy, ZeroShotScorer, classify, load_taxonomy, zero_shot_scorer
from pipeline.config import Config, resolve_path
from pipeline.models.deadline import Deadline, DeadlineBackend
from pipeline.document import Document
from pipeline.engines.collect import collect_inputs
from pipeline.errors import PipelineError, RunInterrupted
from pipeline.stages.ingest import ingest
from pipeline.stages.keyfacts import extract_key_facts, fill_key_fact_translations, load_key_fact_cues
from pipeline.names import name_text, printable
from pipeline.engines.report import BatchCollector, BatchResult
from pipeline.engines.outdir import OutputLock, check_out_dir, remove_stale_temp_files, signals_stop_the_batch
from pipeline.render.markdown import write_note
from pipeline.stages.segment import segment

__all__ = ["collect_inputs", "run_translate", "plan_batch", "sort_letters", "locked_batch", "close_report",
           "BatchCollector", "BatchResult", "remove_stale_temp_files"]

log = logging.getLogger(__name__)


def analyse(path: Path, cfg: Config, taxonomy: Taxonomy, deadline: Deadline | None = None,
            scorer: ZeroShotScorer | None = None) -> Document:
    """The model-free part of the pipeline: ingest → segment → classify → key facts (within `deadline`)."""
    # The analysis writes nothing, so the deadline may stop it anywhere (Deadline.enforced): a text
    # algorithm that is slow on one letter cannot hold up the batch past the letter's limit.
    guard = deadline.enforced() if deadline is not None else contextlib.nullcontext()
    with guard:
        doc = ingest(path, cfg.ingest, deadline)
        if deadline is not None:
            deadline.check("segment")
        doc = segment(doc, cfg.segment)
        if deadline is not None:
            deadline.check("classify")
        doc = classify(doc, taxonomy, scorer, deadline)
        if deadline is not None:
            deadline.check("key facts")
        doc = extract_key_facts(doc, load_key_fact_cues(resolve_path(cfg.keyfacts.cues)))
    doc.provenance.config_hash = cfg.hash()
    return doc


# OUT/index.md and OUT/errors.json belong to the batch; Windows device names are no file names.
_RESERVED_STEMS = {"index", "errors", "con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                   *(f"lpt{i}" for i in range(10))}
_MAX_STEM_BYTES = 150  # file names are limited to 255 bytes; leave room for suffixes


def safe_stem(stem: str) -> str:
    """An output file name stem from an input stem: letters, digits, `.`, `_` and `-` only (spaces
    and other characters become `_`), no `..`, no leading dot or dash, not empty or reserved."""
    stem = unicodedata.normalize("NFC", stem)
    stem = "".join(c if c.isalnum() or c in "._-" else "_" for c in stem)
    stem = re.sub(r"\.{2,}", ".", stem)
    stem = re.sub(r"_{2,}", "_", stem).strip("._-")
    if len(stem.encode()) > _MAX_STEM_BYTES:
        stem = stem.encode()[:_MAX_STEM_BYTES].decode("utf-8", errors="ignore").rstrip("._-")
    if not stem:
        stem = "letter"
    if stem.split(".")[0].lower() in _RESERVED_STEMS:
        stem = f"{stem}-letter"
    return stem


def _output_stems(files: list[Path]) -> dict[Path, str]:
    """Output name per input: its sanitised stem, or stem-ext when two inputs share a stem (compared
    case-insensitively, for case-insensitive file systems), plus a short hash of the path if needed."""
    base = {f: safe_stem(f.stem) for f in files}
    counts: dict[str, int] = {}
    for stem in base.values():
        counts[stem.lower()] = counts.get(stem.lower(), 0) + 1
    stems = {f: base[f] if counts[base[f].lower()] == 1 else f"{base[f]}-{safe_stem(f.suffix.lower())}"
             for f in files}
    counts = {}
    for stem in stems.values():
        counts[stem.lower()] = counts.get(stem.lower(), 0) + 1
    for f in files:
        if counts[stems[f].lower()] > 1:
            stems[f] += "-" + hashlib.sha256(str(f.absolute()).encode()).hexdigest()[:8]
    return stems


def _labels(files: list[Path]) -> dict[Path, str]:
    """The name a letter goes by in results, errors.json and the index: its file name (printable:
    see pipeline.names), or its path when two inputs share a name."""
    names = [f.name for f in files]
    return {f: printable(f.name) if names.count(f.name) == 1 else printable(str(f)) for f in files}


# Settings that cannot change a note's content: a re-run with other values still skips done letters.
_NOT_IN_RUN_KEY = {"threads": None, "cache": None, "evaluate": None,
                   "ingest": {"max_file_mb", "max_pages", "max_chars", "max_decompressed_mb",
                              "max_seconds_per_letter"}}


def models_key(resolved: dict[str, Any]) -> dict[str, dict[str, str | None]]:
    """What identifies the models a note is made with: id, revision, checkpoint fingerprint."""
    return {purpose: {"id": r.id, "revision": r.revision, "fingerprint": r.fingerprint()}
            for purpose, r in sorted(resolved.items())}


def _referenced_files(settings: dict[str, Any]) -> dict[str, str]:
    """sha256 of the YAML/JSON files the config points at (taxonomy, cue lists): their content is
    configuration too."""
    hashes = {}
    for section in settings.values():
        for value in (section.values() if isinstance(section, dict) else [section]):
            if isinstance(value, str) and value.endswith((".yaml", ".yml", ".json")):
                path = resolve_path(value)
                if path.is_file():
                    hashes[value] = file_sha256(path)
    return hashes


def run_key(input_sha256: str, cfg: Config, models: dict[str, dict[str, str | None]]) -> str:
    """Hash of everything a note depends on; equal keys mean the note would come out the same."""
    settings = cfg.model_dump(mode="json")
    for key, fields in _NOT_IN_RUN_KEY.items():
        if fields is None:
            settings.pop(key, None)
        elif key in settings:
            settings[key] = {k: v for k, v in settings[key].items() if k not in fields}
    blob = json.dumps({"input_sha256": input_sha256, "config": settings, "files": _referenced_files(settings),
                       "models": models, "pipeline_version": pipeline.__version__}, sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def current_note(out_dir: Path, stem: str, key: str, formats: list[str]) -> Document | None:
    """The letter's note when it is complete and current (its JSON carries `key`), else None."""
    if "json" not in formats:  # the JSON records the key; without it nothing can be skipped
        return None
    try:
        doc = Document.model_validate_json((out_dir / f"{stem}.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if doc.provenance.run_key != key or not all((out_dir / f"{stem}.{fmt}").is_file() for fmt in formats):
        return None
    return doc


@dataclass
class BatchPlan:
    """What a run will do, decided before any model loads: the letters, their output names, which
    notes are current already, and the models (resolved, so a missing one fails the run up front)."""
    files: list[Path]
    stems: dict[Path, str]
    labels: dict[Path, str]
    resolved: dict[str, Any]  # purpose → pipeline.models.resolution.ResolvedModel
    models_used: dict[str, dict[str, str | None]]
    todo: list[Path] = field(default_factory=list)
    current: dict[Path, Document] = field(default_factory=dict)  # skipped: their note is current
    failed: dict[str, dict] = field(default_factory=dict)  # refused before any work
    ignored: dict[str, dict] = field(default_factory=dict)  # folder entries that are not letters


def plan_batch(inputs: list[Path], out_dir: Path, cfg: Config, force: bool = False, *, dry_run: bool = False,
               sort: bool = True) -> BatchPlan:
    """The pre-flight: collect the letters, resolve the models, check every configured file and the
    output folder (created unless `dry_run`), then (with `sort`) sort the letters into to-do and
    current (skipped unless `force`). Raises only for run-wide problems; no model is loaded."""
    from pipeline.models.resolution import resolve_all
    from pipeline.stages.translate.fidelity import load_glossary

    refused: dict[str, dict] = {}
    ignored: dict[str, dict] = {}
    files = collect_inputs(inputs, refused, ignored)
    resolved = resolve_all(cfg)  # fail before any work when a model is missing
    # A bad taxonomy, cue list or glossary stops the batch before any work, too.
    load_taxonomy(resolve_path(cfg.classify.taxonomy))
    load_key_fact_cues(resolve_path(cfg.keyfacts.cues))
    load_glossary(cfg.translate.glossary)
    check_out_dir(out_dir, create=not dry_run)
    plan = BatchPlan(files, _output_stems(files), _labels(files), resolved, models_key(resolved),
                     failed=dict(refused), ignored=ignored)
    if sort:
        sort_letters(plan, out_dir, cfg, force)
    return plan


def sort_letters(plan: BatchPlan, out_dir: Path, cfg: Config, force: bool = False) -> None:
    """Letters whose note in OUT is current go to `plan.current` (unless `force`), the rest to
    `plan.todo`. A run does this holding OUT's lock, so no letter is computed by two runs."""
    plan.todo, plan.current = [], {}
    for path in plan.files:
        done = None
        try:
            if not force and path.stat().st_size <= cfg.ingest.max_file_mb * 1024 * 1024:
                key = run_key(file_sha256(path), cfg, plan.models_used)
                done = current_note(out_dir, plan.stems[path], key, cfg.render.formats)
        except OSError as exc:
            plan.failed[plan.labels[path]] = failure_record(exc, path, "collect", out_dir)
            continue
        if done is None:
            plan.todo.append(path)
        else:
            log.info("%s: note is current, skipped", plan.labels[path])
            plan.current[path] = done


def describe_plan(plan: BatchPlan, out_dir: Path) -> str:
    """What a run would do (`translate --dry-run`): letters and their notes, what is skipped or
    refused and why, and the models found."""
    lines = [f"{len(plan.todo)} letter(s) to do, {len(plan.current)} with a current note (kept), "
             f"{len(plan.failed)} refused, {len(plan.ignored)} skipped; notes go to {printable(str(out_dir))}/"]
    for path in plan.files:
        state = "current, kept" if path in plan.current else "to do" if path in plan.todo else "refused"
        lines.append(f"  {plan.labels[path]} -> {plan.stems[path]}.* ({state})")
    for name, record in plan.failed.items():
        lines.append(f"  refused: {name}: {printable(record['message'])}")
    for name, record in plan.ignored.items():
        lines.append(f"  skipped: {name}: {printable(record.get('reason') or record['message'])}")
    for purpose, model in sorted(plan.resolved.items()):
        lines.append(f"  model {purpose}: {printable(str(model.id))}"
                     + (f" ({printable(str(model.path))})" if getattr(model, "path", None) else ""))
    return "\n".join(lines)


_MAX_MESSAGE = 2000  # characters of an unexpected error's message kept in errors.json and the index


def failure_record(exc: BaseException, path: Path, stage: str, out_dir: Path) -> dict:
    """The errors.json record of one failed letter (logged here, once). Paths are written as
    pipeline.names.name_text: valid text, recoverable, whatever bytes the file name holds."""
    shown = name_text(path)
    if isinstance(exc, PipelineError):
        log.error("%s", exc.printable())
        return exc.as_dict() | {"path": shown}
    if isinstance(exc, OSError):  # reading the input or writing the note
        log.error("%s: %s", printable(shown), printable(str(exc)))
        return {"error": type(exc).__name__, "path": shown, "stage": stage,
                "message": f"cannot read the input or write the note: {name_text(str(exc))}",
                "fix": f"check the file's permissions, and free space and permissions in {name_text(out_dir)}"}
    message = name_text(str(exc))
    if len(message) > _MAX_MESSAGE:
        message = message[:_MAX_MESSAGE - 1] + "…"
    log.error("%s: unexpected %s in stage %s: %s", printable(shown), type(exc).__name__, stage,
              printable(message[:300]))
    log.debug("traceback", exc_info=exc)  # -v shows where
    return {"error": type(exc).__name__, "path": shown, "stage": stage, "message": message,
            "fix": "this is a bug: please report it with the input file (run with -v for the traceback)"}


class Translation:
    """The translate stage with its model loaded once (per process, or per Ray actor)."""

    def __init__(self, cfg: Config, resolved: dict[str, Any]) -> None:
        from pipeline.models.loading import load_backend
        from pipeline.models.cache import TranslationCache
        from pipeline.stages.translate.fidelity import CheckedTranslator, load_glossary
        from pipeline.stages.translate.translator import Translator

        # The backend checks the letter's time budget before every model call.
        self.backend = DeadlineBackend(load_backend(resolved["translate"], cfg.translate, cfg.threads,
                                                           resolve_path(cfg.models_dir)), "translate")
        self.cache = (TranslationCache(resolve_path(cfg.cache.path), cfg.cache.max_entries)
                      if cfg.cache.enabled else None)
        self.translator = Translator(self.backend, cfg.translate, self.cache)
        self.checker = CheckedTranslator(self.translator, cfg.translate, load_glossary(cfg.translate.glossary))

    def __call__(self, doc: Document, deadline: Deadline, progress: bool = False) -> Document:
        from pipeline.stages.translate.fidelity import translate_document_checked

        deadline.check("translate")
        self.backend.deadline = deadline
        try:
            doc = translate_document_checked(doc, self.checker, progress=progress)
        finally:
            self.backend.deadline = None
        return fill_key_fact_translations(doc)

    def close(self) -> None:
        if self.cache is not None:
            try:
                self.cache.close()
            except sqlite3.Error as exc:  # what was stored is committed already; the run is done
                log.warning("closing the translation cache failed: %s", exc)
        log.info("translation: %s", self.translator.stats)


class Summarization:
    """The summarize stage with its model loaded once (per process, or per Ray actor)."""

    def __init__(self, cfg: Config, resolved: dict[str, Any]) -> None:
        from pipeline.models.loading import load_backend
        from pipeline.stages.summarize import Summarizer

        self.backend = DeadlineBackend(load_backend(resolved["summarize"], cfg.summarize, cfg.threads,
                                                           resolve_path(cfg.models_dir)), "summarize")
        self.summarizer = Summarizer(self.backend, cfg.summarize)

    def __call__(self, doc: Document, deadline: Deadline) -> Document:
        from pipeline.stages.summarize import summarize_document

        deadline.check("summarize")
        self.backend.deadline = deadline
        try:
            return summarize_document(doc, self.summarizer)
        finally:
            self.backend.deadline = None


def finish_note(doc: Document, cfg: Config, models_used: dict[str, dict[str, str | None]], out_dir: Path,
                stem: str) -> list[Path]:
    """Stamp the note's provenance (time, run key) and write its files atomically."""
    doc.provenance.created = datetime.now(timezone.utc).isoformat(timespec="seconds")
    # the key of the content actually ingested, even if the file changed meanwhile
    doc.provenance.run_key = run_key(doc.provenance.input_sha256 or "", cfg, models_used)
    files = write_note(doc, out_dir, stem, cfg.render.formats)
    release_memory()
    return files


def release_memory() -> None:
    """Free what a finished letter left behind, so memory does not grow with the batch (make
    bench-batch): rendering (python-docx's lxml trees above all) leaves reference cycles that only a
    full collection frees, and with a model loaded those run rarely; then glibc keeps the freed heap
    of each letter's many short-lived strings unless asked to give it back (malloc_trim returned
    ~28 MB after 200 letters). Together ~50 ms; a letter takes seconds."""
    gc.collect()
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)


@functools.cache
def _glibc() -> Any:
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None  # glibc only



def disk_full(exc: BaseException) -> bool:
    """A write failed for want of space (the disk, or the user's quota), not because of the letter."""
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)


def _command_line() -> str:
    return printable(" ".join(sys.argv))[:500]


@contextlib.contextmanager
def locked_batch(plan: BatchPlan, out_dir: Path, cfg: Config, force: bool, command: str,
                 signals: Any) -> Iterator[BatchCollector]:
    """OUT locked and made ready for `plan` (letters ordered, a killed run's temporary files removed),
    and the collector of its report; the lock is held until the block ends. Signals are held off until
    the collector exists, so a stop that comes while the lock is being taken is reported like any other
    (the engine calls `signals.stop_if_pending()` before its first letter)."""
    with contextlib.ExitStack() as stack:
        with signals.defer():
            stack.enter_context(OutputLock(out_dir, command))
            sort_letters(plan, out_dir, cfg, force)
            remove_stale_temp_files(out_dir)
            batch = BatchCollector(plan, out_dir, cfg.render.formats)
        yield batch


def run_translate(inputs: list[Path], out_dir: Path, cfg: Config, progress: bool = True,
                  force: bool = False) -> BatchResult:
    """Translate and summarize every letter under `inputs` into notes in `out_dir`, one letter at a
    time in this process (`pipeline.engines.ray_cluster` spreads the same stages over a Ray cluster).

    Letters whose note in `out_dir` is current are skipped unless `force`. The run holds OUT's lock
    (pipeline.engines.outdir) throughout; SIGINT/SIGTERM stop it after writing the report of what finished
    (`result.interrupted` names the signal).
    """
    from tqdm.auto import tqdm

    started = time.perf_counter()
    with signals_stop_the_batch() as signals:
        plan = plan_batch(inputs, out_dir, cfg, force, sort=False)
        with locked_batch(plan, out_dir, cfg, force, _command_line(), signals) as batch:
            translation = None
            path, deadline = None, Deadline(None, stage="translate")  # an interruption before any letter
            try:
                signals.stop_if_pending()  # came while OUT was being locked and set up
                taxonomy = load_taxonomy(resolve_path(cfg.classify.taxonomy))
                scorer = zero_shot_scorer(cfg)  # None with the default cue scorer
                translation = Translation(cfg, plan.resolved)
                summarization = Summarization(cfg, plan.resolved)
                for path in tqdm(plan.todo, desc="letters", unit="letter", disable=not progress):
                    signals.stop_if_pending()  # came while a failed letter was being written
                    deadline = Deadline(cfg.ingest.max_seconds_per_letter, source=str(path))
                    try:
                        doc = analyse(path, cfg, taxonomy, deadline, scorer)
                        n_sentences = sum(len(p.sentences) for s in doc.sections for p in s.paragraphs)
                        log.info("%s: %d sections, %d sentences", plan.labels[path], len(doc.sections), n_sentences)
                        doc = translation(doc, deadline, progress)
                        doc = summarization(doc, deadline)
                        deadline.check("render")
                        with signals.defer(then_stop=True):  # a note is written whole, and recorded
                            batch.written(path, doc, finish_note(doc, cfg, plan.models_used, out_dir,
                                                                 plan.stems[path]))
                    except Exception as exc:  # a bug on one letter must not cost the rest of the batch
                        batch.failed(path, failure_record(exc, path, deadline.stage, out_dir))
                        if disk_full(exc):  # every later note would be computed only to be lost
                            batch.not_reached("not processed", f"the disk of {name_text(out_dir)} is full",
                                              "free space there (or give another --out), then run the same "
                                              "command again: finished notes are kept and skipped")
                            break
                path = None
            except RunInterrupted as stop:
                batch.interrupted(stop, path, deadline.stage)
            result = close_report(batch, signals, started, translation)
    return result


def close_report(batch: BatchCollector, signals: Any, started: float, translation: Any = None) -> BatchResult:
    """Close the translator (if any) and write the batch's report whole, a signal held off meanwhile;
    a signal that came while signals were held off is the result's `interrupted`."""
    with signals.defer():
        if translation is not None:
            translation.close()
        result = batch.close(started)
    if result.interrupted is None and signals.pending is not None:
        result.interrupted = signals.pending
    return result
