"""The typed islands are modules mypyc accepts as they stand (issue 14):
explicit imports of a few runtime names, each with a stub in
meshpy/native/stubs; no class, no name bound twice, no attribute set after
a definition; and a clean `mypy --strict --follow-imports=error` against
the stubs, the very flags the native build compiles with
(meshpy/native/compile.py). These tests only emit and type-check (no C
compiler, no mypyc), so they are quick."""

import ast
import importlib
import inspect
import os
import subprocess
import sys
import textwrap

import pytest

from meshpy.lower.module import GlobalNames
from meshpy.native.compile import MYPY_FLAGS, STUBS
from meshpy.native.typed import IslandEmitter
from meshpy.pipeline import analyse

# Every construct typed.py can emit, one or more per function.
PROGRAM = """\
    fn quot(a :: Int, b :: Int) -> Int = a / b + a % b - (-a) * 2

    fn fquot(a :: Float, b :: Float) -> Float = a / b - a % b

    fn differ(a :: Float, b :: Float) -> Bool = a != b or not (a < b and true)

    fn norm(x :: Float, y :: Float) -> Float = Math.sqrt(x * x + y * y)

    fn conv(n :: Int, f :: Float) -> Int do
      let g = Int.to_float(n) * Float.from(n) + Math.abs(f) + Math.min(f, 1.0) + Math.max(f, 2.0)
      Float.to_int(g) + Math.abs(n) + Math.max(n, 3) + Math.min(n, 2) + Math.floor(f) + Math.ceil(f)
    end

    fn countdown(n :: Int, acc :: Int) -> Int do
      if n == 0 do acc else countdown(n - 1, acc + n) end
    end

    fn build(n :: Int) -> List<String> do
      for i in 0..n do "k" <> String.from(i) <> "=${i * 2}" end
    end

    fn describe(parts :: List<String>) -> String do
      let joined = String.join(parts, ",")
      "${List.length(parts)} ${String.length(joined)} ${List.last(parts)} ${List.head(parts)}"
    end

    fn pick(xs :: List<Int>, i :: Int) -> Int = List.get(xs, i) + List.nth(xs, i)

    fn has(xs :: List<Int>, x :: Int) -> Bool = List.contains(xs, x)

    fn pipeline(xs :: List<Int>) -> Int do
      let ys = List.map(xs, fn x -> x * 3 end)
      let zs = List.filter(ys, fn x -> x % 2 == 0 end)
      List.reduce(zs, 0, fn acc, x -> acc + x end)
    end

    fn doubled(xs :: List<Float>) -> List<Float> do
      for x in xs when x > 0.0 do x * 2.0 end
    end

    fn evens(n :: Int) -> List<Bool> = for i in 0..n do i % 2 == 0 end

    fn shout(n :: Int) do
      for i in 0..n do
        println("tick ${i}")
      end
      print("done")
    end

    fn tier(0) = "none"
    fn tier(n) when n < 0 = "owed"
    fn tier(_) = "some"

    fn kind(x :: Float, b :: Bool, s :: String) -> Int do
      let f = case x do
        0.5 -> 1
        y when y > 2.0 -> 2
        _ -> 3
      end
      let g = case b do
        true -> 10
        false -> 20
      end
      let h = case s do
        "a" -> 100
        other -> String.length(other)
      end
      f + g + h
    end

    fn shown(b :: Bool) -> String = "b=${b} ${not b}"

    fn main() do
      shout(countdown(3, 0) + quot(7, 2) + conv(-3, 2.5) + pipeline([1, 2, 3]) + pick([1], 0))
      println(describe(build(3)))
    end
    """
ISLANDS = ["quot", "fquot", "differ", "norm", "conv", "countdown", "build", "describe", "pick", "has",
           "pipeline", "doubled", "evens", "shout", "tier", "kind", "shown", "main"]
ALLOWED_IMPORTS = {"math", "typing", "mypy_extensions", "meshpy.runtime.panic", "meshpy.runtime.output"}


@pytest.fixture(scope="module")
def island(tmp_path_factory) -> str:
    """The typed island of PROGRAM (all of whose functions qualify)."""
    folder = tmp_path_factory.mktemp("island")
    (folder / "main.mpl").write_text(textwrap.dedent(PROGRAM), encoding="utf-8")
    project = analyse(str(folder))
    assert project.ok
    source, hooks = IslandEmitter(project.program, GlobalNames(project.program).names).emit()
    (functions,) = hooks.values()
    assert [name for name, _typed in functions] == ISLANDS  # every construct above really is in the island
    return source


