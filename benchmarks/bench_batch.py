"""`make bench-batch` / ``python -m benchmarks.bench_batch``: does memory stay flat over a big batch?

Users leave the pipeline running on folders of thousands of letters, so a batch must stream: peak
memory may depend on the largest letter and the models, never on how many letters the batch holds.
This benchmark checks that, and measures throughput, with the tiny models (so it runs offline, on
any machine, in minutes rather than hours):

1. **A synthetic batch**, generated deterministically (``--seed``) from the sample letters in
   ``--letters-dir`` (``000_…`` and ``004_…``): the samples are read with the pipeline's own
   ingest/segment (``pipeline.engines.local.analyse``), and each synthetic letter is a plain-text letter —
   letter head (house, session year, dossier, ``Nr. … BRIEF VAN …``, salutation, ``Den Haag, <date>``),
   an opening paragraph, 1–8 sections (5 % of letters: 10–16) each taking a run of paragraphs of one
   sample section, and a closing with signature — so lengths range from under a thousand characters
   to about 15,000. Letter 0 is the longest possible one (every paragraph of both samples, ~25,000
   characters), so every batch size holds the letter that needs the most memory. Letter *i* is the
   same in every batch size (its own seeded generator), so the batch of 100 is the first 100 letters
   of the batch of 1,000. Every letter has its own number, date, sender and section mix, and two
   lower-case words of every sentence are swapped for other words of the samples, so sentences do
   not repeat across letters: the pipeline translates each distinct sentence once per process (the
   Translator's in-process memo) and once per cache, and with repeated sentences the benchmark would
   time lookups, not translation. The persistent translation cache is also **disabled**
   (``cache.enabled=false``), so nothing is written to ``models/cache.sqlite`` and a second run
   costs the same as the first.
2. **One fresh process per batch size** runs the real CLI (``python -m pipeline translate``) with the
   default output formats and ``--force``, so each size's memory is its own. While it runs, the
   resident memory of its process tree is sampled every ``--interval`` seconds together with the
   number of notes written (each letter's ``.json`` is written last, so the count is letters done);
   after it exits, its kernel peak RSS comes from ``wait4`` (``ru_maxrss``) and its per-letter
   finishing times from the notes' mtimes.
3. **A report**: per size, letters ok/failed, wall seconds, seconds to the first note (start-up and
   model load plus one letter), letters/min over the whole run and after the first note, median
   seconds per letter, peak RSS, RSS when 10 %, 50 % and 100 % of the letters were done, and the RSS
   slope (KiB per letter, least squares over the samples after 10 %). The verdict is **flat** when the
   largest size's peak RSS exceeds the smallest's by at most ``--tolerance-pct`` percent or
   ``--tolerance-mb`` MiB, whichever is larger (defaults 10 % / 20 MiB: a leak of ~25 KiB per letter
   already fails at 1,000 letters); otherwise the exit status is 1.

``--threads`` (default 1) sets the model stages' CPU threads. On small machines with the tiny models,
thread hand-offs cost more than the tiny matrix products they split: on the 2-core machine this was
written on, one letter took ~5x longer with 2 threads than with 1 (most of it system time).

Writes ``OUT/letters-<n>/`` (the generated letters), ``OUT/runs/<n>/`` (the notes and the CLI's log),
``OUT/report.md`` and ``OUT/report.json``. Exit status: 0 flat; 1 RSS grows or a letter failed;
2 the benchmark could not run (no sample letters, a model missing, the CLI refused to start).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.synthetic_batch import SOURCE_LETTERS, generate_batch, load_pool, synthetic_letter
from pipeline.config import PROJECT_ROOT, Config, load_config, resolve_path
from pipeline.errors import InputError, PipelineError
from pipeline.testing.tiny_models import build_tiny_models, default_corpus

DEFAULT_LETTERS_DIR = PROJECT_ROOT / "data" / "kamerbrieven"
DEFAULT_CONFIG = PROJECT_ROOT / "configs" / "tiny.yaml"
DEFAULT_SIZES = (100, 1000)
REPORT_VERSION = 1
MIB = 1024 * 1024


# ---------------------------------------------------------------------------------- measurement


def _proc_rss_bytes(pid: int) -> int:
    """Resident memory of `pid` from /proc (0 when it is gone or /proc is unavailable)."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _proc_children(pid: int) -> list[int]:
    """Direct children of `pid` (Linux /proc; empty where it is unavailable)."""
    children: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                children.extend(int(c) for c in handle.read().split())
    except (OSError, ValueError):
        pass
    return children


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MiB (psutil when installed, else
    /proc). Summing the tree catches work a child hands to its own subprocesses."""
    try:
        import psutil
    except ImportError:
        psutil = None
    if psutil is not None:
        try:
            proc = psutil.Process(pid)
            procs = [proc, *proc.children(recursive=True)]
        except psutil.Error:
            return 0.0
        total = 0
        for p in procs:
            try:
                total += p.memory_info().rss
            except psutil.Error:
                continue  # exited between listing and reading
        return total / MIB
    total, todo, seen = 0, [pid], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        total += _proc_rss_bytes(current)
        todo.extend(_proc_children(current))
    return total / MIB


def _notes_done(out_dir: Path) -> int:
    """Letters finished so far: each letter's .json is written last (errors.json is the batch's)."""
    try:
        return sum(1 for e in os.scandir(out_dir)
                   if e.name.endswith(".json") and not e.name.startswith(".") and e.name != "errors.json")
    except OSError:
        return 0


def _wait(proc: subprocess.Popen[bytes], block: bool) -> tuple[int | None, float | None]:
    """(exit code, the child's own peak RSS in MiB) once it has exited, else (None, None).

    ``wait4`` reports the rusage of that one child; ``RUSAGE_CHILDREN`` would mix in earlier runs.
    """
    if not hasattr(os, "wait4"):
        code = proc.wait() if block else proc.poll()
        return code, None
    pid, status, usage = os.wait4(proc.pid, 0 if block else os.WNOHANG)
    if pid == 0:
        return None, None
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    return proc.returncode, usage.ru_maxrss * scale / MIB


@dataclass
class Sample:
    seconds: float
    rss_mb: float
    done: int


def run_size(letters: Path, out_dir: Path, config: Path, overrides: list[str], n: int,
             interval: float = 0.2) -> dict[str, Any]:
    """Run the CLI on `letters` in a fresh process; sample its memory and progress; return figures."""
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    log_path = out_dir.parent / f"{out_dir.name}.log"
    cmd = [sys.executable, "-m", "pipeline", "-q", "translate", str(letters), "--out", str(out_dir),
           "--config", str(config), "--force"]
    for item in overrides:
        cmd += ["--set", item]
    env = dict(os.environ, TOKENIZERS_PARALLELISM="false")
    samples: list[Sample] = []
    load_before = _load_average()
    with log_path.open("wb") as log:
        started = time.perf_counter()
        start_wall = time.time()
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=PROJECT_ROOT)
        try:
            code, kernel_peak = None, None
            while code is None:
                rss = tree_rss_mb(proc.pid)
                if rss > 0:  # 0: the process exited (or /proc is unreadable) between two polls
                    samples.append(Sample(time.perf_counter() - started, rss, _notes_done(out_dir)))
                code, kernel_peak = _wait(proc, block=False)
                if code is None:
                    time.sleep(interval)
        finally:
            if proc.returncode is None:  # interrupted: do not leave the child running
                proc.kill()
                _wait(proc, block=True)
        wall = time.perf_counter() - started
    load_after = _load_average()
    if code == 2 or _notes_done(out_dir) == 0:
        tail = log_path.read_text("utf-8", errors="replace")[-2000:]
        raise PipelineError(f"the pipeline did not run on the synthetic batch (exit {code}); its output "
                            f"ends with:\n{tail}", path=log_path, stage="bench-batch",
                            fix="run the command in the log by hand; `make tiny-models` if a model is missing")
    errors_path = out_dir / "errors.json"
    failed = json.loads(errors_path.read_text("utf-8")) if errors_path.is_file() else {}
    return summarise_run(n, samples, _finish_times(out_dir, start_wall), wall, code, kernel_peak,
                         failed, {"load_before": load_before, "load_after": load_after,
                                  "command": " ".join(cmd), "log": str(log_path)})


def _load_average() -> float | None:
    """The 1-minute load average: other work on the machine, which makes the timings noisy."""
    return round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None


def _finish_times(out_dir: Path, start_wall: float) -> list[float]:
    """Seconds from the start at which each letter's note was complete (its .json's mtime), sorted."""
    return sorted(e.stat().st_mtime - start_wall for e in os.scandir(out_dir)
                  if e.name.endswith(".json") and not e.name.startswith(".") and e.name != "errors.json")


def _rss_at(samples: list[Sample], done: int) -> float | None:
    """RSS at the first sample taken once `done` letters were finished (the last sample if none)."""
    for s in samples:
        if s.done >= done:
            return round(s.rss_mb, 1)
    return round(samples[-1].rss_mb, 1) if samples else None


def _slope_kib_per_letter(samples: list[Sample], from_done: int) -> float | None:
    """Least-squares slope of RSS against letters done, over samples after `from_done` letters."""
    points = [(s.done, s.rss_mb) for s in samples if s.done >= from_done and s.rss_mb > 0]
    if len({d for d, _ in points}) < 2:
        return None
    mean_x = statistics.fmean(d for d, _ in points)
    mean_y = statistics.fmean(r for _, r in points)
    sxx = sum((d - mean_x) ** 2 for d, _ in points)
    sxy = sum((d - mean_x) * (r - mean_y) for d, r in points)
    return round(sxy / sxx * 1024, 2)


def summarise_run(n: int, samples: list[Sample], finished: list[float], wall: float, code: int | None,
                  kernel_peak: float | None, failed: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """The figures of one run (see the module doc for what each means)."""
    ok = len(finished)
    sampled_peak = max((s.rss_mb for s in samples), default=0.0)
    peak = max(kernel_peak or 0.0, sampled_peak)
    steady = None
    if ok >= 2 and finished[-1] > finished[0]:
        steady = round((ok - 1) / (finished[-1] - finished[0]) * 60, 1)
    per_letter = [b - a for a, b in zip(finished, finished[1:])]
    ten = max(1, -(-n // 10))
    at = {f"{pct}%": _rss_at(samples, max(1, -(-n * pct // 100))) for pct in (10, 50, 100)}
    growth = round(at["100%"] - at["10%"], 1) if at["100%"] is not None and at["10%"] is not None else None
    return {
        "letters": n, "ok": ok, "failed": len(failed), "failed_letters": sorted(failed),
        "exit_code": code, "seconds": round(wall, 1),
        "first_note_seconds": round(finished[0], 1) if finished else None,
        "letters_per_min": round(ok / wall * 60, 1) if wall > 0 else None,
        "letters_per_min_after_first": steady,
        "median_seconds_per_letter": round(statistics.median(per_letter), 2) if per_letter else None,
        "p90_seconds_per_letter": (round(statistics.quantiles(per_letter, n=10)[-1], 2)
                                   if len(per_letter) >= 2 else None),
        "peak_rss_mb": round(peak, 1),
        "kernel_peak_rss_mb": round(kernel_peak, 1) if kernel_peak is not None else None,
        "sampled_peak_rss_mb": round(sampled_peak, 1),
        "rss_mb_at_done": at,
        "rss_growth_mb": growth,  # RSS at 100 % minus RSS at 10 % of the letters done
        "rss_slope_kib_per_letter": _slope_kib_per_letter(samples, ten),
        "samples": [[round(s.seconds, 2), round(s.rss_mb, 1), s.done] for s in samples],
        **extra,
    }


def verdict(runs: list[dict[str, Any]], tolerance_pct: float, tolerance_mb: float) -> dict[str, Any]:
    """Flat when the largest size's peak RSS exceeds the smallest's by at most the tolerance."""
    small = min(runs, key=lambda r: r["letters"])
    large = max(runs, key=lambda r: r["letters"])
    allowed = max(small["peak_rss_mb"] * tolerance_pct / 100, tolerance_mb)
    growth = large["peak_rss_mb"] - small["peak_rss_mb"]
    return {"verdict": "flat" if growth <= allowed else "grows", "smallest": small["letters"],
            "largest": large["letters"], "peak_growth_mb": round(growth, 1), "allowed_mb": round(allowed, 1),
            "tolerance": f"≤ {tolerance_pct:g} % of the smallest size's peak or ≤ {tolerance_mb:g} MiB, "
                         "whichever is larger"}


# ------------------------------------------------------------------------------------- reporting


def _fmt(value: Any) -> str:
    return "—" if value is None else str(value)


def render_table(runs: list[dict[str, Any]]) -> str:
    head = ["letters", "ok", "failed", "seconds", "first note s", "letters/min", "letters/min after first",
            "median s/letter", "peak RSS MB", "RSS @10%", "RSS @50%", "RSS @100%", "growth MB",
            "slope KiB/letter"]
    rows = [[r["letters"], r["ok"], r["failed"], r["seconds"], r["first_note_seconds"], r["letters_per_min"],
             r["letters_per_min_after_first"], r["median_seconds_per_letter"], r["peak_rss_mb"],
             r["rss_mb_at_done"]["10%"], r["rss_mb_at_done"]["50%"], r["rss_mb_at_done"]["100%"],
             r["rss_growth_mb"], r["rss_slope_kib_per_letter"]] for r in runs]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(_fmt(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def render_report(report: dict[str, Any]) -> str:
    v = report["verdict"]
    m = report["machine"]
    lines = [
        "# Batch benchmark: throughput and memory over batch size", "",
        f"Synthetic letters from {', '.join(SOURCE_LETTERS)} (seed {report['seed']}; "
        f"{report['generated']['min_chars']}–{report['generated']['max_chars']} characters, median "
        f"{report['generated']['median_chars']}), one fresh `python -m pipeline translate` process per size, "
        f"config `{report['config']}` with `{' '.join('--set ' + o for o in report['overrides'])}`, "
        f"formats {', '.join(report['formats'])}. Every sentence is made unique (two words swapped) and the "
        "translation cache is off, so every sentence is translated: repeated sentences would be memo or "
        "cache hits and the benchmark would time lookups.", "",
        render_table(report["runs"]), "",
        f"**Verdict: {v['verdict']}** — peak RSS at {v['largest']} letters is {v['peak_growth_mb']} MiB above "
        f"{v['smallest']} letters; allowed {v['allowed_mb']} MiB ({v['tolerance']}).", "",
        "Columns: *first note s* = start-up, model load and the first letter; *letters/min after first* = "
        "letters finished per minute between the first and the last note (model load excluded); "
        "*RSS @x%* = resident memory of the CLI's process tree when x % of the letters were done; "
        "*growth* = RSS @100% − RSS @10%; *slope* = least-squares RSS increase per letter after 10 %. "
        "*peak RSS* = the larger of the kernel's peak for the process (wait4 ru_maxrss) and the sampled "
        "peak of its tree.", "",
        f"Machine: {m['cpus']} CPUs, {m['platform']}, Python {m['python']}; load average "
        + ", ".join(f"{r['letters']} letters: {_fmt(r['load_before'])} → {_fmt(r['load_after'])}"
                    for r in report["runs"])
        + ". Other work on the machine makes the timings noisy; the memory figures are not affected.", "",
    ]
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------- main


def ensure_models(cfg: Config) -> None:
    """Build the tiny models when the config points at the default tiny folders and they are absent."""
    tiny_root = (PROJECT_ROOT / "models" / "tiny").resolve()
    missing = [resolve_path(m) for m in (cfg.translate.model, cfg.summarize.model)
               if not (resolve_path(m) / "config.json").is_file()]
    if missing and all(tiny_root in p.resolve().parents for p in missing):
        print(f"building the tiny models into {tiny_root} ...", file=sys.stderr)
        build_tiny_models(tiny_root, default_corpus())


EPILOG = """examples:
  python -m benchmarks.bench_batch --out out/bench-batch                    # 100 vs 1,000 letters
  python -m benchmarks.bench_batch --out /tmp/bb --sizes 20 200             # quicker
  python -m benchmarks.bench_batch --out /tmp/bb --sizes 50 --set render.formats=[json]
  make bench-batch BATCH_SIZES="100 1000"

