"""E0043: a `Hash` impl may not block.

Every implicit call of a user impl takes the callee's effect (implicit.py),
and the call site awaits it — but hashing happens inside Python's dict and
set machinery (`Map.put`, a map literal, `Set.add`, a struct key's derived
hash), which calls `__hash__` synchronously and cannot await. Rather than
silently hash such a value by its derived hash, the impl is rejected, at its
`fn hash`, naming the call that blocks.

Runs after the effect analysis (effects.py), when every call's `is_async`
is final.
"""

from __future__ import annotations

from .. import ast as A
from ..diagnostics import Note, error


def blocking_hash_errors(inf) -> None:
    for impl in inf.p.impls:
        method = impl.methods.get("hash") if impl.trait == "Hash" else None
        if method is None or not method.effect.is_async:
            continue
        site = _blocking_site(inf.p, method)
        notes = [Note("this call blocks", site.span)] if site else []
        inf.err("E0043", f"a `Hash` impl may not block: `hash` for `{_type_name(impl)}` "
                "can block (it calls a service, sleeps, or calls code that does)", method.clauses[0].name_span,
                notes=notes, help="hashing runs inside Map and Set operations, which cannot wait; "
                "compute the hash from the value's fields only")


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
