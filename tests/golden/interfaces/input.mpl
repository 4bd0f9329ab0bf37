# Interfaces and impls: methods on structs and on Int, a default method,
# Display, and an operator trait (4.6).
interface Weighable do
  fn weight(self) -> Int
  fn describe(self) -> String do
    "weighs ${self.weight()}"
  end
end

struct Crate do
  items :: Int
end

struct Vec2 do
  x :: Int
  y :: Int
end

impl Weighable for Crate do
  fn weight(self) -> Int do
    self.items * 10
  end
end

impl Weighable for Int do
  fn weight(self) -> Int do
    self
  end
end

impl Display for Vec2 do
  fn to_string(self) -> String do
    "<${self.x}, ${self.y}>"
  end
end

impl Add for Vec2 do
  type Output = Vec2
  fn add(self, other :: Vec2) -> Vec2 do
    Vec2 { x: self.x + other.x, y: self.y + other.y }
  end
end

fn main() do
  let c = Crate { items: 3 }
  println("${c.weight()} ${7.weight()} ${c.describe()}")
  let v = Vec2 { x: 1, y: 2 } + Vec2 { x: 10, y: 20 }
  println("${v} ${v.to_string()}")
end
