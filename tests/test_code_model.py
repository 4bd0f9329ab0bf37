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


# ---------------------------------------------------------------- statements

from meshpy.lower.code import (  # noqa: E402
    ATOM, NONE, Assign, AugAssign, Blank, Break, ClassDef, Comment, Continue, ExprStmt, For, FunctionDef, If,
    Import, Multiline, NoReturn, Pass, Raise, Return, Try, While, Writer, atom, call, is_terminal, not_, render,
    tuple_of,
)


def _stmt_tree(rng, depth, names):
    """Random statements over constant expressions, with what running them
    does computed directly: returns (stmts, run) where run(env) updates env
    and returns ("return", value) or None when control falls through."""
    stmts, steps = [], []
    for _ in range(rng.randint(1, 4)):
        kind = rng.choice(["assign", "assign", "aug", "if", "return"] if depth else ["assign", "return"])
        if kind == "assign" or kind == "aug":
            target = rng.choice(names)
            expr, value = _int_tree(rng, 3)
            if kind == "aug":
                stmts.append(AugAssign(name(target), "+", expr))
                steps.append(lambda env, t=target, v=value: env.__setitem__(t, env[t] + v))
            else:
                stmts.append(Assign(name(target), expr))
                steps.append(lambda env, t=target, v=value: env.__setitem__(t, v))
        elif kind == "return":
            expr, value = _int_tree(rng, 3)
            stmts.append(Return(expr))
            steps.append(lambda env, v=value: ("return", v))
            break
        else:
            branches = []
            for i in range(rng.randint(1, 3)):
                test, truth = _bool_tree(rng, 2)
                body, run = _stmt_tree(rng, depth - 1, names)
                branches.append((test, truth, body, run))
            stmt = If(branches[0][0], branches[0][2])
            for test, _, body, _ in branches[1:]:
                stmt.elif_(test, body)
            orelse = None
            if rng.random() < 0.5:
                body, orelse = _stmt_tree(rng, depth - 1, names)
                stmt.else_(body)
            stmts.append(stmt)

            def run_if(env, branches=branches, orelse=orelse):
                for _, truth, _, run in branches:
                    if truth:
                        return run(env)
                return orelse(env) if orelse else None
            steps.append(run_if)

    def run(env):
        for step in steps:
            result = step(env)
            if result is not None:
                return result
        return None
    return stmts, run


def test_random_statement_trees_run_as_built():
    """Nested if/elif/else, assignments and returns, printed by the Writer
    and run by Python, do what the tree says (indentation, elif chains,
    precedence of the expressions inside statements)."""
    rng = random.Random(12)
    names = ["a", "b", "c"]
    for _ in range(500):
        body, run = _stmt_tree(rng, 3, names)
        fn = FunctionDef("f", [], [Assign(name(n), literal("0")) for n in names] + body + [
            Return(tuple_of([name(n) for n in names]))])
        env = {}
        exec(render([fn]), env)
        expected_env = dict.fromkeys(names, 0)
        result = run(expected_env)
        expected = result[1] if result else tuple(expected_env[n] for n in names)
        assert env["f"]() == expected, render([fn])


def test_nested_blocks_print_with_indentation_and_elif():
    test = If(name("a"), [Return(literal("1"))])
    test.elif_(binop(name("b"), "<", literal("2"), CMP), [Pass()])
    test.else_([For(name("x"), name("xs"), [While(not_(name("done")), [Break()])])])
    fn = FunctionDef("f", ["a", "b"], [test], is_async=True, decorators=["staticmethod"], comment="fn f")
    assert render([ClassDef("C", ["Base"], [Assign(name("k"), literal("3")), Blank(), fn])]) == "\n".join([
        "class C(Base):",
        "    k = 3",
        "",
        "    # fn f",
        "    @staticmethod",
        "    async def f(a, b):",
        "        if a:",
        "            return 1",
        "        elif b < 2:",
        "            pass",
        "        else:",
        "            for x in xs:",
        "                while not done:",
        "                    break",
    ])


def test_an_empty_body_is_pass():
    assert render([If(name("a"), []), Try([], [("ValueError", "e", [])], final=[])]) == "\n".join([
        "if a:", "    pass", "try:", "    pass", "except ValueError as e:", "    pass", "finally:", "    pass"])


def test_precedence_inside_statements():
    a, b = name("a"), name("b")
    either = binop(a, "or", b, OR)
    assert render([If(not_(either), [Return(not_(either))])]) == "if not (a or b):\n    return not (a or b)"
    assert render([Assign(name("x"), binop(binop(a, "+", b, ADD), "*", literal("2"), MUL))]) == "x = (a + b) * 2"
    assert render([ExprStmt(call(binop(a, "+", b, ADD), [literal("1")]))]) == "(a + b)(1)"
    assert render([Assign(tuple_of([a, b], bare=True), tuple_of([b, a], bare=True))]) == "a, b = b, a"


