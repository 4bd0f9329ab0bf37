"""The Mesh stdlib module ``Job`` (language reference 11.9, 13.11).

``Job.async_(f)`` runs f (plain or async, no arguments) in a new process
linked to the caller one way: if the caller dies abnormally the job is
killed, but a job that crashes does not kill the caller; its panic becomes
``Err(reason)`` for ``Job.await_``.
"""

import functools

from .process import block, current_process, exit_waiter, own, require_program, running, spawn_fn
from .values import Err, Ok

__all__ = ["Job"]

_TIMED_OUT = object()


def _outcome(pid):
    reason = pid.exit_reason
    if reason is None:
        return Ok(pid.exit_value)
    return Err(reason)


def _time_up(fut):
    if not fut.done():
        fut.set_result(_TIMED_OUT)


class Job:
    """``Job.async_``, ``Job.await_``, ``Job.await_timeout``, ``Job.map``."""

    __slots__ = ()

    @staticmethod
    def async_(f):
        """Spawn a process running f; return its pid at once."""
        prog = running()
        if prog is None or prog.ended:
            require_program()
        owner = current_process()
        job = spawn_fn(f, "job", "")
        if owner is not None and owner.alive:
            own(job, owner)
        return job

    @staticmethod
    async def await_(pid):
        """Wait for pid to finish: ``Ok(value)``, or ``Err(reason)`` if it
        crashed or was killed."""
        if pid.alive:
            me = current_process()
            fut = exit_waiter(pid, me)
            if me is not None:
                block(me, fut, "await", pid)
            await fut
        return _outcome(pid)

    @staticmethod
    async def await_timeout(pid, ms):
        """Like ``await_`` but gives ``Err("timeout")`` after ms milliseconds
        (the job keeps running)."""
        if pid.alive:
            if ms <= 0:
                return Err("timeout")
            fut = exit_waiter(pid, None)
            handle = running().loop.call_later(ms / 1000, _time_up, fut)
            if await fut is _TIMED_OUT:
                return Err("timeout")
            handle.cancel()
        return _outcome(pid)

    @staticmethod
    async def map(xs, f):
        """Run f on every element in its own job, concurrently; the list of
        Results in input order."""
        jobs = [Job.async_(functools.partial(f, x)) for x in xs]
        await_ = Job.await_
        return [await await_(j) for j in jobs]
