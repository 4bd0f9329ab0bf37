# Interfaces and impls: operator traits (Add, Sub, Mul, Neg), Display, Eq,
# a user-defined interface with a default method, and a generic function
# constrained by that interface.

struct Vec2 do
  x :: Float
  y :: Float
end deriving(Eq)

# `a + b` on two Vec2 values calls this add.
impl Add for Vec2 do
  type Output = Vec2
  fn add(self, other :: Vec2) -> Vec2 do
    Vec2 { x: self.x + other.x, y: self.y + other.y }
  end
end

impl Sub for Vec2 do
  type Output = Vec2
  fn sub(self, other :: Vec2) -> Vec2 do
    Vec2 { x: self.x - other.x, y: self.y - other.y }
  end
end

# Component-wise product.
impl Mul for Vec2 do
  type Output = Vec2
  fn mul(self, other :: Vec2) -> Vec2 do
    Vec2 { x: self.x * other.x, y: self.y * other.y }
  end
end

# Unary minus.
impl Neg for Vec2 do
  fn neg(self) -> Vec2 do
    Vec2 { x: -self.x, y: -self.y }
  end
end

impl Display for Vec2 do
  fn to_string(self) -> String do
    "(${self.x}, ${self.y})"
  end
end

fn length(v :: Vec2) -> Float do
  Math.sqrt(v.x * v.x + v.y * v.y)
end

# A user interface. `describe` has a default body that impls inherit.
interface Shape do
  fn area(self) -> Float
  fn name(self) -> String
  fn describe(self) -> String do
    "${self.name()} with area ${self.area()}"
  end
end

struct Circle do
  radius :: Float
end

struct Rect do
  width :: Float
  height :: Float
end

impl Shape for Circle do
  fn area(self) -> Float do
    Math.pi * self.radius * self.radius
  end
  fn name(self) -> String do
    "circle"
  end
end

impl Shape for Rect do
  fn area(self) -> Float do
    self.width * self.height
  end
  fn name(self) -> String do
    if self.width == self.height do "square" else "rectangle" end
  end
  # overrides the default
  fn describe(self) -> String do
    "${self.width} x ${self.height} ${self.name()}"
  end
end

# Generic over any T that implements Shape.
fn bigger<T>(a :: T, b :: T) -> T where T: Shape do
  if a.area() >= b.area() do a else b end
end

fn main() do
  let a = Vec2 { x: 1.5, y: 2.0 }
  let b = Vec2 { x: 0.5, y: -4.0 }
  println("a = ${a}, b = ${b}")
  println("a + b = ${a + b}, a - b = ${a - b}, a * b = ${a * b}, -a = ${-a}")
  println("a + b == (2, -2): ${a + b == Vec2 { x: 2.0, y: -2.0 }}")
  println("|(3, 4)| = ${length(Vec2 { x: 3.0, y: 4.0 })}")
  println("vectors: ${[a, b, a + b + b]}")

  let c = Circle { radius: 1.5 }
  let r = Rect { width: 3.0, height: 4.5 }
  let s = Rect { width: 2.0, height: 2.0 }
  println(c.describe())
  println(r.describe())
  println(s.describe())
  println("bigger rect: ${bigger(r, s).name()}, bigger circle radius: ${bigger(c, Circle { radius: 2.0 }).radius}")
  let total = c.area() + r.area() + s.area()
  println("total area rounded: ${Math.round(total)}")
end
