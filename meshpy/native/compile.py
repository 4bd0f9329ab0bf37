"""Compile typed islands with mypyc, through a cache keyed by the typed source.

mypyc takes seconds per run (mostly compiling its C runtime), so every
compiled island module (all the islands of one program, typed.py) is kept
in a cache folder (MESHPY_NATIVE_CACHE, default ~/.cache/meshpy/native)
under a name derived from a hash of its typed source, the stubs, the Python
version and the flags: unchanged islands — in this build, another project
or another test — are never compiled twice. The extension's module name is that hash too, so
two islands never clash in one process.
"""

from __future__ import annotations

import hashlib
import os
import shlex
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from functools import lru_cache
from typing import Optional

# i64 + - * must wrap like Mesh Int, not be C undefined behaviour; a constant
# expression that wraps (3037000500 * 3037000500) is then no error either
# (mypyc compiles with -Werror, and gcc warns about it even with -fwrapv).
CFLAGS = "-fwrapv -Wno-overflow"
_KEY_VERSION = "2"
# Islands are type-checked strictly against stubs of the few runtime names
# they import (meshpy/native/stubs), and every other import is an error.
STUBS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "stubs")
MYPY_FLAGS = ["--strict", "--follow-imports=error"]


class NativeUnavailable(Exception):
    """Why the native build cannot be made here (shown to the user)."""


def cache_dir() -> str:
    return os.environ.get("MESHPY_NATIVE_CACHE") or os.path.join(
        os.path.expanduser("~"), ".cache", "meshpy", "native")


def c_compiler() -> Optional[str]:
    """The C compiler setuptools will call (CC, else Python's own), if found."""
    cc = os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc"
    words = shlex.split(cc)
    return shutil.which(words[0]) if words else None


def check_toolchain() -> None:
    if c_compiler() is None:
        cc = os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc"
        raise NativeUnavailable(f"no C compiler found (`{cc}`)")
    try:
        import mypyc  # noqa: F401
    except ImportError:
        raise NativeUnavailable("mypyc is not installed (pip install 'meshpy-lang[native]')") from None


@lru_cache(maxsize=None)
def _stubs_text() -> str:
    parts = []
    for folder, _dirs, files in sorted(os.walk(STUBS)):
        for name in sorted(files):
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                parts.append(f"{os.path.relpath(os.path.join(folder, name), STUBS)}\n{f.read()}")
    return "\n".join(parts)


def module_name(source: str) -> str:
    key = "\0".join([_KEY_VERSION, CFLAGS, " ".join(MYPY_FLAGS), sys.version, _stubs_text(), source])
    return f"mesh_native_{hashlib.sha256(key.encode()).hexdigest()[:20]}"


def compiled(source: str) -> str:
    """Path of the extension built from `source` (compiling on a cache miss)."""
    name = module_name(source)
    folder = cache_dir()
    suffix = sysconfig.get_config_var("EXT_SUFFIX") or ".so"
    target = os.path.join(folder, name + suffix)
    if os.path.exists(target):
        return target
    os.makedirs(folder, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="meshpy-native-") as work:
        with open(os.path.join(work, name + ".py"), "w", encoding="utf-8") as f:
            f.write(source)
        env = dict(os.environ)
        env["CFLAGS"] = (env.get("CFLAGS", "") + " " + CFLAGS).strip()
        env["MYPYPATH"] = STUBS
        proc = subprocess.run([sys.executable, "-m", "mypyc", *MYPY_FLAGS, name + ".py"],
                              cwd=work, env=env, capture_output=True, text=True)
        built = os.path.join(work, name + suffix)
        if proc.returncode != 0 or not os.path.exists(built):
            tail = (proc.stdout + proc.stderr).strip().splitlines()[-12:]
            raise NativeUnavailable("mypyc failed:\n" + "\n".join(tail))
        partial = target + f".{os.getpid()}.tmp"
        shutil.copyfile(built, partial)
        os.replace(partial, target)  # atomic: parallel builds may race on one key
    return target
