"""Processes, mailboxes, timers and program termination
(meshpy/runtime/actors.py; runtime contract section 6; language reference 11).

The "emitted" code is written by hand in the shape the compiler produces:
actors are ``async def actor(me, *args)``, self tail calls are ``while True``
loops that call ``await yield_now()`` now and then, terminate clauses are
``finally: if not me.discarded: …``.
"""

import subprocess
import sys
import time

import pytest

from meshpy.runtime import actors
from meshpy.runtime.actors import (TIMEOUT, Job, Process, Timer, link, run_program, send,
                                   spawn_actor, spawn_fn, yield_now)
from meshpy.runtime.values import NONE, Some
from waiting import readline

ROOT = __file__.rsplit("/tests/", 1)[0]


def run(main, capsys):
    status = run_program(main)
    out, err = capsys.readouterr()
    return status, out, err


def run_subprocess(code, timeout=60):
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       timeout=timeout, cwd=ROOT)
    return p.returncode, p.stdout, p.stderr


def test_hub_exports_exactly_the_contract_names():
    assert sorted(actors.__all__) == sorted([
        "Process", "spawn_actor", "spawn_fn", "spawn_supervisor", "send", "link",
        "Service", "call", "cast", "start_service", "SupervisorSpec", "ChildSpec",
        "TIMEOUT", "run_program", "yield_now", "Timer", "Job"])
    for name in actors.__all__:
        assert hasattr(actors, name)


def test_prelude_carries_the_concurrency_api():
    from meshpy.runtime import prelude
    for name in actors.__all__:
        assert name in prelude.__all__
        assert getattr(prelude, name) is getattr(actors, name)
    assert callable(Process.register) and callable(Process.whereis)
    assert callable(Process.monitor) and callable(Process.demonitor)
    assert callable(Job.async_) and callable(Job.await_)


# --------------------------------------------------------------------------
# messages


def test_ping_pong(capsys):
    async def ponger(me):
        frm = await me.receive()
        send(frm, "pong")

    async def pinger(me):
        p = spawn_actor(ponger, ())
        send(p, me)
        reply = await me.receive()
        print("pinger got " + reply)

    def main():
        spawn_actor(pinger, ())

    assert run(main, capsys) == (0, "pinger got pong\n", "")


def test_many_round_trips_between_two_actors(capsys):
    async def ponger(me):
        while True:
            frm, n = await me.receive()
            send(frm, n + 1)

    async def pinger(me, peer, rounds):
        n = 0
        i = 0
        while i < rounds:
            send(peer, (me, n))
            n = await me.receive()
            i += 1
        print(f"n={n}")

    def main():
        peer = spawn_actor(ponger, ())
        spawn_actor(pinger, (peer, 20_000))

    assert run(main, capsys) == (0, "n=20000\n", "")


def test_spawn_returns_the_pid_at_once_and_passes_arguments(capsys):
    async def greeter(me, greeting, times):
        name = await me.receive()
        for _ in range(times):
            print(f"{greeting}, {name} from {me}")

    def main():
        p = spawn_actor(greeter, ("hello", 2))
        assert isinstance(p, Process) and p.alive
        print(f"spawned {p}")
        send(p, "world")

    status, out, _ = run(main, capsys)
    assert status == 0
    assert out == "spawned #PID<2>\nhello, world from #PID<2>\nhello, world from #PID<2>\n"


def test_mailbox_is_fifo(capsys):
    got = []

    async def collector(me, n):
        for _ in range(n):
            got.append(await me.receive())

    def main():
        p = spawn_actor(collector, (1000,))
        for i in range(1000):
            send(p, i)

    assert run(main, capsys)[0] == 0
    assert got == list(range(1000))


def test_fifo_per_sender_with_two_senders_interleaving(capsys):
    got = []

    async def sink(me):
        while True:
            got.append(await me.receive())

    async def producer(me, sink_pid, tag):
        for i in range(200):
            send(sink_pid, (tag, i))
            if i % 7 == 0:
                await yield_now()

    def main():
        s = spawn_actor(sink, ())
        spawn_actor(producer, (s, "a"))
        spawn_actor(producer, (s, "b"))

    assert run(main, capsys)[0] == 0
    assert [i for t, i in got if t == "a"] == list(range(200))
    assert [i for t, i in got if t == "b"] == list(range(200))


