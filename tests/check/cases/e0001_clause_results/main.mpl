fn describe(0) = "zero"
fn describe(n) = n

fn main() do
  println(describe(0))
end
