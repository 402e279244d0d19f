"""The README's numbers, from reports: every table of numbers in README.md sits between markers

    <!-- numbers: REPORT/TABLE -->
    (rendered here: the table and the line naming the command, commit and date that made it)
    <!-- /numbers -->

and is rendered by `render_block` from docs/reports/REPORT.json, so the README says what the tools
printed and a hand edit shows up as a difference (tests/test_readme.py).

    python scripts/readme_numbers.py              # write every block of README.md from docs/reports/
    python scripts/readme_numbers.py --check      # exit 1 naming each block that differs from its report
    python scripts/readme_numbers.py --refresh    # rerun the cheap, deterministic evaluations in-process
                                                  # (key facts, structure on gold/held-out/real letters),
                                                  # write their reports, then the README
    python scripts/readme_numbers.py --import layouts out/eval/structure-layouts.json
                                                  # adopt the JSON a slow command wrote (see IMPORTERS;
                                                  # layouts-unseen: the same run with SEED=15000)
    python scripts/readme_numbers.py --import-table bench/engines out/bench/translate.md 0
                                                  # adopt table 0 of a command's Markdown report
    python scripts/readme_numbers.py --time tiny-models -- .venv/bin/kamerbrief tiny-models --out /tmp/t
                                                  # run a command, record its wall time in timings.json

`make readme-numbers` runs the first form. A report holds only the tables the README shows (small,
committed), with the command that made them, its signature, the commit and the date.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
REPORTS = ROOT / "docs" / "reports"
BLOCK = re.compile(r"(<!-- numbers: (?P<ref>[\w.-]+/[\w.-]+) -->\n)(?P<body>.*?)(<!-- /numbers -->)", re.S)

Table = dict[str, Any]  # {"columns": [...], "rows": [[...], ...], "align": "lr..." (optional)}


# ---- rendering ---------------------------------------------------------------------------------

def render_table(table: Table) -> str:
    """A Markdown table; `align` gives one letter per column (l, r), left by default."""
    columns = table["columns"]
    align = table.get("align") or "l" * len(columns)
    rule = ["---:" if a == "r" else "---" for a in align]
    lines = ["| " + " | ".join(columns) + " |", "|" + "|".join(rule) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in table["rows"]]
    return "\n".join(lines)


def source_line(report: dict[str, Any], table: str) -> str:
    """Where the numbers come from, under every table: command, signature, commit, date, file."""
    parts = [f"`{report['command']}`"]
    signature = report["tables"][table].get("signature") or report.get("signature")
    if signature:
        parts.append(f"signature `{signature}`")
    if report.get("commit"):
        parts.append(f"at {report['commit']}")
    parts.append(report["date"])
    if report.get("machine"):
        parts.append(report["machine"])
    text = "From " + ", ".join(parts)
    if report.get("note"):
        text += f"; {report['note']}"
    return f"<sub>{text} (docs/reports/{report['id']}.json).</sub>"


def render_block(report: dict[str, Any], table: str) -> str:
    """What stands between a block's markers: the table, a blank line, its source line."""
    return render_table(report["tables"][table]) + "\n\n" + source_line(report, table) + "\n"


def load_report(report_id: str, folder: Path = REPORTS) -> dict[str, Any]:
    return json.loads((folder / f"{report_id}.json").read_text("utf-8"))


def blocks(text: str) -> list[tuple[str, str]]:
    """(REPORT/TABLE, body) of every numbers block, in README order."""
    return [(m["ref"], m["body"]) for m in BLOCK.finditer(text)]


def rendered(text: str, folder: Path = REPORTS) -> str:
    """`text` with every numbers block rendered from its report."""
    def fill(match: re.Match[str]) -> str:
        report_id, table = match["ref"].split("/", 1)
        return match.group(1) + render_block(load_report(report_id, folder), table) + match.group(4)

    return BLOCK.sub(fill, text)


# ---- reports from the evaluations ----------------------------------------------------------------

