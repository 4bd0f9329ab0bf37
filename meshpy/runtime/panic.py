"""Mesh panics: unrecoverable run-time errors (language reference, 12.2)."""


class MeshPanic(Exception):
    """Raised for every Mesh run-time error; ends the process it happens in."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def panic(message: str):
    raise MeshPanic(message)

