"""Everything an emitted module sees: `from meshpy.runtime.prelude import *`.

The names exported here are reserved in emitted code (see
docs/runtime-contract.md); the lowering mangles Mesh identifiers that clash.
"""

from .core import *  # noqa: F401,F403  values, display, arithmetic, stdlib
from .core import __all__ as _core_all
from .actors import *  # noqa: F401,F403  processes, services, timers, jobs
from .actors import __all__ as _actors_all
from .db import Pool, Pg  # noqa: F401


class _OnFirstUse:
    """A stdlib module object loaded on first attribute access (HTTP and
    Sqlite pull in ssl, urllib and sqlite3: programs that do not use them
    should not pay for that at start-up)."""

    def __init__(self, module: str, name: str):
        self._where = (module, name)

    def __getattr__(self, attr):
        import importlib

        module, name = self.__dict__["_where"]
        real = getattr(importlib.import_module(module, __package__), name)
        for key in dir(real):
            if not key.startswith("__"):
                self.__dict__[key] = getattr(real, key)  # later lookups are plain attributes
        return getattr(real, attr)


HTTP = _OnFirstUse(".http", "HTTP")
Request = _OnFirstUse(".http", "Request")
Sqlite = _OnFirstUse(".sqlite", "Sqlite")

__all__ = [*_core_all, *_actors_all, "Pool", "Pg", "HTTP", "Request", "Sqlite"]

Ws = _OnFirstUse(".ws", "Ws")
__all__ += ["Ws"]
