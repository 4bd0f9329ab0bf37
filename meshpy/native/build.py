"""Hooking typed islands into a build (`meshpy build --native`).

After the ordinary lowering, each module's qualifying functions
(meshpy/native/typed.py) are emitted again as typed Python, compiled
(meshpy/native/compile.py, cached) and copied into `_build/native/`. The
interpreted module stays complete; a few lines appended to it rebind the
island functions' names to the compiled entries, so interpreted callers
reach native code through one boxed, range-checked call.
"""

from __future__ import annotations

import os
import shutil
import sys
from concurrent.futures import ThreadPoolExecutor

from .compile import NativeUnavailable, check_toolchain, compiled

NATIVE_DIR = "native"


def make_islands(program, lowered: dict, out: str) -> list:
    """Compile the islands of every module and hook them into `lowered`
    (edited in place). Returns the notes to show the user: why the build
    is interpreted, or which module failed to compile."""
    from ..lower.module import GlobalNames
    from .typed import IslandEmitter

    try:
        check_toolchain()
    except NativeUnavailable as e:
        return [f"--native: {e}; building without native code"]
    names = GlobalNames(program)
    folder = os.path.join(out, NATIVE_DIR)
    shutil.rmtree(folder, ignore_errors=True)  # islands of an earlier build
    islands = []
    for module in program.project.order:
        source, functions = IslandEmitter(program, module, names.names).emit()
        if source is not None:
            islands.append((module, source, functions))
    notes = []
    for (module, source, functions), path in zip(islands, _compile_all([s for _, s, _ in islands])):
        if isinstance(path, NativeUnavailable):
            notes.append(f"--native: module {module} stays interpreted: {path}")
            continue
        os.makedirs(folder, exist_ok=True)
        shutil.copyfile(path, os.path.join(folder, os.path.basename(path)))
        with open(os.path.join(folder, os.path.basename(path).split(".")[0] + ".typed.py"), "w",
                  encoding="utf-8") as f:  # what was compiled, for reading (never imported)
            f.write(source)
        lm = lowered[module]
        lm.source = lm.source.rstrip("\n") + "\n" + _hook(os.path.basename(path), functions)
    return notes


def _compile_all(sources: list) -> list:
    """The extension path (or the NativeUnavailable) of each source. mypyc
    is a process of its own, mostly a C compiler: a cold build runs one per
    CPU at a time."""
    def attempt(source):
        try:
            return compiled(source)
        except NativeUnavailable as e:
            return e

    if len(sources) <= 1:
        return [attempt(s) for s in sources]
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    with ThreadPoolExecutor(max_workers=max(1, min(cpus, len(sources)))) as pool:
        return list(pool.map(attempt, sources))


def _hook(filename: str, functions: list) -> str:
    ext = filename.split(".")[0]
    lines = ["", "", "# Native island (meshpy build --native): these functions run compiled by mypyc.",
             "from meshpy.native.load import island as _island",
             f"_native = _island(__file__, {ext!r}, {filename!r})"]
    lines += [f"{name} = _native._entry_{name}" for name in functions]
    return "\n".join(lines) + "\n"


def note(lines: list) -> None:
    for line in lines:
        print(f"meshpy: {line}", file=sys.stderr)
