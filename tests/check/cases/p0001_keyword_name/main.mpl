fn main() do
  let receive = 1
  println("x")
end
