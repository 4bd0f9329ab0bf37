fn main() do
  let p = Pointt { x: 1, y: 2 }
  println("${p.x + p.y}")
end
