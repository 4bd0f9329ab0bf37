"""The shape of the `meshpy` package: no file over 800 lines, and no import
circle among its modules (issue 10).

The import graph is read from the source with `ast`, not by importing
anything. Every `import` statement counts as an edge, wherever it stands:
a function-level import only postpones a circle to run time — the two
modules still need each other and cannot be understood or tested apart —
so it is an edge too. The one exception is an import under
`if TYPE_CHECKING:`, which never runs and exists only for annotations.
`from .pkg import name` is an edge to `pkg` (its `__init__` runs) and,
when `name` is a submodule, to that submodule as well.
"""

from __future__ import annotations

import ast
import os

import meshpy

PACKAGE_DIR = os.path.dirname(os.path.abspath(meshpy.__file__))
MAX_LINES = 800

# Files allowed over MAX_LINES: none (the checker and lowering splits of
# issue 10 landed). This set may only shrink.
TOO_LONG_FOR_NOW: set[str] = set()


def _modules() -> dict[str, str]:
    """Dotted module name -> file path, for every .py file of the package."""
    found = {}
    root = os.path.dirname(PACKAGE_DIR)
    for dirpath, dirnames, filenames in os.walk(PACKAGE_DIR):
        dirnames[:] = [d for d in dirnames if d != "__pycache__"]
        for name in filenames:
            if name.endswith(".py"):
                path = os.path.join(dirpath, name)
                dotted = os.path.relpath(path, root)[:-3].replace(os.sep, ".")
                found[dotted.removesuffix(".__init__")] = path
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _import_nodes(tree: ast.AST):
    """Every Import/ImportFrom in the tree, skipping `if TYPE_CHECKING:` bodies."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
        else:
            stack.extend(ast.iter_child_nodes(node))


def _targets(module: str, is_package: bool, node, modules: dict) -> set[str]:
    """The package modules an import statement in `module` loads."""
    if isinstance(node, ast.Import):
        names = [a.name for a in node.names]
    else:
        if node.level:
            base = module.split(".") if is_package else module.split(".")[:-1]
            base = base[: len(base) - (node.level - 1)]
            prefix = ".".join(base + ([node.module] if node.module else []))
        else:
            prefix = node.module or ""
        names = [prefix] + [f"{prefix}.{a.name}" for a in node.names]
    out = set()
    for name in names:
        # `import a.b.c` runs a, a.b and a.b.c; only our own modules matter
        parts = name.split(".")
        for i in range(1, len(parts) + 1):
            candidate = ".".join(parts[:i])
            if candidate in modules and candidate != "meshpy":
                out.add(candidate)
    out.discard(module)
    return out


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    graph = {}
    for module, path in modules.items():
        with open(path, encoding="utf-8") as f:
            tree = ast.parse(f.read(), path)
        is_package = path.endswith("__init__.py")
        edges = set()
        for node in _import_nodes(tree):
            edges |= _targets(module, is_package, node, modules)
        graph[module] = edges
    return graph


def _is_ancestor(package: str, module: str) -> bool:
    return module.startswith(package + ".")


def find_cycle(graph: dict[str, set[str]]):
    """One import circle as a list of modules (first repeated at the end),
    or None. A package importing its own submodules (`meshpy.check` ->
    `meshpy.check.infer`) is how a package exposes its API; the submodule
    importing a sibling through the package's name would be a real circle
    and is still found, as the edges from a submodule to its package count."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for dep in sorted(graph[node]):
            if _is_ancestor(node, dep):
                continue  # a package's __init__ loading its own submodule
            if state.get(dep) == 1:
                return stack[stack.index(dep):] + [dep]
            if dep not in state:
                cycle = visit(dep)
                if cycle:
                    return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return None


def test_no_import_circle_among_meshpy_modules():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import circle: " + " -> ".join(cycle)


def test_the_circle_finder_sees_function_level_imports():
    # the graph reader itself: a function-level import is an edge
    tree = ast.parse("def f():\n    from .b import x\n")
    nodes = list(_import_nodes(tree))
    modules = {"meshpy.a": "", "meshpy.b": ""}
    assert _targets("meshpy.a", False, nodes[0], modules) == {"meshpy.b"}
    assert find_cycle({"meshpy.a": {"meshpy.b"}, "meshpy.b": {"meshpy.a"}}) == [
        "meshpy.a", "meshpy.b", "meshpy.a"]
    assert find_cycle({"meshpy.a": {"meshpy.b"}, "meshpy.b": set()}) is None


