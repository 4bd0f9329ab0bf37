"""Hindley-Milner type inference over function bodies, with name resolution.

Functions are inferred on demand (a call to a function not yet inferred
infers it first), so definitions may appear in any order; mutual recursion
uses the monomorphic type of the functions still in progress. Top-level
functions are generalised (let-polymorphism); local `let`s are not.

Every fact the lowering needs is recorded in `Program.info` / `Program.types`
(see model.py).
"""

from __future__ import annotations

import difflib
from typing import Optional

from .. import ast as A
from ..diagnostics import Note, error, warning
from . import implicit
from . import schema
from . import stdlib as S
from . import types as T
from .collect import (
    BUILTIN_SUMS, BUILTIN_TRAITS, BUILTIN_VARIANTS, OPERATOR_TRAITS, Collector, FailedImport, TypeScope,
)
from .model import (
    ActorLoopCall, DefaultValue, DerivedCall, DynamicCall, FunctionCall, MethodCall, SchemaCall, ServiceCall,
    StdlibCall, ToJsonCall, ToStringCall, TupleOp, ValueCall, VariantCall,
    ActorDecl, ActorRef, Binding, CallTarget, FieldRef, FunctionDecl, FunctionRef, HandlerDecl,
    ImplDecl, InterfaceDecl, LocalRef, ModuleInfo, ModuleRef, OpInfo, Program, ServiceDecl,
    ServiceRef, SpawnInfo, StdlibRef, StructDecl, StructRef, SumDecl, SumRef, SupervisorDecl,
    SupervisorRef, TryInfo, VariantDecl, VariantRef,
)


class Scope:
    __slots__ = ("vars", "parent")

    def __init__(self, parent: Optional["Scope"] = None):
        self.vars: dict[str, Binding] = {}
        self.parent = parent

    def lookup(self, name: str) -> Optional[Binding]:
        s = self
        while s is not None:
            b = s.vars.get(name)
            if b is not None:
                return b
            s = s.parent
        return None


class FnCtx:
    """The function or closure whose body is being checked."""

    def __init__(self, ret, effect: T.Effect, kind: str, actor: Optional[ActorDecl] = None, parent=None,
                 annotated: bool = True, decl=None):
        self.ret = ret
        self.effect = effect
        self.kind = kind  # "fn", "closure", "actor", "handler", "init", "method"
        self.actor = actor
        self.parent = parent
        self.loops = 0
        self.annotated = annotated
        self.decl = decl


