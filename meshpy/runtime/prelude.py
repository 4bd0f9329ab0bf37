"""Everything an emitted module sees: `from meshpy.runtime.prelude import *`.

The names exported here are reserved in emitted code (see
docs/runtime-contract.md); the lowering mangles Mesh identifiers that clash.
"""

from .core import *  # noqa: F401,F403  values, display, arithmetic, stdlib
from .core import __all__ as _core_all
from .actors import *  # noqa: F401,F403  processes, services, timers, jobs
from .actors import __all__ as _actors_all
from .db import Pool, Pg  # noqa: F401

__all__ = [*_core_all, *_actors_all, "Pool", "Pg"]
