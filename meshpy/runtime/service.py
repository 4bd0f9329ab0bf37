"""Services (docs/runtime-contract.md, section 6; language reference 8.1, 11.3).

The compiler emits, for ``service Counter do … end``::

    class Counter(Service):
        @staticmethod
        def handle_get(state):            # call handler -> (new_state, reply)
            return (state, state)
        @staticmethod
        def handle_reset(state):          # cast handler -> new_state
            return 0

and client functions that use ``start_service(Counter, initial_state)``,
``await call(pid, Counter.handle_get, ())`` and
``cast(pid, Counter.handle_reset, ())``.

A request is the tuple ``(_REQ, handler, args, reply_future, caller)``
(``reply_future`` and ``caller`` are None for a cast).  The service process
takes one request at a time from its mailbox, in order.  Anything else that
arrives in a service's mailbox (a plain ``send`` or ``Timer.send_after``) is
ignored with a warning on stderr, and so is a request for a handler that the
service does not have (a call of that kind panics the caller instead).
"""

import types

from . import process as _p
from .panic import MeshPanic
from .process import Process, _REQ, _abnormal, _unblock, fail_call, yield_now
from .report import show, write_stderr

__all__ = ["Service", "start_service", "call", "cast", "stop_services"]

_CoroutineType = types.CoroutineType
_current_task = _p._current_task

# A service that finds requests waiting in its mailbox handles this many in a
# row before letting the other processes run.
_BATCH = 2000


class Service:
    """Base class of generated service classes.  A subclass may set
    ``_mesh_name`` (the Mesh name, if the Python class name differs)."""

    __slots__ = ()
    _mesh_name = None


def _service_name(cls):
    return cls.__dict__.get("_mesh_name") or cls.__name__


def _handlers(cls):
    """The handler functions of a service class (cached on the class)."""
    h = cls.__dict__.get("_mesh_handler_set")
    if h is None:
        found = set()
        for klass in cls.__mro__:
            if klass is Service or klass is object:
                continue
            for name, v in vars(klass).items():
                if name.startswith("__"):
                    continue
                if isinstance(v, (staticmethod, classmethod)):
                    found.add(getattr(cls, name))
                elif callable(v):
                    found.add(v)
        h = frozenset(found)
        cls._mesh_handler_set = h
    return h


def _handler_name(handler):
    return getattr(handler, "__qualname__", None) or getattr(handler, "__name__", repr(handler))


async def _run_service(p, cls, state):
    handlers = _handlers(cls)
    mbox = p._mbox
    prog = _p._prog
    create_future = prog.loop.create_future
    fut = None
    caller = None
    n = 0
    try:
        while True:
            if mbox:
                msg = mbox.popleft()
                n += 1
                if n >= _BATCH:
                    n = 0
                    await yield_now()
            else:
                # Process.receive, inlined: wait for the next request.
                n = 0
                w = create_future()
                p._waiter = w
                p._blocked = 1
                prog.active -= 1
                if not prog.active:
                    prog.quiet()
                msg = await w
            if msg is _STOP:
                _p._finish(p, None, None)
                return
            if msg.__class__ is not tuple or len(msg) != 5 or msg[0] is not _REQ:
                write_stderr(f"warning: {p.describe()} ignored a message that is not a "
                             f"service request: {show(msg)}\n")
                continue
            handler = msg[1]
            if handler not in handlers:
                if msg[3] is not None:
                    f, c = msg[3], msg[4]
                    if not f.done():
                        if isinstance(c, Process):
                            _unblock(c)
                        f.set_exception(MeshPanic(
                            f"call to {p.describe()}: {_handler_name(handler)} is not one of its handlers"))
                else:
                    write_stderr(f"warning: {p.describe()} ignored a cast to "
                                 f"{_handler_name(handler)}, which is not one of its handlers\n")
                continue
            fut = msg[3]
            r = handler(state, *msg[2])
            if r.__class__ is _CoroutineType:
                r = await r
            if fut is None:
                state = r
            else:
                state, reply = r
                if not fut.done():
                    caller = msg[4]
                    if caller is not None and caller._blocked:
                        caller._blocked = 0      # _unblock, inlined (never a timed wait)
                        prog.active += 1
                    fut.set_result(reply)
                fut = None
    except GeneratorExit:
        raise
    except BaseException as e:
        prog = _p._prog
        if fut is not None and prog is not None and not prog.ended:
            fail_call(fut, msg[4], p)
        _abnormal(p, e)


def start_service(cls, state):
    """Spawn the service process for class cls with the given initial state
    (``init`` has already run in the caller); return its pid."""
    prog = _p._prog
    if prog is None or prog.ended:
        _p._require_program()
    p = Process(_run_service, cls, state, "service", _service_name(cls))
    p._service_cls = cls
    return p


# Graceful shutdown (program.py): a service whose Mesh source has a
# `cast Terminate() do |state| … end` gets that cast after everything already
# in its mailbox, then this marker, which ends it normally. It is the
# service's terminate clause (the language has `terminate` for actors only).
_STOP = _p._Tag("service stop")
TERMINATE_HANDLER = "handle_terminate"


def terminate_handler(cls):
    return getattr(cls, TERMINATE_HANDLER, None)


def stop_services():
    """Start stopping every live service that has a Terminate cast (newest
    first); return their pids. Services without one are left running (the
    program discards them when it exits)."""
    from asyncio import all_tasks
    pids = sorted((t for t in all_tasks() if isinstance(t, Process) and t.alive
                   and t._kind == "service"), key=lambda t: -t.id)
    stopping = []
    for p in pids:
        handler = terminate_handler(getattr(p, "_service_cls", None))
        if handler is not None:
            p.send((_REQ, handler, (), None, None))
            p.send(_STOP)
            stopping.append(p)
    return stopping


def call(pid, handler, args):
    """Send a call request and return an awaitable for the reply.  Panics
    (MeshPanic "call to dead process …") if pid is dead or dies first."""
    caller = _current_task()
    if not pid.alive:
        raise MeshPanic(f"call to dead process {pid.describe()}")
    if pid is caller:
        raise MeshPanic(f"deadlock: {pid.describe()} called itself")
    fut = _p._loop.create_future()
    if caller.__class__ is not Process:
        pid.send((_REQ, handler, args, fut, None))
        return fut
    pid.send((_REQ, handler, args, fut, caller))
    # The caller waits; the service's reply (or its death) wakes it.
    caller._blocked = 1
    caller._wait_fut = fut
    caller._wait_kind = "call"
    caller._wait_on = pid
    prog = _p._prog
    prog.active -= 1
    if not prog.active:
        prog.quiet()
    return fut


def cast(pid, handler, args):
    """Send a cast request; returns unit at once."""
    pid.send((_REQ, handler, args, None, None))
