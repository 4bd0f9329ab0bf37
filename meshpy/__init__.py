"""meshpy: a compiler from the Mesh language to Python asyncio code."""

__version__ = "0.1.0"  # the one place for the version (pyproject reads it)
