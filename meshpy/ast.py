"""The Mesh abstract syntax tree.

Dataclasses with slots, one per construct; every node carries a `Span`. The
parser (meshpy.syntax) is the only producer; no later pass sees a Lark object.
Nodes compare by identity (`eq=False`) so that later passes can key side
tables (types, name resolutions) by node; `dump()` gives a structural view
for tests.

Nodes and spans are never changed after the parser built them (a pass that
needs a different node builds a new one, e.g. with `dataclasses.replace`),
but they are not `frozen=True`: a frozen dataclass sets each field through
`object.__setattr__`, which made building a node four times slower, and the
parser builds tens of thousands of them for a few thousand lines.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, fields
from typing import Optional, Union


@dataclass(slots=True, unsafe_hash=True)  # (hashed by value, as if frozen: see above)
class Span:
    file: str
    line: int
    col: int
    end_line: int
    end_col: int

    def to(self, other: "Span") -> "Span":
        """The span from the start of self to the end of other."""
        return Span(self.file, self.line, self.col, other.end_line, other.end_col)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


_without_init: list[type] = []  # node classes whose __init__ _add_inits() writes


def node(cls: type) -> type:
    """What `@dataclass(slots=True, eq=False)` makes of a node class, made
    for a fraction of the import time (the dataclass decorator compiled
    three functions per class, a third of the compiler's start-up before
    parsing): the same slots, fields (`dataclasses.fields`, `replace` and
    `is_dataclass` work on it), `__match_args__` and repr; every class's
    `__init__` is compiled in one go by _add_inits() at the end of this
    module."""
    own = cls.__dict__.get("__annotations__", {})
    all_fields = dict(getattr(cls, "__dataclass_fields__", {}))
    for name, annotation in own.items():
        f = dataclasses.field(default=cls.__dict__.get(name, dataclasses.MISSING))
        f.name, f.type, f.kw_only = name, annotation, False
        f._field_type = dataclasses._FIELD  # (a field, not a ClassVar or InitVar)
        all_fields[name] = f
    namespace = {k: v for k, v in cls.__dict__.items() if k not in own and k not in ("__dict__", "__weakref__")}
    namespace.update(__slots__=tuple(own), __dataclass_fields__=all_fields, __match_args__=tuple(all_fields))
    made = type(cls)(cls.__name__, cls.__bases__, namespace)
    _without_init.append(made)
    return made


def _add_inits() -> None:
    """Compile the `__init__(self, span, field…)` of every node class at once."""
    source, defaults = [], {}
    for k, cls in enumerate(_without_init):
        params = []
        for f in fields(cls):
            if f.default is dataclasses.MISSING:
                params.append(f.name)
            else:
                defaults[f"_d{k}_{f.name}"] = f.default
                params.append(f"{f.name}=_d{k}_{f.name}")
        body = [f"    self.{f.name} = {f.name}" for f in fields(cls)]
        source += [f"def _init{k}(self, {', '.join(params)}):", *body]
    namespace = dict(defaults)
    exec(compile("\n".join(source), __file__, "exec"), namespace)  # noqa: S102 (our own source)
    for k, cls in enumerate(_without_init):
        init = namespace[f"_init{k}"]
        init.__qualname__ = f"{cls.__qualname__}.__init__"
        cls.__init__ = init
    _without_init.clear()


@node
class Node:
    span: Span

    def __repr__(self) -> str:  # as a dataclass writes it (and one frame per level, as it does)
        args = []
        for f in fields(self):
            args.append(f"{f.name}={getattr(self, f.name)!r}")
        return f"{type(self).__qualname__}({', '.join(args)})"


# ---------------------------------------------------------------- types


@node
class TypeName(Node):
    """`Int`, `List<T>`, `Mod.Type`; `T?` and `T!E` become Option/Result."""
    path: tuple[str, ...]
    args: tuple["TypeExpr", ...]

    @property
    def name(self) -> str:
        return self.path[-1]


@node
class TupleType(Node):
    """`(A, B)`; `()` is unit."""
    items: tuple["TypeExpr", ...]


@node
class FunType(Node):
    """`Fun(A, B) -> R`."""
    params: tuple["TypeExpr", ...]
    ret: "TypeExpr"


TypeExpr = Union[TypeName, TupleType, FunType]


# ---------------------------------------------------------------- patterns


@node
class PWildcard(Node):
    pass


@node
class PVar(Node):
    """A bare identifier. The checker decides whether it binds a variable or
    names a nullary variant in scope (`None`, `Off`)."""
    name: str


@node
class PLiteral(Node):
    """Int, Float, String (no interpolation), Bool or nil literal; numbers may
    be negative."""
    value: Union[int, float, str, bool, None]


@node
class PTuple(Node):
    items: tuple["Pattern", ...]


@node
class PConstructor(Node):
    """`Some(x)`, `Shape.Box(w, h)`, or a qualified nullary `Light.Red`."""
    qualifier: tuple[str, ...]
    name: str
    args: tuple["Pattern", ...]
    has_parens: bool


@node
class PCons(Node):
    """`head :: tail`."""
    head: "Pattern"
    tail: "Pattern"


@node
class POr(Node):
    alternatives: tuple["Pattern", ...]


@node
class PAs(Node):
    """`pattern as name`."""
    pattern: "Pattern"
    name: str


@node
class PMapEntry(Node):
    """`{k, v}` in a `for` header over a map."""
    key: "Pattern"
    value: "Pattern"


Pattern = Union[PWildcard, PVar, PLiteral, PTuple, PConstructor, PCons, POr, PAs, PMapEntry]


# ---------------------------------------------------------------- expressions


@node
class IntLit(Node):
    value: int


@node
class FloatLit(Node):
    value: float


@node
class BoolLit(Node):
    value: bool


@node
class NilLit(Node):
    pass


@node
class AtomLit(Node):
    """`:name` (supplement 1.1): type `Atom`; at run time the bare name."""
    name: str


@node
class StringLit(Node):
    """A string; `parts` alternate literal text (str) and interpolated
    expressions. Literal pieces hold the string's value (escapes translated, supplement 9.6)."""
    parts: tuple[Union[str, "Expr"], ...]
    triple: bool = False

    @property
    def is_plain(self) -> bool:
        return all(isinstance(p, str) for p in self.parts)

    @property
    def text(self) -> str:
        """The literal text of a string without interpolation."""
        return "".join(p for p in self.parts if isinstance(p, str))


