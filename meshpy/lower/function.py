"""Lower function bodies: Mesh expressions to Python statements.

Mesh is expression-oriented; Python is not. Every expression is lowered
either *in a context* — its value is returned (`Ret`), assigned to a name
(`Assign`) or dropped (`Discard`) — or *as a value* (`value()`), which
returns a Python expression and may first emit statements. Constructs that
need statements (`if`, `case`, `receive`, `?`, loops …) push the context
into their branches, so `let x = if c do a else b end` becomes
`if c: x = a / else: x = b` without temporaries, and a temporary appears
only when such a construct sits inside a larger expression. When a later
operand emits statements, the earlier operands are saved in temporaries
first, so evaluation stays left to right.

A self call in tail position rebinds the parameters and `continue`s the
`while True:` loop that then wraps the body (design.md: Mesh loops are
recursion; Python's stack is not).
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Optional

from .. import ast as A
from ..check import types as T
from ..check.model import ActorLoopCall, FunctionCall, Binding, CallTarget, FunctionDecl, LocalRef
from ..project import ENTRY_MODULE
from .code import (
    ATOM, NOT, OR, Blank, Block, Line, Py, atom, exit_line, expr_of, is_terminal, literal, name, render,
)
from .names import Allocator
from .patterns import PatternCompiler
from .ranges import Ranges
from .values import ValuesMixin
from .wrap import Wrapped, check_stmt

YIELD_EVERY = 4096  # iterations of an async loop between two yields to other processes


@dataclass
class Ret:
    """The value is the function's result."""


@dataclass
class Assign:
    name: str


@dataclass
class Discard:
    """The value is not used."""


RET = Ret()
DISCARD = Discard()


def paren(expr) -> str:
    """An operand in a primary position (`x.attr`, `x(…)`, `x[…]`)."""
    return expr_of(expr).at(ATOM)


