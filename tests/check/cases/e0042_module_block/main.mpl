module Tools do
  fn double(x :: Int) -> Int = x * 2
end

fn main() do
  println("x")
end
