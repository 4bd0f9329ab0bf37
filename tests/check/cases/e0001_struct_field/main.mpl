struct Point do
  x :: Int
  y :: Int
end

fn main() do
  let p = Point { x: 1, y: "two" }
  println("${p.x}")
end
