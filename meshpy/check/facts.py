"""What the inference records for the checks that run after every body is
inferred (deferred.py, implicit.py, exhaustiveness in __init__.py, effects.py).

Each kind of fact is a small frozen dataclass; `Facts` gathers the lists the
inference appends them to. The checker leaves them on `Program.facts` (the
lowering reads only `Program.info`/`types`/`implicit`, which these facts
complete: `?` conversions, operator kinds, `is_async` of calls).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from .model import Binding, CallTarget, FunctionDecl, ModuleInfo, OpInfo, DataRepr
from .types import Effect, TFun, TVar, Type


@dataclass(frozen=True, eq=False, repr=False)
class CallEdge(DataRepr):
    """`caller` blocks if `callee` does (effects.py propagates `async` along it)."""
    caller: Effect  # the effect of the function, closure or implicit call that calls
    callee: Effect  # the effect of what it calls (a function, a function value, an impl method)


@dataclass(frozen=True, eq=False, repr=False)
class CaseFact(DataRepr):
    """A `case` or `receive` whose arms are checked for exhaustiveness."""
    node: Any  # the A.Case / A.Receive node
    scrutinee: Type  # the type of the matched value (of the messages for `receive`)
    module: ModuleInfo  # the module it is in (resolves the patterns' names)


@dataclass(frozen=True, eq=False, repr=False)
class ClausesFact(DataRepr):
    """A function or closure with several clauses or patterned parameters."""
    owner: Any  # the FunctionDecl, or the A.Closure node
    type: TFun  # its function type (the parameter types the clauses must cover)
    module: ModuleInfo  # the module it is in


@dataclass(frozen=True, eq=False, repr=False)
class TryFact(DataRepr):
    """A `?` whose enclosing function's result type is checked at the end."""
    node: Any  # the A.Try node (its TryInfo is recorded then)
    operand: Type  # the Result or Option type of the operand
    ctx: Any  # the scope.FnCtx of the function or closure it returns from
    module: ModuleInfo  # the module it is in


@dataclass(frozen=True, eq=False, repr=False)
class ImplicitSite(DataRepr):
    """An operation that may call user impls found through its operand's type (implicit.py)."""
    node: Any  # the operand node (an interpolated part, an `==` operand …)
    type: Type  # the operand's type, read once inference is done
    trait: str  # "Display", "Eq", "Ord" …
    method: str  # the trait's method: "to_string", "eq", "compare" …
    owner: Optional[Effect]  # the effect of the enclosing function (None at module level)


@dataclass(frozen=True, eq=False, repr=False)
class GenericOp(DataRepr):
    """An operator typed before its operand's type was known; settled at the end."""
    info: OpInfo  # the operator's fact in Program.info, specialised in place
    operand: Type  # the operand type, known once inference is done
    op: str  # the operator ("+", "<>", "neg" …)


@dataclass(frozen=True, eq=False, repr=False)
class ConstraintUse(DataRepr):
    """A use of a function with `where T: I`: the type given to T must implement I."""
    tvar: TVar  # the instantiated type parameter
    trait: str  # the interface's name
    module: ModuleInfo  # the module of the use (finds the interface)
    span: Any  # where the function is used
    decl: FunctionDecl  # the function with the constraint


@dataclass(eq=False, repr=False)
class Facts(DataRepr):
    """Every fact the inference leaves for the passes after it (filled
    during inference; read, never appended to, afterwards)."""
    edges: list[CallEdge] = field(default_factory=list)  # for effects.py
    async_calls: list[CallTarget] = field(default_factory=list)  # targets whose is_async waits for effects
    cases: list[CaseFact] = field(default_factory=list)  # for exhaustiveness
    clause_sets: list[ClausesFact] = field(default_factory=list)  # for W0012
    tries: list[TryFact] = field(default_factory=list)  # for E0036 and `From` conversions
    implicit_sites: list[ImplicitSite] = field(default_factory=list)  # for implicit.settle
    generic_ops: list[GenericOp] = field(default_factory=list)  # for settle_generic_ops
    constraints: list[ConstraintUse] = field(default_factory=list)  # for E0006
    lets: dict[int, Binding] = field(default_factory=dict)  # binding id -> `let` binding, for W0003
    used: set[int] = field(default_factory=set)  # ids of the bindings that are read
