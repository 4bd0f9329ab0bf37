fn g(0, _) = 0
fn g(a, b) = a + b
fn g(1, b) = b

fn main() do
  println("${g(1, 2)}")
end
