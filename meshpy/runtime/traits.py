"""Interface methods called on a value whose type is only known at run time
(a generic `T` with `where T: Shape`): the emitted code registers every impl
method and calls through `dispatch`. Calls whose receiver type the compiler
knows go straight to the impl function instead."""

from .panic import MeshPanic

_IMPLS: dict = {}  # (method name, Python class) -> function


def register_impl(method: str, cls: type, fn) -> None:
    _IMPLS[(method, cls)] = fn


def dispatch(method: str, receiver, *args):
    cls = type(receiver)
    fn = _IMPLS.get((method, cls))
    if fn is None:
        for base in cls.__mro__[1:]:  # a sum type's impl serves its variants
            fn = _IMPLS.get((method, base))
            if fn is not None:
                _IMPLS[(method, cls)] = fn
                break
        else:
            raise MeshPanic(f"no method `{method}` for a value of type {getattr(cls, '_mesh_name', cls.__name__)}")
    return fn(receiver, *args)
