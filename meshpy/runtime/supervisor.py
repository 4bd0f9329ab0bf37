"""Supervisors (language reference 8.4, 11.8), with Erlang/OTP meaning.

``spawn_supervisor(SupervisorSpec(name, strategy, max_restarts, max_seconds,
children=[ChildSpec(name, start, restart, shutdown), …]))`` starts a
supervisor process, which starts its children in order by calling each
``start`` (a zero-argument callable, plain or async, returning a Process)
and watches them:

* a child that exits is restarted according to its ``restart`` value:
  ``"permanent"`` always, ``"transient"`` only after an abnormal exit (panic
  or kill), ``"temporary"`` never (it is forgotten);
* strategy ``"one_for_one"`` (and ``"simple_one_for_one"``) restarts that
  child; ``"one_for_all"`` stops the other children (in reverse start order)
  and restarts all of them in order; ``"rest_for_one"`` stops and restarts
  the children started after the failed one, and the failed one;
* more than ``max_restarts`` restarts within ``max_seconds`` seconds stops
  the supervisor: it prints a line on stderr, stops its children in reverse
  order and exits abnormally (so a supervisor above it sees a crash);
* stopping a child: ``shutdown`` is a number of milliseconds (the child is
  killed and its terminate clause runs; after that time it is killed
  without waiting further) or ``"brutal_kill"`` (killed at once, its
  terminate clause does not run).

A restart is reported on stderr (``#PID<2> (supervisor Crew): restarting
child w1 after: <reason>``).  When the supervisor ends (given up, crashed or
killed) it stops its children first.  Messages sent to a supervisor with
``send`` are ignored with a warning.
"""

import asyncio
import types
from collections import deque

from .panic import MeshPanic
from .process import (CHILD_EXIT, Process, ProcessExit, exit_process_with, exit_waiter, kill,
                      notify_supervisor, require_program, running)
from .report import show, write_stderr

__all__ = ["SupervisorSpec", "ChildSpec", "spawn_supervisor"]

_CoroutineType = types.CoroutineType

STRATEGIES = ("one_for_one", "one_for_all", "rest_for_one", "simple_one_for_one")
RESTARTS = ("permanent", "transient", "temporary")


class ChildSpec:
    """One ``child name do … end`` block."""

    __slots__ = ("name", "start", "restart", "shutdown")

    def __init__(self, name, start, restart="permanent", shutdown=5000):
        if restart not in RESTARTS:
            raise ValueError(f"child {name}: restart must be one of {RESTARTS}, not {restart!r}")
        if shutdown != "brutal_kill" and not isinstance(shutdown, int):
            raise ValueError(f"child {name}: shutdown must be milliseconds or 'brutal_kill'")
        self.name = name
        self.start = start
        self.restart = restart
        self.shutdown = shutdown

    def __repr__(self):
        return f"ChildSpec({self.name!r}, restart={self.restart!r}, shutdown={self.shutdown!r})"


class SupervisorSpec:
    """A ``supervisor Name do … end`` declaration."""

    __slots__ = ("name", "strategy", "max_restarts", "max_seconds", "children")

    def __init__(self, name, strategy="one_for_one", max_restarts=3, max_seconds=5, children=()):
        if strategy not in STRATEGIES:
            raise ValueError(f"supervisor {name}: strategy must be one of {STRATEGIES}, not {strategy!r}")
        self.name = name
        self.strategy = strategy
        self.max_restarts = max_restarts
        self.max_seconds = max_seconds
        self.children = list(children)

    def __repr__(self):
        return (f"SupervisorSpec({self.name!r}, {self.strategy!r}, {self.max_restarts}, "
                f"{self.max_seconds}, children={self.children!r})")


class _Child:
    __slots__ = ("spec", "pid")

    def __init__(self, spec):
        self.spec = spec
        self.pid = None


def spawn_supervisor(spec):
    """Start a supervisor process for spec; return its pid at once."""
    prog = running()
    if prog is None or prog.ended:
        require_program()
    return Process(_run_supervisor, spec, None, "supervisor", spec.name)


async def _start_child(me, ch):
    r = ch.spec.start()
    if r.__class__ is _CoroutineType:
        r = await r
    if not isinstance(r, Process):
        raise MeshPanic(f"child {ch.spec.name}: start function did not return a Pid")
    ch.pid = r
    if r.alive:
        notify_supervisor(r, me)
    else:
        me.send((CHILD_EXIT, r, r.exit_reason))


async def _stop_child(ch):
    pid = ch.pid
    ch.pid = None
    if pid is None or not pid.alive:
        return
    shutdown = ch.spec.shutdown
    brutal = shutdown == "brutal_kill"
    done = exit_waiter(pid, None)
    kill(pid, "shutdown", brutal)
    if done.done():
        return
    if not brutal:
        await asyncio.wait((done,), timeout=max(shutdown, 0) / 1000)
        if done.done():
            return
        pid.discarded = True
        pid.cancel()
    await done


async def _stop_all(children):
    for ch in reversed(children):
        await _stop_child(ch)


async def _run_supervisor(me, spec, _unused):
    children = [_Child(c) for c in spec.children]
    restarts = deque()
    loop = running().loop
    strategy = spec.strategy
    try:
        for ch in children:
            await _start_child(me, ch)
        while True:
            msg = await me.receive()
            if msg.__class__ is not tuple or len(msg) != 3 or msg[0] is not CHILD_EXIT:
                write_stderr(f"warning: {me.describe()} ignored a message: {show(msg)}\n")
                continue
            pid, reason = msg[1], msg[2]
            ch = None
            for c in children:
                if c.pid is pid:
                    ch = c
                    break
            if ch is None:   # a child we stopped ourselves, or already replaced
                continue
            ch.pid = None
            if running().stopping:   # graceful shutdown: children are being stopped
                continue
            restart = ch.spec.restart
            if restart == "temporary":
                children.remove(ch)
                continue
            if restart == "transient" and reason is None:
                continue
            now = loop.time()
            restarts.append(now)
            horizon = now - spec.max_seconds
            while restarts and restarts[0] < horizon:
                restarts.popleft()
            why = "normal exit" if reason is None else reason
            if len(restarts) > spec.max_restarts:
                write_stderr(
                    f"{me.describe()}: child {ch.spec.name} died ({why}); more than "
                    f"{spec.max_restarts} restarts within {spec.max_seconds} s, shutting down\n")
                raise ProcessExit(f"supervisor {spec.name} reached its restart limit")
            if strategy == "one_for_all":
                again = list(children)
                await _stop_all([c for c in children if c is not ch])
            elif strategy == "rest_for_one":
                again = children[children.index(ch):]
                await _stop_all(again[1:])
            else:
                again = [ch]
            # Temporary children stopped by the supervisor are not restarted.
            for c in again:
                if c is not ch and c.spec.restart == "temporary":
                    children.remove(c)
            again = [c for c in again if c in children]
            write_stderr(f"{me.describe()}: restarting child {ch.spec.name} after: {why}\n")
            for c in again:
                await _start_child(me, c)
    except GeneratorExit:
        raise
    except BaseException as e:
        prog = running()
        if prog is not None and not prog.ended:
            if me.discarded:   # brutally killed: children go down at once
                for ch in children:
                    if ch.pid is not None:
                        kill(ch.pid, "shutdown", True)
            else:
                try:
                    await _stop_all(children)
                except BaseException:
                    for ch in children:
                        if ch.pid is not None:
                            kill(ch.pid, "shutdown", True)
        exit_process_with(me, e)
