"""Benchmark of the concurrency runtime (meshpy/runtime/actors.py) against
plain asyncio doing the same work, measured in one run.

    .venv/bin/python bench/runtime_bench.py            # full sizes
    .venv/bin/python bench/runtime_bench.py --quick    # smaller, for a smoke test

Workloads (the Mesh side is written the way the compiler emits it):

1. ping-pong: two actors pass a message back and forth, vs two asyncio tasks
   on asyncio.Queue mailboxes.
2. ping_pong program shape (bench-programs/ping_pong): an actor casts
   Ball(self, court) to a service and waits in ``receive … after 1000``; the
   service sends the court's pid back; vs python-baselines/ping_pong.py.
3. service calls: main makes synchronous calls to a counter service, vs a
   server task on an asyncio.Queue answering through futures
   (python-baselines/svc_calls.py), and vs a bare future hand-off with no
   queue at all.
4. spawn 100,000 actors that each receive one message (the sink service's
   pid) and cast to the sink, vs python-baselines/spawn_100k.py; each run in
   its own subprocess, reporting wall time and peak RSS.

Each in-process workload runs several times alternately with its baseline;
the best rate of each is reported, with the ratio runtime/baseline.
"""

import argparse
import asyncio
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from meshpy.runtime.actors import (TIMEOUT, Service, call, cast, run_program,  # noqa: E402
                                   send, spawn_actor, start_service, yield_now)


# --------------------------------------------------------------------------
# 1. ping-pong between two actors

def mesh_ping_pong(n):
    async def ponger(me):
        while True:
            msg = await me.receive()
            send(msg, me)

    async def pinger(me, peer, n):
        i = 0
        while i < n:
            send(peer, me)
            await me.receive()
            i += 1

    def main():
        peer = spawn_actor(ponger, ())
        spawn_actor(pinger, (peer, n))

    t = time.perf_counter()
    status = run_program(main)
    assert status == 0
    return time.perf_counter() - t


def asyncio_ping_pong(n):
    async def ponger(inbox, outbox):
        while True:
            await inbox.get()
            outbox.put_nowait(1)

    async def pinger(inbox, outbox, n):
        for _ in range(n):
            outbox.put_nowait(1)
            await inbox.get()

    async def main():
        a, b = asyncio.Queue(), asyncio.Queue()
        p = asyncio.create_task(ponger(b, a))
        await pinger(a, b, n)
        p.cancel()

    t = time.perf_counter()
    asyncio.run(main())
    return time.perf_counter() - t


# --------------------------------------------------------------------------
# 2. the ping_pong program: actor casts to a service, service sends back

class Court(Service):
    @staticmethod
    def handle_ball(rounds, reply_to, me, limit):
        if rounds < limit:
            send(reply_to, me)
        rounds = rounds + 1
        return rounds


def mesh_ping_pong_program(n):
    async def player(me, limit):
        while True:
            msg = await me.receive_timeout(1000)
            if msg is TIMEOUT:
                again = False
            else:
                cast(msg, Court.handle_ball, (me, msg, limit))
                again = True
            if not again:
                return me

    def main():
        court = start_service(Court, 1)
        p = spawn_actor(player, (n,))
        send(p, court)

    t = time.perf_counter()
    status = run_program(main)
    assert status == 0
    return time.perf_counter() - t


def asyncio_ping_pong_program(n):
    async def court(inbox, rounds, done):
        while True:
            reply_to, me = await inbox.get()
            if rounds < n:
                reply_to.put_nowait(me)
            else:
                done.set()
            rounds += 1

    async def player(mailbox):
        while True:
            court_inbox = await mailbox.get()
            court_inbox.put_nowait((mailbox, court_inbox))

    async def main():
        done = asyncio.Event()
        court_inbox = asyncio.Queue()
        c = asyncio.create_task(court(court_inbox, 1, done))
        mailbox = asyncio.Queue()
        p = asyncio.create_task(player(mailbox))
        mailbox.put_nowait(court_inbox)
        await done.wait()
        p.cancel()
        c.cancel()

    t = time.perf_counter()
    asyncio.run(main())
    return time.perf_counter() - t


# --------------------------------------------------------------------------
# 3. service calls

class Tally(Service):
    @staticmethod
    def handle_bump(count, step):
        nxt = count + step
        return (nxt, nxt)


def mesh_calls(n):
    async def main():
        pid = start_service(Tally, 0)
        checksum = 0
        i = 0
        while i < n:
            checksum += await call(pid, Tally.handle_bump, (1,))
            i += 1
        assert checksum == n * (n + 1) // 2

    t = time.perf_counter()
    status = run_program(main)
    assert status == 0
    return time.perf_counter() - t


def asyncio_queue_calls(n):
    async def tally(mailbox, count):
        while True:
            tag, arg, reply = await mailbox.get()
            count += arg
            reply.set_result(count)

    async def main():
        loop = asyncio.get_running_loop()
        mailbox = asyncio.Queue()
        svc = asyncio.create_task(tally(mailbox, 0))
        checksum = 0
        for _ in range(n):
            fut = loop.create_future()
            mailbox.put_nowait(("bump", 1, fut))
            checksum += await fut
        svc.cancel()

    t = time.perf_counter()
    asyncio.run(main())
    return time.perf_counter() - t


