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
from ..check.model import FunctionCall, LocalRef, OpInfo, StdlibCall
from ..check.types import TCon, TTuple, resolve
from ..lower.names import py_string

DEPTH_LIMIT = 20000  # the interpreted build's recursion limit (loader.run_built)
_SCALARS = {"Int": "i64", "Float": "float", "Bool": "bool"}

_PRELUDE = '''\
# Typed island of Mesh module {module} (meshpy build --native); compiled by mypyc.
import math as _math
from typing import NoReturn

from mypy_extensions import i64
from meshpy.runtime.panic import MeshPanic
from meshpy.runtime.output import println as _rt_println, print_ as _rt_print

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


def _f2i(f: float) -> i64:
    # Float to Int as runtime.float_to_int: truncate, saturate, NaN is 0
    if f != f:
        return 0
    if f >= 9.223372036854775807e18:
        return INT_MAX
    if f <= -9.223372036854775808e18:
        return INT_MIN
    return i64(int(f))


def _empty(fn: str) -> NoReturn:
    raise MeshPanic(f"List.{{fn}}: empty list")


def _out_of_bounds(fn: str, i: i64, n: i64) -> NoReturn:
    raise MeshPanic(f"List.{{fn}}: index {{i}} out of bounds (len {{n}})")


def _fne(a: float, b: float) -> bool:
    return a < b or a > b  # false when either is NaN, as runtime.fne


def _sqrt(x: float) -> float:
    return _math.sqrt(x) if x >= 0.0 else _math.nan


def _fmin(a: float, b: float) -> float:
    if a != a:
        return b
    if b != b:
        return a
    return b if b < a else a


def _fmax(a: float, b: float) -> float:
    if a != a:
        return b
    if b != b:
        return a
    return b if b > a else a


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


def _in_str(x: object) -> str:
    if not isinstance(x, str):
        raise MeshPanic(f"String expected entering native code: {{x!r}}")
    return x


def _in_list(x: object) -> list:
    if not isinstance(x, list):
        raise MeshPanic(f"List expected entering native code: {{x!r}}")
    return x


def _in_list_int(x: object) -> list[i64]:
    return [_in_int(v) for v in _in_list(x)]


def _in_list_float(x: object) -> list[float]:
    return [_in_float(v) for v in _in_list(x)]


def _in_list_bool(x: object) -> list[bool]:
    return [_in_bool(v) for v in _in_list(x)]


def _in_list_str(x: object) -> list[str]:
    return [_in_str(v) for v in _in_list(x)]
'''


# names the typed module uses besides its helpers (which all start with `_`)
_USED_NAMES = {"i64", "MeshPanic", "INT_MIN", "INT_MAX", "str", "len", "range", "float", "bool", "list",
               "int", "isinstance", "object", "None", "True", "False"}
_ENTRY = {"i64": "_in_int", "float": "_in_float", "bool": "_in_bool", "str": "_in_str"}


# stdlib calls with a typed equivalent: (module, name, argument types) -> code
_NUMERIC = {
    ("Int", "to_float", ("i64",)): "float({0})",
    ("Float", "from", ("i64",)): "float({0})",
    ("Float", "to_int", ("float",)): "_f2i({0})",
    ("Math", "sqrt", ("float",)): "_sqrt({0})",
    ("Math", "abs", ("i64",)): "(-{0} if {0} < 0 else {0})",  # wraps: abs(Int.min) is Int.min
    ("Math", "abs", ("float",)): "abs({0})",
    ("Math", "min", ("i64", "i64")): "({1} if {1} < {0} else {0})",
    ("Math", "max", ("i64", "i64")): "({1} if {1} > {0} else {0})",
    ("Math", "min", ("float", "float")): "_fmin({0}, {1})",
    ("Math", "max", ("float", "float")): "_fmax({0}, {1})",
    ("String", "from", ("i64",)): "str({0})",
    ("String", "from", ("str",)): "{0}",
    ("String", "length", ("str",)): "len({0})",  # code points, as the runtime
    ("String", "join", ("list[str]", "str")): "{1}.join({0})",
    ("Math", "floor", ("float",)): "_f2i(_math.floor({0}) if {0} == {0} and not _math.isinf({0}) else {0})",
    ("Math", "ceil", ("float",)): "_f2i(_math.ceil({0}) if {0} == {0} and not _math.isinf({0}) else {0})",
}


class NotNative(Exception):
    """The function (or an expression in it) cannot be typed."""


