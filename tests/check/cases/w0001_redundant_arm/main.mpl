fn main() do
  let n = 3
  let s = case n do
    _ -> "any"
    3 -> "three"
  end
  println(s)
end
