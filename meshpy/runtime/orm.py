"""The Mesh `Orm` and `Query` modules (supplement, sections 4 and 5).

Both are pure: they build SQL text and never touch a database. `Repo`
(meshpy/runtime/repo.py) renders a `Query` with `render_select` and friends
and runs the result through the `Pool` helpers.

A `Query` is immutable: every builder returns a new `QueryValue`. Clauses
that carry placeholders are stored as tuples of text pieces; a placeholder
sits between two consecutive pieces and is numbered (`$n`) only when the
whole statement is rendered, because its number depends on every clause
before it.
"""

from __future__ import annotations

__all__ = ["Orm", "Query", "QueryValue", "quote", "render_select", "render_count", "render_exists",
           "render_where"]


def quote(name: str) -> str:
    """A PostgreSQL identifier: `my"col` -> `"my""col"`."""
    return '"' + name.replace('"', '""') + '"'


def _quoted_list(names) -> str:
    return ", ".join(quote(n) for n in names)


def _returning(names) -> str:
    if not names:
        return ""
    return " RETURNING " + ", ".join(n if n == "*" else quote(n) for n in names)


def _where_entry(entry: str, n: int):
    """One `Orm` where entry -> (SQL, placeholders used)."""
    col, space, op = entry.partition(" ")
    if not space:
        return f"{quote(entry)} = ${n}", 1
    op = op.strip()
    if op in ("IS NULL", "IS NOT NULL"):
        return f"{quote(col)} {op}", 0
    return f"{quote(col)} {op} ${n}", 1


def _where_clause(wheres, first: int) -> str:
    parts = []
    n = first
    for entry in wheres:
        sql, used = _where_entry(entry, n)
        parts.append(sql)
        n += used
    return " WHERE " + " AND ".join(parts) if parts else ""


def _order_entry(entry: str) -> str:
    col, space, direction = entry.rpartition(" ")
    if not space:
        return f"{quote(entry)} ASC"
    return f"{quote(col)} {direction.upper()}"


def build_select(table, columns, wheres, orders, limit, offset):
    sql = f"SELECT {_quoted_list(columns) if columns else '*'} FROM {quote(table)}"
    sql += _where_clause(wheres, 1)
    if orders:
        sql += " ORDER BY " + ", ".join(_order_entry(o) for o in orders)
    if limit >= 0:
        sql += f" LIMIT {limit}"
    if offset >= 0:
        sql += f" OFFSET {offset}"
    return sql


def build_insert(table, columns, returning):
    values = ", ".join(f"${i}" for i in range(1, len(columns) + 1))
    return f"INSERT INTO {quote(table)} ({_quoted_list(columns)}) VALUES ({values}){_returning(returning)}"


def build_update(table, set_columns, wheres, returning):
    sets = ", ".join(f"{quote(c)} = ${i}" for i, c in enumerate(set_columns, 1))
    where = _where_clause(wheres, len(set_columns) + 1)
    return f"UPDATE {quote(table)} SET {sets}{where}{_returning(returning)}"


def build_delete(table, wheres, returning):
    return f"DELETE FROM {quote(table)}{_where_clause(wheres, 1)}{_returning(returning)}"


class _OrmModule:
    """Mesh `Orm`."""

    __slots__ = ()
    build_select = staticmethod(build_select)
    build_insert = staticmethod(build_insert)
    build_update = staticmethod(build_update)
    build_delete = staticmethod(build_delete)


Orm = _OrmModule()


# --------------------------------------------------------------------------
# Query


class QueryValue:
    """A Mesh `Query`. Never mutated: builders copy it with `_with`."""

    __slots__ = ("source", "select", "wheres", "where_params", "orders", "limit", "offset", "joins",
                 "groups", "havings", "having_params", "fragments", "fragment_params")

    def __init__(self, source):
        self.source = source
        self.select = ()          # rendered select items (quoted names or raw text)
        self.wheres = ()          # clauses, each a tuple of text pieces
        self.where_params = ()
        self.orders = ()          # rendered `"f" ASC`
        self.limit = -1
        self.offset = -1
        self.joins = ()           # rendered ` INNER JOIN "t" ON …`
        self.groups = ()          # quoted names
        self.havings = ()         # clause texts, each followed by one placeholder
        self.having_params = ()
        self.fragments = ()       # tuples of text pieces
        self.fragment_params = ()

    def _with(self, **changes):
        new = object.__new__(QueryValue)
        for name in QueryValue.__slots__:
            setattr(new, name, changes.get(name, getattr(self, name)))
        return new

    def _display(self):
        return f"#Query<{quote(self.source)}>"

    def __repr__(self):
        return self._display()

    def __eq__(self, other):
        return isinstance(other, QueryValue) and all(
            getattr(self, n) == getattr(other, n) for n in QueryValue.__slots__)

    __hash__ = None


_WHERE_OPS = {"eq": "=", "neq": "!=", "lt": "<", "gt": ">", "lte": "<=", "gte": ">=", "like": "LIKE"}
_JOIN_KINDS = {"inner": "INNER", "left": "LEFT", "right": "RIGHT"}


