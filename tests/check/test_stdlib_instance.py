"""Each use of a standard-library function gets its own type: fresh type
variables and fresh effects for its function-typed parameters (a blocking
closure given to one `List.map` must not make every `List.map` call async),
while parts without either are shared (check/stdlib.py, Signature.instance);
and the table's `is_constant` (read from the text) matches the parsed type."""

from __future__ import annotations

from meshpy.check import stdlib as S
from meshpy.check import types as T


def test_every_use_has_fresh_variables_and_effects():
    sig = S.lookup("List", "map")
    a, b = sig.instance(), sig.instance()
    assert T.show(a) == "Fun(List<A>, Fun(A) -> B) -> List<B>"
    assert a.params[1].effect is not b.params[1].effect
    assert a.effect is not b.effect
    T.unify(a.params[0], T.list_of(T.INT))
    assert T.show(b.params[0]) == "List<A>"  # binding one use's variable leaves the other's alone
    a.params[1].effect.mark_async()
    assert not b.params[1].effect.is_async


def test_parts_without_variables_or_functions_are_shared():
    sig = S.lookup("String", "split")
    a, b = sig.instance(), sig.instance()
    assert a is not b
    assert a.ret is b.ret and a.params[0] is b.params[0]


def test_is_constant_agrees_with_the_parsed_type():
    wrong = [key for key, sig in S.SIGNATURES.items()
             if sig.ref.is_constant != (not isinstance(sig.scheme.type, T.TFun))]
    assert not wrong
    assert S.lookup("Math", "pi").ref.is_constant