def asyncio_future_calls(n):
    """The cheapest request/reply asyncio allows: the server waits on a
    future, the client hands the request over by resolving it."""
    async def main():
        loop = asyncio.get_running_loop()
        state = {"waiter": None}

        async def server():
            count = 0
            while True:
                w = loop.create_future()
                state["waiter"] = w
                arg, reply = await w
                count += arg
                reply.set_result(count)

        svc = asyncio.create_task(server())
        await asyncio.sleep(0)
        checksum = 0
        for _ in range(n):
            fut = loop.create_future()
            state["waiter"].set_result((1, fut))
            checksum += await fut
        svc.cancel()

    t = time.perf_counter()
    asyncio.run(main())
    return time.perf_counter() - t


# --------------------------------------------------------------------------
# 4. spawn 100,000 actors (each in a subprocess)

SPAWN_MESH = r'''
import resource, sys, time
sys.path.insert(0, {root!r})
t0 = time.perf_counter()
from meshpy.runtime.actors import Service, cast, run_program, send, spawn_actor, start_service

N = {n}

class Sink(Service):
    @staticmethod
    def handle_arrive(seen):
        now = seen + 1
        if now == N:
            print(f"spawn_100k actors={{now}}")
        return now

async def worker(me):
    sink = await me.receive()
    cast(sink, Sink.handle_arrive, ())

def main():   # launch() calls only plain functions, so it is a plain loop
    sink = start_service(Sink, 0)
    i = 0
    while i < N:
        w = spawn_actor(worker, ())
        send(w, sink)
        i += 1

t1 = time.perf_counter()
status = run_program(main)
t2 = time.perf_counter()
assert status == 0
print("RESULT", t2 - t1, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
'''

SPAWN_ASYNCIO = r'''
import asyncio, resource, time
N = {n}

async def sink(inbox, done):
    seen = 0
    while True:
        await inbox.get()
        seen += 1
        if seen == N:
            print(f"spawn_100k actors={{seen}}")
            done.set()

async def worker(mailbox):
    sink_inbox = await mailbox.get()
    sink_inbox.put_nowait("arrive")

async def main():
    inbox = asyncio.Queue()
    done = asyncio.Event()
    s = asyncio.create_task(sink(inbox, done))
    tasks = []
    for _ in range(N):
        mb = asyncio.Queue()
        tasks.append(asyncio.create_task(worker(mb)))
        mb.put_nowait(inbox)
    await asyncio.gather(*tasks)
    await done.wait()
    s.cancel()

t1 = time.perf_counter()
asyncio.run(main())
t2 = time.perf_counter()
print("RESULT", t2 - t1, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
'''


def run_spawn(template, n):
    code = template.format(root=ROOT, n=n)
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    wall = time.perf_counter() - t
    lines = out.stdout.strip().splitlines()
    assert lines[0] == f"spawn_100k actors={n}", out.stdout + out.stderr
    _, inner, rss_kib = lines[-1].split()
    return wall, float(inner), int(rss_kib) / 1024


# --------------------------------------------------------------------------


def best_rate(fn, n, repeats):
    return max(n / fn(n) for _ in range(repeats))


def compare(title, n, repeats, mesh_fn, baselines):
    rates = {"meshpy runtime": [], **{name: [] for name, _ in baselines}}
    for _ in range(repeats):   # alternate, so machine noise hits both sides
        rates["meshpy runtime"].append(n / mesh_fn(n))
        for name, fn in baselines:
            rates[name].append(n / fn(n))
    mesh = max(rates["meshpy runtime"])
    print(f"\n{title} ({n:,} round trips, best of {repeats})")
    print(f"  {'meshpy runtime':<34} {mesh:>12,.0f} /s")
    for name, _ in baselines:
        base = max(rates[name])
        print(f"  {name:<34} {base:>12,.0f} /s   runtime/baseline = {mesh / base:.2f}")
    return mesh


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="small sizes")
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    scale = 10 if args.quick else 1
    repeats = 2 if args.quick else args.repeats
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")

    compare("1. ping-pong between two actors", 200_000 // scale, repeats, mesh_ping_pong,
            [("asyncio tasks on asyncio.Queue", asyncio_ping_pong)])
    compare("2. ping_pong program (cast to a service, send back, receive with after)",
            200_000 // scale, repeats, mesh_ping_pong_program,
            [("python-baselines/ping_pong.py shape", asyncio_ping_pong_program)])
    compare("3. service call round trips", 200_000 // scale, repeats, mesh_calls,
            [("asyncio.Queue server + future reply", asyncio_queue_calls),
             ("bare future hand-off, no queue", asyncio_future_calls)])

    n = 100_000
    print(f"\n4. spawn {n:,} actors, each receives one message (subprocess each, best of {repeats})")
    mesh = min((run_spawn(SPAWN_MESH, n) for _ in range(repeats)), key=lambda r: r[1])
    base = min((run_spawn(SPAWN_ASYNCIO, n) for _ in range(repeats)), key=lambda r: r[1])
    print(f"  {'':<34} {'process wall':>12} {'run_program':>12} {'peak RSS':>10}")
    print(f"  {'meshpy runtime':<34} {mesh[0]:>11.2f}s {mesh[1]:>11.2f}s {mesh[2]:>7.0f} MiB")
    print(f"  {'asyncio tasks on asyncio.Queue':<34} {base[0]:>11.2f}s {base[1]:>11.2f}s {base[2]:>7.0f} MiB")
    print(f"  time ratio runtime/baseline = {mesh[1] / base[1]:.2f}, "
          f"memory ratio = {mesh[2] / base[2]:.2f}")


if __name__ == "__main__":
    main()
