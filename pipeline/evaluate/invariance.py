"""Layout invariance (issue #11): every gold letter re-laid in N seeded layouts, analysed and compared.

`make evaluate-structure LAYOUTS=N [SEED=S]` → one table: per measure the mean over all layouts, the
worst layout (letter, seed, format, short description) and the issue's targets; a per-format
breakdown; the most frequent problems grouped by kind; crashes of the extractor (a crash scores 0 on
every measure of that layout and never stops the run). Rendered files live in a temporary folder;
the files of the worst layouts are copied to `<report>/layouts/` with their gold, and every worst
layout can be regenerated with `python -m pipeline.evaluate.layouts.generator GOLD --seed S --out DIR`.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import re
import shutil
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.config import Config
from pipeline.engines.local import analyse
from pipeline.evaluate.layouts.generator import layout_stem, render, write
from pipeline.evaluate.metric import fmt, mean_and_worst, signature_line, write_report
from pipeline.evaluate.structure_metric import StructureMetric
from pipeline.stages.resources import Resources

log = logging.getLogger(__name__)

# issue #11 targets: (mean over layouts, worst layout)
LAYOUT_TARGETS: dict[str, tuple[float, float]] = {
    "body_word_accuracy": (0.995, 0.99),
    "hyphenation": (0.98, 0.95),
    "footnotes": (0.99, 0.95),
    "heading_precision": (0.99, 0.95),
    "heading_recall": (0.99, 0.95),
    "heading_level": (0.98, 0.9),
    "heading_level_expressible": (0.98, 0.9),  # same bar, only headings the layout can show the level of
    "paragraph_counts": (0.95, 0.85),
    "paragraph_f1": (0.95, 0.85),  # same bar, boundaries counted one by one (structure_metric.MEASURES)
    "sentence_f1": (0.98, 0.95),
    "metadata": (1.0, 1.0),
}
HELDOUT = "heldout"
_PARALLEL_FROM = 16  # layouts; fewer run in this process


@dataclass
class LayoutResult:
    letter: str
    gold_path: str
    seed: int
    format: str
    description: str
    scores: dict[str, float | None]
    problems: list[str] = field(default_factory=list)
    crash: str | None = None
    seconds: float = 0.0
    file: str = ""


def _gold_set(gold_dir: Path) -> list[tuple[Path, dict]]:
    gold = StructureMetric.read_gold(gold_dir)
    heldout = gold_dir / HELDOUT
    if any(heldout.glob(StructureMetric.pattern)):
        gold += StructureMetric.read_gold(heldout)
    return gold


def gold_files(gold_dir: Path) -> list[Path]:
    """The gold and held-out letters' gold files: the letters that are re-laid."""
    return [p for p, _ in _gold_set(gold_dir)]


class LayoutMetric(StructureMetric):
    """The structure metric over `layouts` generated layouts (seeds from `seed`) of every gold and
    held-out letter; its targets are the means' (LAYOUT_TARGETS also has the worst layout's)."""

    name = "structure-layouts"

    def __init__(self, gold_dir: Path, cfg: Config, layouts: int, seed: int) -> None:
        super().__init__(gold_dir, cfg, {m: mean for m, (mean, _) in LAYOUT_TARGETS.items()})
        self.layouts, self.seed = layouts, seed

    def gold(self) -> list[tuple[Path, dict]]:
        if self._gold is None:
            self._gold = _gold_set(self.gold_dir)
        return self._gold

    def options(self) -> dict[str, object]:
        return {**super().options(), "layouts": self.layouts, "seed": self.seed}


_WORKER: dict = {}


def _init(cfg: Config, work_dir: str, gold_dir: str) -> None:
    _WORKER["cfg"] = cfg
    _WORKER["metric"] = StructureMetric(Path(gold_dir), cfg)
    _WORKER["resources"] = Resources.load(cfg)
    _WORKER["dir"] = Path(work_dir)
    logging.getLogger("pipeline").setLevel(logging.ERROR)  # one letter's warnings × N layouts is noise


