# Self tail calls run in constant stack (9.9): a million iterations, a
# parameter swap, a tail call in a case arm.
fn count(n :: Int, acc :: Int) -> Int do
  if n == 0 do
    acc
  else
    count(n - 1, acc + n)
  end
end

fn fib(n :: Int, a :: Int, b :: Int) -> Int do
  if n == 0 do a else fib(n - 1, b, a + b) end
end

fn walk(xs :: List<Int>, total :: Int) -> Int do
  case xs do
    x :: rest -> walk(rest, total + x)
    _ -> total
  end
end

fn main() do
  println("${count(1000000, 0)}")
  println("${fib(90, 0, 1)}")
  println("${walk([1, 2, 3, 4], 0)}")
end
