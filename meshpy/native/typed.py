"""Typed Python for the functions of a module that can run natively.

A function qualifies ("island") when it is a top-level `fn` whose
parameters and result are Int, Float, Bool, String or lists of them (docs/
native.md has the whole list), whose clauses match only literals, `_` and
variables (the last clause matching everything), and whose body uses only
what FunctionEmitter can type: literals, locals, `let`, `if`, `case` on
scalars, operators, `for` loops, List.map/filter/reduce with literal
closures, some stdlib calls and direct calls of other island functions (of
any module of the program; self tail calls become a loop). Everything else stays
interpreted; the interpreted module calls the island through boxed entry
functions (`_entry_<name>`) that range-check what comes in.

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

import unicodedata
from typing import Optional

from .. import ast as A
from ..check.model import Binding, FunctionCall, LocalRef, OpInfo, StdlibCall
from ..check.types import TCon, TTuple, resolve
from ..lower.names import py_string
from .prelude import PRELUDE as _PRELUDE

DEPTH_LIMIT = 20000  # the interpreted build's recursion limit (loader.run_built)
_SCALARS = {"Int": "i64", "Float": "float", "Bool": "bool"}

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
    """Top-level functions whose signature is typed scalars and whose clauses
    match only literals, wildcards and variables, the last one matching
    everything (so no call can fall through): name -> decl."""
    out = {}
    for name, decl in program.modules[module].functions.items():
        if decl.kind != "fn" or decl.scheme is None or decl.scheme.vars or not decl.exhaustive:
            continue
        if any(clause.body is None or clause.generics for clause in decl.clauses):
            continue
        ftype = resolve(decl.scheme.type)
        if ptype(ftype.ret, result=True) is None or not all(ptype(p) for p in ftype.params):
            continue
        if not all(_simple_pattern(program, p.pattern) for c in decl.clauses for p in c.params):
            continue
        last = decl.clauses[-1]
        if last.guard is not None or any(isinstance(p.pattern, A.PLiteral) for p in last.params):
            continue
        out[name] = decl
    return out


def _simple_pattern(program, p) -> bool:
    """A literal, `_` or a variable (not a nullary variant)."""
    if isinstance(p, A.PVar):
        return isinstance(program.info.get(p), Binding)
    return isinstance(p, A.PWildcard) or isinstance(p, A.PLiteral) and p.value is not None


class IslandEmitter:
    """Emits one typed module with the island functions of every module of
    a program: one mypyc run per build (its fixed cost, some 3 s of C
    compiling, dominates), and a call from one module's island to another's
    is a direct native call."""

    def __init__(self, program, py_names: dict):
        self.program = program
        self.py_names = py_names  # id(decl) -> the interpreted module's Python name

    def emit(self) -> tuple[Optional[str], dict]:
        """(typed source or None, {Mesh module: [(interpreted name, typed name)]})."""
        chosen = {}  # id(decl) -> (module, decl)
        for module in self.program.project.order:
            for decl in candidates(self.program, module).values():
                py = self.py_names[id(decl)]
                if not py.startswith("_") and py not in _USED_NAMES:
                    chosen[id(decl)] = (module, decl)
        self.typed_names = _unique_names({key: self.py_names[key] for key in chosen})
        self.globals = set(self.typed_names.values())
        while True:  # drop functions that fail to type, then those calling them
            bodies = {}
            for key, (_module, decl) in chosen.items():
                try:
                    bodies[key] = FunctionEmitter(self, decl, chosen).emit()
                except NotNative:
                    pass
            if len(bodies) == len(chosen):
                break
            chosen = {key: value for key, value in chosen.items() if key in bodies}
        if not chosen:
            return None, {}
        hooks: dict = {}
        parts = []
        for key, (module, decl) in chosen.items():
            parts += [bodies[key], self.entry(decl)]
            hooks.setdefault(module, []).append((self.py_names[key], self.typed_names[key]))
        return "\n\n".join([_PRELUDE.format(modules=", ".join(hooks))] + parts), hooks

    def entry(self, decl) -> str:
        """The boxed entry the interpreted code calls: checks every argument."""
        py = self.typed_names[id(decl)]
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
        self.chosen = set(chosen)  # id(decl) of every island function
        self.names: dict = {}  # Binding id -> Python local name
        self.types: dict = {}  # Python local name -> annotation
        self.tail_loop = False
        self.tmp = 0

    # ---------------------------------------------------------------- layout

    def emit(self) -> str:
        decl = self.decl
        py = self.island.typed_names[id(decl)]
        ftype = resolve(decl.scheme.type)
        self.result = ptype(ftype.ret, result=True)
        self.params = self.param_names(ftype)
        params = [f"{name}: {ptype(t)}" for name, t in zip(self.params, ftype.params)]
        body = self.clauses("return" if self.result != "None" else "unit")
        if self.tail_loop:
            body = ["while True:"] + ["    " + line for line in body]
        if self.tail_loop and self.result == "None":
            body.append("    return None")
        lines = [f"def {py}({', '.join(params + ['_depth: i64'])}) -> {self.result}:",
                 f"    if _depth > {DEPTH_LIMIT}:",
                 "        _deep()"]
        lines += ["    " + line for line in body]
        return "\n".join(lines) + "\n"

    def param_names(self, ftype) -> list:
        """One Python parameter per position, named after the first clause
        variable there; every clause's variable at that position is it."""
        names = []
        for j, t in enumerate(ftype.params):
            bindings = [c[j] for c in self.decl.params if isinstance(c[j], Binding)]
            name = self.bind(bindings[0], ptype(t)) if bindings else self.fresh("arg", ptype(t))
            for binding in bindings:
                self.names[binding.id] = name
            names.append(name)
        return names

    def clauses(self, ctx) -> list:
        """The clauses as one if/elif chain on the literal parameters and
        guards; the first clause that tests nothing is the `else`."""
        lines = []
        for clause in self.decl.clauses:
            tests = [self.literal_test(name, p.pattern) for name, p in zip(self.params, clause.params)
                     if isinstance(p.pattern, A.PLiteral)]
            if clause.guard is not None:
                tests.append(self.expr(clause.guard))
            lines += self.branch(not lines, tests, self.block(clause.body, ctx))
            if not tests:
                return lines
        raise NotNative("clauses fall through")  # candidates() excludes it

    def branch(self, first: bool, tests: list, body: list) -> list:
        """One link of an if/elif/else chain (the whole chain when `first`
        and there is nothing to test)."""
        if not tests:
            return body if first else ["else:"] + _indent(body)
        return [f"{'if' if first else 'elif'} {' and '.join(tests)}:"] + _indent(body)

    def literal_test(self, code: str, p) -> str:
        v = p.value
        if isinstance(v, bool):
            return code if v else f"(not {code})"
        if isinstance(v, int):
            if not -(1 << 63) <= v < (1 << 63):
                raise NotNative("literal")
            return f"{code} == {v if v != -(1 << 63) else 'INT_MIN'}"
        if isinstance(v, float):
            return f"{code} == {repr(v)}"
        if isinstance(v, str):
            return f"{code} == {py_string(v)}"
        raise NotNative("pattern literal")

    def fresh(self, base: str, kind: str) -> str:
        name, n = base, 0
        while name in self.types or name in _USED_NAMES or name in self.island.globals:
            n += 1
            name = f"{base}_{n}"
        self.types[name] = kind
        return name

    def bind(self, binding, kind: str) -> str:
        """A Python local for a Mesh binding: its own name unless that is taken
        (an earlier binding, a builtin or module name the island uses). The
        suffix counts within the function, so the typed source (the cache
        key) does not depend on what else the process has analysed."""
        # Python reads identifiers in NFKC: `ﬁ` and `fi` are one name there
        base = unicodedata.normalize("NFKC", binding.name)
        base = base if base.isidentifier() else "v"
        if base.startswith("_"):
            base = "v" + base
        name = self.fresh(base, kind)
        self.names[binding.id] = name
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
        if isinstance(e, A.Case):
            return self.case(e, ctx)
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

    def case(self, e, ctx) -> list:
        """`case` on an Int, Float, Bool or String with literal, `_` and
        variable arms: an if/elif/else chain on the scrutinee, kept in a
        local; a variable arm names that local."""
        kind = ptype(self.program.type_of(e.scrutinee))
        if kind not in ("i64", "float", "bool", "str"):
            raise NotNative("case scrutinee")
        code = self.expr(e.scrutinee)
        lines = []
        if not code.isidentifier():
            tmp = self.temp(kind)
            lines, code = [f"{tmp}: {kind} = {code}"], tmp
        chain, bools = [], set()
        for arm in e.arms:
            p = arm.pattern
            if not _simple_pattern(self.program, p):
                raise NotNative("case pattern")
            if isinstance(p, A.PVar):
                self.names[self.program.info.get(p).id] = code
            tests = [self.literal_test(code, p)] if isinstance(p, A.PLiteral) else []
            if arm.guard is not None:
                tests.append(self.expr(arm.guard))
            elif kind == "bool" and isinstance(p, A.PLiteral):
                bools.add(p.value)
                if bools == {True, False}:
                    tests = []  # the second Bool arm matches what is left
            body = self.block(arm.body, ctx) if isinstance(arm.body, A.Block) else self.into(arm.body, ctx)
            chain += self.branch(not chain, tests, body)
            if not tests:
                return lines + chain
        raise NotNative("case without a catch-all arm")

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
            elif kind == "bool":
                pieces.append(f'("true" if {self.expr(part)} else "false")')  # runtime show_bool
            else:
                raise NotNative("interpolation")  # Float display rules stay in the runtime
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
        callee = self.island.typed_names[id(target.decl)]
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


def _unique_names(names: dict) -> dict:
    """A typed name for each island function: its interpreted name, with a
    suffix where two modules use the same one."""
    out, used = {}, set()
    for key, base in names.items():
        name, n = base, 1
        while name in used:
            n += 1
            name = f"{base}_{n}"
        used.add(name)
        out[key] = name
    return out


def _is_plain(code: str) -> bool:
    """A local name or a number: free to evaluate twice."""
    return code.isidentifier() or code.replace(".", "", 1).replace("-", "", 1).isdigit()


def _indent(lines: list) -> list:
    return ["    " + line for line in lines]
