"""Load a compiled island (runtime side of --native; imports no compiler)."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import sys


def island(module_file: str, name: str, filename: str):
    """The extension `filename` in the build's native/ folder."""
    if name in sys.modules:
        return sys.modules[name]
    build = os.path.dirname(module_file)
    while os.path.basename(build) != "meshprog" and os.path.dirname(build) != build:
        build = os.path.dirname(build)
    path = os.path.join(os.path.dirname(build), "native", filename)
    loader = importlib.machinery.ExtensionFileLoader(name, path)
    spec = importlib.util.spec_from_file_location(name, path, loader=loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module
