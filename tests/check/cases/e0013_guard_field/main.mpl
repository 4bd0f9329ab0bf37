struct P do
  x :: Int
end

fn main() do
  let p = P { x: 3 }
  case p do
    q when q.x > 1 -> println("big")
    _ -> println("small")
  end
end
