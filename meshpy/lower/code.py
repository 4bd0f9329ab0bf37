"""The code model the lowering builds: typed Python expressions and
statements, printed with indentation and a line table.

* `Py` is a Python expression: its text plus its precedence (Python's
  operator levels below) and its kind (a plain name, a literal, a pure path
  such as `a.b`, anything else). Operands are embedded with `x.at(level)`,
  which parenthesises only when `x` binds less tightly than the place
  needs: precedence is known from how each expression was built, never
  guessed from its text.
* Statements are small node classes (`Assign`, `If`, `FunctionDef` …), each
  holding `Py` expressions, nested statement lists and the Mesh line it
  comes from (0: the line of the enclosing statement). Whether nothing
  after a statement runs (`terminal`) follows from its kind.
* `Writer` prints statements: the Python lines and, per line, the Mesh line
  (the loader's line table, linemap.py). Nothing reads the printed text
  back.
"""

from __future__ import annotations

from typing import Optional

# Python's precedence levels, loosest first (the Python reference, 6.17).
LAMBDA, IFEXP, OR, AND, NOT, CMP, BOR, BXOR, BAND, SHIFT, ADD, MUL, UNARY, POWER, AWAIT, ATOM = range(16)


class Py(str):
    """A Python expression (see the module doc). A `str`, so it formats as
    its text inside a larger expression; `prec` and `kind` say how it was
    built."""

    __slots__ = ("prec", "kind")

    def __new__(cls, text: str, prec: int = ATOM, kind: str = "expr"):
        self = super().__new__(cls, text)
        self.prec = prec
        self.kind = kind  # "name", "literal", "path" (a.b.c, no effect) or "expr"
        return self

    def at(self, level: int) -> str:
        """The text to put where an operand of binding strength `level` is needed."""
        return str.__str__(self) if self.prec >= level else f"({self})"

    @property
    def is_simple(self) -> bool:
        """A name or a literal: can be repeated without a temporary."""
        return self.kind in ("name", "literal")

    @property
    def is_pure(self) -> bool:
        """No effect when evaluated and dropped."""
        return self.kind in ("name", "literal", "path")


def name(text: str) -> Py:
    return Py(text, ATOM, "name")


def literal(text: str) -> Py:
    return Py(text, ATOM, "literal")


def atom(text: str) -> Py:
    return Py(text, ATOM)


def path(text: str) -> Py:
    """`a.b`, `s[0]`: reading it has no effect."""
    return Py(text, ATOM, "path")


NONE = literal("None")  # the one None the lowering uses (Mesh unit and nil): tested by identity
TRUE = literal("True")


def binop(left, op: str, right, level: int) -> Py:
    """`left op right`, left-associative at `level` (comparisons do not chain:
    both sides bind tighter)."""
    left_level = level + 1 if level == CMP else level
    # `2 - (-3)` rather than `2 - -3`: a unary right operand is parenthesised for the reader
    right_text = f"({right})" if right.prec == UNARY else right.at(level + 1)
    return Py(f"{left.at(left_level)} {op} {right_text}", level)


def not_(x: Py) -> Py:
    return Py(f"not {x.at(NOT)}", NOT)


def call(fn, args=()) -> Py:
    """`fn(a, b)`; `fn` a name or path (or any Py, parenthesised as needed)."""
    callee = fn.at(ATOM) if isinstance(fn, Py) else fn
    return Py(f"{callee}({', '.join(args)})", ATOM)


def tuple_of(items, bare: bool = False) -> Py:
    """`(a, b)`, `(a,)`, `()`; `bare`: without parentheses (`a, b` as an
    assignment target or value)."""
    items = list(items)
    inner = ", ".join(items) + ("," if len(items) == 1 else "")
    return Py(inner, LAMBDA) if bare else atom(f"({inner})")


# ---------------------------------------------------------------- statements


class Stmt:
    """A statement; `line` is its Mesh line (0: inherit the enclosing one)."""

    __slots__ = ("line",)
    terminal = False  # nothing after this statement runs


class Simple(Stmt):
    """A one-line statement with an optional trailing `# note`."""

    __slots__ = ("note",)

    def text(self) -> str:
        raise NotImplementedError


class Assign(Simple):
    """`t1 = t2 = value` (usually one target)."""

    __slots__ = ("targets", "value")

    def __init__(self, targets, value: Py, line: int = 0, note: str = ""):
        self.targets = targets if isinstance(targets, list) else [targets]
        self.value = value
        self.line = line
        self.note = note

    def text(self) -> str:
        return " = ".join(self.targets) + " = " + self.value


class AugAssign(Simple):
    __slots__ = ("target", "op", "value")

    def __init__(self, target: Py, op: str, value: Py, line: int = 0):
        self.target, self.op, self.value, self.line, self.note = target, op, value, line, ""

    def text(self) -> str:
        return f"{self.target} {self.op}= {self.value}"


