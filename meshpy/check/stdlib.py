"""Types of the standard library (language reference, section 13).

Signatures are written in Mesh type syntax; single lowercase letters are type
variables. `async` marks functions that can block (the caller awaits them).
The runtime attribute is the Mesh name, with `_` appended to Python keywords.
"""

from __future__ import annotations

import keyword
import re
from typing import Optional

from .model import StdlibRef
from .types import Effect, Scheme, TCon, TFun, TTuple, TVar

_SIGNATURES = """
String.length: (String) -> Int
String.slice: (String, Int, Int) -> String
String.contains: (String, String) -> Bool
String.starts_with: (String, String) -> Bool
String.ends_with: (String, String) -> Bool
String.trim: (String) -> String
String.to_upper: (String) -> String
String.to_lower: (String) -> String
String.replace: (String, String, String) -> String
String.split: (String, String) -> List<String>
String.join: (List<String>, String) -> String
String.to_int: (String) -> Option<Int>
String.to_float: (String) -> Option<Float>
String.from: (a) -> String
String.collect: (Iter<String>) -> String

List.new: () -> List<a>
List.length: (List<a>) -> Int
List.append: (List<a>, a) -> List<a>
List.get: (List<a>, Int) -> a
List.nth: (List<a>, Int) -> a
List.head: (List<a>) -> a
List.tail: (List<a>) -> List<a>
List.last: (List<a>) -> a
List.concat: (List<a>, List<a>) -> List<a>
List.reverse: (List<a>) -> List<a>
List.map: (List<a>, Fun(a) -> b) -> List<b>
List.filter: (List<a>, Fun(a) -> Bool) -> List<a>
List.reduce: (List<a>, b, Fun(b, a) -> b) -> b
List.sort: (List<a>, Fun(a, a) -> Int) -> List<a>
List.find: (List<a>, Fun(a) -> Bool) -> Option<a>
List.any: (List<a>, Fun(a) -> Bool) -> Bool
List.all: (List<a>, Fun(a) -> Bool) -> Bool
List.contains: (List<a>, a) -> Bool
List.zip: (List<a>, List<b>) -> List<(a, b)>
List.flat_map: (List<a>, Fun(a) -> List<b>) -> List<b>
List.flatten: (List<List<a>>) -> List<a>
List.enumerate: (List<a>) -> List<(Int, a)>
List.take: (List<a>, Int) -> List<a>
List.drop: (List<a>, Int) -> List<a>
List.collect: (Iter<a>) -> List<a>

Map.new: () -> Map<k, v>
Map.put: (Map<k, v>, k, v) -> Map<k, v>
Map.get: (Map<k, v>, k) -> v
Map.has_key: (Map<k, v>, k) -> Bool
Map.delete: (Map<k, v>, k) -> Map<k, v>
Map.size: (Map<k, v>) -> Int
Map.keys: (Map<k, v>) -> List<k>
Map.values: (Map<k, v>) -> List<v>
Map.merge: (Map<k, v>, Map<k, v>) -> Map<k, v>
Map.to_list: (Map<k, v>) -> List<(k, v)>
Map.from_list: (List<(k, v)>) -> Map<k, v>
Map.collect: (Iter<(k, v)>) -> Map<k, v>

Set.new: () -> Set<a>
Set.add: (Set<a>, a) -> Set<a>
Set.remove: (Set<a>, a) -> Set<a>
Set.contains: (Set<a>, a) -> Bool
Set.size: (Set<a>) -> Int
Set.union: (Set<a>, Set<a>) -> Set<a>
Set.intersection: (Set<a>, Set<a>) -> Set<a>
Set.difference: (Set<a>, Set<a>) -> Set<a>
Set.to_list: (Set<a>) -> List<a>
Set.from_list: (List<a>) -> Set<a>
Set.collect: (Iter<a>) -> Set<a>

Range.new: (Int, Int) -> Range
Range.length: (Range) -> Int
Range.to_list: (Range) -> List<Int>
Range.map: (Range, Fun(Int) -> a) -> List<a>
Range.filter: (Range, Fun(Int) -> Bool) -> List<Int>

Queue.new: () -> Queue<a>
Queue.push: (Queue<a>, a) -> Queue<a>
Queue.peek: (Queue<a>) -> a
Queue.pop: (Queue<a>) -> (a, Queue<a>)
Queue.size: (Queue<a>) -> Int
Queue.is_empty: (Queue<a>) -> Bool

Iter.from: (List<a>) -> Iter<a>
Iter.map: (Iter<a>, Fun(a) -> b) -> Iter<b>
Iter.filter: (Iter<a>, Fun(a) -> Bool) -> Iter<a>
Iter.take: (Iter<a>, Int) -> Iter<a>
Iter.skip: (Iter<a>, Int) -> Iter<a>
Iter.enumerate: (Iter<a>) -> Iter<(Int, a)>
Iter.zip: (Iter<a>, Iter<b>) -> Iter<(a, b)>
Iter.count: (Iter<a>) -> Int
Iter.sum: (Iter<Int>) -> Int
Iter.any: (Iter<a>, Fun(a) -> Bool) -> Bool
Iter.all: (Iter<a>, Fun(a) -> Bool) -> Bool
Iter.find: (Iter<a>, Fun(a) -> Bool) -> Option<a>
Iter.reduce: (Iter<a>, b, Fun(b, a) -> b) -> b

Int.to_float: (Int) -> Float
Float.to_int: (Float) -> Int
Float.from: (Int) -> Float
Math.abs: (a) -> a
Math.min: (a, a) -> a
Math.max: (a, a) -> a
Math.pow: (Float, Float) -> Float
Math.sqrt: (Float) -> Float
Math.floor: (Float) -> Int
Math.ceil: (Float) -> Int
Math.round: (Float) -> Int
Math.pi: Float

async IO.read_line: () -> Result<String, String>
IO.eprintln: (String) -> ()
Env.get: (String) -> Option<String>
Env.args: () -> List<String>
File.read: (String) -> Result<String, String>
File.write: (String, String) -> Result<(), String>
File.append: (String, String) -> Result<(), String>
File.exists: (String) -> Bool
File.delete: (String) -> Result<(), String>

JSON.parse: (String) -> Result<Json, String>
JSON.encode: (a) -> String
JSON.encode_int: (Int) -> String
JSON.encode_bool: (Bool) -> String
JSON.encode_string: (String) -> String
JSON.encode_map: (Map<String, String>) -> String
JSON.encode_list: (List<String>) -> String
JSON.get: (String, String) -> String
JSON.get_nested: (String, String, String) -> String

async Timer.sleep: (Int) -> ()
Timer.send_after: (Pid, Int, a) -> ()
Job.async: (Fun() -> a) -> Pid<a>
async Job.await: (Pid<a>) -> Result<a, String>
async Job.await_timeout: (Pid<a>, Int) -> Result<a, String>
async Job.map: (List<a>, Fun(a) -> b) -> List<Result<b, String>>
Process.register: (String, Pid) -> Int
Process.whereis: (String) -> Pid
Process.monitor: (Pid) -> Int
Process.demonitor: (Int) -> ()

async Pool.open: (String, Int, Int, Int) -> Result<PoolHandle, String>
async Pool.open_with: (String, Int, Int, Int, Map<String, Int>) -> Result<PoolHandle, String>
async Pool.query: (PoolHandle, String, List<String>) -> Result<List<Map<String, String>>, String>
async Pool.execute: (PoolHandle, String, List<String>) -> Result<Int, String>
async Pool.checkout: (PoolHandle) -> Result<PgConn, String>
async Pool.checkin: (PoolHandle, PgConn) -> ()
async Pool.query_as: (PoolHandle, String, List<String>, Fun(Map<String, String>) -> Result<a, String>) -> Result<List<Result<a, String>>, String>
async Pool.close: (PoolHandle) -> ()
async Pg.connect: (String) -> Result<PgConn, String>
async Pg.query: (PgConn, String, List<String>) -> Result<List<Map<String, String>>, String>
async Pg.execute: (PgConn, String, List<String>) -> Result<Int, String>
async Pg.query_as: (PgConn, String, List<String>, Fun(Map<String, String>) -> Result<a, String>) -> Result<List<Result<a, String>>, String>
async Pg.begin: (PgConn) -> Result<(), String>
async Pg.commit: (PgConn) -> Result<(), String>
async Pg.rollback: (PgConn) -> Result<(), String>
async Pg.transaction: (PgConn, Fun(PgConn) -> Result<(), String>) -> Result<(), String>
async Pg.close: (PgConn) -> ()

Sqlite.open: (String) -> Result<SqliteConn, String>
Sqlite.query: (SqliteConn, String, List<String>) -> Result<List<Map<String, String>>, String>
Sqlite.execute: (SqliteConn, String, List<String>) -> Result<Int, String>
Sqlite.begin: (SqliteConn) -> Result<(), String>
Sqlite.commit: (SqliteConn) -> Result<(), String>
Sqlite.rollback: (SqliteConn) -> Result<(), String>
Sqlite.close: (SqliteConn) -> ()

async Ws.serve: (Fun(Int, String, Map<String, String>) -> Int, Fun(Int, String) -> a, Fun(Int, Int, String) -> b, Int) -> ()
Ws.send: (Int, String) -> Int
Ws.join: (Int, String) -> Int
Ws.leave: (Int, String) -> Int
Ws.broadcast: (String, String) -> Int
Ws.broadcast_except: (String, String, Int) -> Int

HTTP.router: () -> Router
HTTP.route: (Router, String, Fun(Request) -> Response) -> Router
HTTP.on_get: (Router, String, Fun(Request) -> Response) -> Router
HTTP.on_post: (Router, String, Fun(Request) -> Response) -> Router
HTTP.on_put: (Router, String, Fun(Request) -> Response) -> Router
HTTP.on_delete: (Router, String, Fun(Request) -> Response) -> Router
HTTP.use: (Router, Fun(Request, Fun(Request) -> Response) -> Response) -> Router
async HTTP.serve: (Router, Int) -> ()
async HTTP.serve_tls: (Router, Int, String, String) -> ()
HTTP.response: (Int, String) -> Response
HTTP.response_with_headers: (Int, String, Map<String, String>) -> Response
async HTTP.get: (String) -> Result<String, String>
async HTTP.post: (String, String) -> Result<String, String>
Request.method: (Request) -> String
Request.path: (Request) -> String
Request.body: (Request) -> String
Request.header: (Request, String) -> Option<String>
Request.query: (Request, String) -> Option<String>
Request.param: (Request, String) -> Option<String>

Global.register: (String, Pid) -> Int
Global.whereis: (String) -> Pid
Node.self: () -> String
Node.start: (String, String) -> Int
Node.connect: (String) -> Int
Node.list: () -> List<String>
Node.monitor: (String) -> Int
Node.spawn: (String, a) -> Pid
Node.spawn_link: (String, a) -> Pid

Orm.build_select: (String, List<String>, List<String>, List<String>, Int, Int) -> String
Orm.build_insert: (String, List<String>, List<String>) -> String
Orm.build_update: (String, List<String>, List<String>, List<String>) -> String
Orm.build_delete: (String, List<String>, List<String>) -> String

Query.from: (String) -> Query
Query.where: (Query, Atom, String) -> Query
Query.where_op: (Query, Atom, Atom, String) -> Query
Query.where_in: (Query, Atom, List<String>) -> Query
Query.where_null: (Query, Atom) -> Query
Query.where_not_null: (Query, Atom) -> Query
Query.where_raw: (Query, String, List<String>) -> Query
Query.select: (Query, List<String>) -> Query
Query.select_raw: (Query, List<String>) -> Query
Query.order_by: (Query, Atom, Atom) -> Query
Query.limit: (Query, Int) -> Query
Query.offset: (Query, Int) -> Query
Query.join: (Query, Atom, String, String) -> Query
Query.group_by: (Query, Atom) -> Query
Query.having: (Query, String, String) -> Query
Query.fragment: (Query, String, List<String>) -> Query

async Repo.all: (PoolHandle, Query) -> Result<List<Map<String, String>>, String>
async Repo.one: (PoolHandle, Query) -> Result<Map<String, String>, String>
async Repo.get: (PoolHandle, String, String) -> Result<Map<String, String>, String>
async Repo.get_by: (PoolHandle, String, String, String) -> Result<Map<String, String>, String>
async Repo.count: (PoolHandle, Query) -> Result<Int, String>
async Repo.exists: (PoolHandle, Query) -> Result<Bool, String>
async Repo.insert: (PoolHandle, String, Map<String, String>) -> Result<Map<String, String>, String>
async Repo.update: (PoolHandle, String, String, Map<String, String>) -> Result<Map<String, String>, String>
async Repo.delete: (PoolHandle, String, String) -> Result<Map<String, String>, String>
async Repo.update_where: (PoolHandle, String, Map<String, String>, Query) -> Result<Map<String, String>, String>
async Repo.delete_where: (PoolHandle, String, Query) -> Result<Int, String>
async Repo.query_raw: (PoolHandle, String, List<String>) -> Result<List<Map<String, String>>, String>
async Repo.execute_raw: (PoolHandle, String, List<String>) -> Result<Int, String>
async Repo.insert_changeset: (PoolHandle, String, Changeset) -> Result<Map<String, String>, Changeset>
async Repo.update_changeset: (PoolHandle, String, String, Changeset) -> Result<Map<String, String>, Changeset>
async Repo.transaction: (PoolHandle, Fun(PgConn) -> Result<a, String>) -> Result<a, String>
async Repo.preload: (PoolHandle, List<Map<String, String>>, List<String>, List<String>) -> Result<List<Map<String, String>>, String>

Changeset.cast: (Map<String, String>, Map<String, String>, List<Atom>) -> Changeset
Changeset.cast_with_types: (Map<String, String>, Map<String, String>, List<Atom>, List<String>) -> Changeset
Changeset.validate_required: (Changeset, List<Atom>) -> Changeset
Changeset.validate_length: (Changeset, Atom, Int, Int) -> Changeset
Changeset.validate_format: (Changeset, Atom, String) -> Changeset
Changeset.validate_inclusion: (Changeset, Atom, List<String>) -> Changeset
Changeset.validate_number: (Changeset, Atom, Int, Int, Int, Int) -> Changeset
Changeset.valid: (Changeset) -> Bool
Changeset.errors: (Changeset) -> Map<String, String>
Changeset.changes: (Changeset) -> Map<String, String>
Changeset.get_change: (Changeset, Atom) -> String
Changeset.get_error: (Changeset, Atom) -> String

async Migration.create_table: (PoolHandle, String, List<String>) -> Result<Int, String>
async Migration.drop_table: (PoolHandle, String) -> Result<Int, String>
async Migration.add_column: (PoolHandle, String, String) -> Result<Int, String>
async Migration.drop_column: (PoolHandle, String, String) -> Result<Int, String>
async Migration.rename_column: (PoolHandle, String, String, String) -> Result<Int, String>
async Migration.create_index: (PoolHandle, String, List<String>, String) -> Result<Int, String>
async Migration.drop_index: (PoolHandle, String, List<String>) -> Result<Int, String>
async Migration.execute: (PoolHandle, String) -> Result<Int, String>

println: (String) -> ()
print: (String) -> ()
map: (List<a>, Fun(a) -> b) -> List<b>
filter: (List<a>, Fun(a) -> Bool) -> List<a>
reduce: (List<a>, b, Fun(b, a) -> b) -> b
head: (List<a>) -> a
tail: (List<a>) -> List<a>
compare: (a, a) -> Ordering
"""

