fn main() do
  let s = 1 <> 2
  println("${s}")
end
