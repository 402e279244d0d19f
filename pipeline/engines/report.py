"""The outcome of a batch (BatchResult) and the batch files it leaves in OUT (BatchCollector): the
briefing across the notes — index.md / index.html (every letter), commitments.md / commitments.html and
dates.ics (what was promised and when), dossiers.html (letters by Kamerstuk dossier) — and errors.json
for every input that failed, was refused, was skipped as not a letter, or was not reached because the
run was stopped. Writing the report never raises: a file that cannot be written (a full disk) is named
in `BatchResult.report_errors`.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.document import Document
from pipeline.engines.plan import BatchPlan
from pipeline.errors import RunInterrupted
from pipeline.names import name_text, printable
from pipeline.engines.spool import EntrySpool
from pipeline.render.batch_html import commitments_html, dossiers_html, index_html
from pipeline.render.batch_markdown import commitments_md, index_md
from pipeline.render.batch_view import letter_entry
from pipeline.render.calendar import calendar
from pipeline.render.files import atomic_write

log = logging.getLogger(__name__)

# Every file the batch report may leave in OUT besides the notes: the .html pages only with the html
# format, dates.ics only when a letter names an upcoming date, errors.json only when something failed.
BATCH_FILES = ("index.md", "commitments.md", "index.html", "commitments.html", "dossiers.html", "dates.ics",
               "errors.json")


@dataclass
class BatchResult:
    written: dict[str, list[Path]] = field(default_factory=dict)  # input name → files
    skipped: dict[str, list[Path]] = field(default_factory=dict)  # input name → its current files
    failed: dict[str, dict] = field(default_factory=dict)  # input name → error record
    # Folder entries that are not letters (hidden, unsupported type, special file): recorded in
    # errors.json as "skipped", but they do not make the batch fail.
    ignored: dict[str, dict] = field(default_factory=dict)
    seconds: float = 0.0
    interrupted: int | None = None  # the signal that stopped the batch (SIGINT, SIGTERM)
    report_errors: dict[str, str] = field(default_factory=dict)  # report file that could not be written → why
    # Fidelity flags left in the notes written by this run, by kind (glossary, number, degenerate).
    fidelity_flags: dict[str, int] = field(default_factory=dict)
    # Notes written by this run whose letter had an official record, and the fields where the letter
    # disagreed with it (pipeline.stages.ingest.official), by field.
    official_checked: int = 0
    official_mismatches: dict[str, int] = field(default_factory=dict)


class BatchCollector:
    """Gathers per-letter outcomes and writes the batch files (pages, dates.ics, errors.json) at the end.
    Each letter's batch-page entry waits in a spool on disk (pipeline.engines.spool), so memory stays flat
    however many letters a batch has."""

    def __init__(self, plan: BatchPlan, out_dir: Path, formats: list[str]) -> None:
        self.plan, self.out_dir, self.formats = plan, out_dir, formats
        self.result = BatchResult(failed=dict(plan.failed), ignored=dict(plan.ignored))
        self._spool = EntrySpool()
        for path, doc in plan.current.items():
            self.result.skipped[plan.labels[path]] = [out_dir / f"{plan.stems[path]}.{fmt}" for fmt in formats]
            self._spool.add(path, letter_entry(plan.stems[path], doc))

    def written(self, path: Path, doc: Document, files: list[Path]) -> None:
        self.result.written[self.plan.labels[path]] = files
        for kind, n in (doc.provenance.fidelity.flags if doc.provenance.fidelity else {}).items():
            self.result.fidelity_flags[kind] = self.result.fidelity_flags.get(kind, 0) + n
        if doc.official is not None:
            self.result.official_checked += 1
            for name in doc.official.mismatches:
                self.result.official_mismatches[name] = self.result.official_mismatches.get(name, 0) + 1
        self._spool.add(path, letter_entry(self.plan.stems[path], doc))

    def failed(self, path: Path, record: dict) -> None:
        self.result.failed[self.plan.labels[path]] = record

    def interrupted(self, stop: RunInterrupted, current: Path | None, stage: str) -> None:
        """Record the letter in progress and every letter not reached as not processed."""
        self.result.interrupted = stop.signum
        log.error("%s: stopping the batch, writing the report of what finished", stop.name)
        label = self.plan.labels[current] if current is not None else None
        if label is not None and label not in self.result.failed and label not in self.result.written:
            self.result.failed[self.plan.labels[current]] = {
                "error": "Interrupted", "outcome": "interrupted", "path": name_text(current), "stage": stage,
                "message": f"stopped by {stop.name} during stage {stage}; nothing of this letter was written",
                "fix": "run the same command again: finished notes are kept and skipped"}
        self.not_reached("interrupted", f"the run was stopped by {stop.name} before it",
                         "run the same command again: finished notes are kept and skipped")

    def not_reached(self, outcome: str, why: str, fix: str) -> None:
        """Record every letter of the plan that has no outcome yet as not processed, and why."""
        for path in self.plan.todo:
            label = self.plan.labels[path]
            if label not in self.result.written and label not in self.result.failed:
                self.result.failed[label] = {"error": "NotProcessed", "outcome": outcome, "path": name_text(path),
                                             "stage": None, "message": f"not processed: {why}", "fix": fix}

    def close(self, started: float) -> BatchResult:
        """Write the batch pages (index, commitments, dossiers with HTML, dates.ics when the batch names
        a date) and errors.json (removed when all went well). Best effort: a file that cannot be written
        (a full disk, OUT gone read-only) is named in `result.report_errors` and the others are still
        tried; nothing raises."""
        try:
            self._write_pages()
        finally:
            self._spool.close()  # removed whatever happened
        records = {name: {"outcome": "failed", **record} for name, record in self.result.failed.items()}
        records.update((name if name not in records else record["path"], record)
                       for name, record in self.result.ignored.items())
        errors = [json.dumps(records, indent=2, ensure_ascii=False) + "\n"] if records else None
        self._write_or_remove("errors.json", errors)
        self.result.seconds = time.perf_counter() - started
        return self.result

    def _write_pages(self) -> None:
        letters = self._spool.letters(self.plan.files)
        failures = {k: printable(v["message"]) for k, v in self.result.failed.items()}
        html = "html" in self.formats
        self._write("index.md", lambda: index_md(letters, failures, html=html))
        self._write("commitments.md", lambda: commitments_md(letters))
        if html:
            self._write("index.html", lambda: index_html(letters, failures))
            self._write("commitments.html", lambda: commitments_html(letters))
            self._write("dossiers.html", lambda: dossiers_html(letters))
        try:
            dates = calendar(letters)
        except OSError as exc:  # the spool could not be read
            self._report_error("dates.ics", exc)
            return
        self._write_or_remove("dates.ics", dates)

    def _write(self, name: str, render: Callable[[], Iterable[str]]) -> None:
        """Write the text `render` gives, piece by piece (the batch pages are never one string)."""
        try:
            atomic_write(self.out_dir / name, render())
        except OSError as exc:
            self._report_error(name, exc)

    def _write_or_remove(self, name: str, chunks: Iterable[str] | None) -> None:
        """Write `chunks`, or remove the file a previous run left when there is nothing to say now."""
        if chunks is not None:
            self._write(name, lambda: chunks)
            return
        try:
            (self.out_dir / name).unlink()
        except (FileNotFoundError, NotADirectoryError):  # no such file, nothing to remove
            pass
        except OSError as exc:
            self._report_error(name, exc)

    def _report_error(self, name: str, exc: OSError) -> None:
        reason = exc.strerror or str(exc)
        log.error("could not write %s in %s: %s", name, printable(str(self.out_dir)), reason)
        self.result.report_errors[name] = reason
