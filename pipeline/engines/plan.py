"""The plan of a batch, made before any model loads: the letters and their output names, the
models (resolved, so a missing one fails the run up front), the side files (loaded once, into
`Resources`), and which notes are current already (a re-run skips them: see `run_key`).
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pipeline
from pipeline.config import Config, project_relative
from pipeline.document import Document, OfficialRecord
from pipeline.engines.collect import collect_inputs
from pipeline.engines.outdir import check_out_dir
from pipeline.errors import PipelineError
from pipeline.models.resolution import resolve_all
from pipeline.names import name_text, printable, safe_stem
from pipeline.stages import Resources
from pipeline.stages.ingest.official import read_official_record

log = logging.getLogger(__name__)


def output_stems(files: list[Path]) -> dict[Path, str]:
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


def _referenced_files(cfg: Config) -> dict[str, str]:
    """sha256 of the YAML/JSON files the config points at (taxonomy, cue lists): their content is
    configuration too. Keyed by the path as the configs write it (project-relative)."""
    hashes = {}
    for name, section in cfg.model_dump(mode="json").items():
        if name in _NOT_IN_RUN_KEY and _NOT_IN_RUN_KEY[name] is None:
            continue
        for value in (section.values() if isinstance(section, dict) else [section]):
            if isinstance(value, str) and value.endswith((".yaml", ".yml", ".json")):
                path = Path(value)  # absolute since load_config
                if path.is_file():
                    hashes[project_relative(value)] = file_sha256(path)
    return hashes


def run_key(input_sha256: str, cfg: Config, models: dict[str, dict[str, str | None]],
            official: OfficialRecord | None = None) -> str:
    """Hash of everything a note depends on; equal keys mean the note would come out the same.
    `official`: the letter's official record (its fetch sidecar), which fills and checks the note's
    metadata; a sidecar that cannot be used counts as none."""
    settings = cfg.settings()
    for key, fields in _NOT_IN_RUN_KEY.items():
        if fields is None:
            settings.pop(key, None)
        elif key in settings:
            settings[key] = {k: v for k, v in settings[key].items() if k not in fields}
    content = {"input_sha256": input_sha256, "config": settings, "files": _referenced_files(cfg),
               "models": models, "pipeline_version": pipeline.__version__}
    if official is not None:  # absent otherwise, so the keys of letters without a sidecar stay as they were
        content["official"] = official.model_dump(mode="json", exclude={"mismatches"})
    blob = json.dumps(content, sort_keys=True).encode()
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
    resources: Resources  # the side files, loaded and validated once
    todo: list[Path] = field(default_factory=list)
    current: dict[Path, Document] = field(default_factory=dict)  # skipped: their note is current
    failed: dict[str, dict] = field(default_factory=dict)  # refused before any work
    ignored: dict[str, dict] = field(default_factory=dict)  # folder entries that are not letters


def plan_batch(inputs: list[Path], out_dir: Path, cfg: Config, force: bool = False, *, dry_run: bool = False,
               sort: bool = True) -> BatchPlan:
    """The pre-flight: collect the letters, resolve the models, check every configured file and the
    output folder (created unless `dry_run`), then (with `sort`) sort the letters into to-do and
    current (skipped unless `force`). Raises only for run-wide problems; no model is loaded."""
    refused: dict[str, dict] = {}
    ignored: dict[str, dict] = {}
    files = collect_inputs(inputs, refused, ignored)
    resolved = resolve_all(cfg)  # fail before any work when a model is missing
    resources = Resources.load(cfg)  # a bad taxonomy, cue list or glossary stops the batch here, too
    check_out_dir(out_dir, create=not dry_run)
    plan = BatchPlan(files, output_stems(files), _labels(files), resolved, models_key(resolved), resources,
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
                key = run_key(file_sha256(path), cfg, plan.models_used, read_official_record(path)[0])
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


def disk_full(exc: BaseException) -> bool:
    """A write failed for want of space (the disk, or the user's quota), not because of the letter."""
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)
