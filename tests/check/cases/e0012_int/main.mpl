fn main() do
  let n = 4
  let s = case n do
    0 -> "zero"
    1 -> "one"
  end
  println(s)
end
