# Lazy iterators (13.7).
fn main() do
  let xs = [1, 2, 3, 4, 5, 6]
  let firsts = Iter.from(xs) |> Iter.filter(fn x -> x > 2 end) |> Iter.take(3) |> List.collect()
  println("${firsts}")
  let n = Iter.from(xs) |> Iter.map(fn x -> x * x end) |> Iter.sum()
  println("${n} ${Iter.count(Iter.from(xs))}")
  let joined = Iter.from(["a", "b"]) |> String.collect()
  println(joined)
end
