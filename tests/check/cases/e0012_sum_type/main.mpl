type Coin do
  Heads
  Tails
  Edge
end

fn call_it(c :: Coin) -> String do
  case c do
    Heads -> "heads"
    Tails -> "tails"
  end
end

fn main() do
  println(call_it(Edge))
end
