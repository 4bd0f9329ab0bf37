"""Parse Mesh source text into a meshpy.ast.Module, with diagnostics.

    scan (strings, comments) -> Lexer (contextual) -> PostLexer (newlines)
        -> LALR parser (lalr.py) -> ToAst (called at each reduction) -> ast.Module

The LALR tables are built by Lark once and cached on disk (lalr.py,
tables.py), so setting the parser up costs milliseconds after the first
run, and a correct program is parsed without importing Lark. At a syntax
error, Lark's own parser parses the text again to explain it.

On a syntax error the parser reports it, then resynchronises at the next
top-level item (a line starting in column 1 with `fn`, `struct`, `pub` …)
after the broken one, and parses on from there, so one run can report several
independent syntax errors.
"""

from __future__ import annotations

import bisect
import re
from typing import Optional

from ..gcpause import gc_paused
from .. import ast as A
from ..diagnostics import Diagnostic, Note, error
from .lalr import FastParser, NoParse, cache_path, load_fast_tables
from .lexer import CONTEXTUAL_WORDS, KEYWORDS
from .postlex import PostLexer, innermost_block
from .scan import ScanResult, scan
from .token import Token
from .transform import ToAst

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
    "ATOM": "an atom",
    "_NL": "a new line",
    "$END": "the end of the file",
    "FN_DEF": "`fn`",
    "ELSE_IF": "`else if`",
    "<expression>": "an expression",
    "<operator>": "an operator",
    "<type>": "a type",
}


# Terminals only the postlexer sees (it turns them into others): never worth
# listing as "expected".
_NOISE_TERMINALS = {"_SEMICOLON", "DEF"}
# Long lists of alternatives are summed up in a word.
_EXPRESSION_START = {
    "INT", "FLOAT", "STRING", "ATOM", "TRUE", "FALSE", "NIL", "NAME", "SELF", "SPAWN", "SEND", "LINK",
    "LPAR", "LSQB", "MAP_OPEN", "BREAK", "CONTINUE", "RETURN", "IF", "CASE", "MATCH",
    "RECEIVE", "WHILE", "FOR", "MINUS", "NOT", "BANG", "FN",
}
_TYPE_START = {"NAME", "LPAR", "FUN"}
_OPERATORS = {
    "PIPEGT", "OR", "OROR", "AND", "ANDAND", "EQEQ", "NEQ", "LT", "GT", "LE", "GE", "DOTDOT",
    "CONCAT", "PLUSPLUS", "PLUS", "MINUS", "STAR", "SLASH", "PERCENT", "QMARK", "DOT", "LBRACE",
}


class _Context:
    """The text being parsed, for placing the `${…}` found in it."""

    __slots__ = ("text", "line_base", "col_base", "_line_starts")

    def __init__(self, text: str, line_base: int, col_base: int):
        self.text = text
        self.line_base = line_base
        self.col_base = col_base
        self._line_starts: Optional[list[int]] = None  # computed at the first `${`

    def position(self, offset: int) -> tuple[int, int]:
        """Line and column of `offset` in the file."""
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        line = bisect.bisect_right(self._line_starts, offset)
        col = offset - self._line_starts[line - 1] + 1
        if line == 1:
            col += self.col_base
        return line + self.line_base, col


class _SyntaxFailure(Exception):
    """A syntax error turned into a diagnostic, with what recovery needs."""

    def __init__(self, diagnostic: Diagnostic, offset: int, stack, earlier_errors):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic
        self.offset = offset
        self.stack = stack
        # (span, message) the transformer found before the failure
        self.earlier_errors = earlier_errors