@node
class Name(Node):
    """An identifier in expression position (variable, function, constructor,
    struct, module qualifier …); resolved by the checker."""
    name: str


@node
class FieldAccess(Node):
    """`obj.name`: field access, module-qualified name or method (when called)."""
    obj: "Expr"
    name: str
    name_span: Span


@node
class Call(Node):
    func: "Expr"
    args: tuple["Expr", ...]


@node
class Pipe(Node):
    """`value |> target`: target is a call (value becomes its first argument)
    or any expression yielding a function."""
    value: "Expr"
    target: "Expr"


@node
class Try(Node):
    """`expr?`."""
    expr: "Expr"


@node
class Unary(Node):
    op: str  # "-", "not" ("!" is normalised to "not")
    operand: "Expr"


@node
class Binary(Node):
    op: str  # "+", "-", "*", "/", "%", "==", "!=", "<", ">", "<=", ">=",
    #          "and", "or" ("&&"/"||" normalised), "<>", "++", ".."
    left: "Expr"
    right: "Expr"
    op_span: Span


@node
class StructLit(Node):
    """`Point { x: 1, y: 2 }`, possibly qualified."""
    path: tuple[str, ...]
    fields: tuple["FieldInit", ...]


@node
class FieldInit(Node):
    name: str
    value: "Expr"


@node
class StructUpdate(Node):
    """`%{base | field: value}` (later-revision struct update)."""
    base: "Expr"
    fields: tuple[FieldInit, ...]


@node
class ListLit(Node):
    items: tuple["Expr", ...]


@node
class MapLit(Node):
    """`%{k => v}`; `keywords`: written as keyword arguments `f(k: v)`
    (supplement 1.2), whose keys are the names as strings."""
    entries: tuple["MapEntry", ...]
    keywords: bool = False


@node
class MapEntry(Node):
    key: "Expr"
    value: "Expr"


@node
class TupleLit(Node):
    """`(a, b)`; `()` is unit (no items)."""
    items: tuple["Expr", ...]


@node
class If(Node):
    """`if c do … else … end`; an `else if` chain nests an If in `else_`."""
    cond: "Expr"
    then: "Block"
    else_: Optional["Block"]


@node
class Case(Node):
    scrutinee: "Expr"
    arms: tuple["Arm", ...]


@node
class Arm(Node):
    pattern: Pattern
    guard: Optional["Expr"]
    body: "Expr"


@node
class Receive(Node):
    arms: tuple[Arm, ...]
    after: Optional["AfterClause"]


@node
class AfterClause(Node):
    timeout: "Expr"
    body: "Expr"


