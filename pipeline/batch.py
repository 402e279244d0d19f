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

import hashlib
import json
import logging
import os
import re
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pipeline
from pipeline.classify import Taxonomy, ZeroShotScorer, classify, load_taxonomy, zero_shot_scorer
from pipeline.config import Config, resolve_path
from pipeline.deadline import Deadline, DeadlineBackend
from pipeline.document import Document
from pipeline.errors import InputError, PipelineError
from pipeline.ingest import SUPPORTED_SUFFIXES, ingest
from pipeline.keyfacts import extract_key_facts, fill_key_fact_translations, load_key_fact_cues
from pipeline.render import IndexEntry, atomic_write, render_index, write_note
from pipeline.segment import segment

log = logging.getLogger(__name__)


@dataclass
class BatchResult:
    written: dict[str, list[Path]] = field(default_factory=dict)  # input name → files
    skipped: dict[str, list[Path]] = field(default_factory=dict)  # input name → its current files
    failed: dict[str, dict] = field(default_factory=dict)  # input name → error record
    seconds: float = 0.0
    # Fidelity flags left in the notes written by this run, by kind (glossary, number, degenerate).
    fidelity_flags: dict[str, int] = field(default_factory=dict)


def collect_inputs(paths: list[Path], refused: dict[str, dict] | None = None) -> list[Path]:
    """Expand folders (sorted, supported suffixes only, hidden files skipped); keep files as given.

    A symlink in a folder is followed only when its target lies inside that folder; one pointing
    outside (or nowhere) is refused: recorded in `refused` (name → error record) when given.
    Files named on the command line are taken as given.
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            root = path.resolve()
            for p in sorted(path.iterdir()):
                if p.name.startswith(".") or p.suffix.lower() not in SUPPORTED_SUFFIXES:
                    continue
                if p.is_symlink():
                    target = p.resolve()
                    if root not in target.parents or not target.is_file():
                        err = InputError(f"symlink points outside the input folder (to {target}); not followed"
                                         if root not in target.parents else f"symlink to a missing file ({target})",
                                         path=p, stage="collect",
                                         fix="copy the letter into the input folder instead of linking to it")
                        log.error("%s", err)
                        if refused is not None:
                            refused[p.name] = err.as_dict()
                        continue
                if p.is_file():
                    files.append(p)
        elif path.is_file():
            files.append(path)
        else:
            raise InputError("input path does not exist", path=path, stage="collect",
                             fix="pass existing files or folders of .txt/.pdf/.html/.xml letters")
    if not files and not refused:
        raise InputError("no letters found (supported: " + ", ".join(SUPPORTED_SUFFIXES) + ")",
                         path=", ".join(map(str, paths)), stage="collect",
                         fix="point IN= at a folder that holds Kamerbrieven")
    return files


def analyse(path: Path, cfg: Config, taxonomy: Taxonomy, deadline: Deadline | None = None,
            scorer: ZeroShotScorer | None = None) -> Document:
    """The model-free part of the pipeline: ingest → segment → classify → key facts (within `deadline`)."""
    doc = ingest(path, cfg.ingest, deadline)
    if deadline is not None:
        deadline.check("segment")
    doc = segment(doc, cfg.segment)
    if deadline is not None:
        deadline.check("classify")
    doc = classify(doc, taxonomy, scorer)
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
    """The name a letter goes by in results and errors.json: its file name, or its path when two
    inputs share a name."""
    names = [f.name for f in files]
    return {f: f.name if names.count(f.name) == 1 else str(f) for f in files}


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


# atomic_write's temporary files: .<name>.<pid>.<8 hex>.tmp
_TEMP_FILE = re.compile(r"^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def remove_stale_temp_files(out_dir: Path) -> int:
    """Delete temporary files left in OUT by runs that were killed (their process is gone)."""
    removed = 0
    for path in out_dir.iterdir():
        match = _TEMP_FILE.match(path.name)
        if match and not _alive(int(match[1])):
            path.unlink(missing_ok=True)
            removed += 1
    if removed:
        log.info("removed %d temporary file(s) left by an interrupted run", removed)
    return removed


def run_translate(inputs: list[Path], out_dir: Path, cfg: Config, progress: bool = True,
                  force: bool = False) -> BatchResult:
    """Translate and summarize every letter under `inputs` into notes in `out_dir`.

    Letters whose note in `out_dir` is current are skipped unless `force`.
    """
    from tqdm.auto import tqdm

    from pipeline import models
    from pipeline.cache import TranslationCache
    from pipeline.fidelity import CheckedTranslator, load_glossary, translate_document_checked
    from pipeline.summarize import Summarizer, summarize_document
    from pipeline.translate import Translator

    started = time.perf_counter()
    refused: dict[str, dict] = {}
    files = collect_inputs(inputs, refused)
    resolved = models.resolve_all(cfg)  # fail before any work when a model is missing
    taxonomy = load_taxonomy(resolve_path(cfg.classify.taxonomy))
    scorer = zero_shot_scorer(cfg)  # None with the default cue scorer
    load_key_fact_cues(resolve_path(cfg.keyfacts.cues))  # a bad cues file stops the batch before any work
    glossary = load_glossary(cfg.translate.glossary)  # so does a bad glossary
    models_dir = resolve_path(cfg.models_dir)
    # Backends that check the letter's time budget before every model call.
    t_backend = DeadlineBackend(models.load_backend(resolved["translate"], cfg.translate, cfg.threads, models_dir),
                                "translate")
    s_backend = DeadlineBackend(models.load_backend(resolved["summarize"], cfg.summarize, cfg.threads, models_dir),
                                "summarize")
    cache = TranslationCache(resolve_path(cfg.cache.path), cfg.cache.max_entries) if cfg.cache.enabled else None
    translator = Translator(t_backend, cfg.translate, cache)
    checker = CheckedTranslator(translator, cfg.translate, glossary)
    summarizer = Summarizer(s_backend, cfg.summarize)

    out_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_temp_files(out_dir)
    result = BatchResult(failed=dict(refused))
    entries: list[IndexEntry] = []
    stems = _output_stems(files)
    labels = _labels(files)
    models_used = models_key(resolved)
    formats = cfg.render.formats
    for path in tqdm(files, desc="letters", unit="letter", disable=not progress):
        name, stem = labels[path], stems[path]
        deadline = Deadline(cfg.ingest.max_seconds_per_letter, source=str(path))
        t_backend.deadline = s_backend.deadline = deadline
        stage = "ingest"
        try:
            done = None
            if not force and path.stat().st_size <= cfg.ingest.max_file_mb * 1024 * 1024:
                done = current_note(out_dir, stem, run_key(file_sha256(path), cfg, models_used), formats)
            if done is not None:
                log.info("%s: note is current, skipped", name)
                result.skipped[name] = [out_dir / f"{stem}.{fmt}" for fmt in formats]
                entries.append(IndexEntry.of(stem, done))
                continue
            doc = analyse(path, cfg, taxonomy, deadline, scorer)
            n_sentences = sum(len(p.sentences) for s in doc.sections for p in s.paragraphs)
            log.info("%s: %d sections, %d sentences", path.name, len(doc.sections), n_sentences)
            stage = "translate"
            deadline.check(stage)
            doc = translate_document_checked(doc, checker, progress=progress)
            doc = fill_key_fact_translations(doc)
            stage = "summarize"
            deadline.check(stage)
            doc = summarize_document(doc, summarizer)
            stage = "render"
            deadline.check(stage)
            doc.provenance.created = datetime.now(timezone.utc).isoformat(timespec="seconds")
            # the key of the content actually ingested, even if the file changed meanwhile
            doc.provenance.run_key = run_key(doc.provenance.input_sha256 or "", cfg, models_used)
            result.written[name] = write_note(doc, out_dir, stem, formats)
            for kind, n in (doc.provenance.fidelity.flags if doc.provenance.fidelity else {}).items():
                result.fidelity_flags[kind] = result.fidelity_flags.get(kind, 0) + n
            entries.append(IndexEntry.of(stem, doc))
        except PipelineError as exc:
            log.error("%s", exc)
            result.failed[name] = exc.as_dict() | {"path": str(path)}
        except OSError as exc:  # reading the input or writing the note
            log.error("%s: %s", path, exc)
            result.failed[name] = {"error": type(exc).__name__, "path": str(path), "stage": stage,
                                   "message": f"cannot read the input or write the note: {exc}",
                                   "fix": f"check the file's permissions, and free space and permissions in {out_dir}"}
        except Exception as exc:  # a bug on one letter must not cost the rest of the batch
            log.exception("%s: unexpected error", path)
            result.failed[name] = {"error": type(exc).__name__, "path": str(path), "stage": stage,
                                   "message": str(exc),
                                   "fix": "this is a bug: please report it with the input file"}
        finally:
            t_backend.deadline = s_backend.deadline = None
    failures = {k: v["message"] for k, v in result.failed.items()}
    atomic_write(out_dir / "index.md", render_index(entries, failures))
    if "html" in formats:
        from pipeline.render_html import render_index_html

        atomic_write(out_dir / "index.html", render_index_html(entries, failures))
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