The largest size decides the run time: with the tiny models on 2 cores expect ~0.8 s per letter
(100 + 1,000 letters: ~15 minutes). Exit status: 0 flat; 1 peak RSS grows with the batch size (or a letter failed); 2 it could
not run."""


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_batch", formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=EPILOG,
        description="Generate a synthetic batch of letters from the samples and run the real CLI on the "
                    "first N of them for each size N (fresh process each, tiny models, cache off): report "
                    "letters/min and peak RSS, and check that peak RSS does not grow with N.")
    p.add_argument("--out", type=Path, required=True,
                   help="folder for the generated letters, the notes, report.md and report.json")
    p.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES), metavar="N",
                   help="batch sizes to compare, smallest vs largest (default: 100 1000)")
    p.add_argument("--letters-dir", type=Path, default=DEFAULT_LETTERS_DIR,
                   help=f"folder holding the sample letters {' and '.join(SOURCE_LETTERS)} (default: %(default)s)")
    p.add_argument("--config", type=Path, default=DEFAULT_CONFIG,
                   help="pipeline config for the runs (default: configs/tiny.yaml; tiny models built if absent)")
    p.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                   help="extra config override passed to the CLI (repeatable); laid over the benchmark's own")
    p.add_argument("--threads", type=int, default=1,
                   help="CPU threads of the model stages (default 1: fastest for tiny models on small machines)")
    p.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    p.add_argument("--interval", type=float, default=0.2, help="seconds between memory samples (default 0.2)")
    p.add_argument("--tolerance-pct", type=float, default=10.0,
                   help="allowed peak-RSS growth, percent of the smallest size's peak (default 10)")
    p.add_argument("--tolerance-mb", type=float, default=20.0,
                   help="allowed peak-RSS growth in MiB; the larger of the two tolerances applies (default 20)")
    return p


def run(args: argparse.Namespace) -> tuple[dict[str, Any], int]:
    """Generate, measure every size, write the reports; returns (report, exit status)."""
    sizes = sorted(set(args.sizes))
    if sizes[0] < 1:
        raise InputError("batch sizes must be at least 1", path="--sizes", stage="bench-batch",
                         fix="e.g. --sizes 100 1000")
    overrides = ["cache.enabled=false", f"threads={args.threads}", *args.overrides]
    cfg = load_config(args.config, overrides)
    ensure_models(cfg)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    pool = load_pool(args.letters_dir, cfg)
    texts = [synthetic_letter(pool, i, args.seed) for i in range(max(sizes))]
    lengths = sorted(len(t) for t in texts)
    runs = []
    for n in sizes:
        folder = out / f"letters-{n}"
        generate_batch(pool, folder, n, args.seed)
        print(f"{n} letters: running the pipeline ...", file=sys.stderr, flush=True)
        result = run_size(folder, out / "runs" / str(n), args.config.resolve(), overrides, n, args.interval)
        print(f"{n} letters: {result['ok']} ok, {result['failed']} failed in {result['seconds']} s, "
              f"{result['letters_per_min']} letters/min, peak RSS {result['peak_rss_mb']} MB",
              file=sys.stderr, flush=True)
        runs.append(result)
    report = {
        "version": REPORT_VERSION, "seed": args.seed, "sizes": sizes,
        "config": str(args.config), "overrides": overrides, "formats": list(cfg.render.formats),
        "cache": "disabled; every sentence unique (two words swapped per sentence)", "threads": args.threads,
        "generated": {"letters": len(texts), "min_chars": lengths[0], "max_chars": lengths[-1],
                      "median_chars": int(statistics.median(lengths))},
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
        "runs": runs,
        "verdict": verdict(runs, args.tolerance_pct, args.tolerance_mb),
    }
    (out / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", "utf-8")
    (out / "report.md").write_text(render_report(report), "utf-8")
    failed = any(r["failed"] or r["exit_code"] not in (0, None) for r in runs)
    return report, 0 if report["verdict"]["verdict"] == "flat" and not failed else 1


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        report, status = run(args)
    except PipelineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # run_size has stopped its child
        print("interrupted; no report written", file=sys.stderr)
        return 130
    print(render_table(report["runs"]))
    v = report["verdict"]
    print(f"\npeak RSS {v['verdict']}: +{v['peak_growth_mb']} MiB from {v['smallest']} to {v['largest']} letters "
          f"(allowed {v['allowed_mb']} MiB); report in {args.out / 'report.md'}")
    if any(r["failed"] for r in report["runs"]):
        print("some letters failed: see runs/<n>/errors.json", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
