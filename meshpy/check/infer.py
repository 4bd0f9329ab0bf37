"""Hindley-Milner type inference over function bodies, with name resolution.

Functions are inferred on demand (a call to a function not yet inferred
infers it first), so definitions may appear in any order; mutual recursion
uses the monomorphic type of the functions still in progress. Top-level
functions are generalised (let-polymorphism); local `let`s are not.

Every fact the lowering needs is recorded in `Program.info` / `Program.types`
(see model.py); what the checks after inference need, in `self.facts` (facts.py).
"""

from __future__ import annotations

import contextlib
from typing import Optional

from .. import ast as A
from ..diagnostics import Note, error, warning
from . import implicit
from . import stdlib as S
from . import types as T
from .collect import BUILTIN_TRAITS, Collector, TypeScope
from .model import (
    DefaultValue, StdlibCall, ToStringCall, TupleOp, VariantCall, ForInfo, Binding, CallTarget,
    FunctionDecl, ImplDecl, InterfaceDecl, LocalFnInfo, ModuleInfo, Program,
)
from .facts import CallEdge, ClausesFact, Facts, TryFact
from .scope import FnCtx, Scope, _copy_ast, _diverges, _mismatch_help
from .resolve import ResolveMixin
from .calls import CallsMixin
from .processes import ProcessesMixin
from .bindings import PatternsMixin
from .operators import OperatorsMixin
from .deferred import DeferredMixin

_E_METHODS: dict = {}  # AST node class -> Inferencer.e_<Node>


