# A line starting with `|>` continues the expression before it
# (supplement 1.3; e2e_multiline_pipe, e2e_multiline_pipe_complex).
fn double(x :: Int) -> Int do
  x * 2
end

fn add(x :: Int, y :: Int) -> Int do
  x + y
end

fn scale(x :: Int, opts :: Map<String, Int>) -> Int do
  x * Map.get(opts, "by")
end

fn classify(n :: Int) -> String do
  case n > 10 do
    true -> "big: "
      |> String.to_upper()
    false -> "small: "
  end
end

fn total(prices :: List<Int>) -> Int do
  prices
    |> List.map(fn p -> p * 2 end)

    # comments and blank lines may sit between stages
    |> List.reduce(0, fn acc, p -> acc + p end)
end

fn main() do
  let a = 5
    |> double
    |> add(1)
  println("${a}")
  let b = 1 + 2
  |> double
  println("${b}")
  println("${total([1, 2, 3])}")
  let c = 3
    |> scale(by: 4)
    ## a doc comment between stages
    |> scale(by: 2)
  println("${c}")
  println(classify(a) <> "${a}")
  println(classify(b) <> "${b}")
  let shout = fn s do
    s
    |> String.trim()
    |> String.to_upper()
  end
  println(shout("  quiet  "))
  if a > 0 do
    [3, 1, 2]
      |> List.map(double)
      |> List.reverse()
      |> String.from()
      |> println()
  end
  return_piped()
  |> println()
end

fn return_piped() -> String do
  return "returned"
    |> String.to_upper()
end
