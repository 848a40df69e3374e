"""The package layout is the data flow: imports run one way, from later stages to earlier ones, never back.

The graph is read from the source (ast), so imports inside functions and under TYPE_CHECKING count too:
hiding an upward import in a function does not make it go away.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "helpers"

#: Each stage and the stages it may import (besides itself). Foundation modules sit at the top level.
ALLOWED: dict[str, set[str]] = {
    "foundation": set(),
    "data": {"foundation"},
    "clean": {"foundation", "data"},
    "coding": {"foundation", "data", "clean"},
    "analysis": {"foundation", "data"},
    "text": {"foundation", "data", "analysis"},
    "charts": {"foundation", "data", "analysis", "text"},
    "page": {"foundation", "data", "analysis", "text", "charts"},
    "reports": {"foundation", "data", "analysis", "text", "charts", "page"},
    "cli": {"foundation", "data", "clean", "coding", "reports"},
}
FOUNDATION = {"paths", "errors", "files"}
#: Entry points for people and notebooks: they may import any stage, and no stage may import them.
ENTRY = {"helpers", "helpers.__main__", "helpers.views", "helpers.plots", "helpers.params"}
#: The fork server's warm-up imports what a notebook imports (the facades included), and nothing else does.
PRELOAD = "helpers.reports._preload"


def module_name(path: Path) -> str:
    parts = ["helpers", *path.relative_to(SRC).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stage(module: str) -> str:
    parts = module.split(".")
    if module in ENTRY:
        return "entry"
    if len(parts) == 2 and parts[1] in FOUNDATION:
        return "foundation"
    return parts[1]


def imports(path: Path, module: str) -> set[str]:
    """Every helpers module `path` imports, wherever the import statement stands."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "helpers"}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                )
            if base.split(".")[0] != "helpers":
                continue
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
    return {m for m in found if m in MODULES and m != module}


MODULES = {module_name(p): p for p in SRC.rglob("*.py")}
GRAPH = {m: imports(p, m) for m, p in MODULES.items()}


def test_every_module_belongs_to_a_known_stage() -> None:
    unknown = {m: stage(m) for m in MODULES if stage(m) not in {*ALLOWED, "entry"}}
    assert not unknown, f"modules outside the stages the layout names: {unknown}"


def test_no_stage_imports_a_later_one() -> None:
    upward = []
    for module, targets in sorted(GRAPH.items()):
        here = stage(module)
        if here == "entry":
            continue
        for target in sorted(targets):
            there = stage(target)
            if there == "entry" and module == PRELOAD:
                continue
            if there != here and (there == "entry" or there not in ALLOWED[here]):
                upward.append(f"{module} ({here}) imports {target} ({there})")
    assert not upward, "imports that run against the data flow:\n" + "\n".join(upward)


def test_the_import_graph_has_no_cycle() -> None:
    done: set[str] = set()
    cycles: list[str] = []

    def visit(module: str, trail: list[str]) -> None:
        if module in trail:
            cycles.append(" -> ".join([*trail[trail.index(module) :], module]))
            return
        if module in done:
            return
        for target in sorted(GRAPH[module]):
            # a package's __init__ is not an edge back to the package's modules' own imports
            visit(target, [*trail, module])
        done.add(module)

    for module in sorted(GRAPH):
        visit(module, [])
    assert not cycles, "import cycles:\n" + "\n".join(sorted(set(cycles)))


@pytest.mark.parametrize("package", sorted(ALLOWED.keys() - {"foundation"}))
def test_each_stage_says_what_it_owns_and_may_import(package: str) -> None:
    doc = ast.get_docstring(ast.parse((SRC / package / "__init__.py").read_text(encoding="utf-8"))) or ""
    assert "Imports:" in doc, f"helpers/{package}/__init__.py should say what it owns and what it may import"


def test_the_check_catches_an_upward_import_hidden_in_a_function(tmp_path: Path) -> None:
    """The graph reader sees function-local and TYPE_CHECKING imports (the ways earlier cycles hid)."""
    probe = tmp_path / "probe.py"
    probe.write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from helpers.clean import run\n"
        "def f():\n    from helpers.reports import build\n"
    )
    assert imports(probe, "helpers.data.probe") == {"helpers.clean.run", "helpers.reports.build"}


def _readme_file_map() -> str:
    text = (SRC.parents[1] / "README.md").read_text(encoding="utf-8")
    return text.split("## Every file", 1)[1].split("```", 2)[1]


def test_the_readme_file_map_names_every_module() -> None:
    """README's "Every file" says what each package owns: a module it does not name is a module nobody finds."""
    import re

    block = _readme_file_map()
    unnamed = sorted(
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if p.name != "__init__.py" and not re.search(rf"(?<![\w.]){re.escape(p.stem)}(\.py)?\b", block)
    )
    assert not unnamed, f"modules README's file map does not name: {unnamed}"


def test_every_path_the_readme_names_under_src_exists() -> None:
    import re

    text = (SRC.parents[1] / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"(?:src/)?helpers/[\w/]+(?:\.py)?", text))
    missing = sorted(n for n in named if not (SRC.parents[1] / ("" if n.startswith("src/") else "src") / n).exists())
    assert not missing, f"README names paths that do not exist: {missing}"


def test_every_helpers_module_declares_its_public_names() -> None:
    """Issue 20 point 6: each module says what it offers (`__all__`), and every name it lists exists, so
    completion and `from helpers.x import *` show the API and not the module's imports."""
    import importlib
    import importlib.util
    import pkgutil

    import helpers

    for info in pkgutil.walk_packages(helpers.__path__, "helpers."):
        if info.name.endswith("__main__") or info.name.rsplit(".", 1)[-1].startswith("_"):
            # private modules are not API; and importing reports._preload here would set MPLBACKEND=agg in
            # this test process, so every kernel a later test starts would show no inline plot
            continue
        module = importlib.import_module(info.name)
        assert hasattr(module, "__all__"), f"{info.name} has no __all__"
        for name in module.__all__:
            assert hasattr(module, name) or (
                hasattr(module, "__path__") and importlib.util.find_spec(f"{info.name}.{name}") is not None
            ), f"{info.name}.__all__ names {name!r}, which it does not define"
