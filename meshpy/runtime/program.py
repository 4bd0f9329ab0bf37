"""``run_program``: the event loop, the main process and program termination
(docs/runtime-contract.md, section 6; language reference 11.6 and 12.3)."""

import asyncio
import gc
import os
import signal
import sys
import types

from .process import Process, Program, discard_all, exit_process, hold_program, kill, running, set_program
from .report import flush_stdout, report_panic, write_stderr

__all__ = ["run_program", "new_event_loop", "LOOPS", "LoopUnavailable"]

LOOPS = ("asyncio", "uvloop")


class LoopUnavailable(Exception):
    """The event loop asked for is unknown or not installed."""


def new_event_loop(name="asyncio"):
    """A fresh event loop of the named kind: the standard one, or uvloop's."""
    if name == "asyncio":
        return asyncio.new_event_loop()
    if name == "uvloop":
        try:
            import uvloop
        except ImportError:
            raise LoopUnavailable("the uvloop event loop is not installed "
                                  "(pip install uvloop, or use --loop asyncio)") from None
        return uvloop.new_event_loop()
    raise LoopUnavailable(f"unknown event loop {name!r} (choose one of: {', '.join(LOOPS)})")

_CoroutineType = types.CoroutineType

EXIT_PANIC = 134
EXIT_INTERRUPTED = 130

# Stop waiting for cancelled tasks to unwind after this many seconds at exit.
_SHUTDOWN_GRACE = 2.0

# Graceful shutdown (SIGTERM/SIGINT, see _on_signal): how long the runtime
# waits for in-flight requests and terminate work before it exits anyway.
# MESH_SHUTDOWN_TIMEOUT_MS overrides it.
SHUTDOWN_TIMEOUT_MS = 10_000

# Functions that make the program stop taking new work (close a listening
# socket); servers add theirs with on_shutdown(). A program with at least
# one is a long-running server: Ctrl-C then shuts it down gracefully too.
_stop_hooks = []


async def _run_main(p, main_fn, _unused):
    try:
        r = main_fn()
        if r.__class__ is _CoroutineType:
            r = await r
    except GeneratorExit:
        raise
    except BaseException as e:
        _main_abnormal(p, e)
        return
    exit_process(p, None, r)


def _main_abnormal(p, e):
    prog = running()
    if prog is None or prog.ended:
        return
    if isinstance(e, asyncio.CancelledError):
        # Killed: a linked process died.
        write_stderr(f"panic: {p.kill_reason or 'killed'}\n")
        p.alive = False
        prog.finish(EXIT_PANIC)
    elif isinstance(e, Exception):
        report_panic("panic", e)
        p.alive = False
        prog.finish(EXIT_PANIC)
    else:
        prog.finish_exception(e)


def _start_main(prog, main_fn):
    prog.main = Process(_run_main, main_fn, None, "main", "")


def on_shutdown(hook):
    """Register hook() to run first thing when a graceful shutdown begins
    (a server closing its listener); returns a function that unregisters it."""
    _stop_hooks.append(hook)

    def remove():
        if hook in _stop_hooks:
            _stop_hooks.remove(hook)
    return remove


def _shutdown_timeout():
    raw = os.environ.get("MESH_SHUTDOWN_TIMEOUT_MS", "")
    try:
        ms = int(raw) if raw else SHUTDOWN_TIMEOUT_MS
    except ValueError:
        ms = SHUTDOWN_TIMEOUT_MS
    return max(ms, 0) / 1000.0


def _on_signal(prog, signum):
    """SIGTERM/SIGINT: the first one starts a graceful shutdown (SIGINT only
    when a server runs, else Ctrl-C keeps interrupting at once, even a
    process that never yields); a second one exits at once."""
    if prog.ended:
        return
    graceful = signum == signal.SIGTERM or bool(_stop_hooks)
    if prog.stopping or not graceful:
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise SystemExit(128 + signum)
    prog.stopping = True
    prog.loop.call_soon_threadsafe(_start_graceful, prog, signal.Signals(signum).name)


def _install_signals(prog):
    """Install the SIGTERM/SIGINT handlers; the previous ones (to restore)."""
    saved = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        try:
            saved.append((sig, signal.signal(sig, lambda n, _f: _on_signal(prog, n))))
        except (ValueError, OSError):  # not the main thread
            break
    return saved


def _restore_signals(saved):
    for sig, handler in saved:
        try:
            signal.signal(sig, handler)
        except (ValueError, OSError, TypeError):
            pass


def _start_graceful(prog, signame):
    if prog.ended:
        return
    release = hold_program()
    task = prog.loop.create_task(_graceful(prog, signame))
    task.add_done_callback(lambda t: _graceful_done(t, release))


def _graceful_done(task, release):
    release()
    if not task.cancelled() and task.exception() is not None:
        e = task.exception()
        write_stderr(f"[mesh-rt] graceful shutdown failed: {type(e).__name__}: {e}\n")
        prog = running()
        if prog is not None:
            prog.finish(1)