def test_send_to_a_dead_process_is_dropped_and_reported_once(capsys):
    async def quick(me):
        return None

    async def main():
        p = spawn_actor(quick, ())
        await Timer.sleep(10)
        assert not p.alive
        send(p, "nobody listens")
        send(p, "nor now")
        print("still fine")

    status, out, err = run(main, capsys)
    assert (status, out) == (0, "still fine\n")
    assert err == ("warning: a message to dead process #PID<2> (actor quick) was lost "
                   "(later ones to it are not reported)\n")


def test_messages_queued_in_a_crashing_process_are_reported_lost(capsys):
    async def fragile(me):
        await me.receive()
        raise ValueError("boom")

    async def main():
        p = spawn_actor(fragile, ())
        for m in ("a", "b", "c"):
            send(p, m)
        await Timer.sleep(20)

    status, out, err = run(main, capsys)
    assert status == 0
    assert "warning: 2 messages in the mailbox of #PID<2> (actor fragile) were lost when it died\n" in err


def test_message_sent_before_the_actor_starts_is_received(capsys):
    async def echo(me):
        print(await me.receive())

    def main():
        send(spawn_actor(echo, ()), "early")

    assert run(main, capsys) == (0, "early\n", "")


def test_spawn_fn_runs_plain_and_async_closures(capsys):
    async def main():
        spawn_fn(lambda: print("plain closure"))

        async def body():
            await Timer.sleep(5)
            print("async closure")
        spawn_fn(body)

    status, out, _ = run(main, capsys)
    assert status == 0
    assert sorted(out.splitlines()) == ["async closure", "plain closure"]


def test_actors_spawning_actors_and_a_thousand_workers(capsys):
    async def worker(me):
        n = await me.receive()
        if n == 999:
            print(f"last worker got {n}")

    async def spawner(me):
        for i in range(1000):
            send(spawn_actor(worker, ()), i)

    def main():
        print("spawning")
        spawn_actor(spawner, ())

    assert run(main, capsys) == (0, "spawning\nlast worker got 999\n", "")


# --------------------------------------------------------------------------
# receive with a timeout


def test_receive_timeout_gets_a_message_that_arrives_in_time(capsys):
    async def waiter(me):
        msg = await me.receive_timeout(5000)
        print("timed out" if msg is TIMEOUT else "got " + msg)

    async def main():
        p = spawn_actor(waiter, ())
        await Timer.sleep(30)
        send(p, "quick")

    t = time.monotonic()
    assert run(main, capsys) == (0, "got quick\n", "")
    assert time.monotonic() - t < 2


def test_receive_timeout_honours_the_timeout_while_the_program_is_busy(capsys):
    async def waiter(me):
        t = time.monotonic()
        msg = await me.receive_timeout(100)
        elapsed = time.monotonic() - t
        print(f"waiter: {'timeout' if msg is TIMEOUT else msg} after >=100ms: {elapsed >= 0.099}")

    async def main():
        spawn_actor(waiter, ())
        await Timer.sleep(300)      # main keeps the program busy: no early firing
        print("main woke")

    assert run(main, capsys) == (0, "waiter: timeout after >=100ms: True\nmain woke\n", "")


def test_receive_timeout_zero_polls(capsys):
    async def poller(me):
        first = await me.receive_timeout(0)
        send(me, "self-sent")
        second = await me.receive_timeout(0)
        third = await me.receive_timeout(-1)
        print(first is TIMEOUT, second, third is TIMEOUT)

    assert run(lambda: spawn_actor(poller, ()), capsys) == (0, "True self-sent True\n", "")


