# Forward references and mutual recursion between top-level functions (3.5:
# meshpy may allow them).
fn main() do
  println("${is_even(10)} ${is_odd(7)} ${later(2)}")
  let p = make_point(1, 2)
  println("${p.x}")
end

fn is_even(n :: Int) -> Bool do
  if n == 0 do true else is_odd(n - 1) end
end

fn is_odd(n :: Int) -> Bool do
  if n == 0 do false else is_even(n - 1) end
end

fn later(x) = x * 100

fn make_point(x :: Int, y :: Int) -> Point = Point { x: x, y: y }

struct Point do
  x :: Int
  y :: Int
end
