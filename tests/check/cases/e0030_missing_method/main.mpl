interface Area do
  fn area(self) -> Int
  fn name(self) -> String
end

struct Sq do
  s :: Int
end

impl Area for Sq do
  fn area(self) -> Int do
    self.s * self.s
  end
end

fn main() do
  println("${Sq { s: 2 }.area()}")
end