def _add_where(q, pieces, params):
    return q._with(wheres=q.wheres + (tuple(pieces),), where_params=q.where_params + tuple(params))


def q_from(table):
    return QueryValue(table)


def q_where(q, field, value):
    return _add_where(q, (quote(field) + " = ", ""), (value,))


def q_where_op(q, field, op, value):
    return _add_where(q, (f"{quote(field)} {_WHERE_OPS.get(op, '=')} ", ""), (value,))


def q_where_in(q, field, values):
    values = list(values)
    pieces = (quote(field) + " IN (",) + (", ",) * max(len(values) - 1, 0) + (")",)
    if not values:
        pieces = (quote(field) + " IN ()",)
    return _add_where(q, pieces, values)


def q_where_null(q, field):
    return _add_where(q, (quote(field) + " IS NULL",), ())


def q_where_not_null(q, field):
    return _add_where(q, (quote(field) + " IS NOT NULL",), ())


def q_where_raw(q, sql, params):
    return _add_where(q, sql.split("?"), params)


def q_select(q, fields):
    return q._with(select=tuple(quote(f) for f in fields))


def q_select_raw(q, exprs):
    return q._with(select=q.select + tuple(exprs))


def q_order_by(q, field, direction):
    return q._with(orders=q.orders + (f"{quote(field)} {'DESC' if direction == 'desc' else 'ASC'}",))


def q_limit(q, n):
    return q._with(limit=n)


def q_offset(q, n):
    return q._with(offset=n)


def q_join(q, kind, table, on):
    return q._with(joins=q.joins + (f" {_JOIN_KINDS.get(kind, 'INNER')} JOIN {quote(table)} ON {on}",))


def q_group_by(q, field):
    return q._with(groups=q.groups + (quote(field),))


def q_having(q, clause, value):
    return q._with(havings=q.havings + (clause,), having_params=q.having_params + (value,))


def q_fragment(q, sql, params):
    return q._with(fragments=q.fragments + (tuple(sql.split("?")),),
                   fragment_params=q.fragment_params + tuple(params))


class _QueryModule:
    """Mesh `Query`."""

    __slots__ = ()
    from_ = staticmethod(q_from)
    where = staticmethod(q_where)
    where_op = staticmethod(q_where_op)
    where_in = staticmethod(q_where_in)
    where_null = staticmethod(q_where_null)
    where_not_null = staticmethod(q_where_not_null)
    where_raw = staticmethod(q_where_raw)
    select = staticmethod(q_select)
    select_raw = staticmethod(q_select_raw)
    order_by = staticmethod(q_order_by)
    limit = staticmethod(q_limit)
    offset = staticmethod(q_offset)
    join = staticmethod(q_join)
    group_by = staticmethod(q_group_by)
    having = staticmethod(q_having)
    fragment = staticmethod(q_fragment)


Query = _QueryModule()


# --------------------------------------------------------------------------
# Rendering (used by Repo)


class _Numberer:
    """Hands out `$1`, `$2`, … in text order."""

    __slots__ = ("n",)

    def __init__(self, first=1):
        self.n = first

    def join(self, pieces):
        out = [pieces[0]]
        for piece in pieces[1:]:
            out.append(f"${self.n}")
            out.append(piece)
            self.n += 1
        return "".join(out)


def render_where(q, numberer):
    """` WHERE c1 AND c2` (or "") with placeholders from `numberer`."""
    if not q.wheres:
        return ""
    return " WHERE " + " AND ".join(numberer.join(w) for w in q.wheres)


def _tail(q, numberer):
    """Joins, WHERE, GROUP BY, HAVING and fragments: shared by all three forms."""
    sql = "".join(q.joins) + render_where(q, numberer)
    if q.groups:
        sql += " GROUP BY " + ", ".join(q.groups)
    if q.havings:
        sql += " HAVING " + " AND ".join(numberer.join((h + " ", "")) for h in q.havings)
    for frag in q.fragments:
        sql += " " + numberer.join(frag)
    return sql


def _all_params(q):
    return list(q.where_params + q.having_params + q.fragment_params)


def render_select(q, limit=None):
    """(sql, params) of `Repo.all` (`limit=1` for `Repo.one`)."""
    select = ", ".join(q.select) if q.select else "*"
    sql = f"SELECT {select} FROM {quote(q.source)}" + _tail(q, _Numberer())
    if q.orders:
        sql += " ORDER BY " + ", ".join(q.orders)
    limit = q.limit if limit is None else limit
    if limit >= 0:
        sql += f" LIMIT {limit}"
    if q.offset >= 0:
        sql += f" OFFSET {q.offset}"
    return sql, _all_params(q)


def render_count(q):
    return f"SELECT COUNT(*) FROM {quote(q.source)}" + _tail(q, _Numberer()), _all_params(q)


def render_exists(q):
    sql = f"SELECT EXISTS(SELECT 1 FROM {quote(q.source)}" + "".join(q.joins)
    sql += render_where(q, _Numberer()) + " LIMIT 1)"
    return sql, list(q.where_params)
