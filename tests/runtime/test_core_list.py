"""The List module (language reference 13.3, 12.2; conformance stdlib_list/*)."""

import asyncio

import pytest

from meshpy.runtime.core import NONE, Iter, List, MeshPanic, Some, String, display

XS = [10, 20, 30]


@pytest.mark.parametrize(
    "call, expected",
    [
        (lambda: List.length(XS), 3),
        (lambda: List.length([]), 0),
        (lambda: List.new(), []),
        (lambda: List.append(XS, 40), [10, 20, 30, 40]),
        (lambda: List.append([], "first"), ["first"]),
        (lambda: List.get(XS, 0), 10),
        (lambda: List.get(XS, 2), 30),
        (lambda: List.nth(XS, 1), 20),
        (lambda: List.head(XS), 10),
        (lambda: List.last(XS), 30),
        (lambda: List.tail(XS), [20, 30]),
        (lambda: List.tail([1]), []),
        (lambda: List.concat(XS, [1, 2]), [10, 20, 30, 1, 2]),
        (lambda: List.reverse(XS), [30, 20, 10]),
        (lambda: List.reverse([]), []),
        (lambda: List.zip([1, 2, 3], ["a", "b"]), [(1, "a"), (2, "b")]),
        (lambda: List.enumerate(["a", "b"]), [(0, "a"), (1, "b")]),
        (lambda: List.flatten([[1], [], [2, 3]]), [1, 2, 3]),
        (lambda: List.flatten([[1, 2, 3], [4, 5], []]), [1, 2, 3, 4, 5]),
        (lambda: List.contains([3, 8, 12, 5], 12), True),
        (lambda: List.contains([3, 8, 12, 5], 4), False),
        (lambda: List.contains([True], True), True),
        (lambda: List.contains(["x", "y"], "x"), True),  # by value (quirk 9 not copied)
        (lambda: List.contains(["x", "y"], "a" + "b"), False),
        (lambda: List.contains(["ab"], "".join(["a", "b"])), True),
        (lambda: List.collect(Iter.from_([1, 2])), [1, 2]),
    ],
)
def test_basics(call, expected):
    assert call() == expected


@pytest.mark.parametrize(
    "n, take, drop",
    [
        (2, [1, 2], [3, 4]),
        (0, [], [1, 2, 3, 4]),
        (10, [1, 2, 3, 4], []),
        (-1, [], [1, 2, 3, 4]),
        (-2, [], [1, 2, 3, 4]),
        (1, [1], [2, 3, 4]),
        (4, [1, 2, 3, 4], []),
    ],
)
def test_take_drop_clamp(n, take, drop):
    xs = [1, 2, 3, 4]
    assert List.take(xs, n) == take
    assert List.drop(xs, n) == drop
    assert xs == [1, 2, 3, 4]


def test_immutability():
    a = [1, 2]
    b = List.append(a, 3)
    c = List.append(a, 4)
    assert (a, b, c) == ([1, 2], [1, 2, 3], [1, 2, 4])
    d = List.reverse(b)
    assert (b, d) == ([1, 2, 3], [3, 2, 1])
    List.tail(b)
    List.concat(b, d)
    List.sort(d, lambda x, y: x - y)
    assert (b, d) == ([1, 2, 3], [3, 2, 1])


XS5 = [1, 2, 3, 4, 5]


def test_higher_order():  # stdlib_list/higher_order
    assert display(List.map(XS5, lambda x: x * x)) == "[1, 4, 9, 16, 25]"
    assert display(List.filter(XS5, lambda x: x % 2 == 1)) == "[1, 3, 5]"
    assert List.reduce(XS5, 0, lambda acc, x: acc + x) == 15
    assert List.reduce(XS5, 100, lambda acc, x: acc - x) == 85
    assert List.reduce(["a", "b", "c"], "", lambda acc, s: acc + s) == "abc"
    assert List.reduce([], 7, lambda acc, x: acc + x) == 7
    assert (List.any(XS5, lambda x: x > 4), List.any(XS5, lambda x: x > 5)) == (True, False)
    assert (List.all(XS5, lambda x: x > 0), List.all(XS5, lambda x: x > 1)) == (True, False)
    assert (List.any([], lambda x: x > 0), List.all([], lambda x: x > 0)) == (False, True)
    assert display(List.flat_map(XS5, lambda x: [x, x])) == "[1, 1, 2, 2, 3, 3, 4, 4, 5, 5]"
    assert display(List.map([[1, 2, 3], [4, 5], []], List.length)) == "[3, 2, 0]"
    assert display(List.map([["a", "b"], ["c"]], lambda ws: String.join(ws, "+"))) == "[a+b, c]"


def test_any_all_short_circuit():
    seen = []

    def pred(x):
        seen.append(x)
        return x > 1

    assert List.any([1, 2, 3, 4], pred) is True
    assert seen == [1, 2]
    seen.clear()
    assert List.all([2, 1, 3], pred) is False
    assert seen == [2, 1]


