"""Processes, mailboxes, links and monitors (docs/runtime-contract.md, section 6).

A Mesh process is an asyncio task: ``Process`` subclasses ``asyncio.Task``,
so the pid, the mailbox and the task are one object and
``asyncio.current_task()`` is the running process.

Termination (language reference 11.6) is detected by counting: the program
counts *active* processes, i.e. those that are not finished and not blocked
in one of the runtime's waits (``receive``, a service ``call``,
``Job.await``).  A process that blocks decrements the count itself; whoever
ends the wait (``send``, a service reply, the exit of an awaited job, a
timeout) increments it *at that moment*, before the process resumes, so the
count can only reach zero when no process can make progress.  Pending
``Timer.send_after`` messages and ``hold_program()`` also count as active.
Processes waiting in a timed ``receive`` are not active but are remembered;
when nothing else can run, the one with the earliest deadline is woken at
once with ``TIMEOUT`` (as the reference does at wind-down).

The other runtime modules use only this module's public names, never its
underscored ones or its module globals: ``running()``, ``require_program()``,
``set_program``, ``hold_program``; ``Process`` (``kind``, ``mailbox()``,
``exit_reason`` (None: normal exit), ``exit_value``, ``kill_reason``),
``current_process``, ``spawn_fn(f, kind, name)``, ``own``; ``block`` /
``unblock`` (the count of active processes around a wait), ``exit_waiter``,
``call_request`` / ``reply`` (a service call's two ends); ``exit_process``,
``exit_process_with``, ``kill``, ``notify_supervisor``, ``fail_call``,
``discard_all``; ``REQUEST``, ``CHILD_EXIT``, ``Tag``, ``TIMEOUT``, ``NULL_PID``.
"""

import asyncio
import inspect
import itertools
import time
import types
from collections import deque

from .panic import MeshPanic
from .values import NONE, Some
from .nullpid import NULL_PID, NullPid  # noqa: F401 (part of this module's API)
from .report import report_panic, write_stderr

__all__ = [
    "Process", "TIMEOUT", "spawn_actor", "spawn_fn", "send", "link",
    "yield_now", "hold_program", "current_process",
]

_Task = asyncio.Task
_CancelledError = asyncio.CancelledError
_current_task = asyncio.current_task
_CoroutineType = types.CoroutineType
_TASK_NAME = "mesh-process"
_CLOCK_RESOLUTION = time.get_clock_info("monotonic").resolution


class Tag:
    """Markers that start runtime-internal messages (no Mesh value is one)."""

    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"<{self.name}>"


# A service request is the 5-tuple (REQUEST, handler, args, reply_future, caller);
# a cast has reply_future = caller = None.
REQUEST = Tag("service request")
# What a supervisor receives when one of its children exits: (CHILD_EXIT, pid, reason).
CHILD_EXIT = Tag("child exit")


class _Timeout:
    """The value ``receive_timeout`` returns when the time is up."""

    __slots__ = ()

    def __repr__(self):
        return "TIMEOUT"


TIMEOUT = _Timeout()


