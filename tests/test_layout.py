"""The package's layout: a sub-package per stage, imports only downwards, no import circle, short modules.

Read from the source (every import statement, function-level ones included), so it holds for imports that only
run on some paths too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "flows" / "parley"
MAX_LINES = 400

# A module may import its own package and the stages below it. Top-level modules are rooms of their own.
LEVELS = {
    "parley": 0, "config": 0, "types": 0, "children": 0,
    "ingest": 1, "knowledge": 1,
    "nlp": 2,
    "quotes": 3,
    "meetings": 4,
    "warehouse": 5,
    "checks": 6,
    "run": 7,
    "evaluation": 8, "bench": 8, "report": 8,  # tools beside the product: only the command line reaches them
    "cli": 9,
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def room(module: str) -> str:
    """The package a module lives in ("meetings" for parley.meetings.facts), or a top-level module's own name."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "parley"


def resolve(module: str, is_package: bool, node: ast.ImportFrom) -> list[str]:
    """The parley modules an `import from` statement names (a name may be a module itself)."""
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[:len(base) - node.level + 1]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    if target != "parley" and not target.startswith("parley."):
        return []
    found = []
    for alias in node.names:
        candidate = f"{target}.{alias.name}"
        found.append(candidate if candidate in MODULES else target)
    return found


def imports(path: Path) -> set[str]:
    module = module_name(path)
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            out.update(resolve(module, path.name == "__init__.py", node))
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("parley."))
    out.discard(module)
    return out


FILES = sorted(PACKAGE.rglob("*.py"))
MODULES = {module_name(p) for p in FILES}
GRAPH = {module_name(p): imports(p) for p in FILES}


def test_every_module_lives_in_a_known_room_and_every_package_says_what_it_owns():
    assert {room(m) for m in MODULES} <= set(LEVELS), "a new top-level module or package: give it a level here"
    for init in PACKAGE.glob("*/__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and "\n" not in doc.strip(), f"{init.parent.name}/__init__.py: one line saying what it owns"


def test_imports_point_downwards_only():
    upward = []
    for module, targets in GRAPH.items():
        for target in targets:
            here, there = room(module), room(target)
            if here != there and LEVELS[there] >= LEVELS[here] and there != "parley":
                upward.append(f"{module} -> {target}")
    assert not upward, "imports from a stage to one at its level or above:\n" + "\n".join(sorted(upward))


def test_no_import_circle():
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            pytest.fail("import circle: " + " -> ".join(path[path.index(module):] + [module]))
        if module in done:
            return
        for target in sorted(GRAPH.get(module, ())):
            if target != "parley":  # the package's __init__ holds only its version
                visit(target, path + [module])
        done.add(module)

    for module in sorted(GRAPH):
        visit(module, [])


def test_the_checks_see_a_circle_and_an_upward_import():
    """The rules above on a made-up pair of modules, so they cannot pass by reading nothing."""
    saved = dict(GRAPH)
    try:
        GRAPH["parley.ingest.clean"] = saved["parley.ingest.clean"] | {"parley.meetings.dates"}
        with pytest.raises(AssertionError, match="ingest.clean -> parley.meetings.dates"):
            test_imports_point_downwards_only()
        GRAPH["parley.meetings.dates"] = saved["parley.meetings.dates"] | {"parley.meetings.facts"}
        GRAPH["parley.meetings.facts"] = saved["parley.meetings.facts"] | {"parley.meetings.dates"}
        with pytest.raises(pytest.fail.Exception, match="import circle"):
            test_no_import_circle()
    finally:
        GRAPH.clear()
        GRAPH.update(saved)


def test_modules_are_short_and_named_without_their_folder():
    long = [f"{p.relative_to(PACKAGE)}: {n}" for p in FILES if (n := len(p.read_text().splitlines())) > MAX_LINES]
    assert not long, f"modules over {MAX_LINES} lines: {long}"
    repeated = [str(p.relative_to(PACKAGE)) for p in FILES
                if p.parent != PACKAGE and p.stem.startswith(p.parent.name.rstrip("s"))]
    assert not repeated, f"file names that repeat their folder's: {repeated}"


def test_tests_mirror_the_packages():
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    folders = {p.name for p in (ROOT / "tests").iterdir() if p.is_dir() and any(p.glob("test_*.py"))}
    assert folders <= packages, f"test folders without a package: {sorted(folders - packages)}"
