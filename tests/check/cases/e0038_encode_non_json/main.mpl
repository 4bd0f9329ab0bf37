struct Plain do
  v :: Int
end

fn main() do
  let s = JSON.encode(Plain { v: 1 })
  println(s)
end