class ProcessExit(Exception):
    """Raised inside a runtime-owned process (supervisor) to end it
    abnormally with ``reason`` without a panic report."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


# --------------------------------------------------------------------------
# The running program


class Program:
    """State of one ``run_program`` call."""

    __slots__ = ("loop", "active", "timed", "main", "status", "interrupt", "ended",
                 "ids", "names", "monitors", "refs", "check_pending", "stopping",
                 "dead_targets")

    def __init__(self, loop):
        self.loop = loop
        self.active = 0          # see the module docstring
        self.timed = {}          # processes in a timed receive (ordered set)
        self.main = None
        self.status = None       # exit status once decided
        self.interrupt = None    # KeyboardInterrupt/SystemExit that stopped the program
        self.ended = False       # True once the exit status is decided
        self.ids = itertools.count(1)
        self.names = {}          # Process.register
        self.monitors = {}       # ref -> monitored process
        self.refs = itertools.count(1)
        self.check_pending = False
        self.stopping = False    # graceful shutdown under way (program.py)
        self.dead_targets = None  # pids a message to which was already reported lost

    def quiet(self):
        """Called when ``active`` drops to zero: decide, one loop turn later,
        whether the program is finished, deadlocked or has timed receives to
        fire early."""
        if not self.check_pending:
            self.check_pending = True
            self.loop.call_soon(self._check)

    def _check(self):
        self.check_pending = False
        if self.active > 0 or self.ended:
            return
        if self.timed:
            # Wake the timed receive that would end first -- unless it is a
            # process that was already woken early and has not received a
            # message since (a loop of timed receives, e.g. a ticker): then
            # its timeouts are honoured, so it neither spins nor stops.
            candidates = [p for p in self.timed if not p._early]
            if candidates:
                p = min(candidates, key=_deadline)
                p._early = True
                p._time_up()
            return
        main = self.main
        if main is None or not main.alive:
            self.finish(0)
            return
        fut = main._wait_fut
        if main._blocked and fut is not None and not fut.done():
            unblock(main)
            fut.set_exception(MeshPanic(
                f"deadlock: main is waiting for {_waiting_for(main)} and no process can make progress"))
        else:  # cannot happen; never hang
            self.finish(0)

    def finish(self, status):
        """The program is over with this exit status: stop the loop."""
        if not self.ended:
            self.ended = True
            self.status = status
            self.loop.stop()

    def finish_exception(self, exc):
        """Ctrl-C (or SystemExit) inside a process: stop the loop."""
        if not self.ended:
            self.ended = True
            self.interrupt = exc
            self.loop.stop()


def _deadline(p):
    return p._deadline


def _waiting_for(p):
    on = p._wait_on
    if isinstance(on, Process):
        return f"a reply from {on.describe()}" if p._wait_kind == "call" else f"{on.describe()} to finish"
    return "a message"


_prog = None   # the Program being run
_loop = None   # its event loop


def set_program(prog):
    global _prog, _loop
    _prog = prog
    _loop = prog.loop if prog is not None else None


def running():
    """The Program being run, or None."""
    return _prog


def require_program():
    if _prog is None or _prog.ended:
        raise RuntimeError("no Mesh program is running (use run_program)")
    return _prog


def unblock(p):
    """Count p as active again (its wait is over)."""
    b = p._blocked
    if b:
        p._blocked = 0
        prog = _prog
        prog.active += 1
        if b == 2:
            prog.timed.pop(p, None)


def block(p, fut, kind, on):
    """p starts waiting on fut (a call reply or a process exit)."""
    p._blocked = 1
    p._wait_fut = fut
    p._wait_kind = kind
    p._wait_on = on
    prog = _prog
    prog.active -= 1
    if not prog.active:
        prog.quiet()


# --------------------------------------------------------------------------
# Process


def register_name(key, pid):
    """Process.register / Global.register (key ("global", name)): 0 or 1.
    The name is forgotten when the process exits."""
    names = require_program().names
    old = names.get(key)
    if old is not None and old.alive:
        return 1
    if not getattr(pid, "alive", False):
        return 1
    names[key] = pid
    if pid._names is None:
        pid._names = [key]
    else:
        pid._names.append(key)
    return 0


def whereis_name(key):
    p = _prog.names.get(key) if _prog is not None else None
    return p if p is not None and p.alive else NULL_PID


class Process(_Task):
    """A Mesh process and its pid.

    ``send(msg)``, ``await receive()``, ``await receive_timeout(ms)``,
    ``id``, ``alive``; ``describe()`` for messages.  The class also carries
    the Mesh stdlib module ``Process``: ``Process.register``,
    ``Process.whereis``, ``Process.monitor``, ``Process.demonitor``.
    """

    __slots__ = ("id", "alive", "_mbox", "_waiter", "_blocked", "_timer", "_deadline", "_early",
                 "kind", "_name", "exit_value", "exit_reason", "_wait_fut",
                 "_wait_kind", "_wait_on")

    # Rarely set attributes live in the instance __dict__ (created on first
    # write); these class attributes are their defaults.
    discarded = False     # True: end without running the terminate clause
    _links = None         # set of linked processes
    _watchers = None      # list of exit notifications (monitors, supervisor, Job.await)
    _names = None         # registered names
    kill_reason = None    # reason given by whoever killed the process
    _owner = None         # for jobs: the process whose crash kills the job

    def __init__(self, runner, a, b, kind, name):
        prog = _prog
        self.id = next(prog.ids)
        self.alive = True
        self._mbox = deque()
        self._waiter = None
        self._blocked = 0      # 0 active, 1 blocked, 2 blocked in a timed receive
        self._timer = None     # TimerHandle of the latest timed receive
        self._deadline = 0.0   # loop time at which the current timed receive ends
        self._early = False    # its last timed receive was ended early (see Program._check)
        self.kind = kind
        self._name = name
        self.exit_value = None    # what its function returned (normal exit)
        self.exit_reason = None   # None: normal exit; else why it ended (a string)
        self._wait_fut = None
        self._wait_kind = None
        self._wait_on = None
        _Task.__init__(self, runner(self, a, b), loop=prog.loop, name=_TASK_NAME)
        prog.active += 1

    # -- identity -----------------------------------------------------------

    def __repr__(self):
        return f"#PID<{self.id}>"

    __str__ = __repr__

    def _display(self):
        return f"#PID<{self.id}>"

    def __lt__(self, other):
        return self.id < other.id

    def __le__(self, other):
        return self.id <= other.id

    def __gt__(self, other):
        return self.id > other.id

    def __ge__(self, other):
        return self.id >= other.id

    def describe(self):
        """``#PID<3> (actor worker)``; ``main`` for the main process."""
        if self.kind == "main":
            return "main"
        if self._name:
            return f"#PID<{self.id}> ({self.kind} {self._name})"
        return f"#PID<{self.id}> ({self.kind})"

    # -- mailbox ------------------------------------------------------------

    def mailbox(self):
        """The queue of waiting messages, for a runtime loop that takes them
        itself (a service): popleft() while it is not empty, else receive()."""
        return self._mbox

    def send(self, msg):
        """Append msg to the mailbox (never blocks; dropped if dead)."""
        w = self._waiter
        if w is None:
            if self.alive:
                self._mbox.append(msg)
            else:
                _lost_message(self, msg)
            return
        # The process is waiting in receive, so its mailbox is empty:
        # hand the message over directly.
        self._waiter = None
        b = self._blocked
        self._blocked = 0
        prog = _prog
        prog.active += 1
        if b == 2:
            del prog.timed[self]
            self._early = False
        w.set_result(msg)

    def receive(self):
        """Awaitable: the oldest message, waiting for one if needed."""
        fut = _loop.create_future()
        mbox = self._mbox
        if mbox:
            fut.set_result(mbox.popleft())
            return fut
        self._waiter = fut
        self._blocked = 1
        prog = _prog
        prog.active -= 1
        if not prog.active:
            prog.quiet()
        return fut

    def receive_timeout(self, ms):
        """Awaitable: the oldest message, or ``TIMEOUT`` if none arrives
        within ms milliseconds (``ms <= 0`` polls)."""
        loop = _loop
        fut = loop.create_future()
        mbox = self._mbox
        if mbox:
            fut.set_result(mbox.popleft())
            return fut
        if ms <= 0:
            fut.set_result(TIMEOUT)
            return fut
        self._waiter = fut
        self._blocked = 2
        deadline = loop.time() + ms / 1000
        self._deadline = deadline
        # A timer left over from an earlier timed receive that fires no later
        # than this deadline is reused (it re-arms itself when it fires
        # early), so a loop of timed receives that keep getting messages
        # costs no timer operations.
        t = self._timer
        if t is None or t.when() > deadline:
            if t is not None:
                t.cancel()
            self._timer = loop.call_at(deadline, self._timer_fired)
        prog = _prog
        prog.timed[self] = None
        prog.active -= 1
        if not prog.active:
            prog.quiet()
        return fut

    def _timer_fired(self):
        self._timer = None
        if self._blocked != 2 or self._waiter is None:
            return
        loop = _loop
        if self._deadline > loop.time() + _CLOCK_RESOLUTION:
            self._timer = loop.call_at(self._deadline, self._timer_fired)
            return
        self._time_up()

    def _time_up(self):
        """End the current timed receive with TIMEOUT."""
        fut = self._waiter
        self._waiter = None
        unblock(self)
        fut.set_result(TIMEOUT)

    # -- the Mesh stdlib module Process ---------------------------------------

    @staticmethod
    def register(name, pid):
        """Register pid under name: 0, or 1 if a live process holds the name
        or pid is not alive (supplement 9.2)."""
        return register_name(name, pid)

    @staticmethod
    def whereis(name):
        """The live process registered under name, else the null pid."""
        return whereis_name(name)

    @staticmethod
    def monitor(pid):
        """Monitor pid from the current process; returns an Int ref.  When pid
        exits, the current process receives ("DOWN", ref, pid, reason)."""
        prog = require_program()
        me = _current_task()
        ref = next(prog.refs)
        if not isinstance(me, Process):
            raise MeshPanic("Process.monitor called outside a process")
        if not pid.alive:
            me.send(("DOWN", ref, pid, "noproc"))
            return ref
        prog.monitors[ref] = pid
        _add_watcher(pid, ("m", ref, me))
        return ref

    @staticmethod
    def demonitor(ref):
        """Stop the monitor ref (no DOWN message will come); returns unit."""
        prog = _prog
        if prog is None:
            return None
        pid = prog.monitors.pop(ref, None)
        if pid is not None and pid._watchers:
            pid._watchers = [w for w in pid._watchers if not (w[0] == "m" and w[1] == ref)]
        return None


