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
import functools
import gc
import logging
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from collections.abc import Iterator, Sequence
from typing import Any

from pipeline.config import Config
from pipeline.document import Document
from pipeline.engines.collect import collect_inputs
from pipeline.engines.outdir import OutputLock, remove_stale_temp_files, signals_stop_the_batch
from pipeline.engines.plan import (BatchPlan, describe_plan, disk_full, failure_record, plan_batch, run_key,
                                   sort_letters)
from pipeline.engines.report import BatchCollector, BatchResult
from pipeline.errors import RunInterrupted
from pipeline.models.deadline import Deadline
from pipeline.names import name_text, printable
from pipeline.render.notes import write_note
from pipeline.stages import Classify, Resources, Stage, build_stages
from pipeline.stages import model_free_prefix
from pipeline.stages.classify import ZeroShotScorer
from pipeline.stages.runner import close_stages, run_stages

__all__ = ["analyse", "run_translate", "finish_note", "locked_batch", "close_report", "collect_inputs",
           "plan_batch", "sort_letters", "describe_plan", "failure_record", "BatchCollector",
           "BatchResult", "BatchPlan", "remove_stale_temp_files"]

log = logging.getLogger(__name__)


def analyse(path: Path, cfg: Config, resources: Resources | None = None, deadline: Deadline | None = None,
            scorer: ZeroShotScorer | None = None) -> Document:
    """The model-free part of the pipeline (`kamerbrief segment`, the evaluations): the stages of
    PIPELINE before the first that needs a model, within `deadline`. A caller that analyses many
    letters loads `resources` once (`Resources.load(cfg)`) and passes them, with its `scorer`."""
    # No model is resolved, so none loads (zero-shot classify gets the caller's `scorer`).
    stages = build_stages(cfg, resources or Resources.load(cfg), names=model_free_prefix())
    for stage in stages:
        if isinstance(stage, Classify):
            stage.scorer = scorer
    doc = run_stages(stages, path, deadline or Deadline(None, source=str(path)))
    doc.provenance.config_hash = cfg.hash()
    return doc



def finish_note(doc: Document, cfg: Config, models_used: dict[str, dict[str, str | None]], out_dir: Path,
                stem: str) -> list[Path]:
    """Stamp the note's provenance (config hash, time, run key) and write its files atomically."""
    doc.provenance.config_hash = cfg.hash()
    doc.provenance.created = datetime.now(timezone.utc).isoformat(timespec="seconds")
    # the key of the content actually ingested, even if the file changed meanwhile
    doc.provenance.run_key = run_key(doc.provenance.input_sha256 or "", cfg, models_used, doc.official)
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
            stages: list = []
            path, deadline = None, Deadline(None, stage="translate")  # an interruption before any letter
            try:
                signals.stop_if_pending()  # came while OUT was being locked and set up
                try:
                    stages = build_stages(cfg, plan.resources, plan.resolved, progress=progress)  # models load
                except Exception:
                    signals.stop_if_signalled()  # the error was the signal's, inside a native import
                    raise
                for path in tqdm(plan.todo, desc="letters", unit="letter", disable=not progress):
                    signals.stop_if_pending()  # came while a failed letter was being written
                    deadline = Deadline(cfg.ingest.max_seconds_per_letter, source=str(path))
                    try:
                        doc = run_stages(stages, path, deadline)
                        deadline.check("render")
                        with signals.defer(then_stop=True):  # a note is written whole, and recorded
                            batch.written(path, doc, finish_note(doc, cfg, plan.models_used, out_dir,
                                                                 plan.stems[path]))
                    except Exception as exc:  # a bug on one letter must not cost the rest of the batch
                        signals.stop_if_signalled()  # unless a signal raised it inside native code
                        batch.failed(path, failure_record(exc, path, deadline.stage, out_dir))
                        if disk_full(exc):  # every later note would be computed only to be lost
                            batch.not_reached("not processed", f"the disk of {name_text(out_dir)} is full",
                                              "free space there (or give another --out), then run the same "
                                              "command again: finished notes are kept and skipped")
                            break
                path = None
            except RunInterrupted as stop:
                batch.interrupted(stop, path, deadline.stage)
            result = close_report(batch, signals, started, stages)
    return result


def close_report(batch: BatchCollector, signals: Any, started: float, stages: Sequence[Stage] = ()) -> BatchResult:
    """Close the stages (the translation cache) and write the batch's report whole, a signal held off
    meanwhile; a signal that came while signals were held off is the result's `interrupted`."""
    with signals.defer():
        close_stages(stages)
        result = batch.close(started)
    if result.interrupted is None and signals.pending is not None:
        result.interrupted = signals.pending
    return result
