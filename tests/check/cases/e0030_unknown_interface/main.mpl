struct Sq do
  s :: Int
end

impl Shape for Sq do
  fn area(self) -> Int do
    self.s
  end
end

fn main() do
  println("x")
end
