fn f(0) = "zero"
fn other() = 1
fn f(n) = "many"

fn main() do
  println(f(1))
end
