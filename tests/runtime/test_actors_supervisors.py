"""Supervisors (language reference 8.4, 11.8): children start, crashed
children restart according to strategy and restart type, the restart limit
stops the supervisor, shutdown honours ``brutal_kill`` and timeouts."""

import time

from meshpy.runtime.actors import (TIMEOUT, ChildSpec, Process, SupervisorSpec, Timer,
                                   run_program, send, spawn_actor, spawn_supervisor)
from meshpy.runtime.panic import MeshPanic


def run(main, capsys):
    status = run_program(main)
    out, err = capsys.readouterr()
    return status, out, err


class Log:
    """What the children did, and how often each one was started."""

    def __init__(self):
        self.lines = []
        self.starts = {}

    def started(self, name):
        self.starts[name] = self.starts.get(name, 0) + 1
        self.lines.append(f"{name} start {self.starts[name]}")
        return self.starts[name]


def waiting_child(log, name):
    """A child that registers under its name and waits for commands:
    "crash" panics, "stop" exits normally.  Its terminate clause logs."""
    async def child(me):
        log.started(name)
        Process.register(name, me)
        try:
            while True:
                cmd = await me.receive()
                if cmd == "crash":
                    raise MeshPanic(f"{name} crashed")
                if cmd == "stop":
                    return me
        finally:
            if not me.discarded:
                log.lines.append(f"{name} stopped")
    return lambda: spawn_actor(child, ())


def tell(name, cmd):
    send(Process.whereis(name), cmd)


def test_basic_start(capsys):
    async def quiet_worker(me):
        x = 1 + 1
        return x

    crew = SupervisorSpec("Crew", "one_for_one", 3, 5, [
        ChildSpec("w1", lambda: spawn_actor(quiet_worker, ()), "temporary", 1000)])

    async def main():
        print("starting supervisor")
        sup = spawn_supervisor(crew)
        assert isinstance(sup, Process)
        await Timer.sleep(50)
        print("main done")

    assert run(main, capsys) == (0, "starting supervisor\nmain done\n", "")


def test_children_start_in_order_with_defaults(capsys):
    log = Log()
    spec = SupervisorSpec("Sup", children=[
        ChildSpec("a", waiting_child(log, "a")),
        ChildSpec("b", waiting_child(log, "b"))])
    assert (spec.strategy, spec.max_restarts, spec.max_seconds) == ("one_for_one", 3, 5)
    assert (spec.children[0].restart, spec.children[0].shutdown) == ("permanent", 5000)

    async def main():
        spawn_supervisor(spec)
        await Timer.sleep(20)

    assert run(main, capsys) == (0, "", "")
    assert log.lines == ["a start 1", "b start 1"]


def test_one_for_one_restarts_a_crashing_child_within_its_limits(capsys):
    log = Log()

    async def flaky(me):
        n = log.started("w1")
        if n <= 2:
            raise MeshPanic(f"crash number {n}")
        log.lines.append("w1 finished")

    spec = SupervisorSpec("Crew", "one_for_one", 3, 5, [
        ChildSpec("w1", lambda: spawn_actor(flaky, ()), "transient", 1000)])

    status, out, err = run(lambda: spawn_supervisor(spec), capsys)
    assert status == 0
    assert log.lines == ["w1 start 1", "w1 start 2", "w1 start 3", "w1 finished"]
    assert "panic in #PID<3> (actor flaky): crash number 1" in err
    assert "panic in #PID<4> (actor flaky): crash number 2" in err
    assert err.count("#PID<2> (supervisor Crew): restarting child w1 after: crash number") == 2
    assert "shutting down" not in err


def test_supervisor_gives_up_past_its_restart_limit(capsys):
    log = Log()

    async def doomed(me):
        log.started("bad")
        raise MeshPanic("always fails")

    spec = SupervisorSpec("Crew", "one_for_one", 2, 5, [
        ChildSpec("steady", waiting_child(log, "steady"), "permanent", 1000),
        ChildSpec("bad", lambda: spawn_actor(doomed, ()), "permanent", 1000)])

    async def watcher(me):
        sup = spawn_supervisor(spec)
        Process.monitor(sup)
        tag, _ref, pid, reason = await me.receive()
        print(tag, pid is sup, reason)
        print("steady is gone:", Process.whereis("steady").__class__.__name__)

    status, out, err = run(lambda: spawn_actor(watcher, ()), capsys)
    assert status == 0
    assert out == ("DOWN True supervisor Crew reached its restart limit\n"
                   "steady is gone: NullPid\n")
    assert log.starts == {"steady": 1, "bad": 3}       # initial start + 2 restarts
    assert log.lines[-1] == "steady stopped"           # stopped with a timeout: terminate runs
    assert ("(supervisor Crew): child bad died (always fails); more than 2 restarts "
            "within 5 s, shutting down") in err


