import Broken

fn main() do
  println("${Broken.f(1)}")
end
