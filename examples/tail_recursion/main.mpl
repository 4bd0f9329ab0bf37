# Loops are recursion in Mesh. A call of a function to itself in tail
# position (the last thing it does) runs in constant stack space, so these
# functions can recurse millions of times.

# The accumulator carries the running total.
fn sum_to(n :: Int, acc :: Int) -> Int do
  if n == 0 do acc else sum_to(n - 1, acc + n) end
end

# All arguments are evaluated before the parameters are rebound, so a call
# that swaps them works.
fn fib(n :: Int, a :: Int, b :: Int) -> Int do
  if n == 0 do a else fib(n - 1, b, a + b) end
end

# Multi-clause: the first clause matches a zero second argument.
fn gcd(a, 0) = a
fn gcd(a, b) = gcd(b, a % b)

# Tail calls in every branch of an `else if` chain.
fn collatz_steps(n :: Int, steps :: Int) -> Int do
  if n == 1 do
    steps
  else if n % 2 == 0 do
    collatz_steps(n / 2, steps + 1)
  else
    collatz_steps(3 * n + 1, steps + 1)
  end
end

# Search for the start below `limit` with the longest Collatz chain.
fn longest(n :: Int, limit :: Int, best :: Int, best_steps :: Int) -> (Int, Int) do
  if n >= limit do
    (best, best_steps)
  else
    let steps = collatz_steps(n, 0)
    if steps > best_steps do longest(n + 1, limit, n, steps) else longest(n + 1, limit, best, best_steps) end
  end
end

# Tail calls in `case` arms, building a string.
fn to_binary(n :: Int, acc :: String) -> String do
  case n do
    0 -> if acc == "" do "0" else acc end
    _ -> to_binary(n / 2, "${n % 2}" <> acc)
  end
end

fn repeat(s :: String, times :: Int, acc :: String) -> String do
  if times <= 0 do acc else repeat(s, times - 1, acc <> s) end
end

# Not a tail call (the addition happens after the call returns): fine for
# modest depths, but each level uses stack.
fn sum_list(xs :: List<Int>) -> Int do
  case xs do
    x :: rest -> x + sum_list(rest)
    _ -> 0
  end
end

fn main() do
  println("1 + 2 + ... + 1000000 = ${sum_to(1000000, 0)}")
  println("fib(90) = ${fib(90, 0, 1)}")
  println("gcd(1071, 462) = ${gcd(1071, 462)}")
  println("collatz steps from 27: ${collatz_steps(27, 0)}")
  let (start, steps) = longest(1, 10000, 1, 0)
  println("longest chain below 10000 starts at ${start}: ${steps} steps")
  println("37 in binary: ${to_binary(37, "")}, 0 in binary: ${to_binary(0, "")}")
  let line = repeat("=-", 20, "")
  println("${line} (${String.length(line)} characters)")
  println("sum of 1..2000 without tail calls: ${sum_list(for i in 1..2001 do i end)}")
end
