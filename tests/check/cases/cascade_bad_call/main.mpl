fn main() do
  let n = nope(1) + 2
  let m = n * 3
  let s = String.nope("a")
  println(s <> "${m}")
end