def test_one_for_all_restarts_every_child(capsys):
    log = Log()
    spec = SupervisorSpec("All", "one_for_all", 3, 5, [
        ChildSpec("a", waiting_child(log, "a")),
        ChildSpec("b", waiting_child(log, "b")),
        ChildSpec("c", waiting_child(log, "c"))])

    async def main():
        spawn_supervisor(spec)
        await Timer.sleep(10)
        tell("b", "crash")
        await Timer.sleep(30)

    status, out, err = run(main, capsys)
    assert status == 0
    assert log.lines == ["a start 1", "b start 1", "c start 1",
                         "b stopped",                      # the crash runs b's terminate
                         "c stopped", "a stopped",         # the others stop in reverse order
                         "a start 2", "b start 2", "c start 2"]
    assert "restarting child b after: b crashed" in err


def test_rest_for_one_restarts_the_failed_child_and_those_after_it(capsys):
    log = Log()
    spec = SupervisorSpec("Rest", "rest_for_one", 3, 5, [
        ChildSpec("a", waiting_child(log, "a")),
        ChildSpec("b", waiting_child(log, "b")),
        ChildSpec("c", waiting_child(log, "c")),
        ChildSpec("d", waiting_child(log, "d"))])

    async def main():
        spawn_supervisor(spec)
        await Timer.sleep(10)
        tell("b", "crash")
        await Timer.sleep(30)

    assert run(main, capsys)[0] == 0
    assert log.lines == ["a start 1", "b start 1", "c start 1", "d start 1",
                         "b stopped", "d stopped", "c stopped",
                         "b start 2", "c start 2", "d start 2"]


def test_simple_one_for_one_behaves_like_one_for_one(capsys):
    log = Log()
    spec = SupervisorSpec("Simple", "simple_one_for_one", 3, 5, [
        ChildSpec("a", waiting_child(log, "a")),
        ChildSpec("b", waiting_child(log, "b"))])

    async def main():
        spawn_supervisor(spec)
        await Timer.sleep(10)
        tell("a", "crash")
        await Timer.sleep(30)

    assert run(main, capsys)[0] == 0
    assert log.lines == ["a start 1", "b start 1", "a stopped", "a start 2"]


def test_restart_types(capsys):
    log = Log()
    spec = SupervisorSpec("Types", "one_for_one", 10, 5, [
        ChildSpec("perm", waiting_child(log, "perm"), "permanent"),
        ChildSpec("trans", waiting_child(log, "trans"), "transient"),
        ChildSpec("temp", waiting_child(log, "temp"), "temporary")])

    async def main():
        spawn_supervisor(spec)
        await Timer.sleep(10)
        for name in ("perm", "trans", "temp"):     # normal exits
            tell(name, "stop")
        await Timer.sleep(20)
        for name in ("perm", "trans"):             # crashes
            found = Process.whereis(name)
            if found.alive:
                send(found, "crash")
        await Timer.sleep(20)

    assert run(main, capsys)[0] == 0
    assert log.starts == {"perm": 3,    # restarted after the normal exit and after the crash
                          "trans": 1,   # a normal exit is final for a transient child
                          "temp": 1}


def test_transient_child_is_restarted_after_a_crash_and_temporary_is_not(capsys):
    log = Log()
    spec = SupervisorSpec("Types", "one_for_one", 10, 5, [
        ChildSpec("trans", waiting_child(log, "trans"), "transient"),
        ChildSpec("temp", waiting_child(log, "temp"), "temporary")])

    async def main():
        spawn_supervisor(spec)
        await Timer.sleep(10)
        tell("trans", "crash")
        tell("temp", "crash")
        await Timer.sleep(20)

    assert run(main, capsys)[0] == 0
    assert log.starts == {"trans": 2, "temp": 1}


def test_brutal_kill_skips_terminate_and_shutdown_ms_runs_it(capsys):
    log = Log()
    spec = SupervisorSpec("Kill", "one_for_all", 3, 5, [
        ChildSpec("gentle", waiting_child(log, "gentle"), "permanent", 1000),
        ChildSpec("brutal", waiting_child(log, "brutal"), "permanent", "brutal_kill"),
        ChildSpec("trigger", waiting_child(log, "trigger"), "permanent", 1000)])

    async def main():
        spawn_supervisor(spec)
        await Timer.sleep(10)
        tell("trigger", "crash")
        await Timer.sleep(30)

    assert run(main, capsys)[0] == 0
    assert "gentle stopped" in log.lines
    assert "brutal stopped" not in log.lines
    assert log.starts == {"gentle": 2, "brutal": 2, "trigger": 2}