def test_timed_receive_fires_early_when_nothing_else_can_run(capsys):
    # language reference 11.6 / actors/terminate_at_exit: the reference wakes
    # a pending timed receive at wind-down; so do we (no 2 s wait).
    async def waiter(me):
        try:
            msg = await me.receive_timeout(2000)
            print("after fired" if msg is TIMEOUT else f"got {msg}")
        finally:
            if not me.discarded:
                print("terminate ran")

    def main():
        spawn_actor(waiter, ())
        print("main done")

    t = time.monotonic()
    assert run(main, capsys) == (0, "main done\nafter fired\nterminate ran\n", "")
    assert time.monotonic() - t < 1


def test_timed_receive_loop_reuses_its_timer_and_still_times_out(capsys):
    async def counter(me):
        n = 0
        while True:
            msg = await me.receive_timeout(50)
            if msg is TIMEOUT:
                print(f"counted {n}")
                return
            n += msg

    async def main():
        p = spawn_actor(counter, ())
        for _ in range(100):
            send(p, 1)
            await Timer.sleep(0)
            await yield_now()
        await Timer.sleep(200)
        print("main done")

    assert run(main, capsys) == (0, "counted 100\nmain done\n", "")


# --------------------------------------------------------------------------
# loops


def test_actor_loop_of_a_million_iterations_in_constant_stack(capsys):
    def depth():
        f = sys._getframe()
        n = 0
        while f is not None:
            n += 1
            f = f.f_back
        return n

    async def looper(me, n, acc):
        start = depth()
        i = 0
        while True:                      # the compiled self tail call
            if n == 0:
                print(f"acc={acc} depth_same={depth() == start}")
                return me
            send(me, n)                  # a receive in every iteration
            m = await me.receive()
            n, acc = n - 1, acc + m
            i += 1
            if not i & 4095:
                await yield_now()

    t = time.monotonic()
    assert run(lambda: spawn_actor(looper, (1_000_000, 0)), capsys) == (
        0, "acc=500000500000 depth_same=True\n", "")
    assert time.monotonic() - t < 20


def test_yield_now_lets_other_processes_run(capsys):
    order = []

    async def busy(me, tag):
        for i in range(3):
            order.append(tag)
            await yield_now()

    def main():
        spawn_actor(busy, ("a",))
        spawn_actor(busy, ("b",))

    assert run(main, capsys)[0] == 0
    assert order == ["a", "b", "a", "b", "a", "b"]


# --------------------------------------------------------------------------
# timers


def test_timer_sleep_in_main(capsys):
    async def main():
        print("a")
        t = time.monotonic()
        await Timer.sleep(30)
        assert time.monotonic() - t >= 0.029
        print("b")
        t = time.monotonic()
        await Timer.sleep(0)
        await Timer.sleep(-5)
        assert time.monotonic() - t < 1  # no wait (whole seconds: a loaded machine is slow anyway)
        print("c")

    assert run(main, capsys) == (0, "a\nb\nc\n", "")


def test_sleep_suspends_only_the_caller(capsys):
    async def sleeper(me):
        await Timer.sleep(100)
        print("sleeper woke")

    async def chatter(me):
        print("chatter runs while the sleeper sleeps")

    def main():
        spawn_actor(sleeper, ())
        spawn_actor(chatter, ())

    assert run(main, capsys) == (
        0, "chatter runs while the sleeper sleeps\nsleeper woke\n", "")


def test_send_after(capsys):
    async def alarm(me):
        print("alarm: " + await me.receive())

    async def main():
        p = spawn_actor(alarm, ())
        Timer.send_after(p, 50, "wake up")
        print("scheduled")
        await Timer.sleep(200)
        print("main done")

    assert run(main, capsys) == (0, "scheduled\nalarm: wake up\nmain done\n", "")


# --------------------------------------------------------------------------
# termination (language reference 11.6)


def test_exits_when_every_actor_idles_without_running_terminate(capsys):
    async def idler(me):
        try:
            print("got", await me.receive())
        finally:
            if not me.discarded:
                print("terminate must not run at exit")

    def main():
        for _ in range(3):
            spawn_actor(idler, ())
        print("main done")

    t = time.monotonic()
    assert run(main, capsys) == (0, "main done\n", "")
    assert time.monotonic() - t < 1


