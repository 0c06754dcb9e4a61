"""The package's shape (docs/architecture.md): stages in pipeline order, no import cycle of any kind,
no stage importing a later one, no module over 400 lines, no re-export, and docs/architecture.md showing
the package as it is (run this file to print its tree).

Imports are read from the source (ast), so an import inside a function or under TYPE_CHECKING counts
as much as one at module level.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "generator"
STAGES = ("core", "numbers", "text", "read", "history", "capture", "check", "link", "site", "output", "incremental",
          "build", "serve", "diff", "scaffold", "init", "cli",
          "__main__")
"""The pipeline order of docs/architecture.md: a module imports only from its own stage or earlier ones."""
MAX_LINES = 400


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if path.name == "__init__.py" else parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _known(name: str) -> str:
    """The module `name` is, or the package or module that holds it (`generator.x.y.Name` → `generator.x.y`)."""
    while name not in MODULES and "." in name:
        name = name.rsplit(".", 1)[0]
    return name


def _imported(module: str) -> Iterator[str]:
    """Every module of the package that `module` imports, wherever the import statement stands."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (_known(alias.name) for alias in node.names if alias.name.split(".")[0] == "generator")
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if base.split(".")[0] == "generator":
                yield from (_known(f"{base}.{alias.name}") for alias in node.names)


GRAPH = {module: sorted(set(_imported(module)) - {module}) for module in MODULES}


def _stage(module: str) -> int:
    """The position of the module's stage in STAGES (the package root itself comes first)."""
    parts = module.split(".")
    return STAGES.index(parts[1]) if len(parts) > 1 else -1


def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for imported in GRAPH[module]:
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while (member := stack.pop()) != module:
                component.append(member)
            if component:
                found.append(sorted([module, *component]))

    for module in MODULES:
        if module not in index:
            visit(module)
    return found


def test_every_module_belongs_to_a_stage() -> None:
    assert [module for module in MODULES if module != "generator" and module.split(".")[1] not in STAGES] == []


def test_no_import_cycle() -> None:
    assert _cycles() == []


def test_no_stage_imports_a_later_one() -> None:
    upward = [f"{module} imports {imported}" for module, imports in GRAPH.items() for imported in imports
              if _stage(imported) > _stage(module)]
    assert upward == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_is_at_most_400_lines(module: str) -> None:
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{MODULES[module].relative_to(PACKAGE.parent)} has {lines} lines"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_says_what_it_is_for(module: str) -> None:
    assert ast.get_docstring(ast.parse(MODULES[module].read_text(encoding="utf-8"))), module


def _defined(module: str) -> set[str]:
    """The names a module's own top-level statements bind (functions, classes, assignments), wherever nested in
    an `if` or `try` at the top level; never names it imports."""
    names: set[str] = set()
    for statement in ast.parse(MODULES[module].read_text(encoding="utf-8")).body:
        for node in ast.walk(statement) if isinstance(statement, ast.If | ast.Try) else (statement,):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names.update(name.id for target in targets for name in ast.walk(target) if isinstance(name, ast.Name))
    return names


def _borrowed_names(path: Path) -> Iterator[str]:
    """`from generator.x import Name` where x does not define Name itself (a re-export)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and not node.level and node.module in MODULES:
            for alias in node.names:
                if f"{node.module}.{alias.name}" not in MODULES and alias.name not in _defined(node.module):
                    yield f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {alias.name} from {node.module}"


def test_names_are_imported_from_the_module_that_defines_them() -> None:
    """No re-exports: a reader following an import lands on the definition."""
    files = [path for folder in ("generator", "tests", "bench") for path in (PACKAGE.parent / folder).rglob("*.py")]
    assert [borrowed for path in sorted(files) for borrowed in _borrowed_names(path)] == []


def _purpose(path: Path) -> str:
    """The first sentence of a module's docstring, cut to about a line."""
    paragraph = (ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or "").split("\n\n")[0]
    docstring = " ".join(paragraph.split())
    sentence = re.match(r"(.+?)\.(\s|$)", docstring)
    purpose = sentence.group(1) if sentence else docstring.rstrip(".")
    return purpose if len(purpose) <= 100 else purpose[:99].rsplit(" ", 1)[0] + "…"


def tree() -> str:
    """The package in pipeline order, one line per module, as docs/architecture.md shows it."""
    lines = ["generator/"]
    for stage in STAGES:
        folder = PACKAGE / stage
        if folder.is_dir():
            lines.append(f"  {stage + '/':<20}{_purpose(folder / '__init__.py')}")
            lines += [f"    {path.name:<18}{_purpose(path)}" for path in sorted(folder.glob("*.py"))
                      if path.name != "__init__.py"]
        else:
            lines.append(f"  {stage + '.py':<20}{_purpose(PACKAGE / (stage + '.py'))}")
    return "\n".join(lines) + "\n"


def test_the_architecture_doc_shows_the_package_as_it_is() -> None:
    doc = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    shown = doc.split("```text\n", 1)[1].split("```", 1)[0]
    assert shown == tree(), "regenerate the tree: python3 tests/quality/test_architecture.py"


def test_the_graph_reads_every_import_form() -> None:
    """The checks above are only as good as the graph: imports inside functions and under TYPE_CHECKING count."""
    assert "generator.core.diagnostics" in GRAPH["generator.read.schema"]
    assert all(module in GRAPH["generator.cli"] for module in ("generator.build", "generator.scaffold"))


if __name__ == "__main__":
    sys.stdout.write(tree())
