"""W0043: a `Hash` impl that can block is not used by Map and Set.

Every implicit call of a user impl takes the callee's effect (implicit.py),
and the call site awaits it — but hashing happens inside Python's dict and
set machinery (`Map.put`, a map literal, `Set.add`, a struct key's derived
hash), which calls `__hash__` synchronously and cannot await. The program
is valid Mesh (no Mesh-visible function uses `Hash` at the reference
revision), so it is not rejected: the runtime hashes values of such a type
by their type alone (`use_impls`), which agrees with any `Eq` — equal values
still meet, lookups are slower — and this warning, at the impl's `fn hash`,
says so and names the call that blocks. A direct call `hash(k)` in Mesh is
an ordinary call and is awaited like any other.

Runs after the effect analysis (effects.py), when every call's `is_async`
is final.
"""

from __future__ import annotations

from .. import ast as A
from ..diagnostics import Note, warning


def blocking_hash_errors(inf) -> None:
    for impl in inf.p.impls:
        method = impl.methods.get("hash") if impl.trait == "Hash" else None
        if method is None or not method.effect.is_async:
            continue
        site = _blocking_site(inf.p, method)
        notes = [Note("this call blocks", site.span)] if site else []
        name = _type_name(impl)
        inf.diags.append(warning(
            "W0043", f"`hash` for `{name}` can block (it calls a service, sleeps, or calls code that does), "
            f"so Map and Set do not call it: they hash `{name}` values by their type (correct, slower lookups)",
            method.clauses[0].name_span, notes=notes,
            help="hashing runs inside Map and Set operations, which cannot wait; "
                 "compute the hash from the value's fields only and it will be used"))


def _blocking_site(p, method):
    """The first node of the method's body whose call or implicit call blocks."""
    for clause in method.clauses:
        for node in A.walk(clause.body):
            target = p.info.get(node)
            if getattr(target, "is_async", False) is True:
                return node
            for trait in ("Display", "Eq", "Ord", "impl"):
                call = p.implicit.get((node, trait))
                if call is not None and call.is_async:
                    return node
    return None


def _type_name(impl) -> str:
    return impl.type_key.rpartition(".")[2] if impl.type_key else "?"
