fn parse(s :: String) -> Int!String do
  Err("no")
end

fn total(s :: String) -> Int do
  let n = parse(s)?
  n + 1
end

fn main() do
  println("${total("1")}")
end
