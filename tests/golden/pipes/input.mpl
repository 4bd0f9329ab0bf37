# The pipe operator: the left value becomes the first argument (6.7).
fn double(x :: Int) -> Int = x * 2

fn add(x :: Int, y :: Int) -> Int = x + y

fn main() do
  let n = 5 |> double |> add(1)
  println("${n}")
  let evens = [1, 2, 3, 4] |> List.filter(fn x -> x % 2 == 0 end)
  println("${evens}")
  let words = (["b", "a", "c"]
    |> List.sort(fn a, b -> if a < b do -1 else 1 end end)
    |> String.join("-"))
  println(words)
  let shout = fn s -> String.to_upper(s) end
  println("quiet" |> shout)
end
