"""Lowering expressions to Python values: literals, names, calls, operators,
collections and process expressions. Each `v_<Node>` returns a `Py` (the
code model, code.py) and may first emit statements. A part of
FunctionLowerer (function.py), sharing its state."""

from __future__ import annotations

from typing import Optional

from .. import ast as A
from ..check import types as T
from ..check.model import (
    ActorLoopCall, DefaultValue, DerivedCall, DynamicCall, FunctionCall, MethodCall, SchemaCall,
    ServiceCall, StdlibCall, ToJsonCall, ToStringCall, TupleOp, ValueCall, VariantCall, ActorRef,
    CallTarget, FieldRef, FunctionRef, LocalRef, OpInfo, SpawnInfo, StdlibRef, StructDecl, TryInfo, VariantRef,
)
from .code import (
    ADD, AND, ATOM, AWAIT, CMP, MUL, NONE, NOT, OR, UNARY, If, Py, Return, atom, binop, literal, name, not_, path,
)
from .names import fstring_text, py_string
from .scan import walk
from .wrap import divide, negate, wrap


class ValuesMixin:

    def v_IntLit(self, e):
        return literal(str(e.value))

    def v_FloatLit(self, e):
        r = repr(e.value)
        return literal(r) if r not in ("inf", "nan") else atom(f"float({r!r})")

    def v_BoolLit(self, e):
        return literal("True" if e.value else "False")

    def v_NilLit(self, e):
        return NONE

    def v_AtomLit(self, e):
        # An atom is its bare name at run time (supplement 1.1).
        return literal(py_string(e.name, self.quote))

    def v_StringLit(self, e):
        if e.is_plain:
            return literal(py_string(e.text, self.quote))
        exprs = [p for p in e.parts if not isinstance(p, str)]
        # an f-string when every interpolated expression can sit inside one
        # (decided on the Mesh tree; its string literals are then written
        # with single quotes), else a concatenation
        as_fstring = self.quote == '"' and all(self.fstring_safe(x) for x in exprs)
        saved, self.quote = self.quote, ("'" if as_fstring else self.quote)
        try:
            lowered = iter(self.values(exprs))
        finally:
            self.quote = saved
        parts = [p if isinstance(p, str) else self.show(p, next(lowered)) for p in e.parts]
        if as_fstring:
            body = "".join(fstring_text(p) if isinstance(p, str) else "{" + p[0] + "}" for p in parts)
            return atom(f'f"{body}"')
        return Py(" + ".join(py_string(p) if isinstance(p, str) else p[1].at(ADD + 1) for p in parts), ADD)

    def fstring_safe(self, e) -> bool:
        """Whether the Python for `e` can go inside a double-quoted f-string
        (Python 3.11: no backslash, no double quote, no braces there): no
        nested interpolation, map literal or `default()`, and string literals
        that single quotes can hold without an escape."""
        for n in walk(e):
            if isinstance(n, A.StringLit):
                if not n.is_plain or "\\" in py_string(n.text, "'") or "{" in n.text or "}" in n.text:
                    return False
            elif isinstance(n, A.MapLit) or isinstance(self.p.info.get(n), DefaultValue):
                return False
        return True

    def show(self, node, expr: str) -> tuple[str, str]:
        """The display form (section 10) of `expr`, whose type is `node`'s:
        (inside an f-string, as a string expression). An Int is formatted by
        the f-string itself, so it needs `str()` only outside one."""
        name_ = self.con(node)
        if name_ == "String" or name_ == "Atom":
            return expr, expr
        implicit = self.p.implicit.get((node, "Display"))
        if implicit is not None and implicit.is_async:
            if implicit.direct is not None and len(implicit.methods) == 1:
                call = self.await_(f"{self.m.ref_method(implicit.direct)}({expr})")
            else:
                call = self.await_(f"display_async({expr})")
            return call, call
        if name_ == "Int":
            return expr, atom(f"str({expr})")
        call = {"Float": "show_float", "Bool": "show_bool"}.get(name_, "display")
        return atom(f"{call}({expr})"), atom(f"{call}({expr})")

    def v_Name(self, e):
        ref = self.p.info.get(e)
        return self.ref_value(ref, e)

    def v_SelfRef(self, e):
        ref = self.p.info.get(e)
        return self.name_of(ref.binding) if isinstance(ref, LocalRef) else name("self")

    def ref_value(self, ref, node) -> Py:
        if isinstance(ref, LocalRef):
            return self.name_of(ref.binding)
        if isinstance(ref, FunctionRef):
            return self.m.ref_function(ref.decl)
        if isinstance(ref, VariantRef):
            return self.m.ref_variant(ref.decl)
        if isinstance(ref, StdlibRef):
            return self.m.ref_stdlib(ref)
        if isinstance(ref, ActorRef):
            return self.m.ref_actor(ref.decl)
        raise AssertionError(f"unresolved name at {node.span}")

    def v_FieldAccess(self, e):
        ref = self.p.info.get(e)
        if isinstance(ref, FieldRef):
            obj = self.value(e.obj)
            return Py(f"{obj.at(ATOM)}.{self.m.field_attr(ref.name)}", ATOM, "path" if obj.is_pure else "expr")
        return self.ref_value(ref, e)

    # ---- calls

    def v_Call(self, e):
        return self.call(e, self.p.info.get(e))

    def v_Pipe(self, e):
        return self.call(e, self.p.info.get(e))

    def call(self, node, target: CallTarget) -> Py:
        if target is None:
            raise AssertionError(f"unresolved call at {node.span}")
        match target:
            case DefaultValue():
                return _default_value(target.type, self.quote)
            case ActorLoopCall():
                args = self.values(target.args)
                return self.await_(f"{self.m.ref_actor(target.decl)}({', '.join([self.me or 'me'] + args)})")
            case ValueCall():
                callee = self.value(target.callee)
                args = self.values(target.args)
                call = f"{callee.at(ATOM)}({', '.join(args)})"
                return self.await_(call) if target.is_async else atom(call)
        args = self.values(target.args)
        joined = ", ".join(args)
        match target:
            case FunctionCall():
                call = f"{self.m.ref_function(target.decl)}({joined})"
            case MethodCall():
                call = f"{self.m.ref_method(target.decl)}({joined})"
            case DynamicCall():
                call = f"dispatch({py_string(target.op, self.quote)}, {joined})"
            case VariantCall():
                call = f"{self.m.ref_variant(target.variant)}({joined})"
            case StdlibCall():
                inline = self.inline_stdlib(target, args)
                if inline is not None:
                    return inline
                fn = self.m.ref_stdlib(target.ref) + ("_async" if target.async_variant else "")
                call = f"{fn}({joined})"
            case ServiceCall(op="start"):
                call = f"{self.m.ref_service(target.service)}.start({joined})"
            case ServiceCall():
                client = self.m.client_name(target.service, target.handler)
                call = f"{self.m.ref_service(target.service)}.{client}({joined})"
            case ToStringCall():
                return self.show(target.args[0], args[0])[1]
            case ToJsonCall():
                return atom(f"JsonValue(to_json_value({args[0]}))")
            case DerivedCall():
                call = f"{self.m.ref_type(target.struct)}.{target.op}({joined})"
            case SchemaCall():
                call = f"{self.m.ref_type(target.struct)}.{target.op}()"
            case TupleOp(op="size"):
                return atom(f"len({args[0]})")
            case TupleOp(index=int()):
                return atom(f"{args[0].at(ATOM)}[{target.index}]")
            case TupleOp():
                return atom(f"Tuple.nth({joined})")
            case _:
                raise AssertionError(target)
        return self.await_(call) if target.is_async else atom(call)

    def await_(self, call: str) -> Py:
        """`await call`: every await the lowering writes goes through here, so
        `awaits` tells whether a body needs an `async def`."""
        self.awaits += 1
        return Py(f"await {call}", AWAIT)

    def awaited(self, node, call: str) -> Py:
        """An implicit call of a user impl (check/implicit.py) takes the
        callee's effect, like a written call."""
        implicit = self.p.implicit.get((node, "impl"))
        return self.await_(call) if implicit is not None and implicit.is_async else atom(call)

    def inline_stdlib(self, target: CallTarget, args) -> Optional[Py]:
        """A few stdlib calls read better (and run faster) as Python."""
        ref = target.ref
        key = (ref.module, ref.name)
        if key in (("List", "length"), ("String", "length"), ("Map", "size"), ("Set", "size")):
            return atom(f"len({args[0]})")
        if key == ("String", "from") and self.con(target.args[0]) == "Int":
            return atom(f"str({args[0]})")
        if key in (("Int", "to_float"), ("Float", "from")):
            return atom(f"float({args[0]})")
        if key == ("List", "append"):
            return binop(args[0], "+", atom(f"[{args[1]}]"), ADD)
        if key == ("Map", "has_key"):
            return binop(args[1], "in", args[0], CMP)
        return None

    # ---- operators

    def v_Unary(self, e):
        info: OpInfo = self.p.info.get(e)
        if e.op == "-" and isinstance(e.operand, (A.IntLit, A.FloatLit)):
            return Py("-" + self.value(e.operand), UNARY, "literal")  # a negative literal
        x = self.value(e.operand)
        if e.op == "not":
            return Py(f"not {x.at(NOT)}", NOT)
        kind = info.kind if info else "generic"
        if kind == "int":
            return negate(x)
        if kind == "float":
            return Py(f"-{x.at(UNARY)}", UNARY)
        if kind == "impl":
            return self.awaited(e, f"{self.m.ref_method(info.decl)}({x})")
        return atom(f"gneg({x})")

    def v_Binary(self, e):
        info: OpInfo = self.p.info.get(e)
        op = e.op
        kind = info.kind if info else "generic"
        if op in ("and", "or"):
            return self.short_circuit(e)
        left, right = self.values([e.left, e.right])
        if op == "..":
            return atom(f"range({left}, {right})")
        if op in ("<>", "++"):
            return binop(left, "+", right, ADD)
        if op in ("==", "!=", "<", ">", "<=", ">="):
            return self.comparison(e, op, kind, left, right)
        if kind == "impl":
            return self.awaited(e, f"{self.m.ref_method(info.decl)}({left}, {right})")
        level = MUL if op in ("*", "/", "%") else ADD
        if kind == "int":
            const = e.right.value if isinstance(e.right, A.IntLit) else None
            if op == "/":
                return divide("idiv", left, right, const)
            if op == "%":
                return divide("imod", left, right, const)
            if self.ranges.cannot_overflow(e, self.p.info):
                return binop(left, op, right, level)
            return wrap(left, op, right, const)
        if kind == "float":
            if op == "/":
                return atom(f"fdiv({left}, {right})")
            if op == "%":
                return atom(f"fmod({left}, {right})")
            return binop(left, op, right, level)
        generic = {"+": "gadd", "-": "gsub", "*": "gmul", "/": "gdiv", "%": "gmod"}[op]
        return atom(f"{generic}({left}, {right})")

    def comparison(self, e, op: str, kind: str, left: Py, right: Py) -> Py:
        """`==` … `>=`: Python's operators unless a user impl that can block,
        or a Float below the top (NaN), needs the runtime's walk."""
        implicit = self.p.implicit.get((e, "Eq" if op in ("==", "!=") else "Ord"))
        negate_ = "not " if op == "!=" else ""
        if implicit is not None and implicit.is_async:
            if op in ("==", "!="):
                call = self.await_(f"eq_async({left}, {right})")
                return Py(f"not {call}", NOT) if negate_ else call
            return binop(self.await_(f"compare_async({left}, {right})"), op, literal("0"), CMP)
        if implicit is not None and op in ("==", "!=") and implicit.deep:
            return Py(f"not mesh_eq({left}, {right})", NOT) if negate_ else atom(f"mesh_eq({left}, {right})")
        if implicit is not None and op not in ("==", "!=") and self.order_walk(e, implicit):
            return binop(atom(f"mesh_cmp({left}, {right})"), op, literal("0"), CMP)
        if op == "!=" and kind == "float":
            return atom(f"fne({left}, {right})")
        return binop(left, op, right, CMP)

    def order_walk(self, e, implicit) -> bool:
        """`<`… needs the runtime's mesh_cmp: a NaN below the top must make
        every ordering false (Python's list order calls a NaN equal to
        itself), and Option/Result values have no Python order. Python's
        operator stays for Ints, Strings and Lists/tuples of them, and for a
        type whose own Ord impl decides (it is the class's `__lt__`)."""
        if implicit.direct is not None:
            return False
        return implicit.has_float or not _python_orders(self.type_of(e.left), self.p.modules)

    def short_circuit(self, e) -> Py:
        left = self.value(e.left)
        right_stmts = self.capture(self.value, e.right)
        level = AND if e.op == "and" else OR
        if not right_stmts:
            right = self.value(e.right)
            return binop(left, e.op, right, level)
        tmp = self.temp()
        self.assign(tmp, left, e)
        body = self.capture(lambda: self.assign(tmp, self.value(e.right), e.right))
        self.out.append(If(tmp if e.op == "and" else not_(tmp), body, e.span.line))
        return tmp

    def v_Try(self, e):
        info: TryInfo = self.p.info.get(e)
        inner = self.simple(self.value(e.expr), "r")
        if info is None or info.kind == "result":
            if info is not None and info.convert is not None:
                conv = self.m.ref_method(info.convert)
                fail = Return(atom(f"Err({conv}({inner}.value))"), e.span.line)
            else:
                fail = Return(inner, e.span.line)
            self.out.append(If(Py(f"{inner}.__class__ is Err", CMP), [fail], e.span.line))
            return path(f"{inner}.value")
        self.out.append(If(Py(f"{inner} is NONE", CMP), [Return(inner, e.span.line)], e.span.line))
        return path(f"{inner}.value")

    # ---- data

    def v_ListLit(self, e):
        return atom("[" + ", ".join(self.values(e.items)) + "]")

    def v_MapLit(self, e):
        flat = self.values([x for entry in e.entries for x in (entry.key, entry.value)])
        pairs = [f"{flat[i]}: {flat[i + 1]}" for i in range(0, len(flat), 2)]
        return atom("{" + ", ".join(pairs) + "}")

    def v_TupleLit(self, e):
        if not e.items:
            return NONE
        items = self.values(e.items)
        return atom("(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")")

    def v_StructLit(self, e):
        decl = self.p.info[e].decl
        values = self.values([f.value for f in e.fields])
        args = ", ".join(f"{self.m.field_attr(f.name)}={v}" for f, v in zip(e.fields, values))
        return atom(f"{self.m.ref_type(decl)}({args})")

    def v_StructUpdate(self, e):
        decl = self.p.info[e].decl
        base = self.simple(self.value(e.base), "base")
        values = self.values([f.value for f in e.fields])
        order = [list(decl.fields).index(f.name) for f in e.fields if f.name in decl.fields]
        if order != sorted(order):
            # The constructor takes the fields in declaration order; keep the
            # source order of evaluation (supplement 1.5).
            values = [self.simple(v, "v") for v in values[:-1]] + values[-1:]
        given = {f.name: v for f, v in zip(e.fields, values)}
        args = ", ".join(f"{self.m.field_attr(n)}={given.get(n, f'{base}.{self.m.field_attr(n)}')}" for n in decl.fields)
        return atom(f"{self.m.ref_type(decl)}({args})")

    # ---- processes

    def v_Spawn(self, e):
        info: SpawnInfo = self.p.info.get(e)
        args = self.values(list(e.args))
        if info.kind == "actor":
            return atom(f"spawn_actor({self.m.ref_actor(info.decl)}, ({', '.join(args)}{',' if len(args) == 1 else ''}))")
        if info.kind == "supervisor":
            return atom(f"spawn_supervisor({self.m.ref_supervisor(info.decl)})")
        fn = self.value(e.target)
        if args:
            return atom(f"spawn_fn(lambda: {fn.at(ATOM)}({', '.join(args)}))")
        return atom(f"spawn_fn({fn})")

    def v_Send(self, e):
        pid, msg = self.values([e.pid, e.message])
        return atom(f"send({pid}, {msg})")

    def v_SelfPid(self, e):
        return name(self.me or "me")

    def v_Link(self, e):
        return atom(f"link({self.me or 'None'}, {self.value(e.pid)})")


