"""The Mesh `Global` and `Node` modules, single-node (supplement, 9.2).

meshpy runs one node: `Global` is a second name registry within the
program, `Node.self()` is "" (no node was started), and `Node.start` /
`Node.connect` return the failure value 1 after saying once on stderr that
clustering is not available. Running across machines will come on an
existing distributed engine, not on a protocol of our own.
"""

from __future__ import annotations

from .panic import MeshPanic
from .nullpid import NULL_PID, NullPid  # noqa: F401 (re-exported)
from .process import register_name, whereis_name
from .report import write_stderr

__all__ = ["Global", "Node", "NULL_PID", "NullPid"]


class _GlobalModule:
    """Mesh `Global`: cluster-wide names, which on one node are program-wide."""

    __slots__ = ()

    @staticmethod
    def register(name, pid):
        return register_name(("global", name), pid)

    @staticmethod
    def whereis(name):
        return whereis_name(("global", name))


_warned = False


def _unavailable(what):
    global _warned
    if not _warned:
        _warned = True
        write_stderr(f"[meshpy] {what}: clustering is not available in meshpy (single node)\n")
    return 1


class _NodeModule:
    """Mesh `Node` with single-node semantics."""

    __slots__ = ()

    @staticmethod
    def self():
        return ""

    @staticmethod
    def start(name, cookie):
        return _unavailable("Node.start")

    @staticmethod
    def connect(node):
        return _unavailable("Node.connect")

    @staticmethod
    def list():
        return []

    @staticmethod
    def monitor(node):
        return 1

    @staticmethod
    def spawn(node, *args):
        raise MeshPanic(f"Node.spawn: no node {node!r} (clustering is not available in meshpy)")

    @staticmethod
    def spawn_link(node, *args):
        raise MeshPanic(f"Node.spawn_link: no node {node!r} (clustering is not available in meshpy)")


Global = _GlobalModule()
Node = _NodeModule()