def test_terminality_follows_the_statement_kind():
    assert all(is_terminal([s]) for s in [Return(), Break(), Continue(), Raise(name("E")),
                                         NoReturn(call(name("match_failed"), [name("x")]))])
    assert not any(is_terminal([s]) for s in [Pass(), ExprStmt(name("f")), Assign(name("x"), NONE),
                                             While(name("c"), [Return()]), For(name("x"), name("xs"), [Break()])])
    assert not is_terminal([])
    both = If(name("c"), [Return()])
    assert not is_terminal([both])  # no else: the test may fail and fall through
    both.else_([Continue()])
    assert is_terminal([both])
    one = If(name("c"), [Assign(name("x"), literal("1"))])
    one.else_([Continue()])
    assert not is_terminal([one])  # the then-branch falls through (a `for` collecting items appends after it)
    chain = If(name("c"), [Return()])
    chain.elif_(name("d"), [Pass()])
    chain.else_([Break()])
    assert not is_terminal([chain])


def test_every_line_carries_its_mesh_line():
    """Comments, decorators and the header of a def carry its line; a
    statement without one inherits the enclosing statement's; each branch
    of an if has its own; layout lines have none."""
    inner = If(name("c"), [Return(literal("1"), 12)], 11)
    inner.elif_(name("d"), [Pass()], 13)
    inner.else_([ExprStmt(call(name("g")))], 14)
    fn = FunctionDef("f", [], [Assign(name("x"), literal("0")), inner], comment="fn f (main.mpl:10)",
                     decorators=["staticmethod"], line=10)
    w = Writer().write([Import("m", [("a", "b")]), Blank(), Comment("layout"), fn])
    assert list(zip(w.lines, w.mesh)) == [
        ("from m import a as b", 0), ("", 0), ("# layout", 0),
        ("# fn f (main.mpl:10)", 10), ("@staticmethod", 10), ("def f():", 10),
        ("    x = 0", 10),
        ("    if c:", 11), ("        return 1", 12),
        ("    elif d:", 13), ("        pass", 13),
        ("    else:", 14), ("        g()", 14),
    ]


def test_multiline_and_trailing_notes():
    spec = Multiline("S = Spec(", [atom('name="a"'), Multiline("children=[", [call(name("C"), ["1"])], "],")], ")")
    assert render([spec, Assign(name("x"), name("y"), note="why")]) == "\n".join([
        "S = Spec(", '    name="a",', "    children=[", "        C(1),", "    ],", ")", "x = y  # why"])
    assert ATOM > OR  # (the levels the tests above rely on)


# ---------------------------------------------------------------- the lowering builds nodes

import os  # noqa: E402
import shutil  # noqa: E402

import pytest  # noqa: E402

from meshpy.lower import code as C  # noqa: E402

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden")


def _check_nodes(stmts, where):
    """Every statement is a node and every expression in one is a `Py`."""
    for s in stmts:
        assert isinstance(s, C.Stmt), (where, s)
        exprs, bodies = [], []
        if isinstance(s, C.Assign):
            exprs = s.targets + [s.value]
        elif isinstance(s, C.AugAssign):
            exprs = [s.target, s.value]
        elif isinstance(s, (C.ExprStmt, C.Return, C.Raise)):
            exprs = [s.value] if s.value is not None else []
        elif isinstance(s, C.If):
            exprs = [t for t, _, _ in s.branches]
            bodies = [b for _, b, _ in s.branches] + ([s.orelse] if s.orelse is not None else [])
        elif isinstance(s, C.While):
            exprs, bodies = [s.test], [s.body]
        elif isinstance(s, C.For):
            exprs, bodies = [s.target, s.iter], [s.body]
        elif isinstance(s, C.Try):
            bodies = [s.body] + [b for _, _, b in s.handlers] + ([s.final] if s.final is not None else [])
        elif isinstance(s, (C.FunctionDef, C.ClassDef)):
            bodies = [s.body]
        elif isinstance(s, C.Multiline):
            exprs = [x for x in s.items if not isinstance(x, C.Multiline)]
        for x in exprs:
            assert isinstance(x, C.Py), (where, type(s).__name__, x)
        for b in bodies:
            _check_nodes(b, where)


@pytest.mark.parametrize("feature", ["actors", "case_patterns", "closures", "services", "supervisor",
                                     "sum_types", "tail_calls", "try_operator", "loop_branch_exits", "modules"])
def test_lowering_a_program_builds_only_nodes(feature, tmp_path):
    from meshpy.lower.module import GlobalNames, ModuleLowerer, _dependencies
    from meshpy.pipeline import analyse

    src = os.path.join(GOLDEN, feature)
    for dirpath, _dirs, files in os.walk(src):
        for f in files:
            if f.endswith(".mpl") and "emitted" not in dirpath:
                rel = os.path.relpath(os.path.join(dirpath, f), src)
                dst = tmp_path / ("main.mpl" if rel == "input.mpl" else rel)
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(os.path.join(dirpath, f), dst)
    project = analyse(str(tmp_path))
    assert project.ok
    program = project.program
    names, deps = GlobalNames(program), _dependencies(program)
    for module in program.project.order:
        stmts = ModuleLowerer(program, names, module, deps.get(module, set())).lower_items()
        assert stmts and any(isinstance(s, C.FunctionDef) for s in stmts)
        _check_nodes(stmts, f"{feature}:{module}")
