"""The house rules of DESIGN.md as functions of a checkout's root, read from the source with `ast`.

Nothing is imported, so a check costs no import side effects and a broken module is still judged.
Each check returns its violations as lines that start with `file:line`, empty when the rule holds;
tests/test_architecture.py runs them on the repository and on small fake trees that break each rule.

What counts as an import: every `import` and `from ... import` statement anywhere in a file (inside
functions and under `if TYPE_CHECKING:` too), relative ones resolved. `from package import name`
imports `package.name` when that is a module of the tree, and `package` when some name is not one
(so `from studio import projects` imports studio.projects, not the bare `studio`). Imports spelled as
strings (`importlib.import_module("x")`) are not seen.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# The only parts of studio/ that components/ may import: each a room's package (its __init__'s exports)
# or a ground-floor module. A face's own submodules are its insides, not its face: `from studio.projects
# import Projects` is fine, `from studio.projects.service import Projects` is not.
FACES = frozenset(
    {
        "studio.accounts",
        "studio.projects",
        "studio.storyboard",
        "studio.production",
        "studio.jobs",
        "studio.errors",
        "studio.config",
        "studio.services",
    }
)
# What the generic lane must not know; every other package of studio/ found in the tree is added too.
ABOVE_THE_LANE = frozenset(
    {
        "studio.services",
        "studio.jobs",
        "studio.accounts",
        "studio.projects",
        "studio.storyboard",
        "studio.production",
        "studio.engines",
        "studio.post",
        "studio.models",
        "studio.web",
    }
)
UI_LIBRARIES = ("gradio", "gradio_client")
MAX_FUNCTION_LINES = 60


@dataclass(frozen=True, order=True)
class Import:
    file: Path  # relative to the root
    line: int
    module: str  # absolute, e.g. "studio.post.filters"

    def __str__(self) -> str:
        return f"{self.file}:{self.line} imports {self.module}"


def module_name(relative: Path) -> str:
    """studio/projects/service.py -> studio.projects.service; studio/projects/__init__.py -> studio.projects."""
    parts = relative.with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def python_files(root: Path, folder: str) -> list[Path]:
    """The .py files under root/folder (recursively), relative to root."""
    return sorted(path.relative_to(root) for path in (root / folder).rglob("*.py") if "__pycache__" not in path.parts)


def tree_modules(root: Path) -> dict[str, Path]:
    """Every module of studio/ and components/ by its dotted name."""
    files = python_files(root, "studio") + python_files(root, "components")
    return {module_name(file): file for file in files}


def is_within(module: str, packages: frozenset[str] | tuple[str, ...]) -> bool:
    return any(module == package or module.startswith(package + ".") for package in packages)


def _resolved_base(node: ast.ImportFrom, package: str) -> str:
    if not node.level:
        return node.module or ""
    parts = package.split(".")
    parts = parts[: len(parts) - (node.level - 1)]
    return ".".join([*parts, node.module] if node.module else parts)


def imports_in(root: Path, file: Path, modules: dict[str, Path]) -> list[Import]:
    """Every module `file` imports, anywhere in it, as absolute names (see the module's docstring)."""
    tree = ast.parse((root / file).read_text(encoding="utf-8"), filename=str(file))
    own = module_name(file)
    package = own if file.name == "__init__.py" else own.rpartition(".")[0]
    found: list[Import] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [Import(file, node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolved_base(node, package)
            names = [f"{base}.{alias.name}" for alias in node.names]
            found += [Import(file, node.lineno, name) for name in names if name in modules]
            if any(name not in modules for name in names):
                found.append(Import(file, node.lineno, base))
    return sorted(found)


def _imports_under(root: Path, folder: str) -> Iterator[Import]:
    modules = tree_modules(root)
    for file in python_files(root, folder):
        yield from imports_in(root, file, modules)


# --- the rules ------------------------------------------------------------------------------------


def gradio_in_studio(root: Path) -> list[str]:
    """studio/ never imports the UI library: the domain works without a browser."""
    return [str(found) for found in _imports_under(root, "studio") if is_within(found.module, UI_LIBRARIES)]


def ui_past_the_faces(root: Path) -> list[str]:
    """components/ imports nothing of studio/ but the faces."""
    return [
        f"{found}, which is not a face (FACES)"
        for found in _imports_under(root, "components")
        if is_within(found.module, ("studio",)) and found.module not in FACES
    ]


def lane_knows_the_studio(root: Path) -> list[str]:
    """studio/lane/ imports no feature package and not the composition root: it runs any job it is given."""
    rooms = {".".join(file.parts[:2]) for file in python_files(root, "studio") if len(file.parts) > 2}
    above = frozenset(ABOVE_THE_LANE | rooms - {"studio.lane"})
    return [str(found) for found in _imports_under(root, "studio/lane") if is_within(found.module, above)]


def import_graph(root: Path) -> dict[str, dict[str, Import]]:
    """studio's modules -> the studio modules each imports, with the first statement that does.

    A module importing its own package (its package's __init__) is not an edge: the package imports
    the module to export it, and the module reads names the package already has.
    """
    modules = {name: file for name, file in tree_modules(root).items() if is_within(name, ("studio",))}
    graph: dict[str, dict[str, Import]] = {name: {} for name in modules}
    for name, file in modules.items():
        own_package = name if file.name == "__init__.py" else name.rpartition(".")[0]
        for found in imports_in(root, file, modules):
            target = found.module
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target not in (name, own_package):
                graph[name].setdefault(target, found)
    return graph


def strongly_connected(graph: dict[str, dict[str, Import]]) -> list[list[str]]:
    """Tarjan's algorithm without recursion: the components with more than one module, each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, targets = work[-1]
            target = next(targets, None)
            if target is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while (member := stack.pop()) != node:
                        on_stack.discard(member)
                        component.append(member)
                    on_stack.discard(node)
                    if component:
                        found.append(sorted([node, *component]))
            elif target not in index:
                index[target] = low[target] = len(index)
                stack.append(target)
                on_stack.add(target)
                work.append((target, iter(sorted(graph[target]))))
            elif target in on_stack:
                low[node] = min(low[node], index[target])
    return sorted(found)


def import_cycles(root: Path) -> list[str]:
    """No import cycle among studio's modules; each cycle is listed with the imports that close it."""
    graph = import_graph(root)
    problems = []
    for component in strongly_connected(graph):
        members = set(component)
        edges = sorted(found for name in component for target, found in graph[name].items() if target in members)
        problems.append(f"import cycle among {', '.join(component)}: " + "; ".join(map(str, edges)))
    return problems


def packages_without_docstring(root: Path) -> list[str]:
    """Every package of studio/ has an __init__.py whose docstring says what the room is for."""
    problems = []
    for folder in sorted({file.parent for file in python_files(root, "studio")}):
        init = folder / "__init__.py"
        if not (root / init).exists():
            problems.append(f"{folder}: a package without __init__.py")
        elif not ast.get_docstring(ast.parse((root / init).read_text(encoding="utf-8"))):
            problems.append(f"{init}:1 has no docstring")
    return problems


def _functions(tree: ast.AST, prefix: str = "") -> Iterator[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield prefix + node.name, node
            yield from _functions(node, f"{prefix}{node.name}.")
        elif isinstance(node, ast.ClassDef):
            yield from _functions(node, f"{prefix}{node.name}.")
        else:
            yield from _functions(node, prefix)


def long_functions(root: Path, limit: int = MAX_FUNCTION_LINES) -> list[str]:
    """No function in studio/, components/ or app.py longer than `limit` lines, `def` to last line."""
    files = python_files(root, "studio") + python_files(root, "components")
    files += [Path("app.py")] if (root / "app.py").exists() else []
    problems = []
    for file in files:
        for name, node in _functions(ast.parse((root / file).read_text(encoding="utf-8"))):
            length = node.end_lineno - node.lineno + 1
            if length > limit:
                problems.append(f"{file}:{node.lineno} {name} is {length} lines (at most {limit})")
    return problems


def conftest_imports(root: Path) -> list[str]:
    """pytest loads conftest itself; a test importing it gets a second copy of every fixture."""
    tests = python_files(root, "tests")
    modules = {module_name(file): file for file in tests}
    return [
        str(found)
        for file in tests
        for found in imports_in(root, file, modules)
        if "conftest" in found.module.split(".")
    ]
