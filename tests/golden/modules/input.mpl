# Modules (section 3): `from … import` brings names in, `import` gives
# qualified access by the last segment; private names stay apart.
from Geometry.Shapes import Point, Shape, size
import Geometry.Shapes

fn tag() -> String = "main"

fn main() do
  let a = Point { x: 0, y: 0 }
  let b = Point { x: 3, y: 4 }
  println("${size(Square(3))} ${size(Line(a, b))}")
  println("${Shapes.describe()} ${tag()}")
end
