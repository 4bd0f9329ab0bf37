"""Load and run a built program.

The emitted `.py` files are compiled here rather than imported plainly:

* every statement gets the line number of the Mesh code it came from and the
  code is compiled under the `.mpl` file name, so tracebacks and panic
  reports point at the Mesh source (design.md: "tracebacks can point into
  .mpl files");
* `i64(a + b)` (64-bit wrapping) is inlined to a comparison, and Int `/` and
  `%` by a positive constant to Python operators: the `.py` stays readable,
  the bytecode fast;
* compiled code is cached next to the build, so an unchanged program starts
  without parsing anything.

The loader imports only the runtime, never the compiler.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import json
import marshal
import os
import sys

PACKAGE = "meshprog"
INT_MIN = -(2**63)
INT_MAX = 2**63 - 1
_OPTIMISER_VERSION = b"4"
_TEMP = "w_"  # never produced by name mangling (lower/names.py)


import ast  # noqa: E402  (only the compile path needs it, but the classes below subclass it)


class _LineFixer(ast.NodeTransformer):
    """Give every node the Mesh line of the Python line it starts on."""

    def __init__(self, linemap: list):
        self.map = _fill_forward(linemap)

    def generic_visit(self, node):
        if hasattr(node, "lineno"):
            node.lineno = self._mesh(node.lineno)
            end = getattr(node, "end_lineno", None)
            node.end_lineno = max(node.lineno, self._mesh(end)) if end else node.lineno
            # Python columns mean nothing in the .mpl line: no carets
            node.col_offset = 0
            node.end_col_offset = 0
        return super().generic_visit(node)

    def _mesh(self, py_line: int) -> int:
        if 0 < py_line < len(self.map):
            return self.map[py_line] or 1
        return 1


def _fill_forward(linemap: list) -> list:
    out = list(linemap)
    last = 0
    for i, v in enumerate(out):
        if v:
            last = v
        else:
            out[i] = last
    return out


class _Optimiser(ast.NodeTransformer):
    """Inline the arithmetic helpers where it is cheap and exact."""

    def visit_Assign(self, node: ast.Assign):
        """`x = i64(e)` -> `x = e` then `if x out of range: x = i64(x)`; the
        same for each wrapped element of `a, b = i64(e1), e2`. Checking the
        stored name costs fewer instructions than an inline conditional."""
        if len(node.targets) != 1:
            return self.generic_visit(node)
        target, value = node.targets[0], node.value
        pairs = []
        if isinstance(target, ast.Name) and _is_wrap(value):
            pairs = [(target.id, value)]
            node.value = value.args[0]
        elif (isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple)
              and len(target.elts) == len(value.elts) and all(isinstance(t, ast.Name) for t in target.elts)):
            names = [t.id for t in target.elts]
            if len(set(names)) == len(names):
                for i, (name, elt) in enumerate(zip(names, value.elts)):
                    if _is_wrap(elt):
                        pairs.append((name, elt))
                        value.elts[i] = elt.args[0]
        if not pairs:
            return self.generic_visit(node)
        self.generic_visit(node)
        checks = [ast.copy_location(self._check(name, wrap.args[0]), node) for name, wrap in pairs]
        return [node] + checks

    def _check(self, name: str, expr):
        low, high = ast.Constant(INT_MIN), ast.Constant(INT_MAX)
        load = ast.Name(name, ast.Load())
        const = _positive_constant(expr)
        if const is not None and isinstance(expr.op, ast.Add):
            test = ast.Compare(load, [ast.Gt()], [high])
        elif const is not None and isinstance(expr.op, ast.Sub):
            test = ast.Compare(load, [ast.Lt()], [low])
        else:
            test = ast.BoolOp(ast.Or(), [ast.Compare(load, [ast.Gt()], [high]),
                                         ast.Compare(ast.Name(name, ast.Load()), [ast.Lt()], [low])])
        fix = ast.Assign([ast.Name(name, ast.Store())],
                         ast.Call(ast.Name("i64", ast.Load()), [ast.Name(name, ast.Load())], []))
        return ast.If(test, [fix], [])

    def visit_Call(self, node: ast.Call):
        self.generic_visit(node)
        if not isinstance(node.func, ast.Name) or node.keywords or len(node.args) not in (1, 2):
            return node
        name = node.func.id
        if name == "i64" and len(node.args) == 1:
            return self._wrap(node, node.args[0])
        if name in ("idiv", "imod") and len(node.args) == 2:
            return self._divide(node, name)
        return node

    def _wrap(self, call, expr):
        """`i64(e)` -> `(w_ if MIN <= (w_ := e) <= MAX else i64(w_))`, with one
        bound only when adding or subtracting a positive constant."""
        tmp_store = ast.Name(_TEMP, ast.Store())
        walrus = ast.NamedExpr(tmp_store, expr)
        low, high = ast.Constant(INT_MIN), ast.Constant(INT_MAX)
        const = _positive_constant(expr)
        if const is not None and isinstance(expr.op, ast.Add):
            test = ast.Compare(walrus, [ast.LtE()], [high])
        elif const is not None and isinstance(expr.op, ast.Sub):
            test = ast.Compare(walrus, [ast.GtE()], [low])
        else:
            test = ast.Compare(low, [ast.LtE(), ast.LtE()], [walrus, high])
        fallback = ast.Call(ast.Name("i64", ast.Load()), [ast.Name(_TEMP, ast.Load())], [])
        out = ast.IfExp(test, ast.Name(_TEMP, ast.Load()), fallback)
        return ast.copy_location(out, call)

    def _divide(self, call, name):
        """`imod(x, 7)` -> `(x % 7 if x >= 0 else -(-x % 7))` for a plain name
        and a positive constant (truncating semantics kept)."""
        x, d = call.args
        if not (isinstance(x, ast.Name) and isinstance(d, ast.Constant) and isinstance(d.value, int)
                and not isinstance(d.value, bool) and d.value > 0):
            return call
        op = ast.Mod() if name == "imod" else ast.FloorDiv()
        pos = ast.BinOp(ast.Name(x.id, ast.Load()), op, ast.Constant(d.value))
        neg = ast.UnaryOp(ast.USub(), ast.BinOp(ast.UnaryOp(ast.USub(), ast.Name(x.id, ast.Load())), op,
                                                ast.Constant(d.value)))
        test = ast.Compare(ast.Name(x.id, ast.Load()), [ast.GtE()], [ast.Constant(0)])
        return ast.copy_location(ast.IfExp(test, pos, neg), call)


def _is_wrap(node) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "i64"
            and len(node.args) == 1 and not node.keywords)


def _positive_constant(expr):
    """The small non-negative constant `c` of `e + c` / `e - c` (one bound
    suffices then), else None."""
    if isinstance(expr, ast.BinOp) and isinstance(expr.right, ast.Constant):
        c = expr.right.value
        if isinstance(c, int) and not isinstance(c, bool) and 0 <= c <= 2**32:
            return c
    return None


def compile_module(source: str, linemap: list, mpl_path: str):
    tree = ast.parse(source)
    tree = _Optimiser().visit(tree)
    ast.fix_missing_locations(tree)
    tree = _LineFixer(linemap).visit(tree)
    return compile(tree, mpl_path, "exec", dont_inherit=True)


class _Finder:
    """Imports `meshprog.*` from a build folder through compile_module (a
    meta path finder and loader; the importlib.abc bases are left out only
    because importing them costs start-up time)."""

    def __init__(self, out: str, modules: dict):
        self.out = out
        self.modules = modules  # py module name -> manifest entry
        self.cache_dir = os.path.join(out, "__meshcache__")

    def find_spec(self, fullname, path=None, target=None):
        if fullname != PACKAGE and not fullname.startswith(PACKAGE + "."):
            return None
        entry = self.modules.get(fullname)
        rel = fullname.replace(".", os.sep)
        if entry is None:
            pkg_dir = os.path.join(self.out, rel)
            if os.path.isdir(pkg_dir):
                return importlib.machinery.ModuleSpec(fullname, self, is_package=True)
            return None
        spec = importlib.machinery.ModuleSpec(fullname, self, origin=os.path.join(self.out, entry["py"]))
        spec.has_location = True
        return spec

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        entry = self.modules.get(module.__name__)
        if entry is None:
            module.__path__ = [os.path.join(self.out, module.__name__.replace(".", os.sep))]
            return
        code = self._code(entry)
        module.__file__ = os.path.join(self.out, entry["py"])
        exec(code, module.__dict__)

    def _code(self, entry):
        py_path = os.path.join(self.out, entry["py"])
        with open(py_path, "rb") as f:
            source = f.read()
        map_path = py_path[:-3] + ".linemap.json"
        try:
            with open(map_path, "rb") as f:
                linemap_raw = f.read()
        except OSError:
            linemap_raw = b"[]"
        key = hashlib.sha256(source + linemap_raw + entry["mpl"].encode() + _OPTIMISER_VERSION
                             + sys.version.encode()).hexdigest()[:32]
        cache_path = os.path.join(self.cache_dir, f"{entry['py_module']}.{key}.bin")
        try:
            with open(cache_path, "rb") as f:
                return marshal.load(f)
        except (OSError, ValueError, EOFError):
            pass
        code = compile_module(source.decode("utf-8"), json.loads(linemap_raw), entry["mpl"])
        try:
            os.makedirs(self.cache_dir, exist_ok=True)
            tmp = cache_path + f".{os.getpid()}.tmp"
            with open(tmp, "wb") as f:
                marshal.dump(code, f)
            os.replace(tmp, cache_path)
        except OSError:
            pass
        return code


def load_program(out: str):
    """Import every module of a built program (in dependency order); return
    the entry module."""
    with open(os.path.join(out, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    modules = {m["py_module"]: m for m in manifest["modules"]}
    for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
        del sys.modules[name]
    sys.meta_path.insert(0, _Finder(out, modules))
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20000))
    import importlib

    for m in manifest["modules"]:
        importlib.import_module(m["py_module"])
    return sys.modules[manifest["entry"]], manifest


def run_built(out: str, args: list, loop: str = "asyncio") -> int:
    """Run a built program's main() on the named event loop; returns the
    exit status. Env.args() reads the arguments from sys.argv."""
    entry, manifest = load_program(out)
    sys.argv = [manifest.get("project", "program")] + list(args)
    from .runtime.program import run_program

    return run_program(entry.main, loop)
