"""Parse Mesh source text into a meshpy.ast.Module, with diagnostics.

    scan (strings, comments) -> Lark LALR + contextual lexer + PostLexer
                             -> ToAst (inline transformer) -> ast.Module

One Lark parser is built per process and cached on disk by Lark (`cache=True`),
so building it costs milliseconds after the first run.

On a syntax error the parser reports it, then resynchronises at the next
top-level item (a line starting in column 1 with `fn`, `struct`, `pub` …)
after the broken one, and parses on from there, so one run can report several
independent syntax errors.
"""

from __future__ import annotations

import bisect
import os
import re
from typing import Optional

from lark import Lark, Token
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from .. import ast as A
from ..diagnostics import Diagnostic, Note, error
from .postlex import PostLexer
from .scan import ScanResult, scan
from .transform import ToAst

GRAMMAR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "grammar.lark")
PARSE_ERROR = "P0001"
MAX_SYNTAX_ERRORS = 20

# A top-level item starts a line in column 1 with one of these words.
_ITEM_START = re.compile(
    r"^(?:pub[ \t]+)?(?:fn|def|struct|type|interface|impl|service|actor|supervisor|import|from|module)\b",
    re.M,
)

# How terminals are named in messages.
_TERMINAL_WORDS = {
    "NAME": "a name",
    "INT": "an integer",
    "FLOAT": "a float",
    "STRING": "a string",
    "_NL": "a new line",
    "$END": "the end of the file",
    "FN_DEF": "`fn`",
    "ELSE_IF": "`else if`",
    "<expression>": "an expression",
    "<operator>": "an operator",
}


# Terminals the lexer accepts everywhere (postlex.always_accept): not worth
# listing as "expected".
_NOISE_TERMINALS = {"_SEMICOLON", "DEF", "FN", "_ARROW", "_FATARROW", "PIPEGT"}
_EXPRESSION_START = {
    "INT", "FLOAT", "STRING", "TRUE", "FALSE", "NIL", "NAME", "SELF", "SPAWN", "SEND", "LINK",
    "LPAR", "LSQB", "MAP_OPEN", "BREAK", "CONTINUE", "RETURN", "IF", "CASE", "MATCH",
    "RECEIVE", "WHILE", "FOR", "MINUS", "NOT", "BANG",
}
_OPERATORS = {
    "OR", "OROR", "AND", "ANDAND", "EQEQ", "NEQ", "LT", "GT", "LE", "GE", "DOTDOT", "CONCAT",
    "PLUSPLUS", "PLUS", "STAR", "SLASH", "PERCENT", "QMARK", "DOT", "LBRACE",
}


class _Context:
    """What the transformer needs to know about the text being parsed."""

    __slots__ = ("strings", "line_starts", "line_base", "col_base")

    def __init__(self, scanned: ScanResult, line_base: int, col_base: int):
        self.strings = scanned.strings
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", scanned.text)]
        self.line_base = line_base
        self.col_base = col_base


class _SyntaxFailure(Exception):
    """A syntax error turned into a diagnostic, with what recovery needs."""

    def __init__(self, diagnostic: Diagnostic, offset: int, stack):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic
        self.offset = offset
        self.stack = stack


