"""AST + checker facts -> readable Python modules (see module.py, function.py)."""

from .module import PACKAGE, LoweredModule, lower_program

__all__ = ["PACKAGE", "LoweredModule", "lower_program"]
