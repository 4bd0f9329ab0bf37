"""Services: ``class S(Service)`` with static handlers, ``start_service``,
``call``, ``cast`` (runtime contract section 6; language reference 8.1, 11.3).

The generated client API is written by hand the way the compiler emits it:
``S.start`` runs ``init`` in the caller, then ``start_service``; a call
client is ``async def`` and awaits ``call``; a cast client is plain.
"""

import time

from meshpy.runtime.actors import (Service, Timer, call, cast, run_program, send,
                                   spawn_actor, start_service)
from meshpy.runtime.panic import MeshPanic


def run(main, capsys):
    status = run_program(main)
    out, err = capsys.readouterr()
    return status, out, err


class Counter(Service):
    @staticmethod
    def init(start):
        return start

    @staticmethod
    def handle_get(n):
        return (n, n)

    @staticmethod
    def handle_add(n, k):
        return (n + k, n + k)

    @staticmethod
    def handle_inc(n):
        return n + 1

    @staticmethod
    def handle_reset(_n):
        return 0

    # the client API
    @staticmethod
    def start(start):
        return start_service(Counter, Counter.init(start))

    @staticmethod
    async def get(pid):
        return await call(pid, Counter.handle_get, ())

    @staticmethod
    async def add(pid, k):
        return await call(pid, Counter.handle_add, (k,))

    @staticmethod
    def inc(pid):
        return cast(pid, Counter.handle_inc, ())

    @staticmethod
    def reset(pid):
        return cast(pid, Counter.handle_reset, ())


def test_counter_call_and_cast(capsys):
    async def main():
        c = Counter.start(5)
        print(await Counter.get(c))
        print(await Counter.add(c, 10))
        print(await Counter.add(c, 1))
        assert Counter.reset(c) is None
        print(await Counter.get(c))

    assert run(main, capsys) == (0, "5\n15\n16\n0\n", "")


def test_two_instances_are_independent(capsys):
    async def main():
        a = Counter.start(0)
        b = Counter.start(100)
        Counter.inc(a)
        Counter.inc(b)
        Counter.inc(b)
        print(f"{await Counter.get(a)} {await Counter.get(b)}")

    assert run(main, capsys) == (0, "1 102\n", "")


class KV(Service):
    """A key-value store whose state is a dict that is never mutated."""

    @staticmethod
    def handle_put(m, k, v):
        return {**m, k: v}

    @staticmethod
    def handle_get(m, k):
        return (m, m.get(k, "<none>"))

    @staticmethod
    def handle_delete(m, k):
        return {key: v for key, v in m.items() if key != k}

    @staticmethod
    def handle_size(m):
        return (m, len(m))


def test_key_value_service(capsys):
    async def main():
        kv = start_service(KV, {})
        cast(kv, KV.handle_put, ("a", "1"))
        cast(kv, KV.handle_put, ("b", "2"))
        cast(kv, KV.handle_put, ("a", "3"))
        print(await call(kv, KV.handle_get, ("a",)), await call(kv, KV.handle_size, ()))
        cast(kv, KV.handle_delete, ("a",))
        print(await call(kv, KV.handle_get, ("a",)), await call(kv, KV.handle_get, ("b",)))

    assert run(main, capsys) == (0, "3 2\n<none> 2\n", "")


class Digits(Service):
    @staticmethod
    def handle_push(acc, d):
        return acc * 10 + d

    @staticmethod
    def handle_value(acc):
        return (acc, acc)


def test_cast_then_call_are_processed_in_order(capsys):
    async def main():
        d = start_service(Digits, 0)
        for i in (1, 2, 3):
            cast(d, Digits.handle_push, (i,))
        print(await call(d, Digits.handle_value, ()))
        cast(d, Digits.handle_push, (4,))
        print(await call(d, Digits.handle_value, ()))

    assert run(main, capsys) == (0, "123\n1234\n", "")


class Inner(Service):
    @staticmethod
    def handle_read(n):
        return (n, n)


class Outer(Service):
    @staticmethod
    async def handle_relay(s, inner):      # a handler that calls is async
        return (s + 1, await call(inner, Inner.handle_read, ()) * 2)


def test_service_calling_another_service(capsys):
    async def main():
        i = start_service(Inner, 7)
        o = start_service(Outer, 0)
        print(await call(o, Outer.handle_relay, (i,)))
        print(await call(o, Outer.handle_relay, (i,)))

    assert run(main, capsys) == (0, "14\n14\n", "")


