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

A request is the tuple ``(REQUEST, handler, args, reply_future, caller)``
(``reply_future`` and ``caller`` are None for a cast).  The service process
takes one request at a time from its mailbox, in order.  Anything else that
arrives in a service's mailbox (a plain ``send`` or ``Timer.send_after``) is
ignored with a warning on stderr, and so is a request for a handler that the
service does not have (a call of that kind panics the caller instead).
"""

import types

from .panic import MeshPanic
from .process import (REQUEST, Process, Tag, call_request, exit_process, exit_process_with, fail_call, reply,
                      require_program, running, unblock, yield_now)
from .report import show, write_stderr

__all__ = ["Service", "start_service", "call", "cast", "stop_services"]

_CoroutineType = types.CoroutineType

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
    mbox = p.mailbox()
    receive = p.receive
    fut = None
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
                n = 0
                msg = await receive()
            if msg is _STOP:
                exit_process(p, None, None)
                return
            if msg.__class__ is not tuple or len(msg) != 5 or msg[0] is not REQUEST:
                write_stderr(f"warning: {p.describe()} ignored a message that is not a "
                             f"service request: {show(msg)}\n")
                continue
            handler = msg[1]
            if handler not in handlers:
                if msg[3] is not None:
                    f, c = msg[3], msg[4]
                    if not f.done():
                        if isinstance(c, Process):
                            unblock(c)
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
                state, answer = r
                reply(fut, msg[4], answer)
                fut = None
    except GeneratorExit:
        raise
    except BaseException as e:
        prog = running()
        if fut is not None and prog is not None and not prog.ended:
            fail_call(fut, msg[4], p)
        exit_process_with(p, e)


def start_service(cls, state):
    """Spawn the service process for class cls with the given initial state
    (``init`` has already run in the caller); return its pid."""
    prog = running()
    if prog is None or prog.ended:
        require_program()
    p = Process(_run_service, cls, state, "service", _service_name(cls))
    p.service_class = cls
    return p


# Graceful shutdown (program.py): a service whose Mesh source has a
# `cast Terminate() do |state| … end` gets that cast after everything already
# in its mailbox, then this marker, which ends it normally. It is the
# service's terminate clause (the language has `terminate` for actors only).
_STOP = Tag("service stop")
TERMINATE_HANDLER = "handle_terminate"


def terminate_handler(cls):
    return getattr(cls, TERMINATE_HANDLER, None)


def stop_services():
    """Start stopping every live service that has a Terminate cast (newest
    first); return their pids. Services without one are left running (the
    program discards them when it exits)."""
    from asyncio import all_tasks
    pids = sorted((t for t in all_tasks() if isinstance(t, Process) and t.alive
                   and t.kind == "service"), key=lambda t: -t.id)
    stopping = []
    for p in pids:
        handler = terminate_handler(getattr(p, "service_class", None))
        if handler is not None:
            p.send((REQUEST, handler, (), None, None))
            p.send(_STOP)
            stopping.append(p)
    return stopping


# Send a call request and return an awaitable for the reply.  Panics
# (MeshPanic "call to dead process …") if pid is dead or dies first.
call = call_request


def cast(pid, handler, args):
    """Send a cast request; returns unit at once."""
    pid.send((REQUEST, handler, args, None, None))
