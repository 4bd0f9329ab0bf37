"""Mesh `Queue` module (language reference 9.6 and 13.6): an immutable FIFO
(`MeshQueue`, two cons lists, amortised O(1) push and pop)."""

from ..panic import MeshPanic
from ..values import MeshQueue
from ._module import mesh_module

_EMPTY = MeshQueue()


def _reverse(node):
    out = None
    while node is not None:
        out = (node[0], out)
        node = node[1]
    return out


def _make(front, back, size):
    # keep the invariant: front is empty only if the whole queue is
    if front is None and back is not None:
        return MeshQueue(_reverse(back), None, size)
    return MeshQueue(front, back, size)


class Queue:
    """Mesh Queue functions."""

    def new():
        return _EMPTY

    def push(q, x):
        if q.front is None:
            return MeshQueue((x, None), None, 1)
        return MeshQueue(q.front, (x, q.back), q.size + 1)

    def peek(q):
        if q.front is None:
            raise MeshPanic("Queue.peek: empty queue")
        return q.front[0]

    def pop(q):
        front = q.front
        if front is None:
            raise MeshPanic("Queue.pop: empty queue")
        return front[0], _make(front[1], q.back, q.size - 1)

    def size(q):
        return q.size

    def is_empty(q):
        return q.size == 0


Queue = mesh_module(Queue)
