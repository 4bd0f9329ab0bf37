fn helper(a :: Int) -> Int = a

fn helper(a :: Int, b :: Int) -> Int = a + b

struct Thing do
  x :: Int
end

struct Thing do
  y :: Int
end

fn main() do
  println("${helper(1)}")
end
