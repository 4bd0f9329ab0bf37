"""The output of `meshpy build`: where it goes, what the manifest records,
and whether an existing build is still up to date.

Output layout (default `DIR/_build/`, git-ignored):

    _build/
      manifest.json         what was built, from which sources (their paths
                            relative to the project and a digest of each), by
                            which compiler, and the build's warnings (shown
                            again by an unchanged rebuild)
      __main__.py           `python _build` runs the program (meshpy must be importable)
      meshprog/             one Python module per Mesh module
        main.py             the entry module
        services/writer.py  Services.Writer
        *.linemap.json      Python line -> Mesh line, used when loading

Every path in the manifest is relative (the project root relative to the
build folder, the sources relative to the root), so a project moved or
copied together with its `_build` stays up to date and reports its new
paths. This module imports nothing of the compiler: `meshpy run` uses it to
decide, quickly, that there is nothing to compile.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from typing import Optional

from . import __version__
from .sources import file_digests, relative, unchanged

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
            # the runtime, the formatter and the language server do not shape the output
            dirnames[:] = sorted(d for d in dirnames if d not in ("runtime", "fmt", "lsp", "__pycache__"))
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


def project_root(target: str) -> str:
    target = os.path.abspath(target)
    return target if os.path.isdir(target) else os.path.dirname(target)


def read_manifest(out: str) -> Optional[dict]:
    try:
        with open(os.path.join(out, MANIFEST), encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


def manifest_root(out: str, manifest: dict) -> str:
    """The project root a build was made from, as seen from where it is now."""
    return os.path.normpath(os.path.join(out, manifest.get("root", "..")))


def is_up_to_date(target: str, out: str, native: bool = False) -> bool:
    """Was the build in `out` made from `target`'s files as they are now, by
    this compiler (with native islands when `native`), and are its modules
    all there?"""
    manifest = read_manifest(out)
    if manifest is None or manifest.get("compiler") != compiler_fingerprint():
        return False
    # "partial" (some islands failed to compile) is up to date for neither
    # kind of build: a --native build retries, a plain one drops the islands.
    if manifest.get("native", False) is not native:
        return False
    target = os.path.abspath(target)
    root = project_root(target)
    if manifest_root(out, manifest) != root or manifest.get("target") != _target_record(target, root):
        return False
    sources = manifest.get("sources")
    if not isinstance(sources, dict) or not unchanged(target, root, sources):
        return False
    return all(os.path.exists(os.path.join(out, m["py"])) for m in manifest.get("modules", []))


def stored_warnings(out: str) -> list:
    """The warnings recorded when the build in `out` was made (file paths
    as they are now, wherever the project has moved)."""
    from .diagnostics import from_json

    manifest = read_manifest(out)
    if manifest is None:
        return []
    root = manifest_root(out, manifest)
    try:
        return [from_json(d, root) for d in manifest.get("warnings", [])]
    except (KeyError, TypeError):
        return []


def _target_record(target: str, root: str) -> str:
    """How the manifest names what was built: "." for a directory, else the
    entry file relative to the root."""
    return relative(target, root)


def write_output(project, lowered: dict, out: str, target: Optional[str] = None,
                 native=False) -> None:
    """Write the lowered modules and the manifest; `target` (the directory or
    file given to build) is recorded for the up-to-date check; `native` is
    True (native islands built everywhere they qualify), "partial" or False."""
    from .diagnostics import sort_key, to_json

    out = os.path.abspath(out)
    root = os.path.abspath(project.root)
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
        modules.append({"name": name, "py_module": lm.py_module, "py": lm.relpath,
                        "mpl": relative(lm.mpl_path, root)})
    manifest = {
        "meshpy": __version__,
        "compiler": compiler_fingerprint(),
        "project": project.name,
        "root": relative(root, out),
        "target": _target_record(os.path.abspath(target), root) if target else None,
        "entry": "meshprog.main",
        "native": native,
        "sources": file_digests(root, ((f.path, f.digest) for f in project.files)),
        "modules": modules,
        "warnings": [to_json(d, root) for d in sorted(project.diagnostics, key=sort_key)],
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
