interface Area do
  fn area(self) -> Int
end

struct Sq do
  s :: Int
end

impl Area for Sq do
  fn area(self) -> Int do
    self.s * self.s
  end
  fn perimeter(self) -> Int do
    4 * self.s
  end
end

fn main() do
  println("${Sq { s: 2 }.area()}")
end
