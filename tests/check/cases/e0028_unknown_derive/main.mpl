struct Box do
  w :: Int
end deriving(Eq, Frobnicate)

fn main() do
  println("x")
end
