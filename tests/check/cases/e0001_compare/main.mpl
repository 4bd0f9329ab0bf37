fn main() do
  let same = 1 == "1"
  let less = 2.5 < 3
  println("${same} ${less}")
end