def test_shutdown_timeout_kills_a_child_whose_terminate_takes_too_long(capsys):
    log = Log()

    async def slow_to_stop(me):
        log.started("slow")
        try:
            await me.receive()
        finally:
            if not me.discarded:
                log.lines.append("slow terminating")
                await Timer.sleep(5000)
                log.lines.append("slow terminate finished")

    spec = SupervisorSpec("Slow", "one_for_all", 3, 5, [
        ChildSpec("slow", lambda: spawn_actor(slow_to_stop, ()), "permanent", 50),
        ChildSpec("trigger", waiting_child(log, "trigger"), "permanent", 50)])

    async def main():
        spawn_supervisor(spec)
        await Timer.sleep(10)
        tell("trigger", "crash")
        await Timer.sleep(200)

    t = time.monotonic()
    assert run(main, capsys)[0] == 0
    assert time.monotonic() - t < 2
    assert "slow terminating" in log.lines
    assert "slow terminate finished" not in log.lines
    assert log.starts == {"slow": 2, "trigger": 2}


def test_restart_window_forgets_old_restarts(capsys):
    # A child that crashes 350 ms after each start: 4 restarts in 1.4 s, but
    # never more than 3 within any 1 s window, so max_restarts=3 holds.
    log = Log()

    async def crashes_later(me):
        n = log.started("w")
        await Timer.sleep(350)
        if n <= 4:
            raise MeshPanic(f"crash {n}")

    spec = SupervisorSpec("Window", "one_for_one", 3, 1, [
        ChildSpec("w", lambda: spawn_actor(crashes_later, ()), "transient", 100)])

    status, out, err = run(lambda: spawn_supervisor(spec), capsys)
    assert status == 0
    assert log.starts == {"w": 5}
    assert "shutting down" not in err


def test_nested_supervisor_is_restarted_by_its_parent(capsys):
    log = Log()

    async def doomed(me):
        log.started("leaf")
        raise MeshPanic("leaf fails")

    inner = SupervisorSpec("Inner", "one_for_one", 1, 5, [
        ChildSpec("leaf", lambda: spawn_actor(doomed, ()), "permanent", 100)])

    def start_inner():
        log.started("inner")
        return spawn_supervisor(inner)

    outer = SupervisorSpec("Outer", "one_for_one", 1, 5, [
        ChildSpec("inner", start_inner, "permanent", 1000)])

    status, out, err = run(lambda: spawn_supervisor(outer), capsys)
    assert status == 0
    assert log.starts == {"inner": 2, "leaf": 4}
    assert "(supervisor Inner): child leaf died (leaf fails); more than 1 restarts" in err
    assert ("(supervisor Outer): child inner died (supervisor Inner reached its restart limit); "
            "more than 1 restarts") in err


def test_async_start_function_and_raw_messages_to_a_supervisor(capsys):
    log = Log()

    async def start_async():
        await Timer.sleep(5)
        return waiting_child(log, "a")()

    async def main():
        sup = spawn_supervisor(SupervisorSpec("S", children=[ChildSpec("a", start_async)]))
        await Timer.sleep(20)
        send(sup, "hello")
        await Timer.sleep(5)

    status, out, err = run(main, capsys)
    assert status == 0
    assert log.lines == ["a start 1"]
    assert "warning: #PID<2> (supervisor S) ignored a message" in err


def test_a_start_function_that_panics_crashes_the_supervisor(capsys):
    def bad_start():
        raise MeshPanic("cannot start")

    async def main():
        sup = spawn_supervisor(SupervisorSpec("S", children=[ChildSpec("a", bad_start)]))
        await Timer.sleep(10)
        print("supervisor alive:", sup.alive)

    status, out, err = run(main, capsys)
    assert (status, out) == (0, "supervisor alive: False\n")
    assert "panic in #PID<2> (supervisor S): cannot start" in err


def test_spec_validation():
    import pytest
    with pytest.raises(ValueError):
        SupervisorSpec("S", "one_for_some")
    with pytest.raises(ValueError):
        ChildSpec("c", lambda: None, "sometimes")
    with pytest.raises(ValueError):
        ChildSpec("c", lambda: None, "permanent", "soon")
    assert TIMEOUT is not None
