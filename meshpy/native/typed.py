"""Typed Python for the functions of a module that can run natively.

A function qualifies ("island") when it is a plain one-clause top-level
`fn` whose parameters and result are Int, Float or Bool, and whose body uses
only literals, locals, `let`, `if`, arithmetic/comparison/boolean operators
and direct calls of other island functions of the same module (self tail
calls become a loop). Everything else stays interpreted; the interpreted
module calls the island through boxed entry functions (`_entry_<name>`)
that range-check what comes in.

The typed source is what mypyc compiles (meshpy/native/compile.py). Mesh
semantics the C code must keep:

* Int is mypyc's `i64`; `+ - *` wrap because the C code is compiled with
  `-fwrapv`;
* `/` and `%` go through `_idiv`/`_imod` (truncating, panicking on zero,
  `Int.min / -1` wrapping) and `_fdiv`/`_fmod` for Float;
* every island function takes a hidden depth argument and raises
  RecursionError past DEPTH_LIMIT — compiled recursion ignores Python's
  limit and would overflow the C stack instead.
"""

from __future__ import annotations

from typing import Optional

from .. import ast as A
from ..check.model import FunctionCall, LocalRef, OpInfo
from ..check.types import TCon, resolve

DEPTH_LIMIT = 20000  # the interpreted build's recursion limit (loader.run_built)
_SCALARS = {"Int": "i64", "Float": "float", "Bool": "bool"}

_PRELUDE = '''\
# Typed island of Mesh module {module} (meshpy build --native); compiled by mypyc.
import math as _math

from mypy_extensions import i64
from meshpy.runtime.panic import MeshPanic

INT_MIN: i64 = -9223372036854775807 - 1
INT_MAX: i64 = 9223372036854775807
_LO: int = -9223372036854775808  # arbitrary-precision bounds for values coming in
_HI: int = 9223372036854775807


def _deep() -> None:
    raise RecursionError("maximum recursion depth exceeded")


def _idiv(a: i64, b: i64) -> i64:
    if b == 0:
        raise MeshPanic("division by zero")
    if b == -1:
        return -a  # wraps: Int.min / -1 is Int.min
    q = a // b  # floors; Mesh truncates toward zero
    if q < 0 and q * b != a:
        q += 1
    return q


def _imod(a: i64, b: i64) -> i64:
    if b == 0:
        raise MeshPanic("division by zero")
    if b == -1:
        return 0
    return a - _idiv(a, b) * b


def _fdiv(a: float, b: float) -> float:
    if b == 0.0:  # IEEE-754 results, as the interpreted runtime.fdiv
        if a != a or a == 0.0:
            return _math.nan
        return _math.copysign(_math.inf, a) * _math.copysign(1.0, b)
    return a / b


def _fmod(a: float, b: float) -> float:
    if b == 0.0 or a != a or b != b or _math.isinf(a):
        return _math.nan  # where C fmod gives NaN (runtime.fmod)
    return _math.fmod(a, b)


def _in_int(x: object) -> i64:
    # a value entering the island from the runtime: must be a 64-bit Int
    if not isinstance(x, int) or isinstance(x, bool) or x < _LO or x > _HI:
        raise MeshPanic(f"Int value out of 64-bit range entering native code: {{x!r}}")
    return i64(x)


def _in_float(x: object) -> float:
    if not isinstance(x, float):
        raise MeshPanic(f"Float expected entering native code: {{x!r}}")
    return x


def _in_bool(x: object) -> bool:
    if not isinstance(x, bool):
        raise MeshPanic(f"Bool expected entering native code: {{x!r}}")
    return x
'''


class NotNative(Exception):
    """The function (or an expression in it) cannot be typed."""


def scalar(t) -> Optional[str]:
    t = resolve(t) if t is not None else None
    if isinstance(t, TCon) and not t.args:
        return _SCALARS.get(t.name)
    return None


def candidates(program, module: str) -> dict:
    """Top-level functions whose signature is typed scalars: name -> decl."""
    out = {}
    for name, decl in program.modules[module].functions.items():
        if decl.kind != "fn" or len(decl.clauses) != 1 or decl.clauses[0].guard is not None:
            continue
        clause = decl.clauses[0]
        if clause.body is None or clause.generics or decl.scheme is None or decl.scheme.vars:
            continue
        ftype = resolve(decl.scheme.type)
        if scalar(ftype.ret) is None or not all(scalar(p) for p in ftype.params):
            continue
        if not all(isinstance(p.pattern, A.PVar) for p in clause.params):
            continue
        out[name] = decl
    return out


