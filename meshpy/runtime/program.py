"""``run_program``: the event loop, the main process and program termination
(docs/runtime-contract.md, section 6; language reference 11.6 and 12.3)."""

import asyncio
import gc
import sys
import types

from .process import Process, Program, discard_all, exit_process, running, set_program
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