def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _commit() -> str:
    """HEAD's short hash, '+ changes' when the working tree differs from it (the numbers may too)."""
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", "pipeline", "configs",
                            "data"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return f"{head} + uncommitted changes" if dirty else head


def _report(report_id: str, command: str, tables: dict[str, Table], **extra: Any) -> dict[str, Any]:
    return {"id": report_id, "command": command, "date": datetime.now(timezone.utc).strftime("%Y-%m-%d"),
            "commit": _commit(), **extra, "tables": tables}


def keyfacts_tables(data: dict[str, Any]) -> dict[str, Table]:
    """The key-fact report (evaluate-keyfacts' JSON): recall and precision per kind and overall."""
    kinds = list(data["kinds"])
    overall = data["overall"]
    rows = [[measure] + [_fmt(data["kinds"][k][measure]) for k in kinds] + [f"**{_fmt(overall[measure])}**"]
            for measure in ("recall", "precision")]
    rows.append(["gold facts"] + [str(data["kinds"][k]["gold"]) for k in kinds] + [str(overall["gold"])])
    tables: dict[str, Table] = {"kinds": {"columns": ["", *kinds, "overall"], "rows": rows}}
    if "headline" in data:  # what the importance score puts first (pipeline.stages.importance)
        h = data["headline"]
        tables["headline"] = {
            "columns": ["letters", "headline points per letter (mean; fewest–most)", "key facts per letter (mean; most)",
                        "headline points that are gold key facts"],
            "rows": [[str(len(data["letters"])), f"{h['headline_mean']:.1f}; {h['headline_fewest']}–{h['headline_most']}",
                      f"{h['facts_mean']:.1f}; {h['facts_most']}", f"{h['headline_in_gold']:.0%}"]]}
    return tables


def structure_table(names: list[str], per_item: dict[str, dict[str, float | None]], overall: dict[str, float | None],
                    targets: dict[str, float], measures: list[str], epsilon: float) -> Table:
    """One structure table: a row per measure, a column per letter (as evaluate-structure prints it)."""
    rows = []
    for measure in measures:
        target, value = targets.get(measure), overall[measure]
        ok = "—" if value is None or target is None else ("yes" if value >= target - epsilon else "NO")
        rows.append([measure, "—" if target is None else f"≥ {target:g}",
                     *[_fmt(per_item[n][measure]) for n in names], _fmt(value), ok])
    return {"columns": ["measure", "target", *names, "overall", "ok"], "rows": rows}


def layouts_tables(data: dict[str, Any]) -> dict[str, Table]:
    """The layout-invariance JSON (evaluate-structure --layouts N): mean and worst per measure, and per format."""
    rows = []
    for measure, m in data["measures"].items():
        worst = m["worst_layout"]
        rows.append([measure, _fmt(m["mean"]), _fmt(m["worst"]),
                     f"{worst['letter']} seed {worst['seed']} ({worst['format']}: {worst['description']})",
                     f"≥ {m['target_mean']:g}; ≥ {m['target_worst']:g}", "yes" if m["met"] else "NO"])
    formats = sorted(data["by_format"])
    by_format = [[measure] + [_fmt(data["by_format"][f].get(measure)) for f in formats] for measure in data["measures"]]
    # Layouts under a measure's worst-layout target, and under any target but heading level's
    # (a level the layout cannot show is not in the file: see the README).
    under = {measure: {(r["letter"], r["seed"]) for r in data["results"]
                       if r["scores"].get(measure) is not None and r["scores"][measure] < m["target_worst"] - 1e-9}
             for measure, m in data["measures"].items()}
    any_but_level = set().union(*(v for k, v in under.items() if k != "heading_level"))
    misses = [[measure, f"{len(v):,}"] for measure, v in under.items() if v]
    misses.append([f"any measure but heading_level (of {data['renderings']:,})", f"{len(any_but_level):,}"])
    return {"summary": {"columns": ["measure", "mean", "worst", "worst layout", "target (mean; worst)", "ok"],
                        "rows": rows},
            "misses": {"columns": ["measure", "layouts under its worst-layout target"], "rows": misses},
            "formats": {"columns": ["measure", *[f"{f} ({data['by_format'][f]['layouts']})" for f in formats]],
                        "rows": by_format}}