# Global functions that are module functions under another name.
GLOBAL_ALIASES = {
    "map": ("List", "map"),
    "filter": ("List", "filter"),
    "reduce": ("List", "reduce"),
    "head": ("List", "head"),
    "tail": ("List", "tail"),
}

# `Json` is `JSON` under another name (13.10).
MODULE_ALIASES = {"Json": "JSON"}

# Legacy flat names (13.1): `string_length` is `String.length`, …
_FLAT_PREFIXES = {
    "string": "String", "io": "IO", "env": "Env", "file": "File", "list": "List", "map": "Map",
    "set": "Set", "tuple": "Tuple", "range": "Range", "queue": "Queue", "json": "JSON",
    "pool": "Pool", "pg": "Pg", "sqlite": "Sqlite", "http": "HTTP", "request": "Request",
    "ws": "Ws",
}

# Which module serves `value.method()` for a receiver of each type (6.8).
METHOD_MODULES = {
    "String": "String", "List": "List", "Map": "Map", "Set": "Set", "Range": "Range",
    "Queue": "Queue", "Iter": "Iter", "Int": "Int", "Float": "Float", "Json": "JSON",
    "PoolHandle": "Pool", "PgConn": "Pg", "SqliteConn": "Sqlite", "Request": "Request",
}

# Modules whose (non-async) functions have no effect: an unused `let` of
# their result is dead code (W0003).
PURE_MODULES = frozenset({"String", "List", "Map", "Set", "Range", "Queue", "Iter", "Int", "Float", "Math",
                          "Tuple", "JSON", "Json", "Orm", "Query", "Changeset"})