class FunctionLowerer(ValuesMixin):
    """Lowers the body of one function, handler, actor or closure tree."""

    def __init__(self, module, allocator: Allocator, self_decl: Optional[FunctionDecl] = None,
                 actor=None, me: Optional[str] = None):
        self.m = module
        self.p = module.program
        self.alloc = allocator
        self.names: dict[int, str] = {}  # Binding.id -> Python name
        self.out: list = []
        self.self_decl = self_decl  # the function whose self tail calls become loops
        self.actor = actor
        self.me = me  # Python name of the actor's own process
        self.param_names: list[str] = []
        self.loop_used = False
        self.is_async = False
        self.loop_depth = 0  # Python loops around the current statement (for/while)
        self.fn_depth = 0  # nested closures
        self.tail_loop = False  # the current function wraps its body in `while True:`
        self.tick_name: Optional[str] = None
        self.patterns = PatternCompiler(self)
        self.ranges = Ranges()
        self.allocated: list = []  # (binding id, Python name) in order of allocation
        self.captured: set = set()  # ids of bindings some closure refers to
        self.awaits = 0  # awaits written into this function's code (await_)
        self.quote = '"'  # of string literals; `'` inside an f-string (values.py, v_StringLit)

    # ------------------------------------------------------------ emitting

    def emit(self, text: str, node=None) -> None:
        self.out.append(Line(text, node.span.line if node is not None else 0))

    def emit_exit(self, text: str, node=None) -> None:
        """return / continue / break: nothing after it runs."""
        self.out.append(exit_line(text, node.span.line if node is not None else 0))

    def emit_block(self, header: str, body: list, node=None) -> None:
        self.out.append(Block(header, body, node.span.line if node is not None else 0))

    def capture(self, fn, *args) -> list:
        """Run fn with a fresh statement list; return the statements."""
        saved = self.out
        self.out = []
        try:
            fn(*args)
            return self.out
        finally:
            self.out = saved

    def temp(self, hint: str = "t") -> str:
        return self.alloc.temp(hint)

    # ------------------------------------------------------------ names

    def bind(self, b: Binding) -> str:
        name = self.names.get(b.id)
        if name is None:
            name = self.alloc.fresh(b.name)
            self.names[b.id] = name
            self.allocated.append((b.id, name))
        return name

    @contextmanager
    def scope(self):
        """Mesh bindings end with their block: afterwards their Python names
        may serve a later binding (`x` again rather than `x_1`), unless a
        closure captured the binding (a Python closure would see the reuse)."""
        mark = len(self.allocated)
        try:
            yield
        finally:
            for bid, name in self.allocated[mark:]:
                if bid not in self.captured:
                    self.alloc.taken.discard(name)
            del self.allocated[mark:]

    def name_of(self, b: Binding) -> str:
        return self.names.get(b.id) or self.bind(b)

    def type_of(self, node):
        return self.p.types.get(node)

    def con(self, node) -> Optional[str]:
        t = self.type_of(node)
        return T.con_name(t) if t is not None else None

    # ------------------------------------------------------------ statements in context

    def block(self, block: A.Block, ctx) -> None:
        with self.scope():
            self._block(block, ctx)

    def _block(self, block: A.Block, ctx) -> None:
        stmts = block.stmts
        if not stmts:
            self.finish(ctx, "None", block)
            return
        for i, s in enumerate(stmts):
            last = i == len(stmts) - 1
            if isinstance(s, A.Let):
                self.let(s)
                if last:
                    self.finish(ctx, "None", s)
            elif isinstance(s, A.FnDef):
                self.local_fn(s)
                if last:
                    self.finish(ctx, "None", s)
            else:
                self.expr(s.expr, ctx if last else DISCARD)

    def finish(self, ctx, value: str, node=None, is_unit: bool = False) -> None:
        """Deliver an already computed value to its context."""
        if isinstance(ctx, Ret):
            if value == "None" and not self.tail_loop and self.fn_depth == 0 and is_unit:
                return
            if isinstance(value, Wrapped):  # check in a temporary, then return it (wrap.py)
                tmp = self.temp("r")
                self.finish(Assign(tmp), value, node)
                value = tmp
            self.emit_exit(f"return {value}" if value != "None" else "return None", node)
        elif isinstance(ctx, Assign):
            if isinstance(value, Wrapped):  # the statement form of the 64-bit check (wrap.py)
                self.emit(f"{ctx.name} = {value.inner}", node)
                header, fix = check_stmt(ctx.name, value)
                self.emit_block(header, [Line(fix)], node)
                return
            self.emit(f"{ctx.name} = {value}", node)
        elif value != "None" and not expr_of(value).is_pure:
            self.emit(value, node)

    def expr(self, e, ctx) -> None:
        """Lower `e` so that its value goes to `ctx`."""
        handler = getattr(self, "ctx_" + type(e).__name__, None)
        if handler is not None:
            handler(e, ctx)
            return
        if isinstance(ctx, Ret) and self.is_tail_self_call(e):
            self.tail_call(e)
            return
        value = self.value(e)
        unit = isinstance(ctx, Ret) and self.type_of(e) is not None and T.is_unit(self.type_of(e))
        if unit and value != "None":
            # `println(x)` as a result: a statement, then leave the function
            self.emit(value, e)
            if self.tail_loop or self.fn_depth:
                self.emit_exit("return", e)
            return
        self.finish(ctx, value, e)

    def let(self, s: A.Let) -> None:
        p = s.pattern
        if isinstance(p, A.PVar):
            b = self.p.info.get(p)
            if isinstance(e := s.value, A.Closure) and isinstance(b, Binding):
                name = self.bind(b)
                self.closure(e, name_hint=name, target=name)
                return
            if isinstance(b, Binding):
                name = self.bind(b)
                self.expr(s.value, Assign(name))
                return
        if isinstance(p, A.PWildcard) or (isinstance(p, A.PVar) and not isinstance(self.p.info.get(p), Binding)):
            self.expr(s.value, DISCARD)
            return
        # a tuple pattern: Python unpacking
        value = self.value(s.value)
        target = self.patterns.unpack_target(p)
        self.emit(f"{target} = {value}", s)

    def local_fn(self, fn: A.FnDef) -> None:
        decl, binding = self.p.info[fn]
        if decl.clauses[0] is not fn:
            return  # a later clause: emitted with the first one
        name = self.bind(binding)
        inner = self.child(decl)
        self.out.extend(inner.function_stmts(decl, name, comment=f"fn {fn.name} ({fn.span.line}:{fn.span.col})"))

    # ------------------------------------------------------------ control flow in context

    def ctx_If(self, e: A.If, ctx) -> None:
        if isinstance(ctx, Discard) or (isinstance(ctx, Ret) and T.is_unit(self.type_of(e) or T.UNIT) and e.else_ is None):
            ctx = DISCARD if not isinstance(ctx, Ret) else ctx
        cond = self.value(e.cond)
        then_facts, else_facts = self.ranges.from_condition(e.cond, self.p.info)
        with self.ranges.assuming(then_facts):
            then = self.capture(self.block, e.then, ctx)
        self.emit_block(f"if {cond}", then, e)
        with self.ranges.assuming(else_facts):
            if e.else_ is not None:
                self.else_branch(e.else_, ctx)
            elif not isinstance(ctx, Discard):
                self.emit_block("else", self.capture(self.finish, ctx, "None", e, True), e)

    def else_branch(self, block: A.Block, ctx) -> None:
        """`else` / `elif` for an else-block (an `else if` chain flattens)."""
        stmts = block.stmts
        if len(stmts) == 1 and isinstance(stmts[0], A.ExprStmt) and isinstance(stmts[0].expr, A.If):
            inner = stmts[0].expr
            mark = len(self.out)
            cond_stmts = self.capture(self.value, inner.cond)
            if not cond_stmts:
                cond = self.value(inner.cond)
                then = self.capture(self.block, inner.then, ctx)
                self.emit_block(f"elif {cond}", then, inner)
                if inner.else_ is not None:
                    self.else_branch(inner.else_, ctx)
                elif not isinstance(ctx, Discard):
                    self.emit_block("else", self.capture(self.finish, ctx, "None", inner, True), inner)
                return
            del self.out[mark:]
        body = self.capture(self.block, block, ctx)
        if body:
            self.emit_block("else", body, block)

    def ctx_Case(self, e: A.Case, ctx) -> None:
        subject = self.simple(self.value(e.scrutinee), "subject")
        self.patterns.dispatch(
            subject,
            [(arm.pattern, arm.guard, (lambda a=arm: self.expr(a.body, ctx))) for arm in e.arms],
            exhaustive=self.is_exhaustive(e),
            node=e,
        )

    def ctx_Receive(self, e: A.Receive, ctx) -> None:
        me = self.me or "me"
        msg = self.temp("msg")
        if e.after is not None:
            timeout = self.value(e.after.timeout)
            self.emit(f"{msg} = await {me}.receive_timeout({timeout})", e)
            body = self.capture(self.expr, e.after.body, ctx)
            if not e.arms:
                self.out.extend(body)
                return
            self.emit_block(f"if {msg} is TIMEOUT", body, e.after)
            arms = self.capture(self._receive_arms, e, msg, ctx)
            self.emit_block("else", arms, e)
        else:
            self.emit(f"{msg} = await {me}.receive()", e)
            self._receive_arms(e, msg, ctx)

    def _receive_arms(self, e, msg, ctx):
        self.patterns.dispatch(
            msg,
            [(arm.pattern, arm.guard, (lambda a=arm: self.expr(a.body, ctx))) for arm in e.arms],
            exhaustive=False,
            node=e,
            what="message",
        )

    def ctx_Return(self, e: A.Return, ctx) -> None:
        if e.value is None:
            self.emit_exit("return None", e)
            return
        if self.is_tail_self_call(e.value):
            self.tail_call(e.value)
            return
        self.expr(e.value, RET)

    def ctx_Break(self, e, ctx) -> None:
        self.emit_exit("break", e)

    def ctx_Continue(self, e, ctx) -> None:
        self.emit_exit("continue", e)

    def ctx_While(self, e: A.While, ctx) -> None:
        self.while_loop(e)
        self.finish(ctx, "None", e, True)

    def ctx_For(self, e: A.For, ctx) -> None:
        if isinstance(ctx, Discard):
            self.for_loop(e, None)
            return
        self.finish(ctx, self.value(e), e)

    def is_exhaustive(self, e) -> bool:
        return not any(d.code == "E0012" and d.span == e.span for d in self.m.program.project.diagnostics)

    # ------------------------------------------------------------ values

    def value(self, e) -> Py:
        """A Python expression for `e`; may emit statements first."""
        v = getattr(self, "v_" + type(e).__name__)(e)
        assert isinstance(v, Py), (type(e).__name__, v)  # the code model: never bare text
        return v

    def simple(self, expr: Py, hint: str = "t") -> Py:
        """`expr` if it is a plain name or literal, else a temporary holding it."""
        if expr_of(expr).is_simple:
            return expr_of(expr)
        tmp = self.temp(hint)
        self.out.append(Line(f"{tmp} = {expr}"))
        return name(tmp)

    def via_temp(self, e, hint: str = "t") -> Py:
        tmp = self.temp(hint)
        self.expr(e, Assign(tmp))
        return name(tmp)

    def values(self, exprs) -> list[str]:
        """Lower operands left to right; when one emits statements, the
        earlier ones are saved in temporaries before those statements."""
        results: list[str] = []
        for e in exprs:
            mark = len(self.out)
            v = self.value(e)
            if len(self.out) > mark:
                saves = []
                for i, prev in enumerate(results):
                    if not prev.is_simple:
                        tmp = self.temp()
                        saves.append(Line(f"{tmp} = {prev}"))
                        results[i] = name(tmp)
                self.out[mark:mark] = saves
            results.append(v)
        return results

    def is_tail_self_call(self, e) -> bool:
        if not isinstance(e, (A.Call, A.Pipe)) or self.fn_depth:
            return False
        target = self.p.info.get(e)
        if not isinstance(target, CallTarget):
            return False
        if isinstance(target, ActorLoopCall):
            return self.actor is not None
        return isinstance(target, FunctionCall) and self.self_decl is not None and target.decl is self.self_decl

    def tail_call(self, e) -> None:
        target = self.p.info[e]
        args = self.values(target.args)
        params = self.param_names
        changed = [(p, a) for p, a in zip(params, args) if p != a]
        if changed:
            lhs = ", ".join(p for p, _ in changed)
            rhs = ", ".join(a.inner if isinstance(a, Wrapped) else a for _, a in changed)
            self.emit(f"{lhs} = {rhs}", e)
            for p, a in changed:  # the 64-bit checks after the rebinding (wrap.py)
                if isinstance(a, Wrapped):
                    header, fix = check_stmt(p, a)
                    self.emit_block(header, [Line(fix)], e)
        self.loop_used = True
        self.tick()
        self.emit_exit("continue", e)

    # ---- control flow as values

    def v_If(self, e):
        if e.else_ is None:
            self.ctx_If(e, DISCARD)
            return literal("None")
        return self.via_temp(e)

    def v_Case(self, e):
        return self.via_temp(e)

    def v_Receive(self, e):
        return self.via_temp(e, "received")

    def v_While(self, e):
        self.while_loop(e)
        return literal("None")

    def v_Break(self, e):
        self.emit_exit("break", e)
        return literal("None")

    def v_Continue(self, e):
        self.emit_exit("continue", e)
        return literal("None")

    def v_Return(self, e):
        self.ctx_Return(e, RET)
        return literal("None")

    def v_For(self, e):
        comprehension = self.comprehension(e)
        if comprehension is not None:
            return comprehension
        acc = self.temp("items")
        self.emit(f"{acc} = []", e)
        self.for_loop(e, acc)
        return name(acc)

    def iteration(self, e: A.For) -> tuple[str, Py]:
        """(target, iterable) of the Python `for` for a Mesh `for` header."""
        info = self.p.info.get(e)
        kind = info.kind if info is not None else "list"
        iterable = self.value(e.iterable)
        if isinstance(e.binder, A.PMapEntry):
            target = f"{self.patterns.unpack_target(e.binder.key)}, {self.patterns.unpack_target(e.binder.value)}"
            return target, atom(f"{iterable.at(ATOM)}.items()")
        target = self.patterns.unpack_target(e.binder)
        if kind == "map":
            return target, atom(f"{iterable.at(ATOM)}.items()")
        if kind == "iterable":  # a user type: its Iterable impl gives the items
            return target, self.awaited(e, f"{self.m.ref_method(info.method)}({iterable})")
        return target, iterable

    def comprehension(self, e: A.For) -> Optional[Py]:
        """`[body for x in xs if cond]` when nothing in the loop needs statements."""
        with self.scope():  # the loop variable lives in the comprehension only
            return self._comprehension(e)

    def _comprehension(self, e: A.For) -> Optional[str]:
        if any(isinstance(n, (A.Break, A.Continue, A.Return, A.Try)) for n in _walk_same_function(e.body)):
            return None
        body = e.body.stmts
        if len(body) != 1 or not isinstance(body[0], A.ExprStmt):
            return None
        saved = self.out
        self.out = []
        try:
            target, iterable = self.iteration(e)
            pre = self.out
            self.out = []
            self.loop_depth += 1
            item = self.value(body[0].expr)
            cond = self.value(e.filter) if e.filter is not None else None
            self.loop_depth -= 1
            if self.out:
                return None
        finally:
            leftover = self.out
            self.out = saved
        if leftover:
            return None
        self.out.extend(pre)
        when = f" if {cond.at(OR)}" if cond is not None else ""
        return atom(f"[{item} for {target} in {iterable.at(OR)}{when}]")

    def for_loop(self, e: A.For, acc: Optional[str]) -> None:
        with self.scope():
            self._for_loop(e, acc)

    def _for_loop(self, e: A.For, acc: Optional[str]) -> None:
        target, iterable = self.iteration(e)
        self.loop_depth += 1
        try:
            body = []
            saved = self.out
            self.out = body
            self.tick()  # first, so that `continue` cannot skip it
            if e.filter is not None:
                cond = self.value(e.filter)
                self.emit_block(f"if not {cond.at(NOT)}", [exit_line("continue")], e.filter)
            if acc is None:
                self.block(e.body, DISCARD)
            else:
                item = self.temp("item")
                self.block(e.body, Assign(item))
                if not is_terminal(self.out):
                    self.emit(f"{acc}.append({item})", e)
            self.out = saved
        finally:
            self.loop_depth -= 1
        self.emit_block(f"for {target} in {iterable}", body, e)

    def while_loop(self, e: A.While) -> None:
        self.loop_depth += 1
        try:
            cond_stmts = self.capture(self.value, e.cond)
            if not cond_stmts:
                cond = self.value(e.cond)
                saved, self.out = self.out, []
                self.tick()  # first, so that `continue` cannot skip it
                self.block(e.body, DISCARD)
                body, self.out = self.out, saved
                self.emit_block(f"while {cond}", body, e)
                return
            saved, self.out = self.out, []
            self.tick()
            cond = self.value(e.cond)
            self.emit_block(f"if not {cond.at(NOT)}", [exit_line("break")], e.cond)
            self.block(e.body, DISCARD)
            body, self.out = self.out, saved
            self.emit_block("while True", body, e)
        finally:
            self.loop_depth -= 1

    def tick(self) -> None:
        """Let other processes run now and then inside an async loop."""
        if not self.is_async:
            return
        if self.tick_name is None:
            self.tick_name = self.alloc.temp("ticks")
        t = self.tick_name
        self.out.append(Line(f"{t} += 1"))
        self.out.append(Block(f"if {t} % {YIELD_EVERY} == 0", [Line("await yield_now()")]))

    # ---- closures

    def v_Closure(self, e):
        return self.closure(e)

    def closure(self, e: A.Closure, name_hint: str = "", target: Optional[str] = None) -> Py:
        """A lambda when the closure is one simple expression, else a nested
        `def`. Returns the Python expression for the function value; with
        `target`, the def is named `target` directly (`let f = fn … end`)."""
        ft = T.prune(self.type_of(e))
        is_async = isinstance(ft, T.TFun) and ft.effect.is_async
        captured = self.captured_in_loop(e)
        clause = e.clauses[0]
        simple_params = len(e.clauses) == 1 and clause.guard is None and all(
            isinstance(p.pattern, (A.PVar, A.PWildcard)) and isinstance(self.p.info.get(p.pattern), (Binding, type(None)))
            for p in clause.params)
        if simple_params and not is_async and len(clause.body.stmts) == 1 and isinstance(clause.body.stmts[0], A.ExprStmt):
            inner = self.child(None)
            params = inner.closure_params(clause)
            saved = inner.out
            body_value = inner.value(clause.body.stmts[0].expr)
            if not inner.out and not inner.awaits:  # a lambda cannot await
                inner.out = saved
                extra = [f"{n}={n}" for n in captured]
                lam = f"lambda {', '.join(params + extra)}: {body_value}" if params or extra else f"lambda: {body_value}"
                if target is not None:
                    self.emit(f"{target} = {lam}", e)
                    return name(target)
                return atom(f"({lam})")
        fn_name = target or self.alloc.temp("fn")
        inner = self.child(None)
        inner.is_async = is_async
        self.out.append(inner.closure_def(e, fn_name, is_async, captured))
        return name(fn_name)

    def closure_params(self, clause) -> list[str]:
        params = []
        for p in clause.params:
            b = self.p.info.get(p.pattern)
            params.append(self.bind(b) if isinstance(b, Binding) else self.alloc.temp("unused"))
        return params

    def closure_def(self, e: A.Closure, name: str, is_async: bool, captured: list) -> Block:
        arity = len(e.clauses[0].params)
        simple = len(e.clauses) == 1 and e.clauses[0].guard is None and all(
            isinstance(p.pattern, (A.PVar, A.PWildcard)) and not self.m.is_variant_pattern(p.pattern)
            for p in e.clauses[0].params)
        if simple:
            params = self.closure_params(e.clauses[0])
            self.param_names = params
            self.block(e.clauses[0].body, RET)
        else:
            params = [self.alloc.fresh(f"arg{i}") for i in range(arity)]
            self.param_names = params
            self.patterns.dispatch_params(
                params, [(c.params, c.guard, (lambda c=c: self.block(c.body, RET))) for c in e.clauses], e)
        body = self.out
        extra = [f"{n}={n}" for n in captured]
        header = f"{'async ' if is_async else ''}def {name}({', '.join(params + extra)})"
        return Block(header, body, e.span.line)

    def captured_in_loop(self, e: A.Closure) -> list[str]:
        """Python names of variables the closure captures that a loop around
        it rebinds: they are passed as default arguments, so each closure
        keeps the value it saw (Mesh captures by value)."""
        if not (self.loop_depth or self.tail_loop_expected):
            return []
        names = []
        own = {id(n) for c in e.clauses for p in c.params for n in A.walk(p.pattern)}
        for n in A.walk(e):
            ref = self.p.info.get(n) if isinstance(n, (A.Name, A.SelfRef)) else None
            if isinstance(ref, LocalRef) and ref.binding.id in self.names:
                py = self.names[ref.binding.id]
                if py not in names and id(n) not in own:
                    names.append(py)
        return names

    tail_loop_expected = False

    def child(self, decl) -> "FunctionLowerer":
        """A lowerer for a nested function sharing this one's names."""
        inner = FunctionLowerer(self.m, Allocator(parent=self.alloc), decl, actor=self.actor, me=self.me)
        inner.names = dict(self.names)
        inner.captured = self.captured
        inner.fn_depth = 0
        inner.tail_loop_expected = self.tail_loop_expected
        inner.quote = self.quote  # a lambda inside an f-string keeps its quotes
        return inner

    # ------------------------------------------------------------ whole functions

    def function_text(self, decl: FunctionDecl, name: str, comment: str = "", **kw) -> str:
        """The complete `def` of a named function, rendered (for the module layout)."""
        return render(self.function_stmts(decl, name, comment, **kw))

    def function_stmts(self, decl: FunctionDecl, name: str, comment: str = "", params_prefix=(),
                       decorator: str = "", force_async: Optional[bool] = None, self_param=None) -> list:
        """The complete `def` of a named function (all its clauses)."""
        is_async = decl.effect.is_async if force_async is None else force_async
        self.is_async = is_async
        self.self_decl = decl
        self.captured = captured_bindings(self.p, decl)
        self.tail_loop_expected = _has_tail_self_call(self.p, decl)
        clauses = decl.clauses
        first = clauses[0]
        simple = len(clauses) == 1 and first.guard is None and all(
            isinstance(p.pattern, (A.PVar, A.PWildcard)) and not self.m.is_variant_pattern(p.pattern)
            for p in first.params)
        for prefix in params_prefix:
            self.alloc.claim(prefix)
        if simple:
            params = []
            for i, p in enumerate(first.params):
                b = decl.params[0][i] if decl.params and i < len(decl.params[0]) else None
                params.append(self.bind(b) if isinstance(b, Binding) else self.alloc.temp("unused"))
            self.param_names = params
            self.tail_loop = self.tail_loop_expected
            # nothing reads the value of the program's main: its last
            # expression is a statement (a final `for` stays a loop)
            is_entry_main = decl.kind == "fn" and decl.name == "main" and decl.module == ENTRY_MODULE
            self.block(first.body, DISCARD if is_entry_main and not first.params else RET)
        else:
            params = self.clause_param_names(decl)
            self.param_names = params
            self.tail_loop = self.tail_loop_expected
            self.patterns.dispatch_params(
                params, [(c.params, c.guard, (lambda c=c: self.block(c.body, RET))) for c in clauses], decl,
                exhaustive=decl.exhaustive)
        body = self.out
        if self.loop_used:
            body = [Block("while True", body, first.span.line)]
        if self.tick_name is not None:
            body = [Line(f"{self.tick_name} = 0")] + body
        all_params = list(params_prefix) + params
        header = f"{'async ' if is_async else ''}def {name}({', '.join(all_params)})"
        self.last_header = header
        lines = []
        if comment:
            lines.append(Line(f"# {comment}", first.span.line))
        if decorator:
            lines.append(Line(decorator, first.span.line))
        lines.append(Block(header, body, first.span.line))
        return lines

    def clause_param_names(self, decl: FunctionDecl) -> list[str]:
        """Parameter names for a multi-clause function: a clause's variable
        name when every clause uses the same one, else `arg0`, `arg1` …"""
        names = []
        arity = len(decl.clauses[0].params)
        for i in range(arity):
            seen = {c.params[i].pattern.name for c in decl.clauses
                    if i < len(c.params) and isinstance(c.params[i].pattern, A.PVar)
                    and not self.m.is_variant_pattern(c.params[i].pattern)}
            base = seen.pop() if len(seen) == 1 else f"arg{i}"
            names.append(self.alloc.fresh(base))
        return names