send = Process.send


def _lost_message(p, msg):
    """A send or cast to a dead process: say so on stderr, once per target
    (a busy sender would otherwise flood the log)."""
    prog = _prog
    if prog is None or prog.ended or prog.stopping:
        return
    seen = prog.dead_targets
    if seen is None:
        seen = prog.dead_targets = set()
    if p.id in seen:
        return
    seen.add(p.id)
    what = "a cast" if msg.__class__ is tuple and len(msg) == 5 and msg[0] is REQUEST else "a message"
    write_stderr(f"warning: {what} to dead process {p.describe()} was lost "
                 f"(later ones to it are not reported)\n")


def _add_watcher(p, entry):
    w = p._watchers
    if w is None:
        p._watchers = [entry]
    else:
        w.append(entry)


def notify_supervisor(child, supervisor):
    """When child exits, supervisor receives (CHILD_EXIT, child, reason)."""
    _add_watcher(child, ("s", supervisor))


def current_process():
    """The running Process, or None outside one."""
    t = _current_task()
    return t if isinstance(t, Process) else None


# --------------------------------------------------------------------------
# Spawning


async def _run_actor(p, fn, args):
    try:
        r = await fn(p, *args)
    except GeneratorExit:
        raise
    except BaseException as e:
        exit_process_with(p, e)
        return
    exit_process(p, None, r)


