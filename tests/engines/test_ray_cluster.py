"""The Ray engine (pipeline.engines.ray_cluster) against the local engine, on a local Ray instance with 2 CPUs:
same notes, same failures, same skipping on a re-run."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import SAMPLES

pytestmark = pytest.mark.slow

ray = pytest.importorskip("ray", reason="the Ray engine is an optional extra: pip install -e '.[ray]'")


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, logging_level="ERROR")
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def batch_dir(tmp_path_factory) -> Path:
    """The sample letters plus one that fails (empty), so failures travel through Ray too."""
    folder = tmp_path_factory.mktemp("letters")
    for path in SAMPLES.iterdir():
        shutil.copy(path, folder / path.name)
    (folder / "005_empty.txt").write_bytes(b"")
    return folder


@pytest.fixture(scope="module")
def config(tiny_overrides):
    from pipeline.config import load_config

    # No translation cache: each engine translates every sentence itself.
    return load_config(None, [*tiny_overrides, "cache.enabled=false", "threads=1"])


def _comparable(out: Path) -> dict[str, object]:
    """Every output file, with the creation time (the only thing allowed to differ) taken out."""
    files: dict[str, object] = {}
    for path in sorted(out.iterdir()):
        if path.suffix == ".json" and path.name != "errors.json":
            doc = json.loads(path.read_text("utf-8"))
            doc["provenance"].pop("created")
            files[path.name] = doc
        elif path.suffix in (".md", ".html"):
            files[path.name] = "\n".join(line for line in path.read_text("utf-8").splitlines()
                                         if "created" not in line)
        elif path.name == "errors.json":
            files[path.name] = json.loads(path.read_text("utf-8"))
        else:
            files[path.name] = path.stat().st_size > 0
    return files


def test_ray_engine_writes_what_the_local_engine_writes(local_ray, batch_dir, config, tmp_path):
    from pipeline.engines.local import run_translate
    from pipeline.engines.ray_cluster import run_translate_ray

    local = run_translate([batch_dir], tmp_path / "local", config, progress=False)
    distributed = run_translate_ray([batch_dir], tmp_path / "ray", config, progress=False)

    assert sorted(distributed.written) == sorted(local.written) and len(local.written) == 5
    assert sorted(distributed.failed) == sorted(local.failed) == ["005_empty.txt"]
    assert distributed.failed["005_empty.txt"]["stage"] == local.failed["005_empty.txt"]["stage"]
    assert distributed.fidelity_flags == local.fidelity_flags
    assert _comparable(tmp_path / "ray") == _comparable(tmp_path / "local")

    # A re-run on Ray skips every current note, exactly as the local engine would.
    again = run_translate_ray([batch_dir], tmp_path / "ray", config, progress=False)
    assert sorted(again.skipped) == sorted(local.written) and not again.written


def test_cli_runs_the_ray_engine(local_ray, tiny_overrides, tmp_path, capfd):
    from pipeline.cli import main

    letter = SAMPLES / "003_sample_letter.xml"
    overrides = [arg for o in [*tiny_overrides, "cache.enabled=false"] for arg in ("--set", o)]
    assert main(["-q", "translate", str(letter), "--out", str(tmp_path), "--engine", "ray", *overrides]) == 0
    assert {p.name for p in tmp_path.iterdir()} >= {"003_sample_letter.json", "003_sample_letter.md", "index.md"}
    err = capfd.readouterr().err  # the process's own stderr, where Ray's C++ core worker writes
    assert "1 note(s) written" in err
    # A successful run says nothing at error level: Ray core logged one line per pool actor (its
    # restart caveat) until the pools stopped asking for restarts.
    assert "core_worker" not in err and "max_restarts" not in err and "Warning" not in err


def test_address_without_ray_engine_is_refused(tmp_path, capsys):
    from pipeline.cli import main

    assert main(["translate", str(SAMPLES), "--out", str(tmp_path), "--address", "auto"]) == 2
    assert "--address needs --engine ray" in capsys.readouterr().err


@pytest.mark.parametrize("cpus,gpus,threads", [(2, 0, None), (2, 0, 2), (3, 0, 1), (16, 0, 4), (64, 0, None),
                                               (8, 1, None), (32, 4, 2)])
def test_actor_reservations_always_fit_the_cluster(monkeypatch, config, cpus, gpus, threads):
    """One actor of each model pool plus one analyse task must fit, or the dataset would stall."""
    from pipeline.engines import ray_cluster as ray_engine

    monkeypatch.setattr(ray, "cluster_resources", lambda: {"CPU": float(cpus), "GPU": float(gpus)})
    pool, cpus_per_actor, gpus_per_actor = ray_engine._resources(config.model_copy(update={"threads": threads}))
    assert pool >= 1
    assert 2 * cpus_per_actor + ray_engine._ANALYSE_CPUS <= cpus
    assert cpus_per_actor <= (threads or 1)
    if gpus:
        assert pool == gpus and 2 * gpus_per_actor <= 1  # a translate and a summarize actor share a GPU
    else:
        assert gpus_per_actor == 0 and pool * 2 * (threads or 1) <= max(cpus, 2 * (threads or 1))


def test_a_dead_cluster_fails_only_the_letters_not_yet_done(tmp_path):
    """Pool actors are not restarted: when one dies, the letters without an outcome fail with the cluster's
    error and a fix (run again); the notes already written and the failures already recorded stay."""
    from types import SimpleNamespace

    from pipeline.engines import ray_cluster as ray_engine
    from pipeline.engines.report import BatchCollector

    letters = [tmp_path / f"{n}.txt" for n in ("a", "b", "c")]
    plan = SimpleNamespace(todo=letters, labels={p: p.name for p in letters}, stems={p: p.stem for p in letters},
                           current={}, failed={}, ignored={})
    batch = BatchCollector(plan, tmp_path, ["md"])
    batch.result.written["a.txt"] = [tmp_path / "a.md"]
    batch.failed(letters[1], {"error": "InputError", "outcome": "failed", "stage": "ingest"})
    ray_engine._cluster_failed(plan, batch, ray.exceptions.ActorDiedError())
    assert sorted(batch.result.failed) == ["b.txt", "c.txt"] and batch.result.failed["b.txt"]["stage"] == "ingest"
    died = batch.result.failed["c.txt"]
    assert died["stage"] == "engine" and died["outcome"] == "failed" and "run the same command again" in died["fix"]