def _one(task: tuple[str, int]) -> LayoutResult:
    gold_path, seed = Path(task[0]), task[1]
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    letter = gold_path.name.removesuffix(".gold.json")
    rendering = render(gold, seed)
    path = write(rendering, _WORKER["dir"], layout_stem(gold_path, seed))
    result = LayoutResult(letter, str(gold_path), seed, rendering.layout["format"], rendering.describe(), {},
                          file=str(path))
    start = time.perf_counter()
    try:
        doc = analyse(path, _WORKER["cfg"], _WORKER["resources"])
        counts = _WORKER["metric"].compare(doc, rendering.gold)
        result.scores = {m: counts.scores()[m] for m in LAYOUT_TARGETS}
        # Topic and role are not layout measures (issue #11 sets no layout target for them).
        result.problems = [x for x in counts.problems if not x.startswith(("topic of", "role of"))]
    # An extractor crash on one layout is a result to report (scored 0), never the end of the run;
    # it may be any exception type, which is exactly what this measures.
    except Exception as exc:  # noqa: BLE001
        result.crash = f"{type(exc).__name__}: {exc}"
        result.scores = {m: 0.0 for m in LAYOUT_TARGETS}
        log.debug("layout %s seed %d crashed:\n%s", letter, seed, traceback.format_exc())
    result.seconds = time.perf_counter() - start
    return result


