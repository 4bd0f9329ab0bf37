type Shape do
  Rect(Float, Float)
  Dot
end

fn main() do
  let _r = Rect(1.0)
  println("made")
end
