type Level do
  Low
  High
end deriving(Ord)

fn main() do
  println("x")
end
