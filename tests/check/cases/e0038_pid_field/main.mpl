struct Job do
  who :: Pid
  n :: Int
end deriving(Json)

fn main() do
  println("x")
end
