"""The architecture of DESIGN.md (layers: data flows down), checked on the source itself.

Every module of ``src/openocmw`` is parsed (nothing is imported or executed) and its imports of
``openocmw.*`` are collected, at module level and inside functions alike: a function-level
import is still a dependency, only one that is paid later. From that graph:

- no two modules import each other, directly or through others (no cycles);
- ``openocmw.rules`` imports no Django and nothing of openocmw outside ``rules`` (it is a pure
  OpenFisca system that can be used, tested and benchmarked alone);
- no module is longer than :data:`MAX_LINES` lines (migrations excluded);
- the domain apps do not import the interface layers (``web``, ``api``, ``cli``, ``config``)
  nor any app's views, API handlers or URL configuration, except from their own interface
  modules (views, API, URLs, forms, template tags, management commands, the AppConfig);
- ``accounts`` and ``rules`` import no domain app.

Imports guarded by ``if TYPE_CHECKING:`` are not runtime dependencies and are left out.
"""

from __future__ import annotations

import ast
import warnings
from functools import cache
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "openocmw"
MAX_LINES = 800
DOMAIN_APPS = ("registry", "casework", "gpmi", "rights", "exchange", "finance", "stats", "journal")
INTERFACE_LAYERS = ("web", "api", "cli", "config")
# Modules of a domain app that belong to its interface: they may import web/api. Forms are
# not among them: they validate input for the pages and the API alike (api.views uses
# registry.forms), and the domain's documents may use their labels (gpmi.pdf).
INTERFACE_MODULES = ("views", "api", "api_urls", "urls", "admin", "apps")
INTERFACE_PACKAGES = ("templatetags", "management", "views", "api")
# An app's further interface modules by their suffix (e.g. rights/catalogue_api.py).
INTERFACE_SUFFIXES = ("_views", "_api", "_api_urls", "_urls")
FORBIDDEN_IN_RULES = ("django", "rest_framework", "drf_spectacular")

# Known cycles, each an explicit exception to remove once it is fixed. None is left: the
# rules.explanation <-> rules.facade cycle was broken by rules.result (issue 8/9).
KNOWN_CYCLES: frozenset[frozenset[str]] = frozenset()


