"""The Ray engine: the same stages and the same outputs as the local engine (`pipeline.engines.local`),
spread over a Ray cluster or a local Ray instance (`kamerbrief translate IN --out DIR --engine ray`).

    driver   plan the batch (collect letters, resolve models, skip current notes) exactly as the
             local engine does, then write each note as it arrives (atomically, same files), and
             the index and errors.json at the end;
    stages   the same list as the local engine (pipeline.stages.PIPELINE), cut by what each stage
             needs (`Stage.needs`, see `stage_groups`): the stages that need no model run as one
             Ray Data task per letter (an actor pool instead when one of them loads a model anyway,
             zero-shot classify, so it loads once per worker); each stage that needs a model is a
             pool of actors: one model load per actor, half a GPU each when the cluster has GPUs
             (the translate and summarize pools fit on one GPU), up to `threads` CPUs each
             otherwise (see `_resources`).

A letter's failure travels with its row instead of being raised inside Ray, so one bad letter costs
only itself, and its time budget (`ingest.max_seconds_per_letter`) is carried from stage to stage.
Rows carry the Document as JSON, so workers on other machines need nothing but the project.

On a multi-node cluster every node reads the inputs by path and loads the models by their configured
id or folder: install the project, its models (`make models`) and the input folder at the same paths
on every node (a shared file system or one container image). Notes are written by the driver only.
"""

from __future__ import annotations

import json
import logging
import time
import warnings
from pathlib import Path
from typing import Any

from pipeline.config import Config
from pipeline.document import Document
from pipeline.engines.local import (BatchCollector, BatchResult, close_report, failure_record, finish_note,
                                    locked_batch, plan_batch)
from pipeline.engines.outdir import signals_stop_the_batch
from pipeline.errors import PipelineError, RunInterrupted
from pipeline.models.deadline import Deadline
from pipeline.names import name_text
from pipeline.stages import PIPELINE, STAGES, Resources, build_stages
from pipeline.stages.runner import run_stages

log = logging.getLogger(__name__)

_MAX_BLOCKS = 4096  # one Ray Data block per letter up to this many letters, so letters spread over workers


def stage_groups(cfg: Config, names: tuple[str, ...] = PIPELINE) -> list[tuple[tuple[str, ...], str]]:
    """`names` cut into the steps of the dataset, each with how it runs: "task" (stages that need no
    model, one task per letter), "pool" (such stages when one of them loads a model anyway: an actor
    pool, one load per actor) or "model" (one stage that needs a model: an actor pool with a model
    actor's resources)."""
    groups: list[tuple[tuple[str, ...], str]] = []
    free: list[str] = []
    for name in names:
        if STAGES[name].needs == "none":
            free.append(name)
            continue
        if free:
            groups.append(_free_group(cfg, free))
            free = []
        groups.append(((name,), "model"))
    if free:
        groups.append(_free_group(cfg, free))
    return groups


def _free_group(cfg: Config, names: list[str]) -> tuple[tuple[str, ...], str]:
    return tuple(names), "pool" if any(STAGES[name].loads_model(cfg) for name in names) else "task"


def _row(path: str, doc: Document | None = None, error: dict | None = None, spent: float = 0.0) -> dict[str, Any]:
    """One letter between steps: the Document as JSON, or the errors.json record that ended it."""
    return {"path": path, "doc": doc.to_json() if doc is not None else "",
            "error": json.dumps(error, ensure_ascii=False) if error is not None else "", "spent": spent}


class _Stages:
    """Some consecutive stages of the pipeline for one letter at a time; built (models loaded) once
    per actor, or per task."""

    def __init__(self, names: tuple[str, ...], cfg: Config, resources: Resources, resolved: dict[str, Any],
                 out_dir: str) -> None:
        self.cfg, self.out_dir = cfg, Path(out_dir)
        self.stages = build_stages(cfg, resources, resolved, names)
        self.reads_path = names[0] == PIPELINE[0]  # the first step gets the letter's path, not a Document

    def __call__(self, row: dict[str, Any]) -> dict[str, Any]:
        if row.get("error"):
            return row
        path = Path(row["path"])
        deadline = Deadline(self.cfg.ingest.max_seconds_per_letter, source=str(path), spent=row.get("spent", 0.0),
                            stage=self.stages[0].name)
        try:
            letter = path if self.reads_path else Document.model_validate_json(row["doc"])
            doc = run_stages(self.stages, letter, deadline)
        except Exception as exc:  # recorded in the row: one bad letter must not stop the dataset
            return _row(row["path"], error=failure_record(exc, path, deadline.stage, self.out_dir))
        return _row(row["path"], doc, spent=deadline.elapsed())


