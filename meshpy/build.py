"""`meshpy build`: check a project and write its Python modules.

Output layout (default `DIR/_build/`, git-ignored):

    _build/
      manifest.json         what was built, from which sources, by which compiler,
                            and the build's warnings (shown again by an unchanged rebuild)
      __main__.py           `python _build` runs the program (meshpy must be importable)
      meshprog/             one Python module per Mesh module
        main.py             the entry module
        services/writer.py  Services.Writer
        *.linemap.json      Python line -> Mesh line, used when loading

A build whose sources and compiler are unchanged is skipped, so a repeated
`meshpy run` goes straight to running.
"""

from __future__ import annotations

import hashlib
import json
import os
from typing import Optional

from . import __version__
from .sources import discover

MANIFEST = "manifest.json"
_RUNNER = '''"""Run the Mesh program built here: `python <this folder> [args…]`."""
import os
import sys

try:
    import meshpy.loader  # noqa: F401
except ImportError:  # another Python than meshpy's: use the meshpy that built this
    sys.path.insert(0, {meshpy_home!r})
from meshpy.loader import run_built

sys.exit(run_built(os.path.dirname(os.path.abspath(__file__)), sys.argv[1:]))
'''

_fingerprint: Optional[str] = None


def compiler_fingerprint() -> str:
    """Changes whenever the compiler (not the runtime) changes."""
    global _fingerprint
    if _fingerprint is None:
        h = hashlib.sha256(__version__.encode())
        pkg = os.path.dirname(__file__)
        for dirpath, dirnames, filenames in os.walk(pkg):
            dirnames[:] = sorted(d for d in dirnames if d not in ("runtime", "__pycache__"))
            for name in sorted(filenames):
                if name.endswith((".py", ".lark", ".j2")):
                    st = os.stat(os.path.join(dirpath, name))
                    h.update(f"{dirpath}/{name}:{st.st_size}:{st.st_mtime_ns}".encode())
        _fingerprint = h.hexdigest()
    return _fingerprint


def default_output(target: str) -> str:
    target = os.path.abspath(target)
    if os.path.isdir(target):
        return os.path.join(target, "_build")
    stem = os.path.splitext(os.path.basename(target))[0]
    return os.path.join(os.path.dirname(target), "_build", stem)


def sources_fingerprint(target: str) -> str:
    target = os.path.abspath(target)
    root = target if os.path.isdir(target) else os.path.dirname(target)
    files = discover(root) if os.path.isdir(target) else [target] + [
        p for p in discover(root) if p != target and os.path.dirname(p) == root]
    h = hashlib.sha256(compiler_fingerprint().encode())
    h.update(target.encode())
    for path in files:
        h.update(path.encode())
        try:
            with open(path, "rb") as f:
                h.update(hashlib.sha256(f.read()).digest())
        except OSError:
            h.update(b"?")
    return h.hexdigest()


def is_up_to_date(out: str, fingerprint: str) -> bool:
    try:
        with open(os.path.join(out, MANIFEST), encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError):
        return False
    return manifest.get("fingerprint") == fingerprint and all(
        os.path.exists(os.path.join(out, m["py"])) for m in manifest.get("modules", []))


def build_project(target: str, output: Optional[str] = None, force: bool = False, native: bool = False):
    """Build if needed. Returns (project or None when up to date, output dir)."""
    out = os.path.abspath(output or default_output(target))
    fingerprint = sources_fingerprint(target) + ("+native" if native else "")
    if not force and is_up_to_date(out, fingerprint):
        return None, out
    from .driver import analyse

    project = analyse(target)
    if not project.ok:
        return project, out
    from .lower import lower_program

    lowered = lower_program(project.program)
    if native:  # typed islands through mypyc (meshpy/native/)
        from .native.build import make_islands, note

        notes = make_islands(project.program, lowered, out)
        note(notes)
        if notes:  # not (fully) native: a later --native build tries again
            fingerprint = fingerprint[:-len("+native")]
    write_output(project, lowered, out, fingerprint)
    return project, out


def stored_warnings(out: str) -> list:
    """The warnings recorded when the build in `out` was made."""
    from .diagnostics import from_json

    try:
        with open(os.path.join(out, MANIFEST), encoding="utf-8") as f:
            return [from_json(d) for d in json.load(f).get("warnings", [])]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def write_output(project, lowered: dict, out: str, fingerprint: str) -> None:
    import shutil

    from .diagnostics import sort_key, to_json

    pkg_dir = os.path.join(out, "meshprog")
    if os.path.isdir(pkg_dir):
        shutil.rmtree(pkg_dir)
    os.makedirs(pkg_dir, exist_ok=True)
    modules = []
    for name in project.order:
        lm = lowered[name]
        path = os.path.join(out, lm.relpath)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        _ensure_packages(out, os.path.dirname(lm.relpath))
        with open(path, "w", encoding="utf-8") as f:
            f.write(lm.source)
        with open(path[:-3] + ".linemap.json", "w", encoding="utf-8") as f:
            json.dump(lm.linemap, f, separators=(",", ":"))
        modules.append({"name": name, "py_module": lm.py_module, "py": lm.relpath, "mpl": lm.mpl_path})
    manifest = {
        "meshpy": __version__,
        "fingerprint": fingerprint,
        "project": project.name,
        "entry": "meshprog.main",
        "modules": modules,
        "warnings": [to_json(d, absolute=True) for d in sorted(project.diagnostics, key=sort_key)],
    }
    meshpy_home = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    with open(os.path.join(out, "__main__.py"), "w", encoding="utf-8") as f:
        f.write(_RUNNER.format(meshpy_home=meshpy_home))
    with open(os.path.join(out, MANIFEST), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2)


def _ensure_packages(out: str, reldir: str) -> None:
    parts = reldir.replace("\\", "/").split("/")
    for i in range(1, len(parts) + 1):
        init = os.path.join(out, *parts[:i], "__init__.py")
        if not os.path.exists(init):
            with open(init, "w", encoding="utf-8") as f:
                f.write("")
