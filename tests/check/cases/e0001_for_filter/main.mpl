fn main() do
  let xs = for x in [1, 2, 3] when x do x end
  println("${xs}")
end