@node
class Closure(Node):
    """`fn x -> e end`, `fn(a, b) do … end`, multi-clause `fn 0 -> a | n -> b end`."""
    clauses: tuple["ClosureClause", ...]


@node
class ClosureClause(Node):
    params: tuple["Param", ...]
    guard: Optional["Expr"]
    body: "Block"


@node
class While(Node):
    cond: "Expr"
    body: "Block"


@node
class For(Node):
    binder: Pattern
    iterable: "Expr"
    filter: Optional["Expr"]
    body: "Block"


@node
class Break(Node):
    pass


@node
class Continue(Node):
    pass


@node
class Return(Node):
    value: Optional["Expr"]


@node
class Spawn(Node):
    """`spawn(target, args…)`."""
    target: "Expr"
    args: tuple["Expr", ...]


@node
class Send(Node):
    pid: "Expr"
    message: "Expr"


@node
class SelfPid(Node):
    """`self()`."""


@node
class Link(Node):
    pid: "Expr"


@node
class SelfRef(Node):
    """`self` as a value (the receiver inside an impl method)."""


Expr = Union[
    IntLit, FloatLit, BoolLit, NilLit, StringLit, AtomLit, Name, FieldAccess, Call, Pipe, Try,
    Unary, Binary, StructLit, StructUpdate, ListLit, MapLit, TupleLit, If, Case,
    Receive, Closure, While, For, Break, Continue, Return, Spawn, Send, SelfPid,
    Link, SelfRef,
]


# ---------------------------------------------------------------- statements


@node
class Let(Node):
    pattern: Pattern  # PVar, PWildcard or PTuple
    type: Optional[TypeExpr]
    value: "Expr"


@node
class ExprStmt(Node):
    expr: "Expr"


@node
class Block(Node):
    """A `do … end` body (or an expression body, as a one-statement block).
    Its value is its last statement's."""
    stmts: tuple["Stmt", ...]


Stmt = Union[Let, ExprStmt, "FnDef"]


# ---------------------------------------------------------------- items


@node
class Param(Node):
    """A function, closure or handler parameter: a pattern (usually a PVar)
    with an optional type annotation. `self` is `PVar("self")`."""
    pattern: Pattern
    type: Optional[TypeExpr]


@node
class Ident(Node):
    """A name written in a declaration, with its own span."""
    name: str


@node
class WhereClause(Node):
    type_param: str
    traits: tuple[tuple[str, ...], ...]


@node
class FnDef(Node):
    """One clause of a named function. Consecutive clauses with the same name
    form one function (grouped by the checker)."""
    name: str
    name_span: Span
    pub: bool
    generics: tuple[Ident, ...]
    params: tuple[Param, ...]
    has_parens: bool
    ret: Optional[TypeExpr]
    where: tuple[WhereClause, ...]
    guard: Optional["Expr"]
    body: Optional[Block]  # None for a signature in an interface
    expr_body: bool = False  # written `= expr`


@node
class FieldDef(Node):
    name: str
    type: TypeExpr


@node
class StructDef(Node):
    name: str
    name_span: Span
    pub: bool
    generics: tuple[Ident, ...]
    fields: tuple[FieldDef, ...]
    deriving: Optional[tuple[Ident, ...]]  # None: no clause; (): `deriving()`
    # schema options and relationships, in source order (supplement 1.6)
    schema: tuple[Union["SchemaOption", "Relationship"], ...] = ()


@node
class SchemaOption(Node):
    """`table "people"`, `primary_key :uuid`, `timestamps true` in a struct body."""
    name: str  # "table" | "primary_key" | "timestamps"
    value: Union[str, bool]


@node
class Relationship(Node):
    """`belongs_to :user, User` (also `has_many`, `has_one`) in a struct body;
    the target is only text, never resolved (supplement 1.6)."""
    kind: str
    name: str  # the association, without its colon
    target: str


@node
class VariantField(Node):
    name: Optional[str]
    type: TypeExpr


@node
class VariantDef(Node):
    name: str
    fields: tuple[VariantField, ...]


@node
class SumTypeDef(Node):
    name: str
    name_span: Span
    pub: bool
    generics: tuple[Ident, ...]
    variants: tuple[VariantDef, ...]
    deriving: Optional[tuple[Ident, ...]]


@node
class TypeAlias(Node):
    name: str
    name_span: Span
    generics: tuple[Ident, ...]
    type: TypeExpr


@node
class AssocType(Node):
    """`type Item` in an interface, or `type Item = Int` in an impl."""
    name: str
    type: Optional[TypeExpr]


@node
class InterfaceDef(Node):
    name: str
    name_span: Span
    pub: bool
    generics: tuple[Ident, ...]
    methods: tuple[FnDef, ...]
    assoc_types: tuple[AssocType, ...]


