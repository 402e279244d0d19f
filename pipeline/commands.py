"""What each `kamerbrief` command does, once pipeline.cli has parsed its arguments (and configured
logging). Errors are raised as pipeline.errors types; pipeline.cli turns them into messages and exit
codes."""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from pipeline.config import Config, load_config
from pipeline.engines.collect import collect_inputs, skip_summary
from pipeline.engines.local import BatchResult, analyse, describe_plan, plan_batch, run_translate
from pipeline.engines.ray_cluster import run_translate_ray
from pipeline.engines.report import BATCH_FILES
from pipeline.errors import PipelineError
from pipeline.evaluate.keyfacts import main as evaluate_keyfacts
from pipeline.evaluate.references import evaluate as evaluate_references
from pipeline.evaluate.structure import main as evaluate_structure
from pipeline.fetch import fetch
from pipeline.fetch.query import Query
from pipeline.models.deadline import Deadline
from pipeline.models.download import download
from pipeline.models.hub import recorded_revision
from pipeline.names import printable
from pipeline.render.notes import RENDERERS
from pipeline.stages import Resources
from pipeline.stages.classify import zero_shot_scorer
from pipeline.stages.ingest.official import check_summary
from pipeline.testing.tiny_models import main as tiny_models_main


def run_command(args: argparse.Namespace) -> int:
    """Run the parsed command; returns the exit code."""
    if args.command == "tiny-models":
        return tiny_models_main(["--out", str(args.out)] if args.out else [])
    overrides = list(args.overrides) + (["cache.enabled=false"] if getattr(args, "no_cache", False) else [])
    cfg = load_config(args.config, overrides)
    if args.command == "translate":
        return _translate(args, cfg)
    return _COMMANDS[args.command](args, cfg)


def _segment(args: argparse.Namespace, cfg: Config) -> int:
    # The model-free stages; no model runs unless classify.method is zero_shot (then only the classifier).
    scorer = zero_shot_scorer(cfg)
    if len(args.inputs) == 1 and not args.inputs[0].is_dir():  # one letter: its Document, as before
        letter = args.inputs[0]
        print(analyse(letter, cfg, deadline=Deadline(cfg.ingest.max_seconds_per_letter, str(letter)),
                      scorer=scorer).to_json())
        return 0
    # Folders are read as `translate` reads them (pipeline.engines.collect), one Document per line.
    refused: dict[str, dict] = {}
    skipped: dict[str, dict] = {}
    letters = collect_inputs(args.inputs, refused, skipped)
    resources = Resources.load(cfg)
    failed = len(refused)  # collect has logged each refusal with its fix
    for letter in letters:
        try:
            doc = analyse(letter, cfg, resources, Deadline(cfg.ingest.max_seconds_per_letter, str(letter)), scorer)
        except PipelineError as exc:  # this letter's failure, not the command's
            print(f"error: {exc.printable()}", file=sys.stderr)
            failed += 1
            continue
        print(doc.model_dump_json(), flush=True)
    if skipped:
        print(f"{len(skipped)} entr{'y' if len(skipped) == 1 else 'ies'} skipped as not letters: "
              f"{skip_summary(skipped)}", file=sys.stderr)
    return 1 if failed else 0


def _models(args: argparse.Namespace, cfg: Config) -> int:
    for path in download(cfg):  # checkpoints, then their CTranslate2 conversions
        revision = recorded_revision(path)  # the commit a download holds (none for a local folder)
        print(f"model ready: {path}" + (f" (revision {revision})" if revision else ""))
    return 0


def _evaluate_structure(args: argparse.Namespace, cfg: Config) -> int:
    table, passed = evaluate_structure(Path(cfg.evaluate.gold), cfg, args.report, layouts=args.layouts,
                                       seed=args.seed)
    print(table)
    print("\nall targets met" if passed else "\nsome targets NOT met", file=sys.stderr)
    return 0 if passed else 1


def _evaluate_keyfacts(args: argparse.Namespace, cfg: Config) -> int:
    table, passed = evaluate_keyfacts(args.gold or Path(cfg.evaluate.gold) / "keyfacts", cfg, args.report)
    print(table)
    print("\nall targets met" if passed else "\nsome targets NOT met", file=sys.stderr)
    return 0 if passed else 1


def _evaluate(args: argparse.Namespace, cfg: Config) -> int:
    print(evaluate_references(args.notes, Path(cfg.evaluate.references), args.report, cfg))
    return 0


