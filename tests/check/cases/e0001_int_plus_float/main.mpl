fn main() do
  let total = 1 + 2.5
  println("${total}")
end
