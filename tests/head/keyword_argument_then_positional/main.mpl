fn make(x :: Int, opts :: Map<String, Int>) -> Int do
  x + Map.size(opts)
end

fn main() do
  println("${make(k: 1, 2)}")
end
