"""Hooking typed islands into a build (`meshpy build --native`).

After the ordinary lowering, the qualifying functions of every module
(meshpy/native/typed.py) are emitted again as one typed Python module,
compiled (meshpy/native/compile.py, cached) and copied into `_build/native/`. The
interpreted module stays complete; a few lines appended to it rebind the
island functions' names to the compiled entries, so interpreted callers
reach native code through one boxed, range-checked call.
"""

from __future__ import annotations

import os
import shutil
import sys

from .compile import NativeUnavailable, check_toolchain, compiled

NATIVE_DIR = "native"


def make_islands(program, lowered: dict, out: str) -> list:
    """Compile the islands of every module and hook them into `lowered`
    (edited in place). Returns the notes to show the user: why the build
    is interpreted (no C compiler, or mypyc rejected the islands)."""
    from ..lower.module import GlobalNames
    from .typed import IslandEmitter

    try:
        check_toolchain()
    except NativeUnavailable as e:
        return [f"--native: {e}; building without native code"]
    source, hooks = IslandEmitter(program, GlobalNames(program).names).emit()
    folder = os.path.join(out, NATIVE_DIR)
    shutil.rmtree(folder, ignore_errors=True)  # islands of an earlier build
    if source is None:
        return []
    try:
        path = compiled(source)
    except NativeUnavailable as e:
        return [f"--native: the program stays interpreted: {e}"]
    filename = os.path.basename(path)
    os.makedirs(folder, exist_ok=True)
    shutil.copyfile(path, os.path.join(folder, filename))
    with open(os.path.join(folder, filename.split(".")[0] + ".typed.py"), "w", encoding="utf-8") as f:
        f.write(source)  # what was compiled, for reading (never imported)
    for module, functions in hooks.items():
        lm = lowered[module]
        lm.source = lm.source.rstrip("\n") + "\n" + _hook(filename, functions)
    return []


def _hook(filename: str, functions: list) -> str:
    ext = filename.split(".")[0]
    lines = ["", "", "# Native island (meshpy build --native): these functions run compiled by mypyc.",
             "from meshpy.native.load import island as _island",
             f"_native = _island(__file__, {ext!r}, {filename!r})"]
    lines += [f"{name} = _native._entry_{typed}" for name, typed in functions]
    return "\n".join(lines) + "\n"


def note(lines: list) -> None:
    for line in lines:
        print(f"meshpy: {line}", file=sys.stderr)
