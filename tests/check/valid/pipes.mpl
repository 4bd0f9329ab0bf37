# Pipes into stdlib, user and module functions, and closures (6.7).
fn double(x :: Int) -> Int = x * 2

fn add(x :: Int, y :: Int) -> Int = x + y

fn main() do
  let a = 5 |> double
  let b = 5 |> add(3)
  let c = [1, 2, 3] |> List.map(fn x -> x + 1 end) |> List.reduce(0, fn s, x -> s + x end)
  let d = "hello" |> String.length()
  let e = "a,b" |> String.split(",") |> List.length
  let triple = fn x -> x * 3 end
  let f = 4 |> triple
  let g = [3, 1, 2] |> List.sort(fn x, y -> x - y end) |> List.head
  let h = 10 |> double |> add(1) |> double
  println("${a} ${b} ${c} ${d} ${e} ${f} ${g} ${h}")
  let s = "  padded " |> String.trim() |> String.to_upper
  println(s)
end