class ExprStmt(Simple):
    __slots__ = ("value",)

    def __init__(self, value: Py, line: int = 0, note: str = ""):
        self.value, self.line, self.note = value, line, note

    def text(self) -> str:
        return self.value


class NoReturn(ExprStmt):
    """A call that never returns (it raises: `match_failed(x)`)."""

    __slots__ = ()
    terminal = True


class Return(Simple):
    """`return value`; `return` alone when value is None."""

    __slots__ = ("value",)
    terminal = True

    def __init__(self, value: Optional[Py] = None, line: int = 0):
        self.value, self.line, self.note = value, line, ""

    def text(self) -> str:
        return "return" if self.value is None else f"return {self.value}"


class Raise(Simple):
    __slots__ = ("value",)
    terminal = True

    def __init__(self, value: Optional[Py] = None, line: int = 0):
        self.value, self.line, self.note = value, line, ""

    def text(self) -> str:
        return "raise" if self.value is None else f"raise {self.value}"


class _Keyword(Simple):
    __slots__ = ()
    word = ""

    def __init__(self, line: int = 0):
        self.line, self.note = line, ""

    def text(self) -> str:
        return self.word


class Pass(_Keyword):
    __slots__ = ()
    word = "pass"


class Break(_Keyword):
    __slots__ = ()
    word = "break"
    terminal = True


class Continue(_Keyword):
    __slots__ = ()
    word = "continue"
    terminal = True


class Global(Simple):
    __slots__ = ("names", "word")

    def __init__(self, names: list, line: int = 0, word: str = "global"):
        self.names, self.word, self.line, self.note = names, word, line, ""

    def text(self) -> str:
        return f"{self.word} {', '.join(self.names)}"


def Nonlocal(names: list, line: int = 0) -> Global:
    return Global(names, line, "nonlocal")


class Import(Simple):
    """`import m` (names empty) or `from m import a, b as c` (names: (name, alias))."""

    __slots__ = ("module", "names")

    def __init__(self, module: str, names=(), note: str = ""):
        self.module, self.names, self.line, self.note = module, list(names), 0, note

    def text(self) -> str:
        if not self.names:
            return f"import {self.module}"
        parts = [n if not alias or alias == n else f"{n} as {alias}" for n, alias in self.names]
        return f"from {self.module} import {', '.join(parts)}"


class Comment(Stmt):
    __slots__ = ("content",)

    def __init__(self, text: str, line: int = 0):
        self.content, self.line = text, line


class Blank(Stmt):
    """An empty line (between definitions)."""

    __slots__ = ()

    def __init__(self):
        self.line = 0


class Multiline(Stmt):
    """`head(` items, one per line, `)`: a long call laid out for the reader
    (a supervisor's spec). Items are `Py` or nested `Multiline`s; `close`
    ends it (`)`, `],` …)."""

    __slots__ = ("head", "items", "close")

    def __init__(self, head: str, items: list, close: str):
        self.head, self.items, self.close, self.line = head, items, close, 0


class If(Stmt):
    """`if test:` body, then `elif` branches, then `else:` (orelse; None
    for none). Each branch is (test, body, Mesh line)."""

    __slots__ = ("branches", "orelse", "else_line")

    def __init__(self, test: Py, body: list, line: int = 0):
        self.branches = [(test, body, line)]
        self.orelse: Optional[list] = None
        self.else_line = line
        self.line = line

    def elif_(self, test: Py, body: list, line: int = 0) -> None:
        self.branches.append((test, body, line))

    def else_(self, body: list, line: int = 0) -> None:
        self.orelse, self.else_line = body, line

    @property
    def terminal(self) -> bool:
        return self.orelse is not None and is_terminal(self.orelse) and all(
            is_terminal(body) for _, body, _ in self.branches)


class While(Stmt):
    __slots__ = ("test", "body")

    def __init__(self, test: Py, body: list, line: int = 0):
        self.test, self.body, self.line = test, body, line


class For(Stmt):
    __slots__ = ("target", "iter", "body")

    def __init__(self, target: Py, iter_: Py, body: list, line: int = 0):
        self.target, self.iter, self.body, self.line = target, iter_, body, line


class Try(Stmt):
    """`try:` body, `except T as n:` handlers ((type or None, name or "",
    body)), `finally:`."""

    __slots__ = ("body", "handlers", "final")

    def __init__(self, body: list, handlers=(), final: Optional[list] = None, line: int = 0):
        self.body, self.handlers, self.final, self.line = body, list(handlers), final, line


