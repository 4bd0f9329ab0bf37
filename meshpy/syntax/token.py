"""The token of the Mesh lexer: a string with its terminal name and position.

It has the attributes of Lark's Token (`type`, `value`, `start_pos`, `line`,
`column`, `end_line`, `end_column`, `end_pos`), so Lark's parser, its
exceptions and its interactive parser (used to explain syntax errors) take
it as their own, but it is defined here so that parsing a correct program
never imports Lark (lalr.py).
"""

from __future__ import annotations


class Token(str):
    __slots__ = ("type", "start_pos", "value", "line", "column", "end_line", "end_column", "end_pos")

    def __new__(cls, type, value, start_pos=None, line=None, column=None,  # noqa: A002 (Lark's names)
                end_line=None, end_column=None, end_pos=None):
        tok = str.__new__(cls, value)
        tok.type = type
        tok.value = value
        tok.start_pos = start_pos
        tok.line = line
        tok.column = column
        tok.end_line = end_line
        tok.end_column = end_column
        tok.end_pos = end_pos
        return tok

    @classmethod
    def new_borrow_pos(cls, type_: str, value, borrow) -> "Token":
        return cls(type_, value, borrow.start_pos, borrow.line, borrow.column, borrow.end_line,
                   borrow.end_column, borrow.end_pos)

    def __reduce__(self):
        return (self.__class__, (self.type, self.value, self.start_pos, self.line, self.column,
                                 self.end_line, self.end_column, self.end_pos))

    def __deepcopy__(self, memo):
        return self  # immutable

    def __repr__(self) -> str:
        return f"Token({self.type!r}, {self.value!r})"
