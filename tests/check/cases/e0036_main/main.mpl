fn parse(s :: String) -> Int!String do
  Err("no")
end

fn main() do
  let n = parse("1")?
  println("${n}")
end