def test_actor_calls_and_casts_to_a_service(capsys):
    async def client(me):
        svc = await me.receive()
        Counter.inc(svc)
        Counter.inc(svc)
        print(f"client sees {await Counter.get(svc)}")

    async def main():
        c = Counter.start(0)
        Counter.inc(c)
        print(f"main sees {await Counter.get(c)}")
        send(spawn_actor(client, ()), c)

    assert run(main, capsys) == (0, "main sees 1\nclient sees 3\n", "")


class Slow(Service):
    @staticmethod
    async def handle_work(n, ms, tag):
        print(f"start {tag}")
        await Timer.sleep(ms)
        print(f"end {tag}")
        return n + 1

    @staticmethod
    async def handle_slow_call(n, ms, tag):
        print(f"start {tag}")
        await Timer.sleep(ms)
        print(f"end {tag}")
        return (n + 1, n)

    @staticmethod
    def handle_done(n):
        return (n, n)


def test_one_request_at_a_time_even_when_handlers_sleep(capsys):
    async def caller(me, svc, tag):
        r = await call(svc, Slow.handle_slow_call, (30, tag))
        print(f"{tag} got {r}")

    async def main():
        s = start_service(Slow, 0)
        cast(s, Slow.handle_work, (30, "cast1"))
        spawn_actor(caller, (s, "callA"))
        spawn_actor(caller, (s, "callB"))
        await Timer.sleep(5)
        print(f"done {await call(s, Slow.handle_done, ())}")

    status, out, err = run(main, capsys)
    assert (status, err) == (0, "")
    lines = out.splitlines()
    # handlers never overlap and run in mailbox order
    assert lines[:2] == ["start cast1", "end cast1"]
    assert lines[2:5] == ["start callA", "end callA", "callA got 1"] or \
        lines[2:5] == ["start callA", "end callA", "start callB"]
    assert lines[-1] == "done 3"
    starts = [line for line in lines if line.startswith("start")]
    assert starts == ["start cast1", "start callA", "start callB"]


def test_main_exits_with_an_idle_service(capsys):
    async def main():
        s = Counter.start(0)
        print(await Counter.get(s))
        print("main done")

    t = time.monotonic()
    assert run(main, capsys) == (0, "0\nmain done\n", "")
    assert time.monotonic() - t < 1


def test_many_calls(capsys):
    async def main():
        a = Counter.start(0)
        last = 0
        for _ in range(20_000):
            last = await Counter.add(a, 1)
        print(last)

    assert run(main, capsys) == (0, "20000\n", "")


class Tally(Service):
    @staticmethod
    def handle_add(total, step):
        return total + step

    @staticmethod
    def handle_current(total):
        return (total, total)


def test_a_hundred_thousand_casts_then_a_call(capsys):
    def pump(pid, i, n):          # a plain tail-recursive loop: never yields
        while True:
            if i <= n:
                cast(pid, Tally.handle_add, (i,))
                i, n = i + 1, n
            else:
                return n

    async def main():
        pid = start_service(Tally, 0)
        n = pump(pid, 1, 100_000)
        print(f"casts={n} total={await call(pid, Tally.handle_current, ())}")

    assert run(main, capsys) == (0, "casts=100000 total=5000050000\n", "")


def test_raw_message_to_a_service_is_ignored_with_a_warning(capsys):
    async def main():
        c = Counter.start(1)
        send(c, "not a request")
        Timer.send_after(c, 5, 42)
        send(c, (1, 2, 3, 4, 5))
        await Timer.sleep(20)
        print(await Counter.get(c))

    status, out, err = run(main, capsys)
    assert (status, out) == (0, "1\n")
    assert err.count("warning: #PID<2> (service Counter) ignored a message that is not a service request") == 3
    assert "not a request" in err


def test_call_with_a_handler_of_another_service_panics_the_caller(capsys):
    async def main():
        c = Counter.start(1)
        await call(c, KV.handle_size, ())

    status, out, err = run(main, capsys)
    assert status == 134
    assert "is not one of its handlers" in err