class IslandEmitter:
    """Emits the typed module for the island functions of one Mesh module."""

    def __init__(self, program, module: str, py_names: dict):
        self.program = program
        self.module = module
        self.py_names = py_names  # id(decl) -> the interpreted module's Python name

    def emit(self) -> tuple[Optional[str], list]:
        """(typed source or None, [Python names of island functions])."""
        chosen = candidates(self.program, self.module)
        while True:  # drop functions that fail to type, then those calling them
            bodies = {}
            for name, decl in chosen.items():
                try:
                    bodies[name] = FunctionEmitter(self, decl, chosen).emit()
                except NotNative:
                    pass
            if len(bodies) == len(chosen):
                break
            chosen = {n: d for n, d in chosen.items() if n in bodies}
        if not chosen:
            return None, []
        parts = [_PRELUDE.format(module=self.module)]
        names = []
        for name, decl in chosen.items():
            parts.append(bodies[name])
            parts.append(self.entry(decl))
            names.append(self.py_names[id(decl)])
        return "\n\n".join(parts), names

    def entry(self, decl) -> str:
        """The boxed entry the interpreted code calls: checks every argument."""
        py = self.py_names[id(decl)]
        ftype = resolve(decl.scheme.type)
        params = [f"a{i}" for i in range(len(ftype.params))]
        args = []
        for p, t in zip(params, ftype.params):
            helper = {"i64": "_in_int", "float": "_in_float", "bool": "_in_bool"}[scalar(t)]
            args.append(f"{helper}({p})")
        ret = scalar(ftype.ret)
        sig = ", ".join(f"{p}: object" for p in params)
        return (f"def _entry_{py}({sig}) -> {ret}:\n"
                f"    return {py}({', '.join(args + ['0'])})\n")