class Parser:
    def __init__(self):
        self.postlex = PostLexer()
        self.to_ast = ToAst(self)
        self.fast = FastParser(self._fast_tables(), self.postlex, self.to_ast)
        self._lark = None  # (Lark's parser, terminal words): set up at the first syntax error
        self._context: Optional[_Context] = None

    def _fast_tables(self):
        path = cache_path(self.postlex, ToAst)
        tables = load_fast_tables(path)
        if tables is None:  # first run (of this grammar): Lark builds the tables
            from .tables import build_and_cache

            tables = build_and_cache(path, self.postlex, ToAst)
        return tables

    def _lark_parser(self):
        if self._lark is None:
            from .tables import LalrParser, load_tables

            tables = load_tables(cache_path(self.postlex, ToAst), self.postlex, ToAst)
            words = dict(_TERMINAL_WORDS)
            for term in tables.terminals:
                if term.name not in words and term.pattern.type == "str":
                    words[term.name] = f"`{term.pattern.value}`"
            self._lark = LalrParser(tables, self.postlex, self.to_ast), words
        return self._lark

    # ------------------------------------------------------------ modules

    def parse_module(self, path: str, text: str, module_name: str = "Main") -> tuple[Optional[A.Module], list[Diagnostic]]:
        """Parse one file. Returns the module (None if it has syntax errors)
        and the diagnostics."""
        scanned = scan(text)
        diags = [self._scan_error(path, scanned.text, e) for e in scanned.errors]
        with gc_paused():
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
                diags.extend(_transform_errors(failure.earlier_errors, _line_of(text, start)))
                diags.append(diag)
                continue
            items.extend(result)
            diags.extend(_transform_errors(errors, None))
            break
        return items, diags

    def _run(self, path, text, scanned, start_rule, line_base, col_base):
        t = self.to_ast
        saved = (t.file, t.strings, t.errors, t.line_base, t.col_base, self._context)
        saved_stack, saved_text = self.postlex.stack, self.postlex.text
        self.postlex.text = text
        t.file, t.strings, t.errors = path, scanned.strings, []
        t.line_base, t.col_base = line_base, col_base
        self._context = _Context(text, line_base, col_base)
        try:
            try:
                result = self.fast.parse(text, start_rule)
            except NoParse:
                t.errors = []  # (the transformer's, found again by the second parse)
                result = self._parse_with_lark(path, text, start_rule, line_base, col_base)
            return result, t.errors
        finally:
            errors_of_nested_parse = t.errors
            t.file, t.strings, t.errors, t.line_base, t.col_base, self._context = saved
            self.postlex.text = saved_text
            if start_rule == "expr":
                t.errors.extend(errors_of_nested_parse)
                self.postlex.stack = saved_stack

    def _parse_with_lark(self, path, text, start_rule, line_base, col_base):
        """Parse a text that has a syntax error with Lark's parser, and raise
        the _SyntaxFailure that describes the error."""
        from lark.exceptions import UnexpectedInput

        try:
            return self._lark_parser()[0].parse(text, start_rule)
        except UnexpectedInput as exc:
            in_interp = start_rule == "expr"
            diag = self._syntax_error(path, exc, text, line_base, col_base, in_interp)
            offset = _offset_of(exc, text)
            raise _SyntaxFailure(diag, offset, self.postlex.stack_before(offset), self.to_ast.errors) from None

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
        line, col = self._context.position(interp.offset)
        simple = _simple_interpolation(t.file, interp.source, line, col)
        if simple is not None:
            return simple
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
        if "FUN" in names:  # `Fun` can only start a type
            names = (names - _TYPE_START) | {"<type>"}
        terminal_words = self._lark_parser()[1]
        words = sorted({terminal_words.get(n, n) for n in names if not n.startswith("__")})
        if "a name" in words:  # keep the list short: names first
            words.remove("a name")
            words.insert(0, "a name")
        if len(words) > 8:
            words = words[:8] + ["…"]
        return ", ".join(words)

    def _syntax_error(self, path, exc, text, line_base=0, col_base=0, in_interpolation=False) -> Diagnostic:
        """The diagnostic for Lark's UnexpectedInput `exc`."""
        from lark.exceptions import UnexpectedCharacters, UnexpectedToken

        line, col = exc.line, exc.column
        at_end = isinstance(exc, UnexpectedToken) and exc.token.type == "$END"
        if line < 1 or at_end:
            line, col = _end_of_content(text)
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
        expected = _expected_terminals(exc)

        def at(entry) -> str:  # where an open construct starts, in the file
            col = entry.col + col_base if entry.line == 1 else entry.col
            return f"{entry.line + line_base}:{col}"

        stack = self.postlex.stack_before(tok.start_pos if tok.type != "$END" else len(text) + 1)
        open_block = innermost_block(stack)
        innermost = stack[-1] if stack else None
        if tok.type == "$END" and in_interpolation:
            msg = "parse error: unexpected end of the `${…}` interpolation"
            if expected:
                msg += f", expected {self._expected(expected)}"
            return error(PARSE_ERROR, msg, span)
        if tok.type == "$END" and innermost is not None:
            closer = "end" if innermost.kind in ("do", "fn", "fnarrow") else {"(": ")", "[": "]", "{": "}"}.get(innermost.kind, "end")
            what = f"`{innermost.opener}` block" if closer == "end" else f"`{innermost.opener}`"
            msg = (f"parse error: unexpected end of file: expected `{closer}` to close the {what} "
                   f"opened at {at(innermost)}")
            return error(PARSE_ERROR, msg, span)
        schema_message = _schema_line_error(_line_before(text, exc), open_block)
        if schema_message is not None:
            return error(PARSE_ERROR, f"parse error: {schema_message}", span)
        if _is_keyword_as_name(tok, expected):
            return error(PARSE_ERROR, f"parse error: `{tok.value}` is a keyword and cannot be used as a name{where}", span)
        if innermost is not None and innermost.opener == "%{" and "NAME" in expected \
                and not (expected & _EXPRESSION_START) - {"NAME"}:
            # after `%{base |` or a `,` of its field list (supplement 1.5)
            msg = f"parse error: expected field name in struct update, found {self._describe(tok)}{where}"
            return error(PARSE_ERROR, msg, span, help="write `%{base | field: value, …}`")
        msg = f"parse error: unexpected {self._describe(tok)}{where}"
        if expected:
            msg += f", expected {self._expected(expected)}"
        notes = []
        closes_it = tok.type in ("RPAR", "RSQB", "RBRACE")
        if innermost is not None and innermost.kind in "([{" and not in_interpolation and not closes_it:
            notes.append(Note(f"the `{innermost.opener}` opened at {at(innermost)} is still open", None))
        elif "END" in expected and open_block is not None:
            notes.append(Note(f"the `{open_block.opener}` block opened at {at(open_block)} is still open", None))
        help_ = _help_for(tok, expected, _line_before(text, exc), innermost)
        return error(PARSE_ERROR, msg, span, notes=notes, help=help_)

    def _scan_error(self, path, text, err) -> Diagnostic:
        start, end, message = err
        line = text.count("\n", 0, start) + 1
        col = start - (text.rfind("\n", 0, start) + 1) + 1
        return error(PARSE_ERROR, f"parse error: {message}", A.Span(path, line, col, line, col + (end - start)))


