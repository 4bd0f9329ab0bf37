fn total() -> Int!String do
  let n = 5?
  Ok(n)
end

fn main() do
  println("${total()}")
end
