"""Requests per second of a trivial Mesh HTTP handler against a plain-Python
server, with N concurrent keep-alive clients, measured in one run.

    .venv/bin/python bench/http_bench.py                  # 50 clients, 5 s, 3 rounds
    .venv/bin/python bench/http_bench.py -c 10 -s 2 -r 1  # quicker
    .venv/bin/python bench/http_bench.py --no-keep-alive  # a connection per request

Mesh side: the program below, built and run with `meshpy run` (HTTP.serve on
a free port; one route, `GET /hello` -> 200 "hello"). Every request goes
through the runtime as it would in mesher: httptools parsing, routing, a
Mesh process per request, the response encoder.

Baseline: the same answer from plain asyncio: an `asyncio.Protocol` feeding
`httptools` and writing a prebuilt response (the uvicorn-style fast path,
no framework), run as a subprocess of this script.

Load: one client process (this one) with N connections, each sending
`GET /hello` with `Connection: keep-alive` and waiting for the response
before sending the next (no pipelining). The servers and the client share
the machine's cores, the same way for both sides. Rounds alternate
(baseline, Mesh, ...); the best rate of each side is reported with
p50/p99 latency and the ratio Mesh / baseline. With --no-keep-alive the
clients do not ask for keep-alive: the Mesh server closes after each
response (its keep-alive is opt-in) and the client reconnects; the
baseline, which always keeps connections, is told to close them too.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

MESH_PROGRAM = """\
fn main() do
  let r = HTTP.on_get(HTTP.router(), "/hello", fn(req) -> HTTP.response(200, "hello") end)
  let port = case Env.get("PORT") do
    Some(p) -> case String.to_int(p) do
      Some(n) -> n
      None -> 8080
    end
    None -> 8080
  end
  HTTP.serve(r, port)