async def _run_fn(p, f, args):
    try:
        r = f(*args)
        if r.__class__ is _CoroutineType:
            r = await r
    except GeneratorExit:
        raise
    except BaseException as e:
        exit_process_with(p, e)
        return
    exit_process(p, None, r)


def _fn_name(f):
    name = getattr(f, "_mesh_name", None) or getattr(f, "__name__", None)
    if not name or name == "<lambda>":
        return ""
    return name


def spawn_actor(actor_fn, args=()):
    """Start a process running ``await actor_fn(me, *args)``; return it at once."""
    if _prog is None or _prog.ended:
        require_program()
    return Process(_run_actor, actor_fn, args, "actor", _fn_name(actor_fn))


def spawn_fn(f, kind="process", name=None):
    """Start a process running the zero-argument closure f (plain or async).
    The runtime's own processes give their kind and name (`#PID<7> (http GET /)`)."""
    if _prog is None or _prog.ended:
        require_program()
    return Process(_run_fn, f, (), kind, _fn_name(f) if name is None else name)


def own(job, owner):
    """Link job to owner one way: owner's crash kills the job, the job's
    crash does not touch owner (Job.async_)."""
    job._owner = owner
    if owner._links is None:
        owner._links = {job}
    else:
        owner._links.add(job)


def link(me, pid):
    """Link me (None: the current process) and pid both ways.  Linking to a
    process that has already exited does nothing."""
    if me is None:
        me = current_process()
        if me is None:
            raise MeshPanic("link called outside a process")
    if pid is me or not pid.alive or not me.alive:
        return None
    if me._links is None:
        me._links = {pid}
    else:
        me._links.add(pid)
    if pid._links is None:
        pid._links = {me}
    else:
        pid._links.add(me)
    return None


