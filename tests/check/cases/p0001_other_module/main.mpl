import Broken

fn main() do
  println("x")
end
