fn f(n) = "any"
fn f(0) = "zero"

fn main() do
  println(f(0))
end
