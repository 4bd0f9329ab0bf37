struct P do
  x :: Int
end

fn a() -> Int do
  "not an int"
end

fn b(n :: Int) -> String do
  "${undefined_name} ${n}"
end

fn c() -> Int = List.length(1, 2)

fn main() do
  let p = P { x: 1, z: 2 }
  println(p.x)
  println("${a()} ${b(1)} ${c()}")
end