class Parser:
    def __init__(self):
        self.postlex = PostLexer()
        self.to_ast = ToAst(self)
        with open(GRAMMAR, encoding="utf-8") as f:
            grammar = f.read()
        self.lark = Lark(
            grammar,
            parser="lalr",
            lexer="contextual",
            postlex=self.postlex,
            transformer=self.to_ast,
            start=["start", "expr"],
            maybe_placeholders=True,
            cache=True,
        )
        self._terminal_words = dict(_TERMINAL_WORDS)
        for term in self.lark.terminals:
            if term.name not in self._terminal_words and term.pattern.type == "str":
                self._terminal_words[term.name] = f"`{term.pattern.value}`"
        self._context: Optional[_Context] = None

    # ------------------------------------------------------------ modules

    def parse_module(self, path: str, text: str, module_name: str = "Main") -> tuple[Optional[A.Module], list[Diagnostic]]:
        """Parse one file. Returns the module (None if it has syntax errors)
        and the diagnostics."""
        scanned = scan(text)
        diags = [self._scan_error(path, scanned.text, e) for e in scanned.errors]
        items, errors = self._parse_items(path, scanned)
        diags.extend(errors)
        if diags:
            return None, diags
        span = A.Span(path, 1, 1, max(1, scanned.text.count("\n") + 1), 1)
        return A.Module(span, module_name, path, tuple(items)), []

    def _parse_items(self, path: str, scanned: ScanResult):
        """Parse the whole text; after a syntax error, resume at the next item."""
        text = scanned.text
        items: list = []
        diags: list[Diagnostic] = []
        if scanned.errors:
            return items, diags  # an unterminated string or comment swallows the rest
        start = 0
        while start is not None and len(diags) < MAX_SYNTAX_ERRORS:
            piece = text if start == 0 else _blank_before(text, start)
            try:
                result, errors = self._run(path, piece, scanned, "start", 0, 0)
            except _SyntaxFailure as failure:
                diag, start = self._recover(path, text, failure, start)
                diags.append(diag)
                continue
            items.extend(result)
            diags.extend(error(PARSE_ERROR, f"parse error: {msg}", span) for span, msg in errors)
            break
        return items, diags

    def _run(self, path, text, scanned, start_rule, line_base, col_base):
        t = self.to_ast
        saved = (t.file, t.strings, t.errors, t.line_base, t.col_base, self._context)
        saved_stack = self.postlex.stack
        t.file, t.strings, t.errors = path, scanned.strings, []
        t.line_base, t.col_base = line_base, col_base
        self._context = _Context(scanned, line_base, col_base)
        try:
            result = self.lark.parse(text, start=start_rule)
            return result, t.errors
        except UnexpectedInput as exc:
            in_interp = start_rule == "expr"
            diag = self._syntax_error(path, exc, text, line_base, col_base, in_interp)
            raise _SyntaxFailure(diag, _offset_of(exc, text), list(self.postlex.stack)) from None
        finally:
            errors_of_nested_parse = t.errors
            t.file, t.strings, t.errors, t.line_base, t.col_base, self._context = saved
            if start_rule == "expr":
                t.errors.extend(errors_of_nested_parse)
                self.postlex.stack = saved_stack

    def _recover(self, path, text, failure, previous_start):
        """The diagnostic to report for a failure, and where parsing resumes:
        at the first item start after the broken item. When a new item starts
        (in column 1) inside a block that is still open, the block most likely
        lacks its `end`: say so, and resume at that item."""
        open_blocks = [e for e in failure.stack if e.kind in ("do", "fn", "fnarrow")]
        if open_blocks:
            outer = open_blocks[0]
            for m in _ITEM_START.finditer(text, outer.offset + 1, failure.offset):
                line = text.count("\n", 0, m.start()) + 1
                word = m.group().split()[-1]
                span = A.Span(path, line, 1, line, 1 + len(m.group()))
                msg = (f"parse error: `{word}` starts a new item, but the `{outer.opener}` block opened at "
                       f"{outer.line}:{outer.col} has not been closed")
                return error(PARSE_ERROR, msg, span, help="add the missing `end` before this line"), m.start()
        anchor = failure.stack[0].offset if failure.stack else failure.offset
        for m in _ITEM_START.finditer(text, max(anchor, previous_start) + 1):
            return failure.diagnostic, m.start()
        return failure.diagnostic, None

    # ------------------------------------------------------------ interpolation

    def parse_interpolation(self, t: ToAst, interp) -> A.Node:
        """Parse the expression inside `${…}` (called by the transformer)."""
        ctx = self._context
        line = bisect.bisect_right(ctx.line_starts, interp.offset)
        col = interp.offset - ctx.line_starts[line - 1] + 1
        if line == 1:
            col += ctx.col_base
        line += ctx.line_base
        scanned = scan(interp.source)
        for start, end, message in scanned.errors:
            t.errors.append((A.Span(t.file, line, col, line, col + 1), message))
        if not interp.source.strip():
            span = A.Span(t.file, line, col - 2, line, col + 1)
            t.errors.append((span, "empty interpolation `${}`: put an expression between the braces"))
            return A.StringLit(span, ("",))
        self.postlex.inside_interpolation = True
        try:
            expr, _ = self._run(t.file, scanned.text, scanned, "expr", line - 1, col - 1)
            return expr
        except _SyntaxFailure as failure:
            d = failure.diagnostic
            t.errors.append((d.span, d.message.removeprefix("parse error: ")))
            return A.StringLit(A.Span(t.file, line, col, line, col), (interp.source,))
        finally:
            self.postlex.inside_interpolation = False

    # ------------------------------------------------------------ messages

    def _describe(self, tok: Token) -> str:
        if tok.type == "$END":
            return "end of file"
        if tok.type == "_NL":
            return "end of line"
        if tok.type == "STRING":
            return "a string"
        return f"`{tok.value}`"

    def _expected(self, names) -> str:
        names = set(names) - _NOISE_TERMINALS
        if len(names & _EXPRESSION_START) >= 4:
            names = (names - _EXPRESSION_START) | {"<expression>"}
        if len(names & _OPERATORS) >= 4:
            names = (names - _OPERATORS) | {"<operator>"}
        words = sorted({self._terminal_words.get(n, n) for n in names if not n.startswith("__")})
        if "a name" in words:  # keep the list short: names first
            words.remove("a name")
            words.insert(0, "a name")
        if len(words) > 8:
            words = words[:8] + ["…"]
        return ", ".join(words)

    def _syntax_error(self, path, exc: UnexpectedInput, text, line_base=0, col_base=0, in_interpolation=False) -> Diagnostic:
        line, col = exc.line, exc.column
        if line < 1:  # at end of input Lark may not know a position
            line = text.count("\n") + 1
            col = len(text) - (text.rfind("\n") + 1) + 1
        if line == 1:
            col += col_base
        line += line_base
        span = A.Span(path, line, col, line, col + 1)
        where = " in this interpolation" if in_interpolation else ""
        if isinstance(exc, UnexpectedCharacters):
            ch = text[exc.pos_in_stream] if 0 <= exc.pos_in_stream < len(text) else "?"
            hint = " (a single `&` is not an operator; use `&&` or `and`)" if ch == "&" else ""
            return error(PARSE_ERROR, f"parse error: unexpected character `{ch}`{where}{hint}", span)
        assert isinstance(exc, UnexpectedToken)
        tok = exc.token
        if tok.type != "$END":
            span = A.Span(path, line, col, line, col + max(1, len(str(tok.value).split("\n")[0])))
        expected = set(exc.expected)
        open_block = self.postlex.innermost_block()
        innermost = self.postlex.innermost()
        if tok.type == "$END" and in_interpolation:
            msg = "parse error: unexpected end of the `${…}` interpolation"
            if expected:
                msg += f", expected {self._expected(expected)}"
            return error(PARSE_ERROR, msg, span)
        if tok.type == "$END" and innermost is not None:
            closer = "end" if innermost.kind in ("do", "fn", "fnarrow") else {"(": ")", "[": "]", "{": "}"}.get(innermost.kind, "end")
            what = f"`{innermost.opener}` block" if closer == "end" else f"`{innermost.opener}`"
            msg = (f"parse error: unexpected end of file: expected `{closer}` to close the {what} "
                   f"opened at {innermost.line + line_base}:{innermost.col}")
            return error(PARSE_ERROR, msg, span)
        msg = f"parse error: unexpected {self._describe(tok)}{where}"
        if expected:
            msg += f", expected {self._expected(expected)}"
        notes = []
        if innermost is not None and innermost.kind in "([{" and not in_interpolation:
            notes.append(Note(f"the `{innermost.opener}` opened at {innermost.line + line_base}:{innermost.col} "
                              "is still open", None))
        elif "END" in expected and open_block is not None:
            notes.append(Note(f"the `{open_block.opener}` block opened at {open_block.line + line_base}:{open_block.col} "
                              "is still open", None))
        help_ = _help_for(tok, expected)
        return error(PARSE_ERROR, msg, span, notes=notes, help=help_)

    def _scan_error(self, path, text, err) -> Diagnostic:
        start, end, message = err
        line = text.count("\n", 0, start) + 1
        col = start - (text.rfind("\n", 0, start) + 1) + 1
        return error(PARSE_ERROR, f"parse error: {message}", A.Span(path, line, col, line, col + (end - start)))


