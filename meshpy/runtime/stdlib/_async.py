"""Support for the `*_async` variants of higher-order functions: they await
the callable's result when it is awaitable (an `async def` closure), and take
plain results as they are."""

import types
from collections.abc import Awaitable

_CoroutineType = types.CoroutineType

# results that are never awaitable: skip the ABC check for them
_PLAIN = frozenset((int, float, str, bool, type(None), list, dict, tuple))


def _isawaitable(r):
    return isinstance(r, Awaitable)


def is_awaitable(r):
    return r.__class__ is _CoroutineType or (r.__class__ not in _PLAIN and isinstance(r, Awaitable))
