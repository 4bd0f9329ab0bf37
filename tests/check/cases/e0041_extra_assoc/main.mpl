struct V do
  x :: Int
end

impl Add for V do
  type Output = V
  type Extra = Int
  fn add(self, o :: V) -> V do
    V { x: self.x + o.x }
  end
end

fn main() do
  println("x")
end
