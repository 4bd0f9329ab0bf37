"""Lark parse results -> meshpy.ast, in one Transformer (the item rules are
in items.py).

The Transformer runs inline with the LALR parser (no intermediate tree).
Node spans come from the named terminals the grammar keeps (IF, END, RPAR …)
and from the children's spans; positions are shifted when the text being
parsed is the inside of a `${…}` interpolation.

Errors found here (a keyword used as a name, a malformed literal, a lowercase
constructor pattern …) are collected in `errors`; the node is still built so
that parsing goes on.
"""

from __future__ import annotations

from .. import ast as A
from .items import ItemRules
from .lexer import KEYWORDS  # noqa: F401 (re-exported)
from .token import Token

_BINOPS = {"||": "or", "&&": "and", "!": "not"}

# Binding power of the binary operators, loosest first (language reference
# 6.6); all are left-associative. Prefix operators and postfix forms bind
# tighter than all of these and are handled by the grammar.
PRECEDENCE = {
    "|>": 1,
    "or": 2, "||": 2,
    "and": 3, "&&": 3,
    "==": 4, "!=": 4,
    "<": 5, ">": 5, "<=": 5, ">=": 5,
    "..": 6,
    "<>": 7, "++": 7,
    "+": 8, "-": 8,
    "*": 9, "/": 9, "%": 9,
}


class _Inlined:
    __slots__ = ("children",)

    def __init__(self, children):
        self.children = children


class Stmts(list):
    """The statements of a block, before the parent knows the block's span."""