# ---------------------------------------------------------------- helpers


def _walk_same_function(block):
    """Nodes of a block, not descending into closures."""
    stack = [block]
    while stack:
        n = stack.pop()
        yield n
        if isinstance(n, A.Closure):
            continue
        stack.extend(A.children(n))


def captured_bindings(program, decl: FunctionDecl) -> set:
    """Ids of the bindings that a closure or local function inside `decl`
    refers to but does not bind itself."""
    captured = set()
    for clause in decl.clauses:
        if clause.body is None:
            continue
        for node in A.walk(clause.body):
            if isinstance(node, (A.Closure, A.FnDef)):
                own = {program.info[p].id for p in A.walk(node) if isinstance(program.info.get(p), Binding)}
                for inner in A.walk(node):
                    ref = program.info.get(inner) if isinstance(inner, (A.Name, A.SelfRef)) else None
                    if isinstance(ref, LocalRef) and ref.binding.id not in own:
                        captured.add(ref.binding.id)
    return captured


def _has_tail_self_call(program, decl: FunctionDecl) -> bool:
    for clause in decl.clauses:
        if clause.body is not None and _tail_calls_in_block(program, clause.body, decl):
            return True
    return False


def _tail_calls_in_block(program, block, decl) -> bool:
    if not block.stmts:
        return False
    last = block.stmts[-1]
    return isinstance(last, A.ExprStmt) and _tail_calls_in_expr(program, last.expr, decl)


def _tail_calls_in_expr(program, e, decl) -> bool:
    if isinstance(e, (A.Call, A.Pipe)):
        t = program.info.get(e)
        return isinstance(t, CallTarget) and (
            (isinstance(t, FunctionCall) and t.decl is decl) or isinstance(t, ActorLoopCall))
    if isinstance(e, A.Return) and e.value is not None:
        return _tail_calls_in_expr(program, e.value, decl)
    if isinstance(e, A.If):
        return _tail_calls_in_block(program, e.then, decl) or (
            e.else_ is not None and _tail_calls_in_block(program, e.else_, decl))
    if isinstance(e, (A.Case, A.Receive)):
        arms = [a.body for a in e.arms]
        if isinstance(e, A.Receive) and e.after is not None:
            arms.append(e.after.body)
        return any(_tail_calls_in_expr(program, b, decl) for b in arms)
    return False


__all__ = ["FunctionLowerer", "Ret", "Assign", "Discard", "RET", "DISCARD", "paren", "Blank"]
