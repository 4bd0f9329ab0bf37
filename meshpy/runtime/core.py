"""The non-concurrent runtime: values, arithmetic, display, output, panics,
JSON/Row codecs and the stdlib modules (docs/runtime-contract.md, section 2).

`meshpy.runtime.prelude` re-exports everything in `__all__`."""

from .traits import dispatch, register_impl
from .arith import compare, fdiv, fmod, fne, gadd, gdiv, gmod, gmul, gneg, gsub, i64, idiv, imod, ineg
from .descriptors import T_BOOL, T_FLOAT, T_INT, T_STRING, ListOf, MapOf, OptionOf, TypeRef
from .display import display, match_failed, show_bool, show_float
from .implicit import compare_async, display_async, eq_async, mesh_cmp, mesh_eq, use_impls
from .jsoncodec import derive_from_json, to_json_value
from .output import eprintln, print_, println
from .panic import MeshPanic, panic
from .rowcodec import derive_from_row
from .stdlib.io import IO, Env, File
from .stdlib.iter import Iter
from .stdlib.json import JSON, Json
from .stdlib.list import List
from .stdlib.map import Map
from .stdlib.numbers import Float, Int, Math
from .stdlib.queue import Queue
from .stdlib.range import Range
from .stdlib.set import Set
from .stdlib.string import String
from .stdlib.tuple import Tuple
from .values import (
    DerivedEq,
    DerivedHash,
    DerivedOrd,
    EQUAL,
    GREATER,
    LESS,
    NONE,
    Equal,
    Err,
    Greater,
    JsonValue,
    Less,
    MeshIter,
    MeshQueue,
    MeshSet,
    NoneVariant,
    Ok,
    Some,
    Struct,
    Variant,
)

__all__ = [
    "compare_async", "display_async", "eq_async", "mesh_cmp", "mesh_eq", "use_impls",
    # what deriving(Eq, Hash, Ord) gives generated classes
    "DerivedEq",
    "DerivedHash",
    "DerivedOrd",
    # interface methods on values of a generic type
    "register_impl",
    "dispatch",
    # generic arithmetic (operand type decided at run time)
    "gadd",
    "gsub",
    "gmul",
    "gdiv",
    "gmod",
    "gneg",
    # values and constructors
    "Some",
    "NONE",
    "NoneVariant",
    "Ok",
    "Err",
    "LESS",
    "EQUAL",
    "GREATER",
    "Less",
    "Equal",
    "Greater",
    "MeshSet",
    "MeshQueue",
    "JsonValue",
    "MeshIter",
    # stdlib modules
    "String",
    "List",
    "Map",
    "Set",
    "Tuple",
    "Range",
    "Queue",
    "Iter",
    "Int",
    "Float",
    "Math",
    "IO",
    "Env",
    "File",
    "JSON",
    "Json",
    # helpers
    "i64",
    "idiv",
    "imod",
    "fdiv",
    "fmod",
    "fne",
    "ineg",
    "display",
    "show_float",
    "show_bool",
    "println",
    "print_",
    "eprintln",
    "compare",
    "MeshPanic",
    "panic",
    "match_failed",
    "Struct",
    "Variant",
    "derive_from_json",
    "derive_from_row",
    "to_json_value",
    # type descriptors
    "T_INT",
    "T_FLOAT",
    "T_BOOL",
    "T_STRING",
    "ListOf",
    "MapOf",
    "OptionOf",
    "TypeRef",
]
