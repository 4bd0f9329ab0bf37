"""`Process.register`/`whereis`, `Global` and single-node `Node`
(meshpy/runtime/cluster.py, supplement 9.2)."""

from meshpy.runtime.actors import Timer, run_program, send, spawn_actor
from meshpy.runtime.cluster import NULL_PID, Global, Node
from meshpy.runtime.process import Process
from meshpy.runtime.service import call


def test_node_is_a_single_node_and_says_so_once(capsys):
    async def main():
        print(repr(Node.self()), Node.list())
        print(Node.start("a@h", "c"), Node.connect("b@h"), Node.start("a@h", "c"), Node.monitor("b@h"))

    assert run_program(main) == 0
    out, err = capsys.readouterr()
    assert out == "'' []\n1 1 1 1\n"
    assert err == "[meshpy] Node.start: clustering is not available in meshpy (single node)\n"


def test_node_spawn_panics_with_a_clear_message(capsys):
    async def main():
        Node.spawn("b@h", print)

    assert run_program(main) == 134
    assert "Node.spawn: no node 'b@h' (clustering is not available in meshpy)" in capsys.readouterr().err


def test_global_and_local_names_are_separate_and_end_with_the_process(capsys):
    async def holder(me):
        print("got", await me.receive())

    async def main():
        p = spawn_actor(holder, ())
        print(Global.register("svc", p), Global.register("svc", p), Process.whereis("svc") is NULL_PID)
        send(Global.whereis("svc"), "hello")
        await Timer.sleep(10)
        print(Global.whereis("svc") is NULL_PID, Global.register("svc", Process.whereis("svc")))

    assert run_program(main) == 0
    assert capsys.readouterr().out == "0 1 True\ngot hello\nTrue 1\n"


def test_the_null_pid_drops_sends_and_fails_calls(capsys):
    async def main():
        ghost = Process.whereis("nobody")
        send(ghost, "lost")
        print(ghost, ghost.alive, Process.monitor(ghost) > 0)
        await call(ghost, "get", ())

    assert run_program(main) == 134
    out, err = capsys.readouterr()
    assert out == "#PID<0> False True\n"
    assert "call to dead process #PID<0>" in err
