"""Command line: `kamerbrief` (or `python -m pipeline`). Only this module configures logging."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from datetime import date
from pathlib import Path

from pipeline import __version__
from pipeline.errors import ModelUnavailableError, PipelineError, RunInterrupted
from pipeline.names import printable

EPILOG = """examples:
  kamerbrief translate data/kamerbrieven --out out
  kamerbrief translate letters/ --out notes --config configs/tiny.yaml --set translate.num_beams=2
  kamerbrief translate archive/ --out notes --engine ray --address auto   # on a Ray cluster
  kamerbrief segment data/kamerbrieven/000_124582cb5ba853ae.txt > doc.json
  kamerbrief segment data/kamerbrieven > docs.jsonl   # a folder: one Document per line
  kamerbrief fetch --since 2024-06-01 --dossier 21501-20 --to data/inbox   # letters from the open data
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


class _TranslateHelp(argparse.Action):
    """`translate --help` lists the files a run writes, from the registries that write them
    (pipeline.commands.translate_outputs): imported only when this help is asked for."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, **kwargs: object) -> None:
        super().__init__(option_strings, dest=dest, default=argparse.SUPPRESS, nargs=0, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, namespace: object, values: object,
                 option_string: str | None = None) -> None:
        from pipeline.commands import translate_outputs

        parser.description = translate_outputs()
        parser.print_help()
        parser.exit()


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

    p = sub.add_parser("translate", help="make briefing notes for letters or folders of letters", add_help=False,
                       description="Write a briefing note per letter into OUT, and the batch's pages.")
    p.add_argument("-h", "--help", action=_TranslateHelp, help="show this help message and exit")
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

    p = sub.add_parser("segment", help="print letters' Document JSON (no models: ingest, segment, classify, key facts)",
                       description="One letter file: its Document JSON on stdout. A folder (or several files): "
                                   "one Document per line on stdout (JSON Lines), in name order, for every "
                                   "letter in it; entries that are not letters are counted on stderr, a letter "
                                   "that cannot be read is reported on stderr and the rest go on (exit code 1).")
    p.add_argument("inputs", nargs="+", type=Path, metavar="IN", help="a letter file, or folders and files")
    _add_config_args(p)

    p = sub.add_parser("fetch", help="download letters from the official open data, each with a .source.json",
                       description="Download the documents a date range (and dossier, type, ministry) selects "
                                   "from the Tweede Kamer's open data (OData) or officielebekendmakingen (SRU) "
                                   "into DIR: the publication XML where there is one, else the PDF, each beside "
                                   "<stem>.source.json. Incremental: a re-run fetches only new or changed "
                                   "documents. Exit 0: all fetched or unchanged; 1: some failed (listed); "
                                   "2: the API cannot be reached or the arguments are wrong.")
    p.add_argument("--since", type=_iso_date, required=True, metavar="DATE", help="first day, YYYY-MM-DD")
    p.add_argument("--until", type=_iso_date, default=None, metavar="DATE", help="last day (default: no end)")
    p.add_argument("--dossier", default=None, help="a Kamerstuk dossier, e.g. 21501-20")
    p.add_argument("--type", dest="kind", choices=["brief", "verslag", "agenda", "antwoord"], default=None,
                   help="kind of document (names per source in fetch.<source>.types)")
    p.add_argument("--ministry", default=None, metavar="NAME", help="part of the sending ministry's name")
    p.add_argument("--limit", type=int, default=None, metavar="N", help="at most N documents")
    p.add_argument("--to", type=Path, required=True, metavar="DIR", help="target folder (created if missing)")
    p.add_argument("--source", choices=["tweedekamer", "officielebekendmakingen"], default=None,
                   help="the open-data service (default: fetch.source)")
    p.add_argument("--api-url", default=None, metavar="URL",
                   help="the service's address (default: fetch.<source>.api_url), e.g. a mirror")
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


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


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
        # huggingface_hub sets its level from this when first imported (and prints through a handler
        # of its own): without it a download retry prints every attempt twice around the one error.
        os.environ.setdefault("HF_HUB_VERBOSITY", "error")
        for name in ("transformers", "huggingface_hub", "urllib3", "httpx", "ray", "ray.data"):
            logging.getLogger(name).setLevel(logging.ERROR)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _configure_logging(args.verbose, args.quiet)
    # The commands import the whole pipeline (its stage modules compile their rules at import):
    # imported only once the arguments are parsed, so `--help` and a usage error stay instant.
    from pipeline.commands import run_command

    try:
        return run_command(args)
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
