type Light do
  Red
  Green
end

fn main() do
  let _l = Light.Blue
  println("x")
end