def _default_value(t, quote: str = '"') -> Py:
    con = T.con_name(t) if t is not None else None
    text = {"Int": "0", "Float": "0.0", "Bool": "False", "String": quote * 2, "List": "[]", "Map": "{}",
            "Option": "NONE"}.get(con)
    return literal(text) if text is not None else NONE


_PYTHON_ORDERED = frozenset({"Int", "Float", "String", "Bool", "Atom"})


def _python_orders(t, modules) -> bool:
    """Python's `<` on values of type `t` is Mesh's order (NaN aside, which
    the checker reports as `has_float`): scalars, Lists and tuples of them,
    and user types deriving Ord (DerivedOrd compares `_key()` tuples) whose
    fields are such. Not Option/Result (no Python order) nor a type
    parameter (anything may arrive)."""
    stack = [t]
    seen = set()
    while stack:
        t = stack.pop()
        if t is None:
            return False
        t = T.prune(t)
        if isinstance(t, T.TTuple):
            stack.extend(t.items)
            continue
        if not isinstance(t, T.TCon):
            return False
        if t.name in _PYTHON_ORDERED or t.name in seen:
            continue
        if t.name == "List":
            stack.extend(t.args)
            continue
        decl = _derived_ord_decl(t.name, modules)
        if decl is None:
            return False
        seen.add(t.name)
        if decl.params:
            return False  # field types mention the parameters: stay on the safe side
        if isinstance(decl, StructDecl):
            stack.extend(decl.fields.values())
        else:
            stack.extend(ft for v in decl.variants for ft in v.fields)
    return True


def _derived_ord_decl(key: str, modules):
    """The user struct or sum type `key` if it derives Ord (no impl of its own)."""
    module, _, name_ = key.rpartition(".")
    info = modules.get(module)
    decl = (info.structs.get(name_) or info.sums.get(name_)) if info else None
    return decl if decl is not None and "Ord" in decl.derives else None
