"""The house's rules, read from the source: no import cycle, and stages import no outer layer.

Every ``import`` and ``from ... import`` of storydesk's own modules is read with ``ast``, at module level
and inside functions alike (a function-level import hides a cycle; it does not break it). Imports under
``if TYPE_CHECKING:`` never run, so they take no part in cycles; they still count for the layer rule.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import storydesk

ROOT = Path(storydesk.__file__).parent
STAGES = ("ingest", "enrich", "stories", "brief")
OUTER = ("store", "web", "engines", "pipeline", "cli", "update", "evaluate")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def resolve(name: str) -> str | None:
    """The storydesk module a dotted name refers to (a name inside a module -> that module)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _type_checking_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def imports_of(module: str, *, runtime_only: bool) -> set[str]:
    """The storydesk modules ``module`` imports anywhere in its source."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_lines(tree) if runtime_only else set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skip:
            continue
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")
                base_parts = base_parts[: len(base_parts) - node.level + 1]
                base = ".".join(base_parts)
                prefix = f"{base}.{node.module}" if node.module else base
            else:
                prefix = node.module or ""
            names = [f"{prefix}.{a.name}" for a in node.names]
        for name in names:
            if name.split(".")[0] != "storydesk":
                continue
            target = resolve(name)
            if target and target != module:
                found.add(target)
    return found


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph (as a path that ends where it starts), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt):], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_walker_sees_function_level_imports_and_cycles() -> None:
    graph = {m: imports_of(m, runtime_only=True) for m in MODULES}
    assert "storydesk.model" in graph["storydesk.pipeline"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle() -> None:
    graph = {m: imports_of(m, runtime_only=True) for m in MODULES}
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


@pytest.mark.parametrize("stage", STAGES)
def test_stages_import_no_outer_layer(stage: str) -> None:
    def inside(module: str, package: str) -> bool:
        return module == f"storydesk.{package}" or module.startswith(f"storydesk.{package}.")

    bad = sorted(f"{m} imports {t}" for m in MODULES if inside(m, stage)
                 for t in imports_of(m, runtime_only=False) if any(inside(t, o) for o in OUTER))
    assert not bad, "\n".join(bad)
