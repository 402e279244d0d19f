"""The rules the tree keeps (docs/ARCHITECTURE.md), checked over the source so they stay kept:
no import cycles between the project's modules, no private name taken from another module, the
project's own imports at the top of each file, no module over 500 lines, and every module named in
docs/ARCHITECTURE.md."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT

MAX_LINES = 500
PACKAGES = ("pipeline", "benchmarks")


def module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for package in PACKAGES for p in sorted((PROJECT_ROOT / package).rglob("*.py"))}


def project_imports(path: Path) -> list[tuple[bool, str, list[str], bool]]:
    """(for type checking only, imported module, imported names, at module top level) for each import
    of our modules."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    # `if TYPE_CHECKING:` imports stand at the top too (and are never executed, so they make no cycle).
    type_only = [n for n in tree.body if isinstance(n, ast.If) and getattr(n.test, "id", "") == "TYPE_CHECKING"]
    typing = {id(n) for block in type_only for n in block.body}
    top = set(map(id, tree.body)) | typing
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in PACKAGES:
            found.append((id(node) in typing, node.module, [a.name for a in node.names], id(node) in top))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in PACKAGES:
                    found.append((id(node) in typing, alias.name, [], id(node) in top))
    return found


def targets(module: str, names: list[str]) -> set[str]:
    """The project modules an import statement loads (`from pkg import submodule` loads the submodule)."""
    hit = {f"{module}.{n}" for n in names if f"{module}.{n}" in MODULES}
    return hit | ({module} if module in MODULES and len(hit) < len(names) or not names else set())


def test_no_module_is_over_500_lines():
    long = {name: n for name, path in MODULES.items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"split these modules (over {MAX_LINES} lines): {long}"


def test_no_private_name_is_imported_from_another_module():
    private = [(name, f"{module}.{n}") for name, path in MODULES.items()
               for _, module, names, _ in project_imports(path) for n in names
               if n.startswith("_") and not n.startswith("__")]
    assert not private, private


# The one deferred import of our own code: `kamerbrief --help` must not pay for importing every
# command's modules (~0.5 s of CPU), so the CLI imports pipeline.commands after parsing arguments.
DEFERRED_ON_PURPOSE = {("pipeline.cli", "pipeline.commands")}


def test_the_projects_own_imports_are_at_the_top():
    # Lazy imports are for heavy third-party libraries only; a lazy import of our own module hides a cycle.
    lazy = [(name, module) for name, path in MODULES.items()
            for _, module, _, at_top in project_imports(path) if not at_top
            and (name, module) not in DEFERRED_ON_PURPOSE]
    assert not lazy, lazy


def test_there_are_no_import_cycles():
    graph = {name: set() for name in MODULES}
    for name, path in MODULES.items():
        for type_only, module, names, _ in project_imports(path):
            if not type_only:
                graph[name] |= targets(module, names) - {name}
    # A package's __init__ is loaded before its submodules; that edge is Python's, not a cycle.
    for name in MODULES:
        parent = name.rsplit(".", 1)[0]
        graph[parent] = graph.get(parent, set())
    done: set[str] = set()
    cycles = []

    def visit(node: str, stack: list[str]) -> None:
        if node in stack:
            cycles.append(stack[stack.index(node):] + [node])
            return
        if node in done:
            return
        for nxt in sorted(graph.get(node, ())):
            visit(nxt, stack + [node])
        done.add(node)

    for name in sorted(graph):
        visit(name, [])
    assert not cycles, cycles[:5]


@pytest.mark.parametrize("name", sorted(n for n in MODULES if not n.endswith("__init__")))
def test_architecture_doc_names_every_module(name):
    doc = (PROJECT_ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    leaf = MODULES[name].name if MODULES[name].name != "__init__.py" else MODULES[name].parent.name + "/"
    assert leaf in doc, f"{MODULES[name].relative_to(PROJECT_ROOT)} is not described in docs/ARCHITECTURE.md"