class Inferencer:
    def __init__(self, collector: Collector, program: Program):
        self.c = collector
        self.p = program
        self.infos = collector.infos
        self.diags = collector.diags
        self.info: ModuleInfo = None  # the module being checked
        self.ctx: Optional[FnCtx] = None
        self.in_progress: list[FunctionDecl] = []
        self.done: set = set()
        self.tries: list = []  # deferred `?` checks
        self.cases: list = []  # (node, scrutinee type, module) for exhaustiveness
        self.clause_sets: list = []  # multi-clause functions, for exhaustiveness warnings
        self.edges: list = []  # (owner effect, dependency effect) for async analysis
        self.async_calls: list = []  # CallTargets whose is_async is decided after effects
        self.default_methods: dict = {}  # (interface, method) -> FunctionDecl (none: impls get copies)
        self.method_impl: dict = {}  # impl method FunctionDecl -> its ImplDecl
        self.inherited: dict = {}  # impl method copied from a default body -> InterfaceDecl
        self.self_iface = None  # (Self type variable, InterfaceDecl) while checking a default body
        self.bindings: dict = {}  # binding id -> (Binding, kind) for the unused-variable warning
        self.used: set = set()  # ids of bindings that are read
        self.implicit_sites: list = []  # implicit calls of user impls (check/implicit.py)
        self.generic_ops: list = []  # (OpInfo, operand type, operator) decided at the end
        self.constraints: dict = {}  # type parameter (TVar) -> interface names from `where T: I`
        self.pending_constraints: list = []  # (instantiated TVar, interface, module, span, decl)

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
        saved = (self.info, self.ctx)
        self.info = self.infos[decl.module]
        self.ctx = None
        self.in_progress.append(decl)
        T.enter_level()
        try:
            if decl.type is None:
                decl.type = self.signature(decl)
            self.infer_function_body(decl, decl.type, kind="fn")
        finally:
            T.leave_level()
            self.in_progress.remove(decl)
            self.info, self.ctx = saved
        decl.scheme = self.generalise(decl.type)
        self.done.add(decl)
        self.p.functions.append(decl)
        return decl.scheme

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
                self.clause_sets.append((decl, ftype, self.info))
        finally:
            self.ctx = outer

    def check_body_result(self, clause, body_t, ret):
        last = clause.body.stmts[-1] if clause.body.stmts else None
        span = last.span if last is not None else clause.span
        if isinstance(last, A.ExprStmt) and isinstance(last.expr, (A.Return,)):
            return
        self.unify(ret, body_t, span, "(the function's result)" if clause.ret is not None else "")

    def _is_variant_pattern(self, p) -> bool:
        return isinstance(p, A.PVar) and self.find_variant(p.name) is not None

    def bind_param(self, p: A.Param, t, scope: Scope):
        if p.type is not None and not isinstance(T.prune(t), T.TVar):
            pass  # the annotation is already in the signature
        return self.bind_pattern(p.pattern, t, scope, kind="param")

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
        saved = (self.info, self.ctx, len(self.diags))
        # an inherited default body is written in the interface's module
        self.info = self.infos[iface.module if iface is not None else impl.module]
        self.ctx = None
        self.in_progress.append(m)
        try:
            self.infer_function_body(m, m.type, kind="method")
        finally:
            self.in_progress.remove(m)
            if iface is not None:
                # the default body was checked on its own already: report only
                # what is new for this implementing type
                seen = {(d.code, d.span, d.message) for d in self.diags[:saved[2]]}
                seen_at = {(d.code, d.span) for d in self.diags[:saved[2]]}
                fresh = [d for d in self.diags[saved[2]:]
                         if (d.code, d.span, d.message) not in seen and (d.code, d.span) not in seen_at]
                del self.diags[saved[2]:]
                for d in fresh:
                    self.diags.append(d.__class__(d.severity, d.code, d.message + f" (in the default method "
                                                  f"`{m.name}` inherited by `{T.show(impl.for_type)}`)",
                                                  d.span, d.notes, d.help))
            self.info, self.ctx = saved[0], saved[1]
        m.scheme = T.Scheme(impl.params, m.type)
        self.done.add(m)
        self.p.functions.append(m)

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
            self.in_progress.append(decl)
            try:
                self.infer_function_body(decl, decl.type, kind="method")
            finally:
                T.leave_level()
                self.in_progress.remove(decl)
                self.self_iface = saved
            decl.scheme = self.generalise(decl.type)
            self.done.add(decl)

    def interface_method_type(self, iface: InterfaceDecl, name: str, self_t) -> Optional[T.TFun]:
        sig = iface.methods.get(name)
        if sig is None:
            return None
        decl = FunctionDecl(iface.module, name, [sig], True, kind="default")
        saved = len(self.diags)
        t = self.signature(decl, self_type=self_t)
        del self.diags[saved:]  # reported where the interface is checked
        return t

    # ------------------------------------------------------------ services and actors

    def infer_service(self, svc: ServiceDecl):
        if svc.init is not None:
            init = svc.init
            if init.type is None:  # (typed already when a `start` call came first)
                init.type = self.signature(init)
            self.in_progress.append(init)
            try:
                self.infer_function_body(init, init.type, kind="init")
            finally:
                self.in_progress.remove(init)
            init.scheme = T.Scheme((), init.type)
            self.done.add(init)
            self.p.functions.append(init)
            svc.state = init.type.ret
        else:
            svc.state = T.INT
        for hd in svc.handlers.values():
            self.infer_handler(svc, hd)

    def infer_handler(self, svc: ServiceDecl, hd: HandlerDecl):
        node = hd.node
        fake = A.FnDef(node.span, f"{svc.name}.{hd.name}", node.name_span, False, (), node.params, True,
                       node.reply_type, (), None, node.body)
        decl = FunctionDecl(svc.module, hd.client_name, [fake], False, kind="handler")
        hd.fn = decl
        ret = T.TTuple((svc.state, hd.reply)) if hd.kind == "call" else svc.state
        decl.type = T.TFun(hd.param_types, ret, decl.effect)
        ctx = FnCtx(ret, decl.effect, "handler", annotated=True, decl=decl)
        outer, self.ctx = self.ctx, ctx
        self.in_progress.append(decl)
        try:
            scope = Scope()
            state_binding = None
            if node.state is not None:
                state_binding = self.new_binding(node.state.name, svc.state, node.state.span, scope)
                self.p.info[node.state] = state_binding
            params = [self.bind_pattern(p.pattern, t, scope, kind="param") for p, t in zip(node.params, hd.param_types)]
            decl.params = [params]
            hd.state_binding = state_binding
            body_t = self.infer_block(node.body, scope, used=True)
            last = node.body.stmts[-1].span if node.body.stmts else node.span
            if hd.kind == "call" and not isinstance(T.prune(body_t), (T.TTuple, T.TVar, T.TError)):
                self.err("E0001", f"a `call` handler must end with a tuple `(new_state, reply)`, found "
                         f"{T.show(body_t)}", last)
            else:
                self.unify(ret, body_t, last,
                           "(a call handler returns `(new_state, reply)`)" if hd.kind == "call" else
                           "(a cast handler returns the new state)")
        finally:
            self.in_progress.remove(decl)
            self.ctx = outer
        decl.scheme = T.Scheme((), decl.type)
        self.done.add(decl)
        self.p.functions.append(decl)

    def infer_actor(self, actor: ActorDecl):
        node = actor.node
        fake = A.FnDef(node.span, actor.name, node.name_span, False, (), node.params, True, None, (), None, node.body)
        decl = FunctionDecl(actor.module, actor.name, [fake], False, kind="actor")
        decl.effect.mark_async()
        actor.fn = decl
        decl.type = T.TFun(actor.params, T.TVar(), decl.effect)
        outer, self.ctx = self.ctx, FnCtx(decl.type.ret, decl.effect, "actor", actor=actor, annotated=False, decl=decl)
        self.in_progress.append(decl)
        try:
            scope = Scope()
            decl.params = [[self.bind_pattern(p.pattern, t, scope, kind="param")
                            for p, t in zip(node.params, actor.params)]]
            self.infer_block(node.body, scope, used=False)
            if node.terminate is not None:
                self.infer_block(node.terminate, scope, used=False)
        finally:
            self.in_progress.remove(decl)
            self.ctx = outer
        decl.scheme = T.Scheme((), decl.type)
        self.done.add(decl)
        self.p.functions.append(decl)

    def infer_supervisor(self, sup: SupervisorDecl):
        for child in sup.children:
            if child.start is None:
                continue
            decl = FunctionDecl(sup.module, f"{sup.name}.{child.name}", [], False, kind="child")
            outer, self.ctx = self.ctx, FnCtx(T.TVar(), decl.effect, "fn", annotated=False, decl=decl)
            try:
                t = self.infer(child.start, Scope())
            finally:
                self.ctx = outer
            t = T.prune(t)
            if T.contains_error(t):
                continue
            ok = isinstance(t, T.TFun) and not t.params and T.con_name(t.ret) in ("Pid", None)
            if ok and T.con_name(t.ret) is None:
                ok = self.unify(T.pid_of(), t.ret, child.start.span)
            if not ok:
                self.err("E0018", f"child `{child.name}` start function must return Pid (a closure such as "
                         f"`fn -> spawn(worker) end`)", child.start.span)

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
        for clause in clauses:
            self.p.info[clause] = (decl, binding)
        outer = self.ctx
        self.infer_function_body(decl, decl.type, kind="fn", actor=outer.actor if outer else None, outer_scope=scope)
        if outer is not None:
            self.edges.append((outer.effect, decl.effect))
        self.p.functions.append(decl)

    def new_binding(self, name, t, span, scope: Scope, kind: str = "") -> Binding:
        b = Binding(name, t, span)
        scope.vars[name] = b
        if kind == "let" and not name.startswith("_"):
            self.bindings[b.id] = (b, kind)
        return b

    def unused_warnings(self):
        """W0003 for variables bound by a `let` of an effect-free value and
        never read. (Pattern variables of `case`/`receive` arms and `for`
        binders, parameters, and `let`s of calls are not reported: they are
        often named to document a value on purpose.)"""
        for b, kind in self.bindings.values():
            if b.id not in self.used:
                self.diags.append(warning(
                    "W0003", f"unused variable: `{b.name}`", b.span,
                    help=f"if this is intentional, prefix it with an underscore: `_{b.name}`"
                    + (", or write `let _ = …`" if kind == "let" else "")))

    # ------------------------------------------------------------ expressions

    def expect(self, e, t, scope) -> T.Type:
        found = self.infer(e, scope, expected=t)
        self.unify(t, found, e.span)
        return found

    def infer(self, e, scope: Scope, used: bool = True, expected=None) -> T.Type:
        method = getattr(self, "e_" + type(e).__name__)
        t = method(e, scope, used, expected)
        self.p.types[e] = t
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

    def e_SelfRef(self, e, scope, used, expected):
        b = scope.lookup("self")
        if b is not None:
            self.used.add(b.id)
        if b is None:
            self.err("E0004", "`self` is only available inside the methods of an `impl`", e.span)
            return T.ERROR
        self.p.info[e] = LocalRef(b)
        return b.type

    # ---- names

    def e_Name(self, e, scope, used, expected):
        ref, t = self.resolve_value(e.name, e.span, scope)
        if ref is not None:
            self.p.info[e] = ref
        return t

    def resolve_value(self, name: str, span, scope: Scope):
        """(Ref, type) of a name used as a value."""
        b = scope.lookup(name)
        if b is not None:
            self.used.add(b.id)
            return LocalRef(b), b.type
        decl = self.find_global(name)
        if isinstance(decl, FunctionDecl):
            return FunctionRef(decl), self.instantiate(decl, span)
        if isinstance(decl, VariantDecl):
            return VariantRef(decl), self.variant_value_type(decl)
        if isinstance(decl, FailedImport):
            return None, T.ERROR
        if isinstance(decl, tuple) and decl[0] == "stdlib":
            sig = S.lookup(decl[1], decl[2])
            if sig is not None:
                return sig.ref, self.instantiate_stdlib(sig)
        if isinstance(decl, ActorDecl):
            if self.ctx is not None and self.ctx.actor is decl:
                return ActorRef(decl), T.TFun(decl.params, T.pid_of(decl.message))
            self.err("E0004", f"`{name}` is an actor: start it with `spawn({name}, …)`", span)
            return None, T.ERROR
        if isinstance(decl, (StructDecl, SumDecl, ServiceDecl, SupervisorDecl, InterfaceDecl)):
            kind = {StructDecl: "a struct", SumDecl: "a type", ServiceDecl: "a service",
                    SupervisorDecl: "a supervisor", InterfaceDecl: "an interface"}[type(decl)]
            self.err("E0004", f"`{name}` is {kind}, not a value", span)
            return None, T.ERROR
        sig = S.lookup_global(name)
        if sig is not None:
            return sig.ref, self.instantiate_stdlib(sig)
        if name == "default":
            return StdlibRef("", "default", "default"), T.TFun((), T.TVar())
        if name.startswith("%"):
            self.err("E0004", f"`{name[1:]}` must be called: `{name[1:]}(…)`", span)
            return None, T.ERROR
        self.err("E0004", f"undefined variable: {name}", span, help=self.name_help(name, scope))
        return None, T.ERROR

    def find_global(self, name: str):
        """A top-level declaration visible by its plain name in this module."""
        info = self.info
        for table in (info.functions, info.variants, info.actors, info.structs, info.sums, info.services,
                      info.supervisors, info.interfaces):
            if name in table:
                return table[name]
        if name in info.imported:
            return info.imported[name]
        if name in BUILTIN_VARIANTS:
            return BUILTIN_VARIANTS[name]
        return None

    def name_help(self, name: str, scope: Scope) -> Optional[str]:
        for mod_name, other in self.infos.items():
            if other is self.info:
                continue
            decl = other.functions.get(name)
            if decl is not None and decl.pub:
                return f"`{name}` is defined in module `{mod_name}`: add `from {mod_name} import {name}`"
        for (module, fname) in S.SIGNATURES:
            if fname == name and module:
                return f"did you mean `{module}.{name}`?"
        known = set()
        s = scope
        while s is not None:
            known.update(s.vars)
            s = s.parent
        info = self.info
        for table in (info.functions, info.variants, info.imported):
            known.update(table)
        known.update(n for (m, n) in S.SIGNATURES if not m)
        close = difflib.get_close_matches(name, sorted(k for k in known if isinstance(k, str)), n=1, cutoff=0.75)
        if close:
            return f"did you mean `{close[0]}`?"
        return None

    def instantiate(self, decl: FunctionDecl, span=None):
        scheme = self.ensure(decl)
        if scheme is None:
            return decl.type
        if not scheme.vars:
            return scheme.type
        mapping = {v: T.TVar(v.hint) for v in scheme.vars}
        for v in scheme.vars:
            for trait in self.constraints.get(v, ()):
                self.pending_constraints.append((mapping[v], trait, self.info, span or decl.span, decl))
        return T.substitute(scheme.type, mapping)

    def check_constraints(self):
        """`where T: Shape`: the type a call gives `T` must implement `Shape`."""
        for tv, trait, info, span, decl in self.pending_constraints:
            t = T.prune(tv)
            key = _type_key(t)
            if key is None or trait in BUILTIN_TRAITS:
                continue
            iface = self.c.find_interface(info, trait)
            if iface is None:
                continue
            if not any(impl.trait == iface.name and impl.type_key == key for impl in self.c.impls):
                self.err("E0006", f"{T.show(t)} does not implement {trait} (required by `where {tv.hint or 'T'}: "
                         f"{trait}` of `{decl.name}`)", span,
                         help=f"add `impl {trait} for {T.show(t).rpartition('.')[2]} do … end`")

    def instantiate_stdlib(self, sig) -> T.Type:
        """Stdlib functions get fresh type variables and fresh effects for
        their function-typed parameters at every use."""
        mapping = {v: T.TVar(v.hint) for v in sig.scheme.vars}
        return _fresh_effects(T.substitute(sig.scheme.type, mapping))

    def variant_value_type(self, v: VariantDecl):
        mapping = {p: T.TVar(p.hint) for p in v.sum.params}
        sum_t = T.TCon(v.sum.qualified, tuple(mapping[p] for p in v.sum.params))
        if not v.fields:
            return sum_t
        return T.TFun(tuple(T.substitute(f, mapping) for f in v.fields), sum_t)

    def find_variant(self, name: str) -> Optional[VariantDecl]:
        decl = self.info.variants.get(name) or BUILTIN_VARIANTS.get(name)
        if decl is None:
            imported = self.info.imported.get(name)
            if isinstance(imported, VariantDecl):
                decl = imported
        return decl

    # ---- field access

    def e_FieldAccess(self, e, scope, used, expected):
        qual = self.qualified(e, scope)
        if qual is not None:
            return qual
        obj_t = T.prune(self.infer(e.obj, scope))
        return self.field_type(e, obj_t)

    def qualified(self, e: A.FieldAccess, scope):
        """`Mod.name` where `Mod` is not a local value: a module function or
        constant, a qualified variant. None if `e.obj` is a value."""
        if not isinstance(e.obj, A.Name) or scope.lookup(e.obj.name) is not None:
            return None
        qual = e.obj.name
        target = self.module_qualifier(qual)
        if target is not None:
            decl = self.module_export(target, e.name, e.name_span)
            if decl is None:
                return T.ERROR
            self.p.info[e] = FunctionRef(decl)
            return self.instantiate(decl)
        sum_decl = self.find_sum(qual)
        if sum_decl is not None:
            v = next((v for v in sum_decl.variants if v.name == e.name), None)
            if v is None:
                self.err("E0030", f"no variant `{e.name}` in type `{sum_decl.qualified}`", e.name_span)
                return T.ERROR
            self.p.info[e] = VariantRef(v)
            return self.variant_value_type(v)
        if qual in S.STDLIB_MODULE_NAMES and self.find_global(qual) is None:
            sig = S.lookup(qual, e.name)
            if sig is None:
                self.err("E0030", f"no method `{e.name}` on type `{qual}`", e.name_span,
                         help=_available(S.module_functions(qual)))
                return T.ERROR
            self.p.info[e] = sig.ref
            return self.instantiate_stdlib(sig)
        if isinstance(self.find_global(qual), FailedImport):
            return T.ERROR
        if self.find_global(qual) is not None and not isinstance(self.find_global(qual), (FunctionDecl, VariantDecl)):
            self.err("E0030", f"`{qual}.{e.name}` is not a value; call it: `{qual}.{e.name}(…)`", e.span)
            return T.ERROR
        return None

    def module_qualifier(self, qual: str) -> Optional[ModuleInfo]:
        target = self.info.qualifiers.get(qual)
        return self.infos.get(target) if target is not None else None

    def module_export(self, target: ModuleInfo, name: str, span) -> Optional[FunctionDecl]:
        decl = target.functions.get(name)
        if decl is None:
            if name in target.services or name in target.structs:
                self.err("E0030", f"`{target.name}.{name}` is not a function; import it with "
                         f"`from {target.name} import {name}`", span)
            else:
                self.err("E0030", f"no method `{name}` on type `{target.name.rpartition('.')[2]}`: module "
                         f"`{target.name}` has no function `{name}`", span,
                         help=_available(sorted(n for n, d in target.functions.items() if d.pub)))
            return None
        if not decl.pub and target is not self.info:  # (a module may name itself: supplement 9.7)
            self.err("E0035", f"function `{name}` is private in module `{target.name}`", span,
                     help=f"add `pub` to `fn {name}` in {_relative(target.node.path)}")
            return None
        return decl

    def find_sum(self, name: str) -> Optional[SumDecl]:
        decl = self.info.sums.get(name) or BUILTIN_SUMS.get(name)
        if decl is None and isinstance(self.info.imported.get(name), SumDecl):
            decl = self.info.imported[name]
        return decl

    def find_struct(self, path) -> Optional[StructDecl]:
        if len(path) == 1:
            name = path[0]
            decl = self.info.structs.get(name)
            if decl is None and isinstance(self.info.imported.get(name), StructDecl):
                decl = self.info.imported[name]
            return decl
        target = self.module_qualifier(path[-2])
        if target is not None:
            decl = target.structs.get(path[-1])
            if decl is not None and decl.pub:
                return decl
        return None

    def user_decl(self, t) -> Optional[object]:
        t = T.prune(t)
        if not isinstance(t, T.TCon):
            return None
        module, _, name = t.name.rpartition(".")
        info = self.infos.get(module)
        if info is None:
            return BUILTIN_SUMS.get(t.name)
        return info.structs.get(name) or info.sums.get(name)

    def field_type(self, e: A.FieldAccess, obj_t):
        if obj_t is T.ERROR:
            return T.ERROR
        if isinstance(obj_t, T.TVar):
            candidates = self.structs_with_field(e.name)
            if len(candidates) == 1:
                decl = candidates[0]
                self.unify(self.struct_type(decl)[0], obj_t, e.obj.span)
                obj_t = T.prune(obj_t)
            else:
                self.err("E0001", f"cannot tell the type of this value to read its field `{e.name}`", e.obj.span,
                         help="add a type annotation to the variable or parameter")
                return T.ERROR
        decl = self.user_decl(obj_t)
        if isinstance(decl, StructDecl):
            if e.name not in decl.fields:
                self.err("E0009", f"type {T.show(obj_t)} has no field {e.name}", e.name_span,
                         help=_available(list(decl.fields), "fields"))
                return T.ERROR
            self.p.info[e] = FieldRef(decl, e.name)
            mapping = dict(zip(decl.params, obj_t.args))
            return T.substitute(decl.fields[e.name], mapping)
        self.err("E0009", f"type {T.show(obj_t)} has no field {e.name}", e.name_span)
        return T.ERROR

    def structs_with_field(self, field: str) -> list:
        out = []
        seen = set()
        for d in list(self.info.structs.values()) + [d for d in self.info.imported.values() if isinstance(d, StructDecl)]:
            if field in d.fields and id(d) not in seen:
                seen.add(id(d))
                out.append(d)
        return out

    def struct_type(self, decl: StructDecl):
        mapping = {p: T.TVar(p.hint) for p in decl.params}
        return T.TCon(decl.qualified, tuple(mapping[p] for p in decl.params)), mapping

    # ---- calls

    def e_Call(self, e, scope, used, expected):
        return self.infer_call(e, e.func, list(e.args), scope, expected)

    def e_Pipe(self, e, scope, used, expected):
        target = e.target
        if isinstance(target, A.Call):
            t = self.infer_call(e, target.func, [e.value] + list(target.args), scope, expected)
            self.p.types[target] = t
            return t
        return self.infer_call(e, target, [e.value], scope, expected)

    def infer_call(self, node, func, args: list, scope, expected) -> T.Type:
        """Infer a call (or a pipe into a call) and record its CallTarget."""
        if isinstance(func, A.Name) and scope.lookup(func.name) is None:
            return self.call_named(node, func, args, scope, expected)
        if isinstance(func, A.FieldAccess):
            result = self.call_dotted(node, func, args, scope, expected)
            if result is not None:
                return result
        # a function value
        ft = self.infer(func, scope)
        return self.apply_value(node, func, ft, args, scope)

    def apply_value(self, node, func, ft, args, scope):
        ft = T.prune(ft)
        if ft is T.ERROR:
            for a in args:
                self.infer(a, scope)
            return T.ERROR
        if isinstance(ft, T.TVar):
            fresh = T.TFun([T.TVar() for _ in args], T.TVar())
            T.unify(ft, fresh)
            ft = fresh
        if not isinstance(ft, T.TFun):
            self.err("E0001", f"type mismatch: expected a function, found {T.show(ft)}: it cannot be called",
                     func.span)
            for a in args:
                self.infer(a, scope)
            return T.ERROR
        ret = self.check_args(node, ft, args, scope, "this function")
        target = ValueCall(args, callee=func)
        self.record_call(node, target, ft.effect)
        return ret

    def check_args(self, node, ft: T.TFun, args, scope, what: str, skip: int = 0) -> T.Type:
        params = ft.params[skip:]
        if len(params) != len(args):
            keywords = bool(args) and isinstance(args[-1], A.MapLit) and args[-1].keywords
            self.err("E0003", f"{what} expected {len(params)} argument(s), found {len(args)}", node.span,
                     help="the keyword arguments count as one argument, a `Map<String, V>` after the others"
                     if keywords else None)
            # which argument is missing or extra is unclear: do not match them up
            for a in args:
                self.infer(a, scope)
            return ft.ret
        for a, pt in zip(args, params):
            at = self.infer(a, scope, expected=pt)
            if isinstance(a, A.MapLit) and a.keywords:
                self.unify(pt, at, a.span, "(keyword arguments are passed as one map, not matched to parameters)")
            else:
                self.unify(pt, at, a.span)
        for a in args[len(params):]:
            self.infer(a, scope)
        return ft.ret

    def record_call(self, node, target: CallTarget, effect: Optional[T.Effect]):
        self.p.info[node] = target
        if effect is not None and self.ctx is not None:
            self.edges.append((self.ctx.effect, effect))
        target.effect = effect  # decides `is_async` after the effect analysis
        self.async_calls.append(target)

    def call_named(self, node, func: A.Name, args, scope, expected):
        name = func.name
        decl = self.find_global(name)
        if isinstance(decl, FunctionDecl):
            ft = T.prune(self.instantiate(decl, node.span))
            self.p.info[func] = FunctionRef(decl)
            ret = self.check_args(node, ft, args, scope, f"`{name}`")
            self.record_call(node, FunctionCall(args, decl=decl), decl.effect)
            return ret
        if isinstance(decl, VariantDecl):
            return self.call_variant(node, decl, args, scope)
        if isinstance(decl, FailedImport):
            for a in args:
                self.infer(a, scope)
            return T.ERROR
        if isinstance(decl, ActorDecl):
            if self.ctx is not None and self.ctx.actor is decl:
                ft = T.TFun(decl.params, T.pid_of(decl.message))
                self.check_args(node, ft, args, scope, f"`{name}`")
                self.p.info[node] = ActorLoopCall(args, decl=decl)
                return T.pid_of(decl.message)
            self.err("E0004", f"`{name}` is an actor: start it with `spawn({name}, …)`", func.span)
            return T.ERROR
        if isinstance(decl, tuple) and decl[0] == "stdlib":
            if decl[1] == "Tuple" and decl[2] in S.TUPLE_FUNCTIONS:
                return self.call_tuple(node, decl[2], args, scope)
            sig = S.lookup(decl[1], decl[2])
            if sig is not None:
                return self.call_stdlib(node, sig, args, scope)
        if name == "default" and decl is None:
            for a in args:
                self.infer(a, scope)
            if args:
                self.err("E0003", f"`default` expected 0 argument(s), found {len(args)}", node.span)
            t = expected if expected is not None else T.TVar()
            self.p.info[node] = DefaultValue([], type=t)
            return t
        if decl is None:
            sig = S.lookup_global(name)
            if sig is not None:
                return self.call_stdlib(node, sig, args, scope)
        self.infer(func, scope)  # reports the error
        for a in args:
            self.infer(a, scope)
        return T.ERROR

    def call_variant(self, node, v: VariantDecl, args, scope):
        vt = self.variant_value_type(v)
        if not v.fields:
            self.err("E0003", f"`{v.name}` takes no arguments; write it without parentheses", node.span)
            return vt
        ret = self.check_args(node, vt, args, scope, f"`{v.name}`")
        self.p.info[node] = VariantCall(args, variant=v)
        return ret

    def call_stdlib(self, node, sig, args, scope, skip_receiver=None):
        ref = sig.ref
        if ref.module == "Tuple":
            return self.call_tuple(node, ref.name, args, scope)
        ft = self.instantiate_stdlib(sig)
        if ref.is_constant:
            self.err("E0001", f"`{ref.module}.{ref.name}` is a constant, not a function", node.span)
            return ft
        label = f"`{ref.module + '.' if ref.module else ''}{ref.name}`"
        ret = self.check_args(node, ft, args, scope, label)
        target = StdlibCall(args, ref=ref)
        self.p.info[node] = target
        if ref.is_async and self.ctx is not None:
            self.ctx.effect.mark_async()
        fun_effects = [p.effect for p in ft.params if isinstance(p, T.TFun)]
        if fun_effects and ref.module not in ("Job",) and self.ctx is not None:
            for eff in fun_effects:
                self.edges.append((self.ctx.effect, eff))
            target.arg_effects = fun_effects  # decides `async_variant` after the effect analysis
            self.async_calls.append(target)
        target.is_async = ref.is_async
        if ref.module == "JSON" and ref.name == "encode" and args:
            self.check_json_encodable(args[0])
        return ret

    def check_json_encodable(self, arg):
        t = self.p.types.get(arg)
        decl = self.user_decl(t) if t is not None else None
        if decl is not None and not getattr(decl, "builtin", False) and "Json" not in decl.derives:
            self.err("E0038", f"`{decl.name}` does not derive Json, so it cannot be encoded", arg.span,
                     help=f"add `deriving(Json)` to `{decl.name}`")

    def call_tuple(self, node, name, args, scope):
        if len(args) != (2 if name == "nth" else 1):
            self.err("E0003", f"`Tuple.{name}` expected {2 if name == 'nth' else 1} argument(s), found {len(args)}",
                     node.span)
            return T.ERROR
        tt = T.prune(self.infer(args[0], scope))
        if name == "nth":
            self.expect(args[1], T.INT, scope)
        if tt is T.ERROR:
            return T.ERROR
        if not isinstance(tt, T.TTuple):
            self.err("E0001", f"type mismatch: expected a tuple, found {T.show(tt)}", args[0].span)
            return T.ERROR
        if name == "size":
            self.p.info[node] = TupleOp(args, op="size")
            return T.INT
        if name == "nth":
            idx = args[1].value if isinstance(args[1], A.IntLit) else None
            if idx is None:
                first = tt.items[0] if tt.items else T.TVar()
                for item in tt.items[1:]:
                    self.unify(first, item, args[0].span, "(`Tuple.nth` with a computed index needs equal types)")
                self.p.info[node] = TupleOp(args, op="nth")
                return first
        else:
            idx = 0 if name == "first" else 1
        if not 0 <= idx < len(tt.items):
            self.err("E0001", f"`Tuple.{name}`: index {idx} is out of range for {T.show(tt)}", node.span)
            return T.ERROR
        self.p.info[node] = TupleOp(args, op="nth", index=idx)
        return tt.items[idx]

    def call_dotted(self, node, func: A.FieldAccess, args, scope, expected):
        """`Qualifier.f(args)` or `value.method(args)`; None when `func` is a
        field holding a function value."""
        obj = func.obj
        name = func.name
        if isinstance(obj, A.Name) and scope.lookup(obj.name) is None:
            qual = obj.name
            target = self.module_qualifier(qual)
            own = (target.structs.get(qual) or target.sums.get(qual)) if target is not None else None
            if own is not None and own.pub and name not in target.functions:
                # `import Types.User` then `User.from_json(s)`, `User.__table__()`:
                # the static functions (and variants) of the module's own type
                variant = next((v for v in getattr(own, "variants", ()) if v.name == name), None)
                if variant is not None:
                    return self.call_variant(node, variant, args, scope)
                return self.call_static(node, own, func, args, scope)
            if target is not None:
                self.p.info[obj] = ModuleRef(target.name)
                decl = self.module_export(target, name, func.name_span)
                if decl is None:
                    for a in args:
                        self.infer(a, scope)
                    return T.ERROR
                ft = T.prune(self.instantiate(decl, node.span))
                ret = self.check_args(node, ft, args, scope, f"`{qual}.{name}`")
                self.record_call(node, FunctionCall(args, decl=decl), decl.effect)
                return ret
            g = self.find_global(qual)
            if isinstance(g, ServiceDecl):
                return self.call_service(node, g, func, args, scope)
            if isinstance(g, SumDecl) or qual in BUILTIN_SUMS:
                sum_decl = g if isinstance(g, SumDecl) else BUILTIN_SUMS[qual]
                v = next((v for v in sum_decl.variants if v.name == name), None)
                if v is None and not sum_decl.builtin and name[:1].islower():
                    return self.call_static(node, sum_decl, func, args, scope)
                if v is None:
                    self.err("E0030", f"no variant `{name}` in type `{sum_decl.qualified}`", func.name_span)
                    return T.ERROR
                return self.call_variant(node, v, args, scope)
            if isinstance(g, StructDecl):
                return self.call_static(node, g, func, args, scope)
            if g is None and (qual in S.STDLIB_MODULE_NAMES):
                self.p.info[obj] = ModuleRef(qual)
                sig = S.lookup(qual, name)
                if sig is None and qual == "Tuple" and name in S.TUPLE_FUNCTIONS:
                    return self.call_tuple(node, name, args, scope)
                if sig is None:
                    self.err("E0030", f"no method `{name}` on type `{qual}`", func.name_span,
                             help=_available(S.module_functions(qual)))
                    for a in args:
                        self.infer(a, scope)
                    return T.ERROR
                return self.call_stdlib(node, sig, args, scope)
            if g is None and qual[:1].isupper():
                self.err("E0004", f"undefined variable: {qual}", obj.span,
                         help=f"to call a function of module `{qual}`, add `import …{qual}`")
                for a in args:
                    self.infer(a, scope)
                return T.ERROR
        # a method call on a value
        recv_t = T.prune(self.infer(obj, scope))
        return self.call_method(node, func, recv_t, args, scope)

    def call_service(self, node, svc: ServiceDecl, func, args, scope):
        name = func.name
        self.p.info[func.obj] = ServiceRef(svc)
        if name == "start":
            if svc.init is not None and svc.init.type is None:
                # a service started before it is checked (from another service's handler)
                # (at level 0: the service's types are shared, never generalised)
                saved_level = T.current_level()
                T.set_level(0)
                try:
                    svc.init.type = self.signature(svc.init)
                finally:
                    T.set_level(saved_level)
            params = svc.init.type.params if svc.init is not None else ()
            ft = T.TFun(params, T.pid_of())
            self.check_args(node, ft, args, scope, f"`{svc.name}.start`")
            target = ServiceCall(args, service=svc, op="start")
            eff = svc.init.effect if svc.init is not None else None
            self.record_call(node, target, eff)
            return T.pid_of()
        hd = svc.handlers.get(name)
        if hd is None:
            self.err("E0030", f"no method `{name}` on type `{svc.name}`", func.name_span,
                     help=_available(["start"] + sorted(svc.handlers)))
            for a in args:
                self.infer(a, scope)
            return T.ERROR
        ft = T.TFun([T.pid_of()] + list(hd.param_types), hd.reply if hd.kind == "call" else T.UNIT)
        ret = self.check_args(node, ft, args, scope, f"`{svc.name}.{name}`")
        target = ServiceCall(args, service=svc, op=hd.kind, handler=hd)
        self.p.info[node] = target
        if hd.kind == "call":
            target.is_async = True
            if self.ctx is not None:
                self.ctx.effect.mark_async()
        return ret

    def call_static(self, node, decl, func, args, scope):
        """`Type.from_json(s)`, `Type.from_row(m)`, `Type.from(x)` (a trait's
        static function) on a struct or sum type."""
        name = func.name
        self.p.info[func.obj] = StructRef(decl) if isinstance(decl, StructDecl) else SumRef(decl)
        t, _ = self.struct_type(decl)
        if name in ("from_json", "from_row"):
            trait = "Json" if name == "from_json" else "Row"
            if trait == "Row" and isinstance(decl, SumDecl):
                self.err("E0030", f"no method `from_row` on type `{decl.qualified}`: only structs map from rows",
                         func.name_span)
            elif trait not in decl.derives:
                self.err("E0030", f"no method `{name}` on type `{decl.qualified}` (it does not derive {trait})",
                         func.name_span, help=f"add `deriving({trait})` to `{decl.name}`")
            arg_t = T.STRING if name == "from_json" else T.map_of(T.STRING, T.STRING)
            self.check_args(node, T.TFun([arg_t], T.result_of(t, T.STRING)), args, scope, f"`{decl.name}.{name}`")
            self.p.info[node] = DerivedCall(args, struct=decl, op=name)
            return T.result_of(t, T.STRING)
        if isinstance(decl, StructDecl) and "Schema" in decl.derives and schema.result_type(decl, name):
            return self.call_schema(node, decl, name, args, scope)
        method = self.find_method(decl.qualified, name, static=True)
        if method is not None:
            ft = T.prune(self.instantiate(method))
            ret = self.check_args(node, ft, args, scope, f"`{decl.name}.{name}`")
            self.record_call(node, MethodCall(args, decl=method), method.effect)
            return ret
        if schema.is_metadata_name(name) and isinstance(decl, StructDecl):
            if "Schema" not in decl.derives:
                self.err("E0030", f"no method `{name}` on type `{decl.qualified}` (it does not derive Schema)",
                         func.name_span, help=f"add `deriving(Schema)` to `{decl.name}`")
            else:
                self.err("E0030", f"no method `{name}` on type `{decl.qualified}`: it has no field "
                         f"`{name[2:-6]}`", func.name_span, help=_available(list(decl.fields), "fields"))
            for a in args:
                self.infer(a, scope)
            return T.ERROR
        self.err("E0030", f"no method `{name}` on type `{decl.qualified}`", func.name_span)
        for a in args:
            self.infer(a, scope)
        return T.ERROR

    def call_schema(self, node, decl: StructDecl, name: str, args, scope):
        """`T.__table__()` and the other metadata functions of `deriving(Schema)`."""
        ret = schema.result_type(decl, name)
        self.check_args(node, T.TFun([], ret), args, scope, f"`{decl.name}.{name}`")
        self.p.info[node] = SchemaCall(args, struct=decl, op=name)
        return ret

    def call_method(self, node, func: A.FieldAccess, recv_t, args, scope):
        name = func.name
        if recv_t is T.ERROR:
            for a in args:
                self.infer(a, scope)
            return T.ERROR
        full_args = [func.obj] + list(args)
        decl = self.user_decl(recv_t)
        if isinstance(decl, StructDecl) and name in decl.fields:
            ft = self.field_type(func, recv_t)
            self.p.types[func] = ft
            return self.apply_value(node, func, ft, list(args), scope)
        if name == "to_string" and not self.find_method(_type_key(recv_t), name):
            if args:
                self.err("E0003", f"`to_string` expected 0 argument(s), found {len(args)}", node.span)
            self.p.info[node] = ToStringCall(full_args[:1])
            implicit.record_site(self, full_args[0], recv_t, "Display", "to_string")
            return T.STRING
        if name == "to_json" and decl is not None and "Json" in getattr(decl, "derives", ()):
            self.p.info[node] = ToJsonCall(full_args[:1])
            return T.JSON
        key = _type_key(recv_t)
        if self.self_iface is not None and recv_t is T.prune(self.self_iface[0]):
            ft = self.interface_method_type(self.self_iface[1], name, recv_t)
            if ft is not None and ft.params:
                return self.check_args(node, ft, list(args), scope, f"`{name}`", skip=1)
        if isinstance(recv_t, T.TVar) and recv_t in self.constraints:
            result = self.call_constrained(node, func, recv_t, full_args, scope)
            if result is not None:
                return result
        if key is None and isinstance(recv_t, T.TVar):
            guessed = self.guess_receiver(name)
            if guessed is not None:
                self.unify(guessed, recv_t, func.obj.span)
                recv_t = T.prune(recv_t)
                key = _type_key(recv_t)
        method = self.find_method(key, name) if key else None
        if method is not None:
            ft = T.prune(self.instantiate(method))
            if isinstance(ft, T.TFun) and ft.params:
                self.unify(ft.params[0], recv_t, func.obj.span)
                ret = self.check_args(node, ft, list(args), scope, f"`{name}`", skip=1)
            else:
                ret = T.TVar()
            self.record_call(node, MethodCall(full_args, decl=method), method.effect)
            return ret
        module = S.METHOD_MODULES.get(key) if key else None
        if key == "Tuple" and name in S.TUPLE_FUNCTIONS:
            return self.call_tuple(node, name, full_args, scope)
        sig = S.lookup(module, name) if module else None
        if sig is not None:
            ft = self.instantiate_stdlib(sig)
            if isinstance(ft, T.TFun) and ft.params:
                self.unify(ft.params[0], recv_t, func.obj.span)
            return self.call_stdlib(node, sig, full_args, scope)
        if isinstance(recv_t, T.TVar):
            self.err("E0001", f"cannot tell the type of this value to call its method `{name}`", func.obj.span,
                     help="add a type annotation to the variable or parameter")
        else:
            self.err("E0030", f"no method `{name}` on type `{T.show(recv_t)}`", func.name_span)
        for a in args:
            self.infer(a, scope)
        return T.ERROR

    def call_constrained(self, node, func, recv_t, full_args, scope):
        """`x.area()` where `x :: T` and `where T: Shape`: the method is found
        at run time from the receiver's type (CallTarget kind "dynamic")."""
        name = func.name
        for trait in self.constraints[recv_t]:
            iface = self.c.find_interface(self.info, trait)
            if iface is None or name not in iface.methods:
                continue
            ft = self.interface_method_type(iface, name, recv_t)
            if ft is None or not ft.params:
                continue
            ret = self.check_args(node, ft, full_args[1:], scope, f"`{name}`", skip=1)
            table = {impl.type_key: impl.methods[name] for impl in self.c.impls
                     if impl.trait == iface.name and impl.type_key and name in impl.methods}
            # one effect for every implementation: the caller awaits all or none
            effect = T.Effect(origin="dynamic")
            for m in table.values():
                effect.join(m.effect)
            self.record_call(node, DynamicCall(full_args, decl=table, op=name), effect)
            return ret
        return None

    def guess_receiver(self, method: str):
        """The receiver type for `x.method()` when `x`'s type is still unknown:
        only when exactly one type has such a method."""
        owners = set()
        for impl in self.p.impls:
            if method in impl.methods and impl.for_type is not None:
                owners.add(impl.type_key)
        for (module, fname) in S.SIGNATURES:
            if fname == method and module in S.METHOD_MODULES.values():
                owners.add("stdlib:" + module)
        if len(owners) != 1:
            return None
        owner = owners.pop()
        if owner.startswith("stdlib:"):
            sig = S.lookup(owner[len("stdlib:"):], method)
            ft = self.instantiate_stdlib(sig)
            return ft.params[0] if isinstance(ft, T.TFun) and ft.params else None
        impl = next(i for i in self.p.impls if i.type_key == owner and method in i.methods)
        return T.substitute(impl.for_type, {p: T.TVar() for p in impl.params})

    def find_method(self, key: Optional[str], name: str, static: bool = False) -> Optional[FunctionDecl]:
        if key is None:
            return None
        for impl in self.c.impls:
            if impl.type_key == key and name in impl.methods:
                return impl.methods[name]
        for impl in self.c.impls:
            if impl.type_key == key:
                info = self.infos[impl.module]
                iface = self.c.find_interface(info, impl.trait)
                if iface is not None and (iface.name, name) in self.default_methods:
                    return self.default_methods[(iface.name, name)]
        return None

    @staticmethod
    def iterable_method(impl: ImplDecl) -> Optional[FunctionDecl]:
        """The method of an Iterable impl that gives the items: `iter`, else
        `to_list`, else its only method."""
        for name in ("iter", "to_list"):
            if name in impl.methods:
                return impl.methods[name]
        return next(iter(impl.methods.values())) if len(impl.methods) == 1 else None

    def find_impl(self, trait: str, key: Optional[str]) -> Optional[ImplDecl]:
        for impl in self.c.impls:
            if impl.trait == trait and impl.type_key == key:
                return impl
        return None

    # ---- operators

    def e_Unary(self, e, scope, used, expected):
        t = T.prune(self.infer(e.operand, scope))
        if t is T.ERROR:
            return T.BOOL if e.op == "not" else T.ERROR
        if e.op == "not":
            self.unify(T.BOOL, t, e.operand.span, "(`not` needs a Bool)")
            self.p.info[e] = OpInfo("bool")
            return T.BOOL
        name = T.con_name(t)
        if name in ("Int", "Float"):
            self.p.info[e] = OpInfo(name.lower())
            return t
        impl = self.find_impl("Neg", name)
        if impl is not None and "neg" in impl.methods:
            self.p.info[e] = OpInfo("impl", impl.methods["neg"])
            implicit.record_direct(self, e, impl.methods["neg"])
            return impl.assoc.get("Output", t)
        if isinstance(t, T.TVar):
            self.p.info[e] = self.generic_op(e, t, "neg")
            return t
        self.err("E0001", f"type mismatch: expected Int or Float, found {T.show(t)} (unary `-`)", e.operand.span)
        return T.ERROR

    def e_Binary(self, e, scope, used, expected):
        op = e.op
        if op in ("and", "or"):
            self.expect(e.left, T.BOOL, scope)
            self.expect(e.right, T.BOOL, scope)
            self.p.info[e] = OpInfo("bool")
            return T.BOOL
        lt = self.infer(e.left, scope)
        rt = self.infer(e.right, scope, expected=lt)
        if op == "..":
            self.unify(T.INT, lt, e.left.span, "(a range needs Int bounds)")
            self.unify(T.INT, rt, e.right.span, "(a range needs Int bounds)")
            self.p.info[e] = OpInfo("range")
            return T.RANGE
        ok = self.unify(lt, rt, e.right.span)
        t = T.prune(lt)
        if t is T.ERROR or T.prune(rt) is T.ERROR:
            return T.BOOL if op in ("==", "!=", "<", ">", "<=", ">=") else T.ERROR
        name = T.con_name(t)
        if op in ("==", "!="):
            if ok:
                self.check_comparable(t, "Eq", e.op_span, op)
            self.p.info[e] = OpInfo("float" if name == "Float" else "eq")
            implicit.record_site(self, e, t, "Eq", "eq")
            return T.BOOL
        if op in ("<", ">", "<=", ">="):
            if ok:
                self.check_comparable(t, "Ord", e.op_span, op)
            self.p.info[e] = OpInfo("compare")
            implicit.record_site(self, e, t, "Ord", "compare")
            return T.BOOL
        if op in ("<>", "++"):
            if name == "String" or name == "List":
                self.p.info[e] = OpInfo(name.lower())
                return t
            if isinstance(t, T.TVar):
                self.p.info[e] = self.generic_op(e, t, op)
                return t
            if ok:
                self.err("E0001", f"type mismatch: expected String or List, found {T.show(t)} (operator `{op}`)",
                         e.left.span)
            return T.ERROR
        # arithmetic
        if name in ("Int", "Float"):
            self.p.info[e] = OpInfo(name.lower())
            return t
        trait = OPERATOR_TRAITS[op]
        impl = self.find_impl(trait, name)
        method = BUILTIN_TRAITS[trait][0][0]
        if impl is not None and method in impl.methods:
            self.p.info[e] = OpInfo("impl", impl.methods[method])
            implicit.record_direct(self, e, impl.methods[method])
            return impl.assoc.get("Output", t)
        if isinstance(t, T.TVar):
            self.p.info[e] = self.generic_op(e, t, op)
            return t
        if ok:
            self.err("E0001", f"type mismatch: expected Int or Float, found {T.show(t)} (operator `{op}`)",
                     e.left.span, help=f"`{op}` works on numbers; join strings with `<>`" if name == "String" else None)
        return T.ERROR

    def generic_op(self, node, t, op: str) -> OpInfo:
        """An operator whose operand type is not known yet: decided at run
        time unless later inference fixes the type (see settle_generic_ops)."""
        info = OpInfo("generic")
        self.generic_ops.append((info, t, op))
        return info

    def settle_generic_ops(self) -> None:
        """Operators typed before their operands' type was known (a closure
        checked before the call that fixes its parameter types): use the
        specialised form once the type is known."""
        for info, t, op in self.generic_ops:
            t = T.prune(t)
            name = T.con_name(t)
            if op in ("<>", "++"):
                if name in ("String", "List"):
                    info.kind = name.lower()
                continue
            if name in ("Int", "Float"):
                info.kind = name.lower()
                continue
            trait = "Neg" if op == "neg" else OPERATOR_TRAITS.get(op)
            impl = self.find_impl(trait, name) if trait and name else None
            method = BUILTIN_TRAITS[trait][0][0] if trait else None
            if impl is not None and method in impl.methods:
                info.kind, info.decl = "impl", impl.methods[method]

    def check_comparable(self, t, trait: str, span, op: str) -> None:
        """E0006: `==`/`!=` need `Eq`, `<`… need `Ord`. Functions have
        neither, Maps no `Ord`; a struct or sum type has what it derives or
        implements. (Tuples, Option and Ordering compare fine in meshpy,
        although the reference rejects them: 5.4 allows accepting them.)"""
        t = T.prune(t)
        why = None
        if isinstance(t, T.TFun):
            why = "functions cannot be compared"
        elif trait == "Ord" and T.con_name(t) == "Map":
            why = "maps have no order"
        else:
            decl = self.user_decl(t)
            if decl is not None and not getattr(decl, "builtin", False) and trait not in decl.derives \
                    and self.find_impl(trait, decl.qualified) is None:
                derives = sorted(decl.derives | {"Eq", trait})
                why = f"add it to the deriving clause: deriving({', '.join(derives)})"
        if why is not None:
            self.err("E0006", f"{T.show(t)} does not implement {trait} (operator `{op}`)", span, help=why)

    # ---- literals and constructors

    def e_ListLit(self, e, scope, used, expected):
        elem = T.TVar()
        exp = T.prune(expected) if expected is not None else None
        if isinstance(exp, T.TCon) and exp.name == "List":
            elem = exp.args[0]
        first = True
        for item in e.items:
            it = self.infer(item, scope, expected=elem)
            if first:
                self.unify(elem, it, item.span)
                first = False
            else:
                self.unify(elem, it, item.span, "(list elements must all have one type)")
        return T.list_of(elem)

    def e_MapLit(self, e, scope, used, expected):
        k, v = T.TVar(), T.TVar()
        why = "(keyword argument values must all have one type)" if e.keywords else \
            "(map values must all have one type)"
        for entry in e.entries:
            self.unify(k, self.infer(entry.key, scope), entry.key.span, "(map keys must all have one type)")
            self.unify(v, self.infer(entry.value, scope), entry.value.span, why)
        return T.map_of(k, v)

    def e_TupleLit(self, e, scope, used, expected):
        return T.TTuple(tuple(self.infer(i, scope) for i in e.items))

    def e_StructLit(self, e, scope, used, expected):
        decl = self.find_struct(e.path)
        if decl is None and len(e.path) == 1 and isinstance(self.info.imported.get(e.path[0]), FailedImport):
            for f in e.fields:
                self.infer(f.value, scope)
            return T.ERROR
        if decl is None:
            name = ".".join(e.path)
            v = self.find_variant(e.path[-1]) if len(e.path) == 1 else None
            if v is not None:
                self.err("E0009", f"`{name}` is a variant; build it with `{name}(…)`", e.span)
            else:
                self.err("E0002", f"unknown struct `{name}`", e.span, help=self.type_help(e.path[-1]))
            for f in e.fields:
                self.infer(f.value, scope)
            return T.ERROR
        self.p.info[e] = StructRef(decl)
        t, mapping = self.struct_type(decl)
        given = set()
        for f in e.fields:
            if f.name in given:
                self.err("E0009", f"field {f.name} is given twice", f.span)
            given.add(f.name)
            ft = decl.fields.get(f.name)
            if ft is None:
                self.err("E0009", f"type {decl.qualified} has no field {f.name}", f.span,
                         help=_available(list(decl.fields), "fields"))
                self.infer(f.value, scope)
                continue
            want = T.substitute(ft, mapping)
            self.unify(want, self.infer(f.value, scope, expected=want), f.value.span)
        missing = [n for n in decl.fields if n not in given]
        if missing:
            self.err("E0009", f"missing field {', '.join(missing)} in struct {decl.name}", e.span)
        return t

    def type_help(self, name):
        for mod_name, other in self.infos.items():
            if name in other.structs and other is not self.info:
                return f"`{name}` is defined in module `{mod_name}`: add `from {mod_name} import {name}`"
        return None

    def e_StructUpdate(self, e, scope, used, expected):
        t = T.prune(self.infer(e.base, scope))
        decl = self.user_decl(t)
        if t is T.ERROR:
            for f in e.fields:
                self.infer(f.value, scope)
            return T.ERROR
        if not isinstance(decl, StructDecl):
            # The reference's NoSuchField with the field `<struct update>` (supplement 10).
            if isinstance(t, T.TVar):
                why = "the type of this value is not known here; annotate it (`p :: Point`)"
            else:
                why = "only a struct value can be updated"
            self.err("E0009", f"type {T.show(t)} has no field `<struct update>`", e.base.span, help=why)
            for f in e.fields:
                self.infer(f.value, scope)
            return t
        self.p.info[e] = StructRef(decl)
        mapping = dict(zip(decl.params, t.args))
        for f in e.fields:
            ft = decl.fields.get(f.name)
            if ft is None:
                self.err("E0009", f"type {decl.qualified} has no field {f.name}", f.span,
                         help=f"available fields: {', '.join(decl.fields)}")
                self.infer(f.value, scope)
                continue
            want = T.substitute(ft, mapping)
            self.unify(want, self.infer(f.value, scope, expected=want), f.value.span)
        return t

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

    def e_Case(self, e, scope, used, expected):
        st = self.infer(e.scrutinee, scope)
        result = None
        for arm in e.arms:
            arm_scope = Scope(scope)
            self.bind_pattern(arm.pattern, st, arm_scope)
            if arm.guard is not None:
                self.check_guard(arm.guard)
                self.expect(arm.guard, T.BOOL, arm_scope)
            bt = self.infer(arm.body, arm_scope, used=used)
            if used and not isinstance(arm.body, (A.Return, A.Break, A.Continue)):
                if result is None:
                    result = bt
                else:
                    self.unify(result, bt, arm.body.span, "(all arms of `case` must have the same type)")
        self.cases.append((e, st, self.info))
        return result if (used and result is not None) else (T.TVar() if used else T.UNIT)

    def check_guard(self, g):
        """E0013: guards of `case` arms allow literals, names, comparisons,
        boolean operators and calls of named functions only (6.5)."""
        bad = _bad_guard(g)
        if bad is not None:
            what, span = bad
            self.err("E0013", f"invalid guard: {what} not allowed in guard", span,
                     help="compute the value with `let` before the `case`, or call a named function")

    def e_Receive(self, e, scope, used, expected):
        actor = self.ctx.actor if self.ctx is not None else None
        if actor is None:
            self.err("E0017", "receive used outside actor block", e.span,
                     help="only an `actor` body can receive messages; main and functions use services instead")
            msg_t = T.TVar()
        else:
            msg_t = actor.message
            self.ctx.effect.mark_async()
        if not e.arms and e.after is None:
            self.err("E0012", "non-exhaustive match: this `receive` has no arms, so no message can ever match", e.span,
                     help="add an arm such as `msg -> …`, or an `after` clause to only wait")
        result = None
        for arm in e.arms:
            arm_scope = Scope(scope)
            self.bind_pattern(arm.pattern, msg_t, arm_scope)
            if arm.guard is not None:
                self.expect(arm.guard, T.BOOL, arm_scope)
            bt = self.infer(arm.body, arm_scope, used=used)
            if used:
                if result is None:
                    result = bt
                else:
                    self.unify(result, bt, arm.body.span, "(all arms of `receive` must have the same type)")
        if e.after is not None:
            self.expect(e.after.timeout, T.INT, scope)
            bt = self.infer(e.after.body, scope, used=used)
            if used:
                if result is None:
                    result = bt
                else:
                    self.unify(result, bt, e.after.body.span, "(the `after` branch must have the arms' type)")
        if e.arms:
            self.cases.append((e, msg_t, self.info))
        return result if (used and result is not None) else T.UNIT

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
                    kind = ("iterable", method)
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
        self.p.info[e] = kind or "list"
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
        self.tries.append((e, t, self.ctx, self.info))
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
            self.clause_sets.append((e, ft, self.info))
        return ft

    # ---- processes

    def e_Spawn(self, e, scope, used, expected):
        target = e.target
        if isinstance(target, A.Name) and scope.lookup(target.name) is None:
            decl = self.find_global(target.name)
            if isinstance(decl, ActorDecl):
                ft = T.TFun(decl.params, T.pid_of(decl.message))
                self.check_args(e, ft, list(e.args), scope, f"actor `{decl.name}`")
                self.p.info[e] = SpawnInfo("actor", decl)
                self.p.info[target] = ActorRef(decl)
                return T.pid_of(decl.message)
            if isinstance(decl, SupervisorDecl):
                if e.args:
                    self.err("E0003", f"supervisor `{decl.name}` takes no arguments", e.span)
                self.p.info[e] = SpawnInfo("supervisor", decl)
                self.p.info[target] = SupervisorRef(decl)
                return T.pid_of()
        ft = T.prune(self.infer(target, scope))
        if ft is T.ERROR:
            for a in e.args:
                self.infer(a, scope)
            return T.pid_of()
        if isinstance(ft, T.TFun):
            if len(ft.params) != len(e.args):
                self.err("E0003", f"the spawned function expected {len(ft.params)} argument(s), found {len(e.args)}",
                         e.span)
            for a, pt in zip(e.args, ft.params):
                self.unify(pt, self.infer(a, scope), a.span)
            self.p.info[e] = SpawnInfo("closure", None)
            return T.pid_of()
        self.err("E0001", f"type mismatch: expected an actor, a supervisor or a function to spawn, found {T.show(ft)}",
                 target.span)
        return T.pid_of()

    def e_Send(self, e, scope, used, expected):
        pt = self.infer(e.pid, scope)
        mt = self.infer(e.message, scope)
        pt = T.prune(pt)  # after the message: inferring it may have fixed the pid's type
        if pt is T.ERROR:
            return T.UNIT
        if isinstance(pt, T.TVar):
            self.unify(T.pid_of(), pt, e.pid.span)
        elif T.con_name(pt) != "Pid":
            self.err("E0001", f"type mismatch: expected Pid, found {T.show(pt)} (first argument of `send`)", e.pid.span)
        elif pt.args:
            try:
                T.unify(pt.args[0], mt)
            except T.UnifyError:
                self.err("E0014", f"message type mismatch: expected {T.show(pt.args[0])}, found {T.show(mt)}",
                         e.message.span, help="an actor receives messages of one type")
        return T.UNIT

    def e_SelfPid(self, e, scope, used, expected):
        actor = self.ctx.actor if self.ctx is not None else None
        if actor is None:
            self.err("E0015", "self() used outside actor block", e.span)
            return T.pid_of()
        return T.pid_of(actor.message)

    def e_Link(self, e, scope, used, expected):
        pt = self.infer(e.pid, scope)
        if T.con_name(pt) not in ("Pid", None):
            self.err("E0001", f"type mismatch: expected Pid, found {T.show(pt)}", e.pid.span)
        return T.UNIT

    # ------------------------------------------------------------ patterns

    def bind_pattern(self, p, t, scope: Scope, kind: str = "pattern"):
        """Check pattern `p` against type `t`, binding its variables in
        `scope`; returns the Binding for a plain variable pattern."""
        if isinstance(p, A.PWildcard):
            return None
        if isinstance(p, A.PVar):
            v = self.find_variant(p.name) if p.name[:1].isupper() else None
            if v is not None:
                self.p.info[p] = v
                vt = self.variant_value_type(v)
                if v.fields:
                    self.err("E0003", f"`{v.name}` takes {len(v.fields)} argument(s): write `{v.name}(…)`", p.span)
                    return None
                self.unify(t, vt, p.span)
                return None
            if isinstance(self.info.imported.get(p.name), FailedImport):
                return None
            if p.name[:1].isupper():
                self.err("E0004", f"unknown variant `{p.name}` in pattern", p.span,
                         help="variables start with a lowercase letter; a variant must be in scope "
                              "(import its type with `from Module import Type`)")
                return None
            if p.name in scope.vars and scope.vars[p.name].span != p.span:
                self.err("E0005", f"`{p.name}` is bound twice in this pattern", p.span)
                self.bindings.pop(scope.vars[p.name].id, None)
            b = self.new_binding(p.name, t, p.span, scope, kind)
            self.p.info[p] = b
            return b
        if isinstance(p, A.PLiteral):
            v = p.value
            lt = T.BOOL if isinstance(v, bool) else T.INT if isinstance(v, int) else T.FLOAT if isinstance(v, float) \
                else T.STRING if isinstance(v, str) else T.UNIT
            self.unify(t, lt, p.span)
            return None
        if isinstance(p, A.PTuple):
            items = [T.TVar() for _ in p.items]
            pt = T.prune(t)
            if isinstance(pt, T.TTuple) and len(pt.items) != len(items):
                self.err("E0001", f"type mismatch: expected {T.show(pt)}, found a pattern for a tuple of "
                         f"{len(items)} element(s)", p.span)
                items = [T.ERROR for _ in p.items]
            elif not self.unify(t, T.TTuple(items), p.span):
                items = [T.ERROR for _ in p.items]  # bind the names anyway: no follow-up errors
            for sub, it in zip(p.items, items):
                self.bind_pattern(sub, it, scope, kind)
            return None
        if isinstance(p, A.PConstructor):
            return self.bind_constructor(p, t, scope, kind)
        if isinstance(p, A.PCons):
            elem = T.TVar()
            self.unify(t, T.list_of(elem), p.span)
            self.bind_pattern(p.head, elem, scope, kind)
            self.bind_pattern(p.tail, T.list_of(elem), scope, kind)
            return None
        if isinstance(p, A.POr):
            first = Scope(None)
            self.bind_pattern(p.alternatives[0], t, first, kind)
            for alt in p.alternatives[1:]:
                other = Scope(None)
                self.bind_pattern(alt, t, other, kind)
                if set(other.vars) != set(first.vars):
                    self.err("E0001", "every alternative of an or-pattern must bind the same names "
                             f"({', '.join(sorted(first.vars)) or 'none'})", alt.span)
                for name, b in other.vars.items():
                    self.bindings.pop(b.id, None)  # one variable per name: the first alternative's
                    if name in first.vars:
                        self.unify(first.vars[name].type, b.type, b.span)
                        _rebind(self.p.info, alt, name, first.vars[name])
            scope.vars.update(first.vars)
            return None
        if isinstance(p, A.PAs):
            self.bind_pattern(p.pattern, t, scope, kind)
            b = self.new_binding(p.name, t, p.span, scope, kind)
            self.p.info[p] = b
            return b
        if isinstance(p, A.PMapEntry):
            self.err("P0001", "`{key, value}` patterns only appear in `for` over a Map", p.span)
            return None
        raise AssertionError(p)

    def bind_constructor(self, p: A.PConstructor, t, scope, kind: str = "pattern"):
        if p.qualifier:
            sum_decl = self.find_sum(p.qualifier[-1])
            v = next((v for v in sum_decl.variants if v.name == p.name), None) if sum_decl else None
        else:
            v = self.find_variant(p.name)
        if v is None and not p.qualifier and isinstance(self.info.imported.get(p.name), FailedImport):
            for a in p.args:
                self.bind_pattern(a, T.ERROR, scope, kind)
            return None
        if v is None:
            self.err("E0004", f"unknown variant `{'.'.join(p.qualifier + (p.name,))}` in pattern", p.span)
            for a in p.args:
                self.bind_pattern(a, T.ERROR, scope, kind)
            return None
        self.p.info[p] = v
        mapping = {q: T.TVar(q.hint) for q in v.sum.params}
        sum_t = T.TCon(v.sum.qualified, tuple(mapping[q] for q in v.sum.params))
        self.unify(t, sum_t, p.span)
        if p.has_parens or p.args:
            if len(p.args) != len(v.fields):
                self.err("E0003", f"`{v.name}` has {len(v.fields)} field(s), the pattern gives {len(p.args)}", p.span)
            for a, ft in zip(p.args, v.fields):
                self.bind_pattern(a, T.substitute(ft, mapping), scope, kind)
        elif v.fields:
            self.err("E0003", f"`{v.name}` has {len(v.fields)} field(s): write `{v.name}(…)`", p.span)
        return None

    # ------------------------------------------------------------ deferred checks

    def check_tries(self):
        for node, operand, ctx, info in self.tries:
            self.info = info
            ret = T.prune(ctx.ret)
            kind = T.con_name(operand)
            if ret is T.ERROR:
                continue
            if isinstance(ret, T.TVar) and not ctx.annotated and ctx.kind == "closure":
                try:
                    T.unify(ret, T.result_of(T.TVar(), operand.args[1]) if kind == "Result" else T.option_of(T.TVar()))
                except T.UnifyError:
                    pass  # (a recursive type): reported below
                ret = T.prune(ret)
            rname = T.con_name(ret)
            if rname != kind or rname is None:
                want = "`Result`" if kind == "Result" else "`Option`"
                where = "the closure" if ctx.kind == "closure" else "function"
                found = T.show(ret) if not isinstance(ret, T.TVar) else "an unknown type"
                self.err("E0036", f"`?` operator requires {where} to return `Result` or `Option` "
                         f"(here {want}), but it returns {found}", node.span,
                         help="give the function a return type such as `-> Int!String`, or match the value with `case`")
                continue
            if kind == "Option":
                self.p.info[node] = TryInfo("option")
                continue
            e1, e2 = operand.args[1], ret.args[1]
            try:
                T.unify(e2, e1)
                self.p.info[node] = TryInfo("result")
            except T.UnifyError:
                impl = self.find_from(e1, e2)
                if impl is not None:
                    self.p.info[node] = TryInfo("result", impl)
                else:
                    self.err("E0001", f"type mismatch: expected {T.show(e2)}, found {T.show(e1)} (the error of `?`)",
                             node.span, help=f"implement `From<{T.show(e1)}>` for `{T.show(e2)}` to convert it")

    def find_from(self, src, dst) -> Optional[FunctionDecl]:
        key = _type_key(dst)
        for impl in self.c.impls:
            if impl.trait == "From" and impl.type_key == key and impl.trait_args:
                try:
                    T.unify(impl.trait_args[0], src)
                except T.UnifyError:
                    continue
                return impl.methods.get("from")
        return None