# Functions typed specially by the checker (they do not fit one signature).
TUPLE_FUNCTIONS = {"first", "second", "nth", "size"}

# Closure-taking functions whose runtime has an `_async` variant.
ASYNC_VARIANTS = {
    ("List", "map"), ("List", "filter"), ("List", "reduce"), ("List", "find"), ("List", "any"),
    ("List", "all"), ("List", "flat_map"), ("List", "sort"), ("Range", "map"), ("Range", "filter"),
}


def py_name(name: str) -> str:
    return name + "_" if keyword.iskeyword(name) else name


class Signature:
    """A stdlib function's runtime reference and type scheme. The scheme is
    parsed from its text on first use: a program uses a few dozen of the
    table's functions, and every `meshpy` run imports the table."""

    __slots__ = ("ref", "text", "_scheme", "_shared")

    def __init__(self, ref: StdlibRef, text: str):
        self.ref = ref
        self.text = text  # the type in the table's syntax: `(List<a>, Fun(a) -> b) -> List<b>`
        self._scheme = None
        self._shared = None  # ids of the parts of scheme.type that every use can share

    @property
    def scheme(self) -> Scheme:
        if self._scheme is None:
            vars_: dict = {}
            t = _TypeText(self.text, vars_).parse()
            self._scheme = Scheme(tuple(vars_.values()), t)
        return self._scheme

    def instance(self):
        """The type of one use: fresh type variables, and fresh effects for
        every function type (a closure passed to one `List.map` must not
        make every other `List.map` call async). Parts without a variable
        or a function type are shared between uses (types are never
        mutated; only variables are bound)."""
        if self._shared is None:
            self._shared = set()
            _shareable(self.scheme.type, self._shared)
        return _fresh(self.scheme.type, {}, self._shared)