def test_no_file_in_meshpy_is_over_800_lines():
    too_long = {}
    for path in _modules().values():
        rel = os.path.relpath(path, PACKAGE_DIR).replace(os.sep, "/")
        with open(path, encoding="utf-8") as f:
            n = sum(1 for _ in f)
        if n > MAX_LINES and rel not in TOO_LONG_FOR_NOW:
            too_long[rel] = n
    assert not too_long, f"files over {MAX_LINES} lines: {too_long}"


def _private_process_uses(path: str) -> list[str]:
    """Underscored names a module takes from runtime/process.py: imported
    (`from .process import _x`) or read through the module (`_p._x`)."""
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read(), path)
    aliases, found = set(), []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[-1] == "process":
            found += [a.name for a in node.names if a.name.startswith("_")]
        elif isinstance(node, ast.ImportFrom) and any(a.name == "process" for a in node.names):
            aliases |= {a.asname or a.name for a in node.names if a.name == "process"}
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id in aliases and node.attr.startswith("_")):
            found.append(f"{node.value.id}.{node.attr}")
    return found


def test_runtime_modules_use_only_process_public_api():
    runtime = os.path.join(PACKAGE_DIR, "runtime")
    offenders = {}
    for dirpath, _dirs, filenames in os.walk(runtime):
        for name in filenames:
            path = os.path.join(dirpath, name)
            if name.endswith(".py") and path != os.path.join(runtime, "process.py"):
                uses = _private_process_uses(path)
                if uses:
                    offenders[os.path.relpath(path, PACKAGE_DIR)] = uses
    assert not offenders, f"private names of runtime/process.py used elsewhere: {offenders}"


def test_the_private_use_finder_finds_both_forms(tmp_path):
    src = tmp_path / "m.py"
    src.write_text("from . import process as _p\nfrom .process import _kill, spawn_fn\nx = _p._prog\n")
    assert sorted(_private_process_uses(str(src))) == ["_kill", "_p._prog"]


def test_the_lowering_knows_every_name_the_prelude_exports():
    """lower/prelude_names.py is a copy of the runtime prelude's export list
    (so that compiling does not import the runtime); a name missing there
    could be given to a Mesh binding and shadow the runtime's."""
    from meshpy.lower.prelude_names import PRELUDE_NAMES
    from meshpy.runtime import prelude

    assert PRELUDE_NAMES == set(prelude.__all__), (
        sorted(set(prelude.__all__) - PRELUDE_NAMES), sorted(PRELUDE_NAMES - set(prelude.__all__)))


def test_compiling_a_program_does_not_import_the_runtime(tmp_path):
    """`meshpy build` never loads asyncio or the process machinery."""
    import subprocess
    import sys

    (tmp_path / "main.mpl").write_text('fn main() do\n  println("hi")\nend\n')
    code = ("import sys; from meshpy.cli import main; main(['build', '-q', sys.argv[1]]); "
            "print(sorted(m for m in sys.modules if m == 'asyncio' or m.startswith('meshpy.runtime')))")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stdout


# String methods that search text, and modules that parse it: the lowering
# builds typed nodes (lower/code.py) and never reads generated code back.
# names.py is the one exception: it maps Mesh identifiers to Python names.
_TEXT_SEARCH = {"isidentifier", "startswith", "endswith", "find", "rfind", "splitlines"}
_TEXT_PARSERS = {"re", "ast", "tokenize", "jinja2"}


def _text_inspections(path: str) -> list[str]:
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read(), path)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _TEXT_SEARCH:
            found.append(f"line {node.lineno}: .{node.func.attr}()")
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            mods = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            found += [f"line {node.lineno}: import {m}" for m in mods if m.split(".")[0] in _TEXT_PARSERS]
    return found


def test_the_lowering_does_not_inspect_generated_text():
    lower = os.path.join(PACKAGE_DIR, "lower")
    bad = {name: hits for name in sorted(os.listdir(lower))
           if name.endswith(".py") and name != "names.py"
           and (hits := _text_inspections(os.path.join(lower, name)))}
    assert not bad, bad


def test_the_text_inspection_finder_finds_calls_and_imports(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("import re\nfrom ast import parse\nok = 'x'.upper()\n"
                     "if line.lstrip().startswith('def'):\n    pass\n")
    assert _text_inspections(str(probe)) == ["line 1: import re", "line 2: import ast", "line 4: .startswith()"]