def test_main_returns_and_the_actor_still_finishes(capsys):
    async def slow_printer(me):
        msg = await me.receive()
        await Timer.sleep(100)
        print("slow done: " + msg)

    def main():
        send(spawn_actor(slow_printer, ()), "job")
        print("main returning")

    assert run(main, capsys) == (0, "main returning\nslow done: job\n", "")


def test_a_sleeping_actor_keeps_the_program_alive(capsys):
    async def sleeper(me):
        for i in range(3):
            await Timer.sleep(60)
            print(f"tick {i}")

    t = time.monotonic()
    assert run(lambda: spawn_actor(sleeper, ()), capsys) == (0, "tick 0\ntick 1\ntick 2\n", "")
    assert time.monotonic() - t >= 0.17


def test_a_pending_send_after_keeps_the_program_alive(capsys):
    async def alarm(me):
        print("alarm: " + await me.receive())

    def main():
        Timer.send_after(spawn_actor(alarm, ()), 150, "late")
        print("main done")

    t = time.monotonic()
    assert run(main, capsys) == (0, "main done\nalarm: late\n", "")
    assert time.monotonic() - t >= 0.14


def test_terminate_clause_runs_on_normal_exit(capsys):
    async def worker(me):
        try:
            print("handling " + await me.receive())
        finally:
            if not me.discarded:
                print("terminating")

    def main():
        send(spawn_actor(worker, ()), "task")

    assert run(main, capsys) == (0, "handling task\nterminating\n", "")


def test_run_program_twice_in_one_interpreter(capsys):
    async def echo(me):
        print(await me.receive())

    for word in ("one", "two"):
        assert run(lambda: send(spawn_actor(echo, ()), word), capsys) == (0, word + "\n", "")


def test_spawn_outside_a_program_is_an_error():
    async def nothing(me):
        pass

    with pytest.raises(RuntimeError):
        spawn_actor(nothing, ())


def test_main_as_coroutine_function_and_plain_function_return_zero(capsys):
    async def amain():
        return 5

    assert run(amain, capsys) == (0, "", "")
    assert run(lambda: 7, capsys) == (0, "", "")


# --------------------------------------------------------------------------
# registry and monitors


def test_register_and_whereis(capsys):
    async def named(me):
        print("register", Process.register("echo", me))
        print("echo got " + await me.receive())

    async def main():
        print(Process.whereis("echo").alive)       # the null pid
        p = spawn_actor(named, ())
        await Timer.sleep(5)
        found = Process.whereis("echo")
        print(found is p)
        send(found, "hi")
        await Timer.sleep(5)
        print(Process.whereis("echo").id)          # gone with the process: null pid

    assert run(main, capsys) == (0, "False\nregister 0\nTrue\necho got hi\n0\n", "")


def test_register_a_taken_name_fails(capsys):
    async def holder(me):
        Process.register("x", me)
        await me.receive()

    async def main():
        first = spawn_actor(holder, ())
        await Timer.sleep(5)
        print(Process.register("x", spawn_actor(holder, ())))
        print(Process.whereis("x") is first)
        print(Process.register("y", Process.whereis("nobody")))

    assert run(main, capsys) == (0, "1\nTrue\n1\n", "")


def test_monitor_delivers_down_messages(capsys):
    async def short(me):
        await me.receive()

    async def crasher(me):
        await me.receive()
        raise ValueError("bad value")

    async def watcher(me, a, b):
        ra = Process.monitor(a)
        rb = Process.monitor(b)
        send(a, "go")
        send(b, "go")
        for _ in range(2):
            tag, ref, pid, reason = await me.receive()
            print(tag, "a" if (ref, pid) == (ra, a) else "b" if (ref, pid) == (rb, b) else "?", reason)
        dead = Process.monitor(a)
        print(await me.receive() == ("DOWN", dead, a, "noproc"))

    def main():
        spawn_actor(watcher, (spawn_actor(short, ()), spawn_actor(crasher, ())))

    status, out, err = run(main, capsys)
    assert status == 0
    assert out == "DOWN a normal\nDOWN b ValueError: bad value\nTrue\n"
    assert "panic in #PID<3> (actor crasher): ValueError: bad value" in err