def _shareable(t, out: set) -> bool:
    """Is `t` free of variables and function types? The ids of all such
    parts of `t` (`t` included) are added to `out`. (A signature's type
    lives as long as the table, so the ids stay its parts'.)"""
    if isinstance(t, TCon):
        parts = t.args
    elif isinstance(t, TTuple):
        parts = t.items
    elif isinstance(t, TFun):
        parts = t.params + (t.ret,)
    else:
        return False  # a type variable
    plain = all([_shareable(p, out) for p in parts])  # (a list: every part is visited)
    if plain and not isinstance(t, TFun):
        out.add(id(t))
        return True
    return False


def _fresh(t, fresh_vars: dict, shared: set):
    if id(t) in shared:
        return t
    cls = type(t)
    if cls is TVar:
        v = fresh_vars.get(t)
        if v is None:
            v = fresh_vars[t] = TVar(t.hint)
        return v
    if cls is TCon:
        return TCon(t.name, tuple([_fresh(a, fresh_vars, shared) for a in t.args]))
    if cls is TTuple:
        return TTuple(tuple([_fresh(a, fresh_vars, shared) for a in t.items]))
    return TFun(tuple([_fresh(p, fresh_vars, shared) for p in t.params]), _fresh(t.ret, fresh_vars, shared),
                Effect(origin="stdlib"))