# `${name}`, `${a.b}`: half the interpolations, see _simple_interpolation.
_SIMPLE_PATH = re.compile(r"[^\W\d]\w*(?:\.[^\W\d]\w*)*")


def _simple_interpolation(file: str, source: str, line: int, col: int) -> Optional[A.Node]:
    """The node of an interpolation that is a name or a chain of field
    accesses (`${id}`, `${r.name}`), built without setting up a parse of its
    own; exactly what the parser builds (the same nodes and spans), else None.
    `line` and `col` are where `source` starts in the file."""
    if _SIMPLE_PATH.fullmatch(source) is None:
        return None
    words = source.split(".")
    if words[0] == "_" or any(w in KEYWORDS or w in CONTEXTUAL_WORDS for w in words):
        return None  # (a keyword, a contextual word or `_`: the parser decides)
    end = col + len(words[0])
    node = A.Name(A.Span(file, line, col, line, end), words[0])
    for word in words[1:]:
        start, end = end + 1, end + 1 + len(word)
        node = A.FieldAccess(A.Span(file, line, col, line, end), node, word, A.Span(file, line, start, line, end))
    return node


# Keywords that end or continue a construct: finding one where a name could
# come means something is missing, not that a keyword was used as a name.
_NOT_NAME_LIKE = {"END", "_DO", "_ELSE", "AND", "OR"}

_BINARY_OPERATORS = {
    "PIPEGT", "OR", "OROR", "AND", "ANDAND", "EQEQ", "NEQ", "LT", "GT", "LE", "GE", "DOTDOT",
    "CONCAT", "PLUSPLUS", "PLUS", "STAR", "SLASH", "PERCENT",
}
_ENDS_WITH_OPERATOR = re.compile(r"(\|>|\|\||&&|==|!=|<=|>=|<>|\+\+|\.\.|[-+*/%<]|(?<![-=])>|\band|\bor)\s*$")

# What `pub` cannot precede, and why (language reference 3.4).
_PUB_HELP = {
    "SERVICE": "services are always exported; remove `pub`",
    "IMPL": "impl blocks are always visible; remove `pub`",
    "IMPORT": "imports cannot be re-exported; remove `pub`",
}


def _expected_terminals(exc) -> set:
    """The terminals that could have come instead of the bad token.

    Lark's `expected` is every terminal with an action in the parser's
    (LALR-merged) state, which lists impossible tokens; the interactive
    parser can tell which ones really advance the parse."""
    interactive = getattr(exc, "interactive_parser", None)
    if interactive is not None:
        try:
            return set(interactive.accepts())
        except Exception:  # a best effort for a message; never fail on it
            pass
    return set(getattr(exc, "expected", ()) or ())


