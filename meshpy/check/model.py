"""What the checker knows about a program: declarations, name resolutions and
types. The lowering reads this (and only this) besides the AST.

Declarations (`FunctionDecl`, `StructDecl`, …) are shared by every module that
can see them; per-node facts live in `Program.info` (a dict keyed by AST node):

* `Name`            -> a Ref (what the name means)
* `Call` / `Pipe`   -> a CallTarget (what to call, with the final argument list)
* `FieldAccess`     -> FieldRef / a Ref (module constant, qualified function value …)
* `PVar` in patterns-> a VariantDecl when it names a nullary variant
* `PConstructor`    -> its VariantDecl
* `Binary`/`Unary`  -> an OpInfo
* `Try`             -> a TryInfo
* `For`             -> a ForInfo (what it iterates: "range", "list", "map", "set", "iter",
                       or "iterable" with the impl method that gives the items)
* `Let`, params …   -> Binding objects for the names they bind
* `FnDef` (local)    -> a LocalFnInfo (the local function and its name's Binding)
* `StructLit`       -> its StructDecl
* `Spawn`           -> what is spawned
* `Call(default)`   -> the type it produces
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any, Optional

from .. import ast as A
from .types import Effect, Scheme, Type, prune, resolve

_binding_ids = itertools.count()


# ---------------------------------------------------------------- declarations


@dataclass(eq=False)
class Binding:
    """A local name: a `let`, a parameter or a pattern variable."""
    name: str
    type: Type
    span: A.Span
    id: int = field(default_factory=lambda: next(_binding_ids))
    captured_in_loop: bool = False  # set by the lowering's analysis


@dataclass(eq=False)
class FunctionDecl:
    """A function: top level, impl method, service init or local `fn` (`kind`)."""
    module: str
    name: str
    clauses: list  # list[A.FnDef]
    pub: bool
    scheme: Optional[Scheme] = None
    type: Optional[Type] = None  # the monomorphic type while its group is inferred
    effect: Effect = field(default_factory=lambda: Effect(origin="fn"))
    params: list = field(default_factory=list)  # list[list[Binding]] per clause
    exhaustive: bool = True
    kind: str = "fn"  # "fn", "method" (impl method), "init" (service init), "local" (nested fn)

    @property
    def span(self):
        return self.clauses[0].span

    @property
    def arity(self) -> int:
        return len(self.clauses[0].params)

    @property
    def qualified(self) -> str:
        return f"{self.module}.{self.name}"


@dataclass(eq=False)
class StructDecl:
    """A struct type: its fields' types and what it derives."""
    module: str
    name: str
    node: A.StructDef
    pub: bool
    params: list  # generic parameters as TVars
    fields: dict = field(default_factory=dict)  # name -> Type (with params free)
    derives: set = field(default_factory=set)

    @property
    def qualified(self) -> str:
        return f"{self.module}.{self.name}"


@dataclass(eq=False)
class VariantDecl:
    """One variant of a sum type: its payload types and field names."""
    sum: "SumDecl"
    name: str
    tag: int
    fields: list  # list[Type] (with the sum's params free)
    field_names: list  # list[Optional[str]]
    node: Optional[A.VariantDef] = None

    @property
    def arity(self) -> int:
        return len(self.fields)


@dataclass(eq=False)
class SumDecl:
    """A sum type (or a built-in one: Option, Result, Ordering)."""
    module: str
    name: str
    node: Optional[A.SumTypeDef]
    pub: bool
    params: list
    variants: list = field(default_factory=list)  # list[VariantDecl]
    derives: set = field(default_factory=set)
    builtin: bool = False

    @property
    def qualified(self) -> str:
        return self.name if self.builtin else f"{self.module}.{self.name}"


@dataclass(eq=False)
class AliasDecl:
    """A type alias (`type Name = …`)."""
    module: str
    name: str
    node: A.TypeAlias
    params: list
    type: Optional[Type] = None


@dataclass(eq=False)
class InterfaceDecl:
    """An interface: its method signatures and associated types."""
    module: str
    name: str
    node: Optional[A.InterfaceDef]
    pub: bool
    methods: dict = field(default_factory=dict)  # name -> A.FnDef (signature)
    assoc_types: list = field(default_factory=list)
    builtin: bool = False


@dataclass(eq=False)
class ImplDecl:
    """An impl of an interface (or built-in trait) for a type."""
    module: str
    trait: str  # interface name (built-in traits by their name: "Add", "Display" …)
    node: A.ImplDef
    type_key: Optional[str] = None  # TCon name of the implementing type
    for_type: Optional[Type] = None
    params: list = field(default_factory=list)
    methods: dict = field(default_factory=dict)  # name -> FunctionDecl
    assoc: dict = field(default_factory=dict)  # assoc type name -> Type
    trait_args: list = field(default_factory=list)


@dataclass(eq=False)
class HandlerDecl:
    """A service's `call` or `cast` handler."""
    service: "ServiceDecl"
    node: A.Handler
    kind: str  # "call" / "cast"
    name: str  # Mesh name, e.g. "GetCount"
    client_name: str  # e.g. "get_count"
    fn: FunctionDecl = None  # the handler body as a function (state, params…)
    reply: Optional[Type] = None
    param_types: list = field(default_factory=list)
    state_binding: Optional[Binding] = None  # the `|state|` variable