def _fetch(args: argparse.Namespace, cfg: Config) -> int:
    query = Query(since=args.since, until=args.until, dossier=args.dossier, kind=args.kind, ministry=args.ministry,
                  limit=args.limit)
    summary = fetch(query, args.to, cfg.fetch, source=args.source, api_url=args.api_url,
                    progress=not args.quiet)
    print("\n".join(printable(line) for line in summary.lines()))
    return 1 if summary.failed else 0


_COMMANDS = {"fetch": _fetch, "segment": _segment, "models": _models, "evaluate-structure": _evaluate_structure,
             "evaluate-keyfacts": _evaluate_keyfacts, "evaluate": _evaluate}


def translate_outputs() -> str:
    """What `translate` writes, for its --help: the note formats of pipeline.render.notes.RENDERERS and
    the batch files of pipeline.engines.report.BATCH_FILES (the lists the writers use)."""
    formats = ", ".join(f".{fmt}" for fmt in RENDERERS)
    batch = ", ".join(BATCH_FILES)
    default = ", ".join(load_config().render.formats)
    return (f"Write a briefing note per letter into OUT: OUT/<name> with {formats} (render.formats picks which; "
            f"default {default}), and the batch's files: {batch} (the .html pages with the html format, "
            "dates.ics when a letter names an upcoming date, errors.json when an input failed, was refused "
            "or skipped).")


def _translate(args: argparse.Namespace, cfg: Config) -> int:
    if args.address is not None and args.engine != "ray":
        print("error: --address needs --engine ray", file=sys.stderr)
        return 2
    if args.dry_run:
        plan = plan_batch(args.inputs, args.out, cfg, args.force, dry_run=True)
        print(describe_plan(plan, args.out))
        return 0
    if args.engine == "ray":
        result = run_translate_ray(args.inputs, args.out, cfg, progress=not args.quiet, force=args.force,
                                   address=args.address)
    else:
        result = run_translate(args.inputs, args.out, cfg, progress=not args.quiet, force=args.force)
    return report(result, args.out)


def report(result: BatchResult, out: Path) -> int:
    """The batch's summary on the console (names printable: see pipeline.names) and its exit code."""
    shown = printable(str(out))
    unfinished = [err for err in result.failed.values() if err.get("outcome") in ("interrupted", "not processed")]
    ok, skipped, bad = len(result.written), len(result.skipped), len(result.failed) - len(unfinished)
    listed = f", see {shown}/errors.json" if "errors.json" not in result.report_errors else ""
    print(f"{ok} note(s) written to {shown}/ in {result.seconds:.1f}s"
          + (f"; {skipped} skipped, already up to date (--force to redo)" if skipped else "")
          + (f"; {bad} letter(s) failed{listed}" if bad else "")
          + (f"; {len(unfinished)} letter(s) not processed{listed}" if unfinished else ""), file=sys.stderr)
    if result.ignored:
        print(f"  {len(result.ignored)} entr{'y' if len(result.ignored) == 1 else 'ies'} skipped as not letters: "
              f"{skip_summary(result.ignored)}" + (f" (listed in {shown}/errors.json)" if listed else ""),
              file=sys.stderr)
    official = check_summary(result.official_checked, result.official_mismatches)
    if official:
        print(f"  {official}", file=sys.stderr)
    if result.fidelity_flags:
        print("  sentences flagged for checking (see 'Check' in the notes): "
              + ", ".join(f"{kind} {n}" for kind, n in sorted(result.fidelity_flags.items())), file=sys.stderr)
    for name, err in result.failed.items():
        if err.get("error") == "NotProcessed":
            continue  # counted above, not listed one by one
        print(f"  failed: {name} [stage {err.get('stage')}, {err.get('error')}] {printable(err.get('message', ''))}",
              file=sys.stderr)
        if err.get("fix"):
            print(f"    fix: {printable(err['fix'])}", file=sys.stderr)
    if result.report_errors:
        reasons = sorted(set(result.report_errors.values()))
        print(f"error: could not write {', '.join(result.report_errors)} in {shown}/ ({'; '.join(reasons)}); "
              "this summary is the batch's only report", file=sys.stderr)
    for why in sorted({err["message"] for err in unfinished if err.get("error") == "NotProcessed"}):
        print(f"  {why}: {sum(err['message'] == why for err in unfinished)} letter(s)", file=sys.stderr)
    if result.interrupted is not None:
        print(f"interrupted by {signal.Signals(result.interrupted).name}; run the same command again to finish "
              "(finished notes are kept and skipped)", file=sys.stderr)
        return 128 + result.interrupted
    return 1 if bad or result.report_errors else 0
