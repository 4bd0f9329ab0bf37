"""Runtime pieces of issue 13 outside mesher: graceful shutdown of a Mesh
program (services' Terminate casts, actors' terminate clauses, exit 0, a
second signal exits at once) and the pool's timeouts against a blackholed
database link."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import time

import pytest

from e2e_support import MESHPY, PROGRAMS, MeshProcess, TcpProxy, url_for


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def demo(tmp_path):
    shutil.copyfile(PROGRAMS / "shutdown_demo.mpl", tmp_path / "main.mpl")
    build = subprocess.run(MESHPY + ["build", str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert build.returncode == 0, build.stderr
    port = free_port()
    p = MeshProcess(tmp_path, {"PORT": str(port)})
    p.expect("ready")
    deadline = time.monotonic() + 30
    while "listening" not in p.stderr and time.monotonic() < deadline:
        time.sleep(0.05)
    yield p, port
    p.kill()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_graceful_shutdown_runs_terminate_work_and_exits_0(demo, sig):
    p, port = demo
    os.kill(p.proc.pid, sig)
    rest = p.rest(timeout=30)
    assert p.proc.returncode == 0, p.stderr
    assert sorted(rest) == ["terminate with 12", "ticker stopping"], rest
    assert "shutdown complete" in p.stderr
    with pytest.raises(OSError):   # the listener is closed
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


def test_a_second_signal_exits_at_once(demo):
    p, _ = demo
    os.kill(p.proc.pid, signal.SIGTERM)
    os.kill(p.proc.pid, signal.SIGTERM)
    p.rest(timeout=10)
    assert p.proc.returncode in (0, 143)


def test_pool_calls_fail_within_the_timeout_on_a_blackholed_link_and_recover(postgres):
    from meshpy.runtime.db import Pool
    from meshpy.runtime.values import Err, Ok

    proxy = TcpProxy()

    async def scenario():
        url = url_for("mesh_test", host="127.0.0.1", port=proxy.port)
        bad = await Pool.open_with(url, 1, 2, 1000, {"no_such_option": 1})
        assert bad.__class__ is Err and "unknown option 'no_such_option'" in bad.value
        r = await Pool.open_with(url, 1, 2, 1000, {"statement_timeout_ms": 1000, "answer_grace_ms": 500,
                                                   "connect_timeout_ms": 2000})
        assert r.__class__ is Ok, r
        pool = r.value
        assert (await Pool.query(pool, "SELECT 1 AS x", [])).value == [{"x": "1"}]
        # The server itself cancels a statement after statement_timeout.
        slow = await Pool.query(pool, "SELECT pg_sleep(5)", [])
        assert slow.__class__ is Err and slow.value.startswith("57014\t"), slow
        proxy.blackhole()
        t = time.monotonic()
        dead = await Pool.query(pool, "SELECT 2 AS x", [])
        took = time.monotonic() - t
        assert dead.__class__ is Err, dead
        assert took < 4.0, took
        proxy.restore()
        for _ in range(50):
            back = await Pool.query(pool, "SELECT 3 AS x", [])
            if back.__class__ is Ok:
                break
            await asyncio.sleep(0.2)
        assert back.value == [{"x": "3"}], back
        await Pool.close(pool)

    try:
        asyncio.run(scenario())
    finally:
        proxy.close()


def test_pool_options_from_mesh_keyword_arguments(tmp_path, postgres):
    shutil.copyfile(PROGRAMS / "pool_options.mpl", tmp_path / "main.mpl")
    p = MeshProcess(tmp_path, {"MESHER_DB_URL": url_for("mesh_test")})
    try:
        assert p.rest(timeout=120) == [
            "err 57014",
            "pool open: unknown option 'colour' (known: connect_timeout_ms, statement_timeout_ms, "
            "answer_grace_ms, keepalive_idle_s, keepalive_interval_s, keepalive_count)",
        ], p.stderr
    finally:
        p.kill()