@node
class ImplDef(Node):
    trait: TypeName
    for_type: TypeExpr
    where: tuple[WhereClause, ...]
    methods: tuple[FnDef, ...]
    assoc_types: tuple[AssocType, ...]


@node
class Handler(Node):
    """`call Name(params) :: Reply do |state| … end` or `cast Name(params) do |state| … end`."""
    kind: str  # "call" or "cast"
    name: str
    name_span: Span
    params: tuple[Param, ...]
    reply_type: Optional[TypeExpr]
    state: Optional[Ident]
    body: Block


@node
class ServiceDef(Node):
    name: str
    name_span: Span
    init: Optional[FnDef]
    handlers: tuple[Handler, ...]


@node
class ActorDef(Node):
    name: str
    name_span: Span
    params: tuple[Param, ...]
    body: Block
    terminate: Optional[Block]
    pub: bool = False  # `pub actor`: importable (supplement 1.7)


@node
class SupervisorSetting(Node):
    """`key: value` inside a supervisor or child block."""
    key: str
    value: "Expr"


@node
class ChildSpec(Node):
    name: str
    settings: tuple[SupervisorSetting, ...]


@node
class SupervisorDef(Node):
    name: str
    name_span: Span
    pub: bool
    settings: tuple[SupervisorSetting, ...]
    children: tuple[ChildSpec, ...]


@node
class Import(Node):
    """`import A.B`."""
    path: tuple[str, ...]


@node
class FromImport(Node):
    """`from A.B import x, Y`."""
    path: tuple[str, ...]
    names: tuple[Ident, ...]


@node
class ModuleBlock(Node):
    """`module Name do … end`: parsed so that the checker can reject it."""
    name: str
    items: tuple["Item", ...]


Item = Union[
    Import, FromImport, FnDef, StructDef, SumTypeDef, TypeAlias, InterfaceDef, ImplDef,
    ServiceDef, ActorDef, SupervisorDef, ModuleBlock,
]


@node
class Module(Node):
    """One `.mpl` file."""
    name: str  # e.g. "Services.Writer"; "Main" for the entry module
    path: str
    items: tuple[Item, ...]


_add_inits()


# ---------------------------------------------------------------- utilities


# Field annotations (above) that never hold a node: the walks skip them.
_NO_NODES = {"str", "int", "float", "bool", "Optional[str]", "Span", "Union[int, float, str, bool, None]",
             "Union[str, bool]", "tuple[str, ...]", "tuple[tuple[str, ...], ...]"}
_NODE_FIELDS: dict = {}


def node_fields(cls) -> tuple[str, ...]:
    """The names of the fields of a node class that can hold nodes (a node
    or a tuple of them), in field order; cached, for the walks."""
    names = _NODE_FIELDS.get(cls)
    if names is None:
        names = _NODE_FIELDS[cls] = tuple(f.name for f in fields(cls)
                                          if f.name != "span" and str(f.type) not in _NO_NODES)
    return names


def children(n: Node) -> list:
    """The direct child nodes of `n` (in field order)."""
    names = _NODE_FIELDS.get(type(n))
    return _children(n, node_fields(type(n)) if names is None else names)


def _children(n: Node, names: tuple[str, ...]) -> list:
    out = []
    for name in names:
        v = getattr(n, name)
        if isinstance(v, Node):
            out.append(v)
        elif isinstance(v, tuple):
            out.extend([x for x in v if isinstance(x, Node)])
    return out


def walk(n: Node):
    """Yield `n` and every node below it, depth first."""
    stack = [n]
    pop, extend = stack.pop, stack.extend
    plans = _NODE_FIELDS
    while stack:
        cur = pop()
        yield cur
        names = plans.get(type(cur))
        if names is None:
            names = node_fields(type(cur))
        if names:  # (most nodes are leaves)
            below = _children(cur, names)
            below.reverse()
            extend(below)


_SKIP_IN_DUMP = {"span", "name_span", "op_span"}


def dump(n) -> object:
    """A structural view for tests: nodes become (ClassName, field values…)
    tuples without spans; only non-default fields are shown."""
    if isinstance(n, Node):
        out = [type(n).__name__]
        for f in fields(n):
            if f.name in _SKIP_IN_DUMP:
                continue
            v = getattr(n, f.name)
            if f.default is not None and v == f.default and not isinstance(v, Node):
                continue
            out.append(dump(v))
        return tuple(out)
    if isinstance(n, tuple):
        return [dump(x) for x in n]
    return n