class FunctionDef(Stmt):
    """`# comment`, decorators, `[async] def name(params):` body."""

    __slots__ = ("name", "params", "body", "is_async", "decorators", "comment")

    def __init__(self, name: str, params: list, body: list, is_async: bool = False,
                 decorators=(), comment: str = "", line: int = 0):
        self.name, self.params, self.body, self.is_async = name, list(params), body, is_async
        self.decorators, self.comment, self.line = list(decorators), comment, line


class ClassDef(Stmt):
    __slots__ = ("name", "bases", "body", "comment")

    def __init__(self, name: str, bases: list, body: list, comment: str = "", line: int = 0):
        self.name, self.bases, self.body, self.comment, self.line = name, bases, body, comment, line


def is_terminal(stmts: list) -> bool:
    """True when nothing after these statements runs."""
    return bool(stmts) and stmts[-1].terminal


# ---------------------------------------------------------------- printing


class Writer:
    """Prints statements: `lines` (Python text, no newlines) and `mesh`
    (per Python line, the Mesh line it came from; 0 if none)."""

    def __init__(self):
        self.lines: list[str] = []
        self.mesh: list[int] = []

    def write(self, stmts: list, indent: int = 0, line: int = 0) -> "Writer":
        pad = "    " * indent
        lines, mesh = self.lines, self.mesh
        if not stmts:
            lines.append(pad + "pass")
            mesh.append(line)
            return self
        for s in stmts:
            ln = s.line or line
            if isinstance(s, Simple):
                lines.append(f"{pad}{s.text()}  # {s.note}" if s.note else pad + s.text())
                mesh.append(ln)
            elif isinstance(s, If):
                word = "if "
                for test, body, bl in s.branches:
                    bl = bl or line
                    lines.append(f"{pad}{word}{test}:")
                    mesh.append(bl)
                    self.write(body, indent + 1, bl)
                    word = "elif "
                if s.orelse is not None:
                    el = s.else_line or line
                    lines.append(pad + "else:")
                    mesh.append(el)
                    self.write(s.orelse, indent + 1, el)
            elif isinstance(s, Blank):
                lines.append("")
                mesh.append(0)
            elif isinstance(s, Comment):
                lines.append(f"{pad}# {s.content}")
                mesh.append(ln)
            else:
                self._compound(s, pad, indent, ln)
        return self

    def _compound(self, s, pad: str, indent: int, ln: int) -> None:
        lines, mesh = self.lines, self.mesh
        if isinstance(s, FunctionDef):
            self._head(s.comment, s.decorators, pad, ln)
            lines.append(f"{pad}{'async def' if s.is_async else 'def'} {s.name}({', '.join(s.params)}):")
            mesh.append(ln)
            self.write(s.body, indent + 1, ln)
        elif isinstance(s, While):
            self._block(f"{pad}while {s.test}:", s.body, indent, ln)
        elif isinstance(s, For):
            self._block(f"{pad}for {s.target} in {s.iter}:", s.body, indent, ln)
        elif isinstance(s, Try):
            self._block(pad + "try:", s.body, indent, ln)
            for typ, as_name, body in s.handlers:
                head = "except" + (f" {typ}" if typ else "") + (f" as {as_name}" if as_name else "")
                self._block(f"{pad}{head}:", body, indent, ln)
            if s.final is not None:
                self._block(pad + "finally:", s.final, indent, ln)
        elif isinstance(s, ClassDef):
            self._head(s.comment, (), pad, ln)
            bases = f"({', '.join(s.bases)})" if s.bases else ""
            self._block(f"{pad}class {s.name}{bases}:", s.body, indent, ln)
        elif isinstance(s, Multiline):
            self._multiline(s, pad)
        else:
            raise AssertionError(f"not a statement: {s!r}")

    def _block(self, header: str, body: list, indent: int, ln: int) -> None:
        self.lines.append(header)
        self.mesh.append(ln)
        self.write(body, indent + 1, ln)

    def _head(self, comment: str, decorators, pad: str, ln: int) -> None:
        if comment:
            self.lines.append(f"{pad}# {comment}")
            self.mesh.append(ln)
        for d in decorators:
            self.lines.append(f"{pad}@{d}")
            self.mesh.append(ln)

    def _multiline(self, s: Multiline, pad: str) -> None:
        self.lines.append(pad + s.head)
        self.mesh.append(s.line)
        inner = pad + "    "
        for item in s.items:
            if isinstance(item, Multiline):
                self._multiline(item, inner)
            else:
                self.lines.append(f"{inner}{item},")
                self.mesh.append(s.line)
        self.lines.append(pad + s.close)
        self.mesh.append(s.line)


def render(stmts: list, indent: int = 0) -> str:
    """The statements as Python text (tests, single functions)."""
    return "\n".join(Writer().write(stmts, indent).lines)