def test_state_of_any_type_and_plain_or_async_handlers(capsys):
    class Stack(Service):
        @staticmethod
        def handle_push(xs, v):
            return [*xs, v]

        @staticmethod
        async def handle_top(xs):
            return (xs, xs[-1])

        @staticmethod
        def handle_sum(xs):
            return (xs, sum(xs))

    async def main():
        s = start_service(Stack, [])
        for v in (4, 5, 6):
            cast(s, Stack.handle_push, (v,))
        print(await call(s, Stack.handle_top, ()), await call(s, Stack.handle_sum, ()))

    assert run(main, capsys) == (0, "6 15\n", "")


# --------------------------------------------------------------------------
# failures


class Fragile(Service):
    @staticmethod
    def handle_crash(n):
        raise MeshPanic("list head of empty list")

    @staticmethod
    def handle_crash_cast(n):
        raise MeshPanic("cast went wrong")

    @staticmethod
    async def handle_slow_crash(n):
        await Timer.sleep(20)
        raise MeshPanic("slow crash")

    @staticmethod
    def handle_get(n):
        return (n, n)


def test_call_to_a_dead_service_panics_the_caller(capsys):
    async def main():
        f = start_service(Fragile, 0)
        cast(f, Fragile.handle_crash_cast, ())
        await Timer.sleep(10)
        print("before")
        await call(f, Fragile.handle_get, ())
        print("never")

    status, out, err = run(main, capsys)
    assert (status, out) == (134, "before\n")
    assert "panic in #PID<2> (service Fragile): cast went wrong" in err
    assert "panic: call to dead process #PID<2> (service Fragile)" in err


def test_service_dying_while_handling_a_call_panics_the_caller(capsys):
    async def client(me, svc):
        try:
            await call(svc, Fragile.handle_crash, ())
        finally:
            if not me.discarded:
                print("client terminate ran")

    async def main():
        f = start_service(Fragile, 0)
        spawn_actor(client, (f,))
        await Timer.sleep(30)
        print("main continues")

    status, out, err = run(main, capsys)
    assert (status, out) == (0, "client terminate ran\nmain continues\n")
    assert "panic in #PID<2> (service Fragile): list head of empty list" in err
    assert "panic in #PID<3> (actor client): call to dead process #PID<2> (service Fragile)" in err


def test_queued_callers_all_panic_when_the_service_dies(capsys):
    async def client(me, svc, k):
        await call(svc, Fragile.handle_get, ())
        print(f"client {k} must not get a reply")

    async def main():
        f = start_service(Fragile, 0)
        cast(f, Fragile.handle_slow_crash, ())
        for k in range(3):
            spawn_actor(client, (f, k))
        await Timer.sleep(100)
        print("main continues")

    status, out, err = run(main, capsys)
    assert (status, out) == (0, "main continues\n")
    assert err.count("call to dead process #PID<2> (service Fragile)") == 3


def test_deadlock_between_services_panics_main(capsys):
    class A(Service):
        @staticmethod
        async def handle_ping(s, other):
            return (s, await call(other, B.handle_pong, ()))

    class B(Service):
        @staticmethod
        async def handle_pong(s):
            return (s, await call(s, A.handle_ping, (None,)))

    async def main():
        a = start_service(A, 0)
        b = start_service(B, a)
        print("calling")
        await call(a, A.handle_ping, (b,))

    t = time.monotonic()
    status, out, err = run(main, capsys)
    assert (status, out) == (134, "calling\n")
    assert "panic: deadlock: main is waiting for a reply from #PID<2> (service A)" in err
    assert time.monotonic() - t < 2


def test_service_calling_itself_panics(capsys):
    class Selfish(Service):
        @staticmethod
        async def handle_me(s, me):
            return (s, await call(me, Selfish.handle_me, (me,)))

    async def main():
        s = start_service(Selfish, 0)
        await call(s, Selfish.handle_me, (s,))

    status, out, err = run(main, capsys)
    assert status == 134
    assert "panic in #PID<2> (service Selfish): deadlock: #PID<2> (service Selfish) called itself" in err
    assert "panic: call to dead process #PID<2> (service Selfish)" in err


def test_main_waiting_on_a_job_that_never_ends_is_a_deadlock(capsys):
    from meshpy.runtime.actors import Job

    async def main():
        await Job.await_(spawn_actor(_never, ()))

    t = time.monotonic()
    status, out, err = run(main, capsys)
    assert status == 134
    assert "panic: deadlock: main is waiting for #PID<2> (actor _never) to finish" in err
    assert time.monotonic() - t < 2


async def _never(me):
    await me.receive()
