struct Box do
  w :: Int
end

fn main() do
  let b = Box { w: 2 }
  println("${b.volume()}")
end