@dataclass(eq=False)
class ServiceDecl:
    """A service: its state type, init and handlers."""
    module: str
    name: str
    node: A.ServiceDef
    state: Type = None
    init: Optional[FunctionDecl] = None
    handlers: dict = field(default_factory=dict)  # client_name -> HandlerDecl

    @property
    def qualified(self) -> str:
        return f"{self.module}.{self.name}"


@dataclass(eq=False)
class ActorDecl:
    """An actor: its message type and body."""
    module: str
    name: str
    node: A.ActorDef
    message: Type = None
    fn: FunctionDecl = None  # the body as a function of its parameters
    params: list = field(default_factory=list)  # param types

    @property
    def pub(self) -> bool:
        return self.node.pub


@dataclass(eq=False)
class SupervisorDecl:
    """A supervisor: its strategy, limits and children."""
    module: str
    name: str
    node: A.SupervisorDef
    pub: bool
    strategy: str = "one_for_one"
    max_restarts: int = 3
    max_seconds: int = 5
    children: list = field(default_factory=list)  # list[ChildDecl]


@dataclass(eq=False)
class ChildDecl:
    """One child of a supervisor."""
    name: str
    start: Optional[A.Expr]
    restart: str = "permanent"
    shutdown: Any = 5000  # int ms or "brutal_kill"


@dataclass(frozen=True, eq=False)
class StdlibImport:
    """A standard-library function imported by name (`from List import map`): its entry in `ModuleInfo.imported`."""
    module: str  # the stdlib module ("List")
    name: str  # the function's name in it ("map")


# ---------------------------------------------------------------- references


@dataclass(frozen=True, eq=False)
class LocalRef:
    """A name of a local binding."""
    binding: Binding


@dataclass(frozen=True, eq=False)
class FunctionRef:
    """A name of a function (as a value or callee)."""
    decl: FunctionDecl


@dataclass(frozen=True, eq=False)
class VariantRef:
    """A name of a sum-type variant."""
    decl: VariantDecl


@dataclass(frozen=True, eq=False)
class StructRef:
    """A name of a struct type (`Point.from_json`, a struct literal)."""
    decl: StructDecl


@dataclass(frozen=True, eq=False)
class SumRef:
    """A name of a sum type used as a qualifier."""
    decl: SumDecl


@dataclass(frozen=True, eq=False)
class ServiceRef:
    """A name of a service (`Counter.start`)."""
    decl: ServiceDecl


@dataclass(frozen=True, eq=False)
class ActorRef:
    """A name of an actor (`spawn(worker, …)`)."""
    decl: ActorDecl


@dataclass(frozen=True, eq=False)
class SupervisorRef:
    """A name of a supervisor."""
    decl: SupervisorDecl


@dataclass(frozen=True, eq=False)
class ModuleRef:
    """A module qualifier (`Geometry.area`)."""
    module: str


@dataclass(frozen=True, eq=False)
class StdlibRef:
    """A standard-library function: `module.py_name` in the runtime."""
    module: str  # Mesh module ("List"), or "" for a global (println)
    name: str  # Mesh name
    py_name: str  # runtime attribute name
    is_async: bool = False
    is_constant: bool = False  # `Math.pi`


# ---------------------------------------------------------------- per-node facts


@dataclass(eq=False)
class CallTarget:
    """How to emit a call: one subclass per kind of callee (below). `args` is
    the complete argument list in order (pipe value and method receiver
    included); `is_async` is decided after the effect analysis from `effect`
    (the callee's Effect). The class attributes below are None on kinds that
    do not have them, so a generic reader (the LSP) can ask any target."""
    args: list
    is_async: bool = field(default=False, kw_only=True)
    effect: Any = field(default=None, kw_only=True)

    decl = None
    ref = None
    variant = None
    service = None
    handler = None
    callee = None
    struct = None
    op = ""
    async_variant = False
    arg_effects = ()


@dataclass(eq=False, kw_only=True)
class FunctionCall(CallTarget):
    """A user function."""
    decl: FunctionDecl


@dataclass(eq=False, kw_only=True)
class MethodCall(CallTarget):
    """An impl method (receiver first in args)."""
    decl: FunctionDecl


@dataclass(eq=False, kw_only=True)
class ActorLoopCall(CallTarget):
    """The actor's own name: a self tail call (a loop)."""
    decl: Any  # ActorDecl


@dataclass(eq=False, kw_only=True)
class StdlibCall(CallTarget):
    """A runtime function; `async_variant` when a closure argument can block
    and the `_async` variant is used (decided from `arg_effects`)."""
    ref: StdlibRef
    async_variant: bool = False
    arg_effects: list = field(default_factory=list)


@dataclass(eq=False, kw_only=True)
class ValueCall(CallTarget):
    """A call of a function value `callee` (an expression)."""
    callee: Any


