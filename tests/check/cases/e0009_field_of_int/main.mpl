fn main() do
  let n = 3
  println("${n.size}")
end
