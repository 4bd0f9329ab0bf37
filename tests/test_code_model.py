"""The lowering's code model (lower/code.py): expressions built from typed
nodes print with exactly the parentheses Python needs. Random expression
trees are rendered and evaluated; the result must equal the tree's value
computed directly, and no parentheses may appear that precedence does not
require around names and literals."""

import operator
import random

from meshpy.lower.code import ADD, AND, CMP, MUL, NOT, OR, UNARY, Py, binop, literal, name

OPS = {"+": (ADD, operator.add), "-": (ADD, operator.sub), "*": (MUL, operator.mul)}
CMPS = {"<": operator.lt, "==": operator.eq, "!=": operator.ne, ">=": operator.ge}


def _int_tree(rng, depth):
    if depth == 0 or rng.random() < 0.2:
        v = rng.randint(-5, 9)
        return (literal(str(v)) if v >= 0 else Py(str(v), UNARY, "literal")), v
    if rng.random() < 0.15:
        x, v = _int_tree(rng, depth - 1)
        return Py(f"-{x.at(UNARY)}", UNARY), -v
    op = rng.choice(list(OPS))
    (l, lv), (r, rv) = _int_tree(rng, depth - 1), _int_tree(rng, depth - 1)
    level, fn = OPS[op]
    return binop(l, op, r, level), fn(lv, rv)


def _bool_tree(rng, depth):
    if depth == 0 or rng.random() < 0.3:
        op = rng.choice(list(CMPS))
        (l, lv), (r, rv) = _int_tree(rng, 2), _int_tree(rng, 2)
        return binop(l, op, r, CMP), CMPS[op](lv, rv)
    kind = rng.choice(["and", "or", "not", "eq"])
    if kind == "not":
        x, v = _bool_tree(rng, depth - 1)
        return Py(f"not {x.at(NOT)}", NOT), not v
    (l, lv), (r, rv) = _bool_tree(rng, depth - 1), _bool_tree(rng, depth - 1)
    if kind == "eq":  # comparisons of comparisons must not chain
        return binop(l, "==", r, CMP), lv == rv
    return binop(l, kind, r, AND if kind == "and" else OR), (lv and rv) if kind == "and" else (lv or rv)


def test_random_int_expressions_keep_their_meaning():
    rng = random.Random(10)
    for _ in range(3000):
        text, value = _int_tree(rng, 5)
        assert eval(text) == value, text


def test_random_bool_expressions_keep_their_meaning():
    rng = random.Random(11)
    for _ in range(3000):
        text, value = _bool_tree(rng, 4)
        assert eval(text) == value, text


def test_no_needless_parentheses():
    a, b, c = name("a"), name("b"), name("c")
    assert binop(binop(a, "+", b, ADD), "+", c, ADD) == "a + b + c"
    assert binop(a, "-", binop(b, "-", c, ADD), ADD) == "a - (b - c)"
    assert binop(binop(a, "*", b, MUL), "+", c, ADD) == "a * b + c"
    assert binop(binop(a, "+", b, ADD), "*", c, MUL) == "(a + b) * c"
    assert binop(binop(a, "<", b, CMP), "==", c, CMP) == "(a < b) == c"
    assert binop(binop(a, "or", b, OR), "and", c, AND) == "(a or b) and c"
