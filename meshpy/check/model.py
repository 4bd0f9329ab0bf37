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
import reprlib
from dataclasses import dataclass, field, fields
from typing import Any, Optional

from .. import ast as A
from .types import Effect, Scheme, Type, prune, resolve

_binding_ids = itertools.count()


class DataRepr:
    """The `__repr__` dataclasses would generate, written once: every class
    below (and in facts.py) is declared with `repr=False` and inherits this
    one, so importing the module compiles one method fewer per class (about
    a fifth of its import time; every `meshpy check` pays it)."""

    __slots__ = ()

    @reprlib.recursive_repr()
    def __repr__(self):
        shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self) if f.repr)
        return f"{type(self).__qualname__}({shown})"


# ---------------------------------------------------------------- declarations


@dataclass(eq=False, repr=False)
class Binding(DataRepr):
    """A local name: a `let`, a parameter or a pattern variable."""
    name: str
    type: Type
    span: A.Span
    id: int = field(default_factory=lambda: next(_binding_ids))
    captured_in_loop: bool = False  # set by the lowering's analysis


@dataclass(eq=False, repr=False)
class FunctionDecl(DataRepr):
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


@dataclass(eq=False, repr=False)
class StructDecl(DataRepr):
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


@dataclass(eq=False, repr=False)
class VariantDecl(DataRepr):
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


@dataclass(eq=False, repr=False)
class SumDecl(DataRepr):
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


@dataclass(eq=False, repr=False)
class AliasDecl(DataRepr):
    """A type alias (`type Name = …`)."""
    module: str
    name: str
    node: A.TypeAlias
    params: list
    type: Optional[Type] = None


@dataclass(eq=False, repr=False)
class InterfaceDecl(DataRepr):
    """An interface: its method signatures and associated types."""
    module: str
    name: str
    node: Optional[A.InterfaceDef]
    pub: bool
    methods: dict = field(default_factory=dict)  # name -> A.FnDef (signature)
    assoc_types: list = field(default_factory=list)
    builtin: bool = False


@dataclass(eq=False, repr=False)
class ImplDecl(DataRepr):
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


@dataclass(eq=False, repr=False)
class HandlerDecl(DataRepr):
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


@dataclass(eq=False, repr=False)
class ServiceDecl(DataRepr):
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


@dataclass(eq=False, repr=False)
class ActorDecl(DataRepr):
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


@dataclass(eq=False, repr=False)
class SupervisorDecl(DataRepr):
    """A supervisor: its strategy, limits and children."""
    module: str
    name: str
    node: A.SupervisorDef
    pub: bool
    strategy: str = "one_for_one"
    max_restarts: int = 3
    max_seconds: int = 5
    children: list = field(default_factory=list)  # list[ChildDecl]


@dataclass(eq=False, repr=False)
class ChildDecl(DataRepr):
    """One child of a supervisor."""
    name: str
    start: Optional[A.Expr]
    restart: str = "permanent"
    shutdown: Any = 5000  # int ms or "brutal_kill"


@dataclass(frozen=True, eq=False, repr=False)
class StdlibImport(DataRepr):
    """A standard-library function imported by name (`from List import map`): its entry in `ModuleInfo.imported`."""
    module: str  # the stdlib module ("List")
    name: str  # the function's name in it ("map")


# ---------------------------------------------------------------- references


@dataclass(frozen=True, eq=False, repr=False)
class LocalRef(DataRepr):
    """A name of a local binding."""
    binding: Binding


@dataclass(frozen=True, eq=False, repr=False)
class FunctionRef(DataRepr):
    """A name of a function (as a value or callee)."""
    decl: FunctionDecl


@dataclass(frozen=True, eq=False, repr=False)
class VariantRef(DataRepr):
    """A name of a sum-type variant."""
    decl: VariantDecl


@dataclass(frozen=True, eq=False, repr=False)
class StructRef(DataRepr):
    """A name of a struct type (`Point.from_json`, a struct literal)."""
    decl: StructDecl


@dataclass(frozen=True, eq=False, repr=False)
class SumRef(DataRepr):
    """A name of a sum type used as a qualifier."""
    decl: SumDecl


@dataclass(frozen=True, eq=False, repr=False)
class ServiceRef(DataRepr):
    """A name of a service (`Counter.start`)."""
    decl: ServiceDecl


@dataclass(frozen=True, eq=False, repr=False)
class ActorRef(DataRepr):
    """A name of an actor (`spawn(worker, …)`)."""
    decl: ActorDecl


@dataclass(frozen=True, eq=False, repr=False)
class SupervisorRef(DataRepr):
    """A name of a supervisor."""
    decl: SupervisorDecl


@dataclass(frozen=True, eq=False, repr=False)
class ModuleRef(DataRepr):
    """A module qualifier (`Geometry.area`)."""
    module: str


@dataclass(frozen=True, eq=False, repr=False)
class StdlibRef(DataRepr):
    """A standard-library function: `module.py_name` in the runtime."""
    module: str  # Mesh module ("List"), or "" for a global (println)
    name: str  # Mesh name
    py_name: str  # runtime attribute name
    is_async: bool = False
    is_constant: bool = False  # `Math.pi`


