"""The Mesh stdlib module ``Timer`` (language reference 11.5, 13.11)."""

from .process import require_program, running

__all__ = ["Timer"]


def _wake(fut):
    if not fut.done():
        fut.set_result(None)


def _deliver(prog, pid, msg):
    if prog.ended:
        return
    pid.send(msg)
    prog.active -= 1
    if not prog.active:
        prog.quiet()


class Timer:
    """``Timer.sleep(ms)`` (awaitable) and ``Timer.send_after(pid, ms, msg)``."""

    __slots__ = ()

    @staticmethod
    def sleep(ms):
        """Awaitable that suspends only the caller for ms milliseconds;
        ``ms <= 0`` returns at once.  A sleeping process keeps the program
        alive."""
        loop = running().loop
        fut = loop.create_future()
        if ms <= 0:
            fut.set_result(None)
        else:
            loop.call_later(ms / 1000, _wake, fut)
        return fut

    @staticmethod
    def send_after(pid, ms, msg):
        """After ms milliseconds, ``send(pid, msg)``; returns unit at once.
        The pending message keeps the program alive until it is sent
        (``ms <= 0`` sends at once)."""
        prog = running()
        if prog is None or prog.ended:
            require_program()
        if ms <= 0:
            pid.send(msg)
            return None
        prog.active += 1
        prog.loop.call_later(ms / 1000, _deliver, prog, pid, msg)
        return None