def bench_batch_tables(data: dict[str, Any]) -> dict[str, Table]:
    """make bench-batch's report.json: per batch size time, speed and memory, and the flatness verdict."""
    def mib(value: float | None) -> str:
        return "—" if value is None else f"{value:.1f}"

    rows = [[f"{r['letters']:,}", f"{r['ok']:,}", f"{r['seconds']:,.1f}",
             f"{r['letters_per_min']} ({r['letters_per_min_after_first']})", str(r["median_seconds_per_letter"]),
             f"{mib(r['peak_rss_mb'])} MiB", " / ".join(mib(r["rss_mb_at_done"][k]) for k in ("10%", "50%", "100%"))
             + " MiB", str(r["rss_slope_kib_per_letter"]), f"{r['load_before']} → {r['load_after']}"]
            for r in data["runs"]]
    v = data["verdict"]
    return {"sizes": {"columns": ["letters", "ok", "seconds", "letters/min (after first note)", "median s/letter",
                                  "peak RSS", "RSS at 10 / 50 / 100 %", "slope KiB/letter", "load before → after"],
                      "rows": rows},
            "verdict": {"columns": ["verdict", "peak RSS growth", "allowed", "rule"],
                        "rows": [[f"**{v['verdict']}**", f"{v['peak_growth_mb']:+.1f} MiB ({v['smallest']:,} → "
                                  f"{v['largest']:,} letters)", f"{v['allowed_mb']} MiB", v["tolerance"]]]}}


def refresh_keyfacts(cfg: Any, gold: Path, report_id: str, command: str) -> dict[str, Any]:
    from pipeline.evaluate.keyfacts import main as evaluate_keyfacts

    with tempfile.TemporaryDirectory() as tmp:
        evaluate_keyfacts(gold, cfg, Path(tmp))
        data = json.loads((Path(tmp) / "keyfacts.json").read_text("utf-8"))
    return _report(report_id, command, keyfacts_tables(data), signature=data["signature"])


def refresh_structure(cfg: Any) -> dict[str, Any]:
    """The three tables `make evaluate-structure` prints (gold, held-out, real letters), measured in-process
    as pipeline.evaluate.structure.main measures them."""
    from pipeline.evaluate.metric import EPSILON
    from pipeline.evaluate.structure import HELDOUT, REAL
    from pipeline.evaluate.structure_metric import MEASURES, REAL_TARGETS, StructureMetric

    gold = Path(cfg.evaluate.gold)
    tables = {}
    for name, folder, targets in (("gold", gold, None), ("heldout", gold / HELDOUT, None),
                                  ("real", gold / REAL, REAL_TARGETS)):
        metric = StructureMetric(folder, cfg, targets)
        results, aggregate = metric.measure()
        tables[name] = {**structure_table(list(results), aggregate.per_item, aggregate.overall, metric.targets(),
                                          list(MEASURES), EPSILON), "signature": metric.signature()}
    return _report("structure", "make evaluate-structure", tables)


def refresh(folder: Path = REPORTS) -> list[Path]:
    """Rerun the cheap, deterministic evaluations and write their reports."""
    from pipeline.config import load_config

    cfg = load_config()
    gold = Path(cfg.evaluate.gold) / "keyfacts"
    reports = [refresh_keyfacts(cfg, gold, "keyfacts", "make evaluate-keyfacts"),
               refresh_keyfacts(cfg, gold / "heldout", "keyfacts-heldout",
                                "kamerbrief evaluate-keyfacts --gold data/gold/keyfacts/heldout"),
               refresh_structure(cfg)]
    return [write_report(report, folder) for report in reports]


