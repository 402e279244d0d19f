"""Command line: `kamerbrief` (or `python -m pipeline`). Only this module configures logging."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from pathlib import Path

from pipeline import __version__
from pipeline.errors import ModelUnavailableError, PipelineError, RunInterrupted
from pipeline.names import printable

EPILOG = """examples:
  kamerbrief translate data/kamerbrieven --out out
  kamerbrief translate letters/ --out notes --config configs/tiny.yaml --set translate.num_beams=2
  kamerbrief translate archive/ --out notes --engine ray --address auto   # on a Ray cluster
  kamerbrief segment data/kamerbrieven/000_124582cb5ba853ae.txt > doc.json
  kamerbrief models                 # download the configured models into models/
  kamerbrief evaluate --notes out   # score notes against data/references
  kamerbrief evaluate-structure     # measure structure extraction against data/gold
  kamerbrief evaluate-keyfacts      # measure key-fact extraction against data/gold/keyfacts

Re-running the same command skips letters whose notes are current (same input, config and
models) and says how many; --force redoes them all.

exit codes: 0 every letter has its note (entries skipped as not letters, such as hidden files or
unsupported types, are listed in OUT/errors.json but do not count as failures); 1 some letters
failed or were refused (see OUT/errors.json), or the report could not be written; 2 nothing could
run (bad config, missing model, no inputs, OUT not a writable folder, another run holds OUT);
130 / 143 stopped by SIGINT / SIGTERM (the notes finished so far, errors.json and the index are
written; run the same command again to finish)."""


def _add_config_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", type=Path, default=None,
                   help="YAML laid over configs/default.yaml (e.g. configs/tiny.yaml)")
    p.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                   help="override one config key, e.g. --set translate.num_beams=2 (repeatable)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kamerbrief", formatter_class=argparse.RawDescriptionHelpFormatter, epilog=EPILOG,
        description="Turn Dutch Kamerbrieven (PDF, HTML/XML, text) into English briefing notes: "
                    "ingest → segment → classify → translate (MarianMT) → summarize → render.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log every step")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bars, errors only")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("translate", help="make briefing notes for letters or folders of letters",
                       description="Write OUT/<name>.md and OUT/<name>.json per letter, OUT/index.md for "
                                   "the batch, and OUT/errors.json when a letter failed.")
    p.add_argument("inputs", nargs="+", type=Path, metavar="IN", help="letter files or folders")
    p.add_argument("--out", type=Path, required=True, help="output folder (created if missing)")
    p.add_argument("--no-cache", action="store_true",
                   help="neither read nor write the translation cache (cache.path) for this run")
    p.add_argument("--force", action="store_true",
                   help="redo every letter, also those whose notes in OUT are current (default: skip them)")
    p.add_argument("--dry-run", action="store_true",
                   help="check everything and print the plan (letters, output names, what is skipped and why, "
                        "models found), then exit without loading a model or writing anything")
    p.add_argument("--engine", choices=["local", "ray"], default="local",
                   help="local: one letter after another in this process (default); ray: the same stages "
                        "on a Ray cluster, model stages as actor pools (needs pip install -e '.[ray]')")
    p.add_argument("--address", default=None, metavar="ADDRESS",
                   help="with --engine ray: the cluster to join ('auto' for the one `ray start` made on this "
                        "machine, or ray://HOST:10001); default: start Ray on this machine only")
    _add_config_args(p)

    p = sub.add_parser("segment", help="print one letter's Document JSON (no models: ingest, segment, classify)")
    p.add_argument("file", type=Path)
    _add_config_args(p)

    p = sub.add_parser("models", help="download the configured real models into models/ for offline use")
    _add_config_args(p)

    p = sub.add_parser("tiny-models", help="build tiny random-weight test checkpoints into models/tiny/")
    p.add_argument("--out", type=Path, default=None, help="target folder (default models/tiny)")

    p = sub.add_parser("evaluate-structure",
                       help="measure ingest/segment/classify against the gold set (no models)")
    p.add_argument("--report", type=Path, default=Path("out/eval"), help="folder for structure.md/.json")
    p.add_argument("--layouts", type=int, default=0, metavar="N",
                   help="also re-lay every gold letter in N generated layouts and report mean and worst per "
                        "measure (structure-layouts.md/.json; issue #11); 0: off")
    p.add_argument("--seed", type=int, default=0, help="first layout seed (with --layouts)")
    _add_config_args(p)

    p = sub.add_parser("evaluate-keyfacts",
                       help="measure key-fact recall/precision against the gold key facts (no models)")
    p.add_argument("--report", type=Path, default=Path("out/eval"), help="folder for keyfacts.md/.json")
    p.add_argument("--gold", type=Path, default=None,
                   help="folder of gold key-fact files (default: <evaluate.gold>/keyfacts; "
                        "data/gold/keyfacts/heldout for the held-out letters)")
    _add_config_args(p)

    p = sub.add_parser("evaluate", help="score notes against hand-written references (ROUGE, BLEU, chrF)")
    p.add_argument("--notes", type=Path, default=Path("out"), help="folder with the notes' .json files")
    p.add_argument("--report", type=Path, default=Path("out/eval"), help="folder for report.md/.json")
    _add_config_args(p)
    return parser


class _InertFormatter(logging.Formatter):
    """Log lines with control characters escaped (pipeline.names.printable), whichever module logs a
    file name or a letter's text: ESC/BEL never reach the terminal. Line breaks stay (messages with a
    `fix:` line use them); the pipeline's own messages escape those in names already."""

    def format(self, record: logging.LogRecord) -> str:
        return "\n".join(printable(line) for line in super().format(record).split("\n"))