def _stages_task(row: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    return _Stages(**kwargs)(row)


def _ray_log_level() -> int:
    """Ray's own chatter (cluster start, dataset plans) only when this module's INFO is wanted (-v)."""
    return logging.INFO if log.isEnabledFor(logging.INFO) else logging.ERROR


def _connect(address: str | None) -> bool:
    """Join the cluster at `address` ("auto": the one `ray start` set up on this machine), or start
    a local instance when None. Returns whether this call started Ray (and so should stop it)."""
    try:
        import ray
    except ImportError as exc:
        raise PipelineError("the Ray engine needs Ray, which is not installed", stage="engine",
                            fix="pip install -e '.[ray]' (or use the default --engine local)") from exc
    if ray.is_initialized():
        return False
    try:
        ray.init(address=address, include_dashboard=False, logging_level=_ray_log_level())
    except (ConnectionError, RuntimeError, ValueError) as exc:
        raise PipelineError(f"cannot connect to a Ray cluster at {address!r}: {exc}", stage="engine",
                            fix="start one with `ray start --head` (then --address auto), give the head's "
                                "address (--address ray://HOST:10001), or leave --address out to run Ray "
                                "on this machine only") from exc
    return True


# Ray Data hands a pool's actors their constructor arguments through the object store and by default
# restarts a dead actor (max_restarts=-1). Ray cannot honour such a restart once those arguments are
# gone (ray-project/ray#53727), and its core worker logs an error-level line saying so for every actor it
# creates (#57733): on every run, successful or not. So no restarts (the option Ray Data documents for
# this, max_restarts=0); a dead actor ends the dataset and its unfinished letters are reported as failed
# (`_cluster_failed`), to be redone by running the same command again. Ray 2.60 deprecates remote
# arguments given as `map` keywords (removal announced for 2.64) but offers no other way to set this one:
# its deprecation warning is silenced where the pools are built (`_map_pool`).
_ACTOR_OPTIONS = {"max_restarts": 0}


_ANALYSE_CPUS = 0.5  # ingest/segment/classify tasks are light; a model actor never starves them


# One actor pool per stage that needs a model (translate, summarize).
_MODEL_STAGES = tuple(name for name in PIPELINE if STAGES[name].needs != "none")


def _resources(cfg: Config) -> tuple[int, float, float]:
    """(actors per model pool, CPUs per actor, GPUs per actor) for this cluster.

    With GPUs (and a device other than cpu) each pool gets one actor per GPU, the pools sharing each
    GPU evenly (a translate and a summarize actor, half a GPU each). On CPUs each actor runs `threads`
    threads (1 when unset), the pools share the CPUs, and the reservations always leave room for an
    analyse task: an actor that waits forever for CPUs another pool holds would stall the whole dataset.
    """
    import ray

    resources = ray.cluster_resources()
    cpus = float(resources.get("CPU", 1))
    gpus = int(resources.get("GPU", 0))
    threads = cfg.threads or 1
    pools = len(_MODEL_STAGES)
    if gpus and any(getattr(cfg, STAGES[name].needs).device != "cpu" for name in _MODEL_STAGES):
        pool = gpus
    else:
        pool = max(1, int(cpus // (pools * threads)))
    cpus_per_actor = max(0.01, min(float(threads), (cpus - _ANALYSE_CPUS) / (pools * pool)))
    return pool, cpus_per_actor, (1 / pools if gpus and pool == gpus else 0.0)


def run_translate_ray(inputs: list[Path], out_dir: Path, cfg: Config, progress: bool = True,
                      force: bool = False, address: str | None = None) -> BatchResult:
    """`pipeline.engines.local.run_translate` on Ray: same skipping, failures, files, lock and result."""
    started = time.perf_counter()
    with signals_stop_the_batch() as signals:
        plan = plan_batch(inputs, out_dir, cfg, force, sort=False)
        with locked_batch(plan, out_dir, cfg, force, f"kamerbrief translate --engine ray --out {out_dir}",
                          signals) as batch:
            if plan.todo:
                try:
                    signals.stop_if_pending()  # came while OUT was being locked and set up
                    _run_on_ray(plan, batch, out_dir, cfg, progress, address, signals)
                except RunInterrupted as stop:  # the letters in flight on the cluster are abandoned
                    batch.interrupted(stop, None, "translate")
            result = close_report(batch, signals, started)
    return result


def _run_on_ray(plan: Any, batch: BatchCollector, out_dir: Path, cfg: Config, progress: bool,
                address: str | None, signals: Any) -> None:
    from tqdm.auto import tqdm

    started_ray = _connect(address)
    try:
        import ray.data
        import ray.exceptions
        from ray.data import ActorPoolStrategy

        # Ray Data sets up its own loggers when imported: quieten them as _connect does Ray's.
        logging.getLogger("ray.data").setLevel(_ray_log_level())
        ray.data.DataContext.get_current().enable_progress_bars = False  # ours counts letters
        pool, cpus, gpus = _resources(cfg)
        log.info("Ray engine: %d letter(s), %d actor(s) per model stage, %g GPU and %g CPU each",
                 len(plan.todo), pool, gpus, cpus)
        out = str(out_dir)
        ds = ray.data.from_items([{"path": str(p)} for p in plan.todo],
                                 override_num_blocks=min(len(plan.todo), _MAX_BLOCKS))
        for names, runs_as in stage_groups(cfg):
            kwargs = {"names": names, "cfg": cfg, "resources": plan.resources, "resolved": plan.resolved,
                      "out_dir": out}
            if runs_as == "task":
                ds = ds.map(_stages_task, fn_kwargs=kwargs, num_cpus=_ANALYSE_CPUS)
            elif runs_as == "pool":
                ds = _map_pool(ds, kwargs, ActorPoolStrategy(min_size=1, max_size=pool), num_cpus=_ANALYSE_CPUS)
            else:
                ds = _map_pool(ds, kwargs, ActorPoolStrategy(min_size=1, max_size=pool), num_cpus=cpus, num_gpus=gpus)
        by_path = {str(p): p for p in plan.todo}
        try:
            for row in tqdm(ds.iter_rows(), total=len(plan.todo), desc="letters", unit="letter",
                            disable=not progress):
                signals.stop_if_pending()
                path = by_path[row["path"]]
                if row["error"]:
                    batch.failed(path, json.loads(row["error"]))
                    continue
                doc = Document.model_validate_json(row["doc"])
                try:
                    with signals.defer(then_stop=True):  # a note is written whole, and recorded
                        batch.written(path, doc, finish_note(doc, cfg, plan.models_used, out_dir, plan.stems[path]))
                except Exception as exc:  # one letter's note, not the batch
                    batch.failed(path, failure_record(exc, path, "render", out_dir))
        except ray.exceptions.RayError as exc:  # the cluster, not a letter: letters fail inside their rows
            _cluster_failed(plan, batch, exc)
    finally:
        if started_ray:
            import ray

            ray.shutdown()


def _map_pool(ds: Any, kwargs: dict[str, Any], compute: Any, **resources: float) -> Any:
    """`ds` mapped through an actor pool of `_Stages`, its actors never restarted (see _ACTOR_OPTIONS)."""
    from ray.util.annotations import RayDeprecationWarning

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="`ray_remote_args` is deprecated", category=RayDeprecationWarning)
        return ds.map(_Stages, fn_constructor_kwargs=kwargs, compute=compute, **resources, **_ACTOR_OPTIONS)


def _cluster_failed(plan: Any, batch: BatchCollector, exc: Exception) -> None:
    """Every letter without an outcome yet fails with the cluster's error (a dead actor or node)."""
    reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]
    log.error("the Ray cluster failed: %s", reason)
    for path in plan.todo:
        label = plan.labels[path]
        if label not in batch.result.written and label not in batch.result.failed:
            batch.failed(path, {"error": type(exc).__name__, "outcome": "failed", "path": name_text(path),
                                "stage": "engine", "message": f"the Ray cluster failed before this letter was done: "
                                                              f"{reason}",
                                "fix": "run the same command again (finished notes are kept and skipped); if a "
                                       "worker keeps dying, give the model actors more memory or fewer threads"})