def test_find():  # stdlib_list/find_contains
    assert List.find([3, 8, 12, 5], lambda x: x > 6) == Some(8)
    assert List.find([3, 8, 12, 5], lambda x: x > 100) is NONE


@pytest.mark.parametrize(
    "xs, cmp, expected",
    [
        ([5, 3, 9, 1, 3], lambda a, b: a - b, [1, 3, 3, 5, 9]),
        ([5, 3, 9, 1, 3], lambda a, b: b - a, [9, 5, 3, 3, 1]),
        (["pear", "fig", "apple", "kiwi"], lambda a, b: len(a) - len(b), ["fig", "pear", "kiwi", "apple"]),
        ([], lambda a, b: a - b, []),
    ],
)
def test_sort(xs, cmp, expected):
    assert List.sort(xs, cmp) == expected


def test_sort_is_stable():
    pairs = [(i % 3, i) for i in range(30)]
    out = List.sort(pairs, lambda a, b: a[0] - b[0])
    assert out == sorted(pairs, key=lambda p: p[0])
    assert [p[1] for p in out if p[0] == 1] == list(range(1, 30, 3))


@pytest.mark.parametrize(
    "call, fragment",
    [
        (lambda: List.head([]), "empty list"),
        (lambda: List.tail([]), "empty list"),
        (lambda: List.last([]), "empty list"),
        (lambda: List.get([1, 2, 3], 5), "out of bounds"),
        (lambda: List.get([1, 2, 3], 3), "out of bounds"),
        (lambda: List.get([1, 2, 3], -1), "out of bounds"),
        (lambda: List.nth([1, 2, 3], -1), "out of bounds"),
        (lambda: List.get([], 0), "out of bounds"),
    ],
)
def test_panics(call, fragment):
    with pytest.raises(MeshPanic) as exc:
        call()
    assert fragment in exc.value.message


def test_get_message_names_index_and_length():
    with pytest.raises(MeshPanic, match=r"index 5 out of bounds \(len 3\)"):
        List.get([1, 2, 3], 5)


def test_large_pipeline():  # bench list_pipeline shape
    xs = list(range(1_000_000))
    tripled = List.map(xs, lambda x: x * 3)
    evens = List.filter(tripled, lambda x: x % 2 == 0)
    total = List.reduce(evens, 0, lambda acc, x: acc + x)
    assert (len(evens), total) == (500000, 749998500000)


# --- async variants ---------------------------------------------------------


async def _double(x):
    await asyncio.sleep(0)
    return x * 2


async def _odd(x):
    await asyncio.sleep(0)
    return x % 2 == 1


async def _add(acc, x):
    await asyncio.sleep(0)
    return acc + x


async def _cmp(a, b):
    await asyncio.sleep(0)
    return a[0] - b[0]


async def _dup(x):
    return [x, x]


@pytest.mark.parametrize(
    "coro, expected",
    [
        (lambda: List.map_async([1, 2, 3], _double), [2, 4, 6]),
        (lambda: List.map_async([1, 2, 3], lambda x: x + 1), [2, 3, 4]),  # plain callables work too
        (lambda: List.filter_async(XS5, _odd), [1, 3, 5]),
        (lambda: List.reduce_async(XS5, 0, _add), 15),
        (lambda: List.reduce_async([], 9, _add), 9),
        (lambda: List.find_async(XS5, _odd), Some(1)),
        (lambda: List.find_async([2, 4], _odd), NONE),
        (lambda: List.any_async([2, 3], _odd), True),
        (lambda: List.any_async([], _odd), False),
        (lambda: List.all_async([1, 3], _odd), True),
        (lambda: List.all_async([1, 2], _odd), False),
        (lambda: List.all_async([], _odd), True),
        (lambda: List.flat_map_async([1, 2], _dup), [1, 1, 2, 2]),
        (lambda: List.sort_async([(2, "a"), (1, "b"), (2, "c"), (0, "d"), (1, "e")], _cmp),
         [(0, "d"), (1, "b"), (1, "e"), (2, "a"), (2, "c")]),
        (lambda: List.sort_async([], _cmp), []),
        (lambda: List.sort_async([5, 3, 9, 1, 3], lambda a, b: b - a), [9, 5, 3, 3, 1]),
    ],
)
def test_async_variants(coro, expected):
    assert asyncio.run(coro()) == expected


def test_sort_async_matches_sort_on_many_inputs():
    import random

    rng = random.Random(4)

    async def cmp(a, b):
        return a[0] - b[0]

    for n in range(0, 40):
        xs = [(rng.randrange(5), i) for i in range(n)]
        assert asyncio.run(List.sort_async(xs, cmp)) == List.sort(xs, lambda a, b: a[0] - b[0])
