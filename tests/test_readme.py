"""The README agrees with the tool: its numbers are what the commands printed (scripts/readme_numbers.py
renders every numbers block from a committed report in docs/reports/), the cheap evaluations still give
those numbers today, and every module path and make target it names exists."""

from __future__ import annotations

import importlib.util
import json
import re
import sys

import pytest

from tests.conftest import PROJECT_ROOT

_spec = importlib.util.spec_from_file_location("readme_numbers", PROJECT_ROOT / "scripts" / "readme_numbers.py")
readme_numbers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(readme_numbers)

README = (PROJECT_ROOT / "README.md").read_text("utf-8")


def test_every_numbers_block_is_its_report_rendered():
    refs = [ref for ref, _ in readme_numbers.blocks(README)]
    assert len(refs) >= 8, "the README's tables of numbers sit in numbers blocks"
    opened, closed = (len(re.findall(rf"^{marker}", README, re.M)) for marker in ("<!-- numbers:", "<!-- /numbers -->"))
    assert opened == len(refs) == closed, "a block without its closing marker"
    stale = readme_numbers.differing(README)
    assert not stale, f"README blocks differ from their reports (hand-edited? run `make readme-numbers`): {stale}"


def test_every_report_names_its_command_and_date():
    for path in sorted((PROJECT_ROOT / "docs" / "reports").glob("*.json")):
        report = readme_numbers.load_report(path.stem)
        assert report["id"] == path.stem and report["command"] and re.fullmatch(r"\d{4}-\d{2}-\d{2}", report["date"])
        for table in report["tables"].values():
            assert all(len(row) == len(table["columns"]) for row in table["rows"]), path.name


def test_a_hand_edit_is_caught_and_rewritten():
    ref, body = readme_numbers.blocks(README)[0]
    edited = README.replace(body, body.replace("|", "| 9.999", 1), 1)
    assert readme_numbers.differing(edited) == [ref]
    assert readme_numbers.rendered(edited) == README


def _fresh(report: dict) -> dict:
    return {name: {k: v for k, v in table.items()} for name, table in report["tables"].items()}


@pytest.mark.slow
def test_key_fact_numbers_are_todays(tmp_path):
    """Code or cue changes that move the key-fact scores fail here until the report is refreshed
    (`python scripts/readme_numbers.py --refresh`, then commit docs/reports/ and README.md)."""
    from pipeline.config import load_config

    cfg = load_config()
    gold = PROJECT_ROOT / "data" / "gold" / "keyfacts"
    for report_id, folder in (("keyfacts", gold), ("keyfacts-heldout", gold / "heldout")):
        today = readme_numbers.refresh_keyfacts(cfg, folder, report_id, "")
        committed = readme_numbers.load_report(report_id)
        assert _fresh(today) == committed["tables"], f"{report_id}: refresh docs/reports/{report_id}.json"
        assert today["signature"] == committed["signature"]


@pytest.mark.slow
def test_structure_numbers_are_todays():
    """The structure tables (gold, held-out, real letters; LAYOUTS=0) as evaluate-structure measures today."""
    from pipeline.config import load_config

    today = readme_numbers.refresh_structure(load_config())
    assert _fresh(today) == readme_numbers.load_report("structure")["tables"], \
        "refresh docs/reports/structure.json (python scripts/readme_numbers.py --refresh)"


# Folders the README names that a command makes on first use (make briefing's default inbox), checked
# against the Makefile instead of the tree.
MADE_BY_COMMANDS = {"data/inbox"}


def test_every_module_path_and_make_target_named_exists():
    assert all(f"INBOX ?= {p}" in (PROJECT_ROOT / "Makefile").read_text("utf-8") for p in MADE_BY_COMMANDS)
    paths = set(re.findall(r"(?<![\w/.])((?:pipeline|benchmarks|scripts|configs|tests|data|docs)/[\w./-]*\w)", README))
    missing = sorted(p for p in paths if not (PROJECT_ROOT / p).exists()
                     and not (PROJECT_ROOT / p.split("/<")[0]).exists() and p not in MADE_BY_COMMANDS)
    assert not missing, f"README names paths that do not exist: {missing}"
    makefile = (PROJECT_ROOT / "Makefile").read_text("utf-8")
    targets = set(re.findall(r"^([\w-]+):", makefile, re.M))
    named = set(re.findall(r"`make ([\w-]+)", README))
    assert named and not named - targets, f"README names make targets the Makefile lacks: {named - targets}"