@types.coroutine
def yield_now():
    """Let the other processes run (awaitable)."""
    yield


def hold_program():
    """For runtime components that work outside processes but may later
    deliver messages (servers, timers): keep the program alive until the
    returned release function is called (once)."""
    prog = require_program()
    prog.active += 1
    released = False

    def release():
        nonlocal released
        if not released and prog is _prog:
            released = True
            prog.active -= 1
            if not prog.active:
                prog.quiet()
    return release


# --------------------------------------------------------------------------
# Exits


def exit_process_with(p, e):
    """p's body ended with exception e."""
    prog = _prog
    if isinstance(e, _CancelledError):
        if prog is None or prog.ended:
            return
        exit_process(p, p.kill_reason or "killed", None)
    elif isinstance(e, ProcessExit):
        exit_process(p, e.reason, None)
    elif isinstance(e, Exception):
        if prog is None or prog.ended:
            return
        message = report_panic(f"panic in {p.describe()}", e)
        exit_process(p, message, None)
    else:  # KeyboardInterrupt, SystemExit: stop the program
        if prog is not None:
            prog.finish_exception(e)


def exit_process(p, reason, result):
    """Exit processing: reason is None for a normal exit, else a string."""
    prog = _prog
    p.alive = False
    p.exit_value = result
    p.exit_reason = reason
    p._waiter = None
    if p._timer is not None:
        _cancel_timer(p)
    if prog is None or prog.ended:
        return
    if p._blocked:
        unblock(p)
    mbox = p._mbox
    if mbox:
        _fail_requests(p, mbox)
        if reason is not None and not prog.stopping:
            _report_dropped(p, mbox)
        mbox.clear()
    if p._names is not None:
        names = prog.names
        for n in p._names:
            if names.get(n) is p:
                del names[n]
        p._names = None
    owner = p._owner
    if owner is not None:
        if owner._links:
            owner._links.discard(p)
        p._owner = None
    watchers = p._watchers
    if watchers is not None:
        p._watchers = None
        for w in watchers:
            kind = w[0]
            if kind == "f":
                fut = w[1]
                if not fut.done():
                    if w[2] is not None:
                        unblock(w[2])
                    fut.set_result(None)
            elif kind == "s":
                w[1].send((CHILD_EXIT, p, reason))
            else:
                ref = w[1]
                if prog.monitors.pop(ref, None) is not None:
                    w[2].send(("DOWN", ref, p, "normal" if reason is None else reason))
    links = p._links
    if links is not None:
        p._links = None
        for q in links:
            if q._links is not None:
                q._links.discard(p)
            if reason is not None and q.alive:
                if q.kind != "main":
                    write_stderr(f"exit in {q.describe()}: linked process {p.describe()} died: {reason}\n")
                kill(q, f"linked process {p} died", False)
    prog.active -= 1
    if not prog.active:
        prog.quiet()


