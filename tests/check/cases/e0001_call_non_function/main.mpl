fn main() do
  let n = 5
  let m = n(2)
  println("${m}")
end
