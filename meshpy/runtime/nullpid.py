"""The pid of no process (a leaf module: process.py and cluster.py use it)."""


class NullPid:
    """The pid `whereis` answers for an unknown name (the reference's raw 0):
    never alive, so a send to it is dropped and a service call to it panics
    with "call to dead process #PID<0>"."""

    __slots__ = ()
    id = 0
    alive = False
    _links = None
    _watchers = None
    _names = None
    _waiter = None       # `send` is Process.send applied to the pid: it reads these
    _mbox = ()

    def send(self, msg):
        return None

    def describe(self):
        return "#PID<0>"

    def _display(self):
        return "#PID<0>"

    __repr__ = __str__ = _display

    def __lt__(self, other):
        return 0 < other.id


NULL_PID = NullPid()
