fn lookup(k :: String) -> Option<Int> do
  None
end

fn total(k :: String) -> Int!String do
  let n = lookup(k)?
  Ok(n)
end

fn main() do
  println("${total("a")}")
end
