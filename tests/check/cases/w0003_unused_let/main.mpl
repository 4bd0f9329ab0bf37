fn main() do
  let unused = 42
  let _ignored = 1
  let _ = println("side effect")
  let used = 2
  println("${used}")
end
