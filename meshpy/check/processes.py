"""Services, actors, supervisors and the process expressions (spawn, send, receive, link).

A part of the Inferencer (infer.py): methods only, sharing its state."""

from __future__ import annotations


from .. import ast as A
from . import types as T
from .model import (
    ServiceCall, ActorDecl, ActorRef, FunctionDecl, HandlerDecl, ServiceDecl, ServiceRef, SpawnInfo,
    SupervisorDecl, SupervisorRef,
)
from .facts import CaseFact
from .scope import FnCtx, Scope, _available


class ProcessesMixin:

    # ------------------------------------------------------------ services and actors

    def infer_service(self, svc: ServiceDecl):
        if svc.init is not None:
            init = svc.init
            if init.type is None:  # (typed already when a `start` call came first)
                init.type = self.signature(init)
            with self.inferring(init):
                self.infer_function_body(init, init.type, kind="init")
            self.finish(init, T.Scheme((), init.type))
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
        with self.inferring(decl, FnCtx(ret, decl.effect, "handler", annotated=True, decl=decl)):
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
        self.finish(decl, T.Scheme((), decl.type))

    def infer_actor(self, actor: ActorDecl):
        node = actor.node
        fake = A.FnDef(node.span, actor.name, node.name_span, False, (), node.params, True, None, (), None, node.body)
        decl = FunctionDecl(actor.module, actor.name, [fake], False, kind="actor")
        decl.effect.mark_async()
        actor.fn = decl
        decl.type = T.TFun(actor.params, T.TVar(), decl.effect)
        with self.inferring(decl, FnCtx(decl.type.ret, decl.effect, "actor", actor=actor, annotated=False, decl=decl)):
            scope = Scope()
            decl.params = [[self.bind_pattern(p.pattern, t, scope, kind="param")
                            for p, t in zip(node.params, actor.params)]]
            self.infer_block(node.body, scope, used=False)
            if node.terminate is not None:
                self.infer_block(node.terminate, scope, used=False)
        self.finish(decl, T.Scheme((), decl.type))

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
            self.facts.cases.append(CaseFact(e, msg_t, self.info))
        return result if (used and result is not None) else T.UNIT

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
