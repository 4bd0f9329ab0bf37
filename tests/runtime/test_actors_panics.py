"""Panics inside processes and in main (runtime contract section 5 and 6;
language reference 11.7, 12): isolation, the report format with .mpl
locations, exit status 134 with stdout flushed."""

import subprocess
import sys
import textwrap

from meshpy.runtime.actors import Timer, run_program

ROOT = __file__.rsplit("/tests/", 1)[0]


def mesh_module(src, filename="demo.mpl"):
    """Compile hand-written "emitted" code under a .mpl file name, as the
    compiler does, so tracebacks point at Mesh lines."""
    ns = {}
    exec(compile(textwrap.dedent(src), filename, "exec"), ns)
    return ns


def run(main, capsys):
    status = run_program(main)
    out, err = capsys.readouterr()
    return status, out, err


def run_subprocess(code, timeout=60):
    p = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                       text=True, timeout=timeout, cwd=ROOT)
    return p.returncode, p.stdout, p.stderr


EMITTED = """\
from meshpy.runtime.actors import *
from meshpy.runtime.panic import MeshPanic

def pick(xs, i):
    if i < 0 or i >= len(xs):
        raise MeshPanic(f"index {i} out of bounds (len {len(xs)})")
    return xs[i]

async def worker(me):
    n = await me.receive()
    print(f"worker got {pick([1, 2, 3], n)}")
    try:
        n = await me.receive()
        print(f"worker got {pick([1, 2, 3], n)}")
    finally:
        if not me.discarded:
            print("worker terminate ran")

async def bystander(me):
    await Timer.sleep(30)
    print("bystander still running")
"""


def test_panic_in_a_process_is_reported_and_isolated(capsys):
    m = mesh_module(EMITTED)

    async def main():
        w = m["spawn_actor"](m["worker"], ())
        m["spawn_actor"](m["bystander"], ())
        m["send"](w, 1)
        m["send"](w, 7)
        await Timer.sleep(10)
        print(f"main sees worker alive={w.alive}")

    status, out, err = run(main, capsys)
    assert status == 0
    assert out == ("worker got 2\nworker terminate ran\nmain sees worker alive=False\n"
                   "bystander still running\n")
    assert err == ("panic in #PID<2> (actor worker): index 7 out of bounds (len 3)\n"
                   "  at demo.mpl:6 in pick\n"
                   "  at demo.mpl:14 in worker\n")


def test_python_errors_escaping_user_code_are_panics(capsys):
    m = mesh_module("""\
        async def divider(me):
            return 1 // 0

        def down(n):
            return down(n + 1) + 1

        async def deep(me):
            down(0)
        """)

    async def main():
        from meshpy.runtime.actors import spawn_actor
        spawn_actor(m["divider"], ())
        spawn_actor(m["deep"], ())
        await Timer.sleep(20)
        print("main fine")

    status, out, err = run(main, capsys)
    assert (status, out) == (0, "main fine\n")
    assert "panic in #PID<2> (actor divider): ZeroDivisionError: integer division or modulo by zero\n  at demo.mpl:2 in divider\n" in err
    assert "panic in #PID<3> (actor deep): stack overflow (maximum recursion depth exceeded)\n  at demo.mpl:5 in down\n  ... (previous line repeated" in err
    assert len(err.splitlines()) < 20          # deep recursion is folded


def test_panic_in_main_exits_134_with_stdout_flushed():
    code = """
        import sys
        src = '''
        from meshpy.runtime.actors import *
        from meshpy.runtime.panic import MeshPanic

        def head(xs):
            if not xs:
                raise MeshPanic("empty list")
            return xs[0]

        def main():
            print("line one")
            h = head([])
            print("never " + h)
        '''
        ns = {}
        exec(compile(src, "main.mpl", "exec"), ns)
        sys.exit(ns["run_program"](ns["main"]))
    """
    status, out, err = run_subprocess(code)
    assert status == 134
    assert out == "line one\n"             # print() to a pipe is buffered: the runtime flushes
    assert err == "panic: empty list\n  at main.mpl:7 in head\n  at main.mpl:12 in main\n"


def test_panic_in_async_main_after_a_call_exits_134():
    code = """
        import sys
        from meshpy.runtime.actors import *
        from meshpy.runtime.panic import MeshPanic

        class Box(Service):
            @staticmethod
            def handle_size(s):
                return (s, s)

        async def main():
            b = start_service(Box, 42)
            print(await call(b, Box.handle_size, ()))
            raise MeshPanic("out of bounds")

        sys.exit(run_program(main))
    """
    assert run_subprocess(code) == (134, "42\n", "panic: out of bounds\n")


def test_main_panic_stops_the_program_even_with_busy_processes():
    code = """
        import sys
        from meshpy.runtime.actors import *
        from meshpy.runtime.panic import MeshPanic

        async def ticker(me):
            while True:
                await Timer.sleep(10)

        async def main():
            spawn_actor(ticker, ())
            await Timer.sleep(30)
            raise MeshPanic("boom")

        sys.exit(run_program(main))
    """
    assert run_subprocess(code, timeout=20) == (134, "", "panic: boom\n")


def test_main_killed_through_a_link_exits_134(capsys):
    m = mesh_module("""\
        from meshpy.runtime.actors import *
        from meshpy.runtime.panic import MeshPanic

        async def crasher(me):
            await Timer.sleep(10)
            raise MeshPanic("crasher failed")

        async def main():
            link(None, spawn_actor(crasher, ()))
            await Timer.sleep(1000)
            print("never")
        """)
    status, out, err = run(m["main"], capsys)
    assert (status, out) == (134, "")
    assert "panic in #PID<2> (actor crasher): crasher failed\n  at demo.mpl:6 in crasher\n" in err
    assert err.endswith("panic: linked process #PID<2> died\n")


def test_crash_isolation_many_processes_keep_going(capsys):
    m = mesh_module("""\
        from meshpy.runtime.actors import *
        from meshpy.runtime.panic import MeshPanic

        async def worker(me, k):
            n = await me.receive()
            if k % 10 == 0:
                raise MeshPanic(f"worker {k} failed")
            send(n, k)

        async def collector(me, count):
            total = 0
            for _ in range(count):
                total += await me.receive()
            print(f"total {total}")

        def main():
            c = spawn_actor(collector, (90,))
            for k in range(100):
                send(spawn_actor(worker, (k,)), c)
        """)
    status, out, err = run(m["main"], capsys)
    assert (status, out) == (0, f"total {sum(k for k in range(100) if k % 10)}\n")
    assert err.count("panic in #PID<") == 10


def test_panic_report_of_a_service_and_of_a_job(capsys):
    from meshpy.runtime.actors import Job, Service, call, start_service
    from meshpy.runtime.panic import MeshPanic

    class Acc(Service):
        @staticmethod
        def handle_div(n, d):
            return (n, n // d)

    async def main():
        a = start_service(Acc, 10)
        r = await Job.await_(Job.async_(lambda: 1 // 0))
        print(r.value)
        print(await call(a, Acc.handle_div, (2,)))

        def fail():
            raise MeshPanic("job failed")
        print((await Job.await_(Job.async_(fail))).value)

    status, out, err = run(main, capsys)
    assert (status, out) == (0, "ZeroDivisionError: integer division or modulo by zero\n5\njob failed\n")
    assert "panic in #PID<3> (job): ZeroDivisionError" in err
    assert "panic in #PID<4> (job): job failed" in err
