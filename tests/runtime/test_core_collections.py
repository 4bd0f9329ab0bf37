"""Map, Set, Tuple, Range, Queue and Iter (language reference 9.6, 13.4-13.7;
conformance stdlib_map/*, stdlib_set/*, stdlib_misc/*, stdlib_iter/*)."""

import asyncio

import pytest

from meshpy.runtime.core import (
    NONE,
    Iter,
    List,
    Map,
    MeshIter,
    MeshPanic,
    MeshQueue,
    MeshSet,
    Queue,
    Range,
    Set,
    Some,
    String,
    Tuple,
    display,
)

# --- Map -------------------------------------------------------------------


def test_map_basics():  # stdlib_map/basics
    m = Map.put(Map.put(Map.put(Map.new(), "one", 1), "two", 2), "three", 3)
    assert Map.size(m) == 3
    assert Map.get(m, "two") == 2
    assert (Map.has_key(m, "two"), Map.has_key(m, "four")) == (True, False)
    assert display(Map.keys(m)) == "[one, two, three]"
    assert display(Map.values(m)) == "[1, 2, 3]"
    d = Map.delete(m, "one")
    assert f"{display(d)} {Map.size(d)}" == "%{two => 2, three => 3} 2"
    assert display(Map.delete(m, "zzz")) == "%{one => 1, two => 2, three => 3}"
    assert display(m) == "%{one => 1, two => 2, three => 3}"


@pytest.mark.parametrize(
    "build, expected",
    [
        (lambda: Map.put({"b": 2, "a": 1}, "c", 3), "%{b => 2, a => 1, c => 3}"),
        (lambda: Map.put({"b": 2, "a": 1, "c": 3}, "b", 20), "%{b => 20, a => 1, c => 3}"),
        (lambda: Map.put({"x": 1, "y": 2, "z": 3}, "x", 100), "%{x => 100, y => 2, z => 3}"),
        (lambda: Map.put(Map.delete({"x": 1, "y": 2, "z": 3}, "x"), "x", 7), "%{y => 2, z => 3, x => 7}"),
        (lambda: Map.put({10: "ten", 2: "two"}, 5, "five"), "%{10 => ten, 2 => two, 5 => five}"),
        (lambda: Map.merge({"k1": 1, "k2": 2}, {"k2": 20, "k3": 30}), "%{k1 => 1, k2 => 20, k3 => 30}"),
        (lambda: Map.merge({"k2": 20, "k3": 30}, {"k1": 1, "k2": 2}), "%{k2 => 2, k3 => 30, k1 => 1}"),
        (lambda: Map.merge({"k1": 1, "k2": 2}, {}), "%{k1 => 1, k2 => 2}"),
        (lambda: Map.from_list(Map.to_list({"a": 1, "b": 2})), "%{a => 1, b => 2}"),
        (lambda: Map.from_list([("a", 1), ("b", 2), ("a", 3)]), "%{a => 3, b => 2}"),
        (lambda: Map.collect(Iter.zip(Iter.from_(["a", "b"]), Iter.from_([1, 2]))), "%{a => 1, b => 2}"),
        (lambda: Map.to_list({"a": 1, "b": 2}), "[(a, 1), (b, 2)]"),
    ],
)
def test_map_order_semantics(build, expected):
    assert display(build()) == expected


def test_map_is_not_mutated():
    m = {"a": 1}
    Map.put(m, "b", 2)
    Map.put(m, "a", 5)
    Map.delete(m, "a")
    Map.merge(m, {"z": 0})
    assert m == {"a": 1}


def test_map_string_keys_by_content():  # stdlib_map/string_key_content
    k1 = "ab"
    k2 = "".join(["a", "b"])
    m = Map.put(Map.put(Map.new(), k1, 1), k2, 2)
    assert (Map.size(m), Map.get(m, "ab")) == (1, 2)


def test_map_get_missing_panics():
    with pytest.raises(MeshPanic, match="key not found: zz"):
        Map.get({"a": 1}, "zz")
    with pytest.raises(MeshPanic, match="key not found: 3"):
        Map.get({1: "x"}, 3)


# --- Set -------------------------------------------------------------------