def strict_check(tmp_path, source: str) -> subprocess.CompletedProcess:
    path = tmp_path / "island.py"
    path.write_text(source, encoding="utf-8")
    env = dict(os.environ, MYPYPATH=STUBS)
    return subprocess.run([sys.executable, "-m", "mypy", *MYPY_FLAGS, "--cache-dir", str(tmp_path / "cache"),
                           str(path)], capture_output=True, text=True, env=env, timeout=300)


def test_an_island_is_strictly_typed_against_the_runtime_stubs(island, tmp_path):
    proc = strict_check(tmp_path, island)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_strict_check_rejects_an_untyped_runtime_import(island, tmp_path):
    # what the check would catch: a runtime module without a stub, an unannotated helper
    bad = island.replace("import math as _math\n", "import math as _math\nfrom meshpy.runtime.arith import idiv\n")
    assert "follow-imports" in strict_check(tmp_path, bad).stdout
    untyped = island + "\n\ndef helper(x):\n    return x\n"
    assert "no-untyped-def" in strict_check(tmp_path, untyped).stdout


def test_an_island_imports_explicitly_and_binds_each_name_once(island):
    tree = ast.parse(island)
    bound = []
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            assert node.module in ALLOWED_IMPORTS and all(a.name != "*" for a in node.names), ast.unparse(node)
            bound += [a.asname or a.name for a in node.names]
        elif isinstance(node, ast.Import):
            assert all(a.name in ALLOWED_IMPORTS for a in node.names), ast.unparse(node)
            bound += [a.asname or a.name for a in node.names]
        elif isinstance(node, ast.FunctionDef):
            bound.append(node.name)
        elif isinstance(node, ast.AnnAssign):
            bound.append(node.target.id)
        else:  # no class, no plain assignment (no rebinding), no statement run at import
            assert isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant), ast.unparse(node)
    assert len(bound) == len(set(bound)), sorted(n for n in bound if bound.count(n) > 1)
    for node in ast.walk(tree):  # nothing is set on a function or class after its definition
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, (ast.AnnAssign, ast.AugAssign)) else []
        assert not any(isinstance(t, ast.Attribute) for t in targets), ast.unparse(node)
        assert not (isinstance(node, ast.Global) or isinstance(node, ast.Nonlocal)), ast.unparse(node)


def stub_modules():
    root = os.path.join(STUBS, "meshpy")
    for folder, _dirs, files in os.walk(root):
        for name in sorted(files):
            if name.endswith(".pyi") and name != "__init__.pyi":
                rel = os.path.relpath(os.path.join(folder, name[:-4]), STUBS)
                yield rel.replace(os.sep, "."), os.path.join(folder, name)


@pytest.mark.parametrize("module,path", list(stub_modules()))
def test_the_stubs_match_the_runtime(module, path):
    """A runtime function or class an island calls cannot change its
    parameters without its stub."""
    runtime = importlib.import_module(module)
    with open(path, encoding="utf-8") as f:
        stub = ast.parse(f.read())
    for node in stub.body:
        if isinstance(node, ast.FunctionDef):
            params = [a.arg for a in node.args.args]
            assert list(inspect.signature(getattr(runtime, node.name)).parameters) == params, node.name
        elif isinstance(node, ast.ClassDef):
            cls = getattr(runtime, node.name)
            assert inspect.isclass(cls) and issubclass(cls, Exception), node.name
            init = next(n for n in node.body if isinstance(n, ast.FunctionDef) and n.name == "__init__")
            assert list(inspect.signature(cls.__init__).parameters) == [a.arg for a in init.args.args]


def test_every_runtime_name_an_island_imports_has_a_stub(island):
    for node in ast.parse(island).body:
        if isinstance(node, ast.ImportFrom) and node.module.startswith("meshpy."):
            path = os.path.join(STUBS, *node.module.split(".")) + ".pyi"
            with open(path, encoding="utf-8") as f:
                stubbed = {n.name for n in ast.parse(f.read()).body if hasattr(n, "name")}
            assert {a.name for a in node.names} <= stubbed, node.module
