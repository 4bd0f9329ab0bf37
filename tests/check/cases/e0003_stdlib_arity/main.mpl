fn main() do
  let n = String.length("a", "b")
  println("${n}")
end