# A slow command's own JSON → the README's tables: report id -> (command, filled from the JSON; converter).
IMPORTERS: dict[str, tuple[str, Callable[[dict[str, Any]], dict[str, Table]]]] = {
    "layouts": ("make evaluate-structure LAYOUTS={layouts_per_letter}", layouts_tables),
    # The same measurement on seeds no rule was written against (SEED=15000): the first shows the
    # issue's measure, this one whether its rules generalise.
    "layouts-unseen": ("make evaluate-structure LAYOUTS={layouts_per_letter} SEED={seed}", layouts_tables),
    "keyfacts": ("make evaluate-keyfacts", keyfacts_tables),
    "bench-batch": ("make bench-batch", bench_batch_tables),
}


# Commands whose Markdown report is adopted table by table (`--import-table`): report id -> command.
TABLE_COMMANDS = {"bench": "make bench", "bench-batch": "make bench-batch", "evaluate": "make evaluate"}


def _cells(row: str) -> list[str]:
    return [c.strip() for c in re.split(r"(?<!\\)\|", row.strip())[1:-1]]


def markdown_tables(text: str) -> list[Table]:
    """The Markdown tables in `text`, in order (cells split on unescaped |)."""
    tables, lines = [], text.splitlines()
    for i, line in enumerate(lines[:-1]):
        rule = lines[i + 1].strip()
        if line.startswith("|") and re.fullmatch(r"\|(\s*:?-{3,}:?\s*\|)+", rule) and (i == 0 or not lines[i - 1].startswith("|")):
            rows = []
            for row in lines[i + 2:]:
                if not row.startswith("|"):
                    break
                rows.append(_cells(row))
            align = "".join("r" if c.endswith(":") else "l" for c in _cells(rule))
            table = {"columns": _cells(line), "rows": rows, **({"align": align} if "r" in align else {})}
            # The command's signature line after the table, before the next table (GoldMetric reports).
            after = "\n".join(lines[i + 2 + len(rows):]).split("\n|", 1)[0]
            signature = re.search(r"^Signature: `([^`]+)`", after, re.M)
            tables.append({**table, **({"signature": signature[1]} if signature else {})})
    return tables


def import_table(ref: str, path: Path, index: int = 0, folder: Path = REPORTS, command: str | None = None) -> Path:
    """Table `index` of a command's Markdown report becomes table REPORT/TABLE of docs/reports/REPORT.json
    (`command`: the command that printed it, for a report not in TABLE_COMMANDS)."""
    report_id, table = ref.split("/", 1)
    current = folder / f"{report_id}.json"
    report = (load_report(report_id, folder) if current.exists()
              else _report(report_id, command or TABLE_COMMANDS[report_id], {}))
    if command:
        report["command"] = command
    report.update({k: v for k, v in _report(report_id, report["command"], {}).items() if k in ("date", "commit")})
    report.pop("note", None)  # a transcription note no longer applies
    report["tables"][table] = markdown_tables(path.read_text("utf-8"))[index]
    return write_report(report, folder)


def import_report(report_id: str, path: Path, folder: Path = REPORTS) -> Path:
    command, convert = IMPORTERS[report_id]
    data = json.loads(path.read_text("utf-8"))
    extra = {"signature": data["signature"]} if data.get("signature") else {}
    if "seconds" in data:
        extra["note"] = f"{data['seconds']:.0f} s"
    if isinstance(data.get("machine"), dict) and "cpus" in data["machine"]:
        extra["machine"] = f"{data['machine']['cpus']} CPUs, Python {data['machine'].get('python', '?')}"
    return write_report(_report(report_id, command.format(**data), convert(data), **extra), folder)


