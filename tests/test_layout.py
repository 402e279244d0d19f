"""The tests mirror the package: every module `pipeline/<path>/<name>.py` (and `benchmarks/<name>.py`)
has its own test file `tests/<path>/test_<name>.py`, so the tree says where a module's tests are.

A module whose behaviour is genuinely tested elsewhere is listed in ALLOWED with the file that tests
it and why; keep the list short: a new module gets a test file of its own."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# module (relative to the repository root) -> the test file that covers it, and why it is not mirrored.
ALLOWED = {
    # The layout generator's package (words, letter, flow, pages, text, html, pdf) and the invariance
    # measure built on it are tested together, through the layouts they draw and how ingest reads them.
    "pipeline/evaluate/layouts/*": "tests/evaluate/layouts/test_generator.py",
    "pipeline/evaluate/invariance.py": "tests/evaluate/layouts/test_generator.py",
    # The PDF layout reader's parts (lines and type, page edges and foot notes), through typeset PDFs.
    "pipeline/stages/ingest/pdf_lines.py": "tests/stages/ingest/test_pdf_layout.py",
    "pipeline/stages/ingest/pdf_margins.py": "tests/stages/ingest/test_pdf_layout.py",
    # Every renderer's output made inert, md_text/md_url among them, by property tests over all formats.
    "pipeline/render/escape.py": "tests/render/test_escaping.py",
    # The HTML and Word notes and write_note, tested side by side on one note.
    "pipeline/render/html.py": "tests/render/test_formats.py",
    "pipeline/render/docx.py": "tests/render/test_formats.py",
    "pipeline/render/notes.py": "tests/render/test_formats.py",
    # The two model engines are built by the loader and tested through it (engine, compute type, decoding).
    "pipeline/models/backends.py": "tests/models/test_loading.py",
    # The local engine (the old batch.py) is tested by running batches: faults, restarts, hostile inputs.
    "pipeline/engines/local.py": "tests/engines/test_batch_faults.py",
    # The commands behind the CLI, run through its main().
    "pipeline/commands.py": "tests/test_cli.py",
    # The local hub is tested by what matters about it: the real huggingface_hub client against it.
    "pipeline/testing/hub_server.py": "tests/models/test_hub.py",
    # The benchmarks' parts (checkpoints, workers, the synthetic batch), through the two benchmarks' tests.
    "benchmarks/*": "tests/benchmarks/test_bench_batch.py",
}


def modules() -> list[Path]:
    found = [p for p in sorted((ROOT / "pipeline").rglob("*.py")) + sorted((ROOT / "benchmarks").glob("*.py"))
             if p.name not in ("__init__.py", "__main__.py")]
    return [p.relative_to(ROOT) for p in found]


def mirrored(module: Path) -> Path:
    inside = module.parent.relative_to(module.parts[0]) if module.parts[0] == "pipeline" else module.parent
    return Path("tests") / inside / f"test_{module.stem}.py"


def allowed(module: Path) -> str | None:
    return ALLOWED.get(module.as_posix()) or ALLOWED.get(f"{module.parent.as_posix()}/*")


def test_every_module_has_a_test_file_at_its_mirrored_path():
    missing = [f"{m} -> {mirrored(m)}" for m in modules() if not (ROOT / mirrored(m)).is_file() and not allowed(m)]
    assert not missing, "modules without a test file of their own:\n" + "\n".join(missing)


def test_the_allow_list_names_existing_modules_and_test_files():
    for pattern, test_file in ALLOWED.items():
        targets = [t for t in ROOT.glob(pattern if pattern.endswith(".py") else f"{pattern}.py")
                   if t.name not in ("__init__.py", "__main__.py")]
        assert targets, f"{pattern}: no such module any more; drop it from ALLOWED"
        assert (ROOT / test_file).is_file(), f"{pattern}: {test_file} does not exist"
        assert not all((ROOT / mirrored(t.relative_to(ROOT))).is_file() for t in targets), \
            f"{pattern} has mirrored test files now; drop it from ALLOWED"


def test_mirrored_path_of_a_module():
    assert mirrored(Path("pipeline/stages/ingest/pdf.py")) == Path("tests/stages/ingest/test_pdf.py")
    assert mirrored(Path("pipeline/cli.py")) == Path("tests/test_cli.py")
    assert mirrored(Path("benchmarks/bench.py")) == Path("tests/benchmarks/test_bench.py")
