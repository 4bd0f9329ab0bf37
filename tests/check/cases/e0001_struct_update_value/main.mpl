struct Point do
  x :: Int
  y :: Int
end

fn main() do
  let p = Point { x: 1, y: 2 }
  let q = %{p | x: "no"}
  let s :: String = %{p | y: 0}
  println("${q.x} ${s}")
end