def test_set_basics():  # stdlib_set/basics, printing/sets
    s = Set.add(Set.add(Set.add(Set.new(), 3), 1), 3)
    assert f"{display(s)} {Set.size(s)}" == "#{3, 1} 2"
    assert (Set.contains(s, 1), Set.contains(s, 2)) == (True, False)
    r = Set.remove(s, 3)
    assert f"{display(r)} {display(s)}" == "#{1} #{3, 1}"
    assert display(Set.to_list(s)) == "[3, 1]"
    assert display(Set.from_list([4, 4, 2, 9, 2])) == "#{4, 2, 9}"
    s5 = Set.add(Set.add(Set.add(Set.new(), 5), 1), 3)
    assert display(s5) == "#{5, 1, 3}"
    assert display(Set.add(s5, 1)) == "#{5, 1, 3}"
    assert Set.size(Set.new()) == 0
    assert type(Set.new()) is MeshSet and type(s) is MeshSet and type(r) is MeshSet


@pytest.mark.parametrize(
    "op, a, b, expected",
    [
        ("union", [1, 2, 3, 4], [6, 4, 2], "#{1, 2, 3, 4, 6}"),
        ("intersection", [1, 2, 3, 4], [6, 4, 2], "#{2, 4}"),
        ("difference", [1, 2, 3, 4], [6, 4, 2], "#{1, 3}"),
        ("difference", [6, 4, 2], [1, 2, 3, 4], "#{6}"),
        ("union", [], [2, 1], "#{2, 1}"),
        ("intersection", [3, 1], [], "#{}"),
    ],
)
def test_set_algebra(op, a, b, expected):  # stdlib_set/algebra
    out = getattr(Set, op)(Set.from_list(a), Set.from_list(b))
    assert type(out) is MeshSet
    assert display(out) == expected


def test_set_collect_and_strings():
    assert display(Set.collect(Iter.from_([3, 1, 3, 2]))) == "#{3, 1, 2}"
    assert display(Set.from_list(["b", "a", "b"])) == "#{b, a}"


def test_set_is_not_mutated():
    s = Set.from_list([1, 2])
    Set.add(s, 3)
    Set.remove(s, 1)
    Set.union(s, Set.from_list([9]))
    assert list(s) == [1, 2]


# --- Tuple -----------------------------------------------------------------


def test_tuple_functions():  # stdlib_misc/tuple_functions
    t = (5, 6)
    assert (Tuple.first(t), Tuple.second(t), Tuple.size(t)) == (5, 6, 2)
    t3 = (1, 2, 3)
    assert (Tuple.nth(t3, 2), Tuple.size(t3)) == (3, 3)
    for bad in (3, -1):
        with pytest.raises(MeshPanic, match="out of bounds"):
            Tuple.nth(t3, bad)


# --- Range -----------------------------------------------------------------


def test_range():  # stdlib_misc/range
    r = Range.new(2, 6)
    assert Range.length(r) == 4
    assert display(Range.to_list(r)) == "[2, 3, 4, 5]"
    back = Range.new(5, 2)
    assert f"{Range.length(back)} {display(Range.to_list(back))}" == "0 []"
    assert display(Range.map(Range.new(1, 4), lambda x: x * 10)) == "[10, 20, 30]"
    assert display(Range.filter(Range.new(0, 10), lambda x: x % 3 == 0)) == "[0, 3, 6, 9]"
    assert display(Range.to_list(Range.new(-2, 1))) == "[-2, -1, 0]"
    assert Range.length(Range.new(3, 3)) == 0


def test_range_async():
    async def tenfold(x):
        return x * 10

    async def even(x):
        return x % 2 == 0

    assert asyncio.run(Range.map_async(Range.new(1, 4), tenfold)) == [10, 20, 30]
    assert asyncio.run(Range.filter_async(Range.new(0, 7), even)) == [0, 2, 4, 6]


# --- Queue -----------------------------------------------------------------


def test_queue():  # stdlib_misc/queue
    q = Queue.push(Queue.push(Queue.push(Queue.new(), 1), 2), 3)
    assert (Queue.size(q), Queue.peek(q), Queue.is_empty(q)) == (3, 1, False)
    e = Queue.new()
    assert (Queue.is_empty(e), Queue.size(e)) == (True, 0)
    front, rest = Queue.pop(q)
    assert front == 1
    assert type(rest) is MeshQueue
    assert rest.to_list() == [2, 3]
    assert q.to_list() == [1, 2, 3]  # unchanged
    rest2 = Queue.push(rest, 4)
    out = []
    while not Queue.is_empty(rest2):
        x, rest2 = Queue.pop(rest2)
        out.append(x)
    assert out == [2, 3, 4]
    assert Queue.push(Queue.new(), 1) == Queue.push(Queue.new(), 1)