def _help_for(tok: Token, expected) -> Optional[str]:
    if tok.type == "SERVICE":
        return "services are always exported; remove `pub`"
    if tok.type == "_NL" and "_ARROW" not in expected and expected & {"PLUS", "MINUS", "PIPEGT", "CONCAT"}:
        return None
    if tok.type in ("PIPEGT", "PLUS", "STAR", "SLASH", "CONCAT", "PLUSPLUS"):
        return ("an expression cannot continue on the next line; "
                "wrap it in parentheses to split it over several lines")
    return None


def _offset_of(exc: UnexpectedInput, text: str) -> int:
    pos = getattr(exc, "pos_in_stream", None)
    if pos is None or pos < 0:
        tok = getattr(exc, "token", None)
        pos = getattr(tok, "start_pos", None)
    if pos is None or pos < 0:
        return len(text)
    return pos


def _blank_before(text: str, start: int) -> str:
    """The text with everything before `start` blanked (newlines kept), so
    that positions stay right."""
    head = text[:start]
    return re.sub(r"[^\n]", " ", head) + text[start:]


_parser: Optional[Parser] = None


def get_parser() -> Parser:
    global _parser
    if _parser is None:
        _parser = Parser()
    return _parser


def parse_module(path: str, text: str, module_name: str = "Main"):
    return get_parser().parse_module(path, text, module_name)
