fn f(0) = "zero"
fn f(n :: Int) = "many"

fn main() do
  println(f(1))
end
