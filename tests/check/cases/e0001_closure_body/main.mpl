fn main() do
  let xs = [1, 2, 3]
  let ys = List.map(xs, fn x -> x <> "!" end)
  println("${ys}")
end