def scalar(t) -> Optional[str]:
    t = resolve(t) if t is not None else None
    if isinstance(t, TCon) and not t.args:
        return _SCALARS.get(t.name)
    return None


def ptype(t, result: bool = False) -> Optional[str]:
    """The mypyc annotation for a Mesh type, or None when it has none here."""
    t = resolve(t) if t is not None else None
    if result and isinstance(t, TTuple) and not t.items:
        return "None"
    if isinstance(t, TCon) and t.name == "String" and not t.args:
        return "str"
    if isinstance(t, TCon) and t.name == "List" and len(t.args) == 1:
        item = ptype(t.args[0])
        return f"list[{item}]" if item in ("i64", "float", "bool", "str") else None
    return scalar(t)


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
        if ptype(ftype.ret, result=True) is None or not all(ptype(p) for p in ftype.params):
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
        chosen = {n: d for n, d in candidates(self.program, self.module).items()
                  if not self.py_names[id(d)].startswith("_") and self.py_names[id(d)] not in _USED_NAMES}
        self.globals = {self.py_names[id(d)] for d in chosen.values()}
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
            kind = ptype(t)
            if kind.startswith("list["):
                args.append(f"_in_list_{_ENTRY[kind[5:-1]][4:]}({p})")
            else:
                args.append(f"{_ENTRY[kind]}({p})")
        ret = ptype(ftype.ret, result=True)
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
            name = self.bind(binding, ptype(t))
            params.append(f"{name}: {ptype(t)}")
        self.result = ptype(ftype.ret, result=True)
        self.params = [self.names[b.id] for b in decl.params[0]]
        body = self.block(decl.clauses[0].body, "return" if self.result != "None" else "unit")
        if self.tail_loop:
            body = ["while True:"] + ["    " + line for line in body]
        if self.tail_loop and self.result == "None":
            body.append("    return None")
        lines = [f"def {py}({', '.join(params + ['_depth: i64'])}) -> {self.result}:",
                 f"    if _depth > {DEPTH_LIMIT}:",
                 "        _deep()"]
        lines += ["    " + line for line in body]
        return "\n".join(lines) + "\n"

    def bind(self, binding, kind: str) -> str:
        """A Python local for a Mesh binding: its own name unless that is taken
        (an earlier binding, a builtin or module name the island uses)."""
        base = binding.name if binding.name.isidentifier() else "v"
        name = base
        if name in self.types or name.startswith("_") or name in _USED_NAMES or name in self.island.globals:
            name = f"{base}_{binding.id}"
        self.names[binding.id] = name
        self.types[name] = kind
        return name

    # ---------------------------------------------------------------- statements

    def block(self, block: A.Block, ctx) -> list:
        """Statements computing the block's value into `ctx`: "return",
        "unit" (a Unit function's end), "drop" (value unused) or a local's
        name."""
        lines = []
        stmts = block.stmts
        if not stmts:
            raise NotNative("empty block")
        for stmt in stmts[:-1]:
            if isinstance(stmt, A.Let) and isinstance(stmt.pattern, A.PVar):
                lines += self.let(stmt.pattern, stmt.value)
            elif isinstance(stmt, A.ExprStmt):
                lines += self.into(stmt.expr, "drop")
            else:
                raise NotNative("statement")
        last = stmts[-1]
        if isinstance(last, A.Let) and ctx in ("drop", "unit") and isinstance(last.pattern, A.PVar):
            return lines + self.let(last.pattern, last.value)
        if not isinstance(last, A.ExprStmt):
            raise NotNative("last statement")
        return lines + self.into(last.expr, ctx)

    def let(self, pattern, value) -> list:
        binding = self.program.info.get(pattern)
        kind = ptype(self.program.type_of(value))
        if binding is None or kind is None:
            raise NotNative("let")
        binding = getattr(binding, "binding", binding)
        name = self.bind(binding, kind)
        return [f"{name}: {kind}"] + self.into(value, name)

    def temp(self, kind: str) -> str:
        self.tmp += 1
        name = f"_t{self.tmp}"
        self.types[name] = kind
        return name

    def into(self, e, ctx) -> list:
        if isinstance(e, A.If) and (e.else_ is not None or ctx in ("drop", "unit")):
            lines = [f"if {self.expr(e.cond)}:"] + _indent(self.block(e.then, ctx))
            if e.else_ is not None:
                lines += ["else:"] + _indent(self.block(e.else_, ctx))
            return lines
        if ctx in ("return", "unit") and self.is_self_tail_call(e):
            return self.tail_call(e)
        if isinstance(e, A.For):
            return self.for_loop(e, ctx)
        loop = self.list_loop(e, ctx)
        if loop is not None:
            return loop
        if ctx == "return":
            return [f"return {self.expr(e)}"]
        if ctx in ("drop", "unit"):
            return [self.expr(e)]
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

    # ---------------------------------------------------------------- loops

    def result_into(self, ctx, value: str) -> list:
        if ctx == "return":
            return [f"return {value}"]
        if ctx in ("drop", "unit"):
            return []
        return [f"{ctx} = {value}"]

    def binder(self, pattern, kind: str) -> str:
        binding = self.program.info.get(pattern)
        if not isinstance(pattern, A.PVar) or binding is None:
            raise NotNative("binder")
        return self.bind(binding, kind)

    def for_loop(self, e, ctx) -> list:
        """`for x in a..b` / `for x in list` collecting the body's values."""
        it = e.iterable
        if isinstance(it, A.Binary) and it.op == ".." and scalar(self.program.type_of(it.left)) == "i64":
            var = self.binder(e.binder, "i64")
            head = [f"{var}: i64", f"for {var} in range({self.expr(it.left)}, {self.expr(it.right)}):"]
        else:
            kind = ptype(self.program.type_of(it))
            if kind is None or not kind.startswith("list["):
                raise NotNative("for over")
            var = self.binder(e.binder, kind[5:-1])
            head = [f"{var}: {kind[5:-1]}", f"for {var} in {self.expr(it)}:"]
        collect = ctx not in ("drop", "unit")
        out_kind = ptype(self.program.type_of(e)) if collect else None
        if collect and (out_kind is None or not out_kind.startswith("list[")):
            raise NotNative("for result")
        acc = self.temp(out_kind) if collect else None
        item = self.temp(out_kind[5:-1]) if collect else None
        body = []
        if collect:
            body += [f"{item}: {out_kind[5:-1]}"] + self.block(e.body, item) + [f"{acc}.append({item})"]
        else:
            body += self.block(e.body, "drop")
        if e.filter is not None:
            body = [f"if {self.expr(e.filter)}:"] + _indent(body)
        lines = ([f"{acc}: {out_kind} = []"] if collect else []) + head + _indent(body)
        return lines + (self.result_into(ctx, acc) if collect else [])

    def closure(self, e, arity: int):
        """The clause of a literal closure argument with `arity` plain parameters."""
        if not isinstance(e, A.Closure) or len(e.clauses) != 1:
            raise NotNative("closure")
        clause = e.clauses[0]
        if clause.guard is not None or len(clause.params) != arity:
            raise NotNative("closure")
        return clause

    def list_loop(self, e, ctx):
        """List.map / filter / reduce with a literal closure: a typed loop."""
        target = self.program.info.get(e) if isinstance(e, A.Call) else None
        if not isinstance(target, StdlibCall) or target.ref.module != "List":
            return None
        name = target.ref.name
        if name not in ("map", "filter", "reduce") or target.async_variant:
            return None
        xs = target.args[0]
        kind = ptype(self.program.type_of(xs))
        if kind is None or not kind.startswith("list["):
            raise NotNative("list")
        item_kind = kind[5:-1]
        if name == "reduce":
            clause = self.closure(target.args[2], 2)
            acc_kind = ptype(self.program.type_of(target.args[1]))
            if acc_kind is None:
                raise NotNative("reduce")
            acc = self.binder(clause.params[0].pattern, acc_kind)
            var = self.binder(clause.params[1].pattern, item_kind)
            lines = [f"{acc}: {acc_kind} = {self.expr(target.args[1])}", f"{var}: {item_kind}",
                     f"for {var} in {self.expr(xs)}:"] + _indent(self.block(clause.body, acc))
            return lines + self.result_into(ctx, acc)
        clause = self.closure(target.args[1], 1)
        var = self.binder(clause.params[0].pattern, item_kind)
        out_kind = ptype(self.program.type_of(e))
        if out_kind is None:
            raise NotNative("map result")
        out = self.temp(out_kind)
        value = self.temp(out_kind[5:-1] if name == "map" else "bool")
        body = [f"{value}: {self.types[value]}"] + self.block(clause.body, value)
        body += [f"{out}.append({value})"] if name == "map" else [f"if {value}:", f"    {out}.append({var})"]
        lines = [f"{out}: {out_kind} = []", f"{var}: {item_kind}", f"for {var} in {self.expr(xs)}:"]
        return lines + _indent(body) + self.result_into(ctx, out)

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

    def e_StringLit(self, e) -> str:
        pieces = []
        for part in e.parts:
            if isinstance(part, str):
                pieces.append(py_string(part))
                continue
            kind = ptype(self.program.type_of(part))
            if kind == "i64":
                pieces.append(f"str({self.expr(part)})")
            elif kind == "str":
                pieces.append(self.expr(part))
            else:
                raise NotNative("interpolation")  # Float/Bool display rules stay in the runtime
        if not pieces:
            return '""'
        return pieces[0] if len(pieces) == 1 else "(" + " + ".join(pieces) + ")"

    def e_ListLit(self, e) -> str:
        if ptype(self.program.type_of(e)) is None:
            raise NotNative("list type")
        return "[" + ", ".join(self.expr(item) for item in e.items) + "]"

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
        kind = ptype(self.program.type_of(e.left))
        if kind not in ("i64", "float", "bool", "str"):
            raise NotNative("operand")
        info = self.program.info.get(e)
        if isinstance(info, OpInfo) and info.kind not in ("int", "float", "bool", "eq", "compare", "string"):
            raise NotNative("operator")
        a, b = self.expr(e.left), self.expr(e.right)
        op = e.op
        if op in ("and", "or", "&&", "||"):
            return f"({a} {'and' if op in ('and', '&&') else 'or'} {b})"
        if op in ("==", "<", ">", "<=", ">="):
            return f"({a} {op} {b})"
        if op == "!=":
            return f"_fne({a}, {b})" if kind == "float" else f"({a} != {b})"
        if kind == "str" and op == "<>":
            return f"({a} + {b})"
        if kind in ("bool", "str"):
            raise NotNative("bool/string arithmetic")
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
        if isinstance(target, StdlibCall):
            return self.stdlib(target)
        if not isinstance(target, FunctionCall) or id(target.decl) not in self.chosen:
            raise NotNative("call")
        if target.is_async or len(target.args) != len(e.args):
            raise NotNative("call")
        callee = self.island.py_names[id(target.decl)]
        args = [self.expr(a) for a in target.args] + ["_depth + 1"]
        return f"{callee}({', '.join(args)})"


    def stdlib(self, target) -> str:
        ref = target.ref
        args = [self.expr(a) for a in target.args]
        if ref.module == "" and ref.name in ("println", "print") and len(args) == 1:
            return f"_rt_{ref.name}({args[0]})"  # the runtime's own output (same buffering)
        if ref.module == "List" and ref.name == "length" and len(args) == 1:
            return f"len({args[0]})"
        kinds = [ptype(self.program.type_of(a)) for a in target.args]
        simple = _NUMERIC.get((ref.module, ref.name, tuple(kinds))) or _list_form(ref, kinds)
        if simple is not None:
            for i, arg in enumerate(args):  # an argument written twice must not run twice
                if simple.count("{%d}" % i) > 1 and not _is_plain(arg):
                    raise NotNative("argument used twice")
            return simple.format(*args)
        raise NotNative(f"{ref.module}.{ref.name}")


def _list_form(ref, kinds: list):
    """Typed forms of List functions whose element type does not matter;
    an empty list panics with the runtime's message."""
    if ref.module != "List" or not kinds or not (kinds[0] or "").startswith("list["):
        return None
    name, n = ref.name, len(kinds)
    if name == "head" and n == 1:
        return '({0}[0] if {0} else _empty("%s"))' % name
    if name == "last" and n == 1:
        return '({0}[-1] if {0} else _empty("last"))'
    if name in ("get", "nth") and n == 2 and kinds[1] == "i64":
        return '({0}[{1}] if 0 <= {1} < len({0}) else _out_of_bounds("%s", {1}, len({0})))' % name
    if name == "contains" and n == 2 and kinds[1] in ("i64", "str", "bool"):
        return "({1} in {0})"  # not Float: `in` tests identity first, and NaN boxes are new objects
    return None


def _is_plain(code: str) -> bool:
    """A local name or a number: free to evaluate twice."""
    return code.isidentifier() or code.replace(".", "", 1).replace("-", "", 1).isdigit()


def _indent(lines: list) -> list:
    return ["    " + line for line in lines]
