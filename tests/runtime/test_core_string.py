"""The String module (language reference 9.5, 13.2; conformance
stdlib_string/*)."""

import math

import pytest

from meshpy.runtime.core import NONE, Iter, Some, String, display


@pytest.mark.parametrize(
    "s, n",
    [("", 0), ("abc", 3), ("héllo", 5), ("日本", 2), ("🎉x", 2), ("four", 4), ("  Mesh Lang  ".strip(), 9)],
)
def test_length_counts_code_points(s, n):
    assert String.length(s) == n


@pytest.mark.parametrize(
    "s, a, b, expected",
    [
        ("hello world", 0, 5, "hello"),
        ("hello world", 6, 11, "world"),
        ("hello world", 6, 100, "world"),
        ("hello world", 5, 2, ""),
        ("hello world", -3, 2, "he"),
        ("hello world", 20, 30, ""),
        ("héllo", 1, 3, "él"),
        ("日本語です", 2, 4, "語で"),
        ("", 0, 1, ""),
        ("abcdef", 1, 3, "bc"),
        ("Mesh", 1, 3, "es"),
        ("abc", -5, -1, ""),
        ("abc", 2, 2, ""),
        ("abc", 0, -1, ""),
    ],
)
def test_slice_clamps(s, a, b, expected):
    assert String.slice(s, a, b) == expected


@pytest.mark.parametrize(
    "fn, s, arg, expected",
    [
        ("contains", "haystack", "st", True),
        ("contains", "haystack", "x", False),
        ("contains", "abc", "", True),
        ("contains", "", "", True),
        ("contains", "", "a", False),
        ("starts_with", "prefix-rest", "prefix", True),
        ("starts_with", "abc", "b", False),
        ("starts_with", "abc", "", True),
        ("ends_with", "file.mpl", ".mpl", True),
        ("ends_with", "file.mpl", ".py", False),
    ],
)
def test_substring_tests(fn, s, arg, expected):
    assert getattr(String, fn)(s, arg) is expected


@pytest.mark.parametrize(
    "s, expected",
    [
        ("  padded \t ", "padded"),  # Mesh's "\t" is a tab today (9.6): trimmed like any space
        ("  back\\ ", "back\\"),  # a backslash ("\\" in Mesh) is not white space
        ("", ""),
        ("none", "none"),
        ("  t  ", "t"),
        ("\t\n x \r\n", "x"),
        ("\u3000\xa0x\u2003", "x"),  # Unicode White_Space
        ("\x1fx\x1f", "\x1fx\x1f"),  # not White_Space (Python's strip() would remove it)
    ],
)
def test_trim(s, expected):
    assert String.trim(s) == expected


@pytest.mark.parametrize(
    "fn, s, expected",
    [
        ("to_upper", "MiXeD 123 é", "MIXED 123 É"),
        ("to_lower", "MiXeD 123 É", "mixed 123 é"),
        ("to_upper", "straße", "STRASSE"),
        ("to_upper", "up", "UP"),
        ("to_lower", "DOWN", "down"),
    ],
)
def test_case_mapping(fn, s, expected):
    assert getattr(String, fn)(s) == expected


@pytest.mark.parametrize(
    "s, old, new, expected",
    [
        ("a-b-c", "-", "+", "a+b+c"),
        ("aaaa", "aa", "b", "bb"),
        ("abc", "x", "y", "abc"),
        ("abc", "", "-", "-a-b-c-"),
        ("", "a", "b", ""),
        ("héllo", "é", "e", "hello"),
        ("aXb", "X", "-", "a-b"),
    ],
)
def test_replace(s, old, new, expected):
    assert String.replace(s, old, new) == expected


@pytest.mark.parametrize(
    "s, sep, expected",
    [
        ("a,b,c", ",", ["a", "b", "c"]),
        ("a,,b", ",", ["a", "", "b"]),
        ("", ",", [""]),
        ("abc", "", ["", "a", "b", "c", ""]),
        ("", "", ["", ""]),
        ("one  two", " ", ["one", "", "two"]),
        ("a::b::c", "::", ["a", "b", "c"]),
        ("x,y", ",", ["x", "y"]),
        ("a,", ",", ["a", ""]),
        ("日本", "", ["", "日", "本", ""]),
    ],
)
def test_split(s, sep, expected):
    assert String.split(s, sep) == expected


def test_split_display():
    assert display(String.split("abc", "")) == "[, a, b, c, ]"
    assert display(String.split("a b c", " ")) == "[a, b, c]"


@pytest.mark.parametrize(
    "parts, sep, expected",
    [
        (["x", "y", "z"], ", ", "x, y, z"),
        ([], ",", ""),
        (["solo"], "-", "solo"),
        (["1", "2", "3"], "+", "1+2+3"),
    ],
)
def test_join(parts, sep, expected):
    assert String.join(parts, sep) == expected


# stdlib_string/to_int
@pytest.mark.parametrize(
    "s, expected",
    [
        ("42", Some(42)),
        ("-17", Some(-17)),
        ("+5", Some(5)),
        ("  12  ", Some(12)),
        ("12a", NONE),
        ("", NONE),
        ("1_000", NONE),
        ("0x10", NONE),
        ("3.5", NONE),
        ("9223372036854775807", Some(9223372036854775807)),
        ("9223372036854775808", NONE),
        ("-9223372036854775808", Some(-9223372036854775808)),
        ("-9223372036854775809", NONE),
        ("+", NONE),
        ("-", NONE),
        ("١٢", NONE),  # non-ASCII digits
        ("1 2", NONE),
        ("007", Some(7)),
    ],
)
def test_to_int(s, expected):
    assert String.to_int(s) == expected


# stdlib_string/to_float: input -> printed line
@pytest.mark.parametrize(
    "s, shown",
    [
        ("3.25", "Some(3.25)"),
        ("-1e3", "Some(-1000)"),
        (".5", "Some(0.5)"),
        ("7", "Some(7)"),
        (" 2.5 ", "Some(2.5)"),
        ("abc", "None"),
        ("", "None"),
        ("inf", "Some(inf)"),
        ("1_0.5", "None"),
        ("NaN", "Some(NaN)"),
        ("-inf", "Some(-inf)"),
        ("Infinity", "Some(inf)"),
        ("1.", "Some(1)"),
        (".", "None"),
        ("e5", "None"),
        ("1e", "None"),
        ("1E2", "Some(100)"),
        ("+0.5", "Some(0.5)"),
        ("0x1p3", "None"),
    ],
)
def test_to_float(s, shown):
    assert display(String.to_float(s)) == shown


def test_to_float_returns_floats():
    v = String.to_float("7")
    assert type(v.value) is float
    assert math.isnan(String.to_float("nan").value)


@pytest.mark.parametrize(
    "v, expected",
    [(12, "12"), (2.5, "2.5"), (True, "true"), (False, "false"), (1.25, "1.25"), (3, "3"), (42.0, "42"), (-0.0, "-0")],
)
def test_from(v, expected):
    assert String.from_(v) == expected


def test_collect():
    assert String.collect(Iter.from_(["x", "y", "z"])) == "xyz"
    assert String.collect(Iter.from_([])) == ""
