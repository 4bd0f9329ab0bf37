struct Box do
  w :: Int
end

interface Area do
  fn area(self) -> Int
end

impl Area for Box do
  fn area(self) -> Int do
    self.w * self.w
  end
end

fn main() do
  let b = Box { w: 2 }
  println("${b.area(3)}")
end