def time_command(name: str, command: list[str], folder: Path = REPORTS) -> Path:
    """Run `command`, record its wall time as row `name` of the timings report (exit status kept)."""
    started = time.perf_counter()
    code = subprocess.run(command, cwd=ROOT).returncode
    seconds = time.perf_counter() - started
    path = folder / "timings.json"
    report = json.loads(path.read_text("utf-8")) if path.exists() else {
        "id": "timings", "command": "scripts/readme_numbers.py --time NAME -- COMMAND",
        "note": "a row not timed by it names its source under where", "tables": {"commands": {
            "columns": ["command", "wall time", "exit", "measured", "where"], "rows": []}}}
    shown = name if "`" in name else f"`{name}`"
    rows = [r for r in report["tables"]["commands"]["rows"] if r[0] != shown]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    rows.append([shown, f"{seconds:.1f} s", str(code), datetime.now(timezone.utc).strftime("%Y-%m-%d"),
                 f"{platform.machine()}, {_cpus()} cores, load {load:.1f} after, {_commit()}"])
    report["tables"]["commands"]["rows"] = rows
    report["date"] = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    return write_report(report, folder)


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def write_report(report: dict[str, Any], folder: Path = REPORTS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{report['id']}.json"
    path.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", "utf-8")
    return path


# ---- command line --------------------------------------------------------------------------------

def differing(text: str, folder: Path = REPORTS) -> list[str]:
    """The blocks of `text` whose body is not what their report renders."""
    out = []
    for ref, body in blocks(text):
        report_id, table = ref.split("/", 1)
        if body != render_block(load_report(report_id, folder), table):
            out.append(ref)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 when a block is out of date")
    parser.add_argument("--refresh", action="store_true", help="rerun the cheap evaluations first")
    parser.add_argument("--import", dest="imported", nargs=2, metavar=("REPORT", "JSON"),
                        help=f"adopt a command's JSON report ({', '.join(IMPORTERS)})")
    parser.add_argument("--import-table", nargs=3, metavar=("REPORT/TABLE", "MD", "N"),
                        help=f"adopt table N (0 = first) of a command's Markdown report ({', '.join(TABLE_COMMANDS)})")
    parser.add_argument("--command", help="with --import-table: the command that printed the table")
    parser.add_argument("--at", metavar="REV", help="with --import/--import-table: the commit the run measured "
                                                    "(default: HEAD now, which is wrong for a run made earlier)")
    parser.add_argument("--time", metavar="NAME", help="with `-- COMMAND ...`: run COMMAND and record its wall "
                                                          "time as NAME in timings.json")
    argv = sys.argv[1:] if argv is None else argv
    command = argv[argv.index("--") + 1:] if "--" in argv else []
    args = parser.parse_args(argv[:len(argv) - len(command) - 1] if command else argv)
    logging.basicConfig(level=logging.ERROR)  # the gold letters' own warnings are the evaluations' business
    if args.time:
        if not command:
            parser.error("--time NAME needs the command after --")
        print(f"recorded in {time_command(args.time, command)}")
    if args.refresh:
        for path in refresh():
            print(f"wrote {path.relative_to(ROOT)}")
    written = []
    if args.imported:
        written.append(import_report(args.imported[0], Path(args.imported[1])))
    if args.import_table:
        ref, md, index = args.import_table
        written.append(import_table(ref, Path(md), int(index), command=args.command))
    for path in written:
        if args.at:
            report = json.loads(path.read_text("utf-8"))
            write_report(report | {"commit": args.at}, path.parent)
        print(f"wrote {path.relative_to(ROOT)}")
    text = README.read_text("utf-8")
    if args.check:
        stale = differing(text)
        for ref in stale:
            print(f"README block {ref} differs from docs/reports/{ref.split('/')[0]}.json "
                  "(run `make readme-numbers`)", file=sys.stderr)
        return 1 if stale else 0
    new = rendered(text)
    if new != text:
        README.write_text(new, "utf-8")
        print("README.md: numbers blocks rewritten")
    return 0


if __name__ == "__main__":
    sys.exit(main())
