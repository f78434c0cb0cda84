"""How our packages import each other: no circles, imports at the top of a module, arrows one way.

The graph is read from the source with ``ast`` (nothing is imported): every ``import`` statement
counts wherever it stands — at the top, inside a function, under ``if TYPE_CHECKING:`` — with
relative imports resolved and ``from package import module`` pointing at the module; so does
``importlib.import_module("...")`` (or ``__import__``) with a literal name.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "handlers", "alerts", "keitaro", "storage", "services")

FUNCTION_IMPORTS_ALLOWED: dict[str, str] = {
    "bot/__main__.py": "main() reads the settings before it imports bot.app: a configuration error is "
    "reported at once, not after aiogram and every feature are imported (seconds of pydantic model "
    "building).",
    # Not a reason: dodging a circle (move what both modules need to a third one), or a heavy
    # third-party import (let the module that needs it import it lazily itself, as
    # handlers/reports/chart.py does with matplotlib).
}
"""Files that may import our own modules inside a function, and why."""

ARROWS: dict[str, frozenset[str]] = {
    "keitaro": frozenset(),
    "storage": frozenset(),
    "services": frozenset({"keitaro", "storage"}),
    "alerts": frozenset({"keitaro", "storage", "services"}),
    "handlers": frozenset({"keitaro", "storage", "alerts", "services"}),
    "bot": frozenset(PACKAGES),
}
"""Which of our other packages each package may import (DESIGN.md, "The house")."""

NO_TELEGRAM = {"keitaro", "storage", "services"}
"""Packages that import nothing of aiogram (but storage/fsm.py, which implements its storage)."""
TELEGRAM_EXCEPTIONS = {"storage/fsm.py"}


@dataclass(frozen=True, slots=True)
class Import:
    source: str  # the importing module, e.g. "handlers.resources.writes"
    target: str  # our module it imports (e.g. "handlers.ui"), or a third-party top-level name
    path: str  # the importing file, relative to the repository
    line: int
    in_function: bool

    @property
    def ours(self) -> bool:
        return self.target.split(".")[0] in PACKAGES

    def __str__(self) -> str:
        return f"{self.path}:{self.line} imports {self.target}"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(p): p for package in PACKAGES for p in sorted((ROOT / package).rglob("*.py"))}


def _resolve(name: str) -> str:
    """Our module that ``name`` (a module, or a name inside one) belongs to; third-party names
    become their top-level package."""
    if name.split(".", maxsplit=1)[0] not in PACKAGES:
        return name.split(".", maxsplit=1)[0]
    known = modules()
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name


def _walk(node: ast.AST, in_function: bool = False) -> Iterator[tuple[ast.AST, bool]]:
    for child in ast.iter_child_nodes(node):
        yield child, in_function
        inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        yield from _walk(child, inside)


def _is_dynamic_import(func: ast.expr) -> bool:
    if isinstance(func, ast.Attribute):  # importlib.import_module(...)
        return func.attr == "import_module"
    return isinstance(func, ast.Name) and func.id in ("import_module", "__import__")


def imports_in(source: str, module: str, *, is_package: bool = False, where: str = "") -> Iterator[Import]:
    """The imports of one module's source (``module`` names it, for relative imports)."""
    tree = ast.parse(source, filename=where or module)
    package = module if is_package else module.rpartition(".")[0]
    for node, in_function in _walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [_resolve(alias.name) for alias in node.names]
        elif isinstance(node, ast.Call) and _is_dynamic_import(node.func):
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                targets = [_resolve(first.value)]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            else:
                base = node.module or ""
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules() else _resolve(base)
                for alias in node.names
            ]
        for target in dict.fromkeys(targets):
            if target and target != module:
                yield Import(module, target, where, node.lineno, in_function)


@cache
def imports() -> tuple[Import, ...]:
    return tuple(
        imp
        for module, path in modules().items()
        for imp in imports_in(
            path.read_text(encoding="utf-8"),
            module,
            is_package=path.name == "__init__.py",
            where=path.relative_to(ROOT).as_posix(),
        )
    )


def graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {module: set() for module in modules()}
    for imp in imports():
        if imp.ours:
            edges[imp.source].add(imp.target)
    return edges


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return sorted(found)


def _describe(circle: list[str]) -> str:
    members = set(circle)
    lines = [f"{imp}" for imp in imports() if imp.source in members and imp.target in members]
    return " <-> ".join(circle) + "\n    " + "\n    ".join(lines)


# ---------------------------------------------------------------- the checks


def test_the_graph_sees_every_kind_of_import() -> None:
    """The reader itself (else the other checks could pass by not seeing an import)."""
    source = """
from typing import TYPE_CHECKING

import httpx
import keitaro.errors
from keitaro import KeitaroClient

from . import writes
from ..ui import esc
from handlers import input

if TYPE_CHECKING:
    from storage import Tracker


def later():
    from handlers.resources import spec
    importlib.import_module("handlers.oncall.render")
"""
    found = [(imp.target, imp.in_function) for imp in imports_in(source, "handlers.resources.browser")]
    assert found == [
        ("typing", False),
        ("httpx", False),
        ("keitaro.errors", False),
        ("keitaro", False),
        ("handlers.resources.writes", False),
        ("handlers.ui", False),
        ("handlers.input", False),
        ("storage", False),
        ("handlers.resources.spec", True),
        ("handlers.oncall.render", True),
    ]
    package = imports_in("from . import spec\nfrom .. import ui", "handlers.resources", is_package=True)
    assert [imp.target for imp in package] == ["handlers.resources.spec", "handlers.ui"]


def test_no_import_circles() -> None:
    found = circles(graph())
    print("\n".join(_describe(c) for c in found))
    assert not found, "import circles:\n" + "\n".join(_describe(c) for c in found)


def test_a_circle_would_be_found() -> None:
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def _function_imports() -> dict[str, list[Import]]:
    by_file: dict[str, list[Import]] = {}
    for imp in imports():
        if imp.in_function and imp.ours:
            by_file.setdefault(imp.path, []).append(imp)
    return by_file


def test_functions_do_not_import_our_modules() -> None:
    """Our modules are imported at the top of a module, so the graph is what the file says."""
    unexpected = {
        path: [str(imp) for imp in found]
        for path, found in _function_imports().items()
        if path not in FUNCTION_IMPORTS_ALLOWED
    }
    assert not unexpected, unexpected


def test_the_lists_name_existing_files() -> None:
    for path in [*FUNCTION_IMPORTS_ALLOWED, *TELEGRAM_EXCEPTIONS]:
        assert (ROOT / path).is_file(), path


def test_layers_point_one_way() -> None:
    """keitaro/ and storage/ import nothing of ours; services/ only those two; alerts/ no handlers/
    or bot/; handlers/ no bot/; and no aiogram below handlers/ (but the FSM storage)."""
    bad = []
    for imp in imports():
        package = imp.source.split(".")[0]
        if imp.ours:
            other = imp.target.split(".")[0]
            if other != package and other not in ARROWS[package]:
                bad.append(str(imp))
        elif imp.target == "aiogram" and package in NO_TELEGRAM and imp.path not in TELEGRAM_EXCEPTIONS:
            bad.append(str(imp))
    assert not bad, bad
