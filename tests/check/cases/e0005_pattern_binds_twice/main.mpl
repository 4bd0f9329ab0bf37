fn main() do
  let pair = (1, 2)
  let (a, a) = pair
  println("${a}")
end