def run_layouts(gold_dir: Path, cfg: Config, layouts: int, seed: int = 0, workers: int = 2,
                keep_dir: Path | None = None) -> tuple[list[LayoutResult], float, Path | None]:
    """Render and analyse `layouts` seeds (seed … seed+layouts−1) of every gold letter in a temporary
    folder; the worst layouts are copied to `keep_dir` when given, the rest is removed."""
    tasks = [(str(p), s) for p in gold_files(gold_dir) for s in range(seed, seed + layouts)]
    work_dir = Path(tempfile.mkdtemp(prefix="kamerbrief-layouts-"))
    start = time.perf_counter()
    if workers > 1 and len(tasks) >= _PARALLEL_FROM:
        ctx = multiprocessing.get_context("spawn" if "fork" not in multiprocessing.get_all_start_methods()
                                          else "fork")
        with ctx.Pool(workers, initializer=_init, initargs=(cfg, str(work_dir), str(gold_dir))) as pool:
            results = pool.map(_one, tasks, chunksize=max(1, len(tasks) // (workers * 8)))
    else:
        _init(cfg, str(work_dir), str(gold_dir))
        results = [_one(t) for t in tasks]
    seconds = time.perf_counter() - start
    if keep_dir is not None:  # the worst layouts (and crashes), with their gold, for inspection
        keep_dir.mkdir(parents=True, exist_ok=True)
        for r in _worst_results(results):
            for f in Path(r.file).parent.glob(Path(r.file).stem + ".*"):
                shutil.copy2(f, keep_dir / f.name)
    shutil.rmtree(work_dir, ignore_errors=True)
    return results, seconds, keep_dir


def _worst_results(results: list[LayoutResult]) -> list[LayoutResult]:
    worst = {}
    spread = mean_and_worst(dict(enumerate(r.scores for r in results)), LAYOUT_TARGETS)
    for i in spread.worst.values():
        if i is not None:
            worst[(results[i].letter, results[i].seed)] = results[i]
    for r in results:
        if r.crash:
            worst[(r.letter, r.seed)] = r
    return list(worst.values())


def summarise(results: list[LayoutResult]) -> dict:
    """Per measure the mean over the layouts and the worst layout, judged against LAYOUT_TARGETS;
    the mean per format; the problems by kind; the crashes."""
    table = {}
    spread = mean_and_worst(dict(enumerate(r.scores for r in results)), LAYOUT_TARGETS)
    for m, (t_mean, t_worst) in LAYOUT_TARGETS.items():
        if spread.worst[m] is None:
            table[m] = {"mean": None, "worst": None, "worst_layout": None, "target_mean": t_mean,
                        "target_worst": t_worst, "met": None}
            continue
        mean, w = spread.mean[m], results[spread.worst[m]]
        table[m] = {"mean": mean, "worst": w.scores[m], "layouts": spread.counted[m],
                    "worst_layout": {"letter": w.letter, "seed": w.seed, "format": w.format,
                                     "description": w.description, "gold": w.gold_path},
                    "target_mean": t_mean, "target_worst": t_worst,
                    "met": mean >= t_mean - 1e-9 and w.scores[m] >= t_worst - 1e-9}
    by_format: dict[str, dict[str, float | None]] = {}
    for form in sorted({r.format for r in results}):
        rs = [r for r in results if r.format == form]
        by_format[form] = {"layouts": len(rs), **mean_and_worst(dict(enumerate(r.scores for r in rs)),
                                                              LAYOUT_TARGETS).mean}
    return {"measures": table, "by_format": by_format, "problems": problem_kinds(results),
            "crashes": [{"letter": r.letter, "seed": r.seed, "format": r.format, "error": r.crash}
                        for r in results if r.crash]}


def problem_kind(problem: str) -> str:
    """`footnote 3: got None` → `footnote N: got None`; quoted text → `'…'`; numbers → N."""
    kind = re.sub(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"", "'…'", problem)
    kind = re.sub(r"\d+", "N", kind)
    return kind


def problem_kinds(results: list[LayoutResult], top: int = 20) -> list[dict]:
    counts: Counter = Counter()
    layouts: dict[str, set] = defaultdict(set)
    example: dict[str, str] = {}
    for r in results:
        for p in r.problems:
            k = problem_kind(p)
            counts[k] += 1
            layouts[k].add((r.letter, r.seed))
            example.setdefault(k, f"{r.letter} seed {r.seed} ({r.format}): {p}")
    return [{"kind": k, "count": n, "layouts": len(layouts[k]), "example": example[k]}
            for k, n in counts.most_common(top)]


def report(results: list[LayoutResult], seconds: float, seed: int, layouts: int, kept: Path | None,
           signature: str) -> tuple[str, dict]:
    summary = summarise(results)
    letters = sorted({r.letter for r in results})
    lines = [f"Layout invariance: {len(letters)} gold letters × {layouts} layouts (seeds {seed}–{seed + layouts - 1}) "
             f"= {len(results)} renderings, {seconds:.0f} s",
             "",
             "| measure | mean | worst | worst layout | target (mean; worst) | ok |",
             "|---|---|---|---|---|---|"]
    for m, row in summary["measures"].items():
        w = row["worst_layout"]
        where = f"{w['letter']} seed {w['seed']} ({w['format']}: {w['description']})" if w else "—"
        ok = "—" if row["met"] is None else ("yes" if row["met"] else "NO")
        lines.append(f"| {m} | {fmt(row['mean'])} | {fmt(row['worst'])} | {where} | "
                     f"≥ {row['target_mean']:g}; ≥ {row['target_worst']:g} | {ok} |")
    formats = list(summary["by_format"])
    lines += ["", signature_line(signature), "", "Mean per format:", "",
              "| measure | " + " | ".join(f"{f} ({summary['by_format'][f]['layouts']})" for f in formats) + " |",
              "|---|" + "---|" * len(formats)]
    for m in LAYOUT_TARGETS:
        lines.append(f"| {m} | " + " | ".join(fmt(summary["by_format"][f][m]) for f in formats) + " |")
    if summary["crashes"]:
        lines += ["", f"Extractor crashes ({len(summary['crashes'])}, scored 0):"]
        lines += [f"- {c['letter']} seed {c['seed']} ({c['format']}): {c['error']}" for c in summary["crashes"][:20]]
    if summary["problems"]:
        lines += ["", "Most frequent problems (count, layouts affected, an example):"]
        lines += [f"- {p['count']}× in {p['layouts']} layouts: `{p['kind']}` — e.g. {p['example']}"
                  for p in summary["problems"]]
    worst = summary["measures"].get("body_word_accuracy", {}).get("worst_layout")
    if worst:
        where = f"The worst layouts' files and gold: {kept}. " if kept else ""
        lines += ["", where + "Regenerate any layout, e.g. the worst for body words: python -m "
                  f"pipeline.evaluate.layouts.generator {worst['gold']} --seed {worst['seed']} --out /tmp/x"]
    summary.update({"signature": signature, "seconds": seconds, "seed": seed, "layouts_per_letter": layouts, "renderings": len(results),
                    "letters": letters, "files": str(kept) if kept else None,
                    "results": [{"letter": r.letter, "seed": r.seed, "format": r.format, "scores": r.scores,
                                 "crash": r.crash, "seconds": r.seconds, "problems": r.problems}
                                for r in results]})
    return "\n".join(lines), summary


def targets_met(summary: dict) -> bool:
    return all(row["met"] is not False for row in summary["measures"].values())


def main(gold_dir: Path, cfg: Config, layouts: int, seed: int = 0, out: Path | None = None,
         workers: int = 2) -> tuple[str, dict]:
    keep = out / "layouts" if out is not None else None
    if keep is not None and keep.exists():
        shutil.rmtree(keep)
    results, seconds, kept = run_layouts(gold_dir, cfg, layouts, seed, workers, keep)
    text, summary = report(results, seconds, seed, layouts, kept, LayoutMetric(gold_dir, cfg, layouts, seed).signature())
    if out is not None:
        write_report(out, "structure-layouts", text, summary, indent=1, ensure_ascii=False)
    return text, summary
