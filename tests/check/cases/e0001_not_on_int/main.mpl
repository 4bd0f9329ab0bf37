fn main() do
  let n = 3
  let flipped = not n
  println("${flipped}")
end
