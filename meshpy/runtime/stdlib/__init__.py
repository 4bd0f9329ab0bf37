"""The Mesh standard library modules (language reference, section 13), one
object per Mesh module. Each `stdlib/<name>.py` writes its functions in a
class body (so Mesh names such as `map`, `filter` or `slice` do not shadow
Python builtins) and turns it into a module object with `mesh_module`."""