def test_demonitor_stops_the_down_message(capsys):
    async def short(me):
        await me.receive()

    async def watcher(me, a):
        ref = Process.monitor(a)
        assert Process.demonitor(ref) is None
        send(a, "go")
        msg = await me.receive_timeout(100)
        print("no DOWN" if msg is TIMEOUT else f"unexpected {msg}")

    def main():
        spawn_actor(watcher, (spawn_actor(short, ()),))

    assert run(main, capsys) == (0, "no DOWN\n", "")


# --------------------------------------------------------------------------
# links


def test_link_between_processes_that_exit_normally_has_no_effect(capsys):
    async def partner(me):
        print(f"partner got {await me.receive()}")

    async def linker(me):
        p = spawn_actor(partner, ())
        link(me, p)
        send(p, 5)

    assert run(lambda: spawn_actor(linker, ()), capsys) == (0, "partner got 5\n", "")


def test_a_crash_kills_linked_processes_but_not_the_others(capsys):
    async def victim(me, tag):
        try:
            await me.receive()
            print(f"{tag} must not get here")
        finally:
            if not me.discarded:
                print(f"{tag} terminate ran")

    async def crasher(me, partner, chained):
        link(me, partner)
        link(partner, chained)          # crasher - partner - chained
        await Timer.sleep(10)
        raise ZeroDivisionError("division by zero")

    async def bystander(me):
        await Timer.sleep(50)
        print("bystander fine")

    def main():
        a = spawn_actor(victim, ("partner",))
        b = spawn_actor(victim, ("chained",))
        spawn_actor(crasher, (a, b))
        spawn_actor(bystander, ())

    status, out, err = run(main, capsys)
    assert status == 0
    assert sorted(out.splitlines()) == ["bystander fine", "chained terminate ran", "partner terminate ran"]
    assert "panic in #PID<4> (actor crasher): ZeroDivisionError: division by zero" in err
    assert "exit in #PID<2> (actor victim): linked process #PID<4> (actor crasher) died" in err
    assert "exit in #PID<3> (actor victim): linked process #PID<2> (actor victim) died" in err


# --------------------------------------------------------------------------
# jobs


def test_job_async_await(capsys):
    async def main():
        p = Job.async_(lambda: 6 * 7)
        r = await Job.await_(p)
        print(f"job {r.value}" if r.__class__.__name__ == "Ok" else "job failed")

    assert run(main, capsys) == (0, "job 42\n", "")


def test_job_crash_is_an_err_and_does_not_kill_the_caller(capsys):
    async def main():
        def boom():
            raise RuntimeError("exploded")
        r = await Job.await_(Job.async_(boom))
        print(type(r).__name__, r.value)
        print("caller alive")

    status, out, err = run(main, capsys)
    assert (status, out) == (0, "Err RuntimeError: exploded\ncaller alive\n")
    assert "panic in #PID<2> (job): RuntimeError: exploded" in err


def test_job_await_timeout(capsys):
    async def main():
        async def slow():
            await Timer.sleep(300)
            return "late"
        p = Job.async_(slow)
        r = await Job.await_timeout(p, 30)
        print(type(r).__name__, r.value)
        r = await Job.await_timeout(p, 2000)
        print(type(r).__name__, r.value)
        r = await Job.await_timeout(p, 10)       # already finished
        print(type(r).__name__, r.value)

    assert run(main, capsys) == (0, "Err timeout\nOk late\nOk late\n", "")


