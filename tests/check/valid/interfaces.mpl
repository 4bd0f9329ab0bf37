# Interfaces: default methods calling other methods, `Self` in signatures,
# impls for Int, String, structs and sum types, generic functions constrained
# with `where T: Interface`, static trait functions.
interface Shape do
  fn area(self) -> Float
  fn name(self) -> String
  fn describe(self) -> String do
    "${self.name()} with area ${self.area()}"
  end
end

interface Combine do
  fn combine(self, other :: Self) -> Self
end

struct Circle do
  radius :: Float
end

struct Rect do
  width :: Float
  height :: Float
end

type Token do
  Word(String)
  Num(Int)
end

impl Shape for Circle do
  fn area(self) -> Float = 3.0 * self.radius * self.radius
  fn name(self) -> String = "circle"
end

impl Shape for Rect do
  fn area(self) -> Float = self.width * self.height
  fn name(self) -> String = "rect"
  fn describe(self) -> String do
    "${self.width} x ${self.height}"
  end
end

impl Combine for Int do
  fn combine(self, other :: Int) -> Int = self + other
end

impl Combine for String do
  fn combine(self, other :: String) -> String = self <> other
end

impl Display for Token do
  fn to_string(self) -> String do
    case self do
      Word(w) -> w
      Num(n) -> "#${n}"
    end
  end
end

fn bigger<T>(a :: T, b :: T) -> T where T: Shape do
  if a.area() >= b.area() do a else b end
end

fn total_area<T>(shapes :: List<T>) -> Float where T: Shape do
  List.reduce(shapes, 0.0, fn acc, s -> acc + s.area() end)
end

fn main() do
  let c = Circle { radius: 1.0 }
  let r = Rect { width: 2.0, height: 3.0 }
  println(c.describe() <> "; " <> r.describe())
  println(bigger(c, Circle { radius: 2.0 }).name() <> " " <> bigger(r, r).name())
  println("${total_area([c, c])} ${3.combine(4)} ${"a".combine("b")}")
  println("${Word("hi")} ${Num(3)} ${[Word("x"), Num(1)]}")
end
