"""`make bench-models` / ``python -m benchmarks.bench_models``: how long `make models` takes, how much
memory and disk it needs.

Our machines reach no hub, so the benchmark serves the models from the local hub
(pipeline/testing/hub_server.py) on 127.0.0.1: full-size checkpoints with the real architectures and
random weights (benchmarks/bench_setup.build_bench_models, built once into ``models/bench/``), laid
out as the real repositories are (pipeline/testing/hub_repos.py: Marian in safetensors, distilBART as
``pytorch_model.bin`` only). Then ``python -m pipeline models`` runs twice in a fresh subprocess with
``HF_ENDPOINT`` pointing at that hub and an empty ``models_dir``:

1. first: download, verify, convert ``.bin`` to safetensors, convert both to CTranslate2;
2. second: everything is there (it only asks the hub which commit the revision is).

Per run: wall seconds, peak RSS of the ``models`` process tree (sampled; and the kernel's VmHWM of the
``models`` process itself), the requests the hub saw by kind. Afterwards the disk each model folder takes, in
decimal MB (apparent size, as ``du -sb``): checkpoint (with its ``.cache``) and ``ctranslate2/``.
Without internet transfer the first run's time is the local work only; add download time at your
bandwidth. Writes ``OUT/report.json`` and ``OUT/report.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.bench import machine_description
from benchmarks.bench_batch import tree_rss_mb
from benchmarks.bench_setup import build_bench_models, progress
from pipeline.config import PROJECT_ROOT
from pipeline.models.conversion import CT2_SUBDIR
from pipeline.testing.hub_repos import HubRepo, bart_repo, marian_repo
from pipeline.testing.hub_server import LocalHub, Request

REPORT_VERSION = 1
MB = 1000 * 1000  # decimal, as the hub and download sizes are given
MIB = 1024 * 1024
RUNS = ("first", "second")


# ---------------------------------------------------------------------------------- measurement


def request_kind(request: Request) -> str:
    """``metadata`` (model info, file tree, the HEAD before each file) or ``file`` (a file's bytes)."""
    if request.method == "GET" and (request.origin == "cdn" or "/resolve/" in request.path):
        return "file"
    return "metadata"


def count_requests(requests: list[Request]) -> dict[str, int]:
    counts = {"metadata": 0, "file": 0}
    for request in requests:
        counts[request_kind(request)] += 1
    return {**counts, "total": len(requests)}


def tree_bytes(folder: Path, skip: str | None = None) -> int:
    """Apparent size of every file under `folder` (``du -sb``), leaving out the top-level `skip`."""
    total = 0
    for root, dirs, files in os.walk(folder):
        if skip and Path(root) == folder and skip in dirs:
            dirs.remove(skip)
        total += sum(os.lstat(os.path.join(root, name)).st_size for name in files)
    return total


def disk_usage(models_dir: Path) -> dict[str, dict[str, float]]:
    """Per model folder: checkpoint (everything but ctranslate2/), ctranslate2/, total; decimal MB."""
    usage = {}
    for folder in sorted(p for p in models_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
        checkpoint, ct2 = tree_bytes(folder, skip=CT2_SUBDIR), tree_bytes(folder / CT2_SUBDIR)
        usage[folder.name] = {"checkpoint_mb": round(checkpoint / MB, 1), "ctranslate2_mb": round(ct2 / MB, 1),
                              "total_mb": round((checkpoint + ct2) / MB, 1)}
    return usage


def hwm_mb(pid: int) -> float:
    """The kernel's peak resident set (VmHWM) of `pid` since its exec, in MiB (0 when it is gone).

    Not wait4's ru_maxrss: Linux carries the parent's peak over fork and exec into it, and this
    process holds the hub's weights."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


def run_models(cmd: list[str], env: dict[str, str], interval: float, logs: Path) -> dict[str, Any]:
    """Run `cmd` once; its wall time, exit code, the sampled peak RSS of its process tree and the
    kernel's peak RSS (VmHWM) of the `models` process itself, read at every sample."""
    started = time.perf_counter()
    # Output to files, not pipes: a pipe nobody reads while we sample could fill and stall the child.
    with open(logs / "stdout.txt", "wb") as out, open(logs / "stderr.txt", "wb") as err:
        proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=err)
    peak = hwm = 0.0
    try:
        while True:
            pid, status = os.waitpid(proc.pid, os.WNOHANG)
            if pid:
                break
            peak, hwm = max(peak, tree_rss_mb(proc.pid)), max(hwm, hwm_mb(proc.pid))
            time.sleep(interval)
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {"exit_code": proc.returncode, "seconds": round(wall, 2), "peak_rss_tree_mb": round(peak, 1),
            "peak_rss_hwm_mb": round(hwm, 1),
            "stdout": (logs / "stdout.txt").read_text("utf-8", errors="replace"),
            "stderr_tail": (logs / "stderr.txt").read_text("utf-8", errors="replace")[-2000:]}


def bench(checkpoints: dict[str, Path], work: Path, interval: float = 0.1) -> dict[str, Any]:
    """Serve `checkpoints` (translate, summarize) as the real repositories and run `models` twice."""
    repos: list[HubRepo] = [marian_repo(checkpoints["translate"]), bart_repo(checkpoints["summarize"])]
    summarize_commit = repos[1].commit
    shutil.rmtree(work, ignore_errors=True)
    models_dir, hf_home = work / "models", work / "hf-home"
    models_dir.mkdir(parents=True)
    hub = LocalHub({repo.repo_id: repo for repo in repos}).start()
    try:
        offline = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HUB_CACHE")
        env = {k: v for k, v in os.environ.items() if k not in offline}
        env.update(HF_ENDPOINT=hub.url, HF_HOME=str(hf_home), NO_PROXY="127.0.0.1", no_proxy="127.0.0.1",
                   HF_HUB_DISABLE_TELEMETRY="1", HF_HUB_DISABLE_PROGRESS_BARS="1")
        # default.yaml pins distilBART's real commit; the local repository has its own.
        cmd = [sys.executable, "-m", "pipeline", "models", "--set", f"models_dir={models_dir}",
               "--set", f"summarize.revision={summarize_commit}"]
        runs = {}
        for name in RUNS:
            seen = len(hub.log)
            progress(f"  {name} `models` run ...")
            result = run_models(cmd, env, interval, work)
            result["requests"] = count_requests(hub.requests_since(seen))
            progress(f"  {name}: exit {result['exit_code']}, {result['seconds']} s, "
                     f"peak RSS {result['peak_rss_tree_mb']} MiB, {result['requests']['total']} requests")
            runs[name] = result
    finally:
        hub.stop()
    repo_sizes = {repo.repo_id: {name: round(len(data) / MB, 1) for name, data in sorted(repo.files.items())}
                  for repo in repos}
    return {"runs": runs, "disk": disk_usage(models_dir), "repositories_mb": repo_sizes}


# ---------------------------------------------------------------------------------- the report


def git_commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_ROOT, capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=PROJECT_ROOT,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head}{' (uncommitted changes)' if dirty else ''}"