def test_every_dotted_module_name_exists():
    """`pipeline.engines.local.release_memory` style names: the module exists and defines the rest."""
    missing = []
    for name in set(re.findall(r"`(pipeline(?:\.\w+)+)", README)):
        parts = name.split(".")
        for cut in range(len(parts), 0, -1):
            base = PROJECT_ROOT.joinpath(*parts[:cut])
            module = base.with_suffix(".py") if base.with_suffix(".py").is_file() else base / "__init__.py"
            if module.is_file():
                rest = parts[cut:]
                if rest and not re.search(rf"^(?:def|class) {rest[0]}\b|^{rest[0]}\b.*=", module.read_text("utf-8"), re.M):
                    missing.append(name)
                break
        else:
            missing.append(name)
    assert not missing, f"README names modules or attributes that do not exist: {sorted(missing)}"


def test_every_python_file_named_exists_somewhere():
    """Bare module names (`pdf.py`, `linewidth.py` in the ingest list) name files of the project."""
    files = {p.name for folder in ("pipeline", "benchmarks", "scripts", "tests") for p in (PROJECT_ROOT / folder).rglob("*.py")}
    named = set(re.findall(r"(?<![\w/.])(\w+\.py)\b", README))
    assert named and not named - files, f"README names Python files that do not exist: {sorted(named - files)}"


def test_a_commands_markdown_table_and_a_timing_are_adopted(tmp_path):
    md = tmp_path / "report.md"
    md.write_text("Intro\n\n| engine | sent/s |\n|---|---:|\n| a \\| b | 9.60 |\n\nSignature: `bench|n:1`\n\n"
                  "| x |\n|---|\n| 1 |\n", "utf-8")
    readme_numbers.import_table("bench/engines", md, 0, folder=tmp_path)
    report = readme_numbers.load_report("bench", tmp_path)
    assert report["command"] == "make bench" and report["tables"]["engines"]["rows"] == [["a \\| b", "9.60"]]
    assert readme_numbers.render_table(report["tables"]["engines"]).splitlines()[1] == "|---|---:|"
    assert report["tables"]["engines"]["signature"] == "bench|n:1"  # the table's own, not the next one's
    assert "signature" not in readme_numbers.markdown_tables(md.read_text("utf-8"))[1]
    readme_numbers.time_command("python -c pass", [sys.executable, "-c", "pass"], folder=tmp_path)
    rows = readme_numbers.load_report("timings", tmp_path)["tables"]["commands"]["rows"]
    assert [row[0] for row in rows] == ["`python -c pass`"] and rows[0][1].endswith(" s") and rows[0][2] == "0"


def test_a_batch_benchmark_report_becomes_its_tables(tmp_path):
    run = {"letters": 1000, "ok": 1000, "seconds": 854.44, "letters_per_min": 70.2, "letters_per_min_after_first": 70.6,
           "median_seconds_per_letter": 0.75, "peak_rss_mb": 151.0, "rss_mb_at_done": {"10%": 144.7, "50%": None,
           "100%": 134.1}, "rss_slope_kib_per_letter": 4, "load_before": 1.2, "load_after": 2.0}
    small = {**run, "letters": 100, "ok": 100, "peak_rss_mb": 143.3}
    data = {"runs": [small, run], "machine": {"cpus": 2, "python": "3.11"},
            "verdict": {"verdict": "flat", "smallest": 100, "largest": 1000, "peak_growth_mb": 7.7,
                        "allowed_mb": 20.0, "tolerance": "≤ 20 MiB"}}
    source = tmp_path / "report.json"
    source.write_text(json.dumps(data), "utf-8")
    readme_numbers.import_report("bench-batch", source, tmp_path)
    report = readme_numbers.load_report("bench-batch", tmp_path)
    sizes, verdict = report["tables"]["sizes"], report["tables"]["verdict"]
    assert [row[0] for row in sizes["rows"]] == ["100", "1,000"] and sizes["rows"][1][2] == "854.4"
    assert sizes["rows"][1][6] == "144.7 / — / 134.1 MiB" and report["machine"] == "2 CPUs, Python 3.11"
    assert verdict["rows"] == [["**flat**", "+7.7 MiB (100 → 1,000 letters)", "20.0 MiB", "≤ 20 MiB"]]