class Inferencer(ResolveMixin, CallsMixin, ProcessesMixin, PatternsMixin, OperatorsMixin, DeferredMixin):
    """Hindley-Milner inference of every body. The driver, functions, impls,
    blocks and control flow are here; the other jobs are parts with one job
    each: resolve.py (names), calls.py (calls and methods), processes.py
    (services, actors, spawn/send/receive), bindings.py (patterns),
    operators.py (operators, collection literals, structs), deferred.py
    (checks that need every body first), implicit.py (implicit calls)."""

    def __init__(self, collector: Collector, program: Program):
        self.c = collector
        self.p = program
        self.types = program.types  # AST node -> its type (filled by `infer`)
        self.globals_of: dict = {}  # module name -> its visible top-level names (resolve.find_global)
        self.refs: dict = {}  # Binding -> its LocalRef, module name -> its ModuleRef (shared facts)
        self.infos = collector.infos
        self.diags = collector.diags
        self.info: ModuleInfo = None  # the module being checked
        self.ctx: Optional[FnCtx] = None
        self.in_progress: list[FunctionDecl] = []
        self.done: set = set()
        self.facts = Facts()  # what the checks after inference read (facts.py)
        program.facts = self.facts
        self.default_methods: dict = {}  # (interface, method) -> FunctionDecl (none: impls get copies)
        self.method_impl: dict = {}  # impl method FunctionDecl -> its ImplDecl
        self.inherited: dict = {}  # impl method copied from a default body -> InterfaceDecl
        self.self_iface = None  # (Self type variable, InterfaceDecl) while checking a default body
        self.constraints: dict = {}  # type parameter (TVar) -> interface names from `where T: I`

    # ------------------------------------------------------------ diagnostics

    def err(self, code, message, span, **kw):
        self.diags.append(error(code, message, span, **kw))

    def unify(self, expected, found, span, what: str = "") -> bool:
        try:
            T.unify(expected, found)
            return True
        except T.UnifyError as e:
            names: dict = {}
            exp, fnd = T.show(e.expected, names), T.show(e.found, names)
            outer_e, outer_f = T.show(expected, names), T.show(found, names)
            msg = f"type mismatch: expected {exp}, found {fnd}"
            notes = []
            if (exp, fnd) != (outer_e, outer_f):
                notes.append(Note(f"expected {outer_e}, found {outer_f}"))
            self.err("E0001", msg + (f" {what}" if what else ""), span, notes=notes, help=_mismatch_help(e))
            return False

    # ------------------------------------------------------------ driver

    def run(self):
        # Order matters: impl and default-method signatures first (method
        # calls need them), then services and actors (their state, reply
        # and message types are shared, never generalised), then functions.
        for info in self.each_module():
            for impl in info.impls:
                self.declare_impl(impl)
        for info in self.each_module():
            for iface in info.interfaces.values():
                self.infer_default_methods(iface)
        for info in self.each_module():
            for impl in info.impls:
                self.infer_impl(impl)
        for info in self.each_module():
            for svc in info.services.values():
                self.infer_service(svc)
            for actor in info.actors.values():
                self.infer_actor(actor)
        for info in self.each_module():
            for decl in info.functions.values():
                self.ensure(decl)
            for sup in info.supervisors.values():
                self.infer_supervisor(sup)
        self.check_tries()
        self.check_constraints()
        self.settle_generic_ops()
        implicit.settle(self)
        self.unused_warnings()

    def each_module(self):
        """The modules in dependency order, each made the current one."""
        for name in self.c.project.order:
            self.info = self.infos[name]
            yield self.info

    # ------------------------------------------------------------ functions

    def signature(self, decl: FunctionDecl, self_type=None, generics=None, module=None) -> T.TFun:
        """The function's type from its annotations, with fresh variables for
        what is not written."""
        first = decl.clauses[0]
        gen = dict(generics or {})
        for g in first.generics:
            gen.setdefault(g.name, T.TVar(g.name))
        info = self.infos[module or decl.module]
        for w in first.where:
            tv = gen.setdefault(w.type_param, T.TVar(w.type_param))
            for path in w.traits:
                trait = path[-1]
                if self.c.find_interface(info, trait) is None and trait not in BUILTIN_TRAITS:
                    self.err("E0030", f"unknown interface `{'.'.join(path)}`", w.span)
                elif trait not in self.constraints.get(tv, ()):
                    self.constraints.setdefault(tv, []).append(trait)
        scope = TypeScope(self.c, info, gen, self_type)
        scope.auto_generic = True  # `fn swap(p :: Pair<A, B>) -> Pair<B, A>`: A and B are parameters
        params = []
        for p in first.params:
            if p.type is not None:
                params.append(scope.resolve(p.type))
            elif self_type is not None and isinstance(p.pattern, A.PVar) and p.pattern.name == "self":
                params.append(self_type)
            else:
                params.append(T.TVar())
        ret = scope.resolve(first.ret) if first.ret is not None else T.TVar()
        for c in decl.clauses[1:]:
            for p in c.params:
                if p.type is not None:
                    self.diags.append(warning("W0002", "type annotations belong on the first clause only; this one is "
                                              "ignored", p.type.span))
        return T.TFun(params, ret, decl.effect)

    def ensure(self, decl: FunctionDecl):
        """Infer `decl` if that has not happened yet; return its scheme or,
        while it is being inferred (recursion), its monomorphic type."""
        if decl in self.done:
            return decl.scheme
        if decl in self.in_progress:
            return None
        if decl in self.method_impl:
            self.infer_method(decl)
            return decl.scheme
        saved_info, self.info = self.info, self.infos[decl.module]
        T.enter_level()
        try:
            with self.inferring(decl):
                if decl.type is None:
                    decl.type = self.signature(decl)
                self.infer_function_body(decl, decl.type, kind="fn")
        finally:
            T.leave_level()
            self.info = saved_info
        self.finish(decl, self.generalise(decl.type))
        return decl.scheme

    @contextlib.contextmanager
    def inferring(self, decl: FunctionDecl, ctx: Optional[FnCtx] = None):
        """While `decl`'s body is inferred: a recursive use of it sees its
        monomorphic type (`in_progress`), and `self.ctx` is `ctx`; both are
        restored however the body ends."""
        outer, self.ctx = self.ctx, ctx
        self.in_progress.append(decl)
        try:
            yield
        finally:
            self.in_progress.remove(decl)
            self.ctx = outer

    def finish(self, decl: FunctionDecl, scheme: T.Scheme, lowered: bool = True) -> None:
        """`decl` is inferred: its scheme is final and, unless it is only
        checked (an interface's default body), the lowering emits it."""
        decl.scheme = scheme
        self.done.add(decl)
        if lowered:
            self.p.functions.append(decl)

    def generalise(self, t) -> T.Scheme:
        """The variables of `t` created while inferring the function just
        finished and not shared with anything outside it (see the levels in
        types.py)."""
        level = T.current_level()
        scheme = T.Scheme([v for v in T.free_vars(t) if v.level > level], t)
        return scheme

    def infer_function_body(self, decl: FunctionDecl, ftype: T.TFun, kind: str, actor=None, outer_scope=None):
        first = decl.clauses[0]
        annotated = first.ret is not None
        ctx = FnCtx(ftype.ret, decl.effect, kind, actor=actor, annotated=annotated, decl=decl)
        outer = self.ctx
        self.ctx = ctx
        try:
            decl.params = []
            for clause in decl.clauses:
                scope = Scope(outer_scope)
                bindings = []
                if len(clause.params) != len(ftype.params):
                    continue  # reported by the collector (E0003)
                for p, pt in zip(clause.params, ftype.params):
                    bindings.append(self.bind_param(p, pt, scope))
                decl.params.append(bindings)
                if clause.guard is not None:
                    self.expect(clause.guard, T.BOOL, scope)
                if clause.body is None:
                    continue
                body_t = self.infer_block(clause.body, scope, used=True)
                self.check_body_result(clause, body_t, ftype.ret)
            if len(decl.clauses) > 1 or any(not isinstance(p.pattern, (A.PVar, A.PWildcard)) or
                                            self._is_variant_pattern(p.pattern) for p in first.params):
                self.facts.clause_sets.append(ClausesFact(decl, ftype, self.info))
        finally:
            self.ctx = outer

    def check_body_result(self, clause, body_t, ret):
        last = clause.body.stmts[-1] if clause.body.stmts else None
        span = last.span if last is not None else clause.span
        if isinstance(last, A.ExprStmt) and isinstance(last.expr, (A.Return,)):
            return
        self.unify(ret, body_t, span, "(the function's result)" if clause.ret is not None else "")

    # ------------------------------------------------------------ impls, interfaces

    def declare_impl(self, impl: ImplDecl):
        """Give every method of `impl` its type from its annotations, and add
        a copy of each default method the impl inherits from its interface
        (checked with `Self` as the implementing type, so calls of other
        methods on `self` resolve statically)."""
        self_type = impl.for_type
        generics = {v.hint: v for v in impl.params}
        iface = self.c.find_interface(self.infos[impl.module], impl.trait)
        if iface is not None:
            for mname, sig in iface.methods.items():
                if sig.body is None or mname in impl.methods:
                    continue
                copy = FunctionDecl(impl.module, mname, [_copy_ast(sig)], True, kind="method")
                self.inherited[copy] = iface
                impl.methods[mname] = copy
        for m in impl.methods.values():
            iface_module = self.inherited[m].module if m in self.inherited else None
            m.type = self.signature(m, self_type=self_type, generics=generics, module=iface_module)
            self.method_impl[m] = impl

    def infer_impl(self, impl: ImplDecl):
        for m in impl.methods.values():
            self.infer_method(m)
        self.p.impls.append(impl)

    def infer_method(self, m: FunctionDecl):
        """Infer the body of an impl method (once)."""
        if m in self.done or m in self.in_progress:
            return
        impl = self.method_impl[m]
        iface = self.inherited.get(m)
        saved_info, before = self.info, len(self.diags)
        # an inherited default body is written in the interface's module
        self.info = self.infos[iface.module if iface is not None else impl.module]
        try:
            with self.inferring(m):
                self.infer_function_body(m, m.type, kind="method")
        finally:
            if iface is not None:
                # the default body was checked on its own already: report only
                # what is new for this implementing type
                seen = {(d.code, d.span, d.message) for d in self.diags[:before]}
                seen_at = {(d.code, d.span) for d in self.diags[:before]}
                fresh = [d for d in self.diags[before:]
                         if (d.code, d.span, d.message) not in seen and (d.code, d.span) not in seen_at]
                del self.diags[before:]
                for d in fresh:
                    self.diags.append(d.__class__(d.severity, d.code, d.message + f" (in the default method "
                                                  f"`{m.name}` inherited by `{T.show(impl.for_type)}`)",
                                                  d.span, d.notes, d.help))
            self.info = saved_info
        self.finish(m, T.Scheme(impl.params, m.type))

    def infer_default_methods(self, iface: InterfaceDecl):
        """Check the default bodies of an interface once, generically: `self`
        has an unknown type `Self` whose methods are the interface's. They are
        not lowered themselves: every impl gets its own copy (declare_impl)."""
        for name, sig in iface.methods.items():
            if sig.body is None:
                continue
            decl = FunctionDecl(iface.module, name, [sig], True, kind="default")
            T.enter_level()
            self_t = T.TVar("Self")
            decl.type = self.signature(decl, self_type=self_t)
            saved = self.self_iface
            self.self_iface = (self_t, iface)
            try:
                with self.inferring(decl):
                    self.infer_function_body(decl, decl.type, kind="method")
            finally:
                T.leave_level()
                self.self_iface = saved
            self.finish(decl, self.generalise(decl.type), lowered=False)

    def interface_method_type(self, iface: InterfaceDecl, name: str, self_t) -> Optional[T.TFun]:
        sig = iface.methods.get(name)
        if sig is None:
            return None
        decl = FunctionDecl(iface.module, name, [sig], True, kind="default")
        saved = len(self.diags)
        t = self.signature(decl, self_type=self_t)
        del self.diags[saved:]  # reported where the interface is checked
        return t

    # ------------------------------------------------------------ blocks and statements

    def infer_block(self, block: A.Block, scope: Scope, used: bool) -> T.Type:
        scope = Scope(scope)
        result = T.UNIT
        stmts = block.stmts
        n = len(stmts)
        i = 0
        while i < n:
            stmt = stmts[i]
            if isinstance(stmt, A.Let):
                self.infer_let(stmt, scope)
                result = T.UNIT
            elif isinstance(stmt, A.FnDef):
                # consecutive clauses of one local function form one function
                group = [stmt]
                while i + 1 < n and isinstance(stmts[i + 1], A.FnDef) and stmts[i + 1].name == stmt.name \
                        and len(stmts[i + 1].params) == len(stmt.params):
                    i += 1
                    group.append(stmts[i])
                self.infer_local_fn(group, scope)
                result = T.UNIT
            else:
                result = self.infer(stmt.expr, scope, used=used and i == n - 1)
            i += 1
        return result

    def infer_let(self, stmt: A.Let, scope: Scope):
        if stmt.type is not None:
            declared = TypeScope(self.c, self.info, {}).resolve(stmt.type)
            t = self.infer(stmt.value, scope, expected=declared)
            self.unify(declared, t, stmt.value.span)
            t = declared
        else:
            t = self.infer(stmt.value, scope)
        if not isinstance(stmt.pattern, (A.PVar, A.PWildcard, A.PTuple)):
            self.err("P0001", "`let` binds a name or a tuple pattern; use `case` for other patterns", stmt.pattern.span)
        new = Scope(None)
        # only a `let` whose value has no effect is reported when unused: binding
        # a call's result to an unused, named variable (`let org_svc =
        # OrgService.start(pool)`) documents it, but an unused pure value is dead code
        self.bind_pattern(stmt.pattern, t, new, kind="let" if self.is_pure(stmt.value) else "let_effect")
        # a `let` shadows: the new names are visible from the next statement on
        scope.vars.update(new.vars)

    def is_pure(self, e) -> bool:
        """The expression certainly has no effect: no call except of variant
        constructors and non-blocking functions of the pure stdlib modules,
        no process operation, no control flow."""
        if isinstance(e, (A.IntLit, A.FloatLit, A.BoolLit, A.NilLit, A.AtomLit, A.Name, A.SelfRef, A.Closure,
                          A.SelfPid)):
            return True
        if isinstance(e, A.StringLit):
            return all(isinstance(part, str) or self.is_pure(part) for part in e.parts)
        if isinstance(e, A.FieldAccess):
            return self.is_pure(e.obj)
        if isinstance(e, A.Unary):
            return self.is_pure(e.operand)
        if isinstance(e, A.Binary):
            info = self.p.info.get(e)
            return getattr(info, "kind", "") != "impl" and self.is_pure(e.left) and self.is_pure(e.right)
        if isinstance(e, (A.ListLit, A.TupleLit)):
            return all(self.is_pure(i) for i in e.items)
        if isinstance(e, A.MapLit):
            return all(self.is_pure(en.key) and self.is_pure(en.value) for en in e.entries)
        if isinstance(e, A.StructLit):
            return all(self.is_pure(f.value) for f in e.fields)
        if isinstance(e, A.StructUpdate):
            return self.is_pure(e.base) and all(self.is_pure(f.value) for f in e.fields)
        if isinstance(e, (A.Call, A.Pipe)):
            target = self.p.info.get(e)
            if not isinstance(target, CallTarget):
                return False
            if isinstance(target, StdlibCall):
                ok = target.ref.module in S.PURE_MODULES and not target.ref.is_async
            else:
                ok = isinstance(target, (VariantCall, ToStringCall, TupleOp, DefaultValue))
            return ok and all(self.is_pure(a) for a in target.args)
        return False

    def infer_local_fn(self, clauses: list, scope: Scope):
        """A named `fn` inside a block (one or more consecutive clauses): a
        monomorphic local function that sees the enclosing variables. Every
        clause's FnDef maps to the same (FunctionDecl, Binding)."""
        fn = clauses[0]
        decl = FunctionDecl(self.info.name, fn.name, list(clauses), False, kind="local")
        self.c._check_clauses(decl)
        decl.type = self.signature(decl)
        binding = self.new_binding(fn.name, decl.type, fn.name_span, scope)
        fact = LocalFnInfo(decl, binding)
        for clause in clauses:
            self.p.info[clause] = fact
        outer = self.ctx
        self.infer_function_body(decl, decl.type, kind="fn", actor=outer.actor if outer else None, outer_scope=scope)
        if outer is not None:
            self.facts.edges.append(CallEdge(outer.effect, decl.effect))
        self.p.functions.append(decl)

    def new_binding(self, name, t, span, scope: Scope, kind: str = "") -> Binding:
        b = Binding(name, t, span)
        scope.vars[name] = b
        if kind == "let" and not name.startswith("_"):
            self.facts.lets[b.id] = b
        return b

    # ------------------------------------------------------------ expressions

    def expect(self, e, t, scope) -> T.Type:
        found = self.infer(e, scope, expected=t)
        self.unify(t, found, e.span)
        return found

    def infer(self, e, scope: Scope, used: bool = True, expected=None) -> T.Type:
        method = _E_METHODS.get(e.__class__)
        if method is None:  # the `e_<Node>` method of the node's class, looked up once
            method = _E_METHODS[e.__class__] = getattr(Inferencer, "e_" + e.__class__.__name__)
        t = method(self, e, scope, used, expected)
        self.types[e] = t
        return t

    def e_IntLit(self, e, scope, used, expected):
        return T.INT

    def e_FloatLit(self, e, scope, used, expected):
        return T.FLOAT

    def e_BoolLit(self, e, scope, used, expected):
        return T.BOOL

    def e_NilLit(self, e, scope, used, expected):
        return T.UNIT

    def e_AtomLit(self, e, scope, used, expected):
        return T.ATOM

    def e_StringLit(self, e, scope, used, expected):
        for part in e.parts:
            if not isinstance(part, str):
                implicit.record_site(self, part, self.infer(part, scope), "Display", "to_string")
        return T.STRING

    # ---- control flow

    def e_If(self, e, scope, used, expected):
        self.expect(e.cond, T.BOOL, scope)
        then_t = self.infer_block(e.then, scope, used=used)
        if e.else_ is None:
            return T.UNIT
        else_t = self.infer_block(e.else_, scope, used=used)
        if used:
            last = e.else_.stmts[-1].span if e.else_.stmts else e.else_.span
            if not _diverges(e.then):
                if _diverges(e.else_):
                    return then_t
                self.unify(then_t, else_t, last, "(both branches of `if` must have the same type)")
                return then_t
            return else_t
        return T.UNIT

    def e_While(self, e, scope, used, expected):
        self.expect(e.cond, T.BOOL, scope)
        self.ctx.loops += 1
        try:
            self.infer_block(e.body, scope, used=False)
        finally:
            self.ctx.loops -= 1
        return T.UNIT

    def e_For(self, e, scope, used, expected):
        it = T.prune(self.infer(e.iterable, scope))
        inner = Scope(scope)
        kind = None
        name = T.con_name(it)
        if isinstance(e.binder, A.PMapEntry):
            k, v = T.TVar(), T.TVar()
            if self.unify(T.map_of(k, v), it, e.iterable.span, "(`for {k, v} in …` iterates over a Map)"):
                kind = "map"
            self.bind_pattern(e.binder.key, k, inner)
            self.bind_pattern(e.binder.value, v, inner)
        else:
            if it is T.ERROR:
                elem = T.ERROR
            elif name == "Range":
                elem, kind = T.INT, "range"
            elif name in ("List", "Set", "Iter", "Queue"):
                elem, kind = it.args[0], name.lower()
            elif name == "Map":
                elem, kind = T.TTuple(it.args), "map"
            elif isinstance(it, T.TVar):
                elem = T.TVar()
                T.unify(it, T.list_of(elem))
                kind = "list"
            else:
                impl = self.find_impl("Iterable", name)
                method = self.iterable_method(impl) if impl is not None else None
                if method is not None:
                    # `for x in v` over a user type: iterate what its Iterable
                    # impl's method returns (a List or an Iter of Item)
                    elem = impl.assoc.get("Item", T.TVar())
                    ft = T.prune(self.instantiate(method))
                    if isinstance(ft, T.TFun) and len(ft.params) == 1:
                        self.unify(ft.params[0], it, e.iterable.span)
                        produced = T.prune(ft.ret)
                        if T.con_name(produced) in ("List", "Iter"):
                            self.unify(produced.args[0], elem, e.iterable.span)
                    kind = ForInfo("iterable", method)
                    implicit.record_direct(self, e, method)
                elif impl is not None:
                    self.err("E0030", f"the Iterable impl for `{T.show(it)}` needs a method `iter(self)` returning "
                             "a List or an Iter of its items", e.iterable.span)
                    elem = T.TVar()
                else:
                    self.err("E0001", f"type mismatch: expected a List, Range, Map, Set or Iter, found {T.show(it)} "
                             "(`for` loop)", e.iterable.span)
                    elem = T.TVar()
            self.bind_pattern(e.binder, elem, inner)
        self.p.info[e] = kind if isinstance(kind, ForInfo) else ForInfo(kind or "list")
        if e.filter is not None:
            self.expect(e.filter, T.BOOL, inner)
        self.ctx.loops += 1
        try:
            bt = self.infer_block(e.body, inner, used=True)
        finally:
            self.ctx.loops -= 1
        return T.list_of(bt)

    def e_Break(self, e, scope, used, expected):
        if self.ctx is None or self.ctx.loops == 0:
            inside = self.ctx is not None and self.ctx.kind == "closure" and self._outer_loops()
            self.err("E0032", "`break` inside a closure cannot leave the loop around it" if inside
                     else "`break` outside of loop", e.span)
        return T.TVar()

    def e_Continue(self, e, scope, used, expected):
        if self.ctx is None or self.ctx.loops == 0:
            inside = self.ctx is not None and self.ctx.kind == "closure" and self._outer_loops()
            self.err("E0033", "`continue` inside a closure cannot skip to the loop around it" if inside
                     else "`continue` outside of loop", e.span)
        return T.TVar()

    def _outer_loops(self) -> bool:
        c = self.ctx.parent
        while c is not None:
            if c.loops:
                return True
            c = c.parent
        return False

    def e_Return(self, e, scope, used, expected):
        if e.value is None:
            self.unify(self.ctx.ret, T.UNIT, e.span, "(`return` without a value returns `()`)")
        else:
            t = self.infer(e.value, scope, expected=self.ctx.ret)
            self.unify(self.ctx.ret, t, e.value.span, "(the function's result)")
        return T.TVar()

    def e_Try(self, e, scope, used, expected):
        t = T.prune(self.infer(e.expr, scope))
        if t is T.ERROR:
            return T.ERROR
        value = T.TVar()
        if isinstance(t, T.TVar):
            # not known yet: assume Result (the common case); checked at the end
            err_t = T.TVar()
            T.unify(t, T.result_of(value, err_t))
            t = T.prune(t)
        name = T.con_name(t)
        if name == "Result":
            T.unify(value, t.args[0])
        elif name == "Option":
            T.unify(value, t.args[0])
        else:
            self.err("E0037", f"`?` operator requires `Result` or `Option`, found {T.show(t)}", e.span)
            return T.ERROR
        if self.ctx is not None and self.ctx.kind == "actor":
            self.err("E0036", "`?` operator requires function to return `Result` or `Option` (it is used in an actor body)",
                     e.span)
            return value
        self.facts.tries.append(TryFact(e, t, self.ctx, self.info))
        return value

    def e_Closure(self, e, scope, used, expected):
        exp = T.prune(expected) if expected is not None else None
        arity = len(e.clauses[0].params)
        for c in e.clauses[1:]:
            if len(c.params) != arity:
                self.err("E0003", "every clause of a closure must take the same number of arguments", c.span)
        effect = T.Effect(origin="closure")
        if isinstance(exp, T.TFun) and len(exp.params) == arity:
            ft = T.TFun(exp.params, exp.ret, effect)
            exp.effect.join(effect)
        else:
            ft = T.TFun([T.TVar() for _ in range(arity)], T.TVar(), effect)
        outer = self.ctx
        self.ctx = FnCtx(ft.ret, effect, "closure", actor=outer.actor if outer else None, parent=outer,
                         annotated=False)
        try:
            for clause in e.clauses:
                inner = Scope(scope)
                for p, pt in zip(clause.params, ft.params):
                    if p.type is not None:
                        declared = TypeScope(self.c, self.info, {}).resolve(p.type)
                        self.unify(declared, pt, p.span)
                    self.bind_pattern(p.pattern, pt, inner, kind="param")
                if clause.guard is not None:
                    self.expect(clause.guard, T.BOOL, inner)
                bt = self.infer_block(clause.body, inner, used=True)
                last = clause.body.stmts[-1] if clause.body.stmts else None
                if not (isinstance(last, A.ExprStmt) and isinstance(last.expr, A.Return)):
                    self.unify(ft.ret, bt, last.span if last else clause.span)
        finally:
            self.ctx = outer
        if len(e.clauses) > 1 or any(not isinstance(p.pattern, (A.PVar, A.PWildcard)) or
                                     self._is_variant_pattern(p.pattern) for p in e.clauses[0].params):
            self.facts.clause_sets.append(ClausesFact(e, ft, self.info))
        return ft
