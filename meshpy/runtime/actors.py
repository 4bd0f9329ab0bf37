"""The concurrency runtime that emitted code uses (docs/runtime-contract.md,
section 6): processes, services, supervisors, timers, jobs, ``run_program``.

``Process`` is both the pid class and the Mesh stdlib module ``Process``
(``Process.register``, ``Process.whereis``, ``Process.monitor``,
``Process.demonitor`` are static functions of the class).
"""

from .process import (TIMEOUT, Process, link, send, spawn_actor,
                      spawn_fn, yield_now)
from .service import Service, call, cast, start_service
from .supervisor import ChildSpec, SupervisorSpec, spawn_supervisor
from .timer import Timer
from .job import Job
from .program import run_program

__all__ = [
    "Process", "spawn_actor", "spawn_fn", "spawn_supervisor", "send", "link",
    "Service", "call", "cast", "start_service", "SupervisorSpec", "ChildSpec",
    "TIMEOUT", "run_program", "yield_now", "Timer", "Job",
]