class ToAst(ItemRules):
    def __init__(self, parser):
        self.parser = parser  # meshpy.syntax.parser.Parser, for interpolations
        self.file = "<input>"
        self.strings = {}
        self.errors: list[tuple[A.Span, str]] = []
        self.line_base = 0  # added to every line
        self.col_base = 0  # added to columns on the first line only

    # ------------------------------------------------------------ spans

    def tspan(self, tok: Token) -> A.Span:
        if self.line_base or self.col_base:
            line, col = self._shift(tok.line, tok.column)
            end_line, end_col = self._shift(tok.end_line, tok.end_column)
            return A.Span(self.file, line, col, end_line, end_col)
        return A.Span(self.file, tok.line, tok.column, tok.end_line, tok.end_column)

    def span(self, first, last=None) -> A.Span:
        """From the start of `first` to the end of `last` (tokens or nodes).
        Called for nearly every node: it reads positions directly rather
        than building a Span for each end."""
        if last is None or last is first:
            return first.span if isinstance(first, A.Node) else self.tspan(first)
        if isinstance(first, A.Node):
            s = first.span
            line, col = s.line, s.col
        elif self.line_base or self.col_base:
            line, col = self._shift(first.line, first.column)
        else:
            line, col = first.line, first.column
        if isinstance(last, A.Node):
            s = last.span
            end_line, end_col = s.end_line, s.end_col
        elif self.line_base or self.col_base:
            end_line, end_col = self._shift(last.end_line, last.end_column)
        else:
            end_line, end_col = last.end_line, last.end_column
        return A.Span(self.file, line, col, end_line, end_col)

    def _shift(self, line: int, col: int) -> tuple[int, int]:
        """A position in the text of a `${…}` moved to its place in the file."""
        if line == 1:
            col += self.col_base
        return line + self.line_base, col

    def error(self, where, message: str) -> None:
        span = where if isinstance(where, A.Span) else self.span(where)
        self.errors.append((span, message))

    def ident(self, tok: Token) -> str:
        name = str(tok)
        if name in KEYWORDS:
            self.error(tok, f"`{name}` is a keyword and cannot be used as a name")
        return name

    def ident_node(self, tok: Token) -> A.Ident:
        return A.Ident(self.tspan(tok), self.ident(tok))

    def make_block(self, stmts, fallback) -> A.Block:
        """A Block from a callback's statements; `fallback` spans an empty one."""
        stmts = tuple(stmts or ())
        span = self.span(stmts[0], stmts[-1]) if stmts else self.span(fallback)
        return A.Block(span, stmts)

    def expr_block(self, expr) -> A.Block:
        return A.Block(expr.span, (A.ExprStmt(expr.span, expr),))

    def __default__(self, data, children, meta):
        """Lark calls this for the rules without a method: those it inlines
        into their parent (`_x` and its own `__x_star_n` helpers), whose
        parent only reads `.children`, so a light holder does instead of a
        Tree. (The other rules without a method are `?rule`s, whose every
        alternative of more than one child has an alias.)"""
        return _Inlined(children)

    # ------------------------------------------------------------ blocks and statements

    def block(self, c):
        stmts = Stmts()
        for s in c:
            if s is None:
                continue
            if isinstance(s, (A.Let, A.FnDef)):
                stmts.append(s)
            else:
                stmts.append(A.ExprStmt(s.span, s))
        return stmts

    def let_stmt(self, c):
        kw, pattern, type_, value = c
        return A.Let(self.span(kw, value), pattern, type_, value)

    # ------------------------------------------------------------ operators

    def expr(self, c):
        """`-a * b + c …`, a flat chain (see grammar.lark): apply prefix
        operators to their operands, then group the binary operators by
        precedence, all left-associative (shunting-yard)."""
        operands: list = []
        operators: list[Token] = []
        prefixes: list[Token] = []
        for x in c:
            if not isinstance(x, Token):  # an operand
                for op in reversed(prefixes):
                    x = A.Unary(self.span(op, x), _BINOPS.get(op.value, op.value), x)
                prefixes = []
                operands.append(x)
            elif len(operands) == len(operators):  # an operand is due: a prefix
                prefixes.append(x)
            else:
                power = PRECEDENCE[x.value]
                while operators and PRECEDENCE[operators[-1].value] >= power:
                    self._apply(operands, operators.pop())
                operators.append(x)
        while operators:
            self._apply(operands, operators.pop())
        return operands[0]

    def _apply(self, operands: list, op: Token) -> None:
        right = operands.pop()
        left = operands.pop()
        span = self.span(left, right)
        text = op.value
        if text == "|>":
            operands.append(A.Pipe(span, left, right))
        else:
            operands.append(A.Binary(span, _BINOPS.get(text, text), left, right, self.tspan(op)))

    def call(self, c):
        func, _lpar, args, rpar = c
        args = tuple(args or ())
        span = self.span(func, rpar)
        if isinstance(func, A.SelfRef):
            if args:
                self.error(span, "`self()` takes no arguments")
            return A.SelfPid(span)
        if isinstance(func, A.Name) and func.name.startswith("%"):
            return self.call_special(func.name[1:], span, args)
        return A.Call(span, func, args)

    def call_special(self, keyword, span, args):
        """`spawn(f, a…)`, `send(pid, msg)`, `link(pid)`."""
        if keyword == "spawn":
            if not args:
                self.error(span, "`spawn` needs the actor (or supervisor) to start: `spawn(worker, args…)`")
                return A.Spawn(span, A.TupleLit(span, ()), ())
            return A.Spawn(span, args[0], args[1:])
        want = 2 if keyword == "send" else 1
        if len(args) != want:
            self.error(span, f"`{keyword}` expects {want} argument(s), found {len(args)}")
            args = (args + (A.TupleLit(span, ()),) * want)[:want]
        if keyword == "send":
            return A.Send(span, args[0], args[1])
        return A.Link(span, args[0])

    def args(self, c):
        return list(c)

    def call_args(self, c):
        """Positional arguments, then the keyword arguments gathered into one
        trailing map literal (supplement 1.2)."""
        if not any(isinstance(x, A.MapEntry) for x in c):
            return list(c)
        positional = []
        entries = []
        for x in c:
            if isinstance(x, A.MapEntry):
                entries.append(x)
            elif entries:
                self.error(x.span, "a positional argument cannot follow keyword arguments: once an argument "
                           "is written `name: value`, all the later ones must be too")
            else:
                positional.append(x)
        span = entries[0].span.to(entries[-1].span)
        return positional + [A.MapLit(span, tuple(entries), keywords=True)]

    def kwarg(self, c):
        name, value = c
        key = A.StringLit(self.tspan(name), (str(name),))
        return A.MapEntry(self.span(name, value), key, value)

    def field(self, c):
        obj, name_tok = c
        if name_tok.type == "NAME":
            self.ident(name_tok)
        return A.FieldAccess(self.span(obj, name_tok), obj, str(name_tok), self.tspan(name_tok))

    def try_expr(self, c):
        expr, q = c
        return A.Try(self.span(expr, q), expr)

    def struct_lit(self, c):
        head, _lb, inits, rb = c
        path = self._type_path(head)
        if path is None:
            self.error(head.span, "a struct literal needs a type name before `{`")
            path = ("?",)
        return A.StructLit(self.span(head, rb), path, tuple(inits or ()))

    def _type_path(self, e):
        if isinstance(e, A.Name):
            return (e.name,)
        if isinstance(e, A.FieldAccess):
            inner = self._type_path(e.obj)
            return inner + (e.name,) if inner is not None else None
        return None

    def field_inits(self, c):
        return list(c)

    def field_init(self, c):
        name, value = c
        return A.FieldInit(self.span(name, value), self.ident(name), value)

    # ------------------------------------------------------------ atoms

    def int_lit(self, c):
        tok = c[0]
        return A.IntLit(self.tspan(tok), self.int_value(tok))

    def int_value(self, tok) -> int:
        text = str(tok).replace("_", "")
        base = {"0x": 16, "0X": 16, "0b": 2, "0B": 2, "0o": 8, "0O": 8}.get(text[:2], 10)
        try:
            value = int(text[2:] if base != 10 else text, base)
        except ValueError:
            self.error(tok, f"malformed number `{tok}`")
            return 0
        if value > 2**63:
            self.error(tok, f"integer literal `{tok}` does not fit in a 64-bit Int")
            return 0
        return value

    def float_lit(self, c):
        tok = c[0]
        return A.FloatLit(self.tspan(tok), float(str(tok).replace("_", "")))

    def string_lit(self, c):
        tok = c[0]
        return self.string_node(tok)

    def string_node(self, tok) -> A.StringLit:
        scanned = self.strings.get(tok.start_pos)
        span = self.tspan(tok)
        if scanned is None:  # cannot happen: every STRING comes from the scanner
            return A.StringLit(span, (str(tok)[1:-1],))
        parts = []
        for p in scanned.parts:
            if isinstance(p, str):
                parts.append(p)
            else:
                parts.append(self.parser.parse_interpolation(self, p))
        return A.StringLit(span, tuple(parts), scanned.triple)

    def atom_lit(self, c):
        tok = c[0]
        return A.AtomLit(self.tspan(tok), str(tok)[1:])

    def true_lit(self, c):
        return A.BoolLit(self.tspan(c[0]), True)

    def false_lit(self, c):
        return A.BoolLit(self.tspan(c[0]), False)

    def nil_lit(self, c):
        return A.NilLit(self.tspan(c[0]))

    def name(self, c):
        tok = c[0]
        if str(tok) == "_":
            self.error(tok, "`_` can only be used in patterns, not as a value")
        return A.Name(self.tspan(tok), self.ident(tok))

    def self_ref(self, c):
        return A.SelfRef(self.tspan(c[0]))

    def kw_ref(self, c):
        # `spawn`, `send`, `link`: only meaningful when called; see `call_special`.
        return A.Name(self.tspan(c[0]), "%" + str(c[0]))

    def unit_lit(self, c):
        return A.TupleLit(self.span(c[0], c[1]), ())

    def paren(self, c):
        return c[1]

    def tuple_lit(self, c):
        lpar, first, rest, rpar = c
        return A.TupleLit(self.span(lpar, rpar), (first, *(rest or ())))

    def list_lit(self, c):
        lb, items, rb = c
        return A.ListLit(self.span(lb, rb), tuple(items or ()))

    def map_lit(self, c):
        lb, entries, rb = c
        return A.MapLit(self.span(lb, rb), tuple(entries or ()))

    def map_entries(self, c):
        return list(c)

    def map_entry(self, c):
        key, value = c
        return A.MapEntry(self.span(key, value), key, value)

    def struct_update(self, c):
        lb, base, inits, rb = c
        return A.StructUpdate(self.span(lb, rb), base, tuple(inits))

    def break_expr(self, c):
        return A.Break(self.tspan(c[0]))

    def continue_expr(self, c):
        return A.Continue(self.tspan(c[0]))

    def return_expr(self, c):
        kw, value = c
        return A.Return(self.span(kw, value if value is not None else kw), value)

    # ------------------------------------------------------------ control flow

    def if_expr(self, c):
        kw, cond, stmts, tail = c
        else_block, end = tail
        return A.If(self.span(kw, end), cond, self.make_block(stmts, kw), else_block)

    def if_end(self, c):
        return None, c[0]

    def if_else(self, c):
        stmts, end = c
        return self.make_block(stmts, end), end

    def if_elif(self, c):
        kw, cond, stmts, tail = c
        else_block, end = tail
        inner = A.If(self.span(kw, end), cond, self.make_block(stmts, kw), else_block)
        return A.Block(inner.span, (A.ExprStmt(inner.span, inner),)), end

    def case_expr(self, c):
        kw, scrutinee, arms, end = c
        return A.Case(self.span(kw, end), scrutinee, tuple(arms))

    def arms(self, c):
        return list(c)

    def arm(self, c):
        pattern, guard, body = c
        return A.Arm(self.span(pattern, body), pattern, guard, body)

    def receive_expr(self, c):
        kw, arms, after, end = c
        return A.Receive(self.span(kw, end), tuple(arms or ()), after)

    def after_clause(self, c):
        kw, timeout, body = c
        return A.AfterClause(self.span(kw, body), timeout, body)

    def while_expr(self, c):
        kw, cond, stmts, end = c
        return A.While(self.span(kw, end), cond, self.make_block(stmts, end))

    def for_expr(self, c):
        kw, binder, iterable, filter_, stmts, end = c
        return A.For(self.span(kw, end), binder, iterable, filter_, self.make_block(stmts, end))

    def map_binder(self, c):
        lb, key, value, rb = c
        return A.PMapEntry(self.span(lb, rb), key, value)

    # ------------------------------------------------------------ closures

    def closure(self, c):
        fn_tok, *clauses, end = c
        return A.Closure(self.span(fn_tok, end), tuple(clauses))

    def closure_do(self, c):
        fn_tok, head, stmts, end = c
        params = head[0] if head is not None else ()
        clause = A.ClosureClause(self.span(fn_tok, end), tuple(params), None, self.make_block(stmts, end))
        return A.Closure(self.span(fn_tok, end), (clause,))

    def closure_clause(self, c):
        head, guard, body = c
        params = head[0] if head is not None else ()
        first = head[1] if head is not None else body
        return A.ClosureClause(self.span(first, body), tuple(params), guard, self.expr_block(body))

    def paren_params(self, c):
        lpar, params, rpar = c
        return tuple(params or ()), lpar

    def bare_params(self, c):
        return tuple(c), c[0]

    def bare_param(self, c):
        pattern, type_ = c
        return A.Param(self.span(pattern, type_ if type_ is not None else pattern), pattern, type_)

    # ------------------------------------------------------------ patterns

    def pat_name(self, c):
        tok = c[0]
        if str(tok) == "_":
            return A.PWildcard(self.tspan(tok))
        return A.PVar(self.tspan(tok), self.ident(tok))

    def pat_paren(self, c):
        lpar, *items, rpar = c
        items = [x for x in items if x is not None]
        # `(p)` is grouping; `(p,)` cannot be written, so one item means grouping
        if len(items) == 1:
            return items[0]
        return A.PTuple(self.span(lpar, rpar), tuple(items))

    def pat_ctor(self, c):
        name, lpar, *args, rpar = c
        ident = self.ident(name)
        if not ident[:1].isupper():
            self.error(name, f"`{ident}(…)` in a pattern: only constructors (capitalised names) take arguments")
        return A.PConstructor(self.span(name, rpar), (), ident, tuple(a for a in args if a is not None), True)

    def pat_qualified(self, c):
        qual, name, *rest = c
        args = tuple(a for a in rest if isinstance(a, A.Node))
        has_parens = any(isinstance(t, Token) and t.type == "LPAR" for t in rest)
        last = rest[-1] if rest and rest[-1] is not None else name
        return A.PConstructor(self.span(qual, last), (self.ident(qual),), self.ident(name), args, has_parens)

    def pat_as(self, c):
        pattern, _as, name = c
        return A.PAs(self.span(pattern, name), pattern, self.ident(name))

    def pat_cons(self, c):
        head, tail = c
        return A.PCons(self.span(head, tail), head, tail)

    def pat_or(self, c):
        left, right = c
        alts = left.alternatives if isinstance(left, A.POr) else (left,)
        return A.POr(self.span(left, right), alts + (right,))

    def pat_int(self, c):
        return A.PLiteral(self.tspan(c[0]), self.int_value(c[0]))

    def pat_float(self, c):
        return A.PLiteral(self.tspan(c[0]), float(str(c[0]).replace("_", "")))

    def pat_neg_int(self, c):
        minus, tok = c
        return A.PLiteral(self.span(minus, tok), -self.int_value(tok))

    def pat_neg_float(self, c):
        minus, tok = c
        return A.PLiteral(self.span(minus, tok), -float(str(tok).replace("_", "")))

    def pat_string(self, c):
        node = self.string_node(c[0])
        if not node.is_plain:
            self.error(node.span, "a string pattern cannot contain `${…}` interpolation")
        return A.PLiteral(node.span, node.text)

    def pat_true(self, c):
        return A.PLiteral(self.tspan(c[0]), True)

    def pat_false(self, c):
        return A.PLiteral(self.tspan(c[0]), False)

    def pat_nil(self, c):
        return A.PLiteral(self.tspan(c[0]), None)
