fn main() do
  let add = fn(a :: Int, b :: Int) -> a + b end
  println("${add(1)}")
end