# ---------------------------------------------------------------- helpers


def _relative(path: str) -> str:
    import os

    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


def _copy_ast(node):
    """A deep copy of an AST subtree: new node identities, so that facts
    recorded for the copy do not overwrite the original's."""
    import copy

    return copy.deepcopy(node)


def _type_key(t) -> Optional[str]:
    t = T.prune(t)
    if isinstance(t, T.TCon):
        return t.name
    if isinstance(t, T.TTuple):
        return "Tuple"
    return None


def _fresh_effects(t):
    t = T.prune(t)
    if isinstance(t, T.TFun):
        return T.TFun(tuple(_fresh_effects(p) for p in t.params), _fresh_effects(t.ret), T.Effect(origin="stdlib"))
    if isinstance(t, T.TCon) and t.args:
        return T.TCon(t.name, tuple(_fresh_effects(a) for a in t.args))
    if isinstance(t, T.TTuple):
        return T.TTuple(tuple(_fresh_effects(a) for a in t.items))
    return t


def _diverges(block: A.Block) -> bool:
    """A block that ends in `return`, `break` or `continue` has no value."""
    if not block.stmts:
        return False
    last = block.stmts[-1]
    return isinstance(last, A.ExprStmt) and isinstance(last.expr, (A.Return, A.Break, A.Continue))


