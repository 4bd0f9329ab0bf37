import Helpers

fn main() do
  println(Helpers.nope(1))
end