def test_job_map_runs_concurrently_and_keeps_the_order(capsys):
    log = []

    async def main():
        async def slow_square(x):
            log.append(f"start {x}")
            await Timer.sleep(200 - 40 * x)      # the last element finishes first
            log.append(f"end {x}")
            return x * x
        rs = await Job.map([1, 2, 3, 4], slow_square)
        # concurrently: every job starts before any ends (one after another: start 1, end 1, …)
        print([r.value for r in rs], all(e.startswith("start") for e in log[:4]))
        rs = await Job.map([1, 0, 2], lambda x: 10 // x)
        print([type(r).__name__ for r in rs], rs[0].value, rs[2].value)

    status, out, err = run(main, capsys)
    assert (status, out) == (0, "[1, 4, 9, 16] True\n['Ok', 'Err', 'Ok'] 10 5\n")
    assert "ZeroDivisionError" in err


def test_job_is_killed_when_its_caller_crashes(capsys):
    async def owner(me):
        async def forever():
            try:
                await Timer.sleep(10_000)
            finally:
                print("job stopped")
        Job.async_(forever)
        await Timer.sleep(20)
        raise RuntimeError("owner crashed")

    t = time.monotonic()
    status, out, err = run(lambda: spawn_actor(owner, ()), capsys)
    assert (status, out) == (0, "job stopped\n")
    assert time.monotonic() - t < 2


# --------------------------------------------------------------------------
# Ctrl-C


@pytest.mark.parametrize("body", [
    "while True:\n        await yield_now()",       # a busy actor loop that yields
    "await Timer.sleep(100_000)",                     # a sleeping actor
    "while True:\n        pass",                      # a loop that never yields
])
def test_ctrl_c_ends_the_program_promptly(body):
    code = f"""
import os, signal, sys
from meshpy.runtime.actors import *

async def spinner(me):
    {body}

async def main():
    spawn_actor(spinner, ())
    print("ready", flush=True)
    Timer.send_after(spawn_actor(lambda me: me.receive(), ()), 100_000, 1)
    await Timer.sleep(100_000)

sys.exit(run_program(main))
"""
    p = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, cwd=ROOT)
    assert readline(p.stdout, 60, "ready") == "ready\n"
    time.sleep(0.2)
    t = time.monotonic()
    p.send_signal(2)
    try:
        p.wait(timeout=10)
    finally:
        p.kill()
    assert time.monotonic() - t < 3
    assert p.returncode == 130, p.communicate(timeout=10)[1]


def test_a_ticker_looping_on_timed_receives_keeps_its_pace_after_main_returns(capsys):
    # Only the first timeout is cut short at wind-down; after that the loop's
    # timeouts are honoured (it neither spins nor is dropped). Timeouts of
    # 1.5 s keep "early" (well under a second) apart from "honoured" on a
    # loaded machine.
    async def ticker(me, n):
        t0 = time.monotonic()
        stamps = []
        while n > 0:
            msg = await me.receive_timeout(1500)
            assert msg is TIMEOUT
            stamps.append(time.monotonic() - t0)
            n -= 1
        print(f"first early: {stamps[0] < 1}, then paced: "
              f"{all(b - a >= 1.49 for a, b in zip(stamps, stamps[1:]))}, ticks: {len(stamps)}")

    def main():
        spawn_actor(ticker, (3,))

    assert run(main, capsys) == (0, "first early: True, then paced: True, ticks: 3\n", "")


def test_processes_killed_before_they_start_never_run(capsys):
    async def victim(me):
        try:
            print("victim must not run")
        finally:
            print("victim finally must not run")

    async def owner(me):
        Job.async_(lambda: print("job must not run"))
        raise RuntimeError("owner crashed at once")

    async def linker(me):
        link(me, spawn_actor(victim, ()))
        raise RuntimeError("crashed before the victim started")

    async def main():
        spawn_actor(owner, ())
        spawn_actor(linker, ())
        await Timer.sleep(20)
        print("main done")

    status, out, err = run(main, capsys)
    assert (status, out) == (0, "main done\n")
    assert "exit in #PID<4> (job): linked process #PID<2> (actor owner) died" in err
    assert "exit in #PID<5> (actor victim): linked process #PID<3> (actor linker) died" in err
