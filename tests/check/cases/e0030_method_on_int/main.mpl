fn main() do
  let n = 4
  println("${n.frobnicate()}")
end