end
"""

LISTENING = re.compile(r"listening on 0\.0\.0\.0:(\d+)")
REQUEST = b"GET /hello HTTP/1.1\r\nHost: bench\r\nConnection: keep-alive\r\n\r\n"
REQUEST_CLOSE = b"GET /hello HTTP/1.1\r\nHost: bench\r\n\r\n"  # --no-keep-alive


# --------------------------------------------------------------------------
# The baseline server (run with --baseline-server)


def baseline_server(keep_alive):
    import httptools

    body = b"hello"
    connection = b"keep-alive" if keep_alive else b"close"
    response = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n"
                b"Content-Length: %d\r\nConnection: %s\r\n\r\n" % (len(body), connection)) + body

    class Conn(asyncio.Protocol):
        def connection_made(self, transport):
            self.transport = transport
            self.parser = httptools.HttpRequestParser(self)

        def data_received(self, data):
            try:
                self.parser.feed_data(data)
            except httptools.HttpParserError:
                self.transport.close()

        def on_message_complete(self):
            self.transport.write(response)
            if not keep_alive:
                self.transport.close()

    async def main():
        server = await asyncio.get_running_loop().create_server(Conn, "127.0.0.1", 0, backlog=1024)
        print(f"baseline listening on 0.0.0.0:{server.sockets[0].getsockname()[1]}",
              file=sys.stderr, flush=True)
        await server.serve_forever()

    asyncio.run(main())


# --------------------------------------------------------------------------
# Servers as subprocesses


def start(cmd, env=None):
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, env=env)
    line = proc.stderr.readline()
    m = LISTENING.search(line)
    if not m:
        proc.kill()
        raise SystemExit(f"server did not start: {line}{proc.stderr.read()}")
    return proc, int(m.group(1))


def stop(proc):
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def build_mesh(tmp):
    project = os.path.join(tmp, "hello_http")
    os.makedirs(project)
    with open(os.path.join(project, "main.mpl"), "w") as f:
        f.write(MESH_PROGRAM)
    subprocess.run([sys.executable, "-m", "meshpy", "build", project], check=True, cwd=ROOT)
    return project


# --------------------------------------------------------------------------
# The load


class Client(asyncio.Protocol):
    """One client: a request, its response, the next -- on the same
    connection, or (run.keep_alive false) on a new one each time."""

    def __init__(self, run):
        self.run = run
        self.buf = b""
        self.sent_at = 0.0
        self.answered = False

    def connection_made(self, transport):
        self.transport = transport
        self.send()

    def send(self):
        self.sent_at = time.perf_counter()
        self.transport.write(REQUEST if self.run.keep_alive else REQUEST_CLOSE)

    def data_received(self, data):
        self.buf += data
        while True:
            end = self.buf.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self.buf[:end]
            i = head.find(b"Content-Length: ")
            n = int(head[i + 16:head.index(b"\r\n", i)])
            if len(self.buf) < end + 4 + n:
                return
            assert head.startswith(b"HTTP/1.1 200 "), head
            self.buf = self.buf[end + 4 + n:]
            self.run.done(time.perf_counter() - self.sent_at)
            if self.run.going and self.run.keep_alive:
                self.send()
            else:
                self.answered = True
                self.transport.close()
                if self.run.going:
                    self.run.reconnect()
                return

    def connection_lost(self, exc):
        if self.run.going and not self.answered:
            self.run.errors += 1


class Run:
    def __init__(self, warmup, port, keep_alive):
        self.port = port
        self.keep_alive = keep_alive
        self.going = True
        self.warmup_until = time.perf_counter() + warmup
        self.count = 0
        self.errors = 0
        self.latencies = []

    def reconnect(self):
        loop = asyncio.get_running_loop()
        task = loop.create_task(loop.create_connection(lambda: Client(self), "127.0.0.1", self.port))
        task.add_done_callback(self._connected)

    def _connected(self, task):
        if task.exception() is not None:
            self.errors += 1

    def done(self, latency):
        if time.perf_counter() >= self.warmup_until:
            self.count += 1
            self.latencies.append(latency)


async def load(port, connections, seconds, warmup=0.5, keep_alive=True):
    loop = asyncio.get_running_loop()
    run = Run(warmup, port, keep_alive)
    transports = []
    for _ in range(connections):
        t, _ = await loop.create_connection(lambda: Client(run), "127.0.0.1", port)
        transports.append(t)
    await asyncio.sleep(warmup)
    start = time.perf_counter()
    await asyncio.sleep(seconds)
    run.going = False
    elapsed = time.perf_counter() - start
    for t in transports:
        t.close()
    lat = sorted(run.latencies)
    p = (lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000) if lat else (lambda q: float("nan"))
    return run.count / elapsed, p(0.5), p(0.99), run.errors


def measure(cmd, env, connections, seconds, keep_alive):
    proc, port = start(cmd, env)
    try:
        return asyncio.run(load(port, connections, seconds, keep_alive=keep_alive))
    finally:
        stop(proc)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-c", "--connections", type=int, default=50)
    ap.add_argument("-s", "--seconds", type=float, default=5.0)
    ap.add_argument("-r", "--rounds", type=int, default=3)
    ap.add_argument("--no-keep-alive", action="store_true", help="a new connection per request")
    ap.add_argument("--baseline-server", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.baseline_server:
        baseline_server(not args.no_keep_alive)
        return
    tmp = tempfile.mkdtemp(prefix="http_bench_")
    try:
        project = build_mesh(tmp)
        env = dict(os.environ, PORT="0")
        sides = {
            "baseline": ([sys.executable, os.path.abspath(__file__), "--baseline-server"]
                         + (["--no-keep-alive"] if args.no_keep_alive else []), None),
            "mesh": ([sys.executable, "-m", "meshpy", "run", project], env),
        }
        best = {}
        for r in range(args.rounds):
            for name, (cmd, e) in sides.items():
                rate, p50, p99, errors = measure(cmd, e, args.connections, args.seconds,
                                                 not args.no_keep_alive)
                print(f"round {r + 1} {name:8} {rate:9.0f} req/s  p50 {p50:6.2f} ms  p99 {p99:6.2f} ms"
                      f"  errors {errors}", flush=True)
                if name not in best or rate > best[name][0]:
                    best[name] = (rate, p50, p99)
        kind = "connection-per-request" if args.no_keep_alive else "keep-alive"
        print(f"\n{args.connections} {kind} clients, {args.seconds:g} s per round, best of {args.rounds}:")
        for name, (rate, p50, p99) in best.items():
            print(f"  {name:8} {rate:9.0f} req/s  p50 {p50:6.2f} ms  p99 {p99:6.2f} ms")
        print(f"  ratio mesh/baseline: {best['mesh'][0] / best['baseline'][0]:.2f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
