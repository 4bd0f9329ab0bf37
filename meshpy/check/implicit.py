"""The one rule for calls the source does not spell out.

Interpolation and `to_string` call a `Display` impl, `==`/`!=` an `Eq` impl,
`<`… an `Ord` impl, an operator its `Add`/`Sub`/… impl, `for` an `Iterable`
impl — at the top of the value or anywhere inside it (a List of a user type,
a struct field, an Option payload). Each such call takes the callee's effect
exactly like a written call: the caller becomes async when the impl can block,
and the call site awaits it.

During inference the checker records each site (`record_site` for a
type-driven site, an `ImplicitSite` in `Facts.implicit_sites`; `record_direct`
for a known impl method) with the effect of the function it sits in; `settle` runs once types are final and
before effects are decided, and leaves one `ImplicitCall` per site in
`Program.implicit`, keyed by (node, trait) — one node can be both an
operand of `==` and an interpolated part — or (node, "impl") for a direct
call. The lowering asks only `ImplicitCall.is_async` (and, for
equality, `deep`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from . import types as T
from .facts import CallEdge, ImplicitSite
from .model import FunctionDecl, StructDecl, SumDecl


@dataclass(eq=False)
class ImplicitCall:
    """The user impl methods an operation may call, and their joint effect."""
    methods: list = field(default_factory=list)  # list[FunctionDecl]
    effect: Optional[T.Effect] = None
    has_float: bool = False  # a Float below the top level (NaN needs mesh_eq)
    direct: Optional[FunctionDecl] = None  # the impl of the operand type itself

    @property
    def is_async(self) -> bool:
        return self.effect is not None and self.effect.is_async

    @property
    def deep(self) -> bool:
        """Equality needs the runtime's walk (not Python's `==`)."""
        return self.has_float or any(m is not self.direct for m in self.methods)


def reachable_impls(inf, t, trait: str, method: str) -> tuple[list, bool, Optional[FunctionDecl]]:
    """(impl methods of `trait` reachable in values of type `t`, whether a
    Float occurs below the top, the top type's own impl). Iterative: types
    can nest deeply and refer to themselves."""
    found: list = []
    direct = None
    has_float = False
    seen: set = set()
    stack = [(t, 0)]
    while stack:
        t, depth = stack.pop()
        t = T.prune(t)
        if isinstance(t, T.TTuple):
            stack.extend((a, depth + 1) for a in t.items)
            continue
        if isinstance(t, T.TVar):
            # a type parameter: any type can arrive, so every impl of the trait
            # (their joint effect, as for DynamicCall) and any Float
            has_float = True
            for impl in inf.c.impls:
                if impl.trait == trait and method in impl.methods and impl.methods[method] not in found:
                    found.append(impl.methods[method])
            continue
        if not isinstance(t, T.TCon):
            continue
        if t.name == "Float" and depth:
            has_float = True
        stack.extend((a, depth + 1) for a in t.args)
        if t.name in seen:
            continue
        seen.add(t.name)
        impl = inf.find_impl(trait, t.name)
        if impl is not None and method in impl.methods:
            m = impl.methods[method]
            found.append(m)
            if depth == 0:
                direct = m
            continue  # the impl decides for the whole value
        decl = inf.user_decl(t)
        if isinstance(decl, StructDecl):
            stack.extend((ft, depth + 1) for ft in decl.fields.values())
        elif isinstance(decl, SumDecl):
            stack.extend((ft, depth + 1) for v in decl.variants for ft in v.fields)
    return found, has_float, direct


def settle(inf) -> None:
    """Turn the recorded sites into ImplicitCall facts and effect edges."""
    for site in inf.facts.implicit_sites:
        methods, has_float, direct = reachable_impls(inf, site.type, site.trait, site.method)
        call = ImplicitCall(methods, None, has_float, direct)
        if methods:
            call.effect = T.Effect(origin="implicit")
            for m in methods:
                inf.facts.edges.append(CallEdge(call.effect, m.effect))
            if site.owner is not None:
                inf.facts.edges.append(CallEdge(site.owner, call.effect))
        inf.p.implicit[(site.node, site.trait)] = call


def record_site(inf, node, t, trait: str, method: str) -> None:
    owner = inf.ctx.effect if inf.ctx is not None else None
    inf.facts.implicit_sites.append(ImplicitSite(node, t, trait, method, owner))


def record_direct(inf, node, decl: FunctionDecl) -> None:
    """A known impl method called implicitly (an operator, `for`)."""
    call = ImplicitCall([decl], decl.effect, False, decl)
    if inf.ctx is not None:
        inf.facts.edges.append(CallEdge(inf.ctx.effect, decl.effect))
    inf.p.implicit[(node, "impl")] = call
