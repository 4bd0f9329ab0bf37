fn one(a :: Int) -> Int = a

fn main() do
  println("${one(1, 2, 3)}")
end
