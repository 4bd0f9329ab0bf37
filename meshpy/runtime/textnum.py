"""Whitespace trimming and number parsing with the reference's (Rust's) rules,
shared by `String.trim`, `String.to_int`, `String.to_float` and `from_row`."""

import re

INT_MIN = -9223372036854775808
INT_MAX = 9223372036854775807

# Unicode White_Space (Rust `char::is_whitespace`). Python's `str.strip()`
# also strips U+001C..U+001F, which Rust keeps.
WHITESPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)

_INT_RE = re.compile(r"[+-]?[0-9]+\Z")
_FLOAT_RE = re.compile(
    r"[+-]?(?:inf|infinity|nan|(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:e[+-]?[0-9]+)?)\Z",
    re.IGNORECASE,
)


def trim(s):
    return s.strip(WHITESPACE)


def parse_int(s):
    """Rust `i64::from_str` of an already trimmed text: optional sign, ASCII
    digits only, in range. Returns an int or None."""
    if _INT_RE.match(s) is None:
        return None
    i = int(s)
    if INT_MIN <= i <= INT_MAX:
        return i
    return None


def parse_float(s):
    """Rust `f64::from_str` of an already trimmed text (`3.14`, `-1e3`,
    `.5`, `1.`, `inf`, `infinity`, `NaN`, no `_`). Returns a float or None."""
    if _FLOAT_RE.match(s) is None:
        return None
    return float(s)
