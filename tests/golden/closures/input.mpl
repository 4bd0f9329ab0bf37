# Closures in every form (6.10), capture by value, higher-order functions.
fn apply_twice(f :: Fun(Int) -> Int, x :: Int) -> Int do
  f(f(x))
end

fn make_adder(n :: Int) -> Fun(Int) -> Int do
  fn x -> x + n end
end

fn main() do
  let triple = fn(x :: Int) -> x * 3 end
  let add = fn a, b -> a + b end
  let answer = fn -> 42 end
  let describe = fn 0 -> "zero" | n when n < 0 -> "neg" | _ -> "pos" end
  let unwrap = fn Some(v) -> v | None -> 0 end
  let block = fn(x) do
    let y = x * 2
    y + 1
  end
  println("${triple(2)} ${add(1, 2)} ${answer()} ${describe(-4)} ${unwrap(Some(7))} ${block(5)}")
  println("${apply_twice(triple, 1)} ${make_adder(10)(5)}")
  let fs = for i in [1, 2, 3] do (fn x -> x * i end) end
  println("${List.map(fs, fn f -> f(10) end)}")
end