def _configure_logging(verbose: bool, quiet: bool) -> None:
    level = logging.DEBUG if verbose else logging.ERROR if quiet else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    for handler in logging.getLogger().handlers:
        if getattr(handler, "stream", None) is sys.stderr:  # ours, not a test harness's capture
            handler.setFormatter(_InertFormatter("%(levelname)s %(name)s: %(message)s"))
    if not verbose:  # library chatter (transformers, hub) only when asked for
        # transformers resets its logger level from this variable when first imported.
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        for name in ("transformers", "huggingface_hub", "urllib3", "httpx", "ray", "ray.data"):
            logging.getLogger(name).setLevel(logging.ERROR)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _configure_logging(args.verbose, args.quiet)
    try:
        return _dispatch(args)
    except ModelUnavailableError as exc:
        print(f"error: {exc.printable()}", file=sys.stderr)
        return 2
    except PipelineError as exc:
        print(f"error: {exc.printable()}", file=sys.stderr)
        return 2
    except RunInterrupted as stop:  # before the batch had anything to report
        print(f"interrupted by {stop.name} before any letter was processed", file=sys.stderr)
        return 128 + stop.signum
    except KeyboardInterrupt:
        print("interrupted; finished notes are complete, the letter in progress was not written",
              file=sys.stderr)
        return 130


def _dispatch(args: argparse.Namespace) -> int:
    from pipeline.config import load_config, resolve_path

    if args.command == "tiny-models":
        from pipeline.testing.tiny_models import main as tiny_main

        return tiny_main(["--out", str(args.out)] if args.out else [])
    overrides = list(args.overrides) + (["cache.enabled=false"] if getattr(args, "no_cache", False) else [])
    cfg = load_config(args.config, overrides)
    if args.command == "segment":
        from pipeline.engines.local import analyse
        from pipeline.stages.classify import load_taxonomy, zero_shot_scorer
        from pipeline.models.deadline import Deadline

        # No model runs here unless classify.method is zero_shot (then only the classifier).
        doc = analyse(args.file, cfg, load_taxonomy(resolve_path(cfg.classify.taxonomy)),
                      Deadline(cfg.ingest.max_seconds_per_letter, str(args.file)), zero_shot_scorer(cfg))
        print(doc.to_json())
        return 0
    if args.command == "models":
        from pipeline.models.download import download

        for path in download(cfg):  # checkpoints, then their CTranslate2 conversions
            print(f"model ready: {path}")
        return 0
    if args.command == "evaluate-structure":
        from pipeline.evaluate.structure import main as structure_main

        table, passed = structure_main(resolve_path(cfg.evaluate.gold), cfg, args.report, layouts=args.layouts,
                                       seed=args.seed)
        print(table)
        print("\nall targets met" if passed else "\nsome targets NOT met", file=sys.stderr)
        return 0 if passed else 1
    if args.command == "evaluate-keyfacts":
        from pipeline.evaluate.keyfacts import main as keyfacts_main

        gold_dir = args.gold or resolve_path(cfg.evaluate.gold) / "keyfacts"
        table, passed = keyfacts_main(gold_dir, cfg, args.report)
        print(table)
        print("\nall targets met" if passed else "\nsome targets NOT met", file=sys.stderr)
        return 0 if passed else 1
    if args.command == "evaluate":
        from pipeline.evaluate.references import evaluate

        report = evaluate(args.notes, resolve_path(cfg.evaluate.references), args.report, cfg)
        print(report)
        return 0
    if args.address is not None and args.engine != "ray":
        print("error: --address needs --engine ray", file=sys.stderr)
        return 2
    if args.dry_run:
        from pipeline.engines.local import describe_plan, plan_batch

        plan = plan_batch(args.inputs, args.out, cfg, args.force, dry_run=True)
        print(describe_plan(plan, args.out))
        return 0
    if args.engine == "ray":
        from pipeline.engines.ray_cluster import run_translate_ray

        result = run_translate_ray(args.inputs, args.out, cfg, progress=not args.quiet, force=args.force,
                                   address=args.address)
    else:
        from pipeline.engines.local import run_translate

        result = run_translate(args.inputs, args.out, cfg, progress=not args.quiet, force=args.force)
    return _report(result, args.out)


def _report(result, out: Path) -> int:
    """The batch's summary on the console (names printable: see pipeline.names) and its exit code."""
    from pipeline.engines.collect import skip_summary

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
