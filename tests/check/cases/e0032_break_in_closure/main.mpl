fn main() do
  for x in [1, 2, 3] do
    let _f = fn -> break end
    x
  end
  println("x")
end
