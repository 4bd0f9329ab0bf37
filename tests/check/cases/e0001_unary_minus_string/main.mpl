fn main() do
  let s = -"abc"
  println(s)
end
