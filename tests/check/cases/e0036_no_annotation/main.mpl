fn parse(s :: String) -> Int!String do
  Err("no")
end

fn twice(s :: String) do
  let n = parse(s)?
  n * 2
end

fn main() do
  println("${twice("1")}")
end
