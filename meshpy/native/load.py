"""Load a compiled island (runtime side of --native; imports no compiler,
and only what the loader has imported already, to keep start-up short)."""

from __future__ import annotations

import importlib.machinery
import os
import sys


def island(module_file: str, name: str, filename: str):
    """The extension `filename` in the build's native/ folder (beside meshprog/)."""
    module = sys.modules.get(name)
    if module is not None:
        return module
    build = os.path.dirname(module_file)
    while os.path.basename(build) != "meshprog" and os.path.dirname(build) != build:
        build = os.path.dirname(build)
    path = os.path.join(os.path.dirname(build), "native", filename)
    loader = importlib.machinery.ExtensionFileLoader(name, path)
    spec = importlib.machinery.ModuleSpec(name, loader, origin=path)
    module = loader.create_module(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module
