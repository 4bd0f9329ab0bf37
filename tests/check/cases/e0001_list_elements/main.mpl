fn main() do
  let xs = [1, 2, "three", 4]
  println("${List.length(xs)}")
end