# ---------------------------------------------------------------- per-node facts


@dataclass(eq=False, repr=False)
class CallTarget(DataRepr):
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


@dataclass(eq=False, kw_only=True, repr=False)
class FunctionCall(CallTarget):
    """A user function."""
    decl: FunctionDecl


@dataclass(eq=False, kw_only=True, repr=False)
class MethodCall(CallTarget):
    """An impl method (receiver first in args)."""
    decl: FunctionDecl


@dataclass(eq=False, kw_only=True, repr=False)
class ActorLoopCall(CallTarget):
    """The actor's own name: a self tail call (a loop)."""
    decl: Any  # ActorDecl


@dataclass(eq=False, kw_only=True, repr=False)
class StdlibCall(CallTarget):
    """A runtime function; `async_variant` when a closure argument can block
    and the `_async` variant is used (decided from `arg_effects`)."""
    ref: StdlibRef
    async_variant: bool = False
    arg_effects: list = field(default_factory=list)


@dataclass(eq=False, kw_only=True, repr=False)
class ValueCall(CallTarget):
    """A call of a function value `callee` (an expression)."""
    callee: Any


@dataclass(eq=False, kw_only=True, repr=False)
class VariantCall(CallTarget):
    """A sum-type constructor."""
    variant: VariantDecl


@dataclass(eq=False, kw_only=True, repr=False)
class ServiceCall(CallTarget):
    """A service client function: `op` is "start", "call" or "cast";
    `handler` is set for call/cast."""
    service: ServiceDecl
    op: str
    handler: Optional[HandlerDecl] = None


@dataclass(eq=False, kw_only=True, repr=False)
class ToStringCall(CallTarget):
    """The display form of args[0]."""


@dataclass(eq=False, kw_only=True, repr=False)
class ToJsonCall(CallTarget):
    """The Json value of args[0]."""


@dataclass(eq=False, kw_only=True, repr=False)
class DerivedCall(CallTarget):
    """`Struct.from_json` / `Struct.from_row` (`op`), derived."""
    struct: Any
    op: str


@dataclass(eq=False, kw_only=True, repr=False)
class SchemaCall(CallTarget):
    """A schema function of a struct (`op`: `__table__`, …)."""
    struct: Any
    op: str


@dataclass(eq=False, kw_only=True, repr=False)
class DefaultValue(CallTarget):
    """`default()`: the zero value of `type`."""
    type: Optional[Type] = None


@dataclass(eq=False, kw_only=True, repr=False)
class TupleOp(CallTarget):
    """Tuple.first/second/nth/size: `op` "size" or "nth", `index` when constant."""
    op: str
    index: Optional[int] = None


@dataclass(eq=False, kw_only=True, repr=False)
class DynamicCall(CallTarget):
    """Method `op` of an interface called on a value whose type is a
    constrained type parameter (`x.area()` with `x :: T`, `where T: Shape`):
    the implementation is chosen at run time from the receiver (args[0]);
    `decl` maps each implementing type's key (a TCon name such as
    "Main.Circle", "Int", "Tuple") to its impl method; `effect` is shared by
    all of them."""
    decl: dict
    op: str


@dataclass(eq=False, repr=False)
class ForInfo(DataRepr):
    """What a `for` iterates: `kind` "list", "range", "map", "set", "iter" …
    or "iterable" (a user type: `method` is its Iterable impl's method that
    gives the items)."""
    kind: str
    method: Optional[FunctionDecl] = None


@dataclass(eq=False, repr=False)
class FieldRef(DataRepr):
    """`obj.name` on a struct value."""
    struct: StructDecl
    name: str


@dataclass(eq=False, repr=False)
class OpInfo(DataRepr):
    """How to emit an operator: `kind` is "int", "float", "string", "list",
    "bool", "generic" (decide at run time) or "impl" (call `decl`)."""
    kind: str
    decl: Optional[FunctionDecl] = None


@dataclass(eq=False, repr=False)
class TryInfo(DataRepr):
    """`expr?`: `kind` is "result" or "option"; `convert` is the `From` impl
    method converting the error, if the error types differ."""
    kind: str
    convert: Optional[FunctionDecl] = None


@dataclass(frozen=True, eq=False, repr=False)
class LocalFnInfo(DataRepr):
    """A named `fn` inside a block (the fact of each of its clauses' FnDef)."""
    decl: FunctionDecl  # the local function (kind "local")
    binding: Binding  # the local name it is bound to

    def __iter__(self):
        """`decl, binding = fact`, as lower/function.py reads it."""
        return iter((self.decl, self.binding))


@dataclass(eq=False, repr=False)
class SpawnInfo(DataRepr):
    """What `spawn` starts: an actor, a supervisor or a closure."""
    kind: str  # "actor", "supervisor", "closure"
    decl: Any = None


@dataclass(repr=False)
class ModuleInfo(DataRepr):
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


@dataclass(repr=False)
class Program(DataRepr):
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
