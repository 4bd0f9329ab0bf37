"""`deriving(Schema)` (supplement 3): the metadata functions of a struct.

`T.__table__()`, `T.__fields__()`, … take no argument and return constants
computed here from the struct's declaration, its schema options and its
relationships (supplement 1.6). The checker types the calls; the lowering
emits each function as a static method of the struct's class returning the
constant.
"""

from __future__ import annotations

from typing import Optional

from .. import ast as A
from . import types as T
from .model import StructDecl

_STRINGS = T.list_of(T.STRING)

# The functions every Schema struct has, and their result types.
FIXED = {
    "__table__": T.STRING,
    "__fields__": _STRINGS,
    "__primary_key__": T.STRING,
    "__field_types__": _STRINGS,
    "__relationships__": _STRINGS,
    "__relationship_meta__": _STRINGS,
}

_SQL_TYPES = {"Int": "BIGINT", "Float": "DOUBLE PRECISION", "Bool": "BOOLEAN", "String": "TEXT"}
_TIMESTAMPS = ("inserted_at", "updated_at")


def is_metadata_name(name: str) -> bool:
    """A name of the metadata family (whether or not the struct has it)."""
    return name in FIXED or (name.startswith("__") and name.endswith("_col__") and len(name) > 8)


def result_type(decl: StructDecl, name: str) -> Optional[T.Type]:
    """The result type of `decl.name()`, None if the struct has no such function."""
    if name in FIXED:
        return FIXED[name]
    if is_metadata_name(name) and name[2:-6] in decl.fields:
        return T.STRING
    return None


def _option(decl: StructDecl, name: str, default):
    """The last `name` option of the struct body (a later line wins)."""
    value = default
    for item in decl.node.schema:
        if isinstance(item, A.SchemaOption) and item.name == name:
            value = item.value
    return value


def _default_table(type_name: str) -> str:
    # no real pluralisation and no snake_case, as in the reference
    return type_name.lower() + "s"


def _sql_type(t) -> str:
    return _SQL_TYPES.get(T.con_name(T.prune(t)) or "", "TEXT")


def metadata(decl: StructDecl) -> list[tuple[str, object]]:
    """Every metadata function of `decl` as (name, value): a str or a list of str."""
    declared = [f.name for f in decl.node.fields]
    timestamps = list(_TIMESTAMPS) if _option(decl, "timestamps", False) else []
    relationships = [r for r in decl.node.schema if isinstance(r, A.Relationship)]
    owner_key = decl.name.lower() + "_id"
    meta = []
    for r in relationships:
        fk = f"{r.name}_id" if r.kind == "belongs_to" else owner_key
        meta.append(f"{r.kind}:{r.name}:{r.target}:{fk}:{_default_table(r.target)}")
    out: list[tuple[str, object]] = [
        ("__table__", _option(decl, "table", _default_table(decl.name))),
        ("__fields__", declared + timestamps),
        ("__primary_key__", _option(decl, "primary_key", "id")),
        ("__field_types__", [f"{f}:{_sql_type(decl.fields[f])}" for f in declared]
         + [f"{f}:TEXT" for f in timestamps]),
        ("__relationships__", [f"{r.kind}:{r.name}:{r.target}" for r in relationships]),
        ("__relationship_meta__", meta),
    ]
    out.extend((f"__{f}_col__", f) for f in declared)
    return out
