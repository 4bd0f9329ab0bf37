interface Sized do
  fn size(self) -> Int
end

struct Box do
  w :: Int
end

impl Sized for Box do
  fn size(self) -> Int do
    self.w
  end
end

fn larger<T>(a :: T, b :: T) -> T where T: Sized do
  if a.size() >= b.size() do a else b end
end

fn main() do
  let big = larger(Box { w: 3 }, Box { w: 5 })
  println("${big.w}")
end
