import Left
import Right

fn main() do
  println(Left.f() <> Right.g())
end
