# NaN is unequal to itself at any depth (issue 10): Python's identity
# shortcut would make `[nan] == [nan]` true. A bare `nan != nan` is false
# (spec 9.3, the reference's ordered comparison); inside a container `!=`
# is the negation of `==`.
struct Point do
  x :: Float
  y :: Float
end

type Reading do
  Value(Float)
  Missing
end

fn main() do
  let nan = 0.0 / 0.0
  println("${nan == nan} ${nan != nan} ${nan < nan} ${nan > 1.0}")
  println("${[nan] == [nan]} ${[1.0, nan] == [1.0, nan]} ${[nan] != [nan]}")
  println("${(nan, 1) == (nan, 1)} ${%{"a" => nan} == %{"a" => nan}}")
  println("${Point { x: nan, y: 1.0 } == Point { x: nan, y: 1.0 }}")
  println("${Value(nan) == Value(nan)} ${Some(nan) == Some(nan)} ${Missing == Missing}")
  println("${[[nan]] == [[nan]]} ${[Some(Point { x: 1.0, y: nan })] == [Some(Point { x: 1.0, y: nan })]}")
  let xs = [1.0, 2.0]
  println("${xs == xs} ${[1.5] == [1.5]} ${Point { x: 1.0, y: 2.0 } == Point { x: 1.0, y: 2.0 }}")
end
