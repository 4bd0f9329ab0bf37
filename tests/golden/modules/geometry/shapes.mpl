# Geometry.Shapes: a public struct, a public sum type and a private helper.
pub struct Point do
  x :: Int
  y :: Int
end

pub type Shape do
  Square(Int)
  Line(Point, Point)
end

fn square(n :: Int) -> Int = n * n

pub fn size(s :: Shape) -> Int do
  case s do
    Square(side) -> square(side)
    Line(a, b) -> square(b.x - a.x) + square(b.y - a.y)
  end
end

fn tag() -> String = "shapes"

pub fn describe() -> String = tag()