def _live(kinds):
    return [t for t in asyncio.all_tasks() if isinstance(t, Process) and t.alive and t.kind in kinds]


async def _wait_gone(kinds, deadline, loop):
    while _live(kinds) and loop.time() < deadline:
        await asyncio.sleep(0.02)


async def _graceful(prog, signame):
    """Graceful shutdown, in this order: servers stop accepting; in-flight
    HTTP/WS handlers finish; actors are stopped (their terminate clauses
    run); services that have a `Terminate` cast handle what is already in
    their mailbox, then that cast, then stop; then the program exits 0.
    Whatever is still running when the deadline passes is discarded."""
    from .service import stop_services
    loop = prog.loop
    timeout = _shutdown_timeout()
    deadline = loop.time() + timeout
    write_stderr(f"[mesh-rt] {signame}: shutting down (at most {timeout:g} s; a second signal exits at once)\n")
    for hook in list(_stop_hooks):
        try:
            hook()
        except Exception as e:  # noqa: BLE001 - keep shutting down
            write_stderr(f"[mesh-rt] shutdown hook failed: {type(e).__name__}: {e}\n")
    await _wait_gone(("http", "ws"), deadline, loop)
    for p in _live(("actor", "process")):
        kill(p, "shutdown", False)
    await _wait_gone(("actor", "process"), deadline, loop)
    stopping = stop_services()
    await _wait_gone_pids(stopping, deadline, loop)
    left = [p for p in stopping if p.alive]
    if left:
        write_stderr(f"[mesh-rt] shutdown deadline passed; discarding {', '.join(p.describe() for p in left)}\n")
    else:
        write_stderr("[mesh-rt] shutdown complete\n")
    prog.finish(0)


async def _wait_gone_pids(pids, deadline, loop):
    while any(p.alive for p in pids) and loop.time() < deadline:
        await asyncio.sleep(0.02)


def run_program(main_fn, loop_name="asyncio") -> int:
    """Run ``main_fn`` (plain or ``async def``, no arguments) as the main
    process, keep running until the program is finished (11.6) and return the
    exit status: 0, 134 after a panic in main, 130 after Ctrl-C.
    ``loop_name`` selects the event loop (``LOOPS``)."""
    loop = new_event_loop(loop_name)
    prog = Program(loop)
    previous = running()
    set_program(prog)
    asyncio.set_event_loop(loop)
    # 100,000 processes are a lot of young objects; collect less often.
    old_threshold = gc.get_threshold()
    gc.set_threshold(max(old_threshold[0], 50_000), old_threshold[1], old_threshold[2])
    status = 0
    saved_signals = _install_signals(prog)
    try:
        loop.call_soon(_start_main, prog, main_fn)
        try:
            loop.run_forever()
        except KeyboardInterrupt:
            prog.ended = True
            prog.interrupt = KeyboardInterrupt()
        if prog.interrupt is not None:
            exc = prog.interrupt
            if isinstance(exc, SystemExit):
                code = exc.code
                status = code if isinstance(code, int) else (0 if code is None else 1)
            else:
                status = EXIT_INTERRUPTED
        elif prog.status is not None:
            status = prog.status
        else:  # the loop stopped for another reason
            status = 0
    finally:
        prog.ended = True
        _restore_signals(saved_signals)
        _stop_hooks.clear()
        try:
            _shutdown(loop)
        except KeyboardInterrupt:
            pass
        finally:
            gc.set_threshold(*old_threshold)
            asyncio.set_event_loop(None)
            loop.close()
            set_program(previous if previous is not prog else None)
            flush_stdout()
            try:
                sys.stderr.flush()
            except (OSError, ValueError):
                pass
    return status


def _shutdown(loop):
    """Discard the processes that are still waiting: cancel every remaining
    task (terminate clauses see ``me.discarded`` and do not run), let them
    unwind, then close the loop's async generators and executor."""
    discard_all(loop)
    tasks = [t for t in asyncio.all_tasks(loop) if not t.done()]
    for t in tasks:
        t.cancel()
    if tasks:
        loop.run_until_complete(asyncio.wait(tasks, timeout=_SHUTDOWN_GRACE))
        for t in tasks:
            if t.done():
                if not t.cancelled():
                    t.exception()   # mark retrieved
        # Tasks that outlived the grace period are abandoned: they must not
        # be reported as "destroyed but pending" when collected later.
        _quiet_abandoned(loop, {t for t in tasks if not t.done()})
    loop.run_until_complete(loop.shutdown_asyncgens())
    loop.run_until_complete(loop.shutdown_default_executor())


def _quiet_abandoned(loop, abandoned):
    """Drop the loop's "Task was destroyed but it is pending" reports for
    the abandoned tasks (public API only: the handler sees every report)."""
    if not abandoned:
        return
    previous = loop.get_exception_handler()

    def handler(loop, context):
        if context.get("task") in abandoned:
            return
        if previous is not None:
            previous(loop, context)
        else:
            loop.default_exception_handler(context)

    loop.set_exception_handler(handler)