def render_report(report: dict[str, Any]) -> str:
    lines = [
        "# `make models` against the local hub (`make bench-models`)", "",
        f"Checkpoints: {report['checkpoints']}. Commit {report['commit']}. Machine: {report['machine']}. "
        f"Load average (1 min) at start {report['load_average']['start']:.1f}, at end "
        f"{report['load_average']['end']:.1f}.", "",
        "| run | exit | wall s | peak RSS tree MiB | peak RSS (VmHWM) of `models` MiB | metadata requests | file GETs |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in report["runs"].items():
        q = r["requests"]
        lines.append(f"| {name} | {r['exit_code']} | {r['seconds']:.1f} | {r['peak_rss_tree_mb']:.0f} | "
                     f"{r['peak_rss_hwm_mb']:.0f} | {q['metadata']} | {q['file']} |")
    lines += ["", "| model folder | checkpoint MB | ctranslate2 MB | total MB |", "|---|---:|---:|---:|"]
    for name, d in report["disk"].items():
        lines.append(f"| {name} | {d['checkpoint_mb']:.1f} | {d['ctranslate2_mb']:.1f} | {d['total_mb']:.1f} |")
    total = sum(d["total_mb"] for d in report["disk"].values())
    lines += [f"| all | | | {total:.1f} |", "",
              "MB = 10^6 bytes, apparent size (`du -sb`); RSS in MiB. The hub is local: no internet transfer "
              "is in these times (add the download at your bandwidth).", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_models",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "out" / "bench-models")
    parser.add_argument("--models", type=Path, default=PROJECT_ROOT / "models" / "bench",
                        help="where the full-size random checkpoints are built (once) and reused")
    parser.add_argument("--interval", type=float, default=0.1, help="seconds between RSS samples")
    args = parser.parse_args(argv)
    load_start = os.getloadavg()[0]
    progress(f"checkpoints in {args.models} (built once, reused later)")
    checkpoints = build_bench_models(args.models.resolve())
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    result = bench(checkpoints, out / "work", args.interval)
    machine = machine_description(threads=os.cpu_count() or 1)
    report = {"version": REPORT_VERSION, "commit": git_commit(), "machine": machine,
              "checkpoints": "full-size random weights, real architectures (benchmarks/bench_setup.py)",
              **result, "load_average": {"start": load_start, "end": os.getloadavg()[0]}}
    shutil.rmtree(out / "work", ignore_errors=True)  # ~2.3 GB of random weights
    (out / "report.json").write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    (out / "report.md").write_text(render_report(report), "utf-8")
    print(render_report(report))
    failed = [name for name, r in report["runs"].items() if r["exit_code"] != 0]
    if failed:
        print(f"`models` failed in run(s) {', '.join(failed)}:\n{report['runs'][failed[0]]['stderr_tail']}",
              file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
