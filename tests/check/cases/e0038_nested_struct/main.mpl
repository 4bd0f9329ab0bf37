struct Inner do
  v :: Int
end

struct Outer do
  inner :: Inner
end deriving(Json)

fn main() do
  println("x")
end
