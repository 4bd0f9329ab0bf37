import Helpers

fn main() do
  println(Helpers.secret())
end