@cache
def modules() -> dict[str, Path]:
    out = {}
    for path in sorted((SRC / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _is_migration(name: str) -> bool:
    return ".migrations" in name


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    """Ids of the import nodes inside ``if TYPE_CHECKING:`` blocks."""
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = getattr(test, "id", None) or getattr(test, "attr", None)
            if name == "TYPE_CHECKING":
                for inner in node.body:
                    skipped.update(id(n) for n in ast.walk(inner))
    return skipped


def imports_of(name: str) -> tuple[set[str], set[str]]:
    """(openocmw modules, other top-level packages) that the module imports, anywhere in it."""
    return _imports(name)


@cache
def _imports(name: str) -> tuple[set[str], set[str]]:
    mods = modules()
    path = mods[name]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    skipped = _type_checking_nodes(tree)
    internal: set[str] = set()
    external: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == PACKAGE:
                    internal.add(_existing(alias.name))
                else:
                    external.add(alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if target.split(".")[0] != PACKAGE:
                external.add(target.split(".")[0])
                continue
            for alias in node.names:
                full = f"{target}.{alias.name}"
                internal.add(full if full in mods else _existing(target))
    internal.discard(name)
    return internal, external


def _existing(dotted: str) -> str:
    """The longest prefix of ``dotted`` that is a module (``import a.b.c`` where c is a name)."""
    mods = modules()
    while dotted not in mods and "." in dotted:
        dotted = dotted.rpartition(".")[0]
    return dotted


def graph() -> dict[str, set[str]]:
    return {name: imports_of(name)[0] for name in modules()}


def strongly_connected(edges: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iterative: the components of more than one module are the cycles."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[set[str]] = []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        out.append(component)
    return out


def _describe(component: set[str], edges: dict[str, set[str]]) -> str:
    inner = sorted(f"{a} -> {b}" for a in component for b in edges[a] if b in component)
    return "; ".join(inner)


# --- the checker checks itself on small graphs -------------------------------------------------


def test_cycle_finder_finds_direct_and_indirect_cycles_and_nothing_else():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"e"}, "e": {"d"}, "f": {"a"}, "g": set()}
    found = sorted(sorted(c) for c in strongly_connected(edges))
    assert found == [["a", "b", "c"], ["d", "e"]]
    assert strongly_connected({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_the_walk_sees_every_module_and_function_level_imports():
    names = modules()
    assert "openocmw.gpmi.stats" in names and "openocmw.rules" in names
    # gpmi.stats imports the chart module inside a method only: still a dependency.
    assert "openocmw.gpmi.charts" in imports_of("openocmw.gpmi.stats")[0]
    # Relative imports are resolved: ``from .models import ...`` inside gpmi.
    assert "openocmw.gpmi.models" in imports_of("openocmw.gpmi.stats")[0]


# --- the architecture --------------------------------------------------------------------------


def test_no_import_cycles_between_modules():
    edges = graph()
    cycles = strongly_connected(edges)
    unknown = [c for c in cycles if frozenset(c) not in KNOWN_CYCLES]
    assert not unknown, "import cycles:\n" + "\n".join(_describe(c, edges) for c in unknown)
    for c in cycles:  # the known, tolerated ones are reported, not hidden
        warnings.warn(
            f"known import cycle, to be removed: {_describe(c, edges)}", UserWarning, stacklevel=1
        )


def test_known_cycle_exceptions_are_not_stale():
    """An exception outlives its fix only until this test: remove the entry from KNOWN_CYCLES."""
    found = {frozenset(c) for c in strongly_connected(graph())}
    stale = [sorted(c) for c in KNOWN_CYCLES if c not in found]
    assert not stale, f"these cycles are fixed: remove them from KNOWN_CYCLES: {stale}"


def test_rules_imports_no_django_and_nothing_outside_rules():
    offenders = []
    for name in modules():
        if name != f"{PACKAGE}.rules" and not name.startswith(f"{PACKAGE}.rules."):
            continue
        internal, external = imports_of(name)
        for pkg in sorted(external & set(FORBIDDEN_IN_RULES)):
            offenders.append(f"{name} imports {pkg}")
        for target in sorted(internal):
            if target == PACKAGE:  # the root package: only its version string
                continue
            if target != f"{PACKAGE}.rules" and not target.startswith(f"{PACKAGE}.rules."):
                offenders.append(f"{name} imports {target}")
    # The root package that rules may import (for __version__) imports nothing itself.
    root_internal, root_external = imports_of(PACKAGE)
    assert not root_internal and not root_external, (root_internal, root_external)
    assert not offenders, "\n".join(offenders)


# Modules outside rules that must stay free of Django too: the disclosure control is shared by
# every producer of statistics and is tested alone.
PURE_MODULES = ("openocmw.accounts.disclosure",)


@pytest.mark.parametrize("name", PURE_MODULES)
def test_pure_modules_import_no_django(name):
    internal, external = imports_of(name)
    assert not external & set(FORBIDDEN_IN_RULES), external
    assert not internal, internal


def test_no_module_is_longer_than_the_limit():
    long = []
    for name, path in modules().items():
        if _is_migration(name):
            continue
        lines = path.read_text(encoding="utf-8").count("\n")
        if lines > MAX_LINES:
            long.append(f"{name}: {lines} lines")
    assert not long, f"modules over {MAX_LINES} lines:\n" + "\n".join(long)


def _app_and_rest(name: str) -> tuple[str | None, list[str]]:
    parts = name.split(".")
    if len(parts) < 2 or parts[0] != PACKAGE:
        return None, []
    return parts[1], parts[2:]


def _is_interface(name: str) -> bool:
    """A module of the interface layers, or an app's own interface module."""
    app, rest = _app_and_rest(name)
    if app in INTERFACE_LAYERS:
        return True
    if app in DOMAIN_APPS or app == "accounts":
        return bool(rest) and (
            rest[0] in INTERFACE_PACKAGES
            or rest[0] in INTERFACE_MODULES
            or rest[0].endswith(INTERFACE_SUFFIXES)
        )
    return False


def test_domain_apps_do_not_import_the_interface_layers():
    offenders = []
    for name in modules():
        app, _rest = _app_and_rest(name)
        if app not in DOMAIN_APPS or _is_interface(name) or _is_migration(name):
            continue
        for target in sorted(imports_of(name)[0]):
            if _is_interface(target):
                offenders.append(f"{name} imports {target}")
    assert not offenders, "domain modules that import web/api/views:\n" + "\n".join(offenders)


@pytest.mark.parametrize("lower", ["accounts", "rules"])
def test_lower_layers_import_no_domain_app(lower):
    offenders = []
    for name in modules():
        app, _rest = _app_and_rest(name)
        if app != lower or _is_migration(name):
            continue
        for target in sorted(imports_of(name)[0]):
            if _app_and_rest(target)[0] in DOMAIN_APPS:
                offenders.append(f"{name} imports {target}")
    assert not offenders, "\n".join(offenders)
