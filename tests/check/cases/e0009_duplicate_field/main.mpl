struct P do
  x :: Int
end

fn main() do
  let p = P { x: 1, x: 2 }
  println("${p.x}")
end
