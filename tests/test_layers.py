"""The import graph of kg/ has layers a maintainer can rely on: no circle, and nothing below the web imports it.

The imports are read from the source (an AST walk, every `import` and `from ... import`, at module level and inside
functions alike; those under `if TYPE_CHECKING:` are left out, as they never run), so nothing is imported to read
them. `from . import conneg` is an
arrow to the module kg.web.conneg; `from . import settings_of` (a name, not a module) an arrow to the package.
"""

from __future__ import annotations

import ast
from pathlib import Path

KG = Path(__file__).resolve().parent.parent / "kg"

# Imports inside a function that would close a circle if they stood at module level, each with the reason it is
# deferred. An arrow not listed here may not close a circle at all.
DEFERRED_BY_DESIGN: dict[tuple[str, str], str] = {
    # kg.cli defines its shared options after importing the command modules, which register() reads when called.
    **{
        (f"kg.cli.{name}", "kg.cli"): "the command registers itself with the group kg.cli builds"
        for name in (
            "build_cmd",
            "eval_cmd",
            "export_cmd",
            "extract_cmd",
            "link_cmd",
            "query_cmd",
            "serve_cmd",
            "stats_cmd",
            "validate_cmd",
        )
    },
}
# Layers that may import the web: the web itself and the commands that start it.
WEB = "kg.web"
MAY_IMPORT_WEB = ("kg.web", "kg.cli")


def _module_name(path: Path) -> str:
    parts = path.relative_to(KG.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(KG.rglob("*.py")) if "node_modules" not in p.parts}


def _is_package(name: str, modules: dict[str, Path]) -> bool:
    return modules[name].name == "__init__.py"


def _imports(name: str, path: Path, modules: dict[str, Path]) -> list[tuple[str, bool]]:
    """(imported kg module, at module level?) for every import statement of one module."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = name if _is_package(name, modules) else name.rpartition(".")[0]
    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, top: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue  # read by type checkers only, never run
            inner = top and not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                found.extend((_known(a.name, modules), top) for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - (child.level - 1)]
                    base = ".".join(anchor + ([base] if base else []))
                for alias in child.names:
                    sub = f"{base}.{alias.name}"
                    found.append((sub if sub in modules else _known(base, modules), top))
            visit(child, inner)

    visit(tree, True)
    return [(target, top) for target, top in found if target and target != name]


def _known(dotted: str, modules: dict[str, Path]) -> str:
    """The kg module a dotted name imports (its longest known prefix), '' for anything outside kg."""
    parts = dotted.split(".")
    while parts:
        if ".".join(parts) in modules:
            return ".".join(parts)
        parts.pop()
    return ""


def _graph(module_level_only: bool) -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for target, top in _imports(name, path, modules):
            if top or not module_level_only:
                graph[name].add(target)
    return graph


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One circle per strongly connected group of modules (Tarjan), each listed from its smallest name."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return groups


def test_the_reader_sees_the_imports_it_must_judge():
    # The walk itself: a relative module import, a name from a package, an import inside a function.
    graph = _graph(module_level_only=False)
    assert "kg.web.conneg" in graph["kg.web.sparql"]  # from . import conneg
    assert "kg.cli" in graph["kg.cli.query_cmd"]  # from . import settings_of, store_option (inside register)
    assert "kg.cli" not in _graph(module_level_only=True)["kg.cli.query_cmd"]
    assert "kg.errors" in graph["kg.sparql.guard"]  # from ..errors import QueryError


def test_no_module_imports_itself_back_at_module_level():
    assert _circles(_graph(module_level_only=True)) == []


def test_no_circle_through_deferred_imports_except_the_listed_ones():
    graph = _graph(module_level_only=False)
    for edge in DEFERRED_BY_DESIGN:
        graph[edge[0]].discard(edge[1])
    assert _circles(graph) == []


def test_the_listed_deferred_imports_still_exist():
    graph = _graph(module_level_only=False)
    assert [edge for edge in DEFERRED_BY_DESIGN if edge[1] not in graph[edge[0]]] == []


def test_nothing_below_the_web_imports_the_web():
    graph = _graph(module_level_only=False)
    arrows = sorted(
        (source, target)
        for source, targets in graph.items()
        for target in targets
        if (target == WEB or target.startswith(WEB + "."))
        and not any(source == layer or source.startswith(layer + ".") for layer in MAY_IMPORT_WEB)
    )
    assert arrows == []