# What a malformed schema option or relationship line lacks (supplement 1.6;
# the reference's messages).
_SCHEMA_EXPECTED = {
    "table": 'expected string literal after `table` (e.g., table "people")',
    "primary_key": "expected atom literal after `primary_key` (e.g., primary_key :uuid)",
    "timestamps": "expected `true` or `false` after `timestamps`",
}
_RELATIONSHIP_KINDS = ("belongs_to", "has_many", "has_one")
# A complete schema line (strings are placeholders `"   "` here).
_SCHEMA_LINE_DONE = re.compile(r'\s*(?:table\s*"[^"]*"|primary_key\s*:\w+|timestamps\s+(?:true|false)\b'
                               r'|(?:belongs_to|has_many|has_one)\s*:\w+\s*,\s*\w+)')


def _schema_line_error(line_before: str, open_block) -> Optional[str]:
    """The message for a syntax error inside a schema line of a struct body."""
    if open_block is None or open_block.opener != "struct":
        return None
    words = line_before.split(None, 1)  # the error comes after the line's first word
    if not words or _SCHEMA_LINE_DONE.match(line_before):
        return None  # (an error after a complete line gets the general message)
    word = words[0]
    if word in _SCHEMA_EXPECTED:
        return _SCHEMA_EXPECTED[word]
    if word not in _RELATIONSHIP_KINDS:
        return None
    rest = words[1].strip() if len(words) > 1 else ""
    if "," in rest:
        return "expected target type name after comma in relationship declaration"
    if not rest:
        return "expected atom literal (e.g., :user) after relationship kind"
    return f"expected `,` after the association name (e.g., {word} :user, User)"


def _is_keyword_as_name(tok: Token, expected) -> bool:
    return (tok.type != "NAME" and str(tok.value) in KEYWORDS and "NAME" in expected
            and tok.type not in expected and tok.type not in _NOT_NAME_LIKE)


def _end_of_content(text: str) -> tuple[int, int]:
    """Line and column just after the last non-blank character (where a
    missing `end` or `)` belongs)."""
    content = text.rstrip()
    line = content.count("\n") + 1
    col = len(content) - (content.rfind("\n") + 1) + 1
    return line, col


def _line_before(text: str, exc) -> str:
    """The source text of the error's line, up to the error."""
    pos = _offset_of(exc, text)
    return text[text.rfind("\n", 0, pos) + 1:pos]


def _help_for(tok: Token, expected, line_before: str, innermost) -> Optional[str]:
    if line_before.strip() == "pub" and tok.type in _PUB_HELP:
        return _PUB_HELP[tok.type]
    if tok.type == "_EQ" and re.match(r"\s*pub\s+type\b", line_before):
        return "type aliases cannot be exported (`pub type X = …` is not allowed); remove `pub`"
    if tok.type == "ATOM":
        glued = re.search(r"(?<![:\w])(\w+)$", line_before)  # `k:v`: a name right before the atom
        if glued:
            return f"`{tok.value}` is an atom; put a space after the `:` (`{glued.group(1)}: {tok.value[1:]}`)"
        if "NAME" in expected:
            return f"an atom is not a pattern; bind a name and compare it in a guard: `v when v == {tok.value} ->`"
    if tok.type == "_COLON" and innermost is not None and innermost.kind == "(":
        return "only a plain name can be a keyword argument: `f(value, name: value)`"
    if tok.type == "_EQ" and "LET" in expected:
        return "Mesh has no assignment; bind a value with `let name = value`"
    if tok.type == "_NL" and line_before.rstrip().endswith("->"):
        return "the expression after `->` must start on the same line"
    starts_line = not line_before.strip()
    if tok.type == "_NL" and line_before.rstrip().endswith("|>"):
        return "to continue a pipe on the next line, start that line with the `|>`"
    if (tok.type in _BINARY_OPERATORS and tok.type != "PIPEGT" and starts_line) or \
            (tok.type == "_NL" and _ENDS_WITH_OPERATOR.search(line_before)):
        return ("an expression cannot continue on the next line (only a line starting with `|>` does); "
                "wrap it in parentheses to split it over several lines")
    return None


def _offset_of(exc, text: str) -> int:
    pos = getattr(exc, "pos_in_stream", None)
    if pos is None or pos < 0:
        tok = getattr(exc, "token", None)
        pos = getattr(tok, "start_pos", None)
    if pos is None or pos < 0:
        return len(text)
    return pos


def _transform_errors(errors, resume_line: Optional[int]) -> list[Diagnostic]:
    """Diagnostics for the transformer's errors (a keyword as a name, a
    malformed number …). After a syntax error, only those before the line
    where parsing resumes: the rest will be found again."""
    return [error(PARSE_ERROR, f"parse error: {message}", span) for span, message in errors
            if resume_line is None or span.line < resume_line]


def _line_of(text: str, offset: Optional[int]) -> Optional[int]:
    return None if offset is None else text.count("\n", 0, offset) + 1


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