def _bad_guard(g):
    """The first construct not allowed in a case guard, as (what, span)."""
    if isinstance(g, (A.IntLit, A.FloatLit, A.BoolLit, A.StringLit, A.NilLit, A.AtomLit, A.Name)):
        return None
    if isinstance(g, A.Binary):
        if g.op in ("==", "!=", "<", ">", "<=", ">=", "and", "or"):
            return _bad_guard(g.left) or _bad_guard(g.right)
        return f"operator `{g.op}`", g.op_span
    if isinstance(g, A.Unary):
        if g.op == "not":
            return _bad_guard(g.operand)
        return "unary `-`", g.span
    if isinstance(g, A.Call):
        if isinstance(g.func, A.Name):
            for a in g.args:
                bad = _bad_guard(a)
                if bad:
                    return bad
            return None
        return "a call of this kind", g.span
    if isinstance(g, A.FieldAccess):
        return "field access", g.span
    return "this expression", g.span


def _rebind(info: dict, pattern, name: str, binding: Binding):
    """Make every `name` variable inside `pattern` use `binding` (or-patterns
    share one variable per name)."""
    for n in A.walk(pattern):
        if isinstance(n, (A.PVar, A.PAs)) and getattr(n, "name", None) == name and isinstance(info.get(n), Binding):
            info[n] = binding


def _available(names, what: str = "functions") -> Optional[str]:
    names = list(names)
    if not names:
        return None
    shown = ", ".join(names[:12]) + (", …" if len(names) > 12 else "")
    return f"available {what}: {shown}"


def _mismatch_help(e: T.UnifyError) -> Optional[str]:
    a, b = T.con_name(e.expected), T.con_name(e.found)
    if {a, b} == {"Int", "Float"}:
        return "there is no implicit conversion between Int and Float: use Int.to_float or Float.to_int"
    if a == "String" and b in ("Int", "Float", "Bool"):
        return 'turn the value into a String first: "${value}" or String.from(value)'
    if a == "String" and b == "Atom":
        return 'an atom is not a String (keyword-argument keys are strings): write "name", or "${:name}"'
    if a == "Atom" and b == "String":
        return "a String is not an atom: write the atom `:name`"
    return None
