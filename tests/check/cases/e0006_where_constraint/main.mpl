interface Shape do
  fn area(self) -> Float
end

struct Sq do
  side :: Float
end

struct Label do
  text :: String
end

impl Shape for Sq do
  fn area(self) -> Float do
    self.side * self.side
  end
end

fn bigger<T>(a :: T, b :: T) -> T where T: Shape do
  if a.area() >= b.area() do a else b end
end

fn main() do
  let s = bigger(Sq { side: 1.0 }, Sq { side: 2.0 })
  let l = bigger(Label { text: "a" }, Label { text: "b" })
  println("${s.side} ${l.text}")
end
