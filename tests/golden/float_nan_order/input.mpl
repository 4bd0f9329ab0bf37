# Ordering with a NaN inside a container (issue 10) follows Rust's
# PartialOrd: the comparison is lexicographic, and the first unordered pair
# (a NaN against anything) makes `<`, `<=`, `>` and `>=` all false. Python's
# list order would call `[nan] <= [nan]` true (its identity shortcut).
# Without a NaN the order is the usual one.
struct Point do
  x :: Float
  y :: Float
end deriving(Eq, Ord)

type Reading do
  Value(Float)
  Missing
end deriving(Eq, Ord)

fn all4(a :: List<Float>, b :: List<Float>) -> String do
  "${a < b} ${a <= b} ${a > b} ${a >= b}"
end

fn at_most(a, b) -> Bool do
  a <= b
end

fn main() do
  let nan = 0.0 / 0.0
  # the same NaN object on both sides; a fresh NaN; nested lists
  println(all4([nan], [nan]))
  println(all4([1.0, nan], [1.0, 0.0 / 0.0]))
  println("${[[nan]] <= [[nan]]} ${[[1.0], [nan]] >= [[1.0], [nan]]}")
  # an earlier pair decides before the NaN is reached
  println(all4([1.0, nan], [2.0, nan]))
  println(all4([3.0, nan], [2.0, nan]))
  # equal prefix, then NaN; different lengths
  println(all4([1.0, 2.0, nan], [1.0, 2.0, 5.0]))
  println(all4([1.0, 2.0], [1.0, 2.0, nan]))
  println(all4([1.0, nan], [1.0]))
  # tuples and lists of tuples
  println("${(1, nan) < (1, nan)} ${(1, nan) >= (1, nan)} ${(0, nan) < (1, nan)}")
  println("${[(1, nan)] <= [(1, nan)]} ${[(1, 2.0)] <= [(1, 2.0)]} ${[(1, 2.0)] < [(1, 3.0)]}")
  # a struct deriving Ord, a sum type deriving Ord, Option and Result
  let p = Point { x: 1.0, y: nan }
  println("${p <= p} ${p >= p} ${Point { x: 0.0, y: nan } < p} ${Point { x: 1.0, y: 2.0 } <= Point { x: 1.0, y: 2.0 }}")
  println("${Value(nan) <= Value(nan)} ${Value(1.0) < Missing} ${Missing > Value(nan)} ${Value(1.0) < Value(2.0)}")
  println("${Some(nan) <= Some(nan)} ${Some(1.0) < Some(2.0)} ${Some(nan) >= Some(nan)}")
  let r :: Result<Float, String> = Ok(nan)
  let q :: Result<Float, String> = Ok(1.0)
  println("${r <= r} ${q < q} ${q <= q} ${[Some(p)] <= [Some(p)]}")
  # through a type parameter
  println("${at_most([nan], [nan])} ${at_most([1.0], [2.0])} ${at_most(Some(nan), Some(nan))}")
  # no NaN: plain order (Int and String lists keep Python's operators)
  println("${[1, 2] < [1, 3]} ${["b"] > ["a", "z"]} ${Some(1) < Some(2)} ${None > Some(5)}")
  println("${[1.0, 2.0] < [1.0, 2.0, 3.0]} ${[2.5] > [1.0, 9.0]} ${[1.0] <= [1.0]}")
end
