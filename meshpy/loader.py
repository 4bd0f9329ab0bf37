"""Load and run a built program.

The emitted `.py` files are compiled here rather than imported plainly:

* every statement gets the line number of the Mesh code it came from and the
  code is compiled under the `.mpl` file name, so tracebacks and panic
  reports point at the Mesh source (design.md: "tracebacks can point into
  .mpl files");
* nothing else is changed: the 64-bit checks are written into the `.py` by
  the lowering (lower/wrap.py), so the file on disk is what runs;
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
_OPTIMISER_VERSION = b"5"  # part of the code cache key: bump when compile_module changes


import ast  # noqa: E402  (only the compile path needs it, but _LineFixer subclasses it)


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


def compile_module(source: str, linemap: list, mpl_path: str):
    tree = _LineFixer(linemap).visit(ast.parse(source))
    return compile(tree, mpl_path, "exec", dont_inherit=True)


class _Finder:
    """Imports `meshprog.*` from a build folder through compile_module (a
    meta path finder and loader; the importlib.abc bases are left out only
    because importing them costs start-up time)."""

    def __init__(self, out: str, modules: dict, root: str):
        self.out = out
        self.modules = modules  # py module name -> manifest entry
        self.root = root        # the project's folder, where the entries' "mpl" paths start
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
        # the code carries the .mpl path it is shown under: a moved project gets new code
        mpl_path = os.path.normpath(os.path.join(self.root, entry["mpl"]))
        key = hashlib.sha256(source + linemap_raw + mpl_path.encode() + _OPTIMISER_VERSION
                             + sys.version.encode()).hexdigest()[:32]
        cache_path = os.path.join(self.cache_dir, f"{entry['py_module']}.{key}.bin")
        try:
            with open(cache_path, "rb") as f:
                return marshal.load(f)
        except (OSError, ValueError, EOFError):
            pass
        code = compile_module(source.decode("utf-8"), json.loads(linemap_raw), mpl_path)
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
    # paths in the manifest are relative: the project root to the build, the
    # sources to the root (build.py), so a moved project names its new files
    root = os.path.normpath(os.path.join(out, manifest.get("root", "..")))
    sys.meta_path.insert(0, _Finder(out, modules, root))
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
