"""Mesh panics: unrecoverable run-time errors (language reference, 12.2)."""


class MeshPanic(Exception):
    """Raised for every Mesh run-time error; ends the process it happens in."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def panic(message: str):
    raise MeshPanic(message)


def match_failed(value):
    """A `case`, clause set or closure clause set matched nothing."""
    from .display import display

    try:
        shown = display(value)
    except Exception:  # never let the report itself fail
        shown = repr(value)
    raise MeshPanic("non-exhaustive match: no clause matches " + shown)
