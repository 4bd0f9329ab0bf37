fn main() do
  let n = compute(3)
  println("${n}")
end