@dataclass(eq=False, kw_only=True)
class VariantCall(CallTarget):
    """A sum-type constructor."""
    variant: VariantDecl


@dataclass(eq=False, kw_only=True)
class ServiceCall(CallTarget):
    """A service client function: `op` is "start", "call" or "cast";
    `handler` is set for call/cast."""
    service: ServiceDecl
    op: str
    handler: Optional[HandlerDecl] = None


@dataclass(eq=False, kw_only=True)
class ToStringCall(CallTarget):
    """The display form of args[0]."""


@dataclass(eq=False, kw_only=True)
class ToJsonCall(CallTarget):
    """The Json value of args[0]."""


@dataclass(eq=False, kw_only=True)
class DerivedCall(CallTarget):
    """`Struct.from_json` / `Struct.from_row` (`op`), derived."""
    struct: Any
    op: str


@dataclass(eq=False, kw_only=True)
class SchemaCall(CallTarget):
    """A schema function of a struct (`op`: `__table__`, …)."""
    struct: Any
    op: str


@dataclass(eq=False, kw_only=True)
class DefaultValue(CallTarget):
    """`default()`: the zero value of `type`."""
    type: Optional[Type] = None


@dataclass(eq=False, kw_only=True)
class TupleOp(CallTarget):
    """Tuple.first/second/nth/size: `op` "size" or "nth", `index` when constant."""
    op: str
    index: Optional[int] = None


@dataclass(eq=False, kw_only=True)
class DynamicCall(CallTarget):
    """Method `op` of an interface called on a value whose type is a
    constrained type parameter (`x.area()` with `x :: T`, `where T: Shape`):
    the implementation is chosen at run time from the receiver (args[0]);
    `decl` maps each implementing type's key (a TCon name such as
    "Main.Circle", "Int", "Tuple") to its impl method; `effect` is shared by
    all of them."""
    decl: dict
    op: str


@dataclass(eq=False)
class ForInfo:
    """What a `for` iterates: `kind` "list", "range", "map", "set", "iter" …
    or "iterable" (a user type: `method` is its Iterable impl's method that
    gives the items)."""
    kind: str
    method: Optional[FunctionDecl] = None


@dataclass(eq=False)
class FieldRef:
    """`obj.name` on a struct value."""
    struct: StructDecl
    name: str


@dataclass(eq=False)
class OpInfo:
    """How to emit an operator: `kind` is "int", "float", "string", "list",
    "bool", "generic" (decide at run time) or "impl" (call `decl`)."""
    kind: str
    decl: Optional[FunctionDecl] = None


@dataclass(eq=False)
class TryInfo:
    """`expr?`: `kind` is "result" or "option"; `convert` is the `From` impl
    method converting the error, if the error types differ."""
    kind: str
    convert: Optional[FunctionDecl] = None


@dataclass(frozen=True, eq=False)
class LocalFnInfo:
    """A named `fn` inside a block (the fact of each of its clauses' FnDef)."""
    decl: FunctionDecl  # the local function (kind "local")
    binding: Binding  # the local name it is bound to


@dataclass(eq=False)
class SpawnInfo:
    """What `spawn` starts: an actor, a supervisor or a closure."""
    kind: str  # "actor", "supervisor", "closure"
    decl: Any = None


@dataclass
class ModuleInfo:
    """One module's declarations and what it sees from other modules."""
    name: str
    node: A.Module
    functions: dict = field(default_factory=dict)  # name -> FunctionDecl (top level)
    structs: dict = field(default_factory=dict)
    sums: dict = field(default_factory=dict)
    variants: dict = field(default_factory=dict)  # constructor name -> VariantDecl (own)
    aliases: dict = field(default_factory=dict)
    interfaces: dict = field(default_factory=dict)
    services: dict = field(default_factory=dict)
    actors: dict = field(default_factory=dict)
    supervisors: dict = field(default_factory=dict)
    impls: list = field(default_factory=list)
    # what the module sees besides its own items
    imported: dict = field(default_factory=dict)  # name -> declaration, StdlibImport or FailedImport (from-imports)
    qualifiers: dict = field(default_factory=dict)  # last segment -> module name (`import A.B`)


@dataclass
class Program:
    """The checker's result: declarations and the per-node facts the lowering reads."""
    project: Any
    modules: dict  # name -> ModuleInfo
    info: dict = field(default_factory=dict)  # AST node -> fact
    types: dict = field(default_factory=dict)  # AST expression node -> Type
    impls: list = field(default_factory=list)  # every ImplDecl
    functions: list = field(default_factory=list)  # every FunctionDecl (incl. methods, handlers, closures' owners)
    default_methods: dict = field(default_factory=dict)  # (interface, method) -> FunctionDecl
    implicit: dict = field(default_factory=dict)  # (AST node, trait) -> implicit.ImplicitCall
    facts: Any = None  # facts.Facts: what inference recorded for the checks after it

    def type_of(self, node) -> Optional[Type]:
        t = self.types.get(node)
        return resolve(t) if t is not None else None

    def fact(self, node):
        return self.info.get(node)

    def pruned(self, node):
        t = self.types.get(node)
        return prune(t) if t is not None else None
