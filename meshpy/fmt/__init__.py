"""`meshpy fmt`: the Mesh formatter (style: docs/formatting.md)."""

from .format import FormatError, format_source

__all__ = ["FormatError", "format_source"]
