struct Box do
  w :: Int
end

interface Area do
  fn area(self) -> Int
end

impl Area for Box do
  fn area(self) -> Int do
    self.w
  end
end

impl Area for Box do
  fn area(self) -> Int do
    self.w * 2
  end
end

fn main() do
  println("${Box { w: 1 }.area()}")
end
