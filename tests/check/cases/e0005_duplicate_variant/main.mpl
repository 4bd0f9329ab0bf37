type Light do
  Red
  Green
  Red
end

type Color do
  Green
end

fn main() do
  println("x")
end
