type Color do
  Red
  Shade(Int)
end

impl Display for Color do
  fn to_string(self) -> String do
    case self do
      Red -> "red!"
      Shade(n) -> "shade ${n}"
    end
  end
end

struct Box do
  w :: Int
end

impl Display for Box do
  fn to_string(self) -> String do
    "box ${self.w}"
  end
end

fn main() do
  println("${Red} ${Shade(3)}")
  println(Shade(3).to_string())
  println("${[Red, Shade(4)]}")
  println("${Box { w: 2 }}")
end
