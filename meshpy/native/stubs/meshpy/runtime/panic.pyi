# The runtime names a typed island imports (meshpy/native/typed.py _PRELUDE).

class MeshPanic(Exception):
    message: str

    def __init__(self, message: str) -> None: ...
