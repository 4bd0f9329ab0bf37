# Closures in every form, passed to stdlib and user higher-order functions (6.10).
fn apply(f :: Fun(Int) -> Int, x :: Int) -> Int = f(x)

fn apply_all(fs :: List<Fun(Int) -> Int>, x :: Int) -> List<Int> do
  List.map(fs, fn f -> f(x) end)
end

fn make_adder(n :: Int) -> Fun(Int) -> Int do
  let add_n = fn x -> x + n end
  add_n
end

fn sum_with(xs, f) = List.reduce(xs, 0, fn acc, x -> acc + f(x) end)

fn main() do
  let a = fn(x :: Int) -> x * 3 end
  let b = fn(x :: Int, y :: Int) -> x + y end
  let c = fn x -> x - 1 end
  let d = fn -> 99 end
  let e = fn() -> 98 end
  let f = fn(x) do
    let y = x * 2
    y + 1
  end
  let sign = fn 0 -> "zero" | n when n < 0 -> "neg" | _ -> "pos" end
  let unwrap = fn Some(v) -> v | None -> 0 end
  println("${a(2)} ${b(1, 2)} ${c(10)} ${d()} ${e()} ${f(4)} ${sign(-3)} ${unwrap(Some(4))}")
  let xs = [1, 2, 3, 4]
  let doubled = List.map(xs, fn x -> x * 2 end)
  let evens = List.filter(xs, fn x -> x % 2 == 0 end)
  let total = List.reduce(xs, 0, fn acc, x -> acc + x end)
  let found = List.find(xs, fn x -> x > 2 end)
  let any_big = List.any(xs, fn x -> x > 3 end)
  let sorted = List.sort(xs, fn a1, b1 -> b1 - a1 end)
  println("${doubled} ${evens} ${total} ${any_big} ${sorted}")
  case found do
    Some(v) -> println("found ${v}")
    None -> println("none")
  end
  println("${apply(fn x -> x + 10 end, 1)} ${apply(a, 2)}")
  println("${apply_all([a, c, make_adder(5)], 10)}")
  let add5 = make_adder(5)
  println("${add5(1)} ${sum_with(xs, fn x -> x * x end)}")
  let words = ["b", "a", "c"]
  let lens = words |> List.map(fn w -> String.length(w) end)
  println("${lens}")
  let shout = fn s -> String.to_upper(s) <> "!" end
  println(shout("hi"))
  let captured = 7
  let g = fn -> captured + 1 end
  println("${g()}")
  let nested = fn x -> fn y -> x + y end end
  let h = nested(1)
  println("${h(2)}")
  println(local_functions())
end

# Named functions inside a block: clauses, guards, captures, recursion.
fn local_functions() -> String do
  let base = 10
  fn label(0) = "none"
  fn label(n) when n < 0 = "negative"
  fn label(n) when n < base = "few"
  fn label(_) = "many"
  fn fact(n) do
    if n <= 1 do 1 else n * fact(n - 1) end
  end
  "${label(0)} ${label(-4)} ${label(3)} ${label(99)} ${fact(5)}"
end
