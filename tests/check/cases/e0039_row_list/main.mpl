struct Rec do
  id :: Int
  items :: List<Int>
end deriving(Row)

fn main() do
  println("x")
end
