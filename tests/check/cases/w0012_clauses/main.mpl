fn tier(0) = "empty"
fn tier(1) = "one"

fn main() do
  println(tier(0))
end
