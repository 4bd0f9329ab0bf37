fn main() do
  let total = 1 + "two"
  let doubled = total * 2
  println("${doubled}")
end