def _parse_signatures() -> dict:
    table: dict = {}
    for line in _SIGNATURES.strip().splitlines():
        line = line.strip()
        if not line:
            continue
        is_async = line.startswith("async ")
        if is_async:
            line = line[len("async "):]
        qualified, sig = (s.strip() for s in line.split(":", 1))
        module, _, name = qualified.rpartition(".")
        runtime_name = py_name(name) if module else {"print": "print_"}.get(name, name)
        ref = StdlibRef(module, name, runtime_name, is_async, not _is_function_text(sig))
        table[(module, name)] = Signature(ref, sig)
    return table


def _is_function_text(sig: str) -> bool:
    """Is the signature text a function type (`(…) -> …`, `Fun(…) -> …`)
    rather than a constant's type (`Float`, `(Int, Int)`)? Decided without
    parsing it: after the first bracketed group comes `->`."""
    if not sig.startswith(("(", "Fun(")):
        return False
    depth = 0
    for i, ch in enumerate(sig):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return sig[i + 1:].lstrip().startswith("->")
    return False


class _TypeText:
    """A tiny parser for the signature strings above."""

    _TOKEN = re.compile(r"\s*(->|[A-Za-z_][A-Za-z0-9_]*|[(),<>])")

    def __init__(self, text: str, vars_: dict):
        self.tokens = self._TOKEN.findall(text)
        self.pos = 0
        self.vars = vars_

    def peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, expected=None):
        tok = self.peek()
        if expected is not None and tok != expected:
            raise ValueError(f"signature syntax: expected {expected!r}, got {tok!r} in {self.tokens}")
        self.pos += 1
        return tok

    def parse(self):
        if self.peek() == "(":
            items = self._list("(", ")")
            if self.peek() == "->":
                self.take("->")
                return TFun(items, self.parse(), Effect())
            return TTuple(tuple(items))
        name = self.take()
        if name == "Fun":
            params = self._list("(", ")")
            self.take("->")
            return TFun(params, self.parse(), Effect())
        if len(name) == 1 and name.islower():
            if name not in self.vars:
                self.vars[name] = TVar(name.upper())
            return self.vars[name]
        args = self._list("<", ">") if self.peek() == "<" else []
        return TCon(name, tuple(args))

    def _list(self, open_, close):
        self.take(open_)
        items = []
        while self.peek() != close:
            items.append(self.parse())
            if self.peek() == ",":
                self.take(",")
        self.take(close)
        return items


SIGNATURES = _parse_signatures()
STDLIB_MODULE_NAMES = frozenset(m for m, _ in SIGNATURES if m) | {"Tuple", "Json"}


def lookup(module: str, name: str) -> Optional[Signature]:
    module = MODULE_ALIASES.get(module, module)
    return SIGNATURES.get((module, name))


def lookup_global(name: str) -> Optional[Signature]:
    """A global function: `println`, `map`, or a legacy flat name such as
    `string_length`."""
    if name in GLOBAL_ALIASES:
        return SIGNATURES[GLOBAL_ALIASES[name]]
    sig = SIGNATURES.get(("", name))
    if sig is not None:
        return sig
    prefix, _, rest = name.partition("_")
    module = _FLAT_PREFIXES.get(prefix)
    if module and rest:
        return SIGNATURES.get((module, rest))
    return None


def module_functions(module: str) -> list[str]:
    module = MODULE_ALIASES.get(module, module)
    return sorted(n for m, n in SIGNATURES if m == module)
