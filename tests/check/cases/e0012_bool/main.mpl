fn main() do
  let b = 1 > 0
  let s = case b do
    true -> "yes"
  end
  println(s)
end