def test_queue_persistent_interleaving():
    q = Queue.new()
    model = []
    for i in range(50):
        q = Queue.push(q, i)
        model.append(i)
        if i % 3 == 0:
            x, q = Queue.pop(q)
            assert x == model.pop(0)
        assert Queue.size(q) == len(model)
        assert q.to_list() == model
        if model:
            assert Queue.peek(q) == model[0]


@pytest.mark.parametrize("fn", ["pop", "peek"])
def test_queue_empty_panics(fn):
    with pytest.raises(MeshPanic, match="empty queue"):
        getattr(Queue, fn)(Queue.new())


# --- Iter ------------------------------------------------------------------

XS8 = [1, 2, 3, 4, 5, 6, 7, 8]


def test_iter_pipeline():  # stdlib_iter/pipeline
    r = List.collect(Iter.map(Iter.filter(Iter.from_(XS8), lambda x: x % 2 == 0), lambda x: x * 10))
    assert display(r) == "[20, 40, 60, 80]"
    assert List.collect(Iter.take(Iter.from_(XS8), 3)) == [1, 2, 3]
    assert List.collect(Iter.skip(Iter.from_(XS8), 6)) == [7, 8]
    assert Iter.count(Iter.from_(XS8)) == 8
    assert Iter.sum(Iter.from_(XS8)) == 36
    assert List.collect(Iter.take(Iter.from_(XS8), 0)) == []
    assert List.collect(Iter.take(Iter.from_(XS8), -2)) == []
    assert Iter.count(Iter.skip(Iter.from_(XS8), 100)) == 0
    assert List.collect(Iter.skip(Iter.from_(XS8), -1)) == XS8


def test_iter_is_lazy():  # stdlib_iter/laziness
    seen = []

    def double(x):
        seen.append(x)
        return x * 2

    it = Iter.take(Iter.filter(Iter.map(Iter.from_([1, 2, 3, 4, 5]), double), lambda x: x > 4), 2)
    assert isinstance(it, MeshIter)
    assert seen == []
    assert List.collect(it) == [6, 8]
    assert seen == [1, 2, 3, 4]


def test_iter_predicates_and_folds():  # stdlib_iter/predicates
    xs = [4, 9, 16]
    assert Iter.any(Iter.from_(xs), lambda x: x > 10) is True
    assert Iter.all(Iter.from_(xs), lambda x: x > 10) is False
    assert Iter.all(Iter.from_(xs), lambda x: x > 1) is True
    assert Iter.reduce(Iter.from_(xs), 0, lambda acc, x: acc + x) == 29
    assert Iter.find(Iter.from_(xs), lambda x: x > 5) == Some(9)
    assert Iter.find(Iter.from_(xs), lambda x: x > 50) is NONE


def test_iter_enumerate_zip():  # stdlib_iter/enumerate_zip
    assert Iter.count(Iter.enumerate(Iter.from_(["a", "b"]))) == 2
    assert List.collect(Iter.enumerate(Iter.from_(["a", "b"]))) == [(0, "a"), (1, "b")]
    assert Iter.count(Iter.zip(Iter.from_([1, 2, 3]), Iter.from_([4, 5]))) == 2
    assert List.collect(Iter.zip(Iter.from_([1, 2, 3]), Iter.from_([4, 5]))) == [(1, 4), (2, 5)]


def test_iter_collect_variants():  # stdlib_iter/collect_variants
    assert display(Set.collect(Iter.from_([3, 1, 3, 2]))) == "#{3, 1, 2}"
    assert String.collect(Iter.from_(["x", "y", "z"])) == "xyz"


def test_iter_from_other_collections():
    assert List.collect(Iter.from_(Range.new(0, 3))) == [0, 1, 2]
    assert List.collect(Iter.from_(Set.from_list([2, 1]))) == [2, 1]
    assert List.collect(Iter.from_({"a": 1})) == [("a", 1)]
    assert Iter.sum(Iter.from_([9223372036854775807, 1])) == -9223372036854775808