class FunctionEmitter:
    def __init__(self, island: IslandEmitter, decl, chosen: dict):
        self.island = island
        self.program = island.program
        self.decl = decl
        self.chosen = {id(d) for d in chosen.values()}
        self.names: dict = {}  # Binding id -> Python local name
        self.types: dict = {}  # Python local name -> annotation
        self.tail_loop = False
        self.tmp = 0

    # ---------------------------------------------------------------- layout

    def emit(self) -> str:
        decl = self.decl
        py = self.island.py_names[id(decl)]
        ftype = resolve(decl.scheme.type)
        params = []
        for binding, t in zip(decl.params[0], ftype.params):
            name = self.bind(binding, scalar(t))
            params.append(f"{name}: {scalar(t)}")
        self.params = [self.names[b.id] for b in decl.params[0]]
        body = self.block(decl.clauses[0].body, "return")
        if self.tail_loop:
            body = ["while True:"] + ["    " + line for line in body]
        lines = [f"def {py}({', '.join(params + ['_depth: i64'])}) -> {scalar(ftype.ret)}:",
                 f"    if _depth > {DEPTH_LIMIT}:",
                 "        _deep()"]
        lines += ["    " + line for line in body]
        return "\n".join(lines) + "\n"

    def bind(self, binding, kind: str) -> str:
        base = binding.name if binding.name.isidentifier() else "v"
        name = base if base not in self.types and not base.startswith("_") else f"{base}_{binding.id}"
        if name in self.types or name in ("i64", "MeshPanic", "INT_MIN", "INT_MAX"):
            name = f"{base}_{binding.id}"
        self.names[binding.id] = name
        self.types[name] = kind
        return name

    # ---------------------------------------------------------------- statements

    def block(self, block: A.Block, ctx) -> list:
        """Statements computing the block's value into `ctx`: "return" or a
        local's name."""
        lines = []
        stmts = block.stmts
        if not stmts:
            raise NotNative("empty block")
        for stmt in stmts[:-1]:
            if isinstance(stmt, A.Let) and isinstance(stmt.pattern, A.PVar):
                binding = self.program.info.get(stmt.pattern)
                kind = scalar(self.program.type_of(stmt.value))
                if binding is None or kind is None:
                    raise NotNative("let")
                binding = getattr(binding, "binding", binding)
                name = self.bind(binding, kind)
                lines.append(f"{name}: {kind}")
                lines += self.into(stmt.value, name)
            else:
                raise NotNative("statement")  # a pure expression statement has no effect worth keeping
        last = stmts[-1]
        if not isinstance(last, A.ExprStmt):
            raise NotNative("last statement")
        return lines + self.into(last.expr, ctx)

    def into(self, e, ctx) -> list:
        if isinstance(e, A.If) and e.else_ is not None:
            return ([f"if {self.expr(e.cond)}:"] + _indent(self.block(e.then, ctx))
                    + ["else:"] + _indent(self.block(e.else_, ctx)))
        if ctx == "return" and self.is_self_tail_call(e):
            return self.tail_call(e)
        if ctx == "return":
            return [f"return {self.expr(e)}"]
        return [f"{ctx} = {self.expr(e)}"]

    def is_self_tail_call(self, e) -> bool:
        target = self.program.info.get(e) if isinstance(e, A.Call) else None
        return isinstance(target, FunctionCall) and target.decl is self.decl

    def tail_call(self, e) -> list:
        self.tail_loop = True
        args = [self.expr(a) for a in e.args]
        if len(args) == 1:
            return [f"{self.params[0]} = {args[0]}", "continue"]
        return [f"{', '.join(self.params)} = {', '.join(args)}", "continue"]

    # ---------------------------------------------------------------- expressions

    def expr(self, e) -> str:
        method = getattr(self, "e_" + type(e).__name__, None)
        if method is None:
            raise NotNative(type(e).__name__)
        return method(e)

    def e_IntLit(self, e) -> str:
        if not -(1 << 63) <= e.value < (1 << 63):
            raise NotNative("literal")
        return str(e.value) if e.value != -(1 << 63) else "INT_MIN"

    def e_FloatLit(self, e) -> str:
        r = repr(float(e.value))
        return f'float("{r}")' if r in ("inf", "-inf", "nan") else r

    def e_BoolLit(self, e) -> str:
        return "True" if e.value else "False"

    def e_Name(self, e) -> str:
        ref = self.program.info.get(e)
        if isinstance(ref, LocalRef) and ref.binding.id in self.names:
            return self.names[ref.binding.id]
        raise NotNative("name")

    def e_Unary(self, e) -> str:
        operand = self.expr(e.operand)
        if e.op == "not":
            return f"(not {operand})"
        if e.op == "-" and scalar(self.program.type_of(e.operand)) in ("i64", "float"):
            return f"(-{operand})"
        raise NotNative("unary")

    def e_Binary(self, e) -> str:
        kind = scalar(self.program.type_of(e.left))
        if kind is None:
            raise NotNative("operand")
        info = self.program.info.get(e)
        if isinstance(info, OpInfo) and info.kind not in ("int", "float", "bool", "eq", "compare"):
            raise NotNative("operator")
        a, b = self.expr(e.left), self.expr(e.right)
        op = e.op
        if op in ("and", "or", "&&", "||"):
            return f"({a} {'and' if op in ('and', '&&') else 'or'} {b})"
        if op in ("==", "<", ">", "<=", ">="):
            return f"({a} {op} {b})"
        if op == "!=":
            return f"({a} < {b} or {a} > {b})" if kind == "float" else f"({a} != {b})"
        if kind == "bool":
            raise NotNative("bool arithmetic")
        if op in ("+", "-", "*"):
            return f"({a} {op} {b})"
        if op == "/":
            return f"_{'i' if kind == 'i64' else 'f'}div({a}, {b})"
        if op == "%":
            return f"_{'i' if kind == 'i64' else 'f'}mod({a}, {b})"
        raise NotNative(op)

    def e_If(self, e) -> str:
        if e.else_ is None:
            raise NotNative("if without else")
        return f"({self.single(e.then)} if {self.expr(e.cond)} else {self.single(e.else_)})"

    def single(self, block) -> str:
        if len(block.stmts) != 1 or not isinstance(block.stmts[0], A.ExprStmt):
            raise NotNative("block in expression")
        return self.expr(block.stmts[0].expr)

    def e_Call(self, e) -> str:
        target = self.program.info.get(e)
        if not isinstance(target, FunctionCall) or id(target.decl) not in self.chosen:
            raise NotNative("call")
        if target.is_async or len(target.args) != len(e.args):
            raise NotNative("call")
        callee = self.island.py_names[id(target.decl)]
        args = [self.expr(a) for a in target.args] + ["_depth + 1"]
        return f"{callee}({', '.join(args)})"


def _indent(lines: list) -> list:
    return ["    " + line for line in lines]