def _cancel_timer(p):
    t = p._timer
    if t is not None:
        p._timer = None
        t.cancel()


def _fail_requests(p, mbox):
    """Calls still queued in a dead process's mailbox fail in their callers."""
    for m in mbox:
        if m.__class__ is tuple and len(m) == 5 and m[0] is REQUEST and m[3] is not None:
            fail_call(m[3], m[4], p)


def call_request(pid, handler, args):
    """A service call: send (REQUEST, handler, args, reply future, caller) to
    pid and return the future; the calling process counts as blocked until
    `reply` or pid's death ends the wait. Panics if pid is dead or the caller."""
    caller = _current_task()
    if not pid.alive:
        raise MeshPanic(f"call to dead process {pid.describe()}")
    if pid is caller:
        raise MeshPanic(f"deadlock: {pid.describe()} called itself")
    fut = _loop.create_future()
    if caller.__class__ is not Process:
        pid.send((REQUEST, handler, args, fut, None))
        return fut
    pid.send((REQUEST, handler, args, fut, caller))
    caller._blocked = 1  # block(caller, fut, "call", pid), inlined: the hot path of a call
    caller._wait_fut = fut
    caller._wait_kind = "call"
    caller._wait_on = pid
    prog = _prog
    prog.active -= 1
    if not prog.active:
        prog.quiet()
    return fut


def reply(fut, caller, value):
    """Answer a call_request: the caller (None outside a process) runs again."""
    if not fut.done():
        if caller is not None and caller._blocked:
            caller._blocked = 0  # unblock(caller), inlined: a call is never a timed wait
            _prog.active += 1
        fut.set_result(value)


def _report_dropped(p, mbox):
    """A process that crashed with casts or messages still queued: they are
    lost, say how many (calls among them fail in their callers instead)."""
    n = sum(1 for m in mbox if not (m.__class__ is tuple and len(m) == 5 and m[0] is REQUEST
                                     and m[3] is not None))
    if n:
        write_stderr(f"warning: {n} message{'s' if n != 1 else ''} in the mailbox of "
                     f"{p.describe()} were lost when it died\n")


def fail_call(fut, caller, target):
    if not fut.done():
        if caller is not None and isinstance(caller, Process):
            unblock(caller)
        fut.set_exception(MeshPanic(f"call to dead process {target.describe()}"))


def _not_started(p):
    try:
        return inspect.getcoroutinestate(p.get_coro()) == inspect.CORO_CREATED
    except (AttributeError, TypeError):
        return False


def kill(p, reason, brutal):
    """End p with reason.  brutal: its terminate clause does not run."""
    if not p.alive or p.kill_reason is not None or p.done():
        return
    p.kill_reason = reason
    if brutal:
        p.discarded = True
    if p._waiter is not None:
        p._waiter = None
    if p._blocked:
        unblock(p)
    if _not_started(p):
        # The body never ran; cancelling would skip its exit handling.
        p.cancel()
        exit_process(p, reason, None)
        return
    p.cancel()


def exit_waiter(p, waiter):
    """A future resolved (with None) when p exits; waiter (a Process or None)
    is unblocked at that moment if it blocked on it."""
    fut = _loop.create_future()
    if not p.alive:
        fut.set_result(None)
    else:
        _add_watcher(p, ("f", fut, waiter))
    return fut


def discard_all(loop):
    """Program over: mark every remaining process discarded (no terminate
    clause, no exit notifications)."""
    for t in asyncio.all_tasks(loop):
        if isinstance(t, Process):
            t.discarded = True
            t._waiter = None
            _cancel_timer(t)

