"""Static facts about sagegen's own source: its import graph and where Terraform addresses are spelled."""

from __future__ import annotations

import ast
import re
from pathlib import Path

# An address (`aws_lb.main`, `data.aws_caller_identity.current`) or the start of one in an f-string (`aws_x.{y}`).
ADDRESS = re.compile(r"\b(?:data\.)?aws_[a-z0-9_]+\.(?:[a-z_]|$)")


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(root: Path) -> dict[str, Path]:
    return {module_name(root, p): p for p in sorted(root.rglob("*.py"))}


def _resolve(found: dict[str, Path], package: str, node: ast.ImportFrom) -> list[str]:
    base = package.split(".")
    if node.level:
        base = base[: len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    out = []
    for alias in node.names:
        submodule = f"{target}.{alias.name}"
        out.append(submodule if submodule in found else target)
    return out


def _packages_run_first(found: dict[str, Path], name: str, targets: set[str]) -> set[str]:
    """Importing `a.b.c` first runs `a.b`'s __init__ (and what it imports), unless the importer is
    itself inside `a.b`, whose __init__ is already running: those are edges of the graph too."""
    mine = {name.rsplit(".", i)[0] for i in range(1, name.count(".") + 1)} | {name}
    out = set()
    for target in targets:
        parts = target.split(".")
        for i in range(1, len(parts)):
            package = ".".join(parts[:i])
            if package in found and package not in mine:
                out.add(package)
    return out


def import_graph(root: Path) -> dict[str, set[str]]:
    """{module: the package's modules it imports}, counting imports inside functions too."""
    found = modules(root)
    graph: dict[str, set[str]] = {}
    for name, path in found.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        edges: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                edges |= {a.name for a in node.names if a.name in found}
            elif isinstance(node, ast.ImportFrom):
                edges |= {t for t in _resolve(found, package, node) if t in found}
        edges |= _packages_run_first(found, name, edges)
        graph[name] = edges - {name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
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
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def address_literals(path: Path) -> list[str]:
    """`file:line: text` of every string constant (docstrings aside) that spells a Terraform address."""
    tree = ast.parse(path.read_text(), str(path))
    skip = _docstrings(tree)
    return [
        f"{path}:{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skip
        and ADDRESS.search(node.value)
    ]
